"""The project's FilterSet base: what every FilterSet of every app shares.

Every app's FilterSet derives from `core.filtersets.FilterSet`: a filter's empty choice means "no filter", so it reads
全部 (All), never Django's 未知 (Unknown) of a yes/no select or django-filter's "---------"; a typed choice filter
(`TypedChoiceFilter`, which Django gives no empty choice, so its first value was selected and filtered on) gets one.
A filter that names its own `empty_label` or `widget` keeps it. `tests/test_plain_filters.py` renders every FilterSet
of the project and fails on an empty choice that reads otherwise."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from django_filters.conf import settings as filter_settings

ALL = _("All")


class AllYesNoSelect(forms.NullBooleanSelect):
    """A yes/no filter's select: 全部 (no filter, the empty value), 是, 否. It reads what NullBooleanSelect reads
    (true/false/1/0, "unknown" as no filter), so links and the API keep working."""

    def __init__(self, attrs=None):
        forms.Select.__init__(self, attrs, (("", ALL), ("true", _("Yes")), ("false", _("No"))))

    def format_value(self, value):
        chosen = super().format_value(value)
        return ["" if chosen == "unknown" else chosen]  # a list: Select matches options by membership


def plain_empty_choice(filter_):
    """Make `filter_`'s empty choice read 全部, before its form field is built (in place; idempotent)."""
    extra = filter_.extra
    if isinstance(filter_, django_filters.BooleanFilter):
        extra.setdefault("widget", AllYesNoSelect)
    elif isinstance(filter_, django_filters.TypedChoiceFilter):
        choices = extra.get("choices")
        if isinstance(choices, list | tuple) and not any(value in ("", None) for value, _label in choices):
            extra["choices"] = [("", ALL), *choices]
    elif isinstance(filter_, django_filters.ModelChoiceFilter):  # its __init__ sets django-filter's default label
        if extra.get("empty_label") == filter_settings.EMPTY_CHOICE_LABEL:
            extra["empty_label"] = ALL
    elif isinstance(filter_, django_filters.ChoiceFilter):
        extra.setdefault("empty_label", ALL)  # an explicit empty_label (None: no empty choice) is kept


class FilterSet(django_filters.FilterSet):
    """The project's FilterSet: every empty choice reads 全部 (see the module)."""

    @classmethod
    def get_filters(cls):
        filters = super().get_filters()
        for filter_ in filters.values():
            plain_empty_choice(filter_)
        return filters
