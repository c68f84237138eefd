"""/services/occupancy/ (issue 15 item 10): the database sums by room or service and by period, so the page
makes the same few queries however many slots and bookings there are, and a week that straddles two months
counts once in the week and split in the months."""

import datetime

import pytest
from django.utils import timezone

from doorstep.models import Booking, Slot
from doorstep.services.bookings import booking_create
from doorstep.tests.builders.bookings import grow_bookings, make_slot, users
from doorstep.tests.builders.bookings import room as room  # noqa: F401  (the fixtures)
from doorstep.tests.builders.bookings import station as station
from doorstep.tests.builders.bookings import tai_chi as tai_chi

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("params", [{}, {"from": "2026-01-01", "to": "2026-12-31"}])
def test_occupancy_keeps_its_queries_as_slots_and_bookings_grow(login, personas, tree, params, django_assert_max_num_queries):
    client = login(personas["subdistrict_admin"])
    grow_bookings(tree, 1, start=100)
    client.get("/services/occupancy/", params)
    with django_assert_max_num_queries(14) as small:
        assert client.get("/services/occupancy/", params).status_code == 200
    grow_bookings(tree, 20)
    with django_assert_max_num_queries(len(small)):
        r = client.get("/services/occupancy/", params)
    assert r.status_code == 200 and len(r.context["rooms"]) >= 40


def test_a_week_across_two_months_counts_once_per_week_and_split_by_month(login, personas, room, tai_chi):
    tz = timezone.get_current_timezone()
    # Wednesday 30 September and Friday 2 October 2026: one week (from Monday 28 September), two months
    wed = datetime.datetime(2026, 9, 30, 10, tzinfo=tz)
    fri = datetime.datetime(2026, 10, 2, 10, tzinfo=tz)
    a, b = make_slot(service=tai_chi, start=wed, minutes=120), make_slot(room=room, start=fri, minutes=60)
    for slot in (a, b):
        Booking.objects.create(slot=slot, user=users(1, prefix=f"o{slot.pk}-")[0], state="checked_in", ical_uid=f"occ-{slot.pk}@test")
        Slot.objects.filter(pk=slot.pk).update(booked=1)
    r = login(personas["secretary"]).get("/services/occupancy/", {"from": "2026-09-01", "to": "2026-10-31"})
    weeks = dict(r.context["result"].weeks)
    months = dict(r.context["result"].months)
    week = weeks[datetime.date(2026, 9, 28)]
    assert (week.slots, week.offered, week.booked_hours, week.checked_in) == (2, 2 * 2.0 + 1.0, 2.0 + 1.0, 2)
    sept, octo = months[datetime.date(2026, 9, 1)], months[datetime.date(2026, 10, 1)]
    assert (sept.slots, sept.offered, sept.checked_in) == (1, 4.0, 1) and (octo.slots, octo.offered, octo.checked_in) == (1, 1.0, 1)
    totals = r.context["result"].totals
    assert (totals.slots, totals.bookings, totals.rate) == (2, 2, 3.0 / 5.0)


def test_occupancy_of_one_place_counts_only_its_bookings(login, personas, room, tai_chi):
    slot = make_slot(room=room, hours_from_now=3)
    booking_create(slot=slot, user=personas["resident"])
    r = login(personas["secretary"]).get("/services/occupancy/", {"place": room.place_id})
    assert r.context["result"].totals.bookings == 1 and r.context["result"].totals.slots == 1
