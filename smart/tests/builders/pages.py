"""Devices and alarms on the shared test tree, for the page and API tests (imported by them; no tests here).

B1 (in grid G1, district D1): an elevator with a pin, readings and a CRITICAL alarm; G1 itself: a camera
with a snapshot event and no pin; B2 (district D2): a smoke sensor with a MAJOR alarm. Other subdistrict:
nothing here (the scope matrix in tests/ covers it)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from smart.defaults import DEVICE_TYPES
from smart.models import Alarm, DeviceLatest, DeviceType, Event, Maintainer, Severity, Telemetry, Vendor
from smart.services.devices import device_create
from smart.services.registry import device_types_load


def make_device(code, type_code, unit, **kw):
    device, _token = device_create(code=code, name=kw.pop("name", code), device_type=DeviceType.objects.get(code=type_code), unit=unit, **kw)
    return device


def make_alarm(device, alarm_type="trapped", severity=Severity.CRITICAL, minutes_ago=5, **kw):
    at = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    return Alarm.objects.create(device=device, alarm_type=alarm_type, severity=severity, started_at=at, last_at=at, details=kw.pop("details", "困人"), **kw)


def add_readings(device, n=12, key="speed", start=None, step=datetime.timedelta(minutes=5)):
    start = start or timezone.now() - n * step
    now = timezone.now()
    Telemetry.objects.bulk_create(
        [
            Telemetry(device=device, ts=start + i * step, msg_id=f"{device.code}-{key}-{i}", values={key: 1.0 + i / 10, "floor": i % 7}, received_at=now)
            for i in range(n)
        ]
    )
    DeviceLatest.objects.update_or_create(device=device, defaults={"ts": start + (n - 1) * step, "values": {key: 1.0 + (n - 1) / 10, "floor": (n - 1) % 7}})


@pytest.fixture
def devices(tree):
    device_types_load(DEVICE_TYPES)
    vendor = Vendor.objects.create(code="otis", name="奥的斯")
    maintainer = Maintainer.objects.create(name="上海电梯维保公司", phone="021-12345678")
    lift = make_device("LIFT-B1-1", "elevator", tree.B1, name="1号楼东梯", vendor=vendor, maintainer=maintainer, serial="SN-001",
                       lat=Decimal("31.025"), lng=Decimal("121.225"), location="1号楼 1单元")  # fmt: skip
    camera = make_device("CAM-G1-1", "camera", tree.G1, name="白云1号网格高空抛物摄像头")
    smoke = make_device("SMOKE-B2-1", "smoke", tree.B2, name="2号楼烟感", lat=Decimal("31.026"), lng=Decimal("121.235"))
    type(lift).objects.filter(pk=lift.pk).update(state="online", last_seen_at=timezone.now())
    type(smoke).objects.filter(pk=smoke.pk).update(state="offline")
    lift.refresh_from_db()
    add_readings(lift)
    now = timezone.now()
    Event.objects.create(
        device=camera, ts=now, msg_id="e1", code="throw", data={"confidence": 0.93}, snapshot="smart/snapshots/test-throw.jpg", received_at=now
    )
    return {
        "vendor": vendor,
        "maintainer": maintainer,
        "lift": lift,
        "camera": camera,
        "smoke": smoke,
        "lift_alarm": make_alarm(lift),
        "smoke_alarm": make_alarm(smoke, alarm_type="smoke", severity=Severity.MAJOR, details="烟雾浓度 0.3"),
    }


def scope_devices(tree, world):
    """For tests/test_scope_matrix.py: a device on B1 (inside D1), on B2 (D2), and on the other subdistrict's B1."""
    if not DeviceType.objects.exists():
        device_types_load(DEVICE_TYPES)
    far_building = world["unit"][2].parent  # the other tree's H1 → its B1
    return tuple(make_device(f"SCOPE-{i}", "smoke", unit) for i, unit in enumerate((tree.B1, tree.B2, far_building)))


def scope_alarms(tree, world):
    """For tests/test_scope_matrix.py: an active alarm on each of `scope_devices`' devices."""
    return tuple(make_alarm(d, alarm_type="smoke") for d in world["device"])
