"""`manage.py generate_cases --count 1000000`: realistic cases and their timelines over every grid, for the
benchmarks (bench/cases.py). Bulk inserts in chunks of `--chunk` cases, each chunk in one transaction and
drawn from its own seed: a chunk that exists is skipped, so a run can be repeated or resumed after an
interruption and gives the same data. Then the indicators rollup is rebuilt and, on PostgreSQL, ANALYZEd.

The mix: two years back from today, more reports in summer and on weekdays, in office hours; 3% not
registered, 5% merged as duplicates; most registered cases closed on time (93%), a few late, some still
open (the recent ones, and 2% of the older ones overdue); 3% reopened once; three in four closed cases
rated (80% satisfied, 13% basically, 7% not).
"""

import contextlib
import datetime
import math
import time
from random import Random

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone
from tqdm import tqdm

from cases import rollup
from cases.calendar import WorkingCalendar, add_working_time
from cases.models import Case, CaseCategory, CaseTransition, Rating, Source
from cases.workflow import CaseState
from org.models import Unit, UnitKind

S = CaseState
PREFIX = "GEN"
# (category code, weight, summer factor): 噪音 and 垃圾 peak in summer
WEIGHTS = {"ENV-CLUTTER": (18, 1.0), "ENV-WASTE": (14, 1.5), "ENV-THROW": (3, 1.2), "TRAFFIC-PARK": (20, 0.9), "FAC-LIFT": (6, 1.1),
           "FAC-DAMAGE": (12, 1.0), "ORDER-NOISE": (12, 1.7), "ORDER-DISPUTE": (6, 1.0), "CONSULT": (9, 1.0)}  # fmt: skip
SOURCES = [(Source.RESIDENT, 45), (Source.PATROL, 30), (Source.HOTLINE, 20), (Source.DEVICE, 3), (Source.CAMERA, 2)]
TEXT = {"ENV-CLUTTER": "楼道堆放杂物，影响通行", "ENV-WASTE": "垃圾桶满溢，未及时清运", "ENV-THROW": "楼上有人往下扔东西", "TRAFFIC-PARK": "车辆占用消防通道",
        "FAC-LIFT": "电梯停运，有人被困风险", "FAC-DAMAGE": "路灯不亮，健身器材损坏", "ORDER-NOISE": "夜间噪音扰民", "ORDER-DISPUTE": "邻里因漏水发生纠纷", "CONSULT": "咨询办事流程"}  # fmt: skip


@contextlib.contextmanager
def keep_given_times():
    """bulk_create would stamp created_at/updated_at with now; the generator gives its own."""
    fields = [Case._meta.get_field("created_at"), Case._meta.get_field("updated_at")]
    saved = [(f.auto_now_add, f.auto_now) for f in fields]
    for f in fields:
        f.auto_now_add = f.auto_now = False
    try:
        yield
    finally:
        for f, (add, now) in zip(fields, saved, strict=True):
            f.auto_now_add, f.auto_now = add, now


