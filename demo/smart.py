"""The demo's devices (issue 5 item 6), called by `load_demo` after the cases: several hundred devices
over the 22 居民区 of 中山街道 and two days of their history, so the device pages are not empty.

- 2 elevators in every high-rise building (4 flats a floor in `demo.plan`), kept by elevator maintainers;
- 2 fire-facility monitors per 居民区, 1-3 smart garbage rooms, 1-2 barrier gates at its entrances;
- AI cameras: 高空抛物 facing two high-rise façades, 楼道堆物 in a stairwell, 乱停车 at the entrance;
- smoke, gas and water sensors in a few elderly residents' homes, placed on the BUILDING with the
  location "x号楼 某单元": no house, no name, no personal data on a device.

Vendors, maintainers (member accounts without a password, like `demo.cases.staff`), serials and install
dates are demo data. Credentials: only digests are stored; the plain tokens and vendor keys are derived
from SECRET_KEY (`smart.simulator.tokens`, this installation's secret), so `simulate_devices` can send them.

History: the last 48 hours at 10-minute steps from the simulator's own profiles (`smart.simulator`),
written in bulk (COPY on PostgreSQL), their hourly rollups, the latest values, and the
past alarms that history would have raised (all cleared, most acknowledged): a few trapped passengers,
overflowing garbage rooms, 高空抛物, faults, and devices that were offline for a while.

Idempotent: when the subdistrict has devices already, nothing is added. Deterministic for a seed and `now`.
"""

import datetime
import io
import json
import re
import time
from collections import Counter, defaultdict
from random import Random

from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone
from tqdm import tqdm

from accounts.models import RoleAssignment, User
from demo.geo import coord, point_in_quad
from demo.names import name_pools
from demo.specs import ZHONGSHAN
from demo.unique import draw_index
from org.models import Unit, UnitKind
from smart.broker import mosquitto_hash
from smart.models import (
    Alarm,
    AlarmRule,
    Device,
    DeviceLatest,
    DeviceState,
    DeviceType,
    Event,
    Maintainer,
    MessageKind,
    Severity,
    Telemetry,
    TelemetryHourly,
    Vendor,
)
from smart.services.registry import token_digest
from smart.simulator.fleet import Fleet, sim_device
from smart.simulator.tokens import demo_device_token, demo_vendor_key

HOURS, STEP_MINUTES = 48, 10
CHUNK = 20_000  # rows per insert
# code, name, serial prefix
VENDORS = [
    ("mitsubishi", "上海三菱电梯有限公司", "SMEC"), ("schindler", "迅达（中国）电梯有限公司", "SCH"), ("otis", "奥的斯电梯（中国）有限公司", "OTIS"),
    ("hikvision", "杭州海康威视数字技术股份有限公司", "HK"), ("dahua", "浙江大华技术股份有限公司", "DH"), ("jieshun", "捷顺科技股份有限公司", "JS"),
    ("gst", "海湾安全技术有限公司", "GST"), ("heiman", "深圳市海曼科技股份有限公司", "HM"), ("yingfeng", "盈峰环境科技集团股份有限公司", "YF"),
]  # fmt: skip
# name, duty phone, member account suffix, the vendors whose devices it keeps
MAINTAINERS = [
    ("上海三菱电梯松江维保站", "021-57821100", "lift-smec", {"mitsubishi"}),
    ("迅达电梯松江服务中心", "021-57821200", "lift-sch", {"schindler"}),
    ("奥的斯电梯松江维保站", "021-57821300", "lift-otis", {"otis"}),
    ("松江消防设施维保中心", "021-57821400", "fire", {"gst"}),
    ("中山街道智能安防运维组", "021-57821500", "security", {"hikvision", "dahua", "jieshun"}),
]
HTTP_VENDOR = "heiman"  # the home sensors' platform pushes over HTTP: its credential is printed for trying the endpoint
LIFT_VENDORS = ["mitsubishi", "mitsubishi", "schindler", "otis"]
OFFLINE_SEVERITY = Severity.MAJOR
# the history's events that raise an alarm under the default rules (single events, no repeats needed)
ALARM_EVENTS = {"trapped", "fault", "door_fault", "overflow", "throw", "clutter", "smoke_alarm", "gas_alarm", "water_leak", "fire_alarm"}
SEVERITY_BY_NAME = {s.name: s.value for s in Severity}


