"""Device ingestion benchmark on PostgreSQL with a real Mosquitto (`make bench-smart`, issue 5).

    DATABASE_URL=postgres://.../jiayuan_bench python bench/smart_ingest.py [--devices 50] [--per-device 6000]

Starts a dedicated broker from deploy/mosquitto.conf on port 18830 (bench/smart_broker.py), creates the
benchmark devices (garbage rooms and elevators, each with its own credential), then measures in one run:

(a) baseline: a bare paho subscriber that only counts receives the stream (QoS 1) from the publishers;
(b) the same stream through `manage.py ingest_mqtt`, stored in PostgreSQL (rules evaluated, acknowledged
    after commit), with 1 consumer and with 2 consumers in one shared-subscription group: messages per
    second from the first publish to the last row stored (rows counted in smart_telemetry), and the ratio
    to (a);
(c) latency from publishing a trapped-passenger event to its alarm row, and to its case, median over
    several tries, and the ratio to a plain publish -> receive round trip through the same broker.

Publishers: one `mosquitto_pub -q 1 -l` per device (one MQTT client per device, as devices are), reading
prepared payload lines, so that publishing (C, about 40,000 messages/s here) is not the bottleneck. The
broker is wiped and restarted between runs, so no run inherits another's sessions. See bench/README.md.
"""

import argparse
import multiprocessing as mp
import os
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import smart_common as sc  # noqa: E402
from smart_broker import Broker  # noqa: E402

TARGET = 10_000  # messages per second stored (issue 5)
LOGS = sc.ROOT / "var" / "smart-bench"


@dataclass
class Rate:
    name: str
    messages: int
    seconds: float
    published_in: float
    note: str = ""

    @property
    def per_second(self) -> float:
        return self.messages / self.seconds if self.seconds > 0 else 0.0


def run_publishers(port: int, files) -> float:
    """Start one mosquitto_pub per device and wait for all; returns how long they took (s)."""
    t = time.time()
    procs = sc.start_line_publishers(port, files)
    bad = [p.wait() for p in procs]
    if any(bad):
        raise SystemExit(f"{sum(1 for b in bad if b)} publishers failed")
    return time.time() - t


def baseline(broker: Broker, devices, per_device: int, tmp: Path) -> Rate:
    files = sc.write_line_files(tmp / "baseline", devices, per_device, "base")
    expected = len(devices) * per_device
    ctx = mp.get_context("fork")
    out, ready = ctx.Queue(), ctx.Event()
    counter = ctx.Process(target=sc.counting_subscriber, args=(broker.port, f"{sc.TOPIC_ROOT}/+/telemetry", expected, out, ready))
    counter.start()
    if not ready.wait(10):
        raise SystemExit("the counting subscriber did not subscribe")
    t0 = time.time()
    published_in = run_publishers(broker.port, files)
    last, n = out.get(timeout=600)
    counter.join(10)
    return Rate("(a) bare paho subscriber, counting only", n, last - t0, published_in, "" if n == expected else f"received {n} of {expected}")


def start_consumers(broker: Broker, url: str, n: int, group: str, *, batch=None, wait=None) -> list[sc.Consumer]:
    env = sc.consumer_env(url)
    since = sc.log_size(broker.log)
    consumers = [sc.Consumer(broker.url, group, f"{group}-{k + 1}", env, LOGS / f"{group}-{k + 1}.log", batch=batch, wait=wait) for k in range(n)]
    for c in consumers:
        c.offset = sc.log_size(c.log)
        c.start()
    for c in consumers:
        if not sc.wait_subscribed(broker.log, c.client_id, timeout=60, since=since):
            for other in consumers:
                other.stop()
            raise SystemExit(f"consumer {c.client_id} did not subscribe within 60 s; see {c.log}")
    return consumers


