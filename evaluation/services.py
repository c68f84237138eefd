"""Every write of the evaluation: open a period, rate a subject, run a period (compute every score with its
computation), publish it (and open a rectification action for each score under the threshold).

Running a period computes all its subjects at once: one grouped query per indicator for every estate (or
body) of the period, never one per estate."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Avg, Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.workflow import IllegalTransition, allowed, begin, transition
from evaluation.metrics import METRICS
from evaluation.models import Indicator, IndicatorValue, Period, PeriodState, Plan, Rating, Result, SourceKind
from evaluation.rules import may_rate_in_estate
from org.models import Unit, UnitKind

SATISFACTION = "satisfaction"  # the surveys' purpose of the estates' quarterly satisfaction survey


@dataclass
class Subject:
    key: object  # (estate id, organisation id) for property plans, the body's id for bodies
    estate: Unit
    name: str
    organisation_id: int | None = None
    body_id: int | None = None


@transaction.atomic
def period_open(*, plan: Plan, unit: Unit, year: int, quarter: int, by=None) -> Period:
    """The plan's period for a quarter over the estates under `unit` (the existing one if opened before)."""
    errors = {}
    if not 1 <= int(quarter) <= 4:
        errors["quarter"] = _("A quarter is 1, 2, 3 or 4.")
    if not 2000 <= int(year) <= 2100:
        errors["year"] = _("Give a year such as 2026.")
    if unit.kind not in (UnitKind.SUBDISTRICT, UnitKind.AREA, UnitKind.DISTRICT):
        errors["unit"] = _("Evaluate a subdistrict, an area or a residential district.")
    if not plan.is_active:
        errors["plan"] = _("This plan is no longer in use.")
    if errors:
        raise ValidationError(errors)
    period, created = Period.objects.get_or_create(plan=plan, unit=unit, year=year, quarter=quarter, defaults={"unit_path": unit.path})
    if created:
        begin(period, by=by)
    return period


def rating_indicator(plan: Plan) -> Indicator | None:
    return plan.indicators.filter(source=SourceKind.RATING).first()


@transaction.atomic
def rating_submit(*, period: Period, estate: Unit, by, score, organisation=None, body=None, comment: str = "") -> Rating:
    """`by` rates a subject of the period in an estate (again: the rating is replaced). Refused with a clear
    message when the period is published, `by` is not a council member or representative of the estate, or
    the score is off the plan's rating scale."""
    if period.state == PeriodState.PUBLISHED:
        raise IllegalTransition(_("The period's scores are published; ratings can no longer change."))
    if not may_rate_in_estate(by, estate):
        raise ValidationError(_("Only the members of the residential district's council and its residents' representatives rate here."))
    indicator = rating_indicator(period.plan)
    if indicator is None:
        raise ValidationError(_("This plan takes no ratings."))
    lo, hi = sorted((indicator.low, indicator.high))
    try:
        value = Decimal(str(score))
    except Exception:
        value = None
    if value is None or not lo <= value <= hi:
        raise ValidationError({"score": _("Give a rating from %(lo)s to %(hi)s.") % {"lo": _plain(lo), "hi": _plain(hi)}})
    if period.plan.scores_property:
        if organisation is None or not organisation.districts.filter(pk=estate.pk).exists():
            raise ValidationError({"organisation": _("Rate a property company that manages this residential district.")})
        body = None
    elif body is None or body.unit_id != estate.pk:
        raise ValidationError({"body": _("Rate a body of this residential district.")})
    if not estate.path.startswith(period.unit_path):
        raise ValidationError({"estate": _("This residential district is not evaluated in this period.")})
    keys = {"period": period, "estate": estate, "rater": by, "organisation": organisation, "body": body}
    rating, _created = Rating.objects.update_or_create(**keys, defaults={"unit_path": estate.path, "score": value, "comment": comment[:300]})
    return rating


