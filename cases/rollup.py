"""The daily rollup of case counts (cases/models/stats.py): what each case adds, kept up to date by
deltas and rebuilt from the cases.

A case adds to three days of the units above it: the day it was reported (reported, merged,
reopened), the day it was closed (closed, resolved, rated, satisfied and its handling hours) and the
day it is due (due_on_time, due_late or due_open). `contributions(fact)` says how much, from the
case's own fields; everything else here adds those up.

Freshness: `cases.signals` reads a case's fields before and after each save (a service's
transition, a rating, a reopening) and applies the difference of the two contributions, inside the
same transaction, with one upsert per table. Writes that bypass `save()` (bulk loads, `.update()`,
fixtures) leave the rollup behind: run `manage.py cases_rollup` after them (the benchmark generator
and a nightly schedule do), which rebuilds it from the cases.
"""

import datetime
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from typing import NamedTuple

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from cases.models import Rating
from cases.models.stats import CaseDayStat, CaseHoursStat
from cases.workflow import CaseState
from org.models import SEGMENT

COUNTS = CaseDayStat.COUNTS
SATISFIED = (Rating.SATISFIED, Rating.BASIC)
DEFAULT_DEPTH = 2  # 街道 and 片区 when the 街道 is at the top of the tree


def rollup_depth() -> int:
    return int(getattr(settings, "CASES_ROLLUP_DEPTH", DEFAULT_DEPTH))


class Fact(NamedTuple):
    """The fields of a case that the indicators read."""

    unit_path: str
    category_id: int
    created_at: datetime.datetime
    state: str
    accepted_at: datetime.datetime | None
    due_at: datetime.datetime | None
    closed_at: datetime.datetime | None
    rating: str
    reopen_count: int


FACT_FIELDS = Fact._fields


def fact_of(case) -> Fact:
    return Fact(*(getattr(case, f) for f in FACT_FIELDS))


