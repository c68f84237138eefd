"""Ingestion: checking messages and storing them once (smart.ingest.parse, smart.ingest.store)."""

import datetime
import json

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.utils import timezone

from smart import engine
from smart.ingest.devices import device_cache
from smart.ingest.parse import check_batch, decode_http, decode_mqtt, parse_ts
from smart.ingest.rejections import Rejection, RejectionCounts
from smart.ingest.store import store_batch
from smart.ingest.testing import event, jpeg_base64, make_ingest_devices, now_ms, payload, status, telemetry
from smart.messages import Message
from smart.models import Device, DeviceLatest, DeviceState, Event, IngestRejection, Telemetry
from smart.services.registry import device_issue_token

UTC = datetime.UTC


@pytest.fixture
def dev(tree):
    return make_ingest_devices(tree)


@pytest.fixture
def evaluated(monkeypatch):
    """The batches the alarm engine was given, and whether it ran inside the batch's transaction."""
    seen = []
    monkeypatch.setattr(engine, "evaluate", lambda batch: seen.append((batch, connection.in_atomic_block)))
    return seen


def ingest(items, channel="http", principal=None):
    """Check and store a batch of wire-format dicts as the HTTP path does; returns (result, rejections)."""
    results = check_batch([decode_http(i) for i in items], cache=device_cache, principal=principal)
    counts = RejectionCounts()
    for r in results:
        if type(r) is Rejection:
            counts.add(r)
    return store_batch([r for r in results if type(r) is Message], channel=channel, rejections=counts), results


def test_a_message_delivered_twice_in_one_batch_is_stored_once(dev, evaluated):
    m = telemetry(dev.g1, dev.g1_token, "a-1", {"fill_residual": 40})
    result, _ = ingest([m, dict(m)])
    assert (result.stored, result.duplicates) == (1, 1)
    assert Telemetry.objects.filter(device=dev.g1, msg_id="a-1").count() == 1
    assert len(evaluated[0][0].telemetry) == 1


def test_a_message_delivered_again_later_is_stored_once_and_not_evaluated_again(dev, evaluated):
    messages = [telemetry(dev.g1, dev.g1_token, "b-1", {"fill_residual": 40}), event(dev.lift, dev.lift_token, "b-2", "trapped")]
    first, _ = ingest(messages)
    again, _ = ingest(messages + [telemetry(dev.g1, dev.g1_token, "b-3", {"fill_residual": 41})])
    assert (first.stored, first.duplicates) == (2, 0)
    assert (again.stored, again.duplicates) == (1, 2)
    assert Telemetry.objects.filter(device=dev.g1).count() == 2 and Event.objects.filter(device=dev.lift).count() == 1
    assert [m.msg_id for m in evaluated[1][0].telemetry] == ["b-3"] and evaluated[1][0].events == []


def test_the_engine_runs_inside_the_transaction_with_only_new_messages(dev, evaluated):
    ingest([event(dev.lift, dev.lift_token, "c-1", "trapped", data={"floor": 3})])
    batch, in_transaction = evaluated[0]
    assert in_transaction
    (message,) = batch.events
    assert (message.device_id, message.device_type_id, message.kind, message.code, message.data) == (
        dev.lift.id,
        dev.lift.device_type_id,
        "event",
        "trapped",
        {"floor": 3},
    )
    ingest([event(dev.lift, dev.lift_token, "c-1", "trapped")])
    assert len(evaluated) == 1  # nothing new: the engine is not called


def test_the_same_msg_id_of_two_devices_is_two_messages(dev, evaluated):
    result, _ = ingest([telemetry(dev.g1, dev.g1_token, "same", {"odour": 1}), telemetry(dev.g2, dev.g2_token, "same", {"odour": 2})])
    assert result.stored == 2


BAD = {
    "unknown_device": lambda d: {**telemetry(d.g1, d.g1_token, "x", {"odour": 1}), "device": "nobody"},
    "inactive_device": lambda d: telemetry(d.lift, d.lift_token, "x", {"floor": 1}),  # the test makes the lift inactive
    "credential": lambda d: telemetry(d.g1, "wrong-token", "x", {"odour": 1}),
    "msg_id": lambda d: telemetry(d.g1, d.g1_token, "", {"odour": 1}),
    "ts": lambda d: telemetry(d.g1, d.g1_token, "x", {"odour": 1}, ts="yesterday"),
    "ts_future": lambda d: telemetry(d.g1, d.g1_token, "x", {"odour": 1}, ts=now_ms() + 6 * 60_000),
    "measurement": lambda d: telemetry(d.g1, d.g1_token, "x", {"speed": 1}),
    "value": lambda d: telemetry(d.g1, d.g1_token, "x", {"odour": "high"}),
    "event": lambda d: event(d.g1, d.g1_token, "x", "trapped"),
    "status": lambda d: status(d.g1, d.g1_token, "x", "sleeping"),
    "data": lambda d: event(d.g1, d.g1_token, "x", "overflow", data=["not", "an", "object"]),
    "snapshot": lambda d: event(d.cam, d.cam_token, "x", "throw", snapshot="bm90IGEganBlZw=="),
    "kind": lambda d: {**telemetry(d.g1, d.g1_token, "x", {"odour": 1}), "kind": "gossip"},
    "malformed": lambda d: ["not", "an", "object"],
}


