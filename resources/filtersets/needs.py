"""The needs' FilterSet: one for the list page and the API list (state, 居民区, type, source, words)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.roles import VIEW_RESOURCE
from core.filters import IdFilter
from core.filtersets import FilterSet
from org.filtersets import UnderUnitFilter
from org.models import Unit, UnitKind
from resources.models import Need, NeedSource, NeedState, ResourceType
from resources.selectors.needs import districts_for


class NeedFilterSet(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Title, requester or place"))
    state = django_filters.ChoiceFilter(choices=NeedState.choices, label=_("State"))
    district = django_filters.ModelChoiceFilter(
        field_name="unit", queryset=Unit.objects.filter(kind=UnitKind.DISTRICT).order_by("path"), label=_("Residential district")
    )
    type = django_filters.ModelChoiceFilter(
        field_name="types", queryset=ResourceType.objects.order_by("kind", "sort", "code"), label=_("Type needed")
    )  # one type: one join row per need, so no duplicates
    source = django_filters.ChoiceFilter(choices=NeedSource.choices, label=_("Source"))
    survey = IdFilter(field_name="survey_id", label=_("Survey"))
    under = UnderUnitFilter()

    page_fields = ["q", "state", "district", "type", "source"]

    class Meta:
        model = Need
        fields = ["q", "state", "district", "type", "source", "survey", "under"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        user = user or getattr(self.request, "user", None)
        if user is not None and user.is_authenticated:
            self.filters["district"].queryset = districts_for(user, VIEW_RESOURCE)

    def search(self, qs, name, value):
        v = (value or "").strip()
        return qs.filter(Q(title__contains=v) | Q(requester__contains=v) | Q(place__contains=v)) if v else qs
