"""Ingestion over MQTT against a real broker (the tests' own Mosquitto with the project's configuration, see
conftest.py): the consumer's loop runs in a thread (its own database connection, so the tests are
transactional), messages are published with paho at QoS 1 under a topic root and client ids of the test's own,
by the test publisher's account (a gateway allowed to write anywhere under the root) or by the devices."""

import contextlib
import io
import os
import signal
import threading
import time
import uuid

import paho.mqtt.client as mqtt
import pytest
from django.core.management import call_command
from django.db import OperationalError, connections
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

from core.testing import make_tree
from smart import engine
from smart.ingest.consumer import Consumer
from smart.ingest.devices import device_cache
from smart.ingest.testing import event, make_ingest_devices, payload, status, telemetry, topic
from smart.models import Device, DeviceState, Event, IngestRejection, Telemetry

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("audit_flushable")]  # see tests/browser/fixtures.py
BROKER = None  # the tests' broker (conftest.mqtt_broker), set by the autouse fixture below


@pytest.fixture(autouse=True)
def _broker(mqtt_broker):
    global BROKER
    BROKER = mqtt_broker
    yield


@pytest.fixture
def root(settings):
    settings.SMART_TOPIC_ROOT = f"test-ingest/{uuid.uuid4().hex[:12]}"
    return settings.SMART_TOPIC_ROOT


@pytest.fixture
def dev(root, monkeypatch, mqtt_broker):
    monkeypatch.setattr(engine, "evaluate", lambda batch: None)
    device_cache.clear()
    devices = make_ingest_devices(make_tree(prefix="MQ"), prefix="MQ")
    mqtt_broker.sync(root)  # the devices' and the consumer's accounts, the ACL for this root
    yield devices
    device_cache.clear()


@pytest.fixture
def client_ids():
    """Client ids of the test's consumers; their persistent sessions are removed from the broker afterwards."""
    made = []

    def _new():
        made.append(f"test-ingest-{uuid.uuid4().hex[:12]}")
        return made[-1]

    yield _new
    for client_id in made:
        forget_session(client_id)


def forget_session(client_id: str) -> None:
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=client_id, protocol=mqtt.MQTTv5)
    client.username_pw_set(*BROKER.consumer)
    props = Properties(PacketTypes.CONNECT)
    props.SessionExpiryInterval = 0
    with contextlib.suppress(OSError):
        client.connect("127.0.0.1", BROKER.port, clean_start=True, properties=props)
        client.loop_start()
        time.sleep(0.2)
        client.disconnect()
        client.loop_stop()


class Running:
    """A consumer's `run` in a thread, from connected to stopped."""

    def __init__(self, **kw):
        kw.setdefault("url", BROKER.url)
        kw.setdefault("wait", 0.05)
        kw.setdefault("stats_every", 0)
        kw.setdefault("session_expiry", 300)
        self.consumer = Consumer(**kw)
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.error = None

    def _run(self):
        try:
            self.consumer.run()
        except BaseException as e:  # noqa: BLE001  reported by the test
            self.error = e
        finally:
            connections.close_all()

    def __enter__(self):
        self.thread.start()
        assert self.consumer.connected.wait(10), "the consumer did not connect and subscribe"
        return self.consumer

    def __exit__(self, *exc):
        self.consumer.stop()
        self.thread.join(30)
        assert not self.thread.is_alive() and self.error is None


def publish(root: str, items, broker=None) -> None:
    """Publish (topic, payload) pairs or wire-format dicts at QoS 1 as the test publisher and wait until the broker has them all."""
    broker = broker or BROKER
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=f"test-pub-{uuid.uuid4().hex[:12]}", protocol=mqtt.MQTTv5)
    client.username_pw_set(*broker.publisher)
    client.connect("127.0.0.1", broker.port)
    client.loop_start()
    infos = [client.publish(*(item if isinstance(item, tuple) else (topic(root, item), payload(item))), qos=1) for item in items]
    for info in infos:
        info.wait_for_publish(10)
    client.disconnect()
    client.loop_stop()


