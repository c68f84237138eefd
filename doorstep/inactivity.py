"""Inactive 睦邻点 (S1.3 合理清退不太活跃的睦邻点), found from the activity record.

A point is inactive when it held fewer than `SERVICES_POINT_MIN_ACTIVITIES` activities (default 3) in the
last `SERVICES_POINT_WINDOW_MONTHS` months (default 3): activities dated from the same day M months ago up
to today count. Both are Django settings (environment variables of the same names). Not judged yet: a
point founded inside the window, and a point that a review kept inside the window (it gets a fresh window).

The daily job only FLAGS such active points, with the figures in the timeline note. It never retires
anything: staff review a flagged point, then retire it (with a reason) or keep it.
"""

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.workflow import IllegalTransition
from doorstep.models import NeighbourhoodPoint, PointState, PointTransition
from doorstep.services.duty import local_midnight
from doorstep.services.points import point_flag


@dataclass(frozen=True)
class Threshold:
    min_activities: int
    window_months: int

    def since(self, today: datetime.date) -> datetime.date:
        return today - relativedelta(months=self.window_months)


def threshold() -> Threshold:
    return Threshold(int(settings.SERVICES_POINT_MIN_ACTIVITIES), int(settings.SERVICES_POINT_WINDOW_MONTHS))


def inactive_points(today: datetime.date, t: Threshold | None = None):
    """Active points below the threshold on `today`, annotated with `recent` (their activities in the window)."""
    t = t or threshold()
    since = t.since(today)
    kept_lately = PointTransition.objects.filter(point=OuterRef("pk"), action="keep", at__gte=local_midnight(since))
    recent = Count("activities", filter=Q(activities__date__gte=since, activities__date__lte=today))
    return (
        NeighbourhoodPoint.objects.filter(state=PointState.ACTIVE)
        .exclude(founded_on__gt=since)
        .exclude(Exists(kept_lately))
        .annotate(recent=recent)
        .filter(recent__lt=t.min_activities)
        .order_by("unit_path", "id")
    )


def flag_note(recent: int, since: datetime.date, today: datetime.date, t: Threshold) -> str:
    return _("%(n)s activities from %(since)s to %(today)s: fewer than %(min)s in %(months)s months.") % {
        "n": recent,
        "since": since.isoformat(),
        "today": today.isoformat(),
        "min": t.min_activities,
        "months": t.window_months,
    }


def flag_inactive_points(*, now: datetime.datetime | None = None) -> list[NeighbourhoodPoint]:
    """Flag every active point below the threshold (each in its own transaction); returns those flagged."""
    today = timezone.localdate(now or timezone.now())
    t = threshold()
    since = t.since(today)
    flagged = []
    for point in inactive_points(today, t):
        try:
            point_flag(point=point, by=None, note=flag_note(point.recent, since, today, t))
        except IllegalTransition:  # its state changed since the query (a reviewer acted): leave it
            continue
        flagged.append(point)
    return flagged


def job(now) -> str:
    """The daily job (doorstep/jobs.py)."""
    done = flag_inactive_points(now=now)
    return "\n".join([f"{len(done)} inactive neighbourhood points flagged"] + [f"  {p.pk} {p.name}: {p.recent}" for p in done])
