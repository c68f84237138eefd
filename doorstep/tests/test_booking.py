"""Booking rooms and service sessions (doorstep/services/bookings.py): places taken by the database's
guarantees, the waitlist and its promotion, eligibility, check-in, no-shows and the no-show rule."""

import datetime
import threading

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connections, transaction
from django.db.models import F
from django.test import override_settings
from django.utils import timezone
from django.utils.translation import override

from core.workflow import IllegalTransition
from doorstep.models import Booking, Slot
from doorstep.services.bookings import booking_cancel, booking_check_in, booking_create, bookings_mark_no_shows, no_show_ban_until, slot_cancel
from doorstep.tests.builders.bookings import day_care as day_care  # noqa: F401  (the fixtures)
from doorstep.tests.builders.bookings import legal as legal
from doorstep.tests.builders.bookings import lisi as lisi
from doorstep.tests.builders.bookings import make_slot, users
from doorstep.tests.builders.bookings import room as room
from doorstep.tests.builders.bookings import station as station
from doorstep.tests.builders.bookings import tai_chi as tai_chi
from doorstep.tests.builders.bookings import zsf as zsf
from notices.models import Notice

pytestmark = pytest.mark.django_db
ON_SQLITE = settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")


def slot_of(slot):
    return Slot.objects.get(pk=slot.pk)


# --- taking a place -------------------------------------------------------------------------------


def test_booking_a_free_slot_takes_its_place_and_starts_the_timeline(room, personas):
    slot = make_slot(room=room)
    b = booking_create(slot=slot, user=personas["resident"], party_size=12, purpose="楼组议事")
    assert b.state == "booked" and b.waitlisted_at is None and b.party_size == 12
    assert slot_of(slot).booked == 1
    assert list(b.transitions.values_list("action", "to_state")) == [("book", "booked")]
    assert b.ical_uid.endswith("@jiayuan")


def test_a_full_slot_puts_the_next_person_on_the_waitlist(room):
    slot = make_slot(room=room)
    first, second = users(2)
    booking_create(slot=slot, user=first)
    b = booking_create(slot=slot, user=second)
    assert b.state == "waitlisted" and b.waitlisted_at is not None
    assert slot_of(slot).booked == 1
    assert b.transitions.get().action == "waitlist"


def test_the_same_person_cannot_book_the_same_slot_twice_and_nothing_changes(room, personas):
    slot = make_slot(room=room)
    booking_create(slot=slot, user=personas["resident"])
    with pytest.raises(ValidationError) as e:
        booking_create(slot=slot, user=personas["resident"])
    assert e.value.code == "double"
    assert slot_of(slot).booked == 1 and Booking.objects.count() == 1