class Mix:
    def __init__(self, now: datetime.datetime, years: int):
        self.now = now
        self.start = now - datetime.timedelta(days=365 * years)
        self.span_days = 365 * years
        self.grids = list(Unit.objects.filter(kind=UnitKind.GRID).order_by("path").values_list("id", "path", "parent_id", "lat", "lng"))
        if not self.grids:
            raise SystemExit("No grids: generate units first (make bench runs generate_scale).")
        cats = {c.code: c for c in CaseCategory.objects.filter(code__in=list(WEIGHTS))}
        self.cats = [(cats[code], w, summer) for code, (w, summer) in WEIGHTS.items() if code in cats]
        self.calendar = WorkingCalendar.from_db(self.start.date() - datetime.timedelta(days=10), now.date() + datetime.timedelta(days=120))

    def category(self, rng, month):
        season = 1 + 0.5 * math.cos((month - 7) / 12 * 2 * math.pi)  # 1.5 in July, 0.5 in January
        weights = [w * (1 + (summer - 1) * season) for _c, w, summer in self.cats]
        return rng.choices([c for c, _w, _s in self.cats], weights)[0]

    def created(self, rng):
        while True:
            t = self.start + datetime.timedelta(seconds=rng.random() * self.span_days * 86400)
            local = timezone.localtime(t)
            keep = (1 + 0.3 * math.cos((local.month - 7) / 12 * 2 * math.pi)) / 1.3 * (0.6 if local.weekday() >= 5 else 1.0)
            keep *= 1.0 if 8 <= local.hour < 20 else 0.15
            if rng.random() < keep:
                return t

    def case(self, rng, number: str):
        """An unsaved case and its timeline [(action, from, to, at)]."""
        created = self.created(rng)
        local = timezone.localtime(created)
        cat = self.category(rng, local.month)
        grid_id, path, district_id, lat, lng = rng.choice(self.grids)
        case = Case(
            number=number, source=rng.choices(*zip(*SOURCES, strict=True))[0], category=cat, description=TEXT.get(cat.code, cat.name),
            lat=round(float(lat) + rng.uniform(-0.002, 0.002), 6) if lat is not None else None,
            lng=round(float(lng) + rng.uniform(-0.002, 0.002), 6) if lng is not None else None,
            grid_id=grid_id, unit_id=grid_id, unit_path=path, priority=rng.choices([1, 2, 3, 4], [10, 75, 12, 3])[0],
            handler_kind=cat.handler_kind, created_at=created, updated_at=created,
        )  # fmt: skip
        steps = [("report", "", S.REPORTED, created)]
        case.accept_due_at = add_working_time(created, calendar=self.calendar, **cat.accept_limit_kwargs())  # the 立案 clock runs from the report
        r = rng.random()
        if r < 0.03:
            case.state, case.closed_at = S.REJECTED, created + datetime.timedelta(hours=rng.uniform(0.5, 8))
            steps.append(("reject", S.REPORTED, S.REJECTED, case.closed_at))
            return self._done(case, steps)
        if r < 0.08:
            case.state, case.closed_at = S.MERGED, created + datetime.timedelta(hours=rng.uniform(0.2, 4))
            steps.append(("merge", S.REPORTED, S.MERGED, case.closed_at))
            return self._done(case, steps)
        case.accepted_at = created + datetime.timedelta(hours=rng.uniform(0.1, 6))
        case.due_at = add_working_time(case.accepted_at, calendar=self.calendar, **cat.time_limit_kwargs())
        case.dispatched_at = case.accepted_at + datetime.timedelta(minutes=rng.uniform(5, 120))
        case.handling_unit_id = district_id
        steps += [("accept", S.REPORTED, S.ACCEPTED, case.accepted_at), ("dispatch", S.ACCEPTED, S.DISPATCHED, case.dispatched_at)]
        allowed = case.due_at - case.accepted_at
        if rng.random() < 0.93:
            closed = case.accepted_at + allowed * rng.uniform(0.15, 0.98)
        else:
            closed = case.due_at + datetime.timedelta(hours=rng.expovariate(1 / 60))
        stuck = rng.random() < 0.02
        if closed > self.now or stuck:  # still open: somewhere in the loop
            state = rng.choice([S.DISPATCHED, S.IN_PROGRESS, S.COMPLETED])
            if state != S.DISPATCHED:
                steps.append(("start", S.DISPATCHED, S.IN_PROGRESS, case.dispatched_at + datetime.timedelta(minutes=30)))
            if state == S.COMPLETED:
                case.completed_at = min(self.now, case.dispatched_at + datetime.timedelta(hours=2))
                steps.append(("complete", S.IN_PROGRESS, S.COMPLETED, case.completed_at))
            case.state = state
            return self._done(case, steps)
        case.completed_at = closed - (closed - case.dispatched_at) * 0.2
        steps += [
            ("start", S.DISPATCHED, S.IN_PROGRESS, case.dispatched_at + (case.completed_at - case.dispatched_at) * 0.1),
            ("complete", S.IN_PROGRESS, S.COMPLETED, case.completed_at),
            ("verify_pass", S.COMPLETED, S.CLOSED, closed),
        ]
        case.state, case.closed_at = S.CLOSED, closed
        if rng.random() < 0.03 and closed + datetime.timedelta(days=3) < self.now:  # reopened once, closed again
            reopened = closed + datetime.timedelta(hours=rng.uniform(2, 48))
            case.reopen_count = 1
            case.due_at = add_working_time(reopened, calendar=self.calendar, **cat.time_limit_kwargs())
            again = min(self.now, reopened + (case.due_at - reopened) * rng.uniform(0.2, 1.1))
            case.completed_at, case.closed_at = again - datetime.timedelta(hours=1), again
            steps += [
                ("reopen", S.CLOSED, S.DISPATCHED, reopened),
                ("start", S.DISPATCHED, S.IN_PROGRESS, reopened + datetime.timedelta(minutes=20)),
                ("complete", S.IN_PROGRESS, S.COMPLETED, case.completed_at),
                ("verify_pass", S.COMPLETED, S.CLOSED, again),
            ]
        if rng.random() < 0.75:
            case.rating = rng.choices([Rating.SATISFIED, Rating.BASIC, Rating.UNSATISFIED], [80, 13, 7])[0]
            steps.append(("rate", S.CLOSED, S.CLOSED, case.closed_at + datetime.timedelta(hours=rng.uniform(1, 72))))
        return self._done(case, steps)

    @staticmethod
    def _done(case, steps):
        case.updated_at = max(at for *_x, at in steps)
        return case, steps


