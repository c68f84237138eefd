"""Measured facts from the records, as named metric functions (the registry an indicator's `metric` names).

Each metric computes its raw value for every subject of a period in ONE grouped query (the three case
metrics share one, `property_case_figures`, kept on the period object for the run): a property metric
groups by the estate (居民区) a row sits under, a body metric by the body. It answers
{key: (raw value or None, rows counted)}, keyed by the estate's id (property) or the body's id (bodies).

Estates are found from materialised paths: every 居民区 sits at the same depth, so the first `L`
characters of a row's `unit_path` are its estate's path (`L` = the estates' path length)."""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Avg, Case, Count, DurationField, ExpressionWrapper, F, Q, Value, When
from django.db.models.functions import Substr
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Metric:
    name: str
    label: str  # what it measures, shown as the indicator's source
    subject: str  # "property" (keyed by estate id) or "body" (keyed by body id)
    fn: Callable


METRICS: dict[str, Metric] = {}


def metric(name: str, label, subject: str):
    def register(fn):
        METRICS[name] = Metric(name, label, subject, fn)
        return fn

    return register


def _rate(part, whole) -> Decimal | None:
    return None if not whole else (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"))


def _dec(v) -> Decimal | None:
    return None if v is None else Decimal(str(v)).quantize(Decimal("0.01"))


def _by_estate(rows, estates, key="estate") -> dict:
    """Grouped rows keyed by the estate's path prefix -> keyed by estate id."""
    by_path = {e.path: e.pk for e in estates}
    return {by_path[r[key]]: r for r in rows if r[key] in by_path}


def _estate_prefix(estates):
    length = len(estates[0].path)
    return Substr("unit_path", 1, length)


def property_case_figures(period, estates) -> dict:
    """{estate id: row} of the property cases closed in the period, in ONE grouped query for the three case
    metrics (counted, on time, reopened, rated, mean rating points); kept on the period object for the run."""
    from cases.models import Case as CaseRow
    from cases.models import HandlerKind

    key = tuple(sorted(e.pk for e in estates))
    memo = period.__dict__.setdefault("_case_figures", {})
    if key not in memo:
        points = Case(When(rating="satisfied", then=Value(100.0)), When(rating="basic", then=Value(60.0)), When(rating="unsatisfied", then=Value(0.0)))
        rows = (
            CaseRow.objects.filter(
                handler_kind=HandlerKind.PROPERTY, unit_path__startswith=period.unit_path, closed_at__gte=period.starts, closed_at__lt=period.ends
            )
            .annotate(estate=_estate_prefix(estates))
            .values("estate")
            .annotate(
                n=Count("id"),
                ok=Count("id", filter=Q(closed_at__lte=F("due_at"))),
                again=Count("id", filter=Q(reopen_count__gt=0)),
                rated=Count("id", filter=~Q(rating="")),
                mean=Avg(points),  # NULL (no rating) is left out of the mean
            )
        )
        memo[key] = _by_estate(rows, estates)
    return memo[key]


@metric("case_on_time", _("Property cases closed within their deadline (%)"), "property")
def case_on_time(period, estates) -> dict:
    return {k: (_rate(r["ok"], r["n"]), r["n"]) for k, r in property_case_figures(period, estates).items()}


@metric("case_reopen", _("Property cases reopened after closing (%)"), "property")
def case_reopen(period, estates) -> dict:
    return {k: (_rate(r["again"], r["n"]), r["n"]) for k, r in property_case_figures(period, estates).items()}


@metric("case_satisfaction", _("Residents' rating of property cases (satisfied 100, basically 60, not 0)"), "property")
def case_satisfaction(period, estates) -> dict:
    return {k: (_dec(r["mean"]), r["rated"]) for k, r in property_case_figures(period, estates).items() if r["rated"]}


@metric("alarm_response", _("Mean minutes from a device alarm to its acknowledgement"), "property")
def alarm_response(period, estates) -> dict:
    from smart.models import Alarm

    rows = (
        Alarm.objects.filter(
            device__unit_path__startswith=period.unit_path, started_at__gte=period.starts, started_at__lt=period.ends, acknowledged_at__isnull=False
        )
        .annotate(estate=Substr("device__unit_path", 1, len(estates[0].path)))
        .values("estate")
        .annotate(n=Count("id"), mean=Avg(ExpressionWrapper(F("acknowledged_at") - F("started_at"), output_field=DurationField())))
    )
    return {k: (_dec(r["mean"].total_seconds() / 60) if r["mean"] is not None else None, r["n"]) for k, r in _by_estate(rows, estates).items()}


@metric("property_summons_on_time", _("约请 to the property company answered on time (%)"), "property")
def property_summons_on_time(period, estates) -> dict:
    from deliberation.models import Summons

    rows = (
        Summons.objects.filter(
            to_seat__organisation__kind="property", unit_path__startswith=period.unit_path, answer_due_at__gte=period.starts, answer_due_at__lt=period.ends
        )
        .annotate(estate=_estate_prefix(estates))
        .values("estate")
        .annotate(n=Count("id"), ok=Count("id", filter=Q(answered_at__lte=F("answer_due_at"))))
    )
    return {k: (_rate(r["ok"], r["n"]), r["n"]) for k, r in _by_estate(rows, estates).items()}


@metric("action_on_time", _("The body's resolutions' actions done by their deadline (%)"), "body")
def action_on_time(period, bodies) -> dict:
    from deliberation.models import Action

    rows = (
        Action.objects.filter(decision__meeting__body__in=bodies, deadline__gte=period.starts.date(), deadline__lt=period.ends.date())
        .exclude(state="cancelled")
        .values("decision__meeting__body")
        .annotate(n=Count("id"), ok=Count("id", filter=Q(done_at__date__lte=F("deadline"))))
    )
    return {r["decision__meeting__body"]: (_rate(r["ok"], r["n"]), r["n"]) for r in rows}


@metric("summons_on_time", _("约请 to the body's seats answered on time (%)"), "body")
def summons_on_time(period, bodies) -> dict:
    from deliberation.models import Summons

    rows = (
        Summons.objects.filter(to_seat__body__in=bodies, answer_due_at__gte=period.starts, answer_due_at__lt=period.ends)
        .values("to_seat__body")
        .annotate(n=Count("id"), ok=Count("id", filter=Q(answered_at__lte=F("answer_due_at"))))
    )
    return {r["to_seat__body"]: (_rate(r["ok"], r["n"]), r["n"]) for r in rows}


def metric_choices():
    return [(m.name, m.label) for m in METRICS.values()]
