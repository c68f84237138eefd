"""The consumer's identity and its end (issue 13 item 20): a stable, distinct client id by default; a session taken
over by another consumer stops it with a clear error instead of a reconnect loop; SIGTERM ends `ingest_mqtt`
within a few seconds whether it is connected, reconnecting or talking to a broker that does not answer, and a
batch in hand is committed and acknowledged first."""

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import types
import uuid
from pathlib import Path

import pytest
from django.db import connections

from smart import engine
from smart.broker import free_port
from smart.ingest.consumer import Consumer, SessionTakenOver, default_client_id
from smart.ingest.devices import device_cache
from smart.ingest.testing import make_ingest_devices, telemetry
from smart.models import Telemetry
from smart.tests.test_ingest_mqtt import publish, wait_until

ROOT = Path(__file__).resolve().parents[2]
STOPS_WITHIN = 5.0  # seconds from SIGTERM to the process's end


# --- client ids ----------------------------------------------------------------------------------------


def test_default_client_ids_are_distinct_for_consumers_running_at_once(tmp_path):
    group = f"g{uuid.uuid4().hex[:6]}"
    first = default_client_id(group, host="web-1", lock_dir=str(tmp_path))
    second = default_client_id(group, host="web-1", lock_dir=str(tmp_path))
    assert first == f"ingest-web-1-{group}-1" and second == f"ingest-web-1-{group}-2"
    assert default_client_id(group, host="web-2", lock_dir=str(tmp_path)) == f"ingest-web-2-{group}-1"  # another host: its own ids


HOLD = """
import os, sys, time
sys.path.insert(0, {root!r})
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
import django
django.setup()
from smart.ingest.consumer import default_client_id
print(default_client_id({group!r}, host="web-1", lock_dir={lock!r}), flush=True)
time.sleep(30)
"""


