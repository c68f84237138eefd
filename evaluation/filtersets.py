"""The API's filters of evaluation periods and results (django-filter)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import IdFilter
from core.filtersets import FilterSet
from evaluation.models import Period, PeriodState, Result


class PeriodFilterSet(FilterSet):
    plan = IdFilter(field_name="plan", label=_("plan"))
    year = django_filters.NumberFilter(field_name="year", label=_("year"), min_value=2000, max_value=2100)
    state = django_filters.ChoiceFilter(choices=PeriodState.choices, label=_("state"))

    page_fields = ["year", "state"]

    class Meta:
        model = Period
        fields = ["plan", "year", "state"]


class ResultFilterSet(FilterSet):
    period = IdFilter(field_name="period", label=_("evaluation period"))
    estate = IdFilter(field_name="estate", label=_("residential district"))
    below_threshold = django_filters.BooleanFilter(field_name="below_threshold", label=_("under the threshold"))

    class Meta:
        model = Result
        fields = ["period", "estate", "below_threshold"]
