"""Ingestion over HTTP: POST /smart/ingest/ with a device's or a vendor's credential."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from smart import engine
from smart.ingest.testing import event, make_ingest_devices, telemetry
from smart.models import Device, Event, IngestRejection, Telemetry
from smart.views.ingest import MAX_MESSAGES

URL = "/smart/ingest/"


@pytest.fixture
def dev(tree, monkeypatch):
    monkeypatch.setattr(engine, "evaluate", lambda batch: None)
    return make_ingest_devices(tree, prefix="HT")


@pytest.fixture
def post():
    client = Client(enforce_csrf_checks=True)  # no session and no CSRF token: a device has neither

    def _post(auth, body, **extra):
        data = body if isinstance(body, (str, bytes)) else json.dumps(body)
        headers = {"HTTP_AUTHORIZATION": auth} if auth else {}
        return client.post(URL, data, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en", **headers, **extra)

    return _post


def device_auth(device, token):
    return f"Device {device.code}:{token}"


def test_the_url_is_smart_ingest():
    assert reverse("smart:ingest") == URL


def test_a_device_pushes_its_own_batch(dev, post):
    messages = [telemetry(dev.g1, None, i, {"fill_residual": 10 + i}) for i in range(3)] + [event(dev.g1, None, "e1", "overflow")]
    r = post(device_auth(dev.g1, dev.g1_token), {"messages": messages})
    assert r.status_code == 200
    assert r.json() == {"accepted": 4, "duplicates": 0, "rejected": []}
    assert Telemetry.objects.filter(device=dev.g1).count() == 3 and Event.objects.filter(device=dev.g1).count() == 1


def test_a_batch_sent_again_is_all_duplicates(dev, post):
    body = {"messages": [telemetry(dev.g1, None, i, {"odour": 1}) for i in range(5)]}
    post(device_auth(dev.g1, dev.g1_token), body)
    r = post(device_auth(dev.g1, dev.g1_token), body)
    assert r.json() == {"accepted": 0, "duplicates": 5, "rejected": []}
    assert Telemetry.objects.count() == 5


def test_a_device_cannot_push_another_devices_messages(dev, post):
    r = post(device_auth(dev.g1, dev.g1_token), {"messages": [telemetry(dev.g1, None, 1, {"odour": 1}), telemetry(dev.g2, None, 2, {"odour": 1})]})
    body = r.json()
    assert r.status_code == 200 and body["accepted"] == 1
    assert [(x["index"], x["reason"]) for x in body["rejected"]] == [(1, "not_allowed")]
    assert dev.g2.code in body["rejected"][0]["detail"]
    assert not Telemetry.objects.filter(device=dev.g2).exists()


def test_a_vendor_pushes_its_devices_but_not_another_vendors(dev, post):
    messages = [
        telemetry(dev.g1, None, 1, {"odour": 1}),
        event(dev.cam, None, 2, "clutter"),
        telemetry(dev.g2, None, 3, {"odour": 1}),
        telemetry(dev.lift, None, 4, {"floor": 2}),
    ]
    r = post(f"Vendor {dev.vendor.code}:{dev.vendor_key}", {"messages": messages})
    body = r.json()
    assert r.status_code == 200 and body["accepted"] == 2
    assert [(x["index"], x["reason"]) for x in body["rejected"]] == [(2, "not_allowed"), (3, "not_allowed")]


@pytest.mark.parametrize(
    "auth",
    [
        None,
        "",
        "Bearer abc",
        "Device HT-g1",
        "Device HT-g1:wrong",
        "Device nobody:whatever",
        "Vendor ht-v1:wrong",
        "Vendor nobody:x",
        "Token 0123456789abcdef",
    ],
)
def test_a_bad_credential_is_401_and_nothing_is_stored(dev, post, auth):
    r = post(auth, {"messages": [telemetry(dev.g1, dev.g1_token, 1, {"odour": 1})]})
    assert r.status_code == 401 and "detail" in r.json()
    assert not Telemetry.objects.exists()
    assert IngestRejection.objects.get(channel="http").reason == "credential"


def test_the_other_devices_token_is_401(dev, post):
    assert post(device_auth(dev.g1, dev.g2_token), {"messages": []}).status_code == 401


def test_an_inactive_device_or_vendor_is_401(dev, post):
    Device.objects.filter(pk=dev.g1.pk).update(is_active=False)
    dev.vendor.is_active = False
    dev.vendor.save()
    from smart.ingest.devices import device_cache

    device_cache.clear()
    assert post(device_auth(dev.g1, dev.g1_token), {"messages": []}).status_code == 401
    assert post(f"Vendor {dev.vendor.code}:{dev.vendor_key}", {"messages": []}).status_code == 401


@pytest.mark.parametrize("body", ["not json", "[1, 2]", '{"messages": "no list"}', "{}", b"\xff\xfe", '{"messages": {"a": 1}}'])
def test_a_body_that_is_not_json_or_has_no_list_is_400(dev, post, body):
    r = post(device_auth(dev.g1, dev.g1_token), body)
    assert r.status_code == 400 and "detail" in r.json()


def test_too_many_messages_is_413(dev, post):
    r = post(device_auth(dev.g1, dev.g1_token), {"messages": [{}] * (MAX_MESSAGES + 1)})
    assert r.status_code == 413 and not Telemetry.objects.exists()


def test_too_many_bytes_is_413(dev, post):
    r = post(device_auth(dev.g1, dev.g1_token), {"messages": [], "padding": "x" * 2_100_000})
    assert r.status_code == 413


def test_every_rejection_says_which_message_and_why_in_the_users_language(dev, post):
    messages = [
        telemetry(dev.g1, None, "ok", {"odour": 1}),
        telemetry(dev.g1, None, "", {"odour": 1}),
        telemetry(dev.g1, None, "x", {"speed": 1}),
        {"device": dev.g1.code, "kind": "telemetry", "msg_id": "y", "values": {"odour": 1}},
        "junk",
        {"kind": "telemetry"},
    ]
    r = post(device_auth(dev.g1, dev.g1_token), {"messages": messages})
    rejected = r.json()["rejected"]
    assert [(x["index"], x["reason"]) for x in rejected] == [(1, "msg_id"), (2, "measurement"), (3, "ts"), (4, "malformed"), (5, "unknown_device")]
    assert rejected[1]["detail"] == f"Unknown measurement speed for device {dev.g1.code}."
    assert sorted(IngestRejection.objects.values_list("reason", "count")) == [
        ("malformed", 1),
        ("measurement", 1),
        ("msg_id", 1),
        ("ts", 1),
        ("unknown_device", 1),
    ]


def test_the_endpoint_is_documented_in_the_openapi_schema(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    operation = schema["paths"][URL]["post"]
    assert operation["operationId"] == "smart_ingest_batch"
    assert {"200", "400", "401", "413"} <= set(operation["responses"])