def wait_until(predicate, timeout=30.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            if predicate():
                return True
        except OperationalError:  # SQLite: the consumer is writing
            pass
        time.sleep(0.1)
    return False


def test_a_message_published_twice_is_stored_once(dev, root, client_ids):
    m = telemetry(dev.g1, dev.g1_token, "m-1", {"fill_residual": 12})
    with Running(client_id=client_ids()) as consumer:
        publish(root, [m, m, telemetry(dev.g1, dev.g1_token, "m-2", {"fill_residual": 13})])
        assert wait_until(lambda: consumer.stats.processed() == 3)
    assert sorted(Telemetry.objects.values_list("msg_id", flat=True)) == ["m-1", "m-2"]
    assert (consumer.stats.stored, consumer.stats.duplicates) == (2, 1)
    assert Device.objects.get(pk=dev.g1.pk).state == DeviceState.ONLINE


def test_events_and_status_are_stored_and_the_last_will_sets_offline(dev, root, client_ids):
    with Running(client_id=client_ids()) as consumer:
        publish(root, [event(dev.lift, dev.lift_token, "e-1", "trapped", data={"floor": 7}), status(dev.lift, dev.lift_token, "will", "offline")])
        assert wait_until(lambda: consumer.stats.processed() == 2)
    assert Event.objects.get(msg_id="e-1").data == {"floor": 7}
    assert Device.objects.get(pk=dev.lift.pk).state == DeviceState.OFFLINE


def test_a_message_published_with_mqtt5_properties_is_stored_too(dev, root, client_ids):
    m = telemetry(dev.g1, dev.g1_token, "p-1", {"odour": 4})
    props = Properties(PacketTypes.PUBLISH)
    props.ContentType = "application/json"
    props.UserProperty = ("firmware", "1.2")
    with Running(client_id=client_ids()) as consumer:
        client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=f"test-pub-{uuid.uuid4().hex[:12]}", protocol=mqtt.MQTTv5)
        client.username_pw_set(*BROKER.publisher)
        client.connect("127.0.0.1", BROKER.port)
        client.loop_start()
        client.publish(topic(root, m), payload(m), qos=1, properties=props).wait_for_publish(10)
        client.disconnect()
        client.loop_stop()
        assert wait_until(lambda: consumer.stats.processed() == 1)
    assert Telemetry.objects.get().values == {"odour": 4}


def test_junk_is_counted_and_does_not_stop_the_consumer(dev, root, client_ids):
    t = f"{root}/{dev.g1.code}/telemetry"
    junk = [
        (t, b""),
        (t, b"not json"),
        (t, b"\x00\xff\xfe binary"),
        (t, b"[1, 2, 3]"),
        (t, b'{"msg_id": 1}'),
        (t, b"[" * 50_000),
        (f"{root}/nobody/telemetry", payload(telemetry(dev.g1, dev.g1_token, "j", {"odour": 1}))),
        (f"{root}/{dev.g2.code}/telemetry", payload(telemetry(dev.g1, dev.g1_token, "j", {"odour": 1}))),  # payload names another device
        (t, payload({**telemetry(dev.g1, dev.g1_token, "j", {}), "values": {"odour": "\u0000"}})),
        (f"{root}/{dev.lift.code}/events", payload({**event(dev.lift, dev.lift_token, "j", "trapped"), "data": {"x": "\u0000"}})),
        (f"{root}/{dev.lift.code}/events", payload({**event(dev.lift, dev.lift_token, "j", "trapped"), "data": {"x": "\ud800"}})),
    ]
    with Running(client_id=client_ids()) as consumer:
        publish(root, [*junk, telemetry(dev.g1, dev.g1_token, "fine", {"odour": 1})])
        assert wait_until(lambda: consumer.stats.processed() == len(junk) + 1)
    assert list(Telemetry.objects.values_list("msg_id", flat=True)) == ["fine"] and not Event.objects.exists()
    assert sum(IngestRejection.objects.filter(channel="mqtt").values_list("count", flat=True)) == len(junk)
    assert consumer.stats.db_errors == 0


def test_two_consumers_in_one_group_get_every_message_exactly_once_between_them(dev, root, client_ids):
    n = 400
    messages = [telemetry(dev.g1 if i % 2 else dev.g2, dev.g1_token if i % 2 else dev.g2_token, f"s-{i}", {"odour": i % 10}) for i in range(n)]
    with Running(client_id=client_ids(), group="pair") as one, Running(client_id=client_ids(), group="pair") as two:
        publish(root, messages)
        assert wait_until(lambda: one.stats.processed() + two.stats.processed() == n)
        time.sleep(0.5)  # nothing more arrives
    assert one.stats.received + two.stats.received == n
    assert one.stats.received > 0 and two.stats.received > 0
    assert Telemetry.objects.count() == n and one.stats.duplicates + two.stats.duplicates == 0


def test_a_restarted_consumer_receives_what_was_published_while_it_was_down(dev, root, client_ids):
    client_id = client_ids()
    with Running(client_id=client_id):
        pass  # the session and its subscriptions now exist on the broker
    publish(root, [telemetry(dev.g1, dev.g1_token, f"d-{i}", {"odour": 1}) for i in range(50)])
    with Running(client_id=client_id) as consumer:
        assert wait_until(lambda: consumer.stats.processed() == 50)
    assert Telemetry.objects.count() == 50


