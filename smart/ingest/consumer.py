"""The MQTT consumer behind `manage.py ingest_mqtt`: at-least-once delivery made exactly-once in effect.

- MQTT 5 with a stable client id, `clean_start=False` and a long session expiry: a persistent session,
  so the broker queues QoS 1 messages while the consumer is down and resends the unacknowledged ones
  when it comes back.
- A shared subscription `$share/<group>/<root>/+/{telemetry,events,status}` at QoS 1: consumers with
  different client ids in one group split the stream between them.
- Manual acknowledgement: paho's network thread only puts messages on a queue; the writer (the thread
  that calls `run`) takes a batch (up to `batch` messages, or what came within `wait` seconds of the
  first) and checks it; it is stored in one transaction (`store_batch`; on PostgreSQL in a second
  thread, so that the database works on one batch while Python checks the next), and the PUBACKs are
  sent only after the commit. A crash before the commit loses nothing: the broker redelivers, and
  (device, msg_id) de-duplication stores each message once.
- Receive Maximum: without it Mosquitto 2.0 keeps at most `max_inflight_messages` (20) unacknowledged
  messages in flight to a client, which would cap a batch at 20. The consumer asks for 65,535, so a
  whole batch can be in hand before it is acknowledged.
- paho's network thread was the consumer's tightest spot: `mqtt_client.FastClient` reads the socket
  64 KB at a time, cuts the packets out itself and sends a batch's PUBACKs as one write (see there).
- A PUBACK is only sent on the connection that delivered the message: after a reconnect the broker
  resends whatever was not acknowledged, and the resent copies are stored as duplicates and acknowledged.
- A database error: roll back, acknowledge nothing, drop the connection, wait (1 s doubling to 30 s)
  and try the batch again, for as long as it takes. An error caused by the data (DataError,
  IntegrityError) or any other exception (a bug that some message triggers) that comes back splits the
  batch until the message that causes it is alone; that one is counted as a rejection ("store_error")
  and acknowledged, so one poisonous message cannot stop the stream.
- `stop()` (SIGTERM/SIGINT in the command): take no more messages, store and acknowledge those in
  hand, disconnect cleanly (the session stays on the broker). Within a few seconds in every state:
  connected, reconnecting (paho's waits are cut short), or in the middle of a batch (the batch is
  committed and acknowledged, or, while the database is away, left unacknowledged for redelivery).
- Accounts (smart/broker.py): the consumer logs in with its own account (SMART_MQTT_URL; the password
  from the URL or SMART_MQTT_DIR/consumer.secret). Devices log in to the broker themselves, and its ACL
  lets each publish under its own topic only, so a message's device is the topic's (`auth.BROKER`).
- Client ids: stable and distinct per consumer (`default_client_id`: host name, group and the lowest
  index no other consumer on this host holds). Two clients with one id take each other's session over;
  a consumer told so (MQTT 5 reason code 0x8E "Session taken over"; Mosquitto 2.0 closes the socket
  before that DISCONNECT goes out, so also: three connections in a row that the broker ended within
  5 s of accepting them) stops with `SessionTakenOver` instead of reconnecting, which would only take
  the session back. The client that took the session over keeps it.
"""

import fcntl
import logging
import os
import queue
import re
import socket
import tempfile
import threading
import time
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

import paho.mqtt.client as mqtt
from django.conf import settings
from django.db import DatabaseError, DataError, IntegrityError, connection
from django.utils import timezone
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties
from paho.mqtt.subscribeoptions import SubscribeOptions

from smart.broker import consumer_credentials
from smart.ingest.auth import BROKER
from smart.ingest.devices import DeviceCache, device_cache
from smart.ingest.mqtt_client import FastClient, share_property_tables
from smart.ingest.parse import check_batch, decode_mqtt
from smart.ingest.rejections import Rejection, RejectionCounts
from smart.ingest.store import store_batch
from smart.messages import Message

logger = logging.getLogger("smart.ingest")

