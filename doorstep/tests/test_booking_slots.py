"""Slots generated from opening hours (doorstep/slots.py), the services_slots command, the periodic jobs,
and the opening-hours rules of the place and room writes."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from doorstep.models import Slot
from doorstep.services.bookings import booking_create
from doorstep.services.places import room_update, service_create, service_update
from doorstep.slots import periods_parse, slots_generate
from doorstep.tests.builders.bookings import HOURS, make_station, users

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")
MONDAY_7AM = datetime.datetime(2031, 3, 3, 7, 0, tzinfo=SH)  # a Monday


@pytest.fixture
def place(tree):
    return make_station(tree.D1, opening_hours={"0": [["09:00", "12:00"], ["14:00", "17:00"]], "2": [["18:30", "20:30"]]})


def make_room(place, **kw):
    from doorstep.models import Room

    defaults = {"kind": "party", "name": "党群活动室", "capacity": 20, "slot_minutes": 60}
    return Room.objects.create(place=place, unit=place.unit, unit_path=place.unit_path, **(defaults | kw))


def test_room_slots_fill_each_opening_period_with_whole_slots_of_capacity_one(place):
    room = make_room(place, slot_minutes=90)
    slots_generate(weeks=1, now=MONDAY_7AM, services=place.services.none())
    starts = [s.astimezone(SH).strftime("%a %H:%M") for s in Slot.objects.filter(room=room).values_list("start", flat=True)]
    # Monday 09:00-12:00 holds two 90-minute slots, 14:00-17:00 two; Wednesday 18:30-20:30 one (the last 30 minutes are left)
    assert starts == ["Mon 09:00", "Mon 10:30", "Mon 14:00", "Mon 15:30", "Wed 18:30"]
    assert set(Slot.objects.values_list("capacity", flat=True)) == {1}
    assert set(Slot.objects.values_list("unit_path", flat=True)) == {place.unit_path}


def test_generation_is_idempotent_and_extends_the_horizon(place):
    make_room(place)
    first = slots_generate(weeks=1, now=MONDAY_7AM)
    again = slots_generate(weeks=1, now=MONDAY_7AM)
    assert first.room_slots == 8 and again.room_slots == 0
    further = slots_generate(weeks=2, now=MONDAY_7AM)
    assert further.room_slots == 8 and Slot.objects.count() == 16


def test_only_future_slots_of_bookable_rooms_in_use_are_made(place):
    make_room(place, name="会议室")
    make_room(place, name="仓库", bookable=False)
    make_room(place, name="旧活动室", is_active=False)
    slots_generate(weeks=1, now=MONDAY_7AM.replace(hour=10, minute=30))
    assert set(Slot.objects.values_list("room__name", flat=True)) == {"会议室"}
    assert Slot.objects.count() == 8 - 2  # Monday 09:00 and 10:00 have begun


def test_a_room_with_its_own_hours_keeps_them(place):
    room = make_room(place, opening_hours={"4": [["19:00", "21:00"]]})
    slots_generate(weeks=1, now=MONDAY_7AM)
    assert [s.astimezone(SH).strftime("%a %H:%M") for s in Slot.objects.filter(room=room).values_list("start", flat=True)] == ["Fri 19:00", "Fri 20:00"]


def test_service_sessions_are_the_opening_periods_with_the_services_places(place):
    room = make_room(place)
    service = service_create(place=place, group="life", name="老人日托", capacity=15, room=room)
    Slot.objects.all().delete()
    slots_generate(weeks=1, now=MONDAY_7AM)
    sessions = list(Slot.objects.filter(service=service).order_by("start"))
    assert [(s.start.astimezone(SH).strftime("%a %H:%M"), s.end.astimezone(SH).strftime("%H:%M"), s.capacity) for s in sessions] == [
        ("Mon 09:00", "12:00", 15),
        ("Mon 14:00", "17:00", 15),
        ("Wed 18:30", "20:30", 15),
    ]
    # the room is in use by the service then: no room slots left to book
    assert not Slot.objects.filter(room=room).exists()


def test_walk_in_and_withdrawn_services_have_no_sessions(place):
    service_create(place=place, group="government", name="法律咨询", access="walk_in")
    service_create(place=place, group="life", name="停办", is_active=False)
    slots_generate(weeks=1, now=MONDAY_7AM)
    assert not Slot.objects.exists()


def test_changing_a_rooms_slot_length_remakes_its_unbooked_future_slots_and_keeps_booked_ones(tree):
    place = make_station(tree.D1, opening_hours=HOURS)
    room = make_room(place)
    slots_generate(weeks=1)
    kept = Slot.objects.filter(room=room).order_by("start").first()
    booking_create(slot=kept, user=users(1)[0])
    room_update(room=room, slot_minutes=180)
    assert Slot.objects.filter(pk=kept.pk).exists()
    lengths = {(s.end - s.start) for s in Slot.objects.filter(room=room).exclude(pk=kept.pk)}
    assert lengths == {datetime.timedelta(hours=3)}


def test_a_service_with_fewer_places_never_drops_below_what_is_booked(tree):
    place = make_station(tree.D1, opening_hours=HOURS)
    service = service_create(place=place, group="life", name="义诊", capacity=5)
    slot = Slot.objects.filter(service=service).order_by("start").first()
    for u in users(3):
        booking_create(slot=slot, user=u)
    service_update(service=service, capacity=2)
    assert Slot.objects.get(pk=slot.pk).capacity == 3
    assert set(Slot.objects.filter(service=service).exclude(pk=slot.pk).values_list("capacity", flat=True)) == {2}


def test_the_command_generates_the_next_weeks(place, capsys):
    make_room(place)
    call_command("services_slots", "--weeks", "2")
    assert "room slots" in capsys.readouterr().out
    assert Slot.objects.exists()


def test_the_periodic_jobs_keep_slots_ahead_and_mark_no_shows(place):
    from core.periodic import all_jobs

    jobs = {j.name: j for j in all_jobs()}
    assert jobs["services.slots_ahead"].every == 86400 and jobs["services.no_shows"].every == 300
    make_room(place)
    assert "room slots" in jobs["services.slots_ahead"].run(MONDAY_7AM)
    assert "no-shows" in jobs["services.no_shows"].run(MONDAY_7AM)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("08:30-12:00, 13:30-17:00", [["08:30", "12:00"], ["13:30", "17:00"]]),
        ("13:30-17:00，8:30-12:00", [["08:30", "12:00"], ["13:30", "17:00"]]),
        ("", []),
    ],
)
def test_opening_periods_are_read_from_text(text, expected):
    assert periods_parse(text) == expected


@pytest.mark.parametrize("text", ["9-12", "12:00-09:00", "08:00-12:00, 11:00-13:00", "25:00-26:00"])
def test_bad_opening_periods_are_refused(text):
    with pytest.raises(ValidationError):
        periods_parse(text)
