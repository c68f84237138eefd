"""The simulated devices and the messages they send, in the wire format of `smart.messages`.

`Fleet` is pure generation (no clock, no network): given a simulated time it returns the messages a
device sends then, so the runner, the demo loader (48 hours of history) and the tests share it.
"""

import datetime
import math
import zoneinfo
from dataclasses import dataclass, field
from random import Random

from django.conf import settings

from smart.simulator.profiles import Camera, Elevator, Garbage, Profile, profile_for
from smart.simulator.snapshot import snapshot_jpeg
from smart.simulator.tokens import demo_device_token, demo_vendor_key

CHANNELS = ("telemetry", "events", "status")
SCENARIOS = ("trapped", "overflow", "throw")
B36 = "0123456789abcdefghijklmnopqrstuvwxyz"


def base36(n: int) -> str:
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = B36[r] + out
        if not n:
            return out


@dataclass
class SimDevice:
    code: str
    type_code: str
    kind: str = ""
    name: str = ""
    token: str = ""
    vendor: str = ""  # vendor code ("" when none)
    vendor_key: str = ""
    bounds: dict = field(default_factory=dict)  # measurement key → (min, max)
    events: set = field(default_factory=set)
    profile: Profile | None = None
    rng: Random | None = None
    state: dict = field(default_factory=dict)
    seq: int = 0
    last_t: float | None = None

    @property
    def period(self) -> float:
        return self.profile.period


@dataclass(slots=True)
class Outgoing:
    """One message: the device, its channel (topic suffix) and the JSON payload."""

    code: str
    channel: str  # telemetry | events | status
    payload: dict


def sim_device(code, device_type, *, name="", vendor="", token=None, floors=None, seed=2021) -> SimDevice:
    """A simulated device for `device_type` (a DeviceType or anything with code/kind/measurements/events)."""
    dev = SimDevice(
        code=code, type_code=device_type.code, kind=device_type.kind, name=name, vendor=vendor,
        token=token if token is not None else demo_device_token(code), vendor_key=demo_vendor_key(vendor) if vendor else "",
        bounds={m["key"]: (m.get("min"), m.get("max")) for m in device_type.measurements}, events={e["code"] for e in device_type.events},
        profile=profile_for(device_type.code, device_type.kind), rng=Random(f"{seed}:{code}"),
    )  # fmt: skip
    if floors:
        dev.state["floors"] = floors
    dev.profile.setup(dev)
    return dev


def load_devices(codes=None, seed: int = 2021) -> list[SimDevice]:
    """The devices in service (or those named), with their demo tokens and, for elevators, their building's floors."""
    from django.db.models import Count

    from org.models import Unit, UnitKind
    from smart.models import Device

    qs = Device.objects.filter(is_active=True).select_related("device_type", "vendor").order_by("code")
    if codes:
        qs = qs.filter(code__in=codes)
    devices = list(qs)
    lift_units = {d.unit_id for d in devices if d.device_type.code == "elevator"}
    houses = dict(Unit.objects.filter(parent_id__in=lift_units, kind=UnitKind.HOUSE).values("parent_id").annotate(n=Count("id")).values_list("parent_id", "n"))
    out = []
    for d in devices:
        floors = math.ceil(houses[d.unit_id] / 4) if houses.get(d.unit_id, 0) >= 8 else None
        vendor = d.vendor.code if d.vendor and d.vendor.is_active else ""
        out.append(sim_device(d.code, d.device_type, name=d.name, vendor=vendor, floors=floors, seed=seed))
    return out


