"""FilterSets of the places, rooms, slots and bookings: one per model, for the pages and the API."""

import datetime

import django_filters
from django import forms
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.filters import IdFilter
from core.filtersets import FilterSet
from doorstep.forms.points import districts_for
from doorstep.forms.stations import DATE
from doorstep.models import (
    Booking,
    CommitteeKind,
    CommitteeMember,
    DutyShift,
    NeighbourhoodPoint,
    Operator,
    Place,
    PlaceKind,
    PointState,
    ReceptionLog,
    Room,
    RoomKind,
    Slot,
)
from doorstep.workflow import BookingState
from org.filtersets import UnderUnitFilter
from org.models import Unit, UnitKind


def _day_bounds(day: datetime.date):
    tz = timezone.get_current_timezone()
    lo = datetime.datetime.combine(day, datetime.time(), tzinfo=tz)
    return lo, lo + datetime.timedelta(days=1)


class PlaceFilterSet(FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Search"))
    kind = django_filters.ChoiceFilter(choices=PlaceKind.choices, label=_("kind"))
    under = UnderUnitFilter()

    class Meta:
        model = Place
        fields = ["q", "kind", "under"]


class RoomFilterSet(FilterSet):
    place = IdFilter(field_name="place_id", label=_("place"))
    kind = django_filters.ChoiceFilter(choices=RoomKind.choices, label=_("kind"))
    bookable = django_filters.BooleanFilter(label=_("can be booked"))
    under = UnderUnitFilter()

    class Meta:
        model = Room
        fields = ["place", "kind", "bookable", "under"]


class SlotFilterSet(FilterSet):
    room = IdFilter(field_name="room_id", label=_("room"))
    service = IdFilter(field_name="service_id", label=_("service"))
    place = IdFilter(method="filter_place", label=_("place"))
    start_after = django_filters.IsoDateTimeFilter(field_name="start", lookup_expr="gte", label=_("starts at or after"))
    start_before = django_filters.IsoDateTimeFilter(field_name="start", lookup_expr="lt", label=_("starts before"))
    free = django_filters.BooleanFilter(method="filter_free", label=_("has free places"))
    under = UnderUnitFilter()

    class Meta:
        model = Slot
        fields = ["room", "service", "place", "start_after", "start_before", "free", "under"]

    def filter_place(self, qs, name, value):
        return qs.filter(Q(room__place_id=value) | Q(service__place_id=value)) if value else qs

    def filter_free(self, qs, name, value):
        has_free = Q(booked__lt=F("capacity"), is_cancelled=False)
        return qs.filter(has_free) if value else qs.exclude(has_free)


class BookingFilterSet(FilterSet):
    state = django_filters.ChoiceFilter(choices=BookingState.choices, label=_("state"))
    place = IdFilter(method="filter_place", label=_("place"))
    room = IdFilter(field_name="slot__room_id", label=_("room"))
    service = IdFilter(field_name="slot__service_id", label=_("service"))
    slot = IdFilter(field_name="slot_id", label=_("slot"))
    day = django_filters.DateFilter(method="filter_day", label=_("day"))
    under = UnderUnitFilter(path_field="slot__unit_path")

    page_fields = ["state", "place", "day"]

    class Meta:
        model = Booking
        fields = ["state", "place", "room", "service", "slot", "day", "under"]

    def filter_place(self, qs, name, value):
        return qs.filter(Q(slot__room__place_id=value) | Q(slot__service__place_id=value)) if value else qs

    def filter_day(self, qs, name, value):
        if not value:
            return qs
        lo, hi = _day_bounds(value)
        return qs.filter(slot__start__gte=lo, slot__start__lt=hi)


class CommitteeMemberFilterSet(FilterSet):
    station = IdFilter(field_name="committee__place_id")
    kind = django_filters.ChoiceFilter(field_name="committee__kind", choices=CommitteeKind.choices)

    class Meta:
        model = CommitteeMember
        fields = ["station", "kind"]


class DutyShiftFilterSet(FilterSet):
    place = IdFilter(field_name="place_id", label=_("Station"))
    user = IdFilter(field_name="user_id", label=_("Person on duty"))
    start_after = django_filters.IsoDateTimeFilter(field_name="end", lookup_expr="gt", label=_("ends after"))
    start_before = django_filters.IsoDateTimeFilter(field_name="start", lookup_expr="lt", label=_("starts before"))

    class Meta:
        model = DutyShift
        fields = ["place", "user", "kind", "start_after", "start_before"]


class PointFilterSet(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Name, host, theme or place"))
    state = django_filters.ChoiceFilter(choices=PointState.choices, label=_("State"))
    district = django_filters.ModelChoiceFilter(
        field_name="unit", queryset=Unit.objects.filter(kind=UnitKind.DISTRICT).order_by("path"), label=_("Residential district")
    )
    theme = django_filters.CharFilter(field_name="theme", lookup_expr="contains", label=_("Theme"))
    is_model = django_filters.BooleanFilter(method="only_models", label=_("Model points only"), widget=forms.CheckboxInput)
    operator = django_filters.ModelChoiceFilter(field_name="operator", queryset=Operator.objects.order_by("name"), label=_("Commissioned organisation"))
    under = UnderUnitFilter()

    page_fields = ["q", "state", "district", "theme", "is_model"]

    class Meta:
        model = NeighbourhoodPoint
        fields = ["q", "state", "district", "theme", "is_model", "operator", "under"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.filters["district"].queryset = districts_for(user, None)

    def only_models(self, qs, name, value):  # a checkbox: unticked means "all", not "not a model point"
        return qs.filter(is_model=True) if value else qs

    def search(self, qs, name, value):
        v = (value or "").strip()
        return qs.filter(Q(name__contains=v) | Q(host_name__contains=v) | Q(theme__contains=v) | Q(address__contains=v)) if v else qs


class ReceptionFilterSet(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Visitor or topic"))
    place = IdFilter(field_name="place_id", label=_("Station"))
    open = django_filters.BooleanFilter(method="open_follow_ups", label=_("Open follow-ups only"), widget=forms.CheckboxInput)
    since = django_filters.DateFilter(field_name="at", lookup_expr="date__gte", label=_("From date"), widget=DATE)
    until = django_filters.DateFilter(field_name="at", lookup_expr="date__lte", label=_("To date"), widget=DATE)
    with_case = django_filters.BooleanFilter(method="only_with_case", label=_("With a case only"), widget=forms.CheckboxInput)

    page_fields = ["q", "place", "open", "since", "until"]

    class Meta:
        model = ReceptionLog
        fields = ["q", "place", "open", "since", "until", "with_case"]

    def search(self, qs, name, value):
        v = (value or "").strip()
        return qs.filter(Q(visitor_name__contains=v) | Q(topic__contains=v)) if v else qs

    def only_with_case(self, qs, name, value):
        return qs.filter(case__isnull=False) if value else qs

    def open_follow_ups(self, qs, name, value):
        return qs.exclude(follow_up="").filter(follow_up_done=False) if value else qs
