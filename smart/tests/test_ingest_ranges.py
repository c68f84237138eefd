"""Readings outside the range a device type declares (issue 13 item 16): refused on both ingestion paths, with
the reason in the rejection log; non-finite numbers too."""

import json

import pytest
from django.test import Client
from django.utils import translation

from smart import engine
from smart.ingest.consumer import Consumer
from smart.ingest.devices import DeviceCache
from smart.ingest.mqtt_client import Received
from smart.ingest.testing import make_ingest_devices, payload, telemetry, topic
from smart.models import IngestRejection, Telemetry

URL = "/smart/ingest/"


@pytest.fixture
def dev(tree, monkeypatch):
    monkeypatch.setattr(engine, "evaluate", lambda batch: None)
    return make_ingest_devices(tree, prefix="RG")


def post(device, token, messages, raw=None):
    body = raw if raw is not None else json.dumps({"messages": messages})
    return Client().post(URL, body, content_type="application/json", HTTP_AUTHORIZATION=f"Device {device.code}:{token}", HTTP_ACCEPT_LANGUAGE="en")


def test_http_refuses_a_lift_floor_outside_its_declared_range_and_logs_why(dev):
    messages = [telemetry(dev.lift, None, "huge", {"floor": 1e308}), telemetry(dev.lift, None, "low", {"floor": -6}), telemetry(dev.lift, None, "top", {"floor": 60})]
    r = post(dev.lift, dev.lift_token, messages)
    assert r.status_code == 200
    body = r.json()
    assert body["accepted"] == 1
    assert [(x["index"], x["reason"]) for x in body["rejected"]] == [(0, "range"), (1, "range")]
    assert body["rejected"][0]["detail"] == "The value of floor is outside the range -5..60 declared by the device type."
    assert list(Telemetry.objects.filter(device=dev.lift).values_list("msg_id", flat=True)) == ["top"]
    row = IngestRejection.objects.get(channel="http", reason="range")
    assert row.count == 2 and "floor" in row.last_detail and "-5..60" in row.last_detail


def test_http_refuses_non_finite_numbers(dev):
    item = '{"device": "CODE", "kind": "telemetry", "msg_id": "ID", "ts": 1700000000000, "values": {"floor": VALUE}}'
    items = [item.replace("CODE", dev.lift.code).replace("ID", i).replace("VALUE", v) for i, v in (("a", "1e999"), ("b", "NaN"), ("c", "-Infinity"))]
    raw = '{"messages": [' + ", ".join(items) + "]}"
    r = post(dev.lift, dev.lift_token, None, raw=raw)
    assert [x["reason"] for x in r.json()["rejected"]] == ["value", "value", "value"]
    assert not Telemetry.objects.exists()


def test_mqtt_consumer_refuses_out_of_range_and_non_finite_values_with_the_reason(dev, settings):
    consumer = Consumer(url="mqtt://127.0.0.1:1", topic_root=settings.SMART_TOPIC_ROOT, cache=DeviceCache(), stats_every=0)
    root = settings.SMART_TOPIC_ROOT
    items = []
    for mid, values in enumerate(({"floor": 1e308}, {"speed": -0.5}, {"floor": float("inf")}, {"floor": 3}), start=1):
        message = telemetry(dev.lift, dev.lift_token, f"m{mid}", values)
        items.append((0, Received(topic(root, message).encode(), payload(message).replace(b"Infinity", b"1e999"), mid, 1, False, False)))
    messages, counts = consumer._check(items)
    assert [m.msg_id for m in messages] == ["m4"]
    assert counts.counts == {"range": 2, "value": 1}
    with translation.override("en"):
        assert counts.last["range"].detail() == "The value of speed is outside the range 0..10 declared by the device type."


def test_a_measurement_without_declared_bounds_takes_any_finite_number(dev):
    lift_type = dev.lift.device_type
    lift_type.measurements = [{**m, "min": None} if m["key"] == "floor" else m for m in lift_type.measurements]
    lift_type.measurements = [{k: v for k, v in m.items() if k != "max"} if m["key"] == "floor" else m for m in lift_type.measurements]
    lift_type.save()
    from smart.ingest.devices import device_cache

    device_cache.clear()
    r = post(dev.lift, dev.lift_token, [telemetry(dev.lift, None, "x", {"floor": 1e12})])
    assert r.json()["accepted"] == 1
