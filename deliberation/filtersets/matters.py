"""The 三重一大 register's and spendings' FilterSets (pages and API alike)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filtersets import FilterSet
from deliberation.models import Matter, Spending
from deliberation.workflow import MatterState, SpendingState
from meetings.models import MajorMatter
from org.filtersets import UnderUnitFilter


class MatterFilterSet(FilterSet):
    kind = django_filters.ChoiceFilter(choices=MajorMatter.choices, label=_("Kind"))
    state = django_filters.ChoiceFilter(choices=MatterState.choices, label=_("State"))
    under = UnderUnitFilter()

    page_fields = ["kind", "state"]

    class Meta:
        model = Matter
        fields = ["kind", "state", "under"]


class SpendingFilterSet(FilterSet):
    state = django_filters.ChoiceFilter(choices=SpendingState.choices, label=_("State"))
    under = UnderUnitFilter()

    page_fields = ["state"]

    class Meta:
        model = Spending
        fields = ["state", "under"]