def through_consumers(broker: Broker, url: str, n: int, devices, per_device: int, tmp: Path, batch, wait) -> Rate:
    broker.stop()
    broker.wipe()
    broker.start()
    group = f"bench{n}c"
    consumers = start_consumers(broker, url, n, group, batch=batch, wait=wait)
    ids = [d.id for d in devices]
    expected = len(devices) * per_device
    files = sc.write_line_files(tmp / group, devices, per_device, group)
    try:
        t0 = time.time()
        result = {"published_in": 0.0}
        pub = threading.Thread(target=lambda: result.__setitem__("published_in", run_publishers(broker.port, files)))
        pub.start()
        stored, last_change, seen = 0, time.time(), -1
        while stored < expected and time.time() - last_change < 60:
            time.sleep(0.25)
            stored = sc.count_rows("smart_telemetry", ids)
            if stored != seen:
                seen, last_change = stored, time.time()
            if not all(c.alive() for c in consumers):
                break
        end = time.time()
        pub.join()
        note = ""
        if stored < expected:
            dead = [c.client_id for c in consumers if not c.alive()]
            note = f"INCOMPLETE: {stored} of {expected} stored" + (f"; consumer(s) {', '.join(dead)} exited (see {LOGS})" if dead else "; no progress for 60 s")
            end = last_change
        label = "(b) ingest_mqtt, 1 consumer, stored" if n == 1 else f"(b) ingest_mqtt, {n} consumers in one shared group, stored"
        return Rate(label, stored, end - t0, result["published_in"], note)
    finally:
        for c in consumers:
            c.stop()
        for c in consumers:
            print(f"    {c.client_id}: {final_stats(c)}")


def final_stats(c: sc.Consumer) -> str:
    """The consumer's last stats line of this run (what it received, stored, found duplicate or rejected)."""
    with open(c.log, "rb") as f:
        f.seek(c.offset)
        lines = [line for line in f.read().decode(errors="replace").splitlines() if line.startswith("final:")]
    return lines[-1] if lines else "no final stats line (see its log)"


def round_trips(broker: Broker, tries: int) -> list[float]:
    """Plain publish (QoS 1) -> receive through the same broker, one message at a time (ms)."""
    import paho.mqtt.client as mqtt

    got = threading.Event()
    sub = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id="bench-rtt-sub", protocol=mqtt.MQTTv5)
    sub.on_message = lambda *a: got.set()
    subscribed = threading.Event()
    sub.on_subscribe = lambda *a: subscribed.set()
    sub.connect("127.0.0.1", broker.port)
    sub.subscribe("jiayuan-bench/rtt", qos=1)
    sub.loop_start()
    subscribed.wait(10)
    pub = sc.AckedPublisher(broker.port, "bench-rtt-pub")
    times = []
    for i in range(tries):
        got.clear()
        t = time.perf_counter()
        pub.publish("jiayuan-bench/rtt", b'{"msg_id": "rtt-%d"}' % i, i)
        got.wait(10)
        times.append((time.perf_counter() - t) * 1000)
        time.sleep(0.1)
    pub.close()
    sub.disconnect()
    sub.loop_stop()
    return times


