"""`manage.py simulate_devices --http`: the simulator POSTs batches to the ingestion endpoint of a live server."""

import io

import pytest
from django.core.management import call_command

from smart.ingest.devices import device_cache
from smart.models import Device, DeviceType, Event, Telemetry, Vendor
from smart.services.registry import token_digest
from smart.simulator.tokens import demo_device_token, demo_vendor_key


@pytest.fixture
def devices(live_server, audit_flushable, tree):
    call_command("smart_defaults", verbosity=0, stdout=io.StringIO(), stderr=io.StringIO())
    heiman = Vendor.objects.create(code="heiman", name="海曼", key_digest=token_digest(demo_vendor_key("heiman")))
    lift, smoke = DeviceType.objects.get(code="elevator"), DeviceType.objects.get(code="smoke")

    def make(code, t, vendor=None):
        return Device.objects.create(
            code=code, name=code, device_type=t, vendor=vendor, unit=tree.B1, unit_path=tree.B1.path, token_digest=token_digest(demo_device_token(code))
        )

    made = [make("LIFT-H-1", lift), make("SMOKE-H-1", smoke, heiman), make("SMOKE-H-2", smoke, heiman)]
    device_cache.clear()  # the ingestion's per-process cache still knows the previous test's devices by these codes
    return made


def test_once_posts_one_report_per_device_and_every_one_is_stored(live_server, devices):
    out = io.StringIO()
    call_command("simulate_devices", "--once", "--http", live_server.url, stdout=out)  # the lift as a device, the sensors through their vendor
    assert "sent 3 message(s) over http" in out.getvalue()
    assert sorted(Telemetry.objects.values_list("device__code", flat=True)) == ["LIFT-H-1", "SMOKE-H-1", "SMOKE-H-2"]


def test_a_trapped_passenger_over_http_is_stored_as_an_event_with_its_floor(live_server, devices):
    call_command("simulate_devices", "--once", "--scenario", "trapped", "--http", live_server.url, verbosity=0)
    event = Event.objects.get(device__code="LIFT-H-1")
    assert event.code == "trapped" and event.data["floor"] >= 2


def test_a_short_run_over_http_stores_status_and_telemetry_with_nothing_rejected(live_server, devices):
    out = io.StringIO()
    call_command("simulate_devices", "--http", live_server.url, "--duration", "1.5", "--rate", "20", "--scenario-every", "0", stdout=out)
    assert "rejected" not in out.getvalue() and "errors 0" in out.getvalue()
    assert Telemetry.objects.count() >= 10
    assert set(Event.objects.filter(kind="status").values_list("code", flat=True)) == {"online", "offline"}
