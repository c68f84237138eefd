"""The issue 6 demo (demo/services.py) on a small tree: the centre and stations as the plan describes them,
bookings whose counts and timelines agree with the booking rules, ~150 睦邻点 of which some are inactive
enough for the daily job, duty with evening and weekend shifts, and surveys with answers."""

import datetime
from collections import Counter, defaultdict

import pytest
from django.core.management import call_command
from django.db.models import Count, Q
from django.utils import timezone

from core.testing import built_once
from core.validators import validate_credit_code
from demo.services import load_demo_services
from demo.specs import ZHONGSHAN
from doorstep.eligibility import eligibility_refusal
from doorstep.inactivity import flag_inactive_points, inactive_points
from doorstep.models import (
    Booking,
    BookingTransition,
    Committee,
    DutyKind,
    DutyShift,
    NeighbourhoodPoint,
    Place,
    PlaceKind,
    PointRecord,
    PointTransition,
    ReceptionLog,
    Room,
    Service,
    Slot,
    StarRating,
)
from doorstep.workflow import BOOKING_WORKFLOW, HOLDS_PLACE, LIVE_BOOKING_STATES, POINT_WORKFLOW, BookingState, PointState
from notices.models import Notice
from surveys.models import Response, Survey, SurveyState

SMALL = {"districts": 2, "households": 120, "verbosity": 0}
NOW = timezone.make_aware(datetime.datetime(2026, 6, 3, 10, 0))  # a Wednesday
CENTRE_FUNCTIONS = {"canteen", "day_care", "fitness", "early_education", "reading", "youth", "volunteer", "health_station", "legal", "classroom"}
NOT_A_STEP = {"model", "unmodel", "rate"}  # timeline events that keep the state


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """The demo tree without cases, devices or services, then the services demo with three weeks of bookings:
    loaded once for the module."""
    skip = lambda *a, **k: {"skipped": True}  # noqa: E731
    with built_once(django_db_blocker), pytest.MonkeyPatch.context() as mp:
        for name in ("load_demo_cases", "load_demo_smart", "load_demo_services", "load_demo_resources", "load_demo_deliberation", "load_evaluation_demo"):
            mp.setattr(f"demo.management.commands.load_demo.{name}", skip)
        call_command("load_demo", **SMALL)
        yield load_demo_services(ZHONGSHAN, now=NOW, booking_days=21, progress=False)


@pytest.fixture
def demo(loaded, db):
    return loaded


def replay(steps, workflow, initial_actions):
    """The state the timeline ends in; asserts each step is one the workflow allows."""
    first, *rest = steps
    assert first.action in initial_actions and first.from_state == "", first.action
    state = first.to_state
    for t in rest:
        if t.action in NOT_A_STEP:
            assert t.from_state == t.to_state == state
            continue
        assert t.from_state == state and workflow.find(t.from_state, t.to_state, t.action) is not None, (t.action, t.from_state, t.to_state)
        state = t.to_state
    return state


def test_the_centre_and_the_stations_have_their_rooms_committees_hours_and_operators(demo):
    centre = Place.objects.get(kind=PlaceKind.CENTRE)
    assert (centre.area_m2, centre.floors) == (3900, 3)
    assert CENTRE_FUNCTIONS <= set(centre.rooms.values_list("kind", flat=True))
    validate_credit_code(centre.operator.credit_code)
    stations = Place.objects.filter(kind=PlaceKind.STATION)
    assert stations.count() == 2
    for station in stations:
        kinds = Counter(station.rooms.values_list("kind", flat=True))
        assert all(kinds[k] == 1 for k in ("affairs_hall", "party", "mediation", "health", "culture", "deliberation")) and 1 <= kinds["other"] <= 3
        assert Committee.objects.filter(place=station).count() == 4 and all(c.members.exists() for c in station.committees.all())
        assert all(m.resident.unit_path.startswith(station.unit_path) for c in station.committees.all() for m in c.members.select_related("resident"))  # linked to residents
        periods = [p for day in station.opening_hours.values() for p in day]
        assert any(end >= "20:00" for _start, end in periods) and {"5", "6"} <= set(station.opening_hours)
        validate_credit_code(station.operator.credit_code)
    services = Service.objects.all()
    assert set(services.values_list("group", flat=True)) == {"party", "government", "life"}
    assert services.get(name="老人日托").eligibility == {"min_age": 60} and services.get(name="0-3岁亲子早教").eligibility == {"max_age": 6}


def test_booked_counts_the_bookings_that_held_a_place_and_every_timeline_replays(demo):
    assert demo["bookings"] > 300
    held = dict(Booking.objects.filter(state__in=[*HOLDS_PLACE, BookingState.NO_SHOW]).values_list("slot").annotate(n=Count("id")))
    for slot in Slot.objects.all():
        assert slot.booked == held.get(slot.pk, 0) <= slot.capacity
    live = Booking.objects.filter(state__in=LIVE_BOOKING_STATES).values("slot", "user").annotate(n=Count("id")).filter(n__gt=1)
    assert not live.exists()
    steps = defaultdict(list)
    for t in BookingTransition.objects.order_by("booking_id", "at", "id"):
        steps[t.booking_id].append(t)
    for b in Booking.objects.select_related("slot"):
        assert replay(steps[b.pk], BOOKING_WORKFLOW, {"book", "waitlist"}) == b.state
        assert steps[b.pk][0].by_id == b.user_id and steps[b.pk][0].at == b.created_at <= NOW
        assert (b.waitlisted_at is not None) == (steps[b.pk][0].action == "waitlist")
        assert (b.checked_in_at is not None) == (b.state == BookingState.CHECKED_IN)
        if b.slot.start > NOW:
            assert b.state in (BookingState.BOOKED, BookingState.WAITLISTED, BookingState.CANCELLED)
    states = set(Booking.objects.values_list("state", flat=True))
    assert states == set(BookingState.values)
    assert BookingTransition.objects.filter(action="promote").exists()


