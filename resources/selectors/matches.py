"""Reads for matches, agreements and service records: what a user may see (staff by scope, a talent their
own), a match's timeline, the free slots of a shared space, rating figures. Lists in constant queries."""

import datetime

from django.db.models import Avg, Count, F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy

from accounts.roles import VIEW_RESOURCE
from accounts.scope import scope_paths
from doorstep.models import Slot
from resources.models import Match, MatchRound, ResourceKind, ServiceRecord

ACTION_LABELS = {
    "create": gettext_lazy("Proposed for the need"),
    "agree": gettext_lazy("Agreement made"),
    "decline": gettext_lazy("Declined"),
    "cancel": gettext_lazy("Cancelled"),
    "serve": gettext_lazy("Service recorded"),
    "requester_feedback": gettext_lazy("Requester's feedback"),
    "provider_feedback": gettext_lazy("Provider's feedback"),
}
MATCH_RELATED = ("need__unit", "resource__talent", "resource__organisation", "round", "booking__slot")
SLOT_DAYS = 30
SLOT_LIMIT = 40


def _in_scope(user, perm: str, field: str = "unit_path") -> Q | None:
    paths = scope_paths(user, perm)
    if not paths:
        return None
    q = Q()
    for p in paths:
        q |= Q(**{f"{field}__startswith": p})
    return q


def matches_visible(user):
    """Matches in the user's scope (resources.view_resource), and those offered by the user as a talent."""
    own = Q(resource__talent__user=user) if getattr(user, "is_authenticated", False) else Q(pk__in=[])
    scope = _in_scope(user, VIEW_RESOURCE)
    return Match.objects.filter(own | scope if scope is not None else own)


def records_visible(user):
    own = Q(match__resource__talent__user=user) if getattr(user, "is_authenticated", False) else Q(pk__in=[])
    scope = _in_scope(user, VIEW_RESOURCE)
    return ServiceRecord.objects.filter(own | scope if scope is not None else own)


def match_list(qs):
    return qs.select_related(*MATCH_RELATED).order_by("-created_at", "-id")


def record_list(qs):
    return qs.select_related("match__need__unit", "match__resource", "recorded_by").order_by("-served_on", "-id")


def rounds_visible(user):
    return MatchRound.objects.for_user(user, VIEW_RESOURCE).order_by("-created_at", "-id")


def match_timeline(match: Match) -> list[dict]:
    wf = match.workflow
    return [
        {
            "at": t.at,
            "code": t.action,
            "action": ACTION_LABELS.get(t.action, t.action),
            "from": wf.label(t.from_state) if t.from_state else "",
            "to": wf.label(t.to_state),
            "by": str(t.by) if t.by_id else "",
            "note": t.note,
        }
        for t in match.transitions.select_related("by").order_by("at", "id")
    ]


def free_slots(match: Match, now=None) -> list[Slot]:
    """The upcoming slots of a shared space's room with a place left (the next SLOT_DAYS days)."""
    res = match.resource
    if res.kind != ResourceKind.SPACE or res.space_id is None:
        return []
    now = now or timezone.now()
    horizon = now + datetime.timedelta(days=SLOT_DAYS)
    qs = Slot.objects.filter(room_id=res.space.room_id, start__gt=now, start__lt=horizon, is_cancelled=False, booked__lt=F("capacity"))
    return list(qs.select_related("room").order_by("start", "id")[:SLOT_LIMIT])


def rating_figures(qs) -> dict:
    """How many records, and the average rating of each side (None when nobody rated), in one query."""
    return qs.order_by().aggregate(
        count=Count("id"),
        requester=Avg("requester_rating"),
        provider=Avg("provider_rating"),
        people=Sum("people_served"),
    )


def my_matches(user):
    """A talent's own matches, newest first, with their records (two queries)."""
    return (
        Match.objects.filter(resource__talent__user=user)
        .select_related("need__unit", "resource__talent", "booking__slot")
        .prefetch_related("records")
        .order_by("-created_at", "-id")
    )
