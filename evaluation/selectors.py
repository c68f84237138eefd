"""Reads of the evaluation: scoped periods and results with what their pages show, the ranking, the trend
over quarters, and the published results a resident sees for their estate."""

from django.db.models import Count, Prefetch

from accounts.roles import VIEW_EVALUATION
from evaluation.models import IndicatorValue, Period, PeriodState, Plan, Result


def plans_for_user(user):
    return Plan.objects.for_user(user, VIEW_EVALUATION).annotate(n_indicators=Count("indicators"))


def periods_for_user(user):
    return (
        Period.objects.for_user(user, VIEW_EVALUATION)
        .select_related("plan", "unit")
        .annotate(n_results=Count("results"))
        .order_by("-year", "-quarter", "plan_id", "id")
    )


def period_results(period, user):
    """The period's results in the user's scope, best first, with their subject."""
    return (
        Result.objects.for_user(user, VIEW_EVALUATION)
        .filter(period=period)
        .select_related("estate", "organisation", "body", "action")
        .order_by("rank", "estate__path", "id")
    )


def result_with_values(qs):
    return qs.select_related("period__plan", "period__unit", "estate", "organisation", "body", "action").prefetch_related(
        Prefetch("values", queryset=IndicatorValue.objects.order_by("position"))
    )


def ranking_data(period, user) -> dict:
    """The ranking chart's data: subjects (estate · company) and scores, best first."""
    rows = period_results(period, user).filter(score__isnull=False)
    return {
        "names": [f"{r.estate.name} · {r.subject_name}" for r in rows],
        "scores": [float(r.score) for r in rows],
        "threshold": float(period.plan.threshold),
    }


def trend_data(plan, user, limit: int = 8) -> dict:
    """Each estate's score over the plan's last `limit` quarters in the user's scope (one line per estate),
    and the mean of all estates per quarter."""
    rows = list(
        Result.objects.for_user(user, VIEW_EVALUATION)
        .filter(period__plan=plan, score__isnull=False)
        .values_list("period__year", "period__quarter", "estate__name", "subject_name", "score")
        .order_by("period__year", "period__quarter")
    )
    quarters = sorted({(y, q) for y, q, *_ in rows})[-limit:]
    labels = [f"{y}Q{q}" for y, q in quarters]
    index = {yq: i for i, yq in enumerate(quarters)}
    series: dict[str, list] = {}
    sums = [[0.0, 0] for _ in quarters]
    for y, q, estate, subject, score in rows:
        if (y, q) not in index:
            continue
        i = index[(y, q)]
        line = series.setdefault(f"{estate} · {subject}", [None] * len(quarters))
        line[i] = float(score)
        sums[i][0] += float(score)
        sums[i][1] += 1
    means = [round(s / n, 2) if n else None for s, n in sums]
    return {"quarters": labels, "series": [{"name": k, "data": v} for k, v in sorted(series.items())], "mean": means}


def published_for_resident(user):
    """The published results of the estates the user lives in (the resident front)."""
    from people.models import Resident

    paths = set()
    homes = list(Resident.objects.filter(user=user).values_list("unit_path", flat=True))
    homes += list(user.role_assignments.filter(role="resident").values_list("unit_path", flat=True))
    for path in homes:
        parts = path.split(".")[:-1]
        paths.update(".".join(parts[:i]) + "." for i in range(1, len(parts) + 1))
    if not paths:
        return Result.objects.none()
    return (
        Result.objects.filter(unit_path__in=paths, period__state=PeriodState.PUBLISHED)
        .select_related("period__plan", "estate")
        .order_by("-period__year", "-period__quarter", "period__plan_id", "id")
    )
