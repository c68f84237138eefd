"""Ranking the resources for one need among 100,000 (`make bench-resources`, first half).

Creates a benchmark subdistrict (`BENCH-RES`: one 片区, 22 居民区 spread over about 6 × 6 km) and fills
the matching catalogue with bulk_create: 100,000 `Resource` rows, mixed as a real catalogue is (80%
社区达人 talents, 10% shared spaces, 10% charity projects of 500 organisations), each with its source row
(the catalogue's CHECK wants one), one or two types through the M2M table, a position, weekly times,
capacity and some already committed or asked; then ~50 open needs across the 居民区.

It times, for each need, `resources.matching.rank.rank(need)` (the page's ranked suggestions, every
kind, 20 each, with their reasons), and a plain indexed query over the same table in the same run:
`list(Resource.objects.filter(kind=…, is_active=True, types=t).order_by("id")[:20])` with the need's
first type and its kind, one after the other for each need, warm; the medians and their ratio are the
result (the ratio travels between machines; the milliseconds do not). The benchmark's rows are deleted
at the end (and at the start, if a previous run was interrupted).

Environment: BENCH_RESOURCES (100000), BENCH_NEEDS (50), BENCH_SEED (7).
"""

import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run  # noqa: E402  bench/run.py: the database and Django

RESOURCES = int(os.environ.get("BENCH_RESOURCES", 100_000))
NEEDS = int(os.environ.get("BENCH_NEEDS", 50))
SEED = int(os.environ.get("BENCH_SEED", 7))
CODE = "BENCH-RES"
CENTRE = (31.030, 121.230)
SPAN_DEG = 0.055  # about 6 km
BATCH = 5000
DAYS = [str(d) for d in range(7)]
WINDOWS = [["08:30", "11:30"], ["09:00", "12:00"], ["13:30", "16:30"], ["14:00", "17:00"], ["18:30", "20:30"]]


def start() -> None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit(f"{Path(sys.argv[0]).name} measures PostgreSQL: set DATABASE_URL=postgres://...")
    run.ensure_database(url)
    run.setup_django()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def weekly(rng: random.Random, days: int) -> dict:
    return {d: [rng.choice(WINDOWS)] for d in sorted(rng.sample(DAYS, days))}


