"""Where the simulator's messages go: an MQTT broker (paho-mqtt 2, QoS 1) or the HTTP batch endpoint.

MQTT: topics <SMART_TOPIC_ROOT>/<code>/telemetry|events|status. Each device has its own connection and logs in
as itself (username = device code, password = its token; the broker's ACL lets it publish under its own topic
only, smart/broker.py), with its "offline" status as last will (the broker publishes it when the connection dies
without a goodbye). A will's `ts` is the time of connecting (it cannot be changed later), and its msg_id is
fixed per connection. The token is not in the payloads.

HTTP: one POST per vendor (credential `Vendor <code>:<key>`) or per device without a vendor
(`Device <code>:<token>`) and tick, to the ingestion endpoint.
"""

import json
import socket
import threading
import time
from collections import defaultdict
from urllib.parse import urlparse

from smart.simulator.fleet import Outgoing, SimDevice

INGEST_PATH = "/smart/ingest/"


CONNACK_WAIT, CONNACK_TRIES = 10, 3  # seconds per wait, waits: how long a device waits for the broker's answer to CONNECT


def broker_answers(url: str, timeout: float = 1.0) -> bool:
    """Whether something accepts TCP connections at the broker's address."""
    u = urlparse(url)
    try:
        with socket.create_connection((u.hostname or "127.0.0.1", u.port or 1883), timeout=timeout):
            return True
    except OSError:
        return False


def raise_open_files_limit(needed: int) -> None:
    """Raise this process's soft limit on open files towards `needed` (up to the hard limit): the demo's ~800 devices
    each have their own connection, beyond Debian's default soft limit of 1,024."""
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        if soft != resource.RLIM_INFINITY and soft < needed:
            resource.setrlimit(resource.RLIMIT_NOFILE, (needed if hard == resource.RLIM_INFINITY else min(needed, hard), hard))
    except (ImportError, ValueError, OSError):
        pass


class MqttTransport:
    name = "mqtt"

    per_device = True

    def __init__(self, url: str, topic_root: str, *, client_prefix: str = "jiayuan-sim", max_pending: int = 5000):
        u = urlparse(url)
        self.host, self.port = u.hostname or "127.0.0.1", u.port or 1883
        self.root = topic_root.rstrip("/")
        self.prefix = client_prefix
        self.max_pending = max_pending
        self.clients: dict[str, object] = {}  # device code (or "" for the shared one) → client
        self.lock = threading.Lock()
        self.sent = self.acked = self.errors = 0
        self.wills: dict[str, Outgoing] = {}

    def topic(self, m: Outgoing) -> str:
        return f"{self.root}/{m.code}/{m.channel}"

    def _client(self, client_id: str, device: SimDevice, will: Outgoing | None = None):
        import paho.mqtt.client as mqtt

        c = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=client_id, protocol=mqtt.MQTTv5)
        c.username_pw_set(device.code, device.token)
        if will is not None:
            c.will_set(self.topic(will), json.dumps(will.payload, ensure_ascii=False), qos=1)
        c.max_inflight_messages_set(1000)
        c.reconnect_delay_set(1, 10)
        connected, refused = threading.Event(), []

        def on_connect(client, userdata, flags, rc, props):
            if rc.is_failure:
                refused.append(str(rc))
            connected.set()

        c.on_connect = on_connect
        c.on_publish = self._on_publish
        c.connect(self.host, self.port, keepalive=30, clean_start=True)
        c.loop_start()
        for _ in range(CONNACK_TRIES):  # a busy machine (or a paused one, whose clock then jumps) may answer late
            if connected.wait(CONNACK_WAIT):
                break
        if not connected.is_set() or refused:
            c.disconnect()
            c.loop_stop()
            raise ConnectionError(f"MQTT broker at {self.host}:{self.port} did not accept device {device.code}{': ' + refused[0] if refused else ''}")
        return c

    def _on_publish(self, client, userdata, mid, reason_code, properties):
        with self.lock:
            self.acked += 1
            if reason_code is not None and getattr(reason_code, "is_failure", False):
                self.errors += 1

    def open(self, devices: list[SimDevice], wills: dict[str, Outgoing] | None = None) -> None:
        """Connect one client per device, logged in as the device, with its last will."""
        raise_open_files_limit(4 * len(devices) + 64)  # a paho client holds a socket and a wake-up socket pair
        try:
            for d in devices:
                self.clients[d.code] = self._client(f"{self.prefix}-{d.code}"[:128], d, (wills or {}).get(d.code))
        except ConnectionError:
            self.close()
            raise

    @property
    def pending(self) -> int:
        return self.sent - self.acked

    def send(self, messages: list[Outgoing]) -> int:
        for m in messages:
            while self.pending > self.max_pending:  # let the broker catch up
                time.sleep(0.005)
            client = self.clients[m.code]
            info = client.publish(self.topic(m), json.dumps(m.payload, ensure_ascii=False, separators=(",", ":")), qos=1)
            with self.lock:
                self.sent += 1
                if info.rc not in (0, 4):  # 4: not connected now, queued and sent on reconnecting
                    self.errors += 1
        return len(messages)

    def flush(self, timeout: float = 10) -> bool:
        """Wait until the broker has acknowledged every message sent."""
        end = time.monotonic() + timeout
        while self.pending > 0 and time.monotonic() < end:
            time.sleep(0.01)
        return self.pending <= 0

    def close(self) -> None:
        for c in self.clients.values():
            c.disconnect()  # a normal disconnect: the broker drops the will
            c.loop_stop()
        self.clients.clear()