def handling_hours(fact: Fact) -> int | None:
    """Whole hours (rounded down) from registration to closing."""
    if fact.accepted_at is None or fact.closed_at is None:
        return None
    return int((fact.closed_at - fact.accepted_at).total_seconds() // 3600)


def contributions(fact: Fact) -> tuple[dict, Counter]:
    """What one case adds: ({(day, category): Counter of COUNTS}, Counter{(day, category, hours): 1})."""
    days: dict = defaultdict(Counter)
    hours: Counter = Counter()
    cat = fact.category_id
    local = timezone.localdate
    reported = days[(local(fact.created_at), cat)]
    reported["reported"] += 1
    if fact.state == CaseState.MERGED:
        reported["merged"] += 1
    if fact.reopen_count:
        reported["reopened"] += 1
    closed = fact.state == CaseState.CLOSED and fact.closed_at is not None
    if closed:
        c = days[(local(fact.closed_at), cat)]
        c["closed"] += 1
        c["resolved"] += not fact.reopen_count
        c["rated"] += bool(fact.rating)
        c["satisfied"] += fact.rating in SATISFIED
        h = handling_hours(fact)
        if h is not None:
            hours[(local(fact.closed_at), cat, h)] += 1
    if fact.accepted_at is not None and fact.due_at is not None and fact.state != CaseState.MERGED:
        d = days[(local(fact.due_at), cat)]
        if closed:
            d["due_on_time" if fact.closed_at <= fact.due_at else "due_late"] += 1
        else:
            d["due_open"] += 1
    return days, hours


def levels(unit_path: str, depth: int | None = None) -> list[str]:
    """The rolled-up paths above (and including) a case's unit: its first `depth` path segments."""
    depth = rollup_depth() if depth is None else depth
    width = SEGMENT + 1
    return [unit_path[: k * width] for k in range(1, min(depth, len(unit_path) // width) + 1)]


def rolled_up(path: str) -> bool:
    return len(path) // (SEGMENT + 1) <= rollup_depth()


def rows_of(facts: Iterable[Fact], *, depth: int | None = None, keep: Callable[[datetime.date], bool] = lambda d: True):
    """Rollup rows of many cases: ({(path, day, category): Counter}, Counter{(path, day, category, hours): n}).
    The sum of `contributions()` over the cases at each rolled-up level, written out for speed (a rebuild
    goes through every case); a test checks it against a rebuild from `contributions()` itself."""
    days: dict = defaultdict(lambda: dict.fromkeys(COUNTS, 0))
    hours: Counter = Counter()
    tz = timezone.get_current_timezone()
    closed_state, merged_state = CaseState.CLOSED, CaseState.MERGED
    for f in facts:
        paths = levels(f.unit_path, depth)
        cat = f.category_id
        day = f.created_at.astimezone(tz).date()
        if keep(day):
            for p in paths:
                row = days[(p, day, cat)]
                row["reported"] += 1
                row["merged"] += f.state == merged_state
                row["reopened"] += f.reopen_count > 0
        closed = f.state == closed_state and f.closed_at is not None
        if closed:
            day = f.closed_at.astimezone(tz).date()
            if keep(day):
                h = handling_hours(f)
                for p in paths:
                    row = days[(p, day, cat)]
                    row["closed"] += 1
                    row["resolved"] += not f.reopen_count
                    row["rated"] += bool(f.rating)
                    row["satisfied"] += f.rating in SATISFIED
                    if h is not None:
                        hours[(p, day, cat, h)] += 1
        if f.accepted_at is not None and f.due_at is not None and f.state != merged_state:
            day = f.due_at.astimezone(tz).date()
            if keep(day):
                column = ("due_on_time" if f.closed_at <= f.due_at else "due_late") if closed else "due_open"
                for p in paths:
                    days[(p, day, cat)][column] += 1
    return {k: Counter({c: n for c, n in v.items() if n}) for k, v in days.items()}, hours


# --- deltas, applied by cases.signals -------------------------------------------------------


def change(before: Fact | None, after: Fact | None) -> tuple[dict, Counter]:
    """The rollup rows to add (negative counts subtract) when a case goes from `before` to `after`."""
    plus_d, plus_h = rows_of([after]) if after else ({}, Counter())
    minus_d, minus_h = rows_of([before]) if before else ({}, Counter())
    days = {}
    for key in set(plus_d) | set(minus_d):
        a, b = plus_d.get(key, Counter()), minus_d.get(key, Counter())
        diff = {c: a[c] - b[c] for c in COUNTS}
        if any(diff.values()):
            days[key] = diff
    hours = Counter({k: plus_h[k] - minus_h[k] for k in set(plus_h) | set(minus_h) if plus_h[k] != minus_h[k]})
    return days, hours


def _upsert(model, key_fields: list[str], count_fields: list[str], rows: list[tuple]) -> None:
    """INSERT ... ON CONFLICT (key) DO UPDATE SET count = count + excluded.count (PostgreSQL and SQLite)."""
    if not rows:
        return
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    columns = [model._meta.get_field(f).column for f in key_fields + count_fields]
    keys = [model._meta.get_field(f).column for f in key_fields]
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    sets = ", ".join(f"{qn(c)} = {table}.{qn(c)} + excluded.{qn(c)}" for c in columns[len(key_fields) :])
    # names come from the model, values go as parameters
    insert = f"INSERT INTO {table} ({', '.join(qn(c) for c in columns)}) VALUES {', '.join([one] * len(rows))}"  # noqa: S608
    sql = f"{insert} ON CONFLICT ({', '.join(qn(c) for c in keys)}) DO UPDATE SET {sets}"
    with connection.cursor() as cur:
        cur.execute(sql, [v for row in rows for v in row])


def apply(days: dict, hours: Counter) -> None:
    """Add the rows of `change()` to the rollup, in key order (concurrent writers lock rows alike)."""
    adapt = connection.ops.adapt_datefield_value
    with transaction.atomic():
        _upsert(
            CaseDayStat,
            ["path", "day", "category"],
            list(COUNTS),
            [(p, adapt(d), c, *(days[(p, d, c)][f] for f in COUNTS)) for p, d, c in sorted(days)],
        )
        _upsert(CaseHoursStat, ["path", "day", "category", "hours"], ["cases"], [(p, adapt(d), c, n, hours[(p, d, c, n)]) for p, d, c, n in sorted(hours)])


# --- rebuilding from the cases ----------------------------------------------------------------------


def _bounds(start: datetime.date, end: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    tz = timezone.get_current_timezone()
    return (
        timezone.make_aware(datetime.datetime.combine(start, datetime.time.min), tz),
        timezone.make_aware(datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min), tz),
    )


def facts(qs, start: datetime.date | None = None, end: datetime.date | None = None, chunk: int = 20_000):
    """The facts of the cases in `qs` that add to a day in [start, end] (all of them without a period)."""
    from django.db.models import Q

    if start is not None and end is not None:
        lo, hi = _bounds(start, end)
        qs = qs.filter(Q(created_at__gte=lo, created_at__lt=hi) | Q(closed_at__gte=lo, closed_at__lt=hi) | Q(due_at__gte=lo, due_at__lt=hi))
    for row in qs.order_by().values_list(*FACT_FIELDS).iterator(chunk_size=chunk):
        yield Fact(*row)


def rebuild(start: datetime.date | None = None, end: datetime.date | None = None, progress: Callable[[int], object] = lambda n: None) -> int:
    """Replace the rollup (of the days in [start, end], or all of it) with counts from the cases, one
    top unit at a time; returns the number of rows written."""
    from cases.models import Case
    from org.models import Unit

    keep = (lambda d: start <= d <= end) if start is not None and end is not None else (lambda d: True)
    written = 0
    with transaction.atomic():
        for model in (CaseDayStat, CaseHoursStat):
            old = model.objects.all()
            if start is not None and end is not None:
                old = old.filter(day__gte=start, day__lte=end)
            old.delete()
        for top in Unit.objects.filter(parent__isnull=True).order_by("path").values_list("path", flat=True):
            counted = 0

            def counting(it):
                nonlocal counted
                for f in it:
                    counted += 1
                    yield f

            days, hours = rows_of(counting(facts(Case.objects.filter(unit_path__startswith=top), start, end)), keep=keep)
            CaseDayStat.objects.bulk_create(
                (CaseDayStat(path=p, day=d, category_id=c, **{f: n[f] for f in COUNTS}) for (p, d, c), n in days.items()), batch_size=5000
            )
            CaseHoursStat.objects.bulk_create(
                (CaseHoursStat(path=p, day=d, category_id=c, hours=h, cases=n) for (p, d, c, h), n in hours.items()), batch_size=5000
            )
            written += len(days) + len(hours)
            progress(counted)
    return written