def make_units(code: str = CODE, districts: int = 22):
    """A subdistrict, one 片区 and `districts` 居民区 on a grid around CENTRE."""
    from org.models import UnitKind
    from org.services import unit_create

    s = unit_create(parent=None, kind=UnitKind.SUBDISTRICT, code=code, name="资源库基准测试街道", lat=f"{CENTRE[0]:.6f}", lng=f"{CENTRE[1]:.6f}")
    a = unit_create(parent=s, kind=UnitKind.AREA, code=f"{code}-A1", name="基准测试片区")
    side = int(districts**0.5 + 0.999)
    out = []
    for i in range(districts):
        lat = CENTRE[0] - SPAN_DEG / 2 + SPAN_DEG * ((i // side) + 0.5) / side
        lng = CENTRE[1] - SPAN_DEG / 2 + SPAN_DEG * ((i % side) + 0.5) / side
        out.append(unit_create(parent=a, kind=UnitKind.DISTRICT, code=f"{code}-D{i + 1:02d}", name=f"基准{i + 1}居民区", lat=f"{lat:.6f}", lng=f"{lng:.6f}"))
    return s, out


def near(rng: random.Random, unit, spread=0.006) -> tuple[float, float]:
    return round(float(unit.lat) + rng.uniform(-spread, spread), 6), round(float(unit.lng) + rng.uniform(-spread, spread), 6)


def make_resources(rng: random.Random, subdistrict, districts, total: int, tight: bool = False) -> int:
    """`total` catalogue rows with their sources and types (bulk_create throughout). `tight`: fewer
    services per period (a round where capacity is scarce)."""
    from django.conf import settings

    from doorstep.models import Room, RoomKind
    from resources.models import Organisation, Project, Resource, ResourceKind, ResourceType, SharedSpace, Talent, TalentState

    types = {k: list(ResourceType.objects.filter(kind=k).values_list("id", flat=True)) for k in ResourceKind.values}
    n_space = n_project = total // 10
    n_talent = total - n_space - n_project
    per_period = (lambda lo, hi: rng.randint(1, max(1, hi // 2))) if tight else (lambda lo, hi: rng.randint(lo, hi))
    made = 0

    def catalogue(rows, kind):
        nonlocal made
        created = Resource.objects.bulk_create(rows, batch_size=BATCH)
        links = []
        for r in created:
            for t in rng.sample(types[kind], rng.choice((1, 1, 2))):
                links.append(Resource.types.through(resource_id=r.pk, resourcetype_id=t))
        Resource.types.through.objects.bulk_create(links, batch_size=BATCH)
        made += len(created)

    for lo in range(0, n_talent, BATCH):
        talents, rows = [], []
        for i in range(lo, min(lo + BATCH, n_talent)):
            unit = rng.choice(districts)
            lat, lng = near(rng, unit)
            talents.append(Talent(name=f"达人{i}", unit=unit, unit_path=unit.path, lat=lat, lng=lng, state=TalentState.ACTIVE, availability=weekly(rng, rng.randint(1, 4)),
                                  reach_m=rng.choice((1000, 2000, 3000, 5000)), group_size=rng.choice((5, 10, 20, 30)), sessions_per_period=per_period(1, 4)))  # fmt: skip
        for t in Talent.objects.bulk_create(talents, batch_size=BATCH):
            rows.append(Resource(kind=ResourceKind.TALENT, talent=t, name=t.name, unit=t.unit, unit_path=t.unit_path, lat=float(t.lat), lng=float(t.lng),
                                 reach_m=t.reach_m, capacity=t.group_size, capacity_per_period=t.sessions_per_period, availability=t.availability,
                                 committed=rng.choice((0, 0, 0, 1)) if t.sessions_per_period > 1 else 0, asked=rng.choice((0, 0, 1, 2, 5))))  # fmt: skip
        catalogue(rows, ResourceKind.TALENT)
    rooms, spaces, rows = [], [], []
    for i in range(n_space):
        unit = rng.choice(districts)
        rooms.append(Room(place=None, unit=unit, unit_path=unit.path, kind=RoomKind.SHARED, name=f"共享空间{i}", capacity=rng.choice((10, 20, 40, 80, 150)),
                          opening_hours={d: [["08:30", "20:30"]] for d in DAYS[: rng.choice((5, 7))]}))  # fmt: skip
    rooms = Room.objects.bulk_create(rooms, batch_size=BATCH)
    for room in rooms:
        lat, lng = near(rng, room.unit)
        spaces.append(SharedSpace(room=room, unit_path=room.unit_path, lat=lat, lng=lng, fee=rng.choice((0, 0, 0, 50)), uses_per_period=per_period(4, 10)))
    for s in SharedSpace.objects.bulk_create(spaces, batch_size=BATCH):
        room = s.room
        rows.append(Resource(kind=ResourceKind.SPACE, space=s, name=room.name, unit=room.unit, unit_path=room.unit_path, lat=float(s.lat), lng=float(s.lng),
                             reach_m=settings.RESOURCES_SPACE_REACH_M, capacity=room.capacity, capacity_per_period=s.uses_per_period, cost=s.fee,
                             availability=room.opening_hours, asked=rng.choice((0, 1, 3))))  # fmt: skip
    catalogue(rows, ResourceKind.SPACE)
    orgs = Organisation.objects.bulk_create(
        [Organisation(kind="enterprise", name=f"{subdistrict.code}公益企业{i}", unit=subdistrict, unit_path=subdistrict.path, lat=CENTRE[0], lng=CENTRE[1]) for i in range(max(1, n_project // 20))],
        batch_size=BATCH,
    )  # fmt: skip
    projects, rows = [], []
    for i in range(n_project):
        projects.append(Project(organisation=orgs[i % len(orgs)], unit_path=subdistrict.path, name=f"公益项目{i}", capacity=rng.choice((20, 30, 50, 100)),
                                deliveries=per_period(2, 6), cost_to_requester=rng.choice((0, 0, 200, 1000)), availability=weekly(rng, rng.randint(2, 5))))  # fmt: skip
    for p in Project.objects.bulk_create(projects, batch_size=BATCH):
        rows.append(Resource(kind=ResourceKind.PROJECT, project=p, name=p.name, unit=subdistrict, unit_path=subdistrict.path, organisation=p.organisation,
                             lat=CENTRE[0], lng=CENTRE[1], reach_m=settings.RESOURCES_PROJECT_REACH_M, capacity=p.capacity, capacity_per_period=p.deliveries,
                             cost=p.cost_to_requester, availability=p.availability, asked=rng.choice((0, 1, 2))))  # fmt: skip
    catalogue(rows, ResourceKind.PROJECT)
    return made


def make_needs(rng: random.Random, districts, count: int) -> list:
    """`count` open needs across the 居民区: one or two types of any kind, a weekly window or two, a
    budget now and then (bulk_create, types through the M2M table)."""
    from django.utils import timezone

    from resources.models import Need, ResourceType

    types = list(ResourceType.objects.values_list("id", flat=True))
    today = timezone.localdate()
    rows = []
    for i in range(count):
        unit = rng.choice(districts)
        lat, lng = near(rng, unit, 0.003)
        rows.append(Need(title=f"基准需求{i}", unit=unit, unit_path=unit.path, people=rng.choice((8, 15, 20, 30, 60)), lat=lat, lng=lng,
                         budget=rng.choice((None, None, 500, 2000)), start_date=today, end_date=today + datetime.timedelta(days=rng.choice((30, 60, 90))),
                         time_windows=weekly(rng, rng.randint(1, 3))))  # fmt: skip
    needs = Need.objects.bulk_create(rows, batch_size=BATCH)
    links = [Need.types.through(need_id=n.pk, resourcetype_id=t) for n in needs for t in rng.sample(types, rng.choice((1, 1, 2)))]
    Need.types.through.objects.bulk_create(links, batch_size=BATCH)
    return needs


def cleanup(code: str = CODE) -> bool:
    """Delete everything under the benchmark subdistrict, children before parents, each table in one
    DELETE (QuerySet._raw_delete: the ORM's cascade would load 100,000 rows first)."""
    from django.db import transaction

    from doorstep.models import Room
    from org.models import Unit
    from resources.models import Match, MatchRound, MatchTransition, Need, NeedTransition, Organisation, Project, Resource, SharedSpace, Talent

    s = Unit.objects.filter(code=code).first()
    if s is None:
        return False
    under = {"unit_path__startswith": s.path}

    def ids(model):
        return model.objects.filter(**under).values("id")

    steps = [
        MatchTransition.objects.filter(match_id__in=ids(Match)),
        Match.objects.filter(**under),
        MatchRound.objects.filter(**under),
        Need.types.through.objects.filter(need_id__in=ids(Need)),
        NeedTransition.objects.filter(need_id__in=ids(Need)),
        Need.objects.filter(**under),
        Resource.types.through.objects.filter(resource_id__in=ids(Resource)),
        Resource.districts.through.objects.filter(resource_id__in=ids(Resource)),
        Resource.objects.filter(**under),
        Talent.objects.filter(**under),
        SharedSpace.types.through.objects.filter(sharedspace_id__in=ids(SharedSpace)),
        SharedSpace.objects.filter(**under),
        Room.objects.filter(**under),
        Project.types.through.objects.filter(project_id__in=ids(Project)),
        Project.districts.through.objects.filter(project_id__in=ids(Project)),
        Project.objects.filter(**under),
        Organisation.districts.through.objects.filter(organisation_id__in=ids(Organisation)),
        Organisation.objects.filter(**under),
    ]
    with transaction.atomic():
        for qs in steps:
            qs._raw_delete(qs.db)
        for unit in Unit.objects.filter(path__startswith=s.path).order_by("-depth"):
            unit.delete()
    return True


def rank_bench(needs, passes: int = 1) -> dict:
    from resources.matching.rank import rank
    from resources.models import Need, Resource, ResourceType

    first_type = dict(
        Need.types.through.objects.filter(need_id__in=[n.pk for n in needs])
        .order_by("need_id", "resourcetype_id")
        .values_list("need_id", "resourcetype_id")
        .distinct("need_id")
    )
    kind_of = dict(ResourceType.objects.values_list("id", "kind"))

    def plain(n):
        t = first_type[n.pk]
        return list(Resource.objects.filter(kind=kind_of[t], is_active=True, types=t).order_by("id")[:20])

    times = {"rank": [], "plain": []}
    found = {}
    for n in needs[:3]:  # warm the caches and the code paths
        rank(n)
        plain(n)
    for _ in range(passes):
        for n in needs:
            t = time.perf_counter()
            got = rank(n)
            times["rank"].append(time.perf_counter() - t)
            found[n.pk] = len(got)
            t = time.perf_counter()
            plain(n)
            times["plain"].append(time.perf_counter() - t)
    return {
        "rank_ms": statistics.median(times["rank"]) * 1000,
        "rank_p90_ms": sorted(times["rank"])[int(len(times["rank"]) * 0.9) - 1] * 1000,
        "plain_ms": statistics.median(times["plain"]) * 1000,
        "suggestions": statistics.median(found.values()) if found else 0,
        "runs": len(times["rank"]),
    }


def main() -> None:
    start()
    from django.db import connection

    from resources.models import Resource

    rng = random.Random(SEED)
    cleanup()
    try:
        t = time.perf_counter()
        subdistrict, districts = make_units()
        made = make_resources(rng, subdistrict, districts, RESOURCES)
        needs = make_needs(rng, districts, NEEDS)
        with connection.cursor() as c:
            c.execute("ANALYZE resources_resource; ANALYZE resources_resource_types; ANALYZE resources_need")
        print(f"made {made:,} resources and {len(needs)} needs in {time.perf_counter() - t:.0f} s; the catalogue holds {Resource.objects.count():,} rows")
        r = rank_bench(needs)
    finally:
        cleanup()
    print(f"{r['runs']} rankings ({len(needs)} needs, warm), median {r['suggestions']:.0f} suggestions each\n")
    print("| query | median ms |")
    print("|---|---:|")
    print(f"| plain indexed query: 20 resources of a kind and type, by id | {r['plain_ms']:.2f} |")
    print(f"| rank(need): 20 best of each kind with reasons (p90 {r['rank_p90_ms']:.1f} ms) | {r['rank_ms']:.2f} |")
    print(f"\nratio, rank : plain query = {r['rank_ms'] / r['plain_ms']:.1f} : 1")


if __name__ == "__main__":
    main()
