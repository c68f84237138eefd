"""Benchmarks at district scale: 1 million residents on PostgreSQL (`make bench`).

Creates the database named in DATABASE_URL when missing, migrates, generates 20 benchmark
subdistricts (`generate_scale`) when there are fewer than a million residents, then times the two
list queries the workbench and the API run most, each against a primary-key lookup of one
resident measured in the same run, and prints their query plans. See bench/README.md.
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_RESIDENTS = 1_000_000
SUBDISTRICTS = 20
RUNS = 100
BENCH_USER = "bench_admin"
SUBDISTRICT = "SCALE-10"  # the admin's subdistrict, and its 片区 for query (b)
AREA = "SCALE-10-A2"


def ensure_database(url: str) -> None:
    import dj_database_url
    import psycopg
    from psycopg import sql

    cfg = dj_database_url.parse(url)
    if "postgresql" not in cfg["ENGINE"]:
        sys.exit("bench/run.py measures PostgreSQL: set DATABASE_URL=postgres://...")
    params = {"host": cfg["HOST"] or None, "port": cfg["PORT"] or None, "user": cfg["USER"] or None, "password": cfg["PASSWORD"] or None}
    with psycopg.connect(dbname="postgres", autocommit=True, **{k: v for k, v in params.items() if v}) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [cfg["NAME"]]).fetchone() is None:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(cfg["NAME"])))
            print(f"Created database {cfg['NAME']}.")


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")  # this installation's keys (var/secrets.env)
    os.environ.setdefault("DEBUG", "0")  # DEBUG off: no query log
    import django

    django.setup()


def populate() -> str:
    from django.core.management import call_command
    from django.db import connection

    from people.models import Resident

    call_command("migrate", interactive=False, verbosity=0)
    have = Resident.objects.count()
    if have >= TARGET_RESIDENTS:
        return f"{have:,} residents present; generation skipped"
    started = time.monotonic()
    call_command("generate_scale", subdistricts=SUBDISTRICTS, workers=os.cpu_count() or 1)
    took = time.monotonic() - started
    with connection.cursor() as c:
        c.execute("VACUUM ANALYZE")
    return f"generated up to {Resident.objects.count():,} residents in {took / 60:.1f} min ({os.cpu_count()} workers), then VACUUM ANALYZE"


def bench_user():
    from accounts.models import User
    from accounts.services import role_assign
    from org.models import Unit

    user, created = User.objects.get_or_create(username=BENCH_USER, defaults={"display_name": "基准测试 街道管理员"})
    if created:
        role_assign(user=user, role="subdistrict_admin", unit=Unit.objects.get(code=SUBDISTRICT))
    return user


def medians_ms(fns: dict, runs: int = RUNS, passes: int = 2) -> dict[str, float]:
    """Median time of each callable over `runs` warm runs in a row, in `passes` passes over all of them.

    Runs in a row measure each query in its steady state (timing a primary-key lookup right after a
    10 ms query measures the wake-up, 3x slower); the passes spread background load over all queries.
    """
    times = {name: [] for name in fns}
    for _ in range(passes):
        for name, fn in fns.items():
            fn()  # warm the caches
            for i in range(runs // passes):
                t = time.perf_counter()
                fn(i)
                times[name].append(time.perf_counter() - t)
    return {name: statistics.median(ts) * 1000 for name, ts in times.items()}


def queries(user):
    """name -> (callable(i), queryset to EXPLAIN or None)."""
    from accounts.roles import VIEW_RESIDENT
    from org.models import Unit
    from people.filtersets import ResidentFilterSet
    from people.models import Resident

    lo = Resident.objects.order_by("id").values_list("id", flat=True).first()
    hi = Resident.objects.order_by("-id").values_list("id", flat=True).first()
    spread = [lo + (hi - lo) * k // RUNS for k in range(RUNS + 1)]
    pks = sorted(Resident.objects.filter(pk__in=spread).values_list("id", flat=True))  # ids are spread over the table
    area = Unit.objects.get(code=AREA)

    def search():
        return ResidentFilterSet({"q": "zsf"}, queryset=Resident.objects.for_user(user, VIEW_RESIDENT)).qs

    def under_area():
        return Resident.objects.filter(unit_path__startswith=area.path)

    return {
        "primary-key lookup of one resident": (lambda i=0: Resident.objects.get(pk=pks[i % len(pks)]), Resident.objects.filter(pk=pks[0]).order_by()),
        "(a) q=zsf, subdistrict admin, first 20": (lambda i=0: list(search()[:20]), search()[:20]),
        "(a') its total count (the API paginator)": (lambda i=0: search().count(), None),
        "(b) residents under a 片区, first 20": (lambda i=0: list(under_area()[:20]), under_area()[:20]),
        "(b') its total count (the API paginator)": (lambda i=0: under_area().count(), None),
    }


def main() -> None:
    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/jiayuan_bench")
    os.environ["DATABASE_URL"] = url
    ensure_database(url)
    setup_django()
    from people.models import Resident

    note = populate()
    user = bench_user()
    plan = queries(user)
    results = medians_ms({name: fn for name, (fn, _) in plan.items()})
    base = results["primary-key lookup of one resident"]
    print(f"\n{note}\nresidents: {Resident.objects.count():,}; median of {RUNS} warm runs, through the Django ORM\n")
    print(f"{'query':<44}{'median ms':>11}{'× pk':>9}")
    print("-" * 64)
    for name, ms in results.items():
        print(f"{name:<44}{ms:>11.3f}{ms / base:>9.1f}")
    for name, (_, qs) in plan.items():
        if qs is not None:
            print(f"\nEXPLAIN (ANALYZE, BUFFERS) {name}\n{qs.explain(analyze=True, buffers=True)}")


if __name__ == "__main__":
    main()
