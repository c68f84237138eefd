"""Benchmark of the 物业服务评价 at district scale on PostgreSQL (`make bench-evaluation`).

Uses the database of `make bench` (bench/run.py: 20 subdistricts of `generate_scale`, 22 居民区 each), adds
when missing: 1,000,000 cases (those of `make bench-cases` when present, else lean closed cases inserted by
one `INSERT ... SELECT` over `generate_series`, spread over the year up to the quarter's end and a quarter on, 40% handled by the property company),
five property companies per subdistrict sharing its 22 居民区, a satisfaction survey per 居民区 for the
quarter (20 answers each), representatives' ratings, and a device per 居民区 with acknowledged alarms.

Then times, warm, the evaluation of every estate of the 20 subdistricts for the last complete quarter
(`evaluation.services.period_run` on each subdistrict's property-service period: every indicator, every
score with its computation stored, the ranking) against ONE plain aggregate over the quarter's cases
(count and late count of the cases closed in the quarter), measured in the same run, and prints the ratio
and the plan of the biggest metric query. Target: under 10 s for all 440 estates.

`--subdistricts N --cases N --residents N` make a smaller run (a smoke test on a fresh database)."""

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run  # noqa: E402  bench/run.py: database, Django, generate_scale

RATERS, ANSWERS = 3, 20


def last_quarter(today: datetime.date) -> tuple[int, int]:
    q = (today.month - 1) // 3 + 1
    return (today.year - 1, 4) if q == 1 else (today.year, q - 1)


def populate_units(subdistricts: int, residents: int) -> str:
    from django.core.management import call_command

    if subdistricts == run.SUBDISTRICTS and residents == 50_000:
        return run.populate()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("generate_scale", subdistricts=subdistricts, residents_per_subdistrict=residents, workers=1, verbosity=0)
    return f"generate_scale: {subdistricts} subdistricts of {residents:,} residents"


def populate_cases(target: int, quarter_start: datetime.datetime) -> str:
    """Lean closed cases by one INSERT ... SELECT over generate_series (every NOT NULL column given)."""
    from django.db import connection

    from cases.models import Case, CaseCategory

    have = Case.objects.count()
    if have >= target:
        return f"{have:,} cases present; generation skipped"
    started = time.monotonic()
    category = CaseCategory.objects.get_or_create(code="BENCH-PROP", defaults={"name": "物业维修（基准）", "handler_kind": "property"})[0]
    now = datetime.datetime.now(datetime.UTC)
    given = {
        "number": "NULL", "source": "'resident'", "category": str(category.pk), "description": "'基准测试'",
        "unit": "u.id", "unit_path": "u.path", "priority": "2", "state": "'closed'",
        "handler_kind": "CASE WHEN random() < 0.4 THEN 'property' ELSE 'committee' END",
        "closed_at": "t.c", "due_at": "t.c + (random() * 6 - 1) * interval '1 day'", "rating": "(ARRAY['satisfied','satisfied','satisfied','basic','unsatisfied',''])[1 + floor(random() * 6)::int]",
        "reopen_count": "CASE WHEN random() < 0.03 THEN 1 ELSE 0 END", "created_at": "%(now)s", "updated_at": "%(now)s",
    }  # fmt: skip
    columns, values = [], []
    for f in Case._meta.concrete_fields:
        if f.primary_key:
            continue
        columns.append(f.column)
        if f.name in given:
            values.append(given[f.name])
        elif f.null:
            values.append("NULL")
        else:
            default = f.get_default()
            values.append("0" if isinstance(default, int) else "''")
    select = ", ".join(values)
    with connection.cursor() as c:
        c.execute(
            f"""WITH u AS (SELECT id, path, (row_number() OVER (ORDER BY id) - 1)::int AS k FROM org_unit WHERE kind = 'building'),
                     m AS (SELECT count(*)::int AS n FROM u),
                     t AS (SELECT g, %(start)s + random() * interval '365 days' AS c FROM generate_series(1, %(n)s) AS g)
                INSERT INTO cases_case ({", ".join(columns)})
                SELECT {select} FROM t CROSS JOIN m JOIN u ON u.k = t.g %% m.n""",  # noqa: S608  the model's own columns
            {"n": target - have, "start": quarter_start - datetime.timedelta(days=270), "now": now},
        )
        c.execute("ANALYZE cases_case")
    return f"inserted {target - have:,} lean cases in {time.monotonic() - started:.1f} s"