def load_demo_smart(subdistrict_code: str = ZHONGSHAN, *, seed: int = 2021, hours: int = HOURS, now=None, progress: bool = True) -> dict:
    """Add the demo devices of the subdistrict and their history, unless it has devices already."""
    started = time.monotonic()
    subdistrict = Unit.objects.filter(code=subdistrict_code).first()
    if subdistrict is None or Device.objects.filter(unit_path__startswith=subdistrict.path).exists():
        return {"devices": 0, "skipped": True}
    call_command("smart_defaults", verbosity=0, stdout=io.StringIO(), stderr=io.StringIO())
    types = {t.code: t for t in DeviceType.objects.all()}
    rng = Random(f"{seed}:smart")
    with transaction.atomic():
        vendors = ensure_vendors()
        maintainers, members = ensure_maintainers(subdistrict, seed)
        end = timezone.localtime(now or timezone.now()).replace(second=0, microsecond=0)  # last seen just now: no offline alarms when the simulator starts
        start = end - datetime.timedelta(hours=hours)
        devices = Planner(subdistrict, types, vendors, maintainers, rng).plan()
        for d in devices:
            d.state, d.state_changed_at, d.last_seen_at = DeviceState.ONLINE, start, end
        Device.objects.bulk_create(devices, batch_size=2000)
        devices = list(Device.objects.filter(unit_path__startswith=subdistrict.path).select_related("device_type", "vendor").order_by("code"))
        history = History(devices, types, seed, start, end, rng)
        history.write(progress)
        alarms = history.alarms(responders(subdistrict, devices, members))
        rolled = history.rollups()
    result = {
        "devices": len(devices), "by type": dict(Counter(d.device_type.code for d in devices)), "telemetry": history.counts["telemetry"],
        "events": history.counts["events"], "alarms": alarms, "rollups": rolled, "maintainer accounts": len(members), "vendors": len(vendors),
        "seconds": round(time.monotonic() - started, 1), "http credential": f"Vendor {HTTP_VENDOR}:{demo_vendor_key(HTTP_VENDOR)}",
    }  # fmt: skip
    from demo.generator import audit_load

    audit_load("load_demo_smart", Counter({k: v for k, v in result.items() if isinstance(v, int)}), {"seed": seed, "hours": hours})
    return result


def ensure_vendors() -> dict[str, Vendor]:
    out = {}
    for code, name, _prefix in VENDORS:
        v, _ = Vendor.objects.get_or_create(code=code, defaults={"name": name})
        if not v.key_digest:
            v.key_digest = token_digest(demo_vendor_key(code))
            v.save(update_fields=["key_digest"])
        out[code] = v
    return out


def ensure_maintainers(subdistrict: Unit, seed: int) -> tuple[dict[str, Maintainer], list[User]]:
    """The maintainers by vendor code, each with two member accounts that cannot sign in (no password)."""
    rng, pools = Random(f"{seed}:maintainers"), name_pools(seed)
    prefix = subdistrict.code.rsplit("-", 1)[-1].lower()
    by_vendor, members = {}, []
    for name, phone, suffix, vendor_codes in MAINTAINERS:
        m, _ = Maintainer.objects.get_or_create(name=name, defaults={"phone": phone})
        for k in (1, 2):
            username = f"{prefix}-mnt-{suffix}-{k}"
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User(username=username, display_name=f"{name} 维保员 {pools.person(rng, rng.random() < 0.7)}")
                user.set_unusable_password()
                user.save()
            m.members.add(user)
            members.append(user)
        for v in vendor_codes:
            by_vendor[v] = m
    return by_vendor, members