@pytest.mark.parametrize("reason", sorted(BAD))
def test_a_bad_message_is_counted_by_reason_and_nothing_is_stored(dev, evaluated, reason):
    Device.objects.filter(pk=dev.lift.pk).update(is_active=False)
    device_cache.clear()
    result, results = ingest([BAD[reason](dev)])
    assert results[0].reason == reason
    assert result.stored == 0 and not Telemetry.objects.exists() and not Event.objects.exists()
    row = IngestRejection.objects.get()
    assert (row.day, row.channel, row.reason, row.count) == (timezone.localdate(), "http", reason, 1)
    assert "wrong-token" not in row.last_detail and dev.g1_token not in row.last_detail
    assert evaluated == []


@pytest.mark.parametrize(
    "value",
    [1.5, 2, 0],
)
def test_numbers_in_the_declared_range_are_accepted_as_values(dev, evaluated, value):
    result, _ = ingest([telemetry(dev.g1, dev.g1_token, "n", {"odour": value})])
    assert result.stored == 1


def test_a_number_below_the_declared_range_is_refused(dev, evaluated):
    _, results = ingest([telemetry(dev.g1, dev.g1_token, "n", {"odour": -3})])
    assert results[0].reason == "range"


@pytest.mark.parametrize("value", [True, None, [1], {"a": 1}, 10**20, "1"])
def test_booleans_strings_and_huge_numbers_are_not_values(dev, evaluated, value):
    _, results = ingest([telemetry(dev.g1, dev.g1_token, "n", {"odour": value})])
    assert results[0].reason == "value"


def test_nan_and_infinity_in_an_mqtt_payload_are_refused(dev):
    for text in (b'{"msg_id": "1", "ts": 1, "values": {"odour": NaN}}', b'{"msg_id": "1", "ts": 1, "values": {"odour": 1e999}}'):
        envelope = decode_mqtt(f"root/{dev.g1.code}/telemetry", text.replace(b'"ts"', f'"token": "{dev.g1_token}", "ts"'.encode()), "root/")
        results = check_batch([envelope], cache=device_cache)
        assert results[0].reason in ("value", "ts")


def test_rejections_add_up_per_day_channel_and_reason_in_one_row(dev, evaluated):
    ingest([telemetry(dev.g1, "bad", "1", {"odour": 1}), telemetry(dev.g1, "bad", "2", {"odour": 1})])
    ingest([telemetry(dev.g1, "bad", "3", {"odour": 1}), telemetry(dev.g1, dev.g1_token, "4", {"odour": 1})])
    ingest([telemetry(dev.g1, "bad", "5", {"odour": 1})], channel="mqtt")
    assert sorted(IngestRejection.objects.values_list("channel", "reason", "count")) == [("http", "credential", 3), ("mqtt", "credential", 1)]


def test_a_redelivered_batch_rolled_back_counts_its_rejections_once(dev, monkeypatch):
    def crash(batch):
        raise RuntimeError("the alarm engine failed")

    monkeypatch.setattr(engine, "evaluate", crash)
    with pytest.raises(RuntimeError):
        ingest([telemetry(dev.g1, "bad", "1", {"odour": 1}), telemetry(dev.g1, dev.g1_token, "2", {"odour": 1})])
    assert not IngestRejection.objects.exists() and not Telemetry.objects.exists()
    monkeypatch.setattr(engine, "evaluate", lambda batch: None)
    ingest([telemetry(dev.g1, "bad", "1", {"odour": 1}), telemetry(dev.g1, dev.g1_token, "2", {"odour": 1})])
    assert IngestRejection.objects.get().count == 1 and Telemetry.objects.count() == 1