class Command(BaseCommand):
    help = "Generate realistic cases with their timelines over every grid (benchmarks); repeatable and resumable."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=1_000_000)
        parser.add_argument("--chunk", type=int, default=10_000)
        parser.add_argument("--years", type=int, default=2)
        parser.add_argument("--seed", type=int, default=2021)

    def handle(self, *args, count, chunk, years, seed, verbosity, **options):
        if not CaseCategory.objects.filter(code__in=list(WEIGHTS)).exists():
            call_command("cases_defaults", verbosity=0)
        started = time.monotonic()
        # today's midnight: a run resumed on the same day draws exactly the same cases
        now = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time.min))
        mix = Mix(now, years)
        chunks = range(0, math.ceil(count / chunk))
        made = 0
        with tqdm(total=count, unit="件", desc="generate_cases", disable=verbosity == 0) as bar:
            for k in chunks:
                lo, hi = k * chunk, min(count, (k + 1) * chunk)
                if Case.objects.filter(number=f"{PREFIX}{lo:09d}").exists():
                    bar.update(hi - lo)
                    continue
                rng = Random(f"{seed}:{k}")
                pairs = [mix.case(rng, f"{PREFIX}{i:09d}") for i in range(lo, hi)]
                with transaction.atomic(), keep_given_times():
                    cases = Case.objects.bulk_create([c for c, _s in pairs], batch_size=2000)
                    timeline = [(c.pk, a, f, t, at) for c, (_c, steps) in zip(cases, pairs, strict=True) for a, f, t, at in steps]
                    insert_timeline(timeline)
                made += hi - lo
                bar.update(hi - lo)
        took = time.monotonic() - started
        if made or not rollup_present():
            t = time.monotonic()
            with tqdm(total=Case.objects.count(), unit="件", desc="cases_rollup", disable=verbosity == 0) as bar:
                rows = rollup.rebuild(progress=bar.update)
            if connection.vendor == "postgresql":
                with connection.cursor() as c:
                    for table in ("cases_case", "cases_casetransition", "cases_casedaystat", "cases_casehoursstat"):
                        c.execute(f"ANALYZE {table}")
            if verbosity:
                self.stdout.write(f"Rollup rebuilt: {rows:,} rows in {time.monotonic() - t:.1f} s.")
        if verbosity:
            self.stdout.write(
                f"Generated {made:,} cases in {took:.1f} s; {Case.objects.filter(number__startswith=PREFIX).count():,} generated cases in the database."
            )


def insert_timeline(rows) -> None:
    """COPY on PostgreSQL (six times as many rows as cases), bulk_create elsewhere."""
    if connection.vendor == "postgresql":
        with connection.cursor() as c, c.cursor.copy("COPY cases_casetransition (case_id, action, from_state, to_state, at, note) FROM STDIN") as copy:
            for case_id, action, from_state, to_state, at in rows:
                copy.write_row((case_id, action, from_state, to_state, at, ""))
        return
    CaseTransition.objects.bulk_create(
        [CaseTransition(case_id=i, action=a, from_state=f, to_state=t, at=at) for i, a, f, t, at in rows],
        batch_size=5000,
    )


def rollup_present() -> bool:
    from cases.models import CaseDayStat

    return CaseDayStat.objects.exists()