class Planner:
    """Where each device goes, district by district."""

    def __init__(self, subdistrict, types, vendors, maintainers, rng):
        self.s, self.types, self.vendors, self.maintainers, self.rng = subdistrict, types, vendors, maintainers, rng
        self.serials = set()
        self.devices: list[Device] = []

    def plan(self) -> list[Device]:
        s = self.s
        districts = list(Unit.objects.filter(path__startswith=s.path, kind=UnitKind.DISTRICT).order_by("path"))
        grids = defaultdict(list)
        for g in Unit.objects.filter(path__startswith=s.path, kind=UnitKind.GRID, boundary__isnull=False).order_by("path"):
            grids[g.parent_id].append(g)
        buildings = defaultdict(list)
        for b in (
            Unit.objects.filter(path__startswith=s.path, kind=UnitKind.BUILDING).order_by("path").only("id", "path", "code", "name", "lat", "lng", "parent_id")
        ):
            buildings[b.parent_id].append(b)
        flats, houses = defaultdict(int), Counter()
        for parent, code in Unit.objects.filter(path__startswith=s.path, kind=UnitKind.HOUSE).values_list("parent_id", "code").iterator(chunk_size=5000):
            houses[parent] += 1
            if code[-2:].isdigit():
                flats[parent] = max(flats[parent], int(code[-2:]))
        for d in districts:
            gs = grids.get(d.pk, [])
            if not gs:
                continue
            bs = [b for g in gs for b in buildings.get(g.pk, [])]
            high = [b for b in bs if flats[b.pk] > 2 and houses[b.pk] >= 8]  # 4 flats a floor: a high-rise with lifts
            low = [b for b in bs if b not in high]
            self.district(d, gs, bs, high, low)
        return self.devices

    def add(self, code, type_code, name, unit, location, lat, lng, vendor, maintainer=True, years=(2008, 2023)):
        rng = self.rng
        prefix = next(p for c, _n, p in VENDORS if c == vendor)
        year = rng.randint(*years)
        n = draw_index(rng, 10**6, lambda i: f"{prefix}{year}{i:06d}" in self.serials)
        serial = f"{prefix}{year}{n:06d}"
        self.serials.add(serial)
        self.devices.append(Device(
            code=code, name=name, device_type=self.types[type_code], vendor=self.vendors[vendor],
            maintainer=self.maintainers.get(vendor) if maintainer else None, serial=serial,
            installed_on=datetime.date(int(serial[len(prefix):len(prefix) + 4]), rng.randint(1, 12), rng.randint(1, 28)),
            unit=unit, unit_path=unit.path, location=location, lat=coord(lat), lng=coord(lng), token_digest=token_digest(demo_device_token(code)),
            mqtt_password_hash=mosquitto_hash(demo_device_token(code)),
        ))  # fmt: skip

    def near(self, b: Unit, spread: float = 0.00012) -> tuple[float, float]:
        return float(b.lat) + self.rng.uniform(-spread, spread), float(b.lng) + self.rng.uniform(-spread, spread)

    def in_grid(self, g: Unit, u: float, v: float) -> tuple[float, float]:
        lng, lat = point_in_quad([tuple(p) for p in g.boundary["coordinates"][0][:4]], u, v)
        return lat, lng

    def district(self, d, gs, bs, high, low):
        rng, short = self.rng, d.name.removesuffix("居民区")
        cams = Counter()

        def cam_code(g):
            cams[g.pk] += 1
            return f"CAM-{g.code}-{cams[g.pk]:02d}"

        grid_of = {g.pk: g for g in gs}
        for b in high:  # elevators: two per high-rise
            vendor = rng.choice(LIFT_VENDORS)
            for k, side in ((1, "东"), (2, "西")):
                self.add(f"LIFT-{b.code}-{k}", "elevator", f"{b.name}{k}号电梯", b, f"{b.name} {side}侧电梯", *self.near(b), vendor)
        for k, b in enumerate(rng.sample(high or bs, min(2, len(high or bs))), 1):  # fire: pump room and control room
            where = "地下泵房" if k == 1 else "消防控制室"
            self.add(f"FIRE-{d.code}-{k}", "fire", f"{short}{where}消防监测", b, f"{b.name} {where}", *self.near(b), "gst")
        for k, g in enumerate(rng.sample(gs, min(len(gs), rng.randint(1, 3))), 1):  # garbage rooms, one per chosen grid
            self.add(f"BIN-{g.code}-1", "garbage", f"{short}{k}号垃圾房", g, f"{g.name} 定时定点投放点", *self.in_grid(g, rng.uniform(0.3, 0.7), rng.uniform(0.3, 0.7)),
                     "yingfeng", maintainer=False, years=(2019, 2023))  # fmt: skip
        gates = [(gs[0], "南门", 0.5, 0.02)] + ([(gs[-1], "北门", 0.5, 0.98)] if len(gs) > 1 and rng.random() < 0.5 else [])
        for k, (g, gate, u, v) in enumerate(gates, 1):  # barrier gates at the entrances, on the grid's edge
            self.add(f"GATE-{d.code}-{k}", "gate", f"{short}{gate}道闸", g, f"小区{gate}", *self.in_grid(g, u, v), "jieshun", years=(2016, 2023))
        for b in rng.sample(high, min(2, len(high))):  # 高空抛物 cameras facing high-rise façades
            g = grid_of[b.parent_id]
            self.add(
                cam_code(g),
                "camera",
                f"{b.name}高空抛物监控",
                g,
                f"{b.name} 南立面",
                *self.near(b, 0.0003),
                rng.choice(["hikvision", "dahua"]),
                years=(2020, 2024),
            )
        for b in rng.sample(low or bs, min(1, len(low or bs))):  # 楼道堆物 in a stairwell
            g = grid_of[b.parent_id]
            self.add(
                cam_code(g), "camera", f"{b.name}楼道堆物监控", b, f"{b.name} 1单元楼道", *self.near(b), rng.choice(["hikvision", "dahua"]), years=(2020, 2024)
            )
        g = gs[0]  # 乱停车 at the entrance
        self.add(cam_code(g), "camera", f"{short}南门乱停车监控", g, "小区南门 消防通道", *self.in_grid(g, 0.55, 0.06), "hikvision", years=(2020, 2024))
        seq = Counter()
        for b in rng.sample(bs, min(len(bs), rng.randint(2, 3))):  # sensors in elderly residents' homes: on the building only
            kinds = ["smoke"] + (["gas"] if rng.random() < 0.7 else []) + (["water"] if rng.random() < 0.4 else [])
            for kind in kinds:
                seq[(b.pk, kind)] += 1
                label = {"smoke": "烟感", "gas": "燃气", "water": "水浸"}[kind]
                self.add(f"{kind.upper()}-{b.code}-{seq[(b.pk, kind)]}", kind, f"居家养老{label}探测器", b, f"{b.name} 某单元", float(b.lat), float(b.lng),
                         "heiman", maintainer=False, years=(2021, 2024))  # fmt: skip


