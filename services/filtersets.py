"""FilterSets of the places, rooms, slots and bookings: one per model, for the pages and the API."""

import datetime

import django_filters
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.filters import IdFilter
from org.filtersets import UnderUnitFilter

from .models import Booking, Place, PlaceKind, Room, RoomKind, Slot
from .workflow import BookingState


def _day_bounds(day: datetime.date):
    tz = timezone.get_current_timezone()
    lo = datetime.datetime.combine(day, datetime.time(), tzinfo=tz)
    return lo, lo + datetime.timedelta(days=1)


class PlaceFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Search"))
    kind = django_filters.ChoiceFilter(choices=PlaceKind.choices, label=_("kind"))
    under = UnderUnitFilter()

    class Meta:
        model = Place
        fields = ["q", "kind", "under"]


class RoomFilterSet(django_filters.FilterSet):
    place = IdFilter(field_name="place_id", label=_("place"))
    kind = django_filters.ChoiceFilter(choices=RoomKind.choices, label=_("kind"))
    bookable = django_filters.BooleanFilter(label=_("can be booked"))
    under = UnderUnitFilter()

    class Meta:
        model = Room
        fields = ["place", "kind", "bookable", "under"]


class SlotFilterSet(django_filters.FilterSet):
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


class BookingFilterSet(django_filters.FilterSet):
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
