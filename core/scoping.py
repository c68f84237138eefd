"""Data scope: a user holds roles at units and sees those units' subtrees (S0.4).

Every scoped model names the field that holds the materialised path of the unit it hangs on
(`scope_field`); `for_user(user, perm)` keeps the rows under the units where one of the user's
roles grants `perm`. Base views and viewsets call it, never individual views.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.module_loading import import_string

_resolvers = {}


def scope_paths(user, perm: str):
    """Minimal list of path prefixes where `perm` holds for `user`, or None when nowhere.

    Core knows no roles: the function that answers is named by the `SCOPE_RESOLVER` setting
    (`accounts.scope.scope_paths`), loaded on first use, so that core imports no domain app."""
    name = settings.SCOPE_RESOLVER
    resolver = _resolvers.get(name)
    if resolver is None:
        resolver = _resolvers[name] = import_string(name)
    return resolver(user, perm)


def has_perm_at(user, perm: str, path: str) -> bool:
    return any(path.startswith(p) for p in scope_paths(user, perm) or ())


def has_perm_anywhere(user, perm: str) -> bool:
    return scope_paths(user, perm) is not None


class ScopedQuerySet(models.QuerySet):
    scope_field = "unit_path"

    def for_user(self, user, perm: str):
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
