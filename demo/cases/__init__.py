"""Two years of demo cases over the demo grids, ending now (issue 4 item 8), called by `load_demo`.

About half a case per house a year (20,000 cases for the 20,000 houses of 中山街道 over two years),
spread over the grids by their houses, in the seasonal mix of `demo.cases.texts`, from every source.
Each case is played step by step (`demo.cases.life`) on the working-day calendar: most are closed on
time, some run late and are escalated by the sweep and supervised, a few are not registered, merged
into an earlier report of the same problem, sent back at the check, or reopened; residents and the
callers of the 12345 line rate most of them. The cases reported lately are still open today.

Fast: bulk inserts with precomputed ids. Deterministic: seeded (for the same `now`). Idempotent: when
the subdistrict has cases already, nothing is added.
"""

import contextlib
import datetime
import math
import time
from collections import Counter, defaultdict
from random import Random

from django.core.management import call_command, get_commands
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from tqdm import tqdm

from accounts.models import RoleAssignment, User
from cases.calendar import WorkingCalendar
from cases.defaults import CATEGORIES, HOLIDAYS
from cases.models import Case, CaseCategory, CaseTransition, Priority
from cases.services import categories_load, holidays_load
from core.protect import encrypt, mask_mobile
from demo.cases import texts as T
from demo.cases.life import Clock, Life, Plan, Step, replay, sweep_escalations
from demo.cases.staff import ensure_case_staff
from demo.geo import contains, coord, point_in_quad
from demo.identity import mobile
from demo.names import name_pools
from demo.specs import ZHONGSHAN
from org.models import Unit, UnitKind

PER_HOUSE_YEAR = 0.5
DAYS = 730
P_REJECT, P_LATE, P_VERIFY_FAIL, P_REOPEN, P_SUPERVISE, P_DUPLICATE = 0.04, 0.075, 0.04, 0.02, 0.03, 0.03
BATCH = 5000


def poisson(rng: Random, lam: float) -> int:
    if lam > 60:
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def pick(rng: Random, weights: dict):
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