class HttpTransport:
    name = "http"

    def __init__(self, base_url: str, path: str = INGEST_PATH, timeout: float = 10, wait: float = 120):
        import requests

        self.url = base_url.rstrip("/") + path
        self.session = requests.Session()
        self.timeout, self.wait = timeout, wait
        self.devices: dict[str, SimDevice] = {}
        self.sent = self.acked = self.errors = self.rejected = 0
        self.last_error = ""

    pending = 0

    def open(self, devices: list[SimDevice], wills=None) -> None:
        """Know the devices' credentials, and wait for the server to accept connections (it may be starting)."""
        self.devices = {d.code: d for d in devices}
        u = urlparse(self.url)
        end = time.monotonic() + self.wait
        while True:
            try:
                socket.create_connection((u.hostname, u.port or (443 if u.scheme == "https" else 80)), timeout=2).close()
                return
            except OSError as e:
                if time.monotonic() > end:
                    raise ConnectionError(f"nothing answers at {self.url}") from e
                time.sleep(1)

    KINDS = {"telemetry": "telemetry", "events": "event", "status": "status"}

    @classmethod
    def item(cls, m: Outgoing) -> dict:
        """One item of an HTTP batch: the MQTT payload plus the device and the kind its topic would say."""
        return {"device": m.code, "kind": cls.KINDS[m.channel], **m.payload}

    def batches(self, messages: list[Outgoing]):
        """(credential header, items): by vendor when the device has one, else by device."""
        groups = defaultdict(list)
        for m in messages:
            d = self.devices.get(m.code)
            if d is not None and d.vendor and d.vendor_key:
                groups[f"Vendor {d.vendor}:{d.vendor_key}"].append(self.item(m))
            else:
                token = d.token if d is not None else m.payload.get("token", "")
                groups[f"Device {m.code}:{token}"].append(self.item(m))
        return groups.items()

    def send(self, messages: list[Outgoing]) -> int:
        import requests

        for auth, items in self.batches(messages):
            self.sent += len(items)
            for attempt in range(3):
                try:
                    r = self.session.post(self.url, json={"messages": items}, headers={"Authorization": auth}, timeout=self.timeout)
                except requests.RequestException as e:
                    self.last_error = str(e)
                    time.sleep(0.5 * (attempt + 1))
                    continue
                if r.status_code >= 500:
                    self.last_error = f"HTTP {r.status_code}"
                    time.sleep(0.5 * (attempt + 1))
                    continue
                self.acked += len(items)
                self.rejected += self.count_rejected(r)
                if r.status_code >= 400:
                    self.errors += len(items)
                    self.last_error = f"HTTP {r.status_code}: {r.text[:200]}"
                break
            else:
                self.errors += len(items)
        return len(messages)

    @staticmethod
    def count_rejected(r) -> int:
        try:
            body = r.json()
        except ValueError:
            return 0
        rejected = body.get("rejected") if isinstance(body, dict) else None
        return len(rejected) if isinstance(rejected, list) else int(rejected or 0)

    def flush(self, timeout: float = 10) -> bool:
        return True

    def close(self) -> None:
        self.session.close()
