"""The periodic work of the matching catalogue (`JOBS` below, run by core.periodic): thin, each job one or two
statements whatever the number of resources.

- `recount_asked`: Resource.asked = matches proposed to it in the last RESOURCES_ASKED_DAYS days (the score
  prefers resources asked less; proposing adds one at once, this lets old proposals age out), in ONE
  UPDATE with a correlated subquery.
- `repair_counters`: Resource.committed (agreed, not yet served) and Resource.served (services given) are
  kept by the services in the same transaction as the match; this daily check recounts them from the
  matches and the service records, logs any drift it finds, and repairs it (one SELECT, one UPDATE)."""

import datetime
import logging

from django.conf import settings
from django.db.models import Count, F, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce, Least

from core.periodic import Job
from resources.models import Match, MatchState, Resource, ServiceRecord

log = logging.getLogger("resources.jobs")
LOGGED = 50  # drifted rows logged one by one; past that, a count


def _count(qs, key: str):
    """A correlated COUNT of `qs` rows whose `key` is the outer resource, 0 when none."""
    sub = qs.filter(**{key: OuterRef("pk")}).order_by().values(key).annotate(n=Count("id")).values("n")
    return Coalesce(Subquery(sub, output_field=IntegerField()), 0)


def recount_asked(now: datetime.datetime) -> str:
    days = int(settings.RESOURCES_ASKED_DAYS)
    since = now - datetime.timedelta(days=days)
    n = Resource.objects.update(asked=_count(Match.objects.filter(created_at__gte=since), "resource"))
    return f"{n} resources: asked recounted over the last {days} days"


def _agreed():
    return _count(Match.objects.filter(state=MatchState.AGREED), "resource")


def _given():
    return _count(ServiceRecord.objects.all(), "match__resource")


def repair_counters(now: datetime.datetime) -> str:
    drifted = list(
        Resource.objects.annotate(true_committed=_agreed(), true_served=_given())
        .exclude(committed=F("true_committed"), served=F("true_served"))
        .order_by("id")
        .values_list("id", "name", "committed", "true_committed", "served", "true_served", "capacity_per_period")
    )
    if not drifted:
        return "resource counters: no drift"
    for rid, name, committed, true_committed, served, true_served, cap in drifted[:LOGGED]:
        log.warning(
            "resource %s (%s): committed %s, counted %s%s; served %s, counted %s",
            rid, name, committed, true_committed, f" (more than the {cap} per period: kept at {cap})" if true_committed > cap else "",
            served, true_served,
        )  # fmt: skip
    if len(drifted) > LOGGED:
        log.warning("resource counters: %s more resources drifted", len(drifted) - LOGGED)
    Resource.objects.filter(pk__in=[r[0] for r in drifted]).update(committed=Least(_agreed(), F("capacity_per_period")), served=_given())
    return f"resource counters: {len(drifted)} resources repaired"


# The resource libraries' periodic jobs (core.periodic).
JOBS = [
    Job("resources.recount_asked", 86400, recount_asked),  # asked = proposals in the last RESOURCES_ASKED_DAYS days
    Job("resources.repair_counters", 86400, repair_counters),  # committed/served recounted from matches and records; drift logged
]