@contextlib.contextmanager
def own_timestamps(model):
    """Let a bulk insert keep the given created_at/updated_at (auto_now fields would stamp now)."""
    fields = [f for f in model._meta.concrete_fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, now, add in saved:
            f.auto_now, f.auto_now_add = now, add


class World:
    """The places and people of the subdistrict, loaded once."""

    def __init__(self, subdistrict: Unit, staff, seed: int):
        self.s, self.staff = subdistrict, staff
        units = {u.pk: u for u in Unit.objects.filter(path__startswith=subdistrict.path, kind__in=[UnitKind.AREA, UnitKind.DISTRICT])}
        units[subdistrict.pk] = subdistrict
        self.grids = list(Unit.objects.filter(path__startswith=subdistrict.path, kind=UnitKind.GRID, boundary__isnull=False).order_by("path"))
        for g in self.grids:  # parents from memory: the escalation walks up the tree
            g.parent = units[g.parent_id]
            g.parent.parent = units[g.parent.parent_id]
            g.parent.parent.parent = subdistrict
        by_prefix = {g.path: g for g in self.grids}
        plen = len(self.grids[0].path) if self.grids else 0
        self.houses, self.buildings = Counter(), defaultdict(list)
        for path in Unit.objects.filter(path__startswith=subdistrict.path, kind=UnitKind.HOUSE).values_list("path", flat=True).iterator(chunk_size=5000):
            if path[:plen] in by_prefix:
                self.houses[path[:plen]] += 1
        for b in Unit.objects.filter(path__startswith=subdistrict.path, kind=UnitKind.BUILDING).order_by("path").only("path", "name", "code", "lat", "lng"):
            if b.path[:plen] in by_prefix:
                self.buildings[b.path[:plen]].append(b)
        self.weights = [max(1, self.houses[g.path]) for g in self.grids]
        self.resident, self.resident_grid = self._user_at("resident", plen)
        self.representative, self.representative_district = self._user_at("representative", None)
        self.pools = name_pools(seed)

    def _user_at(self, username, plen):
        row = RoleAssignment.objects.filter(user__username=username).values_list("user_id", "unit_path", "unit_id").first()
        if row is None:
            return None, None
        return row[0], (row[1][:plen] if plen else row[2])


class Planner:
    """Draws the cases of each day and plays them."""

    def __init__(self, world: World, categories: dict, clock: Clock, rng: Random, now):
        self.w, self.cats, self.clock, self.rng, self.now = world, categories, clock, rng, now
        self.busy: dict[str, datetime.datetime] = {}  # device → until when its case is open
        self.lives: list[Life] = []
        self.counter = Counter()

    def day(self, day: datetime.date, tz):
        rng, w = self.rng, self.w
        weekend = not self.clock.calendar.is_workday(day)
        lam = sum(w.weights) * PER_HOUSE_YEAR / 365 * (1.1 if weekend else 0.97) * T.volume(day)
        plans = [self.plan(day, tz, weekend, T.category_weights(day)) for _ in range(poisson(rng, lam))]
        for plan in sorted((p for p in plans if p.created <= self.now), key=lambda p: p.created):
            self.play(plan)

    def when(self, day, tz, source) -> datetime.datetime:
        rng = self.rng
        if source in ("device", "camera"):
            minute = rng.randrange(24 * 60)
        elif source == "patrol":
            minute = rng.randint(9 * 60, 17 * 60)
        else:
            minute = int(rng.choice([rng.gauss(9.5, 1.5), rng.gauss(14.5, 2), rng.gauss(19.5, 1.5)]) * 60)
            minute = min(max(minute, 6 * 60 + 30), 22 * 60 + 30)
        t = datetime.datetime.combine(day, datetime.time.min, tzinfo=tz) + datetime.timedelta(minutes=minute, seconds=rng.randrange(60))
        return self.clock.office(t) if source == "hotline" else t

    def plan(self, day, tz, weekend, weights) -> Plan:
        rng, w = self.rng, self.w
        grid = rng.choices(w.grids, weights=w.weights)[0]
        cat = self.cats[pick(rng, weights)]
        source = pick(rng, T.SOURCES.get(cat.code, T.DEFAULT_SOURCES))
        if source == "patrol" and weekend:
            source = "resident"
        district = grid.parent
        p = Plan(self.when(day, tz, source), cat, source, grid, district, district.parent, "")
        buildings = w.buildings.get(grid.path) or [None]
        p.building = rng.choice(buildings)
        texts = T.TEXTS[cat.code]
        pool = texts.get(T.season(day), []) + texts["any"] if rng.random() < 0.6 else texts["any"]
        p.text = rng.choice(pool).format(b=p.building.name if p.building else "", f=rng.randint(2, 6))
        if source == "resident":
            if grid.path == w.resident_grid and w.resident and rng.random() < 0.12:
                p.reporter = w.resident
            else:
                p.contact = rng.random() < 0.88
        elif source == "hotline":
            p.contact, p.keyed_by = True, w.staff.admin
        elif source == "patrol":
            p.reporter = w.staff.at(grid.pk, "grid_worker")
        elif source == "suggestion":
            if district.pk == w.representative_district and w.representative:
                p.reporter = w.representative
            else:
                p.contact = True
        elif source == "open311":
            p.contact = rng.random() < 0.5
        p.reject = rng.random() < P_REJECT and source not in ("device", "camera")
        p.late, p.verify_fail = rng.random() < P_LATE, rng.random() < P_VERIFY_FAIL
        p.reopen, p.supervise = rng.random() < P_REOPEN, rng.random() < P_SUPERVISE
        return p

    def device_ref(self, p: Plan) -> str:
        rng, code = self.rng, p.grid.code
        if p.source == "camera":
            refs = [f"CAM-{code}-{k:02d}" for k in range(1, 5)]
        elif p.category.code == "FAC-LIFT":
            refs = [f"LIFT-{b.code}" for b in self.w.buildings.get(p.grid.path, [])] or [f"LIFT-{code}"]
        else:
            refs = [f"BIN-{code}-{k}" for k in range(1, 4)]
        free = [r for r in refs if self.busy.get(r, p.created) <= p.created]
        return rng.choice(free) if free else ""

    def play(self, p: Plan, duplicate_of: Life | None = None):
        rng, w = self.rng, self.w
        if p.source in ("device", "camera"):
            p.device_ref = self.device_ref(p)
            if not p.device_ref:  # every device of the kind has an open case: a resident calls instead
                p.source, p.contact = "resident", True
        p.pin = self.pin(p, near=duplicate_of)
        kind = p.category.handler_kind
        unit = w.s if kind == "department" else p.grid if kind == "grid" else p.district
        role = {"property": "property_company", "police": "police", "committee": "committee_secretary", "grid": "grid_worker"}.get(kind)
        handler = w.staff.at(unit.pk, role) if role else w.staff.admin
        if kind == "committee" and p.district.pk in w.staff.social and rng.random() < 0.4:
            handler = w.staff.social[p.district.pk]
        life = Life(p, staff=w.staff, clock=self.clock, rng=rng, now=self.now, handling_unit=unit, handler_user=handler)
        if duplicate_of is None:
            life.play()
        else:
            life.step(p.created, "report", "reported", p.reporter if p.source == "resident" else p.keyed_by, p.text)
            merged = self.clock.after(p.created, 10, 240)
            life.step(merged, "merge", "merged", life.grid_worker(), T.MERGE_NOTE, merged_into=duplicate_of, closed_at=merged)
        until = life.first_close or (life.steps[-1].at if life.steps[-1].to in ("rejected", "merged") else datetime.datetime.max.replace(tzinfo=p.created.tzinfo))
        if p.device_ref:
            self.busy[p.device_ref] = until
            self.repeats(life, until)
        life.steps += sweep_escalations(life.steps, p.grid, p.category.time_limit_kwargs(), self.clock, rng, self.now)
        life.steps.sort(key=lambda s: s.at)
        self.lives.append(life)
        self.counter[p.source] += 1
        if duplicate_of is None and not p.reject and rng.random() < P_DUPLICATE:
            self.duplicate(life, until)

    def repeats(self, life: Life, until):
        p, rng = life.p, self.rng
        end = min(until, self.now)
        for _ in range(rng.choice([0, 0, 1, 1, 2, 3])):
            at = p.created + (end - p.created) * rng.uniform(0.02, 0.98)
            if p.created < at < end:
                life.steps.append(Step(at, "repeat", None, None, f"{at:%Y-%m-%d %H:%M:%S} 重复告警：{p.text}"))

    def duplicate(self, first: Life, until):
        """Someone else reports the same problem while it is open; staff merge it into the first case."""
        p, rng = first.p, self.rng
        end = min(until, self.now)
        if end - p.created < datetime.timedelta(hours=6):
            return
        at = p.created + (end - p.created) * rng.uniform(0.05, 0.5)
        if self.clock.after(at, 10, 240) >= end:
            return
        dup = Plan(at, p.category, rng.choice(["resident", "hotline"]), p.grid, p.district, p.area, f"{p.text}（又有居民反映）")
        dup.building, dup.contact = p.building, True
        dup.keyed_by = self.w.staff.admin if dup.source == "hotline" else None
        if dup.source == "hotline":
            dup.created = self.clock.office(at)
            if dup.created >= end:
                return
        self.play(dup, duplicate_of=first)

    def pin(self, p: Plan, near: Life | None = None):
        rng, ring = self.rng, p.grid.boundary["coordinates"][0]
        for _ in range(6):
            if near is not None:
                lng, lat = near.p.pin[0] + rng.uniform(-0.0002, 0.0002), near.p.pin[1] + rng.uniform(-0.0002, 0.0002)
            elif p.building is not None and p.building.lat is not None:
                lng, lat = float(p.building.lng) + rng.uniform(-0.0004, 0.0004), float(p.building.lat) + rng.uniform(-0.0004, 0.0004)
            else:
                lng, lat = point_in_quad([tuple(pt) for pt in ring[:4]], rng.uniform(0.08, 0.92), rng.uniform(0.08, 0.92))
            lng, lat = round(lng, 6), round(lat, 6)
            if contains(p.grid.boundary, lng, lat):
                return lng, lat
        return point_in_quad([tuple(pt) for pt in ring[:4]], 0.5, 0.5)


def to_rows(lives: list[Life], first_id: int, rng: Random, pools):
    """Cases, their timelines and their followers, ready for bulk inserts."""
    for i, life in enumerate(lives):
        life.id = first_id + i
    cases, steps, followers = [], [], []
    for life in lives:
        p, f = life.p, replay(life.steps)
        phone = mobile(rng) if p.contact else ""
        into = f.get("merged_into")
        number = f"{timezone.localtime(p.created):%Y%m%d}{life.id:07d}"
        priority = Priority.HIGH if p.category.code in ("FAC-LIFT", "ENV-THROW") or p.source == "device" else Priority.LOW if p.category.code == "CONSULT" else Priority.NORMAL
        if rng.random() < 0.02:
            priority = Priority.URGENT
        cases.append(Case(
            id=life.id, number=number, source=p.source, category=p.category, description=p.text,
            lat=coord(p.pin[1]), lng=coord(p.pin[0]), address=f"{p.district.name}{p.building.name}" if p.building else p.district.name,
            grid=p.grid, unit=p.grid, unit_path=p.grid.path, reporter_id=p.reporter, priority=priority,
            state=f["state"], handler_kind=f.get("handler_kind", p.category.handler_kind), handling_unit=f.get("handling_unit"),
            merged_into_id=into.id if into else None, accept_due_at=f.get("accept_due_at"), accepted_at=f.get("accepted_at"), due_at=f.get("due_at"),
            dispatched_at=f.get("dispatched_at"), completed_at=f.get("completed_at"), closed_at=f.get("closed_at"), rating=f["rating"],
            reopen_count=f["reopen_count"], supervision_count=f["supervision_count"], supervision_due_at=f.get("supervision_due_at"),
            visit_due_at=f.get("visit_due_at"), escalated_to=f.get("escalated_to"),
            escalated_at=f.get("escalated_at"), external_ref=p.device_ref or (f"12345-{number}" if p.source == "hotline" else ""),
            contact_name=pools.person(rng, rng.random() < 0.5) if p.contact else "", contact_phone_enc=encrypt(phone),
            contact_phone_masked=mask_mobile(phone) if phone else "", created_at=p.created, updated_at=f["updated_at"],
        ))  # fmt: skip
        for s in life.steps:
            note = s.note.format(number=s.changes["merged_into"].number) if s.action == "merge" else s.note
            steps.append((life.id, s.action, s.from_state, s.to or s.from_state, s.by, s.at, note))
        life.number = number
        if p.reporter:
            followers.append((life.id, p.reporter))
            if into is not None:
                followers.append((into.id, p.reporter))
    return cases, steps, followers


STEP_COLUMNS = ["case_id", "action", "from_state", "to_state", "by_id", "at", "note"]


def insert_rows(model, columns: list[str], rows: list[tuple]) -> None:
    """A plain multi-row INSERT of rows already in column order: 140,000 timeline steps in seconds,
    where building model instances for `bulk_create` takes several times longer. Datetimes are adapted
    as the ORM would (UTC text on SQLite)."""
    if not rows:
        return
    fields = {f.column: f for f in model._meta.concrete_fields}
    stamps = [i for i, c in enumerate(columns) if fields[c].get_internal_type() == "DateTimeField"]
    adapt = connection.ops.adapt_datetimefield_value
    if stamps:
        rows = [tuple(adapt(v) if i in stamps else v for i, v in enumerate(row)) for row in rows]
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608  table and column names from the model, values as parameters
        connection.ops.quote_name(model._meta.db_table), ", ".join(connection.ops.quote_name(c) for c in columns), ", ".join(["%s"] * len(columns))
    )
    with connection.cursor() as cur:
        cur.executemany(sql, rows)