def test_latest_values_are_merged_newest_time_wins(dev, evaluated):
    t0 = now_ms() - 60_000
    ingest([telemetry(dev.g1, dev.g1_token, "1", {"fill_residual": 10, "odour": 1}, ts=t0)])
    ingest(
        [
            telemetry(dev.g1, dev.g1_token, "3", {"fill_residual": 30}, ts=t0 + 2000),
            telemetry(dev.g1, dev.g1_token, "2", {"fill_residual": 20, "temperature": 25}, ts=t0 + 1000),
        ]
    )
    latest = DeviceLatest.objects.get(device=dev.g1)
    assert latest.values == {"fill_residual": 30, "odour": 1, "temperature": 25}
    assert latest.ts == datetime.datetime.fromtimestamp((t0 + 2000) / 1000, UTC)


def test_an_older_batch_fills_gaps_but_does_not_overwrite_newer_latest_values(dev, evaluated):
    t0 = now_ms() - 60_000
    ingest([telemetry(dev.g1, dev.g1_token, "new", {"fill_residual": 50}, ts=t0)])
    ingest([telemetry(dev.g1, dev.g1_token, "old", {"fill_residual": 5, "odour": 3}, ts=t0 - 30_000)])
    latest = DeviceLatest.objects.get(device=dev.g1)
    assert latest.values == {"fill_residual": 50, "odour": 3}
    assert latest.ts == datetime.datetime.fromtimestamp(t0 / 1000, UTC)


def test_a_device_never_seen_comes_online_and_is_seen_when_its_messages_arrive(dev, evaluated):
    t0 = now_ms() - 3_600_000  # the device's clock is an hour behind: it is still seen now
    result, _ = ingest([telemetry(dev.g1, dev.g1_token, "1", {"odour": 1}, ts=t0 + 5000), telemetry(dev.g1, dev.g1_token, "2", {"odour": 1}, ts=t0)])
    assert result.came_online == {dev.g1.id} and evaluated[0][0].came_online == {dev.g1.id}
    dev.g1.refresh_from_db()
    assert dev.g1.state == DeviceState.ONLINE and dev.g1.state_changed_at is not None
    assert dev.g1.last_seen_at == Telemetry.objects.get(msg_id="1").received_at == evaluated[0][0].now
    again, _ = ingest([telemetry(dev.g1, dev.g1_token, "3", {"odour": 1})])
    assert again.came_online == set()
    dev.g1.refresh_from_db()
    assert dev.g1.last_seen_at == evaluated[1][0].now > evaluated[0][0].now


def test_an_offline_status_sets_the_device_offline_and_the_next_message_brings_it_back(dev, evaluated):
    ingest([telemetry(dev.g1, dev.g1_token, "1", {"odour": 1}), status(dev.g1, dev.g1_token, "will-1", "offline")])
    dev.g1.refresh_from_db()
    assert dev.g1.state == DeviceState.OFFLINE
    assert Event.objects.get(msg_id="will-1").kind == "status"
    result, _ = ingest([status(dev.g1, dev.g1_token, "hello-2", "online")])
    dev.g1.refresh_from_db()
    assert dev.g1.state == DeviceState.ONLINE and result.came_online == {dev.g1.id}


def test_a_duplicate_does_not_change_the_device(dev, evaluated):
    m = status(dev.g1, dev.g1_token, "will-1", "offline")
    ingest([telemetry(dev.g1, dev.g1_token, "1", {"odour": 1}), m])
    ingest([telemetry(dev.g1, dev.g1_token, "2", {"odour": 1})])
    ingest([m])  # the last will delivered again must not take the device offline again
    dev.g1.refresh_from_db()
    assert dev.g1.state == DeviceState.ONLINE


def test_a_camera_snapshot_is_saved_and_its_path_kept(dev, evaluated):
    ingest([event(dev.cam, dev.cam_token, "shot-1", "throw", snapshot=jpeg_base64())])
    path = Event.objects.get(msg_id="shot-1").snapshot
    assert path == f"smart/snapshots/{dev.cam.code}/shot-1.jpg"
    with default_storage.open(path) as f:
        assert f.read(3) == b"\xff\xd8\xff"


def test_a_snapshot_with_an_unsafe_msg_id_gets_a_safe_file_name(dev, evaluated):
    ingest([event(dev.cam, dev.cam_token, "../../etc/passwd", "throw", snapshot=jpeg_base64())])
    path = Event.objects.get().snapshot
    assert path.startswith(f"smart/snapshots/{dev.cam.code}/") and ".." not in path


def test_a_png_is_not_a_snapshot(dev, evaluated):
    import base64
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, format="PNG")
    _, results = ingest([event(dev.cam, dev.cam_token, "png", "throw", snapshot=base64.b64encode(buffer.getvalue()).decode())])
    assert results[0].reason == "snapshot"


