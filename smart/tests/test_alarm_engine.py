"""The alarm engine on stored batches: every condition kind, severity order, schedule, extend and clear."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from smart import engine
from smart.conditions import compile_schedule, render_details, schedule_allows
from smart.models import Alarm, AlarmRule, DeviceType, Severity
from smart.services.rules import rule_create, rule_update
from smart.tests.builders.alarms import SHANGHAI, at, event, feed, make_world, tel

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(tree):
    return make_world(tree)


def alarms(device, alarm_type):
    return list(Alarm.objects.filter(device=device, alarm_type=alarm_type).order_by("id"))


def test_a_trapped_passenger_raises_an_active_unacknowledged_critical_alarm_with_its_details(world):
    lift = world["lift"]
    feed(event(lift, "trapped"))
    (alarm,) = alarms(lift, "trapped")
    assert (alarm.active, alarm.acknowledged, alarm.severity, alarm.count) == (True, False, Severity.CRITICAL, 1)
    assert alarm.details == "1号楼东梯困人，请立即救援（1单元）"
    assert alarm.started_at == alarm.last_at == at(0)
    assert alarm.rule.alarm_type == "trapped"


def test_a_repeat_while_active_extends_the_alarm_instead_of_creating_another(world):
    lift = world["lift"]
    feed(event(lift, "trapped", 0))
    feed(event(lift, "trapped", 30), event(lift, "trapped", 40))
    (alarm,) = alarms(lift, "trapped")
    assert alarm.count == 3
    assert alarm.started_at == at(0) and alarm.last_at == at(40)


def test_messages_that_trip_nothing_raise_nothing(world):
    feed(tel(world["lift"], 0, fault_code=0, running=1), event(world["lift"], "alarm_button"))
    assert not Alarm.objects.exists()


def test_a_duration_condition_raises_only_after_the_predicate_held_for_the_whole_time(world):
    fire = world["fire"]
    feed(tel(fire, 0, pressure=0.05))
    feed(tel(fire, 100, pressure=0.06))
    feed(tel(fire, 299, pressure=0.05))
    assert not alarms(fire, "low_pressure")
    feed(tel(fire, 301, pressure=0.04))
    (alarm,) = alarms(fire, "low_pressure")
    assert alarm.severity == Severity.MAJOR and alarm.last_at == at(301)
    assert alarm.details == "管网水压 0.04 MPa，低于 0.1 MPa 已 5 分钟"


def test_a_good_reading_inside_the_window_restarts_the_duration(world):
    fire = world["fire"]
    feed(tel(fire, 0, pressure=0.05))
    feed(tel(fire, 150, pressure=0.3))
    feed(tel(fire, 200, pressure=0.05))
    feed(tel(fire, 400, pressure=0.05))  # 400 s after the first low reading, but only 200 s after the good one
    assert not alarms(fire, "low_pressure")
    feed(tel(fire, 501, pressure=0.05))
    assert len(alarms(fire, "low_pressure")) == 1


def test_a_duration_is_seen_within_one_batch_too(world):
    fire = world["fire"]
    feed(*(tel(fire, s, pressure=0.05) for s in range(0, 331, 30)))
    assert len(alarms(fire, "low_pressure")) == 1


def test_a_repeating_condition_counts_the_stored_events_in_its_window(world):
    cam = world["camera"]
    feed(event(cam, "illegal_parking", 0))
    feed(event(cam, "illegal_parking", 600))
    assert not alarms(cam, "illegal_parking")
    feed(event(cam, "illegal_parking", 1700))
    (alarm,) = alarms(cam, "illegal_parking")
    assert alarm.severity == Severity.MINOR


def test_events_spread_wider_than_the_window_do_not_repeat(world):
    cam = world["camera"]
    for s in (0, 1000, 2000, 3000):
        feed(event(cam, "illegal_parking", s))
    assert not alarms(cam, "illegal_parking")


def test_severities_are_checked_from_critical_down_and_the_first_that_holds_wins(world):
    dt = DeviceType.objects.get(code="garbage")
    rule_create(
        device_type=dt,
        alarm_type="odour",
        name="异味",
        create_conditions={
            "MINOR": {"kind": "simple", "predicates": [{"key": "odour", "op": ">=", "value": 3}]},
            "CRITICAL": {"kind": "simple", "predicates": [{"key": "odour", "op": ">=", "value": 8}]},
            "MAJOR": {"kind": "simple", "predicates": [{"key": "odour", "op": ">=", "value": 5}]},
        },
    )
    b = world["bin"]
    feed(tel(b, 0, odour=9))
    assert alarms(b, "odour")[0].severity == Severity.CRITICAL


def test_a_repeat_at_a_higher_severity_escalates_and_a_lower_one_never_lowers_it(world):
    dt = DeviceType.objects.get(code="garbage")
    rule_create(
        device_type=dt,
        alarm_type="odour",
        name="异味",
        create_conditions={
            "MINOR": {"kind": "simple", "predicates": [{"key": "odour", "op": ">=", "value": 3}]},
            "MAJOR": {"kind": "simple", "predicates": [{"key": "odour", "op": ">=", "value": 5}]},
        },
    )
    b = world["bin"]
    feed(tel(b, 0, odour=4))
    feed(tel(b, 10, odour=6))
    feed(tel(b, 20, odour=3))
    (alarm,) = alarms(b, "odour")
    assert (alarm.severity, alarm.count, alarm.active) == (Severity.MAJOR, 3, True)


def test_any_matches_one_predicate_and_an_event_or_a_reading_can_trip_the_same_rule(world):
    gas = world["gas"]
    feed(tel(gas, 0, gas_lel=30, battery=80))
    feed(event(gas, "gas_alarm", 5))
    (alarm,) = alarms(gas, "gas_leak")
    assert alarm.count == 2 and alarm.severity == Severity.CRITICAL


def test_the_garbage_room_rule_major_on_overflow_minor_after_ten_minutes_full(world):
    b = world["bin"]
    full = {"fill_residual": 95, "fill_kitchen": 40, "fill_recyclable": 10, "fill_hazardous": 5}
    feed(tel(b, 0, **full))
    feed(tel(b, 300, **full))
    assert not alarms(b, "overflow")
    feed(tel(b, 601, **full))
    assert alarms(b, "overflow")[0].severity == Severity.MINOR
    feed(event(b, "overflow", 700))
    assert alarms(b, "overflow")[0].severity == Severity.MAJOR


def test_the_clear_condition_clears_and_the_next_trigger_is_a_new_alarm(world):
    b = world["bin"]
    feed(event(b, "overflow", 0))
    feed(tel(b, 60, fill_residual=70, fill_kitchen=10, fill_recyclable=10, fill_hazardous=10))  # one bin still at 70%: not cleared
    assert alarms(b, "overflow")[0].active
    feed(tel(b, 120, fill_residual=20, fill_kitchen=10, fill_recyclable=10, fill_hazardous=10))
    first = alarms(b, "overflow")[0]
    assert not first.active and first.cleared_at == at(120) and first.cleared_by is None
    feed(event(b, "overflow", 200))
    first, second = alarms(b, "overflow")
    assert not first.active and second.active and second.count == 1


def test_a_raise_and_a_clear_in_one_batch_are_taken_in_time_order(world):
    b = world["bin"]
    low = {"fill_residual": 10, "fill_kitchen": 10, "fill_recyclable": 10, "fill_hazardous": 10}
    feed(tel(b, 10, **low), event(b, "overflow", 0))  # the batch is out of order: the overflow came first
    (alarm,) = alarms(b, "overflow")
    assert not alarm.active and alarm.cleared_at == at(10)


def test_a_reading_without_the_key_says_nothing(world):
    fire = world["fire"]
    feed(tel(fire, 0, pressure=0.05))
    feed(tel(fire, 200, level=3.0))  # no pressure in it: it neither breaks nor proves the duration
    feed(tel(fire, 301, pressure=0.05))
    assert len(alarms(fire, "low_pressure")) == 1


def test_a_rule_raises_only_within_its_schedule(world):
    dt = DeviceType.objects.get(code="garbage")
    rule_create(
        device_type=dt,
        alarm_type="hot",
        name="高温",
        create_conditions={"WARNING": {"kind": "simple", "predicates": [{"key": "temperature", "op": ">", "value": 40}]}},
        schedule={"days": [0, 1, 2, 3, 4], "start": "08:00", "end": "20:00"},
    )
    b = world["bin"]
    saturday = 5 * 24 * 3600
    feed(tel(b, saturday, temperature=45))  # Saturday 10:00
    feed(tel(b, 11 * 3600, temperature=45))  # Monday 21:00
    assert not alarms(b, "hot")
    feed(tel(b, 3600, temperature=45))  # Monday 11:00
    assert len(alarms(b, "hot")) == 1


@pytest.mark.parametrize(
    "schedule, local, allowed",
    [
        ({"days": [0], "start": "22:00", "end": "06:00"}, (2025, 3, 3, 23, 0), True),  # Monday night
        ({"days": [0], "start": "22:00", "end": "06:00"}, (2025, 3, 4, 5, 59), True),  # into Tuesday morning
        ({"days": [0], "start": "22:00", "end": "06:00"}, (2025, 3, 4, 6, 0), False),
        ({"days": [0], "start": "22:00", "end": "06:00"}, (2025, 3, 3, 5, 0), False),  # Monday early morning belongs to Sunday's night
        ({"days": [6], "start": "00:00", "end": "00:00"}, (2025, 3, 9, 13, 0), True),  # the whole Sunday
        (None, (2025, 3, 9, 13, 0), True),
    ],
)
def test_schedules_span_midnight_and_whole_days(schedule, local, allowed):
    assert schedule_allows(compile_schedule(schedule), datetime.datetime(*local, tzinfo=SHANGHAI)) is allowed


def test_details_keep_missing_keys_and_survive_bad_formats():
    assert render_details("满溢度 {fill}%，异味 {odour}", {"fill": 93}) == "满溢度 93%，异味 {odour}"
    assert render_details("{fill:.1f}% {missing:.1f}", {"fill": 93}) == "93.0% {missing:.1f}"
    assert render_details("{fill:.1f}", {"fill": "n/a"}) == "n/a"


def test_a_saved_rule_is_used_at_once_and_a_deactivated_rule_no_longer_raises(world):
    lift = world["lift"]
    engine.rule_cache.get()
    rule = AlarmRule.objects.get(device_type__code="elevator", alarm_type="trapped")
    rule_update(rule=rule, is_active=False)
    feed(event(lift, "trapped", 0))
    assert not alarms(lift, "trapped")
    rule_update(rule=rule, is_active=True)
    feed(event(lift, "trapped", 10))
    assert len(alarms(lift, "trapped")) == 1


def test_a_batch_that_trips_nothing_costs_at_most_one_query_in_the_engine(world):
    lift, b = world["lift"], world["bin"]
    batch = engine.StoredBatch(now=at(0), telemetry=[tel(lift, i, fault_code=0, running=1) for i in range(500)] + [tel(b, i, odour=1) for i in range(500)])
    engine.rule_cache.get()
    with CaptureQueriesContext(connection) as ctx:
        engine.evaluate(batch)
    assert len(ctx.captured_queries) <= 1  # the active alarms of the devices whose clear condition holds


def test_messages_of_device_types_without_rules_cost_no_query(world):
    AlarmRule.objects.filter(device_type__code="elevator").delete()
    lift = world["lift"]
    engine.rule_cache.get()
    with CaptureQueriesContext(connection) as ctx:
        engine.evaluate(engine.StoredBatch(now=at(0), telemetry=[tel(lift, i, fault_code=7) for i in range(100)], events=[event(lift, "trapped")]))
    assert ctx.captured_queries == []
