"""The simulator's clock and schedule: every device reports on its own period, in simulated time.

Simulated time runs `speed` times faster than the wall clock from the start (so `--speed 60` plays an
hour a minute: the daily rhythms and the faults follow it). Each device reports every `period`
simulated seconds; with `rate` the periods are all scaled so that the whole fleet sends `rate` reports
a second (events and status messages come on top). Messages are stamped with the wall-clock time they
are scheduled for (ingestion refuses times in the future), and the schedule is drawn from the seed, so
a run is reproducible for the same seed and start time.
"""

import heapq
import math
import time
from collections import Counter
from random import Random

from smart.simulator.fleet import SCENARIOS, Fleet, Outgoing

BATCH = 500


class Runner:
    def __init__(self, fleet: Fleet, transport, *, speed: float = 1.0, rate: float | None = None, duration: float | None = None,
                 scenario_every: float = 1800, seed: int = 2021, codes=None, stats_every: float = 5, out=print, start: float | None = None):  # fmt: skip
        self.fleet, self.transport = fleet, transport
        self.speed = max(speed, 1e-6)
        self.rate, self.duration = rate, duration
        self.scenario_every = scenario_every  # mean simulated seconds between random scenarios (0: none)
        self.rng = Random(f"{seed}:schedule")
        self.codes = codes
        self.stats_every, self.out = stats_every, out
        self.sim0 = start if start is not None else time.time()
        self.stopped = False
        self.counts = Counter()

    def natural_rate(self) -> float:
        """Reports a second at this speed, before `rate` rescales the periods."""
        return sum(self.speed / d.period for d in self.fleet.devices)

    def scale(self) -> float:
        natural = self.natural_rate()
        return natural / self.rate if self.rate and natural else 1.0

    def stop(self, *args) -> None:
        self.stopped = True

    def send(self, messages: list[Outgoing]) -> None:
        if messages:
            self.transport.send(messages)
            for m in messages:
                self.counts[m.channel] += 1

    def scenario(self, name: str, t: float, ts: float | None = None) -> list[Outgoing]:
        msgs = self.fleet.scenario(name, t, codes=self.codes, ts=ts)
        if msgs:
            self.counts["scenarios"] += 1
            ev = next((m for m in msgs if m.channel == "events"), msgs[0])
            self.out(f"scenario {name}: device {ev.code}, msg_id {ev.payload['msg_id']}, data {ev.payload.get('data', ev.payload.get('values'))}")
        else:
            self.out(f"scenario {name}: no device of the right kind")
        return msgs

    def once(self, scenarios=()) -> int:
        """One round: the scenarios' messages if any were asked for, else one report per device."""
        t = self.sim0
        msgs = []
        for name in scenarios:
            msgs += self.scenario(name, t)
        if not scenarios:
            for d in self.fleet.devices:
                msgs += self.fleet.report(d, t)
        self.send(msgs)
        self.transport.flush(15)
        return len(msgs)

    def run(self, scenarios=(), scenario_delay: float = 0) -> Counter:
        fleet, devices = self.fleet, self.fleet.devices
        scale = self.scale()
        periods = [d.period / self.speed * scale for d in devices]  # wall-clock seconds between reports
        heap = [(self.rng.uniform(0, p), i) for i, p in enumerate(periods)]
        heapq.heapify(heap)
        self.out(f"simulating {len(devices)} devices over {self.transport.name}: {self.natural_rate() / scale:.1f} reports/s at speed {self.speed:g}")
        began = time.monotonic()
        self.send([fleet.status(d, self.sim0) for d in devices])
        queued = list(scenarios)  # played `scenario_delay` seconds in (a consumer starting alongside has subscribed by then)
        last_stats = last_scn = 0.0
        sent_at_stats = self.sent()
        while not self.stopped:
            now = time.monotonic() - began
            if self.duration is not None and now >= self.duration:
                break
            batch = []
            if queued and now >= scenario_delay:
                batch += [m for name in queued for m in self.scenario(name, self.sim0 + now * self.speed, self.sim0 + now)]
                queued = []
            while heap and heap[0][0] <= now:
                due, i = heapq.heappop(heap)
                batch += fleet.report(devices[i], self.sim0 + due * self.speed, devices[i].period * scale, ts=self.sim0 + due)
                heapq.heappush(heap, (due + periods[i], i))
                if len(batch) >= BATCH:
                    self.send(batch)
                    batch = []
            if self.scenario_every and self.rng.random() < (now - last_scn) * self.speed / self.scenario_every:
                batch += self.scenario(self.rng.choice(SCENARIOS), self.sim0 + now * self.speed, self.sim0 + now)
            last_scn = now
            self.send(batch)
            if now - last_stats >= self.stats_every:
                total = self.sent()
                self.out(self.stats_line(now, (total - sent_at_stats) / max(now - last_stats, 1e-9)))
                last_stats, sent_at_stats = now, total
            wait = min(heap[0][0] if heap else now + 0.5, last_stats + self.stats_every, scenario_delay if queued else math.inf) - (time.monotonic() - began)
            if wait > 0:
                time.sleep(min(wait, 0.5))
        self.send([fleet.status(d, self.sim0 + (time.monotonic() - began), online=False) for d in devices])
        self.transport.flush(15)
        self.out(self.stats_line(time.monotonic() - began, self.sent() / max(time.monotonic() - began, 1e-9)) + " (done)")
        return self.counts

    def sent(self) -> int:
        return sum(self.counts[c] for c in ("telemetry", "events", "status"))

    def stats_line(self, elapsed: float, per_second: float) -> str:
        t = self.fleet.local(self.sim0 + elapsed * self.speed)
        c, tr = self.counts, self.transport
        extra = f" · rejected {tr.rejected}" if getattr(tr, "rejected", 0) else ""
        last = f" · last error: {tr.last_error}" if getattr(tr, "last_error", "") else ""
        return (f"[{t:%m-%d %H:%M:%S}] sent {self.sent():,} ({per_second:.1f}/s): telemetry {c['telemetry']:,} · events {c['events']:,} · "
                f"status {c['status']:,} · scenarios {c['scenarios']} · unacknowledged {tr.pending} · errors {tr.errors}{extra}{last}")  # fmt: skip
