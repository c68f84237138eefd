"""Case indicators per unit and period (issue 4 item 6; DOMAIN-RULES §3), from the cases themselves.

A period is a span of whole days [from, to] in the site's time zone; a unit counts the cases of its
whole subtree. The definitions (the dashboard prints them as footnotes):

- 按时结案率 on-time closing rate = 按时办结数 / 应办结数 (12345 practice). 应办结 (due to be closed):
  the registered cases whose due time falls in the period, except those since merged into another
  case — counted once closed, or once their due date has passed while still open. 按时办结: those of
  them closed (结案) no later than their due time. A case closed early counts in the period it was
  due; a reopened case is due again at its new due time.
- 满意率 satisfaction rate = (满意 + 基本满意) / rated cases, among the cases closed in the period.
  基本满意 counts as satisfied, as in 12345 practice.
- 解决率 resolution rate = resolved / closed, among the cases closed in the period; resolved = closed
  after a passed check (核查, the only way to 结案) and never reopened.
- Median handling time: of the cases closed in the period, the median of the whole hours (rounded
  down) from registration (立案) to closing (结案), calendar hours.
- Reopened share and duplicate share: of the cases reported in the period, those reopened at least
  once, and those merged into another case (合并).

The counts come from a daily rollup (cases/rollup.py) for the units at the top of the tree, and
directly from the cases for the smaller units below: the figures are the same either way (tested).
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import VIEW_CASE
from accounts.scope import scope_paths
from cases import rollup
from cases.models import Case, CaseCategory
from cases.models.stats import CaseDayStat, CaseHoursStat
from org.models import Unit, UnitKind

MAX_DAYS = 3 * 366  # the longest period asked in one go
UNIT_KINDS = (UnitKind.SUBDISTRICT, UnitKind.AREA, UnitKind.DISTRICT, UnitKind.GRID)  # units with figures of their own


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def median(hist: Counter) -> float | None:
    """The median of the values counted in `hist` ({value: how many}); the mean of the two middle ones for an even count."""
    n = sum(hist.values())
    if not n:
        return None
    lo, hi = (n - 1) // 2, n // 2  # positions of the middle value(s), from 0
    seen, a = 0, None
    for value in sorted(hist):
        seen += hist[value]
        if a is None and seen > lo:
            a = value
        if seen > hi:
            return (a + value) / 2
    return None  # unreachable


@dataclass
class Figures:
    reported: int = 0
    merged: int = 0
    reopened: int = 0
    closed: int = 0
    resolved: int = 0
    rated: int = 0
    satisfied: int = 0
    due: int = 0
    on_time: int = 0
    median_hours: float | None = None

    @property
    def on_time_rate(self):
        return _rate(self.on_time, self.due)

    @property
    def satisfaction_rate(self):
        return _rate(self.satisfied, self.rated)

    @property
    def resolution_rate(self):
        return _rate(self.resolved, self.closed)

    @property
    def reopened_share(self):
        return _rate(self.reopened, self.reported)

    @property
    def duplicate_share(self):
        return _rate(self.merged, self.reported)

    def as_dict(self) -> dict:
        keys = ("reported", "closed", "due", "on_time", "on_time_rate", "rated", "satisfied", "satisfaction_rate", "resolved", "resolution_rate",
                "median_hours", "reopened", "reopened_share", "merged", "duplicate_share")  # fmt: skip
        return {k: getattr(self, k) for k in keys}


@dataclass
class Tally:
    """Counts (CaseDayStat.COUNTS, due_open only for days already past) and a handling-hours histogram."""

    counts: Counter = field(default_factory=Counter)
    hours: Counter = field(default_factory=Counter)

    def figures(self) -> Figures:
        c = self.counts
        return Figures(
            reported=c["reported"], merged=c["merged"], reopened=c["reopened"], closed=c["closed"], resolved=c["resolved"], rated=c["rated"],
            satisfied=c["satisfied"], due=c["due_on_time"] + c["due_late"] + c["due_open"], on_time=c["due_on_time"], median_hours=median(self.hours),
        )  # fmt: skip


@dataclass
class Indicators:
    start: datetime.date
    end: datetime.date
    totals: Figures
    months: list[tuple[datetime.date, Figures]]
    categories: list[tuple[CaseCategory, Figures]]
    children: list[tuple[Unit, Figures]]
    source: str  # "rollup" or "cases"


# --- periods and scope ------------------------------------------------------------------------------


def default_period(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The last twelve months, this one included."""
    today = today or timezone.localdate()
    y, m = divmod(today.year * 12 + today.month - 1 - 11, 12)
    return datetime.date(y, m + 1, 1), today


def check_period(start: datetime.date, end: datetime.date) -> None:
    if start > end:
        raise ValidationError({"to": _("The end date must not be before the start date.")})
    if (end - start).days + 1 > MAX_DAYS:
        raise ValidationError({"to": _("Choose a period of at most %(days)s days.") % {"days": MAX_DAYS}})


