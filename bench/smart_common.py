"""What the device benchmark (bench/smart_ingest.py) and the fault tests (bench/smart_faults.py) share:
the database and its benchmark devices, payloads, publishers, the counting subscriber, and consumers
(`manage.py ingest_mqtt`) run as separate processes the way a supervisor runs them.
"""

import io
import json
import os
import re
import signal
import subprocess  # noqa: S404  the benchmark drives real processes
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
TOPIC_ROOT = "jiayuan-bench/devices"
# The benchmark broker's accounts (smart_broker.py; loopback only, for the run): the consumers' (read all), and a
# gateway's that publishes for every benchmark device on one connection (write under TOPIC_ROOT only).
CONSUMER_ACCOUNT = ("bench-consumer", "bench-consumer-password")
GATEWAY_ACCOUNT = ("bench-gateway", "bench-gateway-password")
UNIT_CODE = "SMART-BENCH"  # the benchmark's own subdistrict (and its 片区, 居民区, 网格, 楼栋)


def setup(url: str) -> None:
    """Create the database when missing, set up Django on it (DEBUG off), migrate, load the device types,
    alarm rules and case categories."""
    sys.path.insert(0, str(ROOT / "bench"))
    from run import ensure_database, setup_django  # bench/run.py

    os.environ["DATABASE_URL"] = url
    os.environ["SMART_TOPIC_ROOT"] = TOPIC_ROOT
    ensure_database(url)
    setup_django()
    from django.core.management import call_command

    quiet = io.StringIO()
    call_command("migrate", interactive=False, verbosity=0, stdout=quiet)
    call_command("cases_defaults", verbosity=0, stdout=quiet)
    call_command("smart_defaults", verbosity=0, stdout=quiet)


def bench_building():
    """The 楼栋 the benchmark's devices are installed on (made once, inside its own 网格)."""
    from org.models import Unit, UnitKind
    from org.services import get_or_create_unit

    parent = None
    for kind, suffix, name in (
        (UnitKind.SUBDISTRICT, "", "设备基准测试街道"),
        (UnitKind.AREA, "-A", "基准片区"),
        (UnitKind.DISTRICT, "-D", "基准居民区"),
        (UnitKind.GRID, "-G", "基准网格"),
        (UnitKind.BUILDING, "-B", "基准1号楼"),
    ):
        parent, _ = get_or_create_unit(parent=parent, kind=kind, code=UNIT_CODE + suffix, name=name)
    return Unit.objects.get(pk=parent.pk)


@dataclass
class BenchDevice:
    id: int
    code: str
    token: str


def make_devices(prefix: str, count: int, type_code: str) -> list[BenchDevice]:
    """`count` devices "<prefix>-0000"... of `type_code` on the benchmark building, each with a fresh
    credential (smart.services.registry.device_issue_token), and none of their old rows."""
    from smart.models import Alarm, Device, DeviceLatest, DeviceType, Event, Telemetry
    from smart.services.registry import device_issue_token

    building = bench_building()
    device_type = DeviceType.objects.get(code=type_code)
    out = []
    for i in range(count):
        code = f"{prefix}-{i:04d}"
        device, _ = Device.objects.get_or_create(
            code=code, defaults={"name": f"基准{device_type.name}{i}", "device_type": device_type, "unit": building, "unit_path": building.path}
        )
        out.append(BenchDevice(device.id, code, device_issue_token(device)))
    ids = [d.id for d in out]
    for model in (Telemetry, Event, Alarm, DeviceLatest):
        model.objects.filter(device_id__in=ids).delete()
    Device.objects.filter(id__in=ids).update(state="unknown", last_seen_at=None, state_changed_at=None, is_active=True)
    return out


def telemetry_payload(device: BenchDevice, msg_id: str, ts_ms: int, i: int) -> bytes:
    """A garbage room's reading: fill levels that rise through the day, odour and temperature."""
    fill = 20 + (i * 7) % 60
    values = {
        "fill_residual": fill,
        "fill_kitchen": (fill * 13) % 70 + 5,
        "fill_recyclable": (i * 3) % 50 + 10,
        "odour": round(1 + (i % 30) / 10, 1),
        "temperature": 18.5,
    }
    return json.dumps({"msg_id": msg_id, "ts": ts_ms, "token": device.token, "values": values}, separators=(",", ":")).encode()


def event_payload(device: BenchDevice, msg_id: str, event: str, ts_ms: int | None = None) -> bytes:
    ts_ms = ts_ms if ts_ms is not None else int(time.time() * 1000)
    return json.dumps({"msg_id": msg_id, "ts": ts_ms, "token": device.token, "event": event}).encode()


def topic(code: str, channel: str = "telemetry") -> str:
    return f"{TOPIC_ROOT}/{code}/{channel}"


