"""FilterSets: the lists' filters, shared by the pages and the API."""
import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.roles import VIEW_RESOURCE
from core.filters import IdFilter
from core.filtersets import FilterSet
from org.filtersets import UnderUnitFilter
from org.models import Unit, UnitKind
from resources.forms.matches import DATE, districts_for
from resources.models import Match, MatchRound, MatchState, ResourceKind, ServiceRecord


class MatchFilterSet(FilterSet):
    state = django_filters.ChoiceFilter(choices=MatchState.choices, label=_("State"))
    kind = django_filters.ChoiceFilter(field_name="resource__kind", choices=ResourceKind.choices, label=_("Kind of resource"))
    district = django_filters.ModelChoiceFilter(field_name="need__unit", queryset=Unit.objects.filter(kind=UnitKind.DISTRICT), label=_("Residential district"))
    round = django_filters.ModelChoiceFilter(field_name="round", queryset=MatchRound.objects.all(), label=_("Matching round"))
    need = IdFilter(field_name="need_id", label=_("Need"))
    resource = IdFilter(field_name="resource_id", label=_("Resource"))
    under = UnderUnitFilter()

    page_fields = ["state", "kind", "district", "round"]

    class Meta:
        model = Match
        fields = ["state", "kind", "district", "round", "need", "resource", "under"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.filters["district"].queryset = districts_for(user)
            self.filters["round"].queryset = MatchRound.objects.for_user(user, VIEW_RESOURCE).order_by("-created_at", "-id")


class RecordFilterSet(FilterSet):
    district = django_filters.ModelChoiceFilter(
        field_name="match__need__unit", queryset=Unit.objects.filter(kind=UnitKind.DISTRICT), label=_("Residential district")
    )
    kind = django_filters.ChoiceFilter(field_name="match__resource__kind", choices=ResourceKind.choices, label=_("Kind of resource"))
    served_after = django_filters.DateFilter(field_name="served_on", lookup_expr="gte", label=_("Served from"), widget=DATE)
    served_before = django_filters.DateFilter(field_name="served_on", lookup_expr="lte", label=_("Served to"), widget=DATE)
    unrated = django_filters.BooleanFilter(method="only_unrated", label=_("Feedback missing"), widget=forms.CheckboxInput)
    match = IdFilter(field_name="match_id", label=_("Match"))
    under = UnderUnitFilter()

    page_fields = ["district", "kind", "served_after", "served_before", "unrated"]

    class Meta:
        model = ServiceRecord
        fields = ["district", "kind", "served_after", "served_before", "unrated", "match", "under"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.filters["district"].queryset = districts_for(user)

    def only_unrated(self, qs, name, value):  # a checkbox: unticked means "all"
        return qs.filter(Q(requester_rating__isnull=True) | Q(provider_rating__isnull=True)) if value else qs
