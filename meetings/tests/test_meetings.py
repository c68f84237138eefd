"""Meetings: the room held through the booking engine (clash and closed refused, nothing changed), cancel and
reschedule moving the bookings, invitations as notices, sign-in at the door and by staff, the live quorum."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from core.testing import make_user
from doorstep.models import Booking
from doorstep.services.bookings import booking_create
from doorstep.services.places import room_create
from doorstep.tests.builders.bookings import make_slot, make_station
from meetings.models import Attendance, Meeting
from meetings.quorum import quorum_of
from meetings.services.bodies import body_update
from meetings.services.meetings import meeting_cancel, meeting_open, meeting_reschedule, meeting_schedule, meeting_sign_in, meeting_tick, meeting_untick
from meetings.tests.builders.bodies import future, seat_of
from notices.models import Notice

pytestmark = pytest.mark.django_db


@pytest.fixture
def room(tree):
    """The station's 议事室 with hourly slots from 48 h to 52 h from now."""
    room = room_create(place=make_station(tree.D1), kind="party", name="议事室", capacity=20)
    for h in range(4):
        make_slot(room=room, start=future(48 + h))
    return room


def test_a_meeting_in_a_room_books_every_slot_it_overlaps(council, council_members, personas, room):
    m = meeting_schedule(body=council, title="四月议事会", starts_at=future(48, 30), ends_at=future(50), by=personas["secretary"], room=room)
    bookings = list(m.bookings.order_by("slot__start"))
    assert [b.slot.start for b in bookings] == [future(48), future(49)]
    assert {(b.state, b.purpose, b.user_id) for b in bookings} == {("booked", "四月议事会", personas["secretary"].pk)}


def test_a_clash_with_a_booked_slot_is_refused_and_nothing_changes(council, personas, room):
    taken = room.slots.get(start=future(49))
    booking_create(slot=taken, user=make_user("neighbour"))
    before = (Meeting.objects.count(), Booking.objects.count(), Notice.objects.count())
    with pytest.raises(ValidationError) as e:
        meeting_schedule(body=council, title="撞期", starts_at=future(48), ends_at=future(50), by=personas["secretary"], room=room)
    assert "议事室" in str(e.value) and e.value.error_dict["room"][0].code == "clash"
    assert (Meeting.objects.count(), Booking.objects.count(), Notice.objects.count()) == before


def test_a_time_when_the_room_is_closed_is_refused(council, personas, room):
    for start, end in ((future(20), future(21)), (future(51), future(53))):  # no slots at all; the end past the last slot
        with pytest.raises(ValidationError) as e:
            meeting_schedule(body=council, title="关门", starts_at=start, ends_at=end, by=personas["secretary"], room=room)
        assert e.value.error_dict["room"][0].code == "closed"
    assert not Meeting.objects.exists()


def test_cancelling_a_meeting_cancels_its_bookings_and_frees_the_room(council, council_members, personas, room):
    m = meeting_schedule(body=council, title="取消的会", starts_at=future(48), ends_at=future(50), by=personas["secretary"], room=room)
    meeting_cancel(meeting=m, by=personas["secretary"], note="改期")
    assert set(Booking.objects.values_list("state", flat=True)) == {"cancelled"}
    assert m.bookings.count() == 0 and m.state == "cancelled"
    assert meeting_schedule(body=council, title="另一个会", starts_at=future(48), ends_at=future(49), by=personas["secretary"], room=room).bookings.count() == 1
    assert Notice.objects.filter(user=personas["resident"], title__contains="取消的会").count() == 2  # invited, then told


def test_rescheduling_moves_the_bookings_or_changes_nothing_on_a_clash(council, council_members, personas, room):
    m = meeting_schedule(body=council, title="挪动的会", starts_at=future(48), ends_at=future(49), by=personas["secretary"], room=room)
    meeting_reschedule(meeting=m, starts_at=future(50), ends_at=future(52), by=personas["secretary"])
    assert sorted(b.slot.start for b in m.bookings.all()) == [future(50), future(51)]
    assert room.slots.get(start=future(48)).booked == 0
    booking_create(slot=room.slots.get(start=future(48)), user=make_user("neighbour"))
    with pytest.raises(ValidationError):
        meeting_reschedule(meeting=m, starts_at=future(48), ends_at=future(50), by=personas["secretary"])
    m.refresh_from_db()
    assert m.starts_at == future(50) and sorted(b.slot.start for b in m.bookings.all()) == [future(50), future(51)]
    assert m.transitions.filter(action="reschedule").count() == 1


def test_members_with_an_account_are_invited_with_a_link_to_the_meeting(council, council_members, personas):
    m = meeting_schedule(body=council, title="五月议事会", starts_at=future(48), ends_at=future(50), by=personas["secretary"], location="居委会")
    notices = Notice.objects.filter(url=m.get_absolute_url())
    assert {n.user_id for n in notices} == {personas[p].pk for p in ("secretary", "social_worker", "resident", "property_company")}
    assert "五月议事会" in notices[0].title and "居委会" in notices[0].body


def test_a_member_signs_in_once_and_a_non_member_is_refused(meeting, personas):
    att, created = meeting_sign_in(meeting=meeting, user=personas["resident"])
    assert created and att.method == "qr"
    again, created = meeting_sign_in(meeting=meeting, user=personas["resident"])
    assert (again.pk, created) == (att.pk, False)
    with pytest.raises(ValidationError, match="议事会"):
        meeting_sign_in(meeting=meeting, user=personas["area_manager"])
    assert Attendance.objects.filter(meeting=meeting).count() == 1


def test_staff_tick_members_and_the_quorum_needs_the_required_seats(meeting, council_members, personas):
    q = quorum_of(meeting)
    assert (q.seats, q.present, q.needed, q.is_quorate) == (11, 0, 6, False)
    for key in ("owners", "property"):
        meeting_tick(meeting=meeting, membership=council_members[key], by=personas["secretary"])
    others = [seat_of(meeting.body, p) for p in ("police", "co_building", "group", "social_org")]
    from meetings.tests.builders.bodies import member

    for s in others:
        meeting_tick(meeting=meeting, membership=member(meeting.body, s.party, user=make_user(f"m_{s.party}")), by=personas["secretary"])
    q = quorum_of(meeting)
    assert q.present == 6 and not q.is_quorate and set(q.missing_required) == {"居民区党组织", "居委会"}
    assert "居民区党组织" in q.refusal()
    meeting_sign_in(meeting=meeting, user=personas["secretary"])
    meeting_tick(meeting=meeting, membership=council_members["committee"], by=personas["secretary"])
    assert quorum_of(meeting).is_quorate
    meeting_untick(meeting=meeting, membership=council_members["committee"], by=personas["secretary"])
    assert not quorum_of(meeting).is_quorate
    body_update(body=meeting.body, required_seats=[seat_of(meeting.body, "party")])
    assert quorum_of(meeting).is_quorate


def test_sign_in_is_refused_once_the_meeting_is_over(meeting, personas):
    meeting_open(meeting=meeting)
    from meetings.services.meetings import meeting_close

    meeting_close(meeting=meeting)
    with pytest.raises(ValidationError):
        meeting_sign_in(meeting=meeting, user=personas["resident"])


def test_a_meeting_in_the_past_cannot_hold_a_room(council, personas, tree):
    room = room_create(place=make_station(tree.D1), kind="party", name="议事室", capacity=20)
    start = future(-5)
    make_slot(room=room, start=start)
    with pytest.raises(ValidationError):
        meeting_schedule(body=council, title="过去", starts_at=start, ends_at=start + datetime.timedelta(hours=1), by=personas["secretary"], room=room)
