"""The demo of issue 6 (三级服务体系), called by `load_demo` after the cases and devices:

- the 中山幸福里 centre (3,900 m², 3 floors, its ten functions as rooms) run by a commissioned operator, and
  one 好邻居 station per 居民区 (1 affairs hall + 5 rooms + 1-3 rooms of its own, four committees,
  错时 opening hours with weekday evenings and weekend mornings), with the service menu (demo/services/places.py);
- resident accounts (20 per 居民区, no password: names on bookings and survey answers; the demo account
  `resident` is 张三丰 and books too), slots for the past year and the next 4 weeks and a year of
  bookings with waitlists, cancellations, check-ins and no-shows (demo/services/bookings.py);
- a duty roster with evening and weekend duty and the reception log (demo/services/duty.py);
- about 150 睦邻点 with hosts, themes, operators and project periods, their activities, visits, records
  and last year's star ratings; some proposed, declined, flagged, under review, retired, ~10 model
  points and ~15 that held (almost) no activities for 3 months, for the daily job to flag (demo/services/points.py);
- a few surveys with answers, among them a needs survey recorded for a 睦邻点 (demo/services/surveys.py).

Rows are written in bulk, consistently with the services' invariants: a slot's `booked` counts the
bookings that held a place (booked, checked in, or no-show: a no-show held the place until the slot
ended, as `bookings_mark_no_shows` leaves it), one live booking per person and slot, each booking's and
each point's timeline starts with its `begin` record and replays through the workflow to its state.

Idempotent (nothing is added when the subdistrict has a centre already) and deterministic for a seed and `now`.
"""

import datetime
import time
from collections import Counter
from dataclasses import dataclass, field
from random import Random

from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import RoleAssignment, User
from demo.cases.staff import ensure_case_staff
from demo.specs import ZHONGSHAN
from doorstep.models import Place, PlaceKind
from org.models import Unit, UnitKind
from people.models import Resident

ACCOUNTS_PER_DISTRICT = 20
ELDERLY_SHARE = 0.45  # of the accounts: aged 60 and over (day care, 助餐)
SMALL_DEMO_DISTRICTS = 10


@dataclass(frozen=True)
class Account:
    user_id: int
    resident_id: int
    district_id: int
    path: str
    birth: datetime.date
    name: str

    def age_on(self, day: datetime.date) -> int:
        b = self.birth
        return day.year - b.year - ((day.month, day.day) < (b.month, b.day))


@dataclass
class World:
    subdistrict: Unit
    districts: list[Unit]
    now: datetime.datetime
    seed: int
    admin: int | None = None
    accounts: list[Account] = field(default_factory=list)
    by_district: dict[int, list[Account]] = field(default_factory=dict)
    duty_people: dict[int, list[int]] = field(default_factory=dict)  # district id → user ids who may be on duty
    secretary: dict[int, int] = field(default_factory=dict)  # district id → the secretary's user id

    @property
    def today(self) -> datetime.date:
        return timezone.localdate(self.now)

    def rng(self, part: str) -> Random:
        return Random(f"{self.seed}:services:{part}")


def ensure_resident_accounts(world: World, per_district: int = ACCOUNTS_PER_DISTRICT) -> int:
    """Accounts without a password for `per_district` adults of each 居民区 (about 45% aged 60+), each holding
    the resident role at their house, like the demo account `resident` (张三丰). Returns how many were made."""
    rng, today = world.rng("accounts"), world.today
    made, prefix = 0, world.subdistrict.code.rsplit("-", 1)[-1].lower()
    for d in world.districts:
        short = d.code[len(world.subdistrict.code) + 1 :].lower()
        have = User.objects.filter(username__startswith=f"{prefix}-{short}-r").count()
        if have >= per_district:
            continue
        adults = list(
            Resident.objects.filter(unit_path__startswith=d.path, user__isnull=True, birth_date__lte=today - datetime.timedelta(days=20 * 365))
            .order_by("id")
            .values_list("id", "name", "birth_date", "house_id", "unit_path")
        )
        old = [a for a in adults if (today - a[2]).days >= 60 * 365.25]
        young = [a for a in adults if (today - a[2]).days < 60 * 365.25]
        n_old = min(len(old), round(per_district * ELDERLY_SHARE))
        chosen = rng.sample(old, n_old) + rng.sample(young, min(len(young), per_district - n_old))
        users = [
            User(username=f"{prefix}-{short}-r{k:02d}", display_name=f"居民 {name}", password=make_password(None))
            for k, (_pk, name, *_rest) in enumerate(chosen[have:], start=have + 1)
        ]
        users = User.objects.bulk_create(users)
        for u, (pk, _name, _birth, house_id, path) in zip(users, chosen[have:], strict=True):
            Resident.objects.filter(pk=pk).update(user=u)
            RoleAssignment.objects.bulk_create([RoleAssignment(user=u, role="resident", unit_id=house_id, unit_path=path)])
        made += len(users)
    return made