class Fleet:
    """Generates the messages of a set of devices; `run_id` makes msg_ids unique across runs."""

    def __init__(self, devices: list[SimDevice], *, seed: int = 2021, run_id: str = "", snapshots: bool = True, with_token: bool = True):
        self.devices = devices
        self.by_code = {d.code: d for d in devices}
        self.rng = Random(f"{seed}:fleet")
        self.run_id = run_id or "r"
        self.snapshots = snapshots
        self.with_token = with_token
        self.tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)

    def local(self, t: float) -> datetime.datetime:
        return datetime.datetime.fromtimestamp(t, self.tz)

    def hour(self, t: float) -> float:
        d = self.local(t)
        return d.hour + d.minute / 60 + d.second / 3600

    def envelope(self, dev: SimDevice, ts: float, channel: str, body: dict) -> Outgoing:
        dev.seq += 1
        payload = {"msg_id": f"{self.run_id}-{base36(dev.seq)}", "ts": int(ts * 1000)}
        if self.with_token:
            payload["token"] = dev.token
        payload.update(body)
        return Outgoing(dev.code, channel, payload)

    def event(self, dev: SimDevice, ts: float, code: str, data: dict) -> Outgoing:
        body = {"event": code, "data": data}
        if self.snapshots and dev.kind == "camera":
            body["snapshot"] = snapshot_jpeg(dev.rng, code, dev.code, self.local(ts))
        return self.envelope(dev, ts, "events", body)

    def status(self, dev: SimDevice, t: float, online: bool = True) -> Outgoing:
        return self.envelope(dev, t, "status", {"status": "online" if online else "offline"})

    def report(self, dev: SimDevice, t: float, interval: float | None = None, ts: float | None = None) -> list[Outgoing]:
        """What `dev` sends at simulated time `t` (stamped `ts`, the wall-clock time, default `t`): its
        telemetry, with the random events (faults) that happen then. `interval`: simulated seconds since
        its last report."""
        ts = t if ts is None else ts
        interval = interval if interval is not None else (t - dev.last_t if dev.last_t is not None else dev.period)
        dev.last_t = t
        h = self.hour(t)
        p, rng = dev.profile, dev.rng
        out = []
        for code, per_day in p.rates(dev).items():
            if code in dev.events and rng.random() < per_day * interval / 86400:
                out.append(self.event(dev, ts, code, p.fault(dev, code, t, h)))
        values = self.clamp(dev, p.values(dev, t, h, interval))
        out.insert(0, self.envelope(dev, ts, "telemetry", {"values": values}))
        out += [self.event(dev, ts, c, d) for c, d in p.extra_events(dev, t, h, interval, values) if c in dev.events]
        return out

    @staticmethod
    def clamp(dev: SimDevice, values: dict) -> dict:
        out = {}
        for k, v in values.items():
            if k not in dev.bounds:
                continue
            lo, hi = dev.bounds[k]
            if lo is not None and v < lo:
                v = lo
            if hi is not None and v > hi:
                v = hi
            out[k] = v
        return out

    # scenarios ---------------------------------------------------------------------------------

    def pick(self, scenario: str, codes=None) -> SimDevice | None:
        """The device a scenario happens to: among `codes` if given, else a seeded choice of the right kind."""
        want = {"trapped": Elevator, "overflow": Garbage, "throw": Camera}[scenario]
        pool = [d for d in self.devices if isinstance(d.profile, want) and (not codes or d.code in codes)]
        if scenario == "throw":
            pool = [d for d in pool if d.state.get("purpose") == "throw"] or pool
        return self.rng.choice(pool) if pool else None

    def scenario(self, name: str, t: float, dev: SimDevice | None = None, codes=None, ts: float | None = None) -> list[Outgoing]:
        """A trapped passenger, a garbage room overflowing, a camera seeing 高空抛物: the messages to send
        at simulated time `t` (stamped `ts`, default `t`)."""
        ts = t if ts is None else ts
        dev = dev or self.pick(name, codes)
        if dev is None:
            return []
        if name == "trapped":
            return [self.event(dev, ts, "trapped", dev.profile.trap(dev, t))]
        if name == "overflow":
            key = dev.profile.overflow(dev, t, self.hour(t))
            msgs = self.report(dev, t, ts=ts)
            return [*msgs, self.event(dev, ts, "overflow", {"bin": key.removeprefix("fill_"), "fill": msgs[0].payload["values"].get(key)})]
        if name == "throw":
            rng = dev.rng
            data = {
                "floor_estimate": rng.randint(6, 18),
                "confidence": round(rng.uniform(0.86, 0.98), 2),
                "object": rng.choice(["塑料瓶", "纸箱", "花盆", "果皮"]),
            }
            return [self.event(dev, ts, "throw", data)]
        raise ValueError(name)
