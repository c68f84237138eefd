"""The resolutions board's and the actions' FilterSets (pages and API alike)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from accounts.roles import VIEW_BODY
from core.filters import IdFilter
from core.filtersets import FilterSet
from deliberation.models import Action
from deliberation.selectors.actions import board_filter, overdue_q
from deliberation.workflow import ActionState
from meetings.models import Body, Decision
from org.filtersets import UnderUnitFilter
from org.models import Unit, UnitKind

BOARD_STATE_CHOICES = [("no_actions", _("No actions yet")), ("in_progress", _("Being carried out")), ("done", _("Carried out"))]


class BoardFilterSet(FilterSet):
    unit = django_filters.ModelChoiceFilter(method="by_unit", queryset=Unit.objects.none(), label=_("Unit"))
    body = django_filters.ModelChoiceFilter(method="by_body", queryset=Body.objects.none(), label=_("Body"))
    state = django_filters.ChoiceFilter(method="by_state", choices=BOARD_STATE_CHOICES, label=_("How far"))
    overdue = django_filters.BooleanFilter(method="by_overdue", label=_("With overdue actions"))
    under = UnderUnitFilter()

    page_fields = ["unit", "body", "state", "overdue"]

    class Meta:
        model = Decision
        fields = ["unit", "body", "state", "overdue", "under"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        user = user or getattr(self.request, "user", None)
        if user is not None and user.is_authenticated:
            self.filters["body"].queryset = Body.objects.for_user(user, VIEW_BODY).order_by("unit_path", "id")
            self.filters["unit"].queryset = (
                Unit.objects.for_user(user, VIEW_BODY).filter(kind__in=(UnitKind.SUBDISTRICT, UnitKind.AREA, UnitKind.DISTRICT, UnitKind.GRID)).order_by("path")
            )

    @extend_schema_field(OpenApiTypes.INT)  # a unit's id
    def by_unit(self, qs, name, value):
        return board_filter(qs, under=value) if value else qs

    @extend_schema_field(OpenApiTypes.INT)  # a body's id
    def by_body(self, qs, name, value):
        return board_filter(qs, body=value) if value else qs

    def by_state(self, qs, name, value):
        return board_filter(qs, state=value) if value else qs

    def by_overdue(self, qs, name, value):
        return board_filter(qs, overdue=True) if value else qs


class ActionFilterSet(FilterSet):
    state = django_filters.ChoiceFilter(choices=ActionState.choices, label=_("State"))
    decision = IdFilter(field_name="decision_id", label=_("Decision"))
    overdue = django_filters.BooleanFilter(method="by_overdue", label=_("Overdue"))
    under = UnderUnitFilter()

    class Meta:
        model = Action
        fields = ["state", "decision", "overdue", "under"]

    def by_overdue(self, qs, name, value):
        if value is None:
            return qs
        return qs.filter(overdue_q()) if value else qs.exclude(overdue_q())
