"""The broker is closed (issue 13 item 19): no anonymous client, a device logs in with its code and token and may
publish under its own topic only and read nothing; the consumer has its own account. Against the tests' broker,
which runs deploy/mosquitto.conf with the files `manage.py mqtt_accounts` writes."""

import base64
import hashlib
import io
import subprocess
import threading
import time
import uuid

import pytest
from django.core.management import call_command

from smart.broker import CONF, accounts_text, mosquitto_hash
from smart.ingest.testing import make_ingest_devices, payload, telemetry, topic
from smart.models import Device


@pytest.fixture
def root(settings):
    settings.SMART_TOPIC_ROOT = f"test-acl/{uuid.uuid4().hex[:10]}"
    return settings.SMART_TOPIC_ROOT


@pytest.fixture
def dev(tree, root, mqtt_broker):
    devices = make_ingest_devices(tree, prefix="AC")
    mqtt_broker.sync(root)
    return devices


class Watcher:
    """Everything published under the root, as the consumer's account sees it."""

    def __init__(self, broker, root):
        self.messages, self.ready = [], threading.Event()
        self.client, rc = broker.connect(*broker.consumer)
        assert not rc.is_failure
        self.client.on_subscribe = lambda c, u, mid, rcs, p: self.ready.set()
        self.client.on_message = lambda c, u, m: self.messages.append(m.topic)
        self.client.subscribe(f"{root}/#", qos=1)
        assert self.ready.wait(5)

    def close(self):
        self.client.disconnect()
        self.client.loop_stop()


def publish_and_wait(client, t, body) -> object:
    """Publish at QoS 1; the PUBACK's reason code (MQTT 5: 0x87 Not authorized when the ACL refuses)."""
    codes, done = [], threading.Event()

    def on_publish(c, u, mid, rc, props):
        codes.append(rc)
        done.set()

    client.on_publish = on_publish
    client.publish(t, body, qos=1)
    assert done.wait(5), "no PUBACK"
    return codes[0]


def subscribe_and_wait(client, pattern) -> list:
    codes, done = [], threading.Event()

    def on_subscribe(c, u, mid, rcs, props):
        codes.extend(rcs)
        done.set()

    client.on_subscribe = on_subscribe
    client.subscribe(pattern, qos=1)
    assert done.wait(5), "no SUBACK"
    return codes


def test_the_project_configuration_refuses_anonymous_clients_and_names_the_password_file_and_acl():
    lines = {line.split(" ", 1)[0]: line.split(" ", 1)[1] for line in CONF.read_text().splitlines() if line and not line.startswith("#")}
    assert lines["allow_anonymous"] == "false" and "password_file" in lines and "acl_file" in lines


def test_an_anonymous_client_is_refused(dev, mqtt_broker):
    client, rc = mqtt_broker.connect(None, None)
    client.loop_stop()
    assert rc is not None and rc.is_failure


def test_a_device_with_a_wrong_token_or_a_retired_device_is_refused(dev, mqtt_broker, root):
    assert mqtt_broker.accepts(dev.g1.code, dev.g1_token)
    assert not mqtt_broker.accepts(dev.g1.code, dev.g2_token)
    Device.objects.filter(pk=dev.g1.pk).update(is_active=False)
    mqtt_broker.sync(root)
    assert not mqtt_broker.accepts(dev.g1.code, dev.g1_token)


def test_a_device_publishes_under_its_own_topic_only_and_reads_nothing(dev, mqtt_broker, root):
    watcher = Watcher(mqtt_broker, root)
    client, rc = mqtt_broker.connect(dev.g1.code, dev.g1_token)
    try:
        assert not rc.is_failure
        own = telemetry(dev.g1, None, "own", {"odour": 1})
        other = telemetry(dev.g2, None, "spoofed", {"odour": 1})
        assert not publish_and_wait(client, topic(root, own), payload(own)).is_failure
        refused = publish_and_wait(client, topic(root, other), payload(other))
        assert refused.is_failure and refused.value == 0x87  # Not authorized
        received = []
        client.on_message = lambda c, u, m: received.append(m.topic)
        subscribe_and_wait(client, f"{root}/#")  # Mosquitto may grant the filter; the ACL still delivers nothing (no read right)
        subscribe_and_wait(client, "#")
        g2, rc2 = mqtt_broker.connect(dev.g2.code, dev.g2_token)
        theirs = telemetry(dev.g2, None, "theirs", {"odour": 2})
        assert not publish_and_wait(g2, topic(root, theirs), payload(theirs)).is_failure
        g2.disconnect()
        g2.loop_stop()
        time.sleep(0.5)
        assert received == []
        assert sorted(watcher.messages) == sorted([topic(root, own), topic(root, theirs)])
    finally:
        client.disconnect()
        client.loop_stop()
        watcher.close()