def count_rows(table: str, device_ids: list[int]) -> int:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(f"SELECT count(*) FROM {table} WHERE device_id = ANY(%s)", [device_ids])  # noqa: S608  our own table names
        return cur.fetchone()[0]


def stored_ids(table: str, device_ids: list[int]) -> dict[str, int]:
    """msg_id -> how many rows carry it, for these devices (exactly-once checks)."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(f"SELECT msg_id, count(*) FROM {table} WHERE device_id = ANY(%s) GROUP BY msg_id", [device_ids])  # noqa: S608
        return dict(cur.fetchall())


# ---------------------------------------------------------------- publishers


def write_line_files(folder: Path, devices: list[BenchDevice], per_device: int, tag: str) -> list[tuple[str, Path]]:
    """One file per device of `per_device` payload lines (for `mosquitto_pub -l`); returns (topic, file)."""
    folder.mkdir(parents=True, exist_ok=True)
    start_ms = int(time.time() * 1000)
    files = []
    for d in devices:
        path = folder / f"{d.code}.lines"
        with open(path, "wb") as f:
            f.writelines(telemetry_payload(d, f"{tag}-{i}", start_ms + i * 5, i) + b"\n" for i in range(per_device))
        files.append((topic(d.code), path))
    return files


def start_line_publishers(port: int, files: list[tuple[str, Path]]) -> list[subprocess.Popen]:
    """`mosquitto_pub -q 1 -l` per device topic, reading its lines from its file: one MQTT client per
    device, as devices are, publishing at QoS 1 as fast as the broker acknowledges."""
    procs = []
    for t, path in files:
        fh = open(path, "rb")  # noqa: SIM115  handed to the child
        procs.append(subprocess.Popen(["mosquitto_pub", "-h", "127.0.0.1", "-p", str(port), "-q", "1", "-V", "mqttv5", "-t", t, "-l"], stdin=fh))  # noqa: S603, S607
        fh.close()
    return procs


NO_MATCHING_SUBSCRIBERS = 0x10  # an MQTT 5 PUBACK reason code, a success code: accepted, but no subscription matched


class AckedPublisher:
    """A paho publisher (QoS 1, MQTT 5) that knows which messages the broker acknowledged (PUBACK), for the
    fault tests. `publish` returns at once (at most `window` unacknowledged); `drain` waits for the rest.
    `acked`: the keys whose PUBACK came back with a success code. It goes through a broker restart by
    reconnecting (paho resends what was not acknowledged); a message whose PUBACK never came is not
    counted (it may still be stored: at least once).

    A PUBACK with reason 0x10 "No matching subscribers" says the broker accepted the message and gave it
    to no one. With `republish_unrouted` > 0 the publisher does what a careful MQTT 5 device can do, and
    publishes it again (0.5 s later, up to that many times); idempotency (device, msg_id) makes that safe.
    `unrouted`: keys whose last PUBACK still said 0x10; `unrouted_acks`: how many such PUBACKs came."""

    def __init__(self, port: int, client_id: str, window: int = 2000, reconnect: tuple = (1, 10), republish_unrouted: int = 0):
        import paho.mqtt.client as mqtt

        self.acked: set = set()
        self.unrouted: set = set()
        self.unrouted_acks = self.failed = 0
        self.republish_unrouted = republish_unrouted
        self.pending: dict[int, tuple] = {}  # mid -> (key, topic, payload, attempt), waiting for PUBACK
        self.early: dict[int, int] = {}  # mid -> reason code, when the PUBACK beat publish() to recording the mid
        self.retry: list[tuple] = []  # (due, key, topic, payload, attempt)
        self.lock = threading.Condition()
        self.window = window
        self.c = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=client_id, protocol=mqtt.MQTTv5)
        self.c.max_inflight_messages_set(window)
        self.c.reconnect_delay_set(*reconnect)
        self.connected = threading.Event()
        self.c.on_connect = lambda c, u, f, rc, p: self.connected.set() if not rc.is_failure else None
        self.c.on_disconnect = lambda c, u, f, rc, p: self.connected.clear()
        self.c.on_publish = self._on_publish
        self.c.username_pw_set(*GATEWAY_ACCOUNT)
        self.c.connect("127.0.0.1", port, keepalive=10, clean_start=True)
        self.c.loop_start()
        if not self.connected.wait(10):
            raise ConnectionError("the publisher could not connect")

    def _on_publish(self, client, userdata, mid, reason_code, properties):
        # paho calls this holding its own lock: never call into paho from here, nor hold self.lock around paho calls
        code = reason_code.value if reason_code is not None else 0
        with self.lock:
            entry = self.pending.pop(mid, None)
            if entry is None:
                self.early[mid] = code
                return
            self._settle(entry, code)
            self.lock.notify_all()

    def _settle(self, entry: tuple, code: int) -> None:
        key, topic_, payload, attempt = entry
        if code >= 0x80:  # a failure reason code: not acknowledged
            self.failed += 1
            return
        if code == NO_MATCHING_SUBSCRIBERS:
            self.unrouted_acks += 1
            if attempt < self.republish_unrouted:
                self.retry.append((time.monotonic() + 0.5, key, topic_, payload, attempt + 1))
                return
            self.unrouted.add(key)
        else:
            self.unrouted.discard(key)
        self.acked.add(key)

    def _send(self, topic_: str, payload: bytes, key, attempt: int) -> None:
        with self.lock:
            while len(self.pending) >= self.window:
                self.lock.wait(1)
        info = self.c.publish(topic_, payload, qos=1)  # queued by paho while disconnected, sent after reconnecting
        with self.lock:
            entry = (key, topic_, payload, attempt)
            if info.mid in self.early:
                self._settle(entry, self.early.pop(info.mid))
            else:
                self.pending[info.mid] = entry

    def _send_due(self) -> None:
        now = time.monotonic()
        with self.lock:
            due = [r for r in self.retry if r[0] <= now]
            self.retry = [r for r in self.retry if r[0] > now]
        for _, key, topic_, payload, attempt in due:
            self._send(topic_, payload, key, attempt)

    def publish(self, topic_: str, payload: bytes, key) -> None:
        """Publish at QoS 1; call from one thread only."""
        if self.retry:
            self._send_due()
        self._send(topic_, payload, key, 0)

    def drain(self, timeout: float = 60) -> int:
        """Wait for the outstanding acknowledgements (and republications); returns how many never came."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self._send_due()
            with self.lock:
                if not self.pending and not self.retry:
                    return 0
                self.lock.wait(0.2)
        with self.lock:
            return len(self.pending) + len(self.retry)

    def close(self) -> None:
        self.c.disconnect()
        self.c.loop_stop()


