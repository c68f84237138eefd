"""Benchmarks of the case system with 1 million cases on PostgreSQL (`make bench-cases`).

Uses the database of `make bench` (bench/run.py: creates it, migrates, 20 subdistricts of 50,000
residents), adds 1,000,000 cases with their timelines (`generate_cases`, idempotent; it rebuilds the
indicators rollup), then times, warm, each against a primary-key lookup of one case in the same run:

(a) the workbench list: first page of the cases under a 居民区 / a 片区 in one state, through
    `cases.selectors.cases_for_user` + `cases.filtersets.CaseFilterSet`, and its count;
(b) Open311 GET requests of one service over 90 days, through django.test.Client on /open311/v2/;
(c) the indicators (cases.indicators) of the whole subdistrict over a year, from the rollup; for
    comparison the same counted directly from the cases, and all 20 subdistricts at once.

Prints the medians, the ratios and the query plans. See bench/README.md.
"""

import datetime
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run  # noqa: E402  bench/run.py: database, Django, residents, the admin user

TARGET_CASES = 1_000_000


def timed(fns: dict, runs: dict) -> dict[str, float]:
    """Median ms of each callable over its warm runs, in two passes over all of them (as bench/run.py)."""
    times = {name: [] for name in fns}
    for _ in range(2):
        for name, fn in fns.items():
            fn(0)
            for i in range(max(1, runs.get(name, 100) // 2)):
                t = time.perf_counter()
                fn(i)
                times[name].append(time.perf_counter() - t)
    return {name: statistics.median(ts) * 1000 for name, ts in times.items()}


def populate_cases() -> str:
    from django.core.management import call_command

    from cases.models import Case

    have = Case.objects.count()
    if have >= TARGET_CASES:
        return f"{have:,} cases present; generation skipped"
    started = time.monotonic()
    call_command("generate_cases", count=TARGET_CASES, skip_checks=True)
    return f"generated up to {Case.objects.count():,} cases in {(time.monotonic() - started) / 60:.1f} min (rollup included)"


def plan(user):
    from django.test import Client, override_settings
    from django.utils import timezone

    from cases import indicators
    from cases.filtersets import CaseFilterSet
    from cases.models import Case
    from cases.selectors import cases_for_user
    from org.models import Unit, UnitKind

    top = Unit.objects.get(code=run.SUBDISTRICT)
    area = Unit.objects.get(code=run.AREA)
    district = Unit.objects.filter(path__startswith=area.path, kind=UnitKind.DISTRICT).order_by("path").first()
    lo = Case.objects.order_by("id").values_list("id", flat=True).first()
    hi = Case.objects.order_by("-id").values_list("id", flat=True).first()
    pks = sorted(Case.objects.filter(pk__in=[lo + (hi - lo) * k // 100 for k in range(101)]).values_list("id", flat=True))
    today = timezone.localdate()
    year = (today - datetime.timedelta(days=364), today)

    def workbench(unit, state):
        return CaseFilterSet({"under": unit.pk, "state": state}, queryset=cases_for_user(user)).qs

    out = {
        "primary-key lookup of one case": (lambda i: Case.objects.get(pk=pks[i % len(pks)]), Case.objects.filter(pk=pks[0]).order_by(), 200),
        "(a) workbench: 居民区, dispatched, first 20": (lambda i: list(workbench(district, "dispatched")[:20]), workbench(district, "dispatched")[:20], 100),
        "(a) workbench: 片区, dispatched, first 20": (lambda i: list(workbench(area, "dispatched")[:20]), workbench(area, "dispatched")[:20], 100),
        "(a) workbench: 片区, closed, first 20": (lambda i: list(workbench(area, "closed")[:20]), workbench(area, "closed")[:20], 100),
        "(a') its count (the paginator)": (lambda i: workbench(area, "closed").count(), None, 50),
    }
    try:
        from django.urls import reverse

        reverse("open311:requests", kwargs={"fmt": "json"})
        have_open311 = True
    except Exception:  # noqa: BLE001  the open311 app is another helper's; absent, (b) is skipped
        have_open311 = False
    if have_open311:
        client = Client()
        start = timezone.localtime() - datetime.timedelta(days=90)
        url = "/open311/v2/requests.json"
        query = {
            "service_code": "ENV-CLUTTER",
            "start_date": start.isoformat(timespec="seconds"),
            "end_date": timezone.localtime().isoformat(timespec="seconds"),
        }

        def open311(i):
            with override_settings(OPEN311_UNIT_CODE=run.SUBDISTRICT):
                r = client.get(url, query)
            assert r.status_code == 200, r.content[:300]
            return r

        with override_settings(OPEN311_UNIT_CODE=run.SUBDISTRICT):
            from open311 import selectors as o311

            qs = o311.requests_search(top, start=start, end=timezone.localtime(), codes=["ENV-CLUTTER"])[:1000]
        out["(b) Open311 GET requests.json, one service, 90 days"] = (open311, qs, 30)
    else:
        print("(b) Open311: the open311 app is not installed here; hook left in bench/cases.py, nothing timed.")
    tops = list(Unit.objects.filter(parent__isnull=True).order_by("path").values_list("path", flat=True))
    out["(c) indicators: subdistrict, a year (rollup)"] = (lambda i: indicators.case_indicators(top, *year), None, 50)
    out["(c) ... counted from the cases instead"] = (lambda i: indicators._from_cases([top.path], *year, indicators.child_units(top), today), None, 6)
    out["(c') indicators: a 片区 and its 居民区, a year"] = (lambda i: indicators.case_indicators(area, *year), None, 10)
    out[f"(c'') indicators: all {len(tops)} subdistricts, a year (rollup)"] = (lambda i: indicators.indicators_for_paths(tops, *year), None, 20)
    return out, {"district": district, "area": area, "top": top, "year": year}


def rollup_explain(top, year):
    from django.db.models import Sum
    from django.db.models.functions import TruncMonth

    from cases.models.stats import CaseDayStat

    qs = CaseDayStat.objects.filter(path=top.path, day__gte=year[0], day__lte=year[1]).order_by()
    return qs.annotate(month=TruncMonth("day")).values("month", "category").annotate(n=Sum("reported"), c=Sum("closed"))


def main() -> None:
    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/jiayuan_bench")
    os.environ["DATABASE_URL"] = url
    run.ensure_database(url)
    run.setup_django()
    from cases.models import Case, CaseDayStat, CaseHoursStat, CaseTransition

    notes = [run.populate(), populate_cases()]
    user = run.bench_user()
    fns, ctx = plan(user)
    results = timed({n: f for n, (f, _q, _r) in fns.items()}, {n: r for n, (_f, _q, r) in fns.items()})
    base = results["primary-key lookup of one case"]
    print("\n" + "\n".join(notes))
    print(
        f"cases: {Case.objects.count():,}; transitions: {CaseTransition.objects.count():,}; rollup rows: "
        f"{CaseDayStat.objects.count():,} daily + {CaseHoursStat.objects.count():,} hours; 居民区 {ctx['district'].code}, 片区 {ctx['area'].code}"
    )
    print(f"median of warm runs through the Django ORM (indicators: the whole computation, {ctx['year'][0]} to {ctx['year'][1]})\n")
    print(f"{'query':<56}{'median ms':>11}{'× pk':>9}")
    print("-" * 76)
    for name, ms in results.items():
        print(f"{name:<56}{ms:>11.3f}{ms / base:>9.1f}")
    for name, (_f, qs, _r) in fns.items():
        if qs is not None:
            print(f"\nEXPLAIN (ANALYZE, BUFFERS) {name}\n{qs.explain(analyze=True, buffers=True)}")
    print(f"\nEXPLAIN (ANALYZE, BUFFERS) (c) its main rollup query\n{rollup_explain(ctx['top'], ctx['year']).explain(analyze=True, buffers=True)}")


if __name__ == "__main__":
    main()