def populate_evaluation(year: int, quarter: int) -> tuple[str, list]:
    """Companies, surveys, devices with alarms, periods and ratings for every subdistrict; the periods."""
    from django.db import transaction

    from accounts.models import User
    from evaluation.models import Period, Plan, Rating
    from evaluation.services import period_open
    from org.models import Unit, UnitKind
    from resources.models import Organisation
    from smart.models import Alarm, Device, DeviceType
    from surveys.models import Answer, Question, QuestionKind, Response, Survey, SurveyState

    plan = Plan.objects.get(code="property")
    tops = list(Unit.objects.filter(parent__isnull=True, code__startswith="SCALE-").order_by("path"))
    if Period.objects.filter(plan=plan, year=year, quarter=quarter, unit__in=tops).count() == len(tops):
        return "evaluation data present", list(Period.objects.filter(plan=plan, year=year, quarter=quarter, unit__in=tops).select_related("plan"))
    started = time.monotonic()
    periods = []
    with transaction.atomic():
        users = [User.objects.get_or_create(username=f"bench_rater_{i}", defaults={"display_name": f"基准{i}"})[0] for i in range(max(ANSWERS, RATERS))]
        dtype = DeviceType.objects.get_or_create(code="bench-smoke", defaults={"name": "烟感（基准）", "kind": "sensor"})[0]
        qs_start = run_quarter_start(year, quarter)
        for top in tops:
            estates = list(Unit.objects.filter(path__startswith=top.path, kind=UnitKind.DISTRICT).order_by("path"))
            companies = [
                Organisation.objects.get_or_create(name=f"{top.code} 物业{k}", defaults={"kind": "property", "unit": top, "unit_path": top.path})[0]
                for k in range(5)
            ]
            for k, org in enumerate(companies):
                org.districts.set(estates[k::5])
            surveys = Survey.objects.bulk_create(
                Survey(
                    title=f"{e.name}满意度",
                    unit=e,
                    unit_path=e.path,
                    purpose="satisfaction",
                    state=SurveyState.CLOSED,
                    opens_at=qs_start + datetime.timedelta(days=60),
                )
                for e in estates
            )
            questions = Question.objects.bulk_create(
                Question(survey=s, position=p, kind=QuestionKind.SCALE, text=t, scale_max=5)
                for s in surveys
                for p, t in ((1, "物业服务满意度"), (2, "议事协商满意度"))
            )
            responses = Response.objects.bulk_create(Response(survey=s, user=u) for s in surveys for u in users[:ANSWERS])
            by_survey = {}
            for q in questions:
                by_survey.setdefault(q.survey_id, []).append(q)
            Answer.objects.bulk_create(Answer(response=r, question=q, number=1 + (r.pk * 7 + q.pk) % 5) for r in responses for q in by_survey[r.survey_id])
            devices = Device.objects.bulk_create(Device(code=f"bench-{e.code}", name="烟感", device_type=dtype, unit=e, unit_path=e.path) for e in estates)
            Alarm.objects.bulk_create(
                Alarm(device=d, alarm_type=f"a{i}", severity=3, active=False, started_at=qs_start + datetime.timedelta(days=3 + i * 8), last_at=qs_start + datetime.timedelta(days=3 + i * 8),
                      acknowledged=True, acknowledged_at=qs_start + datetime.timedelta(days=3 + i * 8, minutes=5 + (d.pk * 13 + i) % 180))
                for d in devices for i in range(10)
            )  # fmt: skip
            period = period_open(plan=plan, unit=top, year=year, quarter=quarter)
            owner = {e.pk: org for org in companies for e in estates[companies.index(org) :: 5]}
            Rating.objects.bulk_create(
                Rating(period=period, estate=e, unit_path=e.path, organisation=owner[e.pk], rater=u, score=1 + (e.pk + u.pk) % 5)
                for e in estates
                for u in users[:RATERS]
            )
            periods.append(period)
    return f"evaluation data for {len(tops)} subdistricts made in {time.monotonic() - started:.1f} s", periods