# ---------------------------------------------------------------- subscribers and consumers


def counting_subscriber(port: int, topic_filter: str, expected: int, out, ready) -> None:
    """A bare paho subscriber (MQTT 5, QoS 1, paho's own loop and acknowledgements) that only counts
    messages; puts (time of the last message, count) on `out`. Run in a child process."""
    import paho.mqtt.client as mqtt

    state = {"n": 0, "last": 0.0}

    def on_message(client, userdata, message):
        state["n"] += 1
        if state["n"] >= expected:
            state["last"] = time.time()
            client.disconnect()

    c = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=f"bench-counter-{os.getpid()}", protocol=mqtt.MQTTv5)
    c.on_message = on_message
    c.on_subscribe = lambda *a: ready.set()
    c.username_pw_set(*CONSUMER_ACCOUNT)
    c.connect("127.0.0.1", port, keepalive=60)
    c.subscribe(topic_filter, qos=1)
    c.loop_forever()
    out.put((state["last"] or time.time(), state["n"]))


class Consumer:
    """One `manage.py ingest_mqtt` process (the consumer under test), started and stopped as a supervisor would."""

    def __init__(self, url: str, group: str, client_id: str, env: dict, log: Path, batch: int | None = None, wait: float | None = None):
        self.args = [PY, "manage.py", "ingest_mqtt", "--url", url, "--group", group, "--client-id", client_id]
        if batch:
            self.args += ["--batch", str(batch)]
        if wait is not None:
            self.args += ["--wait", str(wait)]
        self.client_id, self.env, self.log = client_id, env, log
        self.proc: subprocess.Popen | None = None
        self.starts = 0
        self.offset = 0  # where this run's lines start in the log

    def start(self) -> None:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log, "ab") as fh:
            self.proc = subprocess.Popen(self.args, cwd=ROOT, env=self.env, stdout=fh, stderr=subprocess.STDOUT)  # noqa: S603
        self.starts += 1

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def kill(self) -> None:
        """SIGKILL: no goodbye, no last commit."""
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()

    def stop(self, timeout: float = 20) -> int | None:
        """SIGTERM and wait (SIGKILL after `timeout`); returns the exit code."""
        if self.proc is None or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else None
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return self.proc.wait()


def consumer_env(url: str) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",  # this installation's keys (var/secrets.env)
        "DEBUG": "0",
        "DATABASE_URL": url,
        "SMART_TOPIC_ROOT": TOPIC_ROOT,
        "PYTHONUNBUFFERED": "1",
    }


def wait_subscribed(broker_log: Path, client_id: str, timeout: float = 60, since: int = 0) -> bool:
    """Whether the broker logged a subscription by `client_id` (the benchmark broker logs them) after
    byte offset `since` of its log, waiting up to `timeout` seconds."""
    pattern = re.compile(rf"^\S+ {re.escape(client_id)} \d ", re.MULTILINE)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if broker_log.exists():
            with open(broker_log, "rb") as f:
                f.seek(since)
                if pattern.search(f.read().decode(errors="replace")):
                    return True
        time.sleep(0.05)
    return False


def log_size(path: Path) -> int:
    return path.stat().st_size if path.exists() else 0
