"""Filters shared by the FilterSets (the FilterSet base and its empty choices: core.filtersets)."""

import django_filters
from django import forms

MAX_ID = 2**63 - 1  # the largest BIGINT; bigger numbers would overflow the database driver


class IdField(forms.IntegerField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class IdFilter(django_filters.NumberFilter):
    """A database id: a whole number the database can hold, else a 400 with a clear message."""

    field_class = IdField