def test_the_consumer_reads_but_cannot_publish(dev, mqtt_broker, root):
    client, rc = mqtt_broker.connect(*mqtt_broker.consumer)
    try:
        m = telemetry(dev.g1, None, "c", {"odour": 1})
        assert publish_and_wait(client, topic(root, m), payload(m)).is_failure
    finally:
        client.disconnect()
        client.loop_stop()


def test_the_hash_is_the_one_mosquitto_passwd_writes(tmp_path):
    path = tmp_path / "pw"
    subprocess.run(["mosquitto_passwd", "-c", "-b", str(path), "dev", "s3cret"], check=True, timeout=10)  # noqa: S603, S607
    written = path.read_text().strip().split(":", 1)[1]
    _, seven, iterations, salt, digest = written.split("$")
    assert seven == "7"
    assert mosquitto_hash("s3cret", salt=base64.b64decode(salt), iterations=int(iterations)) == written
    assert hashlib.sha512  # PBKDF2-SHA512


def test_accounts_text_gives_devices_their_own_topic_and_the_consumer_read_only():
    passwd, acl = accounts_text([("LIFT-1", "$7$101$x$y"), ("bad:code", "$7$1$a$b"), ("NOPASS", "")], consumer=("ingest", "pw"), root="jiayuan/devices")
    users = [line.split(":", 1)[0] for line in passwd.splitlines()]
    assert users == ["ingest", "LIFT-1"]
    assert "user ingest\ntopic read jiayuan/devices/#" in acl and "pattern write jiayuan/devices/%u/#" in acl
    assert "readwrite" not in acl and "topic write" not in acl


def test_the_command_writes_the_files_and_tells_the_broker_to_reload(dev, tmp_path, settings, mqtt_broker):
    settings.SMART_MQTT_URL = "mqtt://jiayuan-ingest@127.0.0.1:1884"
    settings.SMART_MQTT_DIR = str(tmp_path)
    (tmp_path / "mosquitto.pid").write_text(f"{mqtt_broker.broker.proc.pid}\n")
    out = io.StringIO()
    call_command("mqtt_accounts", "--broker-config", "1884", stdout=out)
    passwd = (tmp_path / "passwd").read_text()
    assert passwd.startswith("jiayuan-ingest:$7$") and f"{dev.g1.code}:$7$" in passwd and (tmp_path / "acl").exists()
    assert (tmp_path / "consumer.secret").stat().st_mode & 0o077 == 0 and (tmp_path / "passwd").stat().st_mode & 0o077 == 0
    conf = (tmp_path / "mosquitto.conf").read_text()
    assert "listener 1884 127.0.0.1" in conf and f"password_file {tmp_path}/passwd" in conf and "allow_anonymous false" in conf
    assert f"pid {mqtt_broker.broker.proc.pid}" in out.getvalue()


def test_a_stale_pid_file_signals_nothing(dev, tmp_path, settings):
    settings.SMART_MQTT_DIR = str(tmp_path)
    sleeper = subprocess.Popen(["sleep", "30"])  # noqa: S603, S607  a process that is not the broker
    try:
        (tmp_path / "mosquitto.pid").write_text(f"{sleeper.pid}\n")
        out = io.StringIO()
        call_command("mqtt_accounts", stdout=out)
        assert sleeper.poll() is None and "reload" not in out.getvalue()
    finally:
        sleeper.kill()
        sleeper.wait(5)