def alarm_latency(broker: Broker, url: str, tries: int) -> tuple[list[float], list[float], int]:
    """Publish a trapped-passenger event for a fresh elevator each try; time until its alarm row exists and
    until the alarm has its case (ms), polling the database every 2 ms. Returns (alarm times, case times, misses)."""
    from django.db import connection

    elevators = sc.make_devices("bench-elev", tries, "elevator")
    consumers = start_consumers(broker, url, 1, "benchlat")
    pub = sc.AckedPublisher(broker.port, "bench-lat-pub")
    to_alarm, to_case, misses = [], [], 0
    try:
        time.sleep(1)
        for i, d in enumerate(elevators):
            t = time.perf_counter()
            pub.publish(sc.topic(d.code, "events"), sc.event_payload(d, f"trapped-{time.time_ns()}", "trapped"), i)
            alarm_at = case_at = None
            while time.perf_counter() - t < 30 and case_at is None:
                with connection.cursor() as cur:
                    cur.execute("SELECT case_id FROM smart_alarm WHERE device_id = %s AND alarm_type <> 'offline' ORDER BY id LIMIT 1", [d.id])
                    row = cur.fetchone()
                now = time.perf_counter()
                if row is not None and alarm_at is None:
                    alarm_at = now
                if row is not None and row[0] is not None:
                    case_at = now
                    break
                time.sleep(0.002)
            if alarm_at is None:
                misses += 1
            else:
                to_alarm.append((alarm_at - t) * 1000)
            if case_at is not None:
                to_case.append((case_at - t) * 1000)
            time.sleep(0.5)
    finally:
        pub.close()
        for c in consumers:
            c.stop()
    return to_alarm, to_case, misses


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--devices", type=int, default=50, help="garbage rooms publishing telemetry (default 50)")
    ap.add_argument("--per-device", type=int, default=6000, help="messages per device and run (default 6000)")
    ap.add_argument("--port", type=int, default=18830)
    ap.add_argument("--batch", type=int, default=None, help="consumer --batch (default: settings.SMART_BATCH_SIZE)")
    ap.add_argument("--wait", type=float, default=None, help="consumer --wait (default: settings.SMART_BATCH_WAIT)")
    ap.add_argument("--tries", type=int, default=9, help="latency tries (default 9)")
    ap.add_argument("--skip", action="append", default=[], choices=["baseline", "one", "two", "latency"])
    args = ap.parse_args()
    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/jiayuan_bench")
    if not url.startswith("postgres"):
        sys.exit("bench/smart_ingest.py measures PostgreSQL: set DATABASE_URL=postgres://...")
    sc.setup(url)
    from django.conf import settings
    from django.db import connection

    LOGS.mkdir(parents=True, exist_ok=True)
    sets = {name: sc.make_devices(f"bench-{name}", args.devices, "garbage") for name in ("t1", "t2")}
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE smart_telemetry")
        cur.execute("VACUUM ANALYZE smart_event")
    total = args.devices * args.per_device
    batch = args.batch or settings.SMART_BATCH_SIZE
    wait = args.wait if args.wait is not None else settings.SMART_BATCH_WAIT
    print(
        f"\nsmart ingestion: PostgreSQL {connection.settings_dict['NAME']}, Mosquitto 2.0 on port {args.port} (deploy/mosquitto.conf), "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at start\n"
        f"{args.devices} devices x {args.per_device} telemetry messages = {total:,} per run, QoS 1; publishers: "
        f"{args.devices} x mosquitto_pub -l (one client per device); consumers: --batch {batch} --wait {wait}\n"
    )
    results: list[Rate] = []
    broker = Broker(args.port)
    broker.wipe()
    broker.start()
    tmp = Path(tempfile.mkdtemp(prefix="jiayuan-smart-bench-"))
    lat = None
    try:
        if "baseline" not in args.skip:
            results.append(baseline(broker, sets["t1"], args.per_device, tmp))
            print(f"  {results[-1].name}: {results[-1].per_second:,.0f}/s", flush=True)
        if "one" not in args.skip:
            results.append(through_consumers(broker, url, 1, sets["t1"], args.per_device, tmp, args.batch, args.wait))
            print(f"  {results[-1].name}: {results[-1].per_second:,.0f}/s", flush=True)
        if "two" not in args.skip:
            results.append(through_consumers(broker, url, 2, sets["t2"], args.per_device, tmp, args.batch, args.wait))
            print(f"  {results[-1].name}: {results[-1].per_second:,.0f}/s", flush=True)
        if "latency" not in args.skip:
            rtt = round_trips(broker, args.tries)
            to_alarm, to_case, misses = alarm_latency(broker, url, args.tries)
            lat = (rtt, to_alarm, to_case, misses)
    finally:
        broker.stop()
        for f in tmp.glob("*/*.lines"):
            f.unlink()

    base = results[0].per_second if results and results[0].name.startswith("(a)") else None
    if results:
        print(f"\n{'run':<58}{'messages':>10}{'seconds':>9}{'msgs/s':>10}{'× (a)':>8}   publishers took")
        print("-" * 112)
    for r in results:
        ratio = f"{r.per_second / base:>8.2f}" if base else f"{'':>8}"
        print(f"{r.name:<58}{r.messages:>10,}{r.seconds:>9.2f}{r.per_second:>10,.0f}{ratio}   {r.published_in:.2f} s {r.note}")
    stored = [r for r in results if r.name.startswith("(b)")]
    if stored:
        best = max(stored, key=lambda r: r.per_second)
        verdict = "reached" if best.per_second >= TARGET and not best.note else "NOT reached"
        print(f"\ntarget {TARGET:,} messages/s stored: {verdict} (best {best.per_second:,.0f}/s: {best.name})")
    if lat:
        rtt, to_alarm, to_case, misses = lat
        base_ms = statistics.median(rtt)
        print(f"\n{'latency, median of ' + str(args.tries) + ' tries':<58}{'ms':>10}{'× rtt':>9}   (min-max)")
        print("-" * 92)
        print(f"{'(c) plain publish -> receive round trip (QoS 1)':<58}{base_ms:>10.1f}{1:>9.1f}   ({min(rtt):.1f}-{max(rtt):.1f})")
        for label, times in (("(c) trapped event published -> alarm row", to_alarm), ("(c) trapped event published -> alarm with its case", to_case)):
            if times:
                m = statistics.median(times)
                print(f"{label:<58}{m:>10.1f}{m / base_ms:>9.1f}   ({min(times):.1f}-{max(times):.1f}; {len(times)} of {args.tries})")
            else:
                print(f"{label:<58}{'none':>10}")
        if misses:
            print(f"  {misses} of {args.tries} trapped events made no alarm within 30 s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
