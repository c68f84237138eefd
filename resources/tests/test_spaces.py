"""社区共享空间 (S2.2): a space is a services room (shared, no place) with a library row and a catalogue
row kept in step; residents book it through the services booking engine."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.testing import make_user
from doorstep.jobs import keep_slots_ahead
from doorstep.models import Booking, Room, Slot
from doorstep.services.bookings import booking_cancel, booking_create
from resources.models import Resource, SharedSpace
from resources.services.spaces import space_deactivate, space_update
from resources.tests.builders import types
from resources.tests.builders.spaces import EVERY_DAY, org, space

pytestmark = pytest.mark.django_db


@pytest.fixture
def tax_office(tree):
    return org(tree.D1, name="区税务局", kind="co_building")


@pytest.fixture
def meeting_room(tree, tax_office):
    return space(tree.D1, organisation=tax_office, equipment=["投影仪", "音响"], rules="用后请关灯", hours=EVERY_DAY, fee="0")


def next_free_slot(room) -> Slot:
    return Slot.objects.filter(room=room, start__gt=timezone.now() + datetime.timedelta(hours=2)).order_by("start").first()


def test_a_new_space_is_a_shared_room_without_a_place_with_slots_ahead(tree, meeting_room):
    room = meeting_room.room
    assert (room.kind, room.place, room.unit, room.capacity) == ("shared", None, tree.D1, 30)
    assert room.equipment == ["投影仪", "音响"] and room.rules == "用后请关灯"
    slots = Slot.objects.filter(room=room)
    assert slots.count() >= 4 * 7 * 6 - 12  # four weeks of six 1-hour slots a day, today's past ones aside
    assert all(s.capacity == 1 and s.unit_path == tree.D1.path for s in slots)
    local = [timezone.localtime(s.start) for s in slots]
    assert {t.hour for t in local} == {9, 10, 11, 14, 15, 16}


def test_the_catalogue_row_matches_the_space(tree, tax_office, meeting_room):
    res = Resource.objects.get(space=meeting_room)
    assert (res.kind, res.name, res.unit, res.unit_path, res.organisation) == ("space", "税务局二楼会议室", tree.D1, tree.D1.path, tax_office)
    assert (res.capacity, res.capacity_per_period, float(res.cost), res.is_active, res.is_public) == (30, 8, 0.0, True, True)
    assert res.availability == EVERY_DAY
    assert (round(res.lat, 3), round(res.lng, 3)) == (31.025, 121.225)
    assert list(res.types.values_list("code", flat=True)) == ["meeting"]


def test_changing_hours_remakes_free_slots_keeps_booked_ones_and_resyncs(tree, personas, meeting_room):
    room = meeting_room.room
    booked = next_free_slot(room)
    booking_create(slot=booked, user=personas["resident"])
    evenings = {str(d): [["18:00", "20:00"]] for d in range(7)}
    space_update(space=meeting_room, opening_hours=evenings, capacity=12, uses_per_period=3, types=types("meeting", "culture"))
    hours = {timezone.localtime(s.start).hour for s in Slot.objects.filter(room=room, start__gt=timezone.now()).exclude(pk=booked.pk)}
    assert hours == {18, 19}
    assert Slot.objects.filter(pk=booked.pk).exists()
    res = Resource.objects.get(space=meeting_room)
    assert (res.capacity, res.capacity_per_period, res.availability) == (12, 3, evenings)
    assert set(res.types.values_list("code", flat=True)) == {"meeting", "culture"}


def test_a_deactivated_space_is_not_booked_nor_matched(tree, personas, meeting_room):
    room = meeting_room.room
    booked = next_free_slot(room)
    booking_create(slot=booked, user=personas["resident"])
    space_deactivate(space=meeting_room)
    room.refresh_from_db()
    assert not room.is_active and not meeting_room.is_active
    assert list(Slot.objects.filter(room=room, start__gt=timezone.now())) == [booked]  # the booked one stays
    assert not Resource.objects.get(space=meeting_room).is_active
    keep_slots_ahead(timezone.now())
    assert Slot.objects.filter(room=room, start__gt=timezone.now()).count() == 1


def test_the_daily_job_keeps_slots_ahead_for_shared_rooms(meeting_room):
    room = meeting_room.room
    Slot.objects.filter(room=room).delete()
    keep_slots_ahead(timezone.now())
    assert Slot.objects.filter(room=room).count() > 100


def test_a_resident_books_a_shared_space_through_the_booking_engine_and_capacity_holds(tree, personas, meeting_room):
    slot = next_free_slot(meeting_room.room)
    resident, neighbour = personas["resident"], make_user("neighbour")
    first = booking_create(slot=slot, user=resident, party_size=25, purpose="楼组议事会")
    second = booking_create(slot=slot, user=neighbour, party_size=10)
    assert (first.state, second.state) == ("booked", "waitlisted")
    slot.refresh_from_db()
    assert (slot.booked, slot.capacity) == (1, 1)
    with pytest.raises(ValidationError, match="30"):
        booking_create(slot=next_free_slot(meeting_room.room), user=make_user("crowd"), party_size=31)
    booking_cancel(booking=first, by=resident)
    assert Booking.objects.get(pk=second.pk).state == "booked"  # the waitlist gets the place


def test_bad_input_writes_nothing(tree, tax_office):
    rooms, spaces, resources = Room.objects.count(), SharedSpace.objects.count(), Resource.objects.count()
    with pytest.raises(ValidationError) as e:
        space(tree.D1, space_types=("elderly",))  # a project field, not a kind of space
    assert "types" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        space(tree.G1)  # a grid, not a 居民区
    assert "unit" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        space(tree.D1, hours={})  # bookable without opening hours
    assert "opening_hours" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        space(tree.D1, hours={"0": [["14:00", "12:00"]]})
    assert "opening_hours" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        space(tree.D1, capacity=0)
    assert "capacity" in e.value.message_dict
    assert (Room.objects.count(), SharedSpace.objects.count(), Resource.objects.count()) == (rooms, spaces, resources)
    assert not Slot.objects.exists()


def test_a_failed_update_changes_nothing(tree, meeting_room):
    Resource.objects.filter(space=meeting_room).update(committed=5)  # five agreed uses not yet given
    with pytest.raises(ValidationError):
        space_update(space=meeting_room, name="改名", uses_per_period=2)
    meeting_room = SharedSpace.objects.select_related("room").get(pk=meeting_room.pk)
    assert (meeting_room.room.name, meeting_room.uses_per_period) == ("税务局二楼会议室", 8)


def test_a_space_offered_by_the_district_itself_has_no_organisation(tree):
    s = space(tree.D2, name="蓝天睦邻活动室", space_types=("leisure",), hours=EVERY_DAY)
    assert s.organisation is None and Resource.objects.get(space=s).organisation is None


def test_opening_hours_read_as_a_week_with_alike_days_together():
    from django.utils import translation

    from resources.selectors.spaces import readable_week

    weekdays = {str(d): [["14:00", "17:00"]] for d in range(5)} | {"5": [["09:00", "12:00"]]}
    with translation.override("en"):
        assert readable_week(weekdays) == [("Monday to Friday", ["14:00-17:00"]), ("Saturday", ["09:00-12:00"])]
        assert readable_week(EVERY_DAY) == [("Every day", ["09:00-12:00", "14:00-17:00"])]
        assert readable_week({"0": [["08:00", "09:00"]], "2": [["08:00", "09:00"]]}) == [("Monday", ["08:00-09:00"]), ("Wednesday", ["08:00-09:00"])]
        assert readable_week({}) == []