def test_the_database_refuses_a_second_live_booking_of_one_person_for_one_slot(room, personas):
    slot = make_slot(room=room)
    booking_create(slot=slot, user=personas["resident"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(slot=slot, user=personas["resident"], state="waitlisted", ical_uid="dup@test")


def test_the_database_refuses_more_bookings_than_places(room):
    slot = make_slot(room=room)
    with pytest.raises(IntegrityError), transaction.atomic():
        Slot.objects.filter(pk=slot.pk).update(booked=F("capacity") + 1)


def test_a_violated_constraint_gives_the_place_back_and_says_so(room, personas, monkeypatch):
    """The pre-check is skipped (as when two requests race): the partial unique index refuses, the
    place taken in the same savepoint is given back, and the person reads why."""
    slot = make_slot(room=room, capacity=3)
    booking_create(slot=slot, user=personas["resident"])
    monkeypatch.setattr("doorstep.services.bookings.Booking.objects.filter", lambda *a, **k: Booking.objects.none(), raising=False)
    with override("en"), pytest.raises(ValidationError) as e:
        booking_create(slot=slot, user=personas["resident"])
    assert e.value.code == "conflict" and "nothing was booked" in e.value.messages[0]
    assert slot_of(slot).booked == 1


def test_a_slot_that_has_begun_or_was_called_off_cannot_be_booked(room, personas):
    begun = make_slot(room=room, hours_from_now=-0.5)
    with pytest.raises(ValidationError):
        booking_create(slot=begun, user=personas["resident"])
    called_off = make_slot(room=room, hours_from_now=5)
    Slot.objects.filter(pk=called_off.pk).update(is_cancelled=True)
    with pytest.raises(ValidationError):
        booking_create(slot=called_off, user=personas["resident"])
    assert not Booking.objects.exists()


def test_a_group_larger_than_the_room_is_refused(room, personas):
    with override("en"), pytest.raises(ValidationError) as e:
        booking_create(slot=make_slot(room=room), user=personas["resident"], party_size=31)
    assert "at most 30" in e.value.messages[0]


def test_a_walk_in_service_is_not_booked_online(legal, personas):
    with pytest.raises(ValidationError):
        booking_create(slot=make_slot(service=legal), user=personas["resident"])


# --- eligibility ----------------------------------------------------------------------------------


def test_day_care_accepts_a_resident_of_76(day_care, zsf, personas):
    b = booking_create(slot=make_slot(service=day_care), user=personas["resident"])
    assert b.state == "booked" and b.resident == zsf


def test_day_care_refuses_a_resident_under_60_with_the_reason(day_care, lisi):
    with override("en"), pytest.raises(ValidationError) as e:
        booking_create(slot=make_slot(service=day_care), user=lisi)
    assert "aged 60 and over" in e.value.messages[0]
    assert not Booking.objects.exists()


def test_day_care_refuses_an_account_without_a_resident_record(day_care):
    (nobody,) = users(1)
    with override("en"), pytest.raises(ValidationError) as e:
        booking_create(slot=make_slot(service=day_care), user=nobody)
    assert "record" in e.value.messages[0]


def test_a_service_for_the_districts_residents_refuses_residents_living_elsewhere(station, zsf, lisi, personas):
    from doorstep.services.places import service_create

    local = service_create(place=station, group="party", name="党员学习", capacity=10, eligibility={"residents_of_unit": True})
    slot = make_slot(service=local)
    assert booking_create(slot=slot, user=personas["resident"]).state == "booked"
    with override("en"), pytest.raises(ValidationError) as e:
        booking_create(slot=slot, user=lisi)
    assert "living in 白云居民区" in e.value.messages[0]


# --- cancelling and the waitlist ------------------------------------------------------------------


def test_cancelling_frees_the_place_and_promotes_the_first_waitlisted_with_a_notice(tai_chi):
    slot = make_slot(service=tai_chi, capacity=1)
    a, b, c = users(3)
    ba = booking_create(slot=slot, user=a)
    bb = booking_create(slot=slot, user=b, now=timezone.now())
    bc = booking_create(slot=slot, user=c, now=timezone.now() + datetime.timedelta(seconds=1))
    booking_cancel(booking=ba, by=a)
    bb.refresh_from_db()
    bc.refresh_from_db()
    assert bb.state == "booked" and bc.state == "waitlisted"
    assert slot_of(slot).booked == 1
    assert list(bb.transitions.values_list("action", flat=True)) == ["waitlist", "promote"]
    notice = Notice.objects.get(user=b)
    assert f"/services/bookings/{bb.pk}/" == notice.url
    assert not Notice.objects.filter(user=c).exists()


def test_the_waitlist_is_served_in_the_order_people_joined_it(room):
    slot = make_slot(room=room)
    holder, late, early = users(3)
    first = booking_create(slot=slot, user=holder)
    now = timezone.now()
    w_late = booking_create(slot=slot, user=late, now=now + datetime.timedelta(seconds=5))
    w_early = booking_create(slot=slot, user=early, now=now)
    booking_cancel(booking=first, by=holder)
    w_early.refresh_from_db()
    w_late.refresh_from_db()
    assert (w_early.state, w_late.state) == ("booked", "waitlisted")


def test_cancelling_a_waitlisted_booking_frees_nothing_and_promotes_nobody(room):
    slot = make_slot(room=room)
    holder, waiting, next_ = users(3)
    booking_create(slot=slot, user=holder)
    w = booking_create(slot=slot, user=waiting)
    n = booking_create(slot=slot, user=next_)
    booking_cancel(booking=w, by=waiting)
    n.refresh_from_db()
    assert n.state == "waitlisted" and slot_of(slot).booked == 1


def test_a_cancelled_booking_cannot_be_cancelled_again(room, personas):
    b = booking_create(slot=make_slot(room=room), user=personas["resident"])
    booking_cancel(booking=b, by=personas["resident"])
    with pytest.raises(IllegalTransition):
        booking_cancel(booking=b, by=personas["resident"])
    assert slot_of(b.slot).booked == 0


def test_a_booking_cannot_be_cancelled_once_its_slot_has_begun(room, personas):
    b = booking_create(slot=make_slot(room=room, hours_from_now=1), user=personas["resident"])
    with pytest.raises(IllegalTransition):
        booking_cancel(booking=b, by=personas["resident"], now=timezone.now() + datetime.timedelta(hours=2))


def test_the_person_can_book_again_after_cancelling(room, personas):
    slot = make_slot(room=room)
    b = booking_create(slot=slot, user=personas["resident"])
    booking_cancel(booking=b, by=personas["resident"])
    assert booking_create(slot=slot, user=personas["resident"]).state == "booked"


def test_calling_a_slot_off_cancels_its_bookings_and_tells_their_people(room, personas):
    slot = make_slot(room=room)
    a, b = users(2)
    booking_create(slot=slot, user=a)
    booking_create(slot=slot, user=b)
    slot_cancel(slot=slot, by=personas["secretary"], note="停电")
    assert set(Booking.objects.values_list("state", flat=True)) == {"cancelled"}
    assert slot_of(slot).is_cancelled and slot_of(slot).booked == 0
    assert Notice.objects.filter(user__in=[a, b], body="停电").count() == 2
    with pytest.raises(IllegalTransition):
        slot_cancel(slot=slot, by=personas["secretary"])


# --- check-in and no-shows ------------------------------------------------------------------------


def test_the_resident_checks_in_only_around_the_start(room, personas):
    b = booking_create(slot=make_slot(room=room, hours_from_now=3), user=personas["resident"])
    with pytest.raises(IllegalTransition):
        booking_check_in(booking=b, by=personas["resident"])
    start = b.slot.start
    booking_check_in(booking=b, by=personas["resident"], now=start - datetime.timedelta(minutes=10))
    b.refresh_from_db()
    assert b.state == "checked_in" and b.checked_in_at == start - datetime.timedelta(minutes=10)


def test_staff_at_the_place_check_people_in_at_any_time(room, personas):
    b = booking_create(slot=make_slot(room=room, hours_from_now=3), user=personas["resident"])
    booking_check_in(booking=b, by=personas["secretary"])
    assert Booking.objects.get(pk=b.pk).state == "checked_in"
    with pytest.raises(IllegalTransition):
        booking_check_in(booking=b, by=personas["secretary"])


def test_the_no_show_job_marks_unchecked_bookings_some_minutes_after_the_slot_ends(room, personas):
    slot = make_slot(room=room, hours_from_now=1)
    kept = make_slot(room=room, hours_from_now=2)
    b = booking_create(slot=slot, user=personas["resident"])
    came = booking_create(slot=kept, user=personas["resident"])
    booking_check_in(booking=came, by=personas["secretary"])
    just_after = slot.end + datetime.timedelta(minutes=10)
    assert bookings_mark_no_shows(now=just_after) == []
    later = kept.end + datetime.timedelta(minutes=31)
    assert [x.pk for x in bookings_mark_no_shows(now=later)] == [b.pk]
    assert Booking.objects.get(pk=b.pk).state == "no_show" and Booking.objects.get(pk=came.pk).state == "checked_in"
    assert b.transitions.last().action == "no_show"


def _no_shows(user, room, n, days_ago=5):
    for i in range(n):
        start = timezone.now() - datetime.timedelta(days=days_ago + i)
        s = make_slot(room=room, start=start)
        Booking.objects.create(slot=s, user=user, state="no_show", ical_uid=f"ns-{user.pk}-{days_ago}-{i}@test")


def test_three_no_shows_in_90_days_refuse_booking_for_30_days(room, personas):
    user = personas["resident"]
    _no_shows(user, room, 2)
    assert booking_create(slot=make_slot(room=room), user=user).state == "booked"
    _no_shows(user, room, 1, days_ago=9)
    with override("en"), pytest.raises(ValidationError) as e:
        booking_create(slot=make_slot(room=room, hours_from_now=48), user=user)
    assert "did not come to 3 booked slots" in e.value.messages[0]
    until = no_show_ban_until(user, timezone.now())
    assert until is not None and 24 < (until - timezone.now()).days <= 25  # 30 days after the last, 5 days ago
    assert no_show_ban_until(user, timezone.now() + datetime.timedelta(days=26)) is None


@override_settings(SERVICES_NO_SHOW_LIMIT=0)
def test_the_no_show_rule_can_be_switched_off(room, personas):
    _no_shows(personas["resident"], room, 5)
    assert booking_create(slot=make_slot(room=room), user=personas["resident"]).state == "booked"


# --- many people at once (PostgreSQL: real concurrent connections) --------------------------------


def _burst(slot_id, people, results):
    start = threading.Barrier(len(people))

    def attempt(user):
        try:
            start.wait()
            b = booking_create(slot=Slot(pk=slot_id), user=user)
            results.append(b.state)
        except ValidationError as e:
            results.append(e.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(u,)) for u in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


@pytest.mark.skipif(
    ON_SQLITE, reason="the in-memory SQLite test database cannot be shared by threads; SQLite's IMMEDIATE transactions serialise writers anyway"
)
@pytest.mark.django_db(transaction=True)
def test_forty_people_booking_one_session_at_once_get_exactly_its_places(tree):
    from doorstep.services.places import service_create
    from doorstep.tests.builders.bookings import make_station

    service = service_create(place=make_station(tree.D1), group="life", name="义诊", capacity=7)
    slot = make_slot(service=service)
    results = []
    _burst(slot.pk, users(40, prefix="burst"), results)
    assert sorted(results).count("booked") == 7 and results.count("waitlisted") == 33
    assert Slot.objects.get(pk=slot.pk).booked == 7
    assert Booking.objects.filter(slot=slot, state="booked").count() == 7


@pytest.mark.skipif(ON_SQLITE, reason="needs concurrent connections")
@pytest.mark.django_db(transaction=True)
def test_one_person_pressing_book_eight_times_at_once_gets_one_booking(tree):
    from doorstep.services.places import service_create
    from doorstep.tests.builders.bookings import make_station

    service = service_create(place=make_station(tree.D1), group="life", name="义诊", capacity=5)
    slot = make_slot(service=service)
    (user,) = users(1, prefix="eager")
    results = []
    _burst(slot.pk, [user] * 8, results)
    assert results.count("booked") == 1 and len(results) == 8
    assert set(results) - {"booked"} <= {"double", "conflict"}
    assert Slot.objects.get(pk=slot.pk).booked == 1 and Booking.objects.filter(slot=slot).count() == 1