def test_service_bookings_are_by_people_the_service_admits_and_nobody_is_barred_for_no_shows(demo):
    for b in Booking.objects.filter(slot__service__isnull=False).select_related("slot__service__place__unit", "resident"):
        assert b.resident is not None and b.resident.user_id == b.user_id
        assert eligibility_refusal(b.slot.service, b.resident, timezone.localtime(b.slot.start).date()) is None, (b.slot.service.name, b.resident.birth_date)
    ends = defaultdict(list)
    for user, end in Booking.objects.filter(state=BookingState.NO_SHOW).values_list("user", "slot__end"):
        ends[user].append(end)
    for times in ends.values():
        times.sort()
        assert all(times[i + 2] - times[i] > datetime.timedelta(days=90) for i in range(len(times) - 2))


def test_about_150_points_live_their_lives_and_the_daily_job_finds_the_inactive_ones(demo):
    points = NeighbourhoodPoint.objects.all()
    assert 145 <= points.count() <= 160
    by_state = Counter(points.values_list("state", flat=True))
    assert by_state[PointState.PROPOSED] >= 5 and by_state[PointState.RETIRED] >= 3 and by_state[PointState.DECLINED] >= 1
    assert by_state[PointState.FLAGGED] >= 1 and by_state[PointState.UNDER_REVIEW] >= 1
    models = points.filter(is_model=True)
    assert 8 <= models.count() <= 12 and not models.exclude(state=PointState.ACTIVE).exists()
    assert all(p.host_name and p.theme and p.operator_id and p.project_start and p.project_end for p in points)
    steps = defaultdict(list)
    for t in PointTransition.objects.order_by("point_id", "at", "id"):
        steps[t.point_id].append(t)
    for p in points:
        assert replay(steps[p.pk], POINT_WORKFLOW, {"propose"}) == p.state
        assert (p.retired_on is not None) == (p.state == PointState.RETIRED)
    today = timezone.localdate(NOW)
    inactive = list(inactive_points(today))
    assert 12 <= len(inactive) <= 18
    assert {p.pk for p in flag_inactive_points(now=NOW)} == {p.pk for p in inactive}
    assert not inactive_points(today).exists()
    ratings = StarRating.objects.filter(year=today.year - 1)
    assert ratings.count() > 100 and set(ratings.filter(point__is_model=True).values_list("stars", flat=True)) <= {4, 5}
    assert Counter(ratings.values_list("stars", flat=True)).keys() >= {3, 4, 5}


def test_duty_has_evening_and_weekend_shifts_nobody_twice_at_once_and_reception_by_whoever_was_on_duty(demo):
    shifts = list(DutyShift.objects.order_by("user_id", "start"))
    kinds = Counter(s.kind for s in shifts)
    assert kinds[DutyKind.EVENING] and kinds[DutyKind.WEEKEND] and kinds[DutyKind.REGULAR]
    for a, b in zip(shifts, shifts[1:], strict=False):
        assert a.user_id != b.user_id or a.end <= b.start
    assert DutyShift.objects.filter(start__gt=NOW).exists()
    logs = ReceptionLog.objects.all()
    assert logs.count() >= 10
    for log in logs:
        assert DutyShift.objects.filter(place=log.place, user=log.received_by, start__lte=log.at, end__gte=log.at).exists()
        assert (log.resident_id is None) or log.visitor_phone_masked == ""
        assert log.visitor_phone_enc == "" or log.visitor_phone_masked[3:7] == "****"


def test_the_surveys_have_answers_once_each_and_the_needs_survey_is_a_points_record(demo):
    assert demo["surveys"] == 4 and demo["survey responses"] > 10
    assert not Response.objects.values("survey", "user").annotate(n=Count("id")).filter(n__gt=1).exists()
    needs = Survey.objects.get(purpose="needs")
    assert needs.state == SurveyState.OPEN and PointRecord.objects.filter(survey=needs, kind="survey").exists()
    resident = Survey.objects.model._meta.apps.get_model("accounts", "User").objects.get(username="resident")
    assert Notice.objects.filter(user=resident, url=f"/surveys/{needs.pk}/answer/").exists()
    assert not Response.objects.filter(survey=needs, user=resident).exists()
    assert Survey.objects.filter(state=SurveyState.CLOSED).exists() and Survey.objects.filter(state=SurveyState.DRAFT).exists()
    for survey in Survey.objects.all():  # each with the timeline of its dates, ending in its state
        timeline = list(survey.transitions.order_by("at", "id"))
        assert timeline[0].action == "create" and timeline[-1].to_state == survey.state


def test_a_second_load_adds_nothing(demo):
    models = [Place, Room, Service, Slot, Booking, NeighbourhoodPoint, DutyShift, Survey]
    before = [m.objects.count() for m in models]
    assert load_demo_services(ZHONGSHAN, now=NOW, progress=False) == {"skipped": True}
    assert [m.objects.count() for m in models] == before
    assert Booking.objects.filter(Q(created_at__gt=NOW)).count() == 0
