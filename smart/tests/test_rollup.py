"""Hourly rollups, retention and the chart series selector (smart.rollup, smart.selectors.series)."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from core.periodic import all_jobs
from smart.defaults import DEVICE_TYPES
from smart.models import Device, DeviceType, Event, Telemetry, TelemetryHourly
from smart.rollup import LATE_HOURS, telemetry_drop_expired, telemetry_rollup
from smart.selectors.series import RAW_MAX_POINTS, series
from smart.services.registry import device_types_load

UTC = datetime.UTC
NOW = datetime.datetime(2025, 3, 10, 12, 7, tzinfo=UTC)  # 12:07, so 11:00-12:00 is the last complete hour


@pytest.fixture
def device(tree):
    device_types_load(DEVICE_TYPES)
    return Device.objects.create(code="rollup-gr-1", name="垃圾房1", device_type=DeviceType.objects.get(code="garbage"), unit=tree.B1, unit_path=tree.B1.path)


@pytest.fixture
def other(tree, device):
    return Device.objects.create(code="rollup-gr-2", name="垃圾房2", device_type=device.device_type, unit=tree.B2, unit_path=tree.B2.path)


_seq = iter(range(10**9))


def reading(device, ts, **values):
    return Telemetry.objects.create(device=device, ts=ts, msg_id=f"m{next(_seq)}", values=values, received_at=ts)


def at(hour, minute=0, day=10):
    return datetime.datetime(2025, 3, day, hour, minute, tzinfo=UTC)


def hourly(device, key):
    return {r.hour: (r.count, r.total, r.minimum, r.maximum) for r in TelemetryHourly.objects.filter(device=device, key=key).order_by("hour")}


def test_it_rolls_up_each_complete_hour_per_device_and_key(device, other):
    reading(device, at(10, 5), fill_residual=10, odour=2)
    reading(device, at(10, 35), fill_residual=30.5)
    reading(device, at(11, 59), fill_residual=50, odour=4)
    reading(other, at(11, 0), fill_residual=90)
    reading(device, at(12, 1), fill_residual=99)  # the current hour: not complete, not rolled up

    telemetry_rollup(NOW)

    assert hourly(device, "fill_residual") == {at(10): (2, 40.5, 10, 30.5), at(11): (1, 50, 50, 50)}
    assert hourly(device, "odour") == {at(10): (1, 2, 2, 2), at(11): (1, 4, 4, 4)}
    assert hourly(other, "fill_residual") == {at(11): (1, 90, 90, 90)}


def test_it_leaves_out_values_that_are_not_numbers(device):
    reading(device, at(10, 5), fill_residual=10, odour="strong", temperature=None, fill_kitchen=True)
    telemetry_rollup(NOW)
    assert set(TelemetryHourly.objects.values_list("key", flat=True)) == {"fill_residual"}


def test_a_row_whose_values_are_not_an_object_is_skipped(device):
    Telemetry.objects.create(device=device, ts=at(10, 1), msg_id="odd", values=[1, 2], received_at=at(10, 1))
    reading(device, at(10, 5), fill_residual=10)
    telemetry_rollup(NOW)
    assert hourly(device, "fill_residual") == {at(10): (1, 10, 10, 10)}
    assert TelemetryHourly.objects.count() == 1


def test_running_it_again_changes_nothing(device):
    reading(device, at(9, 5), fill_residual=10)
    reading(device, at(11, 5), fill_residual=20)
    telemetry_rollup(NOW)
    before = list(TelemetryHourly.objects.order_by("id").values())
    telemetry_rollup(NOW)
    telemetry_rollup(NOW + datetime.timedelta(minutes=5))
    assert list(TelemetryHourly.objects.order_by("id").values()) == before


def test_it_catches_up_every_hour_since_the_last_rollup(device):
    reading(device, at(1, 5, day=8), fill_residual=1)
    telemetry_rollup(at(2, 1, day=8))
    reading(device, at(20, 5, day=9), fill_residual=2)  # 39 hours later, long past LATE_HOURS
    reading(device, at(11, 5), fill_residual=3)
    telemetry_rollup(NOW)
    assert list(hourly(device, "fill_residual")) == [at(1, day=8), at(20, day=9), at(11)]


def test_a_late_message_recomputes_its_hour(device):
    reading(device, at(10, 5), fill_residual=10)
    telemetry_rollup(NOW)
    reading(device, at(10, 50), fill_residual=30)  # arrives after its hour was rolled up
    telemetry_rollup(NOW + datetime.timedelta(minutes=5))
    assert hourly(device, "fill_residual")[at(10)] == (2, 40, 10, 30)


def test_a_message_later_than_the_late_window_reaches_the_rollup_before_its_hour_expires(device, settings):
    settings.SMART_RETENTION_DAYS = 1
    reading(device, at(6, 5), fill_residual=10)
    telemetry_rollup(at(7, 1))
    reading(device, at(6, 30), fill_residual=30)  # a day late, after the device came back
    telemetry_rollup(at(7, 1) + datetime.timedelta(hours=LATE_HOURS + 1))
    assert hourly(device, "fill_residual")[at(6)] == (1, 10, 10, 10)  # past the late window: not yet

    telemetry_drop_expired(at(7, 30, day=11))

    assert hourly(device, "fill_residual")[at(6)] == (2, 40, 10, 30)
    assert not Telemetry.objects.filter(ts__lt=at(7, day=10)).exists()


def test_retention_drops_old_raw_rows_and_events_in_chunks_and_keeps_rollups(device, settings):
    settings.SMART_RETENTION_DAYS = 2
    for minute in range(0, 50, 10):
        reading(device, at(9, minute, day=7), fill_residual=minute)
    recent = reading(device, at(11, 0), fill_residual=1)
    Event.objects.create(device=device, ts=at(9, 0, day=7), msg_id="e1", code="overflow", received_at=at(9, 0, day=7))
    Event.objects.create(device=device, ts=at(11, 0), msg_id="e2", code="overflow", received_at=at(11, 0))
    telemetry_rollup(at(10, 1, day=7))

    line = telemetry_drop_expired(NOW, chunk=2)  # cutoff: 2025-03-08 12:00 UTC

    assert "5 telemetry rows and 1 events" in line
    assert list(Telemetry.objects.values_list("id", flat=True)) == [recent.id]
    assert list(Event.objects.values_list("msg_id", flat=True)) == ["e2"]
    assert hourly(device, "fill_residual") == {at(9, day=7): (5, 100, 0, 40)}


def test_retention_never_shrinks_a_rollup_when_it_was_interrupted_half_way(device, settings):
    settings.SMART_RETENTION_DAYS = 1
    for minute in range(4):
        reading(device, at(9, minute, day=7), fill_residual=1)
    telemetry_rollup(at(10, 1, day=7))
    Telemetry.objects.filter(pk__in=Telemetry.objects.order_by("ts").values("pk")[:2]).delete()  # half an hour already deleted
    telemetry_drop_expired(NOW)
    assert hourly(device, "fill_residual") == {at(9, day=7): (4, 4, 1, 1)}


def test_both_jobs_are_registered_and_run_from_the_periodic_command(device):
    jobs = {j.name: j.every for j in all_jobs()}
    assert jobs["smart.rollup"] == 300
    assert jobs["smart.retention"] == 3600
    reading(device, timezone.now() - datetime.timedelta(hours=2), fill_residual=5)
    call_command("periodic", once=True, only=["smart.rollup", "smart.retention"], stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert TelemetryHourly.objects.filter(device=device, key="fill_residual").count() == 1


def test_a_short_recent_range_is_answered_from_raw_readings(device):
    reading(device, at(10, 5), fill_residual=10)
    reading(device, at(10, 35), fill_residual=30)
    reading(device, at(10, 40), odour=3)
    s = series(device, "fill_residual", at(10), at(12), now=NOW)
    assert s.source == "raw"
    assert [(p.ts, p.value) for p in s.points] == [(at(10, 5), 10), (at(10, 35), 30)]
    assert s.echarts()["data"] == [[int(at(10, 5).timestamp() * 1000), 10], [int(at(10, 35).timestamp() * 1000), 30]]


def test_a_long_range_is_answered_from_rollups_with_the_hours_not_rolled_up_yet_from_raw(device):
    reading(device, at(10, 5, day=1), fill_residual=10)
    reading(device, at(10, 35, day=1), fill_residual=30)
    reading(device, at(11, 5), fill_residual=40)
    telemetry_rollup(at(12, 1))  # rolls up to 12:00
    reading(device, at(12, 3), fill_residual=50)  # the current hour
    s = series(device, "fill_residual", at(0, day=1), at(13), now=NOW)
    assert s.source == "hourly"
    assert s.points == [(at(10, day=1), 20, 10, 30), (at(11), 40, 40, 40), (at(12), 50, 50, 50)]
    assert s.echarts()["band"][0] == [int(at(10, day=1).timestamp() * 1000), 10, 30]


def test_a_short_range_past_the_retention_period_is_answered_from_rollups(device, settings):
    settings.SMART_RETENTION_DAYS = 1
    reading(device, at(10, 5, day=5), fill_residual=10)
    telemetry_rollup(at(11, 1, day=5))
    s = series(device, "fill_residual", at(0, day=5), at(23, day=5), now=NOW)
    assert s.source == "hourly"
    assert s.points == [(at(10, day=5), 10, 10, 10)]


def test_too_many_raw_readings_fall_back_to_rollups(device, monkeypatch):
    monkeypatch.setattr("smart.selectors.series.RAW_MAX_POINTS", 3)
    assert RAW_MAX_POINTS > 3
    for minute in range(5):
        reading(device, at(10, minute), fill_residual=minute)
    telemetry_rollup(NOW)
    s = series(device, "fill_residual", at(10), at(12), now=NOW)
    assert s.source == "hourly"
    assert s.points == [(at(10), 2, 0, 4)]