class History:
    """The last hours of every device, from the simulator's profiles, written in bulk."""

    def __init__(self, devices, types, seed, start, end, rng):
        self.devices, self.types, self.start, self.end, self.rng = devices, types, start, end, rng
        self.sims = [sim_device(d.code, d.device_type, name=d.name, vendor=d.vendor.code if d.vendor else "", token="", seed=seed) for d in devices]
        self.fleet = Fleet(self.sims, seed=seed, run_id="h", snapshots=False, with_token=False)
        self.counts = Counter()
        self.latest: dict[int, tuple] = {}
        self.hourly: dict[tuple, list] = {}  # (device id, key, hour) → [count, sum, min, max], as smart.rollup computes them
        self.happened: list[tuple] = []  # (device, ts, event code, data) of events that raise alarms
        steps = int((end - start).total_seconds() // (STEP_MINUTES * 60))
        self.times = [start + datetime.timedelta(minutes=STEP_MINUTES * (k + 1)) for k in range(steps)]
        # a few scenarios at random times, and outages (offline for a while, then back)
        self.scenarios = sorted((self.times[rng.randrange(6, len(self.times) - 18)], name) for name in ["trapped"] * 3 + ["overflow"] * 4 + ["throw"] * 3)
        self.outages = {}
        for d in rng.sample(devices, min(8, len(devices))):
            a = rng.randrange(6, len(self.times) - 24)
            self.outages[d.pk] = (self.times[a], self.times[a + rng.randint(9, 20)])

    def write(self, progress: bool) -> None:
        tel, ev = [], []
        received = datetime.timedelta(milliseconds=800)
        sims = dict(zip((d.pk for d in self.devices), self.sims, strict=True))
        by_code = {d.code: d for d in self.devices}
        pending = list(self.scenarios)
        for when in tqdm(self.times, desc="demo devices: history", unit="步", disable=not progress):
            t = when.timestamp()
            msgs = []
            while pending and pending[0][0] <= when:
                msgs += self.fleet.scenario(pending.pop(0)[1], t)
            for d in self.devices:
                out = self.outages.get(d.pk)
                if out and out[0] <= when < out[1]:
                    continue
                msgs += self.fleet.report(sims[d.pk], t, STEP_MINUTES * 60)
            for m in msgs:
                d = by_code[m.code]
                p = m.payload
                if m.channel == "telemetry":
                    tel.append((d.pk, when, p["msg_id"], json.dumps(p["values"]), when + received))
                    self.latest[d.pk] = (when, p["values"])
                    hour = when.replace(minute=0)
                    for key, v in p["values"].items():
                        acc = self.hourly.get((d.pk, key, hour))
                        if acc is None:
                            self.hourly[(d.pk, key, hour)] = [1, v, v, v]
                        else:
                            acc[0] += 1
                            acc[1] += v
                            acc[2] = min(acc[2], v)
                            acc[3] = max(acc[3], v)
                elif m.channel == "events":
                    ev.append((d.pk, when, p["msg_id"], MessageKind.EVENT, p["event"], json.dumps(p.get("data", {}), ensure_ascii=False), "", when + received))
                    if p["event"] in ALARM_EVENTS:
                        self.happened.append((d, when, p["event"], {**self.latest.get(d.pk, (None, {}))[1], **p.get("data", {})}))
            if len(tel) >= CHUNK:
                self.flush(tel, ev)
                tel, ev = [], []
        self.flush(tel, ev)
        DeviceLatest.objects.bulk_create([DeviceLatest(device_id=pk, ts=ts, values=v) for pk, (ts, v) in self.latest.items()], batch_size=2000)

    def flush(self, tel, ev) -> None:
        write_rows(Telemetry, ["device_id", "ts", "msg_id", "values", "received_at"], tel)
        write_rows(Event, ["device_id", "ts", "msg_id", "kind", "code", "data", "snapshot", "received_at"], ev)
        self.counts["telemetry"] += len(tel)
        self.counts["events"] += len(ev)

    def rollups(self) -> int:
        """The hourly rollups of the complete hours (what `smart.rollup` makes from the raw rows, computed while
        generating them: several times faster than aggregating the JSON in the database afterwards). The
        current hour is left to the periodic rollup, as it leaves it."""
        current = self.end.replace(minute=0)
        rows = [(pk, key, hour, *acc) for (pk, key, hour), acc in self.hourly.items() if hour < current]
        for i in range(0, len(rows), CHUNK):
            write_rows(TelemetryHourly, ["device_id", "key", "hour", "count", "total", "minimum", "maximum"], rows[i : i + CHUNK])
        return len(rows)

    def alarms(self, responder) -> int:
        """The alarms the history's events raised under the default rules, and the outages: all cleared."""
        rules = rules_by_event()
        event_names = {(t.pk, e["code"]): e["name"] for t in self.types.values() for e in t.events}
        rng, rows = self.rng, []
        for d, when, code, data in self.happened:
            rule = rules.get((d.device_type_id, code))
            if rule is None:
                continue
            ack = when + datetime.timedelta(minutes=rng.uniform(1, 12))
            cleared = ack + datetime.timedelta(minutes=rng.uniform(8, 90))
            if cleared >= self.end:
                continue
            context = {**data, "device": d.name, "location": d.location, "event": event_names.get((d.device_type_id, code), code)}
            rows.append(Alarm(device=d, rule=rule, alarm_type=rule.alarm_type, severity=top_severity(rule), details=details(rule, context),
                              active=False, acknowledged=rng.random() < 0.9, started_at=when, last_at=when, cleared_at=cleared,
                              cleared_by_id=responder(d)))  # fmt: skip
        for pk, (a, b) in self.outages.items():
            d = next(x for x in self.devices if x.pk == pk)
            last = a - datetime.timedelta(minutes=STEP_MINUTES)
            at = last + datetime.timedelta(seconds=d.device_type.offline_after)
            if at < b:
                silent = f"已 {d.device_type.offline_after // 60} 分钟无消息（最后一次 {timezone.localtime(last):%Y-%m-%d %H:%M}）"
                rows.append(Alarm(device=d, alarm_type="offline", severity=OFFLINE_SEVERITY, details=silent, active=False, acknowledged=True,
                                  started_at=at, last_at=at, cleared_at=b))  # fmt: skip
        for r in rows:
            if r.acknowledged:
                r.acknowledged_at = min(r.started_at + datetime.timedelta(minutes=rng.uniform(1, 12)), r.cleared_at)
                r.acknowledged_by_id = responder(r.device)
        Alarm.objects.bulk_create(rows, batch_size=1000)
        return len(rows)


def rules_by_event() -> dict[tuple[int, str], AlarmRule]:
    """Active rules whose create condition watches an event code: (device type id, event code) → rule."""
    out = {}
    for rule in AlarmRule.objects.filter(is_active=True).order_by("id"):
        for cond in (rule.create_conditions or {}).values():
            for p in (cond or {}).get("predicates", []):
                if p.get("source") == "event":
                    out.setdefault((rule.device_type_id, p.get("key") or p.get("value")), rule)
    return out


def top_severity(rule: AlarmRule) -> int:
    levels = [SEVERITY_BY_NAME[k] for k in (rule.create_conditions or {}) if k in SEVERITY_BY_NAME]
    return max(levels, default=Severity.MAJOR)


def details(rule: AlarmRule, data: dict) -> str:
    """The rule's details template with the event's data (missing keys left empty)."""
    text = re.sub(r"\{(\w+)\}", lambda m: str(data.get(m.group(1), "")), rule.details or rule.name)
    return text[:300]


def responders(subdistrict: Unit, devices, members) -> callable:
    """Who acknowledged and cleared a past alarm of a device: its maintainer's first member, else the
    property manager of its 居民区."""
    property_by_path = {}
    for user_id, path in RoleAssignment.objects.filter(unit_path__startswith=subdistrict.path, role="property_company").values_list("user_id", "unit_path"):
        property_by_path.setdefault(path, user_id)
    member_of = {}
    for m in Maintainer.objects.filter(devices__in=[d.pk for d in devices]).distinct().prefetch_related("members"):
        ids = sorted(u.pk for u in m.members.all())
        if ids:
            member_of[m.pk] = ids[0]

    def who(d: Device):
        if d.maintainer_id in member_of:
            return member_of[d.maintainer_id]
        for path, uid in property_by_path.items():
            if d.unit_path.startswith(path):
                return uid
        return None

    return who


def write_rows(model, columns: list[str], rows: list[tuple]) -> None:
    """COPY on PostgreSQL, an executemany INSERT elsewhere; JSON columns come as JSON text. The rows of a
    step share their times, so each distinct datetime is adapted once (adapting each value costs more
    than the insert)."""
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    cols = ", ".join(connection.ops.quote_name(c) for c in columns)
    if connection.vendor == "postgresql":
        with connection.cursor() as cur, cur.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    adapted, adapt = {}, connection.ops.adapt_datetimefield_value

    def once(v):
        if isinstance(v, datetime.datetime):
            if v not in adapted:
                adapted[v] = adapt(v)
            return adapted[v]
        return v

    sql = f"INSERT INTO {table} ({cols}) VALUES ({', '.join(['%s'] * len(columns))})"  # noqa: S608  names from the model, values as parameters
    with connection.cursor() as cur:
        cur.executemany(sql, [tuple(once(v) for v in row) for row in rows])