def test_a_default_client_id_held_by_another_process_is_skipped_and_comes_back_when_it_ends(tmp_path):
    group = f"g{uuid.uuid4().hex[:6]}"
    holder = subprocess.Popen(  # noqa: S603
        [sys.executable, "-c", HOLD.format(root=str(ROOT), group=group, lock=str(tmp_path))], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == f"ingest-web-1-{group}-1"
        assert default_client_id(group + "x", host="web-1", lock_dir=str(tmp_path)).endswith("-1")  # another group is not affected
        mine = default_client_id(group, host="web-1", lock_dir=str(tmp_path))
        assert mine == f"ingest-web-1-{group}-2"
    finally:
        holder.kill()
        holder.wait(10)
    # a restarted consumer gets the lowest free index again: stable across restarts (its session is found again)
    again = subprocess.run(  # noqa: S603
        [sys.executable, "-c", HOLD.format(root=str(ROOT), group=group, lock=str(tmp_path)).replace("time.sleep(30)", "")],
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    assert again.stdout.strip() == f"ingest-web-1-{group}-1"


def test_the_command_uses_a_default_client_id_from_the_host_name():
    consumer = Consumer(url="mqtt://127.0.0.1:1", group=f"g{uuid.uuid4().hex[:6]}", stats_every=0)
    assert consumer.client_id.startswith(f"ingest-{socket.gethostname()[:40]}-") and consumer.client_id != "jiayuan-ingest-1"


def forget_session(broker, client_id: str) -> None:
    """Remove a test consumer's persistent session from the broker."""
    client, _rc = broker.connect(*broker.consumer, client_id=client_id)
    client.disconnect()
    client.loop_stop()


# --- session taken over ----------------------------------------------------------------------------------


@pytest.fixture
def root(settings):
    settings.SMART_TOPIC_ROOT = f"test-life/{uuid.uuid4().hex[:10]}"
    return settings.SMART_TOPIC_ROOT


@pytest.fixture
def dev(tree, root, mqtt_broker, monkeypatch):
    monkeypatch.setattr(engine, "evaluate", lambda batch: None)
    device_cache.clear()
    devices = make_ingest_devices(tree, prefix="LF")
    mqtt_broker.sync(root)
    yield devices
    device_cache.clear()


class Running:
    def __init__(self, url, client_id, **kw):
        self.consumer = Consumer(url=url, client_id=client_id, wait=0.05, stats_every=0, session_expiry=60, **kw)
        self.error = None
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        try:
            self.consumer.run()
        except BaseException as e:  # noqa: BLE001  inspected by the test
            self.error = e
        finally:
            connections.close_all()

    def start(self):
        self.thread.start()
        assert self.consumer.connected.wait(10), "not connected"
        return self

    def stop(self, timeout=STOPS_WITHIN) -> float:
        t = time.monotonic()
        self.consumer.stop()
        self.thread.join(timeout)
        return time.monotonic() - t


@pytest.mark.django_db(transaction=True)
def test_a_consumer_whose_session_is_taken_over_stops_with_a_clear_error_instead_of_fighting(dev, mqtt_broker, audit_flushable):
    client_id = f"test-life-{uuid.uuid4().hex[:8]}"
    first = Running(mqtt_broker.url, client_id).start()
    second = Running(mqtt_broker.url, client_id).start()
    try:
        first.thread.join(30)
        assert not first.thread.is_alive(), "the first consumer is still running (reconnecting would take the session back)"
        assert isinstance(first.error, SessionTakenOver) and client_id in str(first.error)
        time.sleep(2)  # the second keeps the session: nobody takes it back
        assert second.consumer.connected.is_set() and second.thread.is_alive()
    finally:
        second.stop()
        first.stop()
        forget_session(mqtt_broker, client_id)


def test_a_disconnect_with_reason_session_taken_over_stops_at_once():
    from paho.mqtt.packettypes import PacketTypes
    from paho.mqtt.reasoncodes import ReasonCode

    consumer = Consumer(url="mqtt://ingest:secret@127.0.0.1:1", client_id="test-life-x", stats_every=0)
    client = types.SimpleNamespace(_thread_terminate=False)
    flags = types.SimpleNamespace(is_disconnect_packet_from_server=True)
    consumer._on_disconnect(client, None, flags, ReasonCode(PacketTypes.DISCONNECT, identifier=0x8E), None)
    assert isinstance(consumer.fatal, SessionTakenOver) and consumer._stop.is_set() and client._thread_terminate
    assert "test-life-x" in str(consumer.fatal) and "secret" not in str(consumer.fatal)


@pytest.mark.django_db(transaction=True)
def test_stop_in_the_middle_of_a_batch_commits_and_acknowledges_it_first(dev, mqtt_broker, audit_flushable, root, monkeypatch):
    started = threading.Event()

    def slow(batch):
        started.set()
        time.sleep(1.5)

    monkeypatch.setattr(engine, "evaluate", slow)
    client_id = f"test-life-{uuid.uuid4().hex[:8]}"
    running = Running(mqtt_broker.url, client_id).start()
    try:
        publish(root, [telemetry(dev.g1, None, f"b-{i}", {"odour": 1}) for i in range(10)], broker=mqtt_broker)
        assert started.wait(10)
        took = running.stop()
        assert not running.thread.is_alive() and took < STOPS_WITHIN and running.error is None
        assert Telemetry.objects.count() == running.consumer.stats.stored and running.consumer.stats.stored > 0
        stored = running.consumer.stats.stored
        monkeypatch.setattr(engine, "evaluate", lambda batch: None)
        again = Running(mqtt_broker.url, client_id).start()  # what was stored was acknowledged: only the rest comes again
        assert wait_until(lambda: again.consumer.stats.processed() == 10 - stored, timeout=10)
        time.sleep(0.5)
        again.stop()
        assert again.consumer.stats.duplicates == 0 and Telemetry.objects.count() == 10
    finally:
        forget_session(mqtt_broker, client_id)


# --- SIGTERM in every state, in a real process ------------------------------------------------------------


def start_command(url: str, tmp_path: Path, client_id: str) -> subprocess.Popen:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "DATABASE_URL": f"sqlite:///{tmp_path}/consumer.sqlite3", "LOG_LEVEL": "INFO"}
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "ingest_mqtt", "--url", url, "--client-id", client_id, "--topic-root", "test-life/sigterm", "--stats", "0"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip


def terminate_and_time(proc: subprocess.Popen) -> float:
    t = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(10)
        return float("inf")
    return time.monotonic() - t


def wait_for_line(proc: subprocess.Popen, text: str, timeout: float = 30) -> str:
    """Read the process's output until a line holds `text` (on a thread: readline blocks)."""
    seen, found = [], threading.Event()

    def read():
        for line in proc.stdout:
            seen.append(line)
            if text in line:
                found.set()
                return

    threading.Thread(target=read, daemon=True).start()
    assert found.wait(timeout), f"no {text!r} in {''.join(seen)[-2000:]}"
    return "".join(seen)


def test_sigterm_ends_a_connected_consumer_within_seconds(mqtt_broker, tmp_path, db):
    mqtt_broker.sync("test-life/sigterm")
    client_id = f"test-life-{uuid.uuid4().hex[:8]}"
    proc = start_command(mqtt_broker.url, tmp_path, client_id)
    try:
        wait_for_line(proc, "connected to")
        assert terminate_and_time(proc) < STOPS_WITHIN
        assert proc.returncode == 0
    finally:
        if proc.poll() is None:
            proc.kill()
        forget_session(mqtt_broker, client_id)


def test_sigterm_ends_a_consumer_that_is_reconnecting_within_seconds(tmp_path):
    proc = start_command(f"mqtt://user:pw@127.0.0.1:{free_port()}", tmp_path, "test-life-nobody")  # nothing listens there
    try:
        wait_for_line(proc, "ingest_mqtt:")
        time.sleep(3)  # a few failed attempts: paho is waiting to try again
        assert proc.poll() is None
        assert terminate_and_time(proc) < STOPS_WITHIN
    finally:
        if proc.poll() is None:
            proc.kill()


def test_sigterm_ends_a_consumer_whose_broker_does_not_answer_within_seconds(tmp_path):
    silent = socket.socket()  # accepts TCP connections (the kernel does) and never answers a CONNECT
    silent.bind(("127.0.0.1", 0))
    silent.listen(16)
    proc = start_command(f"mqtt://user:pw@127.0.0.1:{silent.getsockname()[1]}", tmp_path, "test-life-silent")
    try:
        wait_for_line(proc, "ingest_mqtt:")
        time.sleep(2)
        assert proc.poll() is None
        assert terminate_and_time(proc) < STOPS_WITHIN
    finally:
        silent.close()
        if proc.poll() is None:
            proc.kill()