def test_messages_stored_but_not_acknowledged_come_again_and_are_stored_once(dev, root, client_ids):
    client_id = client_ids()
    crashing = Running(client_id=client_id)
    crashing.consumer._ack = lambda items: None  # as if killed between the commit and the PUBACKs
    with crashing as consumer:
        publish(root, [telemetry(dev.g1, dev.g1_token, f"r-{i}", {"odour": 1}) for i in range(20)])
        assert wait_until(lambda: consumer.stats.stored == 20)
    with Running(client_id=client_id) as consumer:
        assert wait_until(lambda: consumer.stats.duplicates == 20)
    assert Telemetry.objects.count() == 20
    with Running(client_id=client_id) as consumer:  # acknowledged now: nothing comes a third time
        time.sleep(1.0)
        assert consumer.stats.received == 0


def test_a_database_error_rolls_back_and_the_batch_is_stored_on_retry(dev, root, client_ids, monkeypatch):
    calls = []

    def flaky(batch):
        calls.append(len(batch.telemetry))
        if len(calls) == 1:
            raise OperationalError("the database went away")

    monkeypatch.setattr(engine, "evaluate", flaky)
    with Running(client_id=client_ids()) as consumer:
        publish(root, [telemetry(dev.g1, dev.g1_token, f"x-{i}", {"odour": 1}) for i in range(10)])
        assert wait_until(lambda: consumer.stats.processed() == 10)
    assert Telemetry.objects.count() == 10 and consumer.stats.db_errors == 1 and consumer.stats.duplicates == 0


def test_a_message_that_always_fails_is_isolated_and_counted_without_stopping_the_others(dev, root, client_ids, monkeypatch):
    def picky(batch):
        if any(m.msg_id == "poison" for m in batch.telemetry):
            raise ValueError("a bug that only this message triggers")

    monkeypatch.setattr(engine, "evaluate", picky)
    messages = [telemetry(dev.g1, dev.g1_token, f"p-{i}", {"odour": 1}) for i in range(6)]
    messages.insert(3, telemetry(dev.g1, dev.g1_token, "poison", {"odour": 1}))
    with Running(client_id=client_ids(), wait=0.5) as consumer:
        publish(root, messages)
        assert wait_until(lambda: consumer.stats.processed() == 7, timeout=60)
    assert sorted(Telemetry.objects.values_list("msg_id", flat=True)) == sorted(f"p-{i}" for i in range(6))
    assert IngestRejection.objects.get(reason="store_error").count == 1


def test_the_command_prints_stats_and_stops_cleanly_on_sigterm(dev, root, client_ids):
    out = io.StringIO()
    client_id = client_ids()

    def publish_then_stop():
        time.sleep(1.0)
        publish(root, [telemetry(dev.g1, dev.g1_token, "c-1", {"odour": 1})])
        wait_until(lambda: Telemetry.objects.exists())
        connections.close_all()
        os.kill(os.getpid(), signal.SIGTERM)

    handlers = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    helper = threading.Thread(target=publish_then_stop)
    helper.start()
    try:
        call_command("ingest_mqtt", url=BROKER.url, client_id=client_id, topic_root=root, wait=0.05, stats=0.5, stdout=out)
    finally:
        signal.signal(signal.SIGTERM, handlers[0])
        signal.signal(signal.SIGINT, handlers[1])
        helper.join(30)
    text = out.getvalue()
    assert "final: received 1 stored 1 duplicates 0 rejected 0" in text
    assert Telemetry.objects.count() == 1


@pytest.fixture
def broker(tmp_path, root):
    """A broker of the test's own (the project's configuration, a free port), to be restarted."""
    from smart.tests.broker import TestBroker

    private = TestBroker(tmp_path)
    private.sync(root)
    yield private
    private.broker.stop()


def test_the_consumer_reconnects_by_itself_after_the_broker_restarts(dev, root, broker):
    with Running(url=broker.url, client_id="test-ingest-restart") as consumer:
        publish(root, [telemetry(dev.g1, dev.g1_token, f"b-{i}", {"odour": 1}) for i in range(5)], broker=broker)
        assert wait_until(lambda: consumer.stats.processed() == 5)
        broker.broker.stop()
        assert wait_until(lambda: not consumer.connected.is_set(), timeout=10)
        broker.broker.start()
        assert consumer.connected.wait(40), "no reconnection"
        publish(root, [telemetry(dev.g1, dev.g1_token, f"a-{i}", {"odour": 1}) for i in range(5)], broker=broker)
        assert wait_until(lambda: consumer.stats.processed() == 10)
    assert Telemetry.objects.count() == 10
