"""Offline alarms fire on time from the periodic job, with no message arriving, and clear when the device returns."""

import datetime

import pytest
from django.core.management import call_command

from smart import jobs
from smart.models import OFFLINE_ALARM, Alarm, AlarmRule, Device, DeviceState, DeviceType, Severity
from smart.offline import offline_check
from smart.services.rules import rule_create
from smart.tests.builders.alarms import at, feed, make_world, tel

pytestmark = pytest.mark.django_db

ELEVATOR_SILENCE = 300  # smart.defaults: an elevator is offline after 300 s


@pytest.fixture
def world(tree):
    w = make_world(tree)
    feed(tel(w["lift"], 0, running=1))  # seen once, at T0
    return w


def offline_alarms():
    return Alarm.objects.filter(alarm_type=OFFLINE_ALARM)


def test_a_silent_device_goes_offline_on_time_without_any_message(world):
    lift = world["lift"]
    assert offline_check(at(ELEVATOR_SILENCE - 1)) == "0 devices went offline"
    assert not offline_alarms().exists()
    assert offline_check(at(ELEVATOR_SILENCE + 1)) == "1 devices went offline"
    lift.refresh_from_db()
    assert (lift.state, lift.state_changed_at) == (DeviceState.OFFLINE, at(ELEVATOR_SILENCE + 1))
    alarm = offline_alarms().get()
    assert (alarm.device_id, alarm.severity, alarm.active, alarm.started_at) == (lift.pk, Severity.MAJOR, True, at(ELEVATOR_SILENCE + 1))
    assert alarm.case is None


def test_the_next_runs_do_not_alarm_twice(world):
    offline_check(at(ELEVATOR_SILENCE + 1))
    offline_check(at(ELEVATOR_SILENCE + 11))
    alarm = offline_alarms().get()
    assert alarm.count == 1


def test_devices_never_seen_or_out_of_service_are_not_alarmed(world):
    Device.objects.filter(pk=world["lift"].pk).update(is_active=False)
    offline_check(at(10 * 24 * 3600))  # the other devices were never seen at all
    assert not offline_alarms().exists()


def test_a_type_with_offline_after_zero_is_never_offline(world):
    DeviceType.objects.filter(code="elevator").update(offline_after=0)
    offline_check(at(10 * 24 * 3600))
    assert not offline_alarms().exists()


def test_the_offline_alarm_clears_when_the_device_is_heard_again(world):
    lift = world["lift"]
    offline_check(at(ELEVATOR_SILENCE + 1))
    feed(tel(lift, ELEVATOR_SILENCE + 30, running=1))
    alarm = offline_alarms().get()
    assert not alarm.active and alarm.cleared_at == at(ELEVATOR_SILENCE + 30)
    lift.refresh_from_db()
    assert lift.state == DeviceState.ONLINE
    offline_check(at(2 * ELEVATOR_SILENCE + 31))  # silent again: a new offline alarm
    assert offline_alarms().filter(active=True).count() == 1


def test_an_offline_rule_of_the_type_sets_the_severity_and_opens_a_case(world):
    rule_create(
        device_type=DeviceType.objects.get(code="elevator"),
        alarm_type=OFFLINE_ALARM,
        name="电梯终端离线",
        create_conditions={"CRITICAL": {"kind": "simple", "predicates": []}},
        details="{device}已离线 {minutes} 分钟",
        opens_case=True,
        case_category_code="FAC-LIFT",
        case_min_severity=Severity.MAJOR,
    )
    offline_check(at(ELEVATOR_SILENCE + 60))
    alarm = offline_alarms().get()
    assert alarm.severity == Severity.CRITICAL and alarm.details == "1号楼东梯已离线 6 分钟"
    assert alarm.case.category.code == "FAC-LIFT"
    assert AlarmRule.objects.get(alarm_type=OFFLINE_ALARM).alarms.count() == 1


def test_an_offline_rule_is_not_evaluated_on_messages(world):
    rule_create(
        device_type=DeviceType.objects.get(code="elevator"),
        alarm_type=OFFLINE_ALARM,
        name="电梯终端离线",
        create_conditions={"MAJOR": {"kind": "simple", "predicates": [{"key": "running", "op": "==", "value": 1}]}},
    )
    feed(tel(world["lift"], 10, running=1))
    assert not offline_alarms().exists()


def test_the_job_runs_every_ten_seconds_from_the_periodic_runner(world, monkeypatch):
    job = next(j for j in jobs.JOBS if j.name == "smart.offline")
    assert job.every == 10
    assert job.run(at(ELEVATOR_SILENCE + 1)) == "1 devices went offline"


def test_the_job_runs_from_the_command_line(world, monkeypatch):
    Device.objects.filter(pk=world["lift"].pk).update(last_seen_at=at(0) - datetime.timedelta(days=1))
    call_command("periodic", "--once", "--only", "smart.offline", verbosity=0)
    assert offline_alarms().filter(device=world["lift"]).exists()


def test_through_the_real_storing_pipeline_an_alarm_is_raised_and_the_offline_alarm_clears_on_return(world):
    from smart.ingest.store import store_batch
    from smart.tests.builders.alarms import event

    lift = world["lift"]
    store_batch([event(lift, "trapped", 10)], channel="http", now=at(10))
    assert Alarm.objects.get(alarm_type="trapped").case is not None
    offline_check(at(10 + ELEVATOR_SILENCE + 1))
    assert offline_alarms().get().active
    store_batch([tel(lift, 10 + ELEVATOR_SILENCE + 20, running=1)], channel="http", now=at(10 + ELEVATOR_SILENCE + 20))
    assert not offline_alarms().get().active
