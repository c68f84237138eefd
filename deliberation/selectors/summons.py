"""Reads for 约请: what a user may see (staff by scope, members the summonses of the seats they hold), the inbox's
boxes (received, sent, escalated to me, all in my scope), one summons's thread and timeline, and the bodies and seats
the send form offers. Lists in constant queries."""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from accounts.models import RoleAssignment
from accounts.roles import MANAGE_BODY, VIEW_BODY
from accounts.scope import scope_paths
from deliberation.models import Summons
from deliberation.rules.summons import seats_held_q
from deliberation.workflow import SummonsState
from meetings.models import Body, Membership

ACTION_LABELS = {
    "create": gettext_lazy("约请 sent"),
    "answer": gettext_lazy("Answered with a date"),
    "schedule": gettext_lazy("Meeting scheduled"),
    "escalate": gettext_lazy("Escalated"),
    "meet": gettext_lazy("Met"),
    "withdraw": gettext_lazy("Withdrawn"),
}
BOXES = {
    "received": gettext_lazy("Received"),
    "sent": gettext_lazy("Sent"),
    "escalated": gettext_lazy("Escalated to me"),
    "all": gettext_lazy("All in my area"),
}
ESCALATION_ROLES = ("committee_secretary", "area_manager", "subdistrict_admin")
SUMMONS_RELATED = ("body", "from_seat", "to_seat", "escalated_to", "meeting", "requested_by")


def paths_q(paths, field: str = "unit_path") -> Q | None:
    if not paths:
        return None
    q = Q()
    for p in paths:
        q |= Q(**{f"{field}__startswith": p})
    return q


def escalated_to_me_q(user) -> Q:
    """Summonses escalated to a unit where the user is its party secretary, its 片区 manager (or the subdistrict's
    administrator)."""
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    units = RoleAssignment.objects.filter(user=user, role__in=ESCALATION_ROLES).values("unit_id")
    return Q(escalation_level__gt=0, escalated_to_id__in=units)


def summonses_visible(user):
    """Summonses in the user's scope (meetings.view_body), and those of the seats the user holds now."""
    own = seats_held_q(user, "from_seat") | seats_held_q(user, "to_seat")
    scope = paths_q(scope_paths(user, VIEW_BODY))
    return Summons.objects.filter(own | scope if scope is not None else own)


def summons_box(user, box: str):
    """One box of the inbox, newest first, with what its rows show (one query)."""
    if box == "received":
        qs = Summons.objects.filter(seats_held_q(user, "to_seat"))
    elif box == "sent":
        qs = Summons.objects.filter(seats_held_q(user, "from_seat") | Q(requested_by=user))
    elif box == "escalated":
        qs = Summons.objects.filter(escalated_to_me_q(user))
    else:
        qs = summonses_visible(user)
    return qs.select_related(*SUMMONS_RELATED).order_by("-created_at", "-id")


def default_box(user) -> str:
    if Summons.objects.filter(escalated_to_me_q(user), state=SummonsState.SENT).exists():
        return "escalated"
    return "all" if scope_paths(user, VIEW_BODY) is not None else "received"


def unanswered_for(user):
    """The summonses waiting for an answer from a seat the user holds (the work item and the resident's reminder)."""
    return Summons.objects.filter(seats_held_q(user, "to_seat"), state=SummonsState.SENT)


def summons_timeline(summons: Summons) -> list[dict]:
    wf = summons.workflow
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
        for t in summons.transitions.select_related("by").order_by("at", "id")
    ]


def summons_thread(summons: Summons) -> dict:
    """The meeting the summons led to and its decision on the summons's item, if any."""
    decision = None
    if summons.item_id is not None:
        from meetings.models import Decision

        decision = Decision.objects.filter(item_id=summons.item_id).first()
    holders = {m.seat_id: m for m in Membership.objects.current().filter(seat_id__in=[summons.from_seat_id, summons.to_seat_id]).select_related("user")}
    return {
        "meeting": summons.meeting,
        "decision": decision,
        "from_holder": holders.get(summons.from_seat_id),
        "to_holder": holders.get(summons.to_seat_id),
        "overdue": summons.state == SummonsState.SENT and summons.answer_due_at < timezone.now(),
    }


def bodies_for_summons(user):
    """The active bodies the user may summon on: those where they hold a seat now, and those they manage."""
    member_of = Membership.objects.current().filter(user=user).values("body_id") if getattr(user, "is_authenticated", False) else []
    scope = paths_q(scope_paths(user, MANAGE_BODY))
    q = Q(pk__in=member_of)
    if scope is not None:
        q |= scope
    return Body.objects.filter(q, is_active=True).select_related("unit").order_by("unit_path", "id")


def seats_for_summons(user, body):
    """(the seats the user may summon for, the seats of the body that can be summoned): staff managing the body act for
    any seat; a member for the seat they hold."""
    seats = list(body.seats.filter(is_active=True).order_by("order", "id"))
    from accounts.scope import has_perm_at

    if has_perm_at(user, MANAGE_BODY, body.unit_path):
        own = seats
    else:
        held = set(Membership.objects.current().filter(body=body, user=user).values_list("seat_id", flat=True))
        own = [s for s in seats if s.pk in held]
    filled = set(Membership.objects.current().filter(body=body).values_list("seat_id", flat=True))
    return own, [s for s in seats if s.pk in filled]