def subjects_of(period: Period) -> list[Subject]:
    """Who the period scores: each property company in each estate it manages (property plans), or each
    estate's active 1+3+N council (supervision)."""
    if period.plan.scores_property:
        from resources.models import Organisation

        through = Organisation.districts.through
        rows = (
            through.objects.filter(
                organisation__kind="property", organisation__is_active=True, unit__kind=UnitKind.DISTRICT, unit__path__startswith=period.unit_path
            )
            .select_related("unit", "organisation")
            .order_by("unit__path", "organisation_id")
        )
        return [Subject((r.unit_id, r.organisation_id), r.unit, r.organisation.name, organisation_id=r.organisation_id) for r in rows]
    from meetings.models import Body

    bodies = Body.objects.filter(kind__code="council", is_active=True, unit_path__startswith=period.unit_path, unit__kind=UnitKind.DISTRICT)
    return [Subject(b.pk, b.unit, b.name, body_id=b.pk) for b in bodies.select_related("unit").order_by("unit_path", "id")]


def _plain(d: Decimal) -> str:
    """60.00 → "60", 2.50 → "2.5"."""
    return f"{d.normalize():f}"


def _source_description(indicator: Indicator) -> str:
    lo, hi = _plain(indicator.low), _plain(indicator.high)
    rule = _("%(lo)s%(u)s scores 0, %(hi)s%(u)s scores 100, linear between") % {"lo": lo, "hi": hi, "u": indicator.unit_label}
    if indicator.source == SourceKind.SURVEY:
        what = _("Mean answer to question %(n)s of the residential district's satisfaction survey of the quarter") % {"n": indicator.survey_question}
    elif indicator.source == SourceKind.RATING:
        what = _("Mean of the ratings by council members and residents' representatives")
    else:
        m = METRICS.get(indicator.metric)
        what = str(m.label) if m else indicator.metric
    return f"{what}; {rule}"[:300]


def _survey_values(indicator, period, subjects) -> dict:
    """{estate id: (mean, answers)}: one grouped query over the estates' satisfaction surveys of the quarter."""
    from surveys.models import Answer

    estate_ids = {s.estate.pk for s in subjects}
    in_quarter = Q(question__survey__opens_at__gte=period.starts, question__survey__opens_at__lt=period.ends) | Q(
        question__survey__opens_at__isnull=True, question__survey__created_at__gte=period.starts, question__survey__created_at__lt=period.ends
    )
    rows = (
        Answer.objects.filter(
            in_quarter,
            question__survey__purpose=SATISFACTION,
            question__survey__unit_path__startswith=period.unit_path,
            question__position=indicator.survey_question,
            number__isnull=False,
        )
        .values("question__survey__unit")
        .annotate(n=Count("id"), mean=Avg("number"))
    )
    return {r["question__survey__unit"]: (_dec(r["mean"]), r["n"]) for r in rows if r["question__survey__unit"] in estate_ids}


def _rating_values(period, property_plan: bool) -> dict:
    keys = ("estate", "organisation") if property_plan else ("body",)
    rows = Rating.objects.filter(period=period).values(*keys).annotate(n=Count("id"), mean=Avg("score"))
    return {(tuple(r[k] for k in keys) if property_plan else r["body"]): (_dec(r["mean"]), r["n"]) for r in rows}


def _dec(v):
    return None if v is None else Decimal(str(v)).quantize(Decimal("0.01"))


def indicator_values(indicator: Indicator, period: Period, subjects: list[Subject]) -> dict:
    """{subject key: (raw value or None, rows counted)} for every subject, from one query."""
    property_plan = period.plan.scores_property
    if not subjects:
        return {}
    if indicator.source == SourceKind.SURVEY:
        by_estate = _survey_values(indicator, period, subjects)
        return {s.key: by_estate.get(s.estate.pk, (None, 0)) for s in subjects}
    if indicator.source == SourceKind.RATING:
        found = _rating_values(period, property_plan)
        return {s.key: found.get(s.key, (None, 0)) for s in subjects}
    m = METRICS.get(indicator.metric)
    if m is None:
        return {s.key: (None, 0) for s in subjects}
    if m.subject == "property":
        estates = list({s.estate.pk: s.estate for s in subjects}.values())
        by_estate = m.fn(period, estates)
        return {s.key: by_estate.get(s.estate.pk, (None, 0)) for s in subjects}
    by_body = m.fn(period, [s.body_id for s in subjects])
    return {s.key: by_body.get(s.key, (None, 0)) for s in subjects}