def run_quarter_start(year, quarter):
    from django.utils import timezone

    return timezone.make_aware(datetime.datetime(year, 3 * quarter - 2, 1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subdistricts", type=int, default=run.SUBDISTRICTS)
    parser.add_argument("--residents", type=int, default=50_000, help="residents per subdistrict")
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/jiayuan_bench")
    os.environ["DATABASE_URL"] = url
    run.ensure_database(url)
    run.setup_django()
    from django.db import connection
    from django.db.models import Count, F, Q
    from django.utils import timezone

    from cases.models import Case
    from evaluation.metrics import METRICS
    from evaluation.models import IndicatorValue, Result
    from evaluation.services import period_run, subjects_of

    year, quarter = last_quarter(timezone.localdate())
    start = run_quarter_start(year, quarter)
    notes = [populate_units(args.subdistricts, args.residents), populate_cases(args.cases, start)]
    note, periods = populate_evaluation(year, quarter)
    notes.append(note)
    with connection.cursor() as c:
        c.execute("VACUUM ANALYZE")
    end = periods[0].ends

    def evaluate_all():
        for p in periods:
            period_run(period=p)

    def plain_aggregate():
        return Case.objects.filter(closed_at__gte=start, closed_at__lt=end).aggregate(n=Count("id"), late=Count("id", filter=Q(closed_at__gt=F("due_at"))))

    evaluate_all(), plain_aggregate()  # warm
    times = {"evaluate": [], "aggregate": []}
    for _ in range(args.runs):
        t = time.perf_counter()
        plain_aggregate()
        times["aggregate"].append(time.perf_counter() - t)
        t = time.perf_counter()
        evaluate_all()
        times["evaluate"].append(time.perf_counter() - t)
    ev, agg = statistics.median(times["evaluate"]), statistics.median(times["aggregate"])
    in_quarter = Case.objects.filter(closed_at__gte=start, closed_at__lt=end).count()
    results = Result.objects.filter(period__in=periods).count()
    print("\n" + "\n".join(notes))
    print(
        f"cases: {Case.objects.count():,}, closed in {year}Q{quarter}: {in_quarter:,}; subdistricts: {len(periods)}; results: {results:,}; indicator values: {IndicatorValue.objects.filter(result__period__in=periods).count():,}"
    )
    print(f"median of {args.runs} warm runs\n")
    print(f"{'what':<70}{'median s':>10}{'ratio':>8}")
    print("-" * 88)
    print(f"{'one plain aggregate over the quarter cases (count, late count)':<70}{agg:>10.3f}{1:>8.1f}")
    print(f"{f'evaluate every estate of {len(periods)} subdistricts (period_run each)':<70}{ev:>10.3f}{ev / agg:>8.1f}")
    print(f"\ntarget: under 10 s — {'met' if ev < 10 else 'NOT met'}")
    p = periods[len(periods) // 2]
    estates = list({s.estate.pk: s.estate for s in subjects_of(p)}.values())
    from django.db import connection as conn
    from django.test.utils import CaptureQueriesContext

    from evaluation.metrics import property_case_figures

    with CaptureQueriesContext(conn) as q:
        property_case_figures(p, estates)
    with conn.cursor() as c:
        c.execute("EXPLAIN (ANALYZE, BUFFERS) " + q.captured_queries[-1]["sql"])
        plan = "\n".join(r[0] for r in c.fetchall())
    print(f"\nEXPLAIN (ANALYZE, BUFFERS) the case metrics of one subdistrict ({', '.join(m for m in METRICS if m.startswith('case_'))})\n{plan}")


if __name__ == "__main__":
    main()