def load_world(subdistrict: Unit, seed: int, now) -> World:
    ensure_case_staff(subdistrict, seed)  # each 居民区's secretary and grid workers (made with the cases, if they ran)
    districts = list(Unit.objects.filter(path__startswith=subdistrict.path, kind=UnitKind.DISTRICT).order_by("path"))
    world = World(subdistrict, districts, now, seed)
    ensure_resident_accounts(world)
    by_path = {d.path: d for d in districts}
    plen = len(districts[0].path) if districts else 0
    rows = (
        Resident.objects.filter(unit_path__startswith=subdistrict.path, user__isnull=False)
        .order_by("user_id")
        .values_list("user_id", "pk", "unit_path", "birth_date", "name")
    )
    for user_id, pk, path, birth, name in rows:
        d = by_path.get(path[:plen])
        if d is not None:
            a = Account(user_id, pk, d.pk, path, birth, name)
            world.accounts.append(a)
            world.by_district.setdefault(d.pk, []).append(a)
    grants = RoleAssignment.objects.filter(
        unit_path__startswith=subdistrict.path, role__in=["committee_secretary", "social_worker", "grid_worker", "subdistrict_admin"]
    )
    for user_id, role, path in grants.order_by("id").values_list("user_id", "role", "unit_path"):
        if role == "subdistrict_admin":
            world.admin = world.admin or user_id
            continue
        d = by_path.get(path[:plen])
        if d is None:
            continue
        people = world.duty_people.setdefault(d.pk, [])
        if user_id not in people:
            people.append(user_id)
        if role == "committee_secretary":
            world.secretary.setdefault(d.pk, user_id)
    return world


def insert_fast(model, columns: list[str], rows: list[tuple], batch: int = 5000) -> None:
    """Rows already in column order, inserted many to a statement (`INSERT ... VALUES (...), (...)`), with
    datetimes adapted in bulk: aware datetimes become the naive UTC text the ORM stores on SQLite, and go
    to PostgreSQL as they are. Several times faster than `executemany` one row at a time."""
    if not rows:
        return
    if connection.vendor == "sqlite":
        fields = {f.column: f for f in model._meta.concrete_fields}
        stamps = [i for i, c in enumerate(columns) if fields[c].get_internal_type() == "DateTimeField"]
        utc, adapted = datetime.UTC, []
        for row in rows:
            row = list(row)
            for i in stamps:
                if row[i] is not None:
                    row[i] = row[i].astimezone(utc).isoformat(" ")[:-6]  # "... 00:30:00+00:00" → "... 00:30:00", as the ORM stores it
            adapted.append(row)
        rows = adapted
    per = max(1, min(batch, 30_000 // len(columns)))  # SQLite takes at most 32,766 parameters a statement
    table, cols = connection.ops.quote_name(model._meta.db_table), ", ".join(connection.ops.quote_name(c) for c in columns)
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    with connection.cursor() as cur:
        for i in range(0, len(rows), per):
            chunk = rows[i : i + per]
            sql = f"INSERT INTO {table} ({cols}) VALUES " + ", ".join([one] * len(chunk))  # noqa: S608  names from the model, values as parameters
            cur.execute(sql, [v for row in chunk for v in row])


def reset_sequences(*models) -> None:
    """After inserts with explicit ids, move PostgreSQL's sequences past them."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            for sql in connection.ops.sequence_reset_sql(no_style(), list(models)):
                cur.execute(sql)


def load_demo_services(subdistrict_code: str = ZHONGSHAN, *, seed: int = 2021, now=None, booking_days: int | None = None, progress: bool = True) -> dict:
    """Add the issue 6 demo of the subdistrict, unless it has a centre already; bookings for the last
    `booking_days` days and the next 4 weeks (default: a year; six weeks for a small demo of fewer than
    10 居民区, as the tests load). Returns what was done."""
    from demo.services import bookings as services_bookings
    from demo.services import duty as services_duty
    from demo.services import places as services_places
    from demo.services import points as services_points
    from demo.services import surveys as services_surveys

    started = time.monotonic()
    subdistrict = Unit.objects.filter(code=subdistrict_code).first()
    if subdistrict is None or Place.objects.filter(kind=PlaceKind.CENTRE, unit_path__startswith=subdistrict.path).exists():
        return {"skipped": True}
    now = timezone.localtime(now or timezone.now())
    counts = Counter()
    with transaction.atomic():
        world = load_world(subdistrict, seed, now)
        if booking_days is None:
            booking_days = 365 if len(world.districts) >= SMALL_DEMO_DISTRICTS else 42
        counts["resident accounts"] = len(world.accounts)
        rng = world.rng("places")
        operators = services_places.ensure_operators(rng, world.today)
        centre, centre_rooms = services_places.make_centre(subdistrict, operators)
        stations, station_rooms = services_places.make_stations(world.districts, operators, rng, seed)
        services = services_places.make_services(centre, centre_rooms, stations, station_rooms, operators, rng)
        rooms = centre_rooms + [r for s in stations for r in station_rooms[s.pk]]
        counts.update(places=1 + len(stations), rooms=len(rooms), services=len(services), operators=len(operators))
        counts.update(services_bookings.load(world, centre, stations, rooms, services, days_back=booking_days, progress=progress))
        counts.update(services_duty.load(world, stations))
        counts.update(services_points.load(world, operators))
        counts.update(services_surveys.load(world, centre))
    result = {**counts, "seconds": round(time.monotonic() - started, 1)}
    from demo.generator import audit_load

    audit_load("load_demo_services", Counter({k: v for k, v in counts.items() if isinstance(v, int)}), {"seed": seed})
    return result
