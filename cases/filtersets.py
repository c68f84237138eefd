
import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Case, CaseCategory, Priority, Source, late_q
from cases.workflow import CaseState
from core.filters import IdFilter
from core.filtersets import FilterSet
from org.filtersets import UnderUnitFilter


class CaseFilterSet(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    state = django_filters.ChoiceFilter(choices=CaseState.choices, label=_("state"))
    source = django_filters.ChoiceFilter(choices=Source.choices, label=_("source"))
    priority = django_filters.TypedChoiceFilter(choices=Priority.choices, coerce=int, label=_("priority"))
    category = IdFilter(field_name="category_id", label=_("category"))
    handling_unit = IdFilter(field_name="handling_unit_id", label=_("handling unit"))
    under = UnderUnitFilter()
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("overdue"))

    class Meta:
        model = Case
        fields = ["q", "state", "source", "priority", "category", "handling_unit", "under", "overdue"]

    def search(self, qs, name, value):
        value = value.strip()
        return qs.filter(Q(number__startswith=value) | Q(description__icontains=value) | Q(address__icontains=value)) if value else qs

    def filter_overdue(self, qs, name, value):
        late = late_q(timezone.now())
        return qs.filter(late) if value else qs.exclude(late)


class WorkbenchFilterSet(CaseFilterSet):
    """The API's filters; on the page, the category is a list to choose from."""

    category = django_filters.ModelChoiceFilter(field_name="category", queryset=CaseCategory.objects.order_by("code"), label=_("category"))
    priority = django_filters.ChoiceFilter(choices=Priority.choices, label=_("priority"))  # with an empty choice
    page_fields = ["q", "state", "category", "source", "priority", "overdue"]


class MapFilterSet(WorkbenchFilterSet):
    page_fields = ["state", "category"]

    class Meta(WorkbenchFilterSet.Meta):
        fields = ["state", "category", "under"]