def load_demo_cases(subdistrict_code: str = ZHONGSHAN, *, seed: int = 2021, days: int = DAYS, now=None, progress: bool = True) -> dict:
    """Add the demo cases of the subdistrict, unless it has cases already. Returns what was done."""
    started = time.monotonic()
    subdistrict = Unit.objects.get(code=subdistrict_code)
    if Case.objects.filter(unit_path__startswith=subdistrict.path).exists():
        return {"cases": 0, "skipped": True}
    holidays_load(HOLIDAYS)
    categories_load(CATEGORIES)
    with transaction.atomic():
        staff, users = ensure_case_staff(subdistrict, seed)
        staff.admin = staff.admin or User.objects.filter(is_superuser=True).values_list("pk", flat=True).first()
        world = World(subdistrict, staff, seed)
        if not world.grids:
            return {"cases": 0, "skipped": True}
        tz = timezone.get_current_timezone()
        now = timezone.localtime(now or timezone.now(), tz)
        first_day = now.date() - datetime.timedelta(days=days)
        rng = Random(f"{seed}:cases")
        calendar = WorkingCalendar.from_db(first_day - datetime.timedelta(days=10), now.date() + datetime.timedelta(days=400))
        categories = {c.code: c for c in CaseCategory.objects.filter(code__in=T.BASE_WEIGHTS)}
        planner = Planner(world, categories, Clock(calendar, rng), rng, now)
        for d in tqdm(range(days + 1), desc="demo cases", unit="天", disable=not progress):
            planner.day(first_day + datetime.timedelta(days=d), tz)
        lives = sorted(planner.lives, key=lambda life: life.p.created)
        first_id = (Case.objects.aggregate(m=Max("id"))["m"] or 0) + 1
        cases, steps, followers = to_rows(lives, first_id, rng, world.pools)
        with own_timestamps(Case):
            Case.objects.bulk_create(cases, batch_size=BATCH)
        if connection.vendor == "postgresql":  # explicit ids: move the sequence past them
            with connection.cursor() as cur:
                for sql in connection.ops.sequence_reset_sql(no_style(), [Case]):
                    cur.execute(sql)
        for i in tqdm(range(0, len(steps), BATCH), desc="timelines", unit="批", disable=not progress):
            insert_rows(CaseTransition, STEP_COLUMNS, steps[i : i + BATCH])
        insert_rows(Case.followers.through, ["case_id", "user_id"], list(dict.fromkeys(followers)))
        notices = recent_notices(subdistrict, now)
    rollup = rebuild_rollup()
    result = {"cases": len(cases), "transitions": len(steps), "followers": len(followers), "staff accounts": users, "notices": notices,
              "sources": dict(planner.counter), "rollup": rollup, "seconds": round(time.monotonic() - started, 1)}  # fmt: skip
    from demo.generator import audit_load

    audit_load("load_demo_cases", Counter({k: v for k, v in result.items() if isinstance(v, int)}), {"seed": seed, "days": days})
    return result


def recent_notices(subdistrict: Unit, now, days: int = 3) -> int:
    """The notices the last few days' steps in the first 居民区 would have sent (bulk inserts send none), so
    the demo accounts, who work there, have some."""
    try:
        from cases.notices import notify_case_step
    except ImportError:  # the notices app is not installed
        return 0
    since = now - datetime.timedelta(days=days)
    first = Unit.objects.filter(parent__parent=subdistrict, kind=UnitKind.DISTRICT).order_by("path").first()
    if first is None:
        return 0
    recent = CaseTransition.objects.filter(case__unit_path__startswith=first.path, at__gte=since).order_by("at", "id")
    return sum(len(notify_case_step(step)) for step in recent)


def rebuild_rollup() -> bool:
    """Rebuild the indicators' rollup (`cases.rollup`, `manage.py cases_rollup`) when there is one: bulk inserts bypass its signals."""
    try:
        from cases.rollup import rebuild
    except ImportError:
        if "cases_rollup" not in get_commands():
            return False
        call_command("cases_rollup", verbosity=0)
        return True
    rebuild()
    return True
