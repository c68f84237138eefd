"""Filters shared by the FilterSets."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from django_filters.constants import EMPTY_VALUES

MAX_ID = 2**63 - 1  # the largest BIGINT; bigger numbers would overflow the database driver


class IdField(forms.IntegerField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class IdFilter(django_filters.NumberFilter):
    """A database id: a whole number the database can hold, else a 400 with a clear message."""

    field_class = IdField


class UnderUnitFilter(IdFilter):
    """?under=<unit id>: the rows under that unit, one prefix query on the row's materialised-path field.
    An unknown unit gives no rows. (Scoping to the user's units is the queryset's job, not this filter's.)"""

    def __init__(self, *args, path_field="unit_path", **kwargs):
        kwargs.setdefault("label", _("under unit"))
        super().__init__(*args, **kwargs)
        self.path_field = path_field

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        from org.models import Unit

        unit = Unit.objects.filter(pk=value).only("path").first()
        return qs.filter(**{f"{self.path_field}__startswith": unit.path}) if unit else qs.none()