def months_of(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    out, d = [], start.replace(day=1)
    while d <= end:
        out.append(d)
        d = (d + datetime.timedelta(days=32)).replace(day=1)
    return out


def indicator_units(user):
    """The units whose figures the user may see (VIEW_CASE scope), top down."""
    return Unit.objects.for_user(user, VIEW_CASE).filter(kind__in=UNIT_KINDS).order_by("path")


def default_unit(user) -> Unit | None:
    paths = scope_paths(user, VIEW_CASE)
    return Unit.objects.filter(path__in=paths).order_by("path").first() if paths else None


def child_units(unit: Unit) -> list[Unit]:
    return list(Unit.objects.filter(parent=unit, kind__in=UNIT_KINDS).order_by("path")) if unit.kind != UnitKind.GRID else []


# --- the figures --------------------------------------------------------------------------------------


def case_indicators(unit: Unit, start: datetime.date, end: datetime.date, *, children: bool = True, today: datetime.date | None = None) -> Indicators:
    """The indicators of the cases under `unit` for [start, end], with the monthly series, by category and per child unit."""
    return indicators_for_paths([unit.path], start, end, children=child_units(unit) if children else [], today=today)


def indicators_for_paths(paths: list[str], start, end, *, children: list[Unit] = (), today=None) -> Indicators:
    """The same for the cases under any of `paths` (disjoint subtrees)."""
    check_period(start, end)
    today = today or timezone.localdate()
    if all(rollup.rolled_up(p) for p in [*paths, *(c.path for c in children)]):
        totals, months, cats, kids = _from_rollup(paths, start, end, children, today)
        source = "rollup"
    else:
        totals, months, cats, kids = _from_cases(paths, start, end, children, today)
        source = "cases"
    cats = {c: t for c, t in cats.items() if +t.counts or +t.hours}  # not the zero rows deltas leave behind
    names = CaseCategory.objects.in_bulk(list(cats))
    return Indicators(
        start=start,
        end=end,
        totals=totals.figures(),
        months=[(m, months.get(m, Tally()).figures()) for m in months_of(start, end)],
        categories=sorted(((names[c], t.figures()) for c, t in cats.items()), key=lambda x: (-x[1].reported, x[0].code)),
        children=[(c, kids.get(c.path, Tally()).figures()) for c in children],
        source=source,
    )


def _from_cases(paths, start, end, children, today):
    """Counted from the cases, for the smaller units."""
    totals, months, cats, kids = Tally(), defaultdict(Tally), defaultdict(Tally), defaultdict(Tally)
    width = len(children[0].path) if children else 0
    where = Q()
    for p in paths:
        where |= Q(unit_path__startswith=p)
    for fact in rollup.facts(Case.objects.filter(where), start, end):
        days, hours = rollup.contributions(fact)
        kid = kids[fact.unit_path[:width]] if children else None
        for (day, cat), counts in days.items():
            if not start <= day <= end:
                continue
            if day >= today:
                counts = counts - Counter({"due_open": counts["due_open"]})
            for t in (totals, months[day.replace(day=1)], cats[cat], *((kid,) if kid is not None else ())):
                t.counts.update(counts)
        for (day, cat, h), n in hours.items():
            if start <= day <= end:
                for t in (totals, months[day.replace(day=1)], cats[cat], *((kid,) if kid is not None else ())):
                    t.hours[h] += n
    return totals, months, cats, kids


def _sums(today):
    sums = {f: Sum(f) for f in CaseDayStat.COUNTS if f != "due_open"}
    sums["due_open"] = Sum("due_open", filter=Q(day__lt=today))
    return sums


def _from_rollup(paths, start, end, children, today):
    """Read from the daily rollup, for the units at the top of the tree: a handful of grouped queries."""
    totals, months, cats, kids = Tally(), defaultdict(Tally), defaultdict(Tally), defaultdict(Tally)
    period = {"day__gte": start, "day__lte": end}
    days = CaseDayStat.objects.filter(path__in=paths, **period).order_by()
    for row in days.annotate(month=TruncMonth("day")).values("month", "category").annotate(**_sums(today)):
        counts = Counter({f: row[f] or 0 for f in CaseDayStat.COUNTS})
        for t in (totals, months[row["month"]], cats[row["category"]]):
            t.counts.update(counts)
    hours = CaseHoursStat.objects.filter(path__in=paths, **period).order_by()
    for row in hours.annotate(month=TruncMonth("day")).values("month", "hours").annotate(n=Sum("cases")):
        months[row["month"]].hours[row["hours"]] += row["n"]
        totals.hours[row["hours"]] += row["n"]
    for row in hours.values("category", "hours").annotate(n=Sum("cases")):
        cats[row["category"]].hours[row["hours"]] += row["n"]
    if children:
        kid_paths = [c.path for c in children]
        for row in CaseDayStat.objects.filter(path__in=kid_paths, **period).order_by().values("path").annotate(**_sums(today)):
            kids[row["path"]].counts.update({f: row[f] or 0 for f in CaseDayStat.COUNTS})
        for row in CaseHoursStat.objects.filter(path__in=kid_paths, **period).order_by().values("path", "hours").annotate(n=Sum("cases")):
            kids[row["path"]].hours[row["hours"]] += row["n"]
    return totals, months, cats, kids
