"""`manage.py simulate_devices` over a real broker (the tests' own, with the project's configuration), each test under
its own topic root; each simulated device logs in as itself."""

import io
import json
import threading
import time
import uuid

import paho.mqtt.client as mqtt
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from smart.broker import mosquitto_hash
from smart.models import Device, DeviceType
from smart.services.registry import token_digest
from smart.simulator.tokens import demo_device_token


class Subscriber:
    """Reads the root's messages with the consumer's account (the only one allowed to read)."""

    def __init__(self, root, broker):
        self.messages, self.ready = [], threading.Event()
        self.client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=f"test-sub-{uuid.uuid4().hex[:8]}", protocol=mqtt.MQTTv5)
        self.client.username_pw_set(*broker.consumer)
        self.client.on_connect = lambda c, u, f, rc, p: c.subscribe(f"{root}/#", qos=1)
        self.client.on_subscribe = lambda c, u, mid, rcs, p: self.ready.set()
        self.client.on_message = lambda c, u, m: self.messages.append((m.topic, json.loads(m.payload)))
        self.client.connect("127.0.0.1", broker.port)
        self.client.loop_start()
        assert self.ready.wait(5)

    def wait_for(self, n, timeout=10):
        end = time.monotonic() + timeout
        while len(self.messages) < n and time.monotonic() < end:
            time.sleep(0.05)
        return self.messages

    def close(self):
        self.client.disconnect()
        self.client.loop_stop()


@pytest.fixture
def root(settings):
    settings.SMART_TOPIC_ROOT = f"test-sim-{uuid.uuid4().hex[:10]}"
    return settings.SMART_TOPIC_ROOT


@pytest.fixture
def sub(root, devices, mqtt_broker):
    s = Subscriber(root, mqtt_broker)
    yield s
    s.close()


@pytest.fixture
def devices(tree, root, mqtt_broker):
    call_command("smart_defaults", verbosity=0, stdout=io.StringIO(), stderr=io.StringIO())
    lift, cam = DeviceType.objects.get(code="elevator"), DeviceType.objects.get(code="camera")
    out = []
    for code, t, name in [("LIFT-T-1", lift, "1号楼1号电梯"), ("LIFT-T-2", lift, "1号楼2号电梯"), ("CAM-T-1", cam, "1号楼高空抛物监控")]:
        out.append(
            Device.objects.create(
                code=code, name=name, device_type=t, unit=tree.B1, unit_path=tree.B1.path,
                token_digest=token_digest(demo_device_token(code)), mqtt_password_hash=mosquitto_hash(demo_device_token(code)),
            )  # fmt: skip
        )
    mqtt_broker.sync(root)
    return out


@pytest.fixture
def broker_url(mqtt_broker):
    return mqtt_broker.broker.url


def test_once_with_the_trapped_scenario_publishes_one_trapped_event_without_the_token_in_the_payload(devices, sub, root, broker_url):
    call_command("simulate_devices", "--once", "--scenario", "trapped", "--url", broker_url, verbosity=0)
    [(topic, payload)] = sub.wait_for(1)
    code = topic.split("/")[-2]
    assert topic == f"{root}/{code}/events" and code in ("LIFT-T-1", "LIFT-T-2")
    assert payload["event"] == "trapped" and payload["data"]["floor"] >= 2
    assert "token" not in payload and set(payload) >= {"msg_id", "ts", "event", "data"}  # the device logged in with its token instead
    time.sleep(0.3)
    assert len(sub.messages) == 1


def test_a_short_run_reaches_a_subscriber_with_status_telemetry_and_the_scenarios(devices, sub, root, broker_url):
    call_command("simulate_devices", "--url", broker_url, "--duration", "1.5", "--rate", "30", "--scenario", "all", "--scenario-every", "0", verbosity=0)
    msgs = sub.wait_for(30)
    kinds = {(t.split("/")[-2], t.split("/")[-1]) for t, _ in msgs}
    assert {("LIFT-T-1", "status"), ("LIFT-T-2", "telemetry"), ("CAM-T-1", "events")} <= kinds
    statuses = [p["status"] for t, p in msgs if t.endswith("/status") and t.split("/")[-2] == "LIFT-T-1"]
    assert statuses[0] == "online" and statuses[-1] == "offline"
    throw = next(p for t, p in msgs if p.get("event") == "throw")
    assert throw["snapshot"] and all(t.startswith(f"{root}/") for t, _ in msgs)
    per_device = {}
    for t, p in msgs:
        per_device.setdefault(t.split("/")[-2], []).append(p["msg_id"])
    assert all(len(ids) == len(set(ids)) for ids in per_device.values())


def test_a_device_whose_token_the_broker_does_not_know_cannot_connect(devices, root, broker_url, mqtt_broker):
    Device.objects.filter(code="LIFT-T-1").update(mqtt_password_hash=mosquitto_hash("another token"))
    mqtt_broker.sync(root)
    with pytest.raises(CommandError, match="LIFT-T-1"):
        call_command("simulate_devices", "--once", "--url", broker_url, "--devices", "LIFT-T-1", verbosity=0)


def test_with_no_broker_and_no_server_it_says_it_cannot_connect(devices):
    with pytest.raises(CommandError):
        call_command("simulate_devices", "--once", "--url", "mqtt://127.0.0.1:1", verbosity=0)


def test_a_fleet_larger_than_one_process_can_connect_says_so_or_posts_over_http(devices, broker_url, monkeypatch):
    from smart.management.commands import simulate_devices

    monkeypatch.setattr(simulate_devices, "MQTT_MAX_DEVICES", 1)  # the fixture's fleet has more than one device
    with pytest.raises(CommandError, match="--devices"):
        call_command("simulate_devices", "--once", "--url", broker_url, verbosity=0)