def test_a_new_token_works_on_its_first_message_and_the_old_one_stops(dev, evaluated):
    ingest([telemetry(dev.g1, dev.g1_token, "1", {"odour": 1})])  # cached with the first token
    new = device_issue_token(dev.g1)
    device_cache._entries[dev.g1.code] = (device_cache._entries[dev.g1.code][0] - 5, device_cache._entries[dev.g1.code][1])  # cached 5 s ago
    result, results = ingest([telemetry(dev.g1, new, "2", {"odour": 1}), telemetry(dev.g1, dev.g1_token, "3", {"odour": 1})])
    assert result.stored == 1 and results[1].reason == "credential"


def test_checking_a_thousand_messages_costs_one_lookup_query(dev, django_assert_max_num_queries):
    items = [decode_http(telemetry(dev.g1 if i % 2 else dev.g2, dev.g1_token if i % 2 else dev.g2_token, i, {"odour": 1})) for i in range(1000)]
    device_cache.clear()
    with django_assert_max_num_queries(2):  # device types and devices, once for the batch
        results = check_batch(items, cache=device_cache)
    assert all(type(r) is Message for r in results)
    with django_assert_max_num_queries(0):
        check_batch(items, cache=device_cache)


def test_storing_a_batch_takes_a_few_statements_whatever_its_size(dev, evaluated, django_assert_max_num_queries):
    items = [telemetry(dev.g1 if i % 2 else dev.g2, dev.g1_token if i % 2 else dev.g2_token, i, {"odour": i % 10}) for i in range(400)]
    items += [event(dev.lift, dev.lift_token, f"e{i}", "fault") for i in range(100)]
    results = check_batch([decode_http(i) for i in items], cache=device_cache)
    with django_assert_max_num_queries(12):
        result = store_batch(results, channel="mqtt")
    assert result.stored == 500 and Telemetry.objects.count() == 400 and Event.objects.count() == 100


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2025-05-01T08:00:00+08:00", datetime.datetime(2025, 5, 1, 0, 0, tzinfo=UTC)),
        ("2025-05-01T00:00:00Z", datetime.datetime(2025, 5, 1, 0, 0, tzinfo=UTC)),
        ("2025-05-01 08:00:00", datetime.datetime(2025, 5, 1, 0, 0, tzinfo=UTC)),  # no offset: local time (Asia/Shanghai)
        (1746057600000, datetime.datetime(2025, 5, 1, 0, 0, tzinfo=UTC)),
        (1746057600000.5, datetime.datetime(2025, 5, 1, 0, 0, 0, 500, tzinfo=UTC)),
        ("1746057600000", datetime.datetime(2025, 5, 1, 0, 0, tzinfo=UTC)),
        ("1999-12-31T00:00:00Z", None),
        (True, None),
        (1e30, None),
        ("", None),
        (None, None),
    ],
)
def test_times_are_iso_8601_or_epoch_milliseconds(value, expected):
    assert parse_ts(value) == expected


@pytest.mark.parametrize(
    "topic, body, reason",
    [
        ("other/IG-g1/telemetry", b"{}", "topic"),
        ("root/IG-g1/gossip", b"{}", "topic"),
        ("root//telemetry", b"{}", "topic"),
        ("root/IG-g1/telemetry", b"{not json", "malformed"),
        ("root/IG-g1/telemetry", b"\xff\xfe\x00", "malformed"),
        ("root/IG-g1/telemetry", b"[1, 2]", "malformed"),
        ("root/IG-g1/telemetry", b'{"device": "IG-g2"}', "device_mismatch"),
        ("root/IG-g1/telemetry", b"[" * 100_000, "malformed"),
    ],
)
def test_mqtt_envelopes_that_are_refused(topic, body, reason):
    assert decode_mqtt(topic, body, "root/").reason == reason


def test_an_mqtt_payload_names_its_device_only_in_the_topic(dev):
    m = telemetry(dev.g1, dev.g1_token, "1", {"odour": 1})
    kind, code, obj = decode_mqtt(f"root/{dev.g1.code}/telemetry", payload({k: v for k, v in m.items() if k != "device"} | {"kind": "x"}), "root/")
    assert (kind, code) == ("telemetry", dev.g1.code)
    assert json.loads(payload(m))["device"] == dev.g1.code  # naming it in the payload too is allowed when it matches


def test_a_lost_database_connection_is_a_django_operational_error_so_the_consumer_retries(dev, evaluated, monkeypatch):
    from django.db import OperationalError

    from smart.ingest import store

    if connection.vendor != "postgresql":
        pytest.skip("psycopg's own cursor is used on PostgreSQL")
    import psycopg

    def lost(*args):
        raise psycopg.OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(store, "_insert_postgres", lost)
    with pytest.raises(OperationalError):
        ingest([telemetry(dev.g1, dev.g1_token, "1", {"odour": 1})])
