"""The named rules of doorstep/rules.py: one test per rule and phase, with the shared personas, and the guard
that every rule registered under `services.` is listed in `doorstep.rules.RULES` and tested here."""

import datetime

import pytest
from django.utils import timezone

from doorstep.rules import booking_is_pending, point_has_run, slot_has_begun
from doorstep.services.bookings import booking_create
from doorstep.tests.builders.bookings import make_slot
from doorstep.tests.builders.bookings import station as station  # noqa: F401  (the fixtures)
from doorstep.tests.builders.bookings import tai_chi as tai_chi
from doorstep.tests.builders.bookings import zsf as zsf
from doorstep.tests.builders.points import make_point
from doorstep.workflow import BookingState, PointState


def allowed(personas, perm, obj=None):
    return {name for name, user in personas.items() if user.has_perm(perm, obj)}


@pytest.fixture
def booking(tai_chi, personas):
    """The resident's booking of a session that begins in a day."""
    return booking_create(slot=make_slot(service=tai_chi, hours_from_now=24), user=personas["resident"])


def test_it_shows_a_booking_to_the_person_who_booked_and_to_staff_who_see_services_there(booking, personas):
    staff = allowed(personas, "services.view_service", booking.slot)
    assert staff and "resident" not in staff
    assert allowed(personas, "services.view_booking", booking) == staff | {"resident"}


def test_it_lets_the_person_who_booked_and_staff_changing_services_there_act_on_a_booking(booking, personas):
    staff = allowed(personas, "services.change_service", booking.slot)
    assert staff and "outsider" not in staff
    assert allowed(personas, "services.act_on_booking", booking) == staff | {"resident"}


def test_it_lets_a_booking_be_cancelled_until_its_slot_begins(booking, personas):
    acting = allowed(personas, "services.act_on_booking", booking)
    assert allowed(personas, "services.cancel_booking", booking) == acting
    booking.slot.start = timezone.now() - datetime.timedelta(minutes=1)
    assert allowed(personas, "services.cancel_booking", booking) == set()


def test_it_lets_no_one_cancel_a_booking_already_cancelled(booking, personas):
    booking.state = BookingState.CANCELLED
    assert allowed(personas, "services.cancel_booking", booking) == set()


def test_it_lets_staff_check_in_at_any_time_and_the_person_who_booked_only_within_the_window(booking, personas, tai_chi):
    staff = allowed(personas, "services.check_in_booking_anytime", booking)
    assert staff == allowed(personas, "services.change_service", booking.slot)
    assert allowed(personas, "services.check_in_booking", booking) == staff  # the slot begins in a day
    soon = booking_create(slot=make_slot(service=tai_chi, hours_from_now=0.1), user=personas["resident"])
    assert allowed(personas, "services.check_in_booking", soon) == staff | {"resident"}
    soon.state = BookingState.CHECKED_IN
    assert allowed(personas, "services.check_in_booking", soon) == set()


def test_it_leaves_operators_to_those_changing_services_at_a_subdistrict(personas, tree):
    at_district = allowed(personas, "services.change_service", tree.D1)
    assert "secretary" in at_district and "secretary" not in allowed(personas, "services.edit_operators")
    assert allowed(personas, "services.edit_operators") == allowed(personas, "services.change_service", tree.S) == {"subdistrict_admin"}


def test_it_tells_a_pending_booking_and_a_begun_slot(booking):
    assert booking_is_pending(None, booking) and not slot_has_begun(booking.slot)
    assert slot_has_begun(booking.slot, now=booking.slot.start)
    booking.state = BookingState.CHECKED_IN
    assert not booking_is_pending(None, booking)


@pytest.fixture
def point(tree, personas):
    return make_point(tree.D1, by=personas["subdistrict_admin"])


def test_it_lets_the_reviewers_take_a_points_steps(point, personas):
    reviewers = allowed(personas, "services.review_point", point)
    assert reviewers and allowed(personas, "services.take_point_step", point) == reviewers


def test_it_takes_records_for_a_running_point_only(point, personas):
    recorders = allowed(personas, "services.change_point", point)
    assert recorders and allowed(personas, "services.record_for_point", point) == recorders
    point.state = PointState.RETIRED
    assert allowed(personas, "services.record_for_point", point) == set()


def test_it_offers_to_edit_a_points_details_until_it_is_retired_or_declined(point, personas):
    editors = allowed(personas, "services.change_point", point)
    assert allowed(personas, "services.edit_point_details", point) == editors
    point.state = PointState.DECLINED
    assert allowed(personas, "services.edit_point_details", point) == set()


def test_it_lets_reviewers_make_an_active_point_a_model_and_take_the_flag_off_later(point, personas):
    reviewers = allowed(personas, "services.review_point", point)
    assert allowed(personas, "services.set_model_point", point) == reviewers
    point.state = PointState.FLAGGED
    assert allowed(personas, "services.set_model_point", point) == set()
    point.is_model = True
    assert allowed(personas, "services.set_model_point", point) == reviewers


def test_it_rates_only_a_point_that_has_run(point):
    assert point_has_run(None, point)
    point.state = PointState.PROPOSED
    assert not point_has_run(None, point)


def test_it_lets_a_resident_use_the_services_offered_where_he_lives_that_his_eligibility_allows(personas, station, tai_chi, tree, zsf):
    from doorstep.services.places import service_create
    from doorstep.tests.builders.bookings import make_station

    early = service_create(place=station, group="life", name="亲子早教", eligibility={"max_age": 6})  # 张三丰 is 76
    far = service_create(place=make_station(tree.D2, name="蓝天好邻居服务站"), group="life", name="蓝天理发")
    assert allowed(personas, "services.use_service", tai_chi) == {"resident"}  # staff have no home: the menu shows them all
    assert allowed(personas, "services.use_service", early) == allowed(personas, "services.use_service", far) == set()


def test_every_rule_of_services_is_listed_and_tested():
    from core.testing import rules_left_untested
    from doorstep.rules import RULES

    assert rules_left_untested("services", RULES, __file__) == {"not listed": [], "not registered": [], "not tested": []}
