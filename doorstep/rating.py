"""星级评选: the yearly star rating of a 睦邻点, as data.

Each criterion is worth `points` of the 100; a suggested score is computed from the year's records
(`measure` gives a fraction 0..1 of the criterion's points, or None when the records say nothing, e.g. no
survey answered), staff may change any score, and the stars follow from the total by `STAR_THRESHOLDS`.
The scores are kept with the rating (StarRating.scores), so a rating can be explained years later.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, ExpressionWrapper, F, FloatField, Sum
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Criterion:
    code: str
    label: str
    points: int  # the criterion's weight: its share of the 100
    basis: str  # how the suggestion is computed, shown beside the score
    measure: Callable  # (point, year) -> fraction 0..1 or None


def _activities(point, year):
    return point.activities.filter(date__year=year)


def activity_frequency(point, year, full_at=24):
    """Activities in the year; twice a month (24) earns full marks."""
    return min(1.0, _activities(point, year).count() / full_at)


def participation(point, year, full_at=15):
    """Average attendance per activity; 15 people earns full marks."""
    row = _activities(point, year).aggregate(n=Count("id"), people=Sum("attendance"))
    return min(1.0, (row["people"] or 0) / row["n"] / full_at) if row["n"] else 0.0


def satisfaction(point, year):
    """Residents' answers to scale questions of the surveys recorded for the point this year, as a share
    of each scale's maximum; None when nobody answered one."""
    from surveys.models import Answer, QuestionKind

    surveys = point.records.filter(date__year=year, survey__isnull=False).values("survey_id")
    share = ExpressionWrapper(F("number") * 1.0 / F("question__scale_max"), output_field=FloatField())
    row = Answer.objects.filter(question__survey_id__in=surveys, question__kind=QuestionKind.SCALE, number__isnull=False).aggregate(avg=Avg(share))
    return None if row["avg"] is None else max(0.0, min(1.0, row["avg"]))


def supervision(point, year):
    """Average score of the year's supervision visits (0-100); None without a scored visit."""
    avg = point.visits.filter(date__year=year, score__isnull=False).aggregate(avg=Avg("score"))["avg"]
    return None if avg is None else max(0.0, min(1.0, float(avg) / 100))


def development_records(point, year, kinds=4):
    """Kinds of development record kept this year (training, case exchange, showcase, needs survey)."""
    return min(1.0, point.records.filter(date__year=year).values("kind").distinct().count() / kinds)


CRITERIA = [
    Criterion("activity", _("Activity frequency"), 30, _("activities in the year; 24 (twice a month) for full marks"), activity_frequency),
    Criterion("participation", _("Attendance"), 20, _("average attendance per activity; 15 for full marks"), participation),
    Criterion("satisfaction", _("Resident satisfaction"), 20, _("scale answers of the point's surveys this year"), satisfaction),
    Criterion("supervision", _("Supervision score"), 20, _("average score of this year's supervision visits"), supervision),
    Criterion("records", _("Development records"), 10, _("kinds of development record kept this year, of 4"), development_records),
]
CRITERIA_BY_CODE = {c.code: c for c in CRITERIA}

# (lowest total, stars), highest first
STAR_THRESHOLDS = [(90, 5), (75, 4), (60, 3), (40, 2), (0, 1)]

ONE_PLACE = Decimal("0.1")


def suggest(point, year: int) -> dict[str, Decimal | None]:
    """The score each criterion's measure suggests from the year's records (None: no basis, staff decide)."""
    out = {}
    for c in CRITERIA:
        fraction = c.measure(point, year)
        out[c.code] = None if fraction is None else (Decimal(str(fraction)) * c.points).quantize(ONE_PLACE, ROUND_HALF_UP)
    return out


def total_of(scores: dict) -> Decimal:
    return sum((Decimal(str(scores.get(c.code) or 0)) for c in CRITERIA), Decimal(0)).quantize(ONE_PLACE, ROUND_HALF_UP)


def stars_for(total) -> int:
    total = Decimal(str(total))
    return next(stars for lowest, stars in STAR_THRESHOLDS if total >= lowest)


def default_year(today: datetime.date) -> int:
    """Ratings are made for the year just ended until the end of March, then for the current year."""
    return today.year - 1 if today.month <= 3 else today.year
