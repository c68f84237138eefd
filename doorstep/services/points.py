"""The life of a 睦邻点 (S1.3): proposed → approved (active) or declined; active → flagged (too few
activities, by the daily job in doorstep/inactivity.py, or by staff) → under review → retired (with a
reason) or kept. Every step goes through core.workflow, so it lands on the point's timeline; an illegal
step raises IllegalTransition and changes nothing. Activities, supervision visits, development records
and the yearly star rating are recorded here too. Permissions are checked at the edge.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.workflow import IllegalTransition, begin, record, transition
from doorstep import rating as r
from doorstep.models import NeighbourhoodPoint, PointActivity, PointRecord, PointRecordKind, PointState, StarRating, SupervisionVisit
from doorstep.rules import point_has_run, point_is_active, point_takes_records
from doorstep.workflow import RECORDING_STATES  # noqa: F401  (the views read it here)
from org.models import Unit, UnitKind

P = PointState


def _reason(text: str, field: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({field: message})
    return text


def _check_period(start, end):
    if start and end and end < start:
        raise ValidationError({"project_end": _("The project must end after it starts.")})


@transaction.atomic
def point_propose(
    *,
    by,
    name: str,
    unit: Unit,
    host_name: str,
    address: str,
    theme: str,
    host=None,
    lat=None,
    lng=None,
    operator=None,
    project_start: datetime.date | None = None,
    project_end: datetime.date | None = None,
    note: str = "",
) -> NeighbourhoodPoint:
    """拟新建: a new point, proposed for approval, on its 居民区."""
    if unit.kind != UnitKind.DISTRICT:
        raise ValidationError({"unit": _("A neighbourhood point belongs to a residential district.")})
    _check_period(project_start, project_end)
    point = NeighbourhoodPoint(
        name=(name or "").strip(),
        unit=unit,
        unit_path=unit.path,
        host_name=(host_name or "").strip(),
        host=host,
        address=(address or "").strip(),
        lat=lat,
        lng=lng,
        theme=(theme or "").strip(),
        operator=operator,
        project_start=project_start,
        project_end=project_end,
        state=P.PROPOSED,
    )
    point.full_clean(exclude=["unit_path"])
    point.save()
    begin(point, by=by, action="propose", note=note)
    return point


EDITABLE = ("name", "host_name", "host", "address", "lat", "lng", "theme", "operator", "project_start", "project_end")


@transaction.atomic
def point_update(*, point: NeighbourhoodPoint, by, **changes) -> NeighbourhoodPoint:
    """Registry details (not the state, not the unit)."""
    point = NeighbourhoodPoint.objects.select_for_update().get(pk=point.pk)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    for name, value in changes.items():
        setattr(point, name, value.strip() if isinstance(value, str) else value)
    _check_period(point.project_start, point.project_end)
    point.full_clean(exclude=["unit_path"])
    point.save(update_fields=[*changes, "updated_at"])
    return point


@transaction.atomic
def point_approve(*, point: NeighbourhoodPoint, by, note: str = "") -> NeighbourhoodPoint:
    today = timezone.localdate()
    return transition(point, P.ACTIVE, by, note, action="approve", founded_on=lambda p: p.founded_on or today)


@transaction.atomic
def point_decline(*, point: NeighbourhoodPoint, by, reason: str) -> NeighbourhoodPoint:
    reason = _reason(reason, "reason", _("Give the reason for not approving the point."))
    return transition(point, P.DECLINED, by, reason, action="decline")


@transaction.atomic
def point_flag(*, point: NeighbourhoodPoint, by=None, note: str = "") -> NeighbourhoodPoint:
    """Flag an active point as not active enough (the daily job, or staff with a note); nothing is retired."""
    if by is not None:
        note = _reason(note, "note", _("Say why the point is flagged."))
    return transition(point, P.FLAGGED, by, note, action="flag")


@transaction.atomic
def point_review(*, point: NeighbourhoodPoint, by, note: str = "") -> NeighbourhoodPoint:
    """清退审核: a reviewer takes up a flagged point."""
    return transition(point, P.UNDER_REVIEW, by, note, action="review")


@transaction.atomic
def point_keep(*, point: NeighbourhoodPoint, by, note: str = "") -> NeighbourhoodPoint:
    """The review finds the point alive: back to active."""
    note = _reason(note, "note", _("Say why the point is kept."))
    return transition(point, P.ACTIVE, by, note, action="keep")


@transaction.atomic
def point_retire(*, point: NeighbourhoodPoint, by, reason: str) -> NeighbourhoodPoint:
    """清退, only after the review step (the workflow allows it from under_review alone)."""
    reason = _reason(reason, "reason", _("Give the reason for retiring the point."))
    return transition(point, P.RETIRED, by, reason, action="retire", retired_on=timezone.localdate(), is_model=False)


@transaction.atomic
def point_set_model(*, point: NeighbourhoodPoint, by, is_model: bool, note: str = "") -> NeighbourhoodPoint:
    """示范睦邻点: a flag reviewers set on an active point (and take off); it goes on the timeline."""
    point = NeighbourhoodPoint.objects.select_for_update().get(pk=point.pk)
    if is_model and not point_is_active(by, point):
        raise IllegalTransition(_("Only an active point can be a model point."))
    if point.is_model == is_model:
        return point
    point.is_model = is_model
    point.save(update_fields=["is_model", "updated_at"])
    record(point, point.workflow, action="model" if is_model else "unmodel", from_state=point.state, to_state=point.state, by=by, note=(note or "").strip())
    return point


def _recording(point: NeighbourhoodPoint):
    if not point_takes_records(None, point):
        raise IllegalTransition(_("A point that is %(state)s takes no new records.") % {"state": point.get_state_display()})


def _not_future(day: datetime.date, field: str = "date"):
    if day > timezone.localdate():
        raise ValidationError({field: _("The date cannot be in the future.")})


@transaction.atomic
def activity_record(*, point: NeighbourhoodPoint, by, date: datetime.date, title: str, attendance: int, notes: str = "") -> PointActivity:
    _recording(point)
    _not_future(date)
    if attendance is None or attendance < 0:
        raise ValidationError({"attendance": _("Give the number of people who came.")})
    title = _reason(title, "title", _("Give the activity a title."))
    return PointActivity.objects.create(point=point, date=date, title=title, attendance=attendance, notes=(notes or "").strip(), recorded_by=by)


@transaction.atomic
def visit_record(*, point: NeighbourhoodPoint, by, date: datetime.date, findings: str, suggestions: str = "", score: int | None = None) -> SupervisionVisit:
    """实地督导 with its findings and a score of 0-100."""
    _recording(point)
    _not_future(date)
    if score is not None and not 0 <= score <= 100:
        raise ValidationError({"score": _("A score is between 0 and 100.")})
    findings = _reason(findings, "findings", _("Write down what the visit found."))
    return SupervisionVisit.objects.create(point=point, date=date, visitor=by, findings=findings, suggestions=(suggestions or "").strip(), score=score)


@transaction.atomic
def development_record(*, point: NeighbourhoodPoint, by, kind: str, date: datetime.date, title: str, notes: str = "", survey=None) -> PointRecord:
    """Training, case exchange, showcase, or a needs survey (with the survey it used)."""
    _recording(point)
    if kind not in PointRecordKind.values:
        raise ValidationError({"kind": _("Choose a kind of record.")})
    if survey is not None and kind != PointRecordKind.SURVEY:
        raise ValidationError({"survey": _("Only a needs survey links a survey.")})
    title = _reason(title, "title", _("Give the record a title."))
    return PointRecord.objects.create(point=point, kind=kind, date=date, title=title, notes=(notes or "").strip(), survey=survey)


def _clean_scores(scores: dict) -> dict[str, str]:
    clean, errors = {}, {}
    for c in r.CRITERIA:
        raw = scores.get(c.code)
        try:
            value = Decimal(str(raw)).quantize(r.ONE_PLACE)
        except (InvalidOperation, TypeError, ValueError):
            errors[c.code] = _("Give a score from 0 to %(max)s.") % {"max": c.points}
            continue
        if not Decimal(0) <= value <= c.points:
            errors[c.code] = _("Give a score from 0 to %(max)s.") % {"max": c.points}
            continue
        clean[c.code] = str(value)
    if errors:
        raise ValidationError(errors)
    return clean


@transaction.atomic
def point_rate(*, point: NeighbourhoodPoint, by, year: int, scores: dict, note: str = "") -> StarRating:
    """星级评选 for one year: the criteria scores are kept, the total is their sum, the stars follow from the
    thresholds. Rating the same year again replaces that year's rating (one per point and year)."""
    point = NeighbourhoodPoint.objects.select_for_update().get(pk=point.pk)
    if not point_has_run(by, point):
        raise IllegalTransition(_("Only a point that has run can be rated."))
    if not 2000 <= year <= timezone.localdate().year:
        raise ValidationError({"year": _("Choose a year that has begun.")})
    clean = _clean_scores(scores)
    total = r.total_of(clean)
    stars = r.stars_for(total)
    existing = StarRating.objects.filter(point=point, year=year).first()
    if existing is None:
        try:
            with transaction.atomic():
                rating = StarRating.objects.create(point=point, year=year, scores=clean, total=total, stars=stars, rated_by=by)
        except IntegrityError as e:  # another reviewer rated the same year a moment ago
            raise ValidationError({"year": _("This year has just been rated; reload the page.")}) from e
    else:
        existing.scores, existing.total, existing.stars, existing.rated_by = clean, total, stars, by
        existing.save(update_fields=["scores", "total", "stars", "rated_by"])
        rating = existing
    summary = _("%(year)s: %(stars)s stars (%(total)s points)") % {"year": year, "stars": stars, "total": total}
    note = (note or "").strip()
    record(point, point.workflow, action="rate", from_state=point.state, to_state=point.state, by=by, note=f"{summary}\n{note}" if note else summary)
    return rating
