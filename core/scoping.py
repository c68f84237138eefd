"""Data scope: a user holds roles at units and sees those units' subtrees (S0.4).

Every scoped model names the field that holds the materialised path of the unit it hangs on
(`scope_field`); `for_user(user, perm)` keeps the rows under the units where one of the user's
roles grants `perm`. Base views and viewsets call it, never individual views.
"""

from django.db import models
from django.db.models import Q


class ScopedQuerySet(models.QuerySet):
    scope_field = "unit_path"

    def for_user(self, user, perm: str):
        from accounts.scope import scope_paths

        paths = scope_paths(user, perm)
        if paths is None:
            return self.none()
        q = Q()
        for p in paths:
            q |= Q(**{f"{self.scope_field}__startswith": p})
        return self.filter(q) if q else self.none()


def scoped_manager(field: str):
    qs_class = type("ScopedQuerySet_" + field.replace("__", "_"), (ScopedQuerySet,), {"scope_field": field})
    return models.Manager.from_queryset(qs_class)()