def weighted_score(lines) -> Decimal | None:
    """Σ weight × score / Σ weight over the lines with data (an indicator without data is left out)."""
    counted = [(w, s) for w, s in lines if s is not None]
    total = sum((w for w, _s in counted), Decimal(0))
    if not total:
        return None
    return (sum((w * s for w, s in counted), Decimal(0)) / total).quantize(Decimal("0.01"))


@transaction.atomic
def period_run(*, period: Period, by=None) -> Period:
    """Compute (again) every subject's score of the period, keeping each indicator's raw value, score,
    weight and source; rank the subjects. Refused once the period is published."""
    if not allowed(period, PeriodState.COMPUTED, "run"):
        raise IllegalTransition(_("The period's scores are published; they are not computed again."))
    plan = period.plan
    indicators = list(plan.indicators.order_by("position"))
    subjects = subjects_of(period)
    period.__dict__.pop("_case_figures", None)  # the case metrics' shared query, kept for this run only
    computed = {ind.pk: indicator_values(ind, period, subjects) for ind in indicators}
    period.__dict__.pop("_case_figures", None)
    sources = {ind.pk: _source_description(ind) for ind in indicators}
    Result.objects.filter(period=period).delete()
    results, lines = [], []
    for s in subjects:
        values = [(ind, *computed[ind.pk].get(s.key, (None, 0))) for ind in indicators]
        scores = [(ind, raw, n, ind.normalise(raw)) for ind, raw, n in values]
        total = weighted_score([(ind.weight, sc) for ind, _raw, _n, sc in scores])
        result = Result(
            period=period, estate=s.estate, unit_path=s.estate.path, organisation_id=s.organisation_id, body_id=s.body_id,
            subject_name=s.name[:100], score=total, below_threshold=total is not None and total < plan.threshold,
        )  # fmt: skip
        results.append(result)
        lines.append(scores)
    _rank(results)
    Result.objects.bulk_create(results)
    IndicatorValue.objects.bulk_create(
        IndicatorValue(result=r, indicator=ind, position=ind.position, name=ind.name, weight=ind.weight, source=sources[ind.pk], raw=raw, samples=n, score=sc)
        for r, scores in zip(results, lines, strict=True)
        for ind, raw, n, sc in scores
    )
    return transition(period, PeriodState.COMPUTED, by, action="run", computed_at=timezone.now())


def _rank(results: list[Result]) -> None:
    """1, 2, 2, 4, ... by score, highest first; a subject without any data has no rank."""
    ordered = sorted((r for r in results if r.score is not None), key=lambda r: -r.score)
    for i, r in enumerate(ordered):
        r.rank = ordered[i - 1].rank if i and r.score == ordered[i - 1].score else i + 1


@transaction.atomic
def period_publish(*, period: Period, by=None) -> Period:
    """Publish the computed scores (residents see their estate's) and open, once per result, a
    rectification action for each score under the plan's threshold."""
    from deliberation.models import ActionOrigin
    from deliberation.services.actions import action_create

    period = transition(period, PeriodState.PUBLISHED, by, action="publish", published_at=timezone.now())
    plan = period.plan
    deadline = timezone.localdate() + datetime.timedelta(days=plan.rectification_days)
    for result in period.results.filter(below_threshold=True, action__isnull=True).select_related("estate"):
        action = action_create(
            unit=result.estate,
            title=_("Rectify: %(subject)s scored %(score)s in %(plan)s %(period)s") % {"subject": result.subject_name, "score": result.score, "plan": plan.name, "period": period.label},
            description=_("The score is under the plan's threshold of %(threshold)s. See its computation on the evaluation result page.") % {"threshold": plan.threshold},
            deadline=deadline, by=by, responsible_unit=result.estate, responsible_name=result.subject_name[:100], origin=ActionOrigin.EVALUATION,
        )  # fmt: skip
        Result.objects.filter(pk=result.pk, action__isnull=True).update(action=action)
    return period