LEAVES = ("telemetry", "events", "status")
SESSION_EXPIRY = 7 * 24 * 3600  # seconds the broker keeps the session (and queues messages) while the consumer is down
RECEIVE_MAXIMUM = 65535  # the most unacknowledged QoS 1 messages the broker may send at once (the MQTT 5 maximum)
DATA_ERRORS = (DataError, IntegrityError)  # caused by the data of some message: isolate it
SESSION_TAKEN_OVER = 0x8E  # MQTT 5 DISCONNECT reason: another client connected with this client id
SHORT_LIVED, SHORT_LIVED_MAX = 5.0, 3  # so many connections in a row ended by the broker within so many seconds: taken over
STOP_WITHIN = 3.0  # seconds: how long a stopping consumer waits for paho's network thread


class SessionTakenOver(RuntimeError):
    """Another client connected with this consumer's client id: two consumers must not share one."""


_held_locks: dict[str, object] = {}  # client id -> the open lock file that reserves it for this process


def default_client_id(group: str = "jiayuan", *, host: str | None = None, lock_dir: str | None = None) -> str:
    """`ingest-<host>-<group>-<n>`: stable (a restarted consumer gets its index, and its session, back) and distinct
    (n is the lowest index no other live consumer on this host holds: each holds an flock on a file named after
    its id, released when the process ends)."""
    host = re.sub(r"[^A-Za-z0-9_.-]", "-", host or socket.gethostname())[:40] or "host"
    folder = lock_dir or tempfile.gettempdir()
    for n in range(1, 1000):
        client_id = f"ingest-{host}-{group}-{n}"
        if client_id in _held_locks:
            continue
        fh = open(os.path.join(folder, f"jiayuan-{client_id}.lock"), "a")  # noqa: SIM115  held open for the process's life
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            fh.close()
            continue
        _held_locks[client_id] = fh
        return client_id
    raise RuntimeError("no free consumer index on this host")


def parse_url(url: str) -> tuple[str, int, str | None, str | None, bool]:
    """(host, port, username, password, tls) from mqtt://[user:pass@]host[:port] (mqtts:// for TLS)."""
    parts = urlsplit(url if "://" in url else f"mqtt://{url}")
    tls = parts.scheme in ("mqtts", "ssl")
    return (
        parts.hostname or "127.0.0.1",
        parts.port or (8883 if tls else 1883),
        unquote(parts.username or "") or None,
        unquote(parts.password or "") or None,
        tls,
    )


@dataclass
class Stats:
    received: int = 0
    stored: int = 0
    duplicates: int = 0
    rejected: int = 0
    batches: int = 0
    db_errors: int = 0

    def processed(self) -> int:
        return self.stored + self.duplicates + self.rejected


