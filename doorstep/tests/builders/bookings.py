"""Places, rooms, services, slots and bookings on the shared test tree, for the booking, menu and iCalendar
tests (imported by them; no tests here), the scope matrix (scope_*) and the query-count guard (grow_bookings).

The station 白云好邻居服务站 on district D1 with a 党群活动室 (capacity 30) and two menu items: 老人日托
(day care, 60 and over, 3 places a session) and 法律咨询 (walk in). The centre 幸福里 on the subdistrict.
张三丰 (born 1949, lives in H1 under D1) is the `resident` persona's record; 李四 (born 1990, lives in
H2 under D2) books as the user `lisi`. Slots are made explicitly, relative to now.
"""

import datetime

import pytest
from django.utils import timezone

from core.testing import make_user
from doorstep.models import Booking, Place, Room, Service, Slot
from doorstep.services.bookings import booking_create
from doorstep.services.places import place_create, room_create, service_create
from org.models import Unit

HOURS = {str(d): [["09:00", "12:00"], ["14:00", "17:00"]] for d in range(7)}


def make_slot(*, room=None, service=None, hours_from_now=24.0, minutes=60, capacity=None, start=None) -> Slot:
    start = start or (timezone.now() + datetime.timedelta(hours=hours_from_now)).replace(microsecond=0)
    owner = room or service
    return Slot.objects.create(
        room=room,
        service=service,
        unit_path=owner.unit_path,
        start=start,
        end=start + datetime.timedelta(minutes=minutes),
        capacity=capacity if capacity is not None else (1 if room else service.capacity),
    )


def make_station(unit, name="白云好邻居服务站", **kw) -> Place:
    return place_create(kind="station", unit=unit, name=name, address=kw.pop("address", "白云路1号"), **kw)


@pytest.fixture
def station(tree):
    return make_station(tree.D1)


@pytest.fixture
def room(station):
    return room_create(place=station, kind="party", name="党群活动室", capacity=30, equipment=["投影仪", "音响"], slot_minutes=60)


@pytest.fixture
def day_care(station):
    return service_create(place=station, group="life", name="老人日托", capacity=3, eligibility={"min_age": 60}, fee="10元/天", provider_name="白云日托中心")


@pytest.fixture
def legal(station):
    return service_create(place=station, group="government", name="法律咨询", access="walk_in", capacity=5)


@pytest.fixture
def tai_chi(station):
    """A session anyone may book (2 places)."""
    return service_create(place=station, group="life", name="太极拳", capacity=2)


@pytest.fixture
def zsf(people, personas):
    """张三丰, 76, lives in D1: the `resident` persona's record."""
    r = people["zsf"]
    r.user = personas["resident"]
    r.save(update_fields=["user"])
    return r


@pytest.fixture
def lisi(people):
    """李四, 36, lives in D2, books as the user `lisi`."""
    user = make_user("lisi", display_name="李四")
    r = people["lisi"]
    r.user = user
    r.save(update_fields=["user"])
    return user


def users(n, prefix="u"):
    return [make_user(f"{prefix}{i}") for i in range(n)]


# --- the scope matrix (tests/test_scope_matrix.py): (inside D1, in D2, in another subdistrict) -------


def _far_district():
    return Unit.objects.get(code="OD1")


def scope_places(tree, world):
    return (make_station(tree.D1), make_station(tree.D2, name="蓝天好邻居服务站"), make_station(_far_district(), name="远方好邻居服务站"))


def scope_rooms(tree, world):
    return tuple(room_create(place=p, kind="party", name="党群活动室", capacity=20) for p in world["place"])


def scope_services(tree, world):
    """A menu item at each place (the page scope matrix: the menu's edit page)."""
    return tuple(service_create(place=p, group="life", name="太极拳", capacity=2) for p in world["place"])


def scope_slots(tree, world):
    return tuple(make_slot(room=r) for r in world["room"])


def scope_bookings(tree, world):
    from accounts.models import User

    resident = User.objects.get(username="resident")
    inside, d2, far = world["slot"]
    return (
        booking_create(slot=inside, user=resident),
        booking_create(slot=d2, user=make_user("booker_d2")),
        booking_create(slot=far, user=make_user("booker_far")),
    )


# --- the query-count guard (tests/test_query_counts.py) -------------------------------------------


def grow_bookings(tree, n, start=0):
    """n more places with a room, a service, slots and bookings (some waitlisted, cancelled, no-show)."""
    from doorstep.services.bookings import booking_cancel

    for i in range(start, start + n):
        place = make_station(tree.D1 if i % 2 else tree.D2, name=f"站点{i}", opening_hours=HOURS)
        room = Room.objects.create(place=place, unit=place.unit, unit_path=place.unit_path, kind="party", name=f"活动室{i}", capacity=10, bookable=True)
        service = Service.objects.create(place=place, unit_path=place.unit_path, group="life", name=f"服务{i}", capacity=1, room=room)
        booker, other = make_user(f"gb{i}"), make_user(f"gw{i}")
        s1, s2 = make_slot(room=room, hours_from_now=30 + i), make_slot(service=service, hours_from_now=50 + i)
        booking_create(slot=s1, user=booker)
        booking_create(slot=s2, user=booker)
        booking_create(slot=s2, user=other)  # waitlisted
        b = booking_create(slot=make_slot(room=room, hours_from_now=70 + i), user=other)
        booking_cancel(booking=b, by=other)
        past = make_slot(room=room, start=timezone.now() - datetime.timedelta(days=2, hours=i))
        Booking.objects.create(slot=past, user=booker, state="no_show", ical_uid=f"grow-{i}@test")
        Slot.objects.filter(pk=past.pk).update(booked=1)
