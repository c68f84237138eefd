"""FilterSets of bodies and meetings, for the pages and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import IdFilter
from core.filtersets import FilterSet
from meetings.models import Body, BodyKind, Meeting, MemberRole, Membership, Seat
from meetings.workflow import MeetingState
from org.filtersets import UnderUnitFilter


class BodyFilterSet(FilterSet):
    kind = django_filters.ModelChoiceFilter(queryset=BodyKind.objects.order_by("order", "id"), label=_("Kind"))
    q = django_filters.CharFilter(field_name="name", lookup_expr="contains", label=_("Name"))
    under = UnderUnitFilter()

    page_fields = ["kind", "q"]

    class Meta:
        model = Body
        fields = ["kind", "q", "under", "is_active"]


class MeetingFilterSet(FilterSet):
    state = django_filters.ChoiceFilter(choices=MeetingState.choices, label=_("State"))
    body = IdFilter(field_name="body_id", label=_("Body"))
    kind = django_filters.ModelChoiceFilter(field_name="body__kind", queryset=BodyKind.objects.order_by("order", "id"), label=_("Kind"))
    starts_after = django_filters.IsoDateTimeFilter(field_name="starts_at", lookup_expr="gte", label=_("starts from"))
    starts_before = django_filters.IsoDateTimeFilter(field_name="starts_at", lookup_expr="lt", label=_("starts before"))
    day = django_filters.DateFilter(field_name="starts_at", lookup_expr="date", label=_("Day"))
    under = UnderUnitFilter()

    page_fields = ["state", "kind"]

    class Meta:
        model = Meeting
        fields = ["state", "body", "kind", "starts_after", "starts_before", "day", "under"]


class SeatFilterSet(FilterSet):
    """The API's seats: by body (its id), party and use."""

    body = IdFilter(field_name="body_id", label=_("Body"))
    party = django_filters.CharFilter(label=_("Party"))

    class Meta:
        model = Seat
        fields = ["body", "party", "is_active"]


class MembershipFilterSet(FilterSet):
    """The API's members: by body, seat (their ids) and role."""

    body = IdFilter(field_name="body_id", label=_("Body"))
    seat = IdFilter(field_name="seat_id", label=_("Seat"))
    role = django_filters.ChoiceFilter(choices=MemberRole.choices, label=_("Role"))

    class Meta:
        model = Membership
        fields = ["body", "seat", "role"]