class Consumer:
    def __init__(
        self,
        *,
        url: str | None = None,
        group: str = "jiayuan",
        client_id: str | None = None,
        topic_root: str | None = None,
        batch: int | None = None,
        wait: float | None = None,
        stats_every: float = 5.0,
        out=None,
        cache: DeviceCache | None = None,
        session_expiry: int = SESSION_EXPIRY,
        receive_maximum: int = RECEIVE_MAXIMUM,
    ):
        self.url = url or settings.SMART_MQTT_URL
        host, port, username, _password, _tls = parse_url(self.url)
        self.where = f"{username or 'anonymous'}@{host}:{port}"  # for messages: never the password
        self.group, self.client_id = group, client_id or default_client_id(group)
        self.root = (topic_root or settings.SMART_TOPIC_ROOT).strip("/")
        self.prefix = self.root + "/"
        self.batch = max(1, batch or settings.SMART_BATCH_SIZE)
        self.wait = settings.SMART_BATCH_WAIT if wait is None else max(0.0, wait)
        self.stats_every, self.out = stats_every, out
        self.cache = cache or device_cache
        self.session_expiry, self.receive_maximum = session_expiry, receive_maximum
        self.stats = Stats()
        self.connected = threading.Event()  # set while connected and subscribed
        self._queue: queue.SimpleQueue = queue.SimpleQueue()  # network thread -> writer
        self._stage: queue.Queue = queue.Queue(maxsize=1)  # checked batches -> the storing thread (PostgreSQL)
        self._stop = threading.Event()
        self._closing = False
        self._generation = 0  # which connection: a PUBACK goes only to the connection that delivered the message
        self._client: FastClient | None = None
        self.fatal: Exception | None = None  # why the consumer stopped by itself (SessionTakenOver)
        self._connected_at: float | None = None  # when the current connection's CONNACK came
        self._short_lived = 0  # connections in a row the broker ended within SHORT_LIVED s

    # --- the network thread (paho callbacks) --------------------------------------------------------

    def _on_connect(self, client, userdata, flags, reason_code, properties):
        if reason_code.is_failure:
            logger.warning("MQTT connection refused: %s", reason_code)
            return
        self._generation += 1
        options = SubscribeOptions(qos=1)
        client.subscribe([(f"$share/{self.group}/{self.root}/+/{leaf}", options) for leaf in LEAVES])
        self._connected_at = time.monotonic()
        logger.info("connected to %s as %s (session present: %s)", self.where, self.client_id, flags.session_present)

    def _on_subscribe(self, client, userdata, mid, reason_codes, properties):
        if any(rc.is_failure for rc in reason_codes):
            logger.error("subscription refused: %s", reason_codes)
        else:
            self.connected.set()

    def _on_disconnect(self, client, userdata, flags, reason_code, properties):
        self.connected.clear()
        connected_at, self._connected_at = self._connected_at, None
        if self._closing:
            return
        # Taken over: the broker says so (0x8E), or, as Mosquitto 2.0 does, it closes the connection before that DISCONNECT
        # is sent: then connection after connection ends within seconds of its CONNACK while the other client gets it back.
        if getattr(reason_code, "value", None) == SESSION_TAKEN_OVER:
            self._taken_over(client, "the broker said: session taken over")
            return
        short = connected_at is not None and time.monotonic() - connected_at < SHORT_LIVED and not flags.is_disconnect_packet_from_server
        self._short_lived = self._short_lived + 1 if short else 0
        if self._short_lived >= SHORT_LIVED_MAX:
            self._taken_over(client, f"the broker closed {self._short_lived} connections in a row within {SHORT_LIVED:.0f} s of accepting them")
            return
        logger.warning("disconnected from %s (%s); reconnecting", self.where, reason_code)

    def _taken_over(self, client, why: str) -> None:
        self.fatal = SessionTakenOver(
            f"another client connected to {self.where} with this consumer's client id {self.client_id!r} and took its session over ({why}): "
            "give each consumer its own --client-id (or leave the default, distinct per consumer on a host)"
        )
        logger.error("%s; stopping", self.fatal)
        self._stop.set()
        client._thread_terminate = True  # paho: do not reconnect (that would take the session back, and so on for ever)

    def _on_message(self, client, userdata, message):
        if self._closing:  # not taken, not acknowledged: the broker keeps it in the session
            return
        self.stats.received += 1
        self._queue.put((self._generation, message))

    def _make_client(self) -> FastClient:
        host, port, username, password, tls = parse_url(self.url)
        if username and not password:
            password = consumer_credentials(self.url)[1]
        share_property_tables()
        client = FastClient(mqtt.CallbackAPIVersion.VERSION2, client_id=self.client_id, protocol=mqtt.MQTTv5, manual_ack=True)
        client.on_connect, client.on_subscribe = self._on_connect, self._on_subscribe
        client.on_disconnect, client.on_message = self._on_disconnect, self._on_message
        client.suppress_exceptions = True  # a bug in a callback is logged, it does not stop the network loop
        client.reconnect_delay_set(1, 30)
        if username:
            client.username_pw_set(username, password)
        if tls:
            client.tls_set()
        props = Properties(PacketTypes.CONNECT)
        props.SessionExpiryInterval = self.session_expiry
        props.ReceiveMaximum = self.receive_maximum
        client.connect_async(host, port, keepalive=30, clean_start=False, properties=props)
        return client

    # --- the writer ---------------------------------------------------------------------------------

    def stop(self) -> None:
        """Ask `run` to finish: what is in hand is stored and acknowledged, then it disconnects. Safe in a signal handler."""
        self._stop.set()  # paho's network thread runs on until `_disconnect`: the PUBACKs of the batch in hand still go out

    def run(self) -> Stats:
        """Consume until `stop()`. Call from the thread that owns the database connection.

        On PostgreSQL, storing runs in a second thread (with its own connection) while this one checks
        the next batch: the database's work on one batch overlaps Python's on the next. On SQLite the
        two steps take turns in this thread."""
        self._client = client = self._make_client()
        pipeline = connection.vendor == "postgresql"
        storer = threading.Thread(target=self._store_loop, name="ingest-store", daemon=True) if pipeline else None
        if storer:
            storer.start()
        client.loop_start()
        last_stats, last_processed = time.monotonic(), 0
        try:
            while not self._stop.is_set():
                items = self._take()
                if items:
                    self._submit(items, storer)
                now = time.monotonic()
                if self.stats_every and now - last_stats >= self.stats_every:
                    self._print_stats(now - last_stats, self.stats.processed() - last_processed)
                    last_stats, last_processed = now, self.stats.processed()
            self._closing = True
            items = self._drain()
            if items:
                self._submit(items, storer)
        finally:
            self._closing = True
            if storer:
                self._put(None, storer)
                storer.join()
            self._disconnect(client)
            connection.close()
            if self.stats_every:
                self._print_stats(max(time.monotonic() - last_stats, 1e-9), self.stats.processed() - last_processed, final=True)
        if self.fatal is not None:
            raise self.fatal
        return self.stats

    def _disconnect(self, client: FastClient) -> None:
        """Disconnect and end paho's network thread, waiting at most STOP_WITHIN seconds. `disconnect()` queues the
        DISCONNECT after the PUBACKs already queued and ends a wait between reconnection attempts; the thread leaves its
        loop once what is queued is sent. A connection attempt in progress may hang on its socket: the thread is a
        daemon and does not keep the process alive."""
        client.disconnect()
        thread = client._thread
        client._thread_terminate = True
        if thread is not None and thread is not threading.current_thread():
            thread.join(STOP_WITHIN)
            if thread.is_alive():
                logger.warning("the MQTT network thread did not end within %.0f s; leaving it", STOP_WITHIN)
            client._thread = None

    def _submit(self, items: list, storer: threading.Thread | None) -> None:
        try:
            checked = self._check(items)
        except Exception:  # noqa: BLE001  (a database error looking devices up) the storing step checks again
            logger.warning("checking a batch failed; it is checked again when stored", exc_info=True)
            self._reset_connection()
            checked = None
        if storer is None:
            self._process(items, checked)
        else:
            self._put((items, checked), storer)

    def _put(self, job, storer: threading.Thread) -> None:
        """Hand a job to the storing thread; wait while it still holds one (at most one batch waits)."""
        while storer.is_alive():
            try:
                self._stage.put(job, timeout=0.5)
                return
            except queue.Full:
                continue

    def _store_loop(self) -> None:
        try:
            while True:
                job = self._stage.get()
                if job is None:
                    return
                self._process(*job)
        finally:
            connection.close()

    def _take(self) -> list:
        try:
            items = [self._queue.get(timeout=0.2)]
        except queue.Empty:
            return []
        deadline = time.monotonic() + self.wait
        get = self._queue.get_nowait
        while len(items) < self.batch:
            try:
                items.append(get())
                continue
            except queue.Empty:
                pass
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            try:
                items.append(self._queue.get(timeout=min(remaining, 0.05)))
            except queue.Empty:
                continue
        return items

    def _drain(self) -> list:
        items = []
        while True:
            try:
                items.append(self._queue.get_nowait())
            except queue.Empty:
                return items

    def _check(self, items: list) -> tuple[list, RejectionCounts]:
        """The batch's checked messages and its rejections."""
        envelopes = []
        for _gen, message in items:
            try:
                topic = message.topic
            except UnicodeDecodeError:
                envelopes.append(Rejection("topic"))
                continue
            envelopes.append(decode_mqtt(topic, message.payload, self.prefix))
        counts = RejectionCounts()
        messages = []
        for r in check_batch(envelopes, cache=self.cache, now=timezone.now(), principal=BROKER):
            if type(r) is Message:
                messages.append(r)
            else:
                counts.add(r)
        return messages, counts

    def _store(self, items: list, checked: tuple | None = None) -> None:
        """Store one checked batch (one transaction), then acknowledge it."""
        messages, counts = checked or self._check(items)
        result = store_batch(messages, channel="mqtt", rejections=counts)
        self.stats.stored += result.stored
        self.stats.duplicates += result.duplicates
        self.stats.rejected += counts.total()
        self.stats.batches += 1
        self._ack(items)

    def _ack(self, items: list) -> None:
        generation = self._generation
        self._client.ack_many([message.mid for gen, message in items if gen == generation and message.qos == 1])

    def _process(self, items: list, checked: tuple | None = None) -> None:
        """Store a batch, retrying after database errors (see the module docstring)."""
        failures = 0
        while True:
            try:
                self._store(items, None if failures else checked)  # a retry checks again: the registry may have changed
                return
            except Exception as e:  # noqa: BLE001  the consumer must survive anything a batch does
                failures += 1
                self.stats.db_errors += 1
                # The connection, a deadlock, a restart, a missing table: retry as it is, for as long as it takes.
                # A value the database refuses, or a bug that only some message triggers: find that message.
                transient = isinstance(e, DatabaseError) and not isinstance(e, DATA_ERRORS)
                logger.error(
                    "batch of %d not stored (%s: %s); attempt %d", len(items), type(e).__name__, e, failures, exc_info=not isinstance(e, DatabaseError)
                )
                self._reset_connection()
                if self._stop.is_set() and (transient or failures >= 2):
                    logger.warning("stopping: %d messages left unacknowledged for redelivery", len(items))
                    return
                if not transient and failures >= 2:
                    self._split(items)
                    return
                self._stop.wait(min(30, 2 ** (failures - 1)))

    def _split(self, items: list) -> None:
        if len(items) > 1:
            half = len(items) // 2
            self._process(items[:half])
            self._process(items[half:])
            return
        try:
            topic = items[0][1].topic
        except UnicodeDecodeError:
            topic = "?"
        logger.error("a message on %r could not be stored: counted as store_error and acknowledged", topic)
        counts = RejectionCounts()
        counts.add(Rejection("store_error"))
        try:
            store_batch([], channel="mqtt", rejections=counts)
        except Exception:  # noqa: BLE001  counting is best effort here
            self._reset_connection()
        self.stats.rejected += 1
        self._ack(items)

    def _reset_connection(self) -> None:
        self.cache.clear()  # a device deleted or changed meanwhile is looked up again
        try:
            connection.close()
        except Exception:  # noqa: BLE001, S110  closing a broken connection may fail too; the next query reconnects
            pass

    def _print_stats(self, seconds: float, processed: int, final: bool = False) -> None:
        if self.out is None:
            return
        s = self.stats
        self.out.write(
            f"{'final: ' if final else ''}received {s.received} stored {s.stored} duplicates {s.duplicates} rejected {s.rejected} "
            f"{processed / seconds:.0f} msg/s queue {self._queue.qsize()}{' db errors ' + str(s.db_errors) if s.db_errors else ''}\n"
        )
        self.out.flush()
