"""The demo devices (demo/smart.py) loaded by `load_demo`, and the simulator reading them back."""

import pytest
from django.core.management import call_command

from org.models import UnitKind
from smart.models import Alarm, Device, DeviceLatest, DeviceState, Event, Maintainer, Telemetry, TelemetryHourly, Vendor
from smart.services.registry import token_digest
from smart.simulator.fleet import load_devices
from smart.simulator.tokens import demo_device_token, demo_vendor_key

SMALL = {"districts": 2, "households": 500, "verbosity": 0}


@pytest.fixture
def demo(db):
    call_command("load_demo", **SMALL)


def test_the_demo_places_devices_of_every_kind_in_both_districts_with_their_credentials(demo):
    devices = list(Device.objects.select_related("device_type", "unit", "vendor"))
    types = {d.device_type.code for d in devices}
    assert {"elevator", "fire", "garbage", "smoke", "gate", "camera"} <= types
    assert {d.unit_path[:-4] for d in devices if d.unit.kind == UnitKind.BUILDING} and len({d.code.split("-D")[1][:2] for d in devices if "-D" in d.code}) == 2
    assert all(d.token_digest == token_digest(demo_device_token(d.code)) for d in devices)
    assert all(d.vendor and d.serial and d.installed_on and d.lat and d.lng and d.location for d in devices)
    assert all(v.key_digest == token_digest(demo_vendor_key(v.code)) for v in Vendor.objects.all())
    lifts = [d for d in devices if d.device_type.code == "elevator"]
    assert lifts and all(d.maintainer and d.unit.kind == UnitKind.BUILDING for d in lifts)
    assert {d.unit_id for d in lifts} and all(sum(x.unit_id == d.unit_id for x in lifts) == 2 for d in lifts)  # two per building
    # home sensors sit on the building with no house and no name
    sensors = [d for d in devices if d.device_type.code in ("smoke", "gas", "water")]
    assert sensors
    for d in sensors:
        assert d.unit.kind == UnitKind.BUILDING and d.location == f"{d.unit.name} 某单元"
        assert "室" not in d.name + d.location
    # maintainer members are accounts that cannot sign in
    members = [u for m in Maintainer.objects.prefetch_related("members") for u in m.members.all()]
    assert members and not any(u.has_usable_password() for u in members)


def test_two_days_of_history_latest_values_rollups_and_cleared_past_alarms(demo):
    n = Device.objects.count()
    assert Telemetry.objects.count() > n * 250  # 288 steps, less the outages
    assert DeviceLatest.objects.count() == n and Device.objects.filter(state=DeviceState.ONLINE).count() == n
    assert TelemetryHourly.objects.count() > n * 40
    assert Event.objects.filter(code="plate_read").exists()
    alarms = Alarm.objects.all()
    assert alarms.filter(alarm_type="offline").exists() and not alarms.filter(active=True).exists()
    assert all(a.cleared_at and a.started_at <= a.cleared_at for a in alarms)
    assert alarms.filter(acknowledged=True, acknowledged_by__isnull=False).exists()
    trapped = alarms.filter(alarm_type="trapped", rule__isnull=False).select_related("device").first()
    assert trapped is not None and trapped.device.name in trapped.details and trapped.severity == 5
    # the simulator loads the demo devices with their tokens and their building's floors
    devices = load_devices()
    assert len(devices) == n
    lift = next(d for d in devices if d.type_code == "elevator")
    assert lift.token == demo_device_token(lift.code) and lift.vendor_key == demo_vendor_key(lift.vendor)
    assert 2 <= lift.state["floors"] <= 30
    assert [d.code for d in load_devices([lift.code])] == [lift.code]


def test_running_the_demo_again_adds_no_devices(demo):
    before = (Device.objects.count(), Telemetry.objects.count(), Alarm.objects.count())
    call_command("load_demo", **SMALL)
    assert (Device.objects.count(), Telemetry.objects.count(), Alarm.objects.count()) == before
