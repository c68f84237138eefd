"""Named rules: 约请 (summons).

A summons is seen by staff holding `meetings.view_body` over its body, and by the current holders of the two seats
it joins (the summoning and the summoned party: members on the resident front see their own summonses). The
summoned party answers (or staff holding `meetings.manage_body` for it); the summoning party or staff schedule the
meeting, mark it met or withdraw the summons. Sending one on a body needs a current seat on that body or
`meetings.manage_body` over it (the service then checks the seat named is the sender's own or staff's)."""

from django.db.models import Q

from accounts.roles import MANAGE_BODY, VIEW_BODY
from accounts.rules import holds, object_predicate
from deliberation.workflow import SummonsState


def holds_seat(user, seat_id) -> bool:
    """Whether `user` is the current holder of the seat `seat_id`."""
    from meetings.models import Membership

    if not getattr(user, "is_authenticated", False) or seat_id is None:
        return False
    return Membership.objects.current().filter(seat_id=seat_id, user=user).exists()


@object_predicate
def holds_summoning_seat(user, summons) -> bool:
    return holds_seat(user, summons.from_seat_id)


@object_predicate
def holds_summoned_seat(user, summons) -> bool:
    return holds_seat(user, summons.to_seat_id)


@object_predicate
def sits_on_body(user, body) -> bool:
    from meetings.models import Membership

    return getattr(user, "is_authenticated", False) and Membership.objects.current().filter(body=body, user=user).exists()


@object_predicate
def summons_awaits_answer(user, summons) -> bool:
    return summons.state == SummonsState.SENT


@object_predicate
def summons_is_answered(user, summons) -> bool:
    return summons.state == SummonsState.ANSWERED


@object_predicate
def summons_is_open(user, summons) -> bool:
    return summons.state in (SummonsState.SENT, SummonsState.ANSWERED)


manages_summons = holds(MANAGE_BODY)
sees_summons = holds(VIEW_BODY) | holds_summoning_seat | holds_summoned_seat

RULES = {
    "deliberation.view_summons": sees_summons,
    "deliberation.send_summons": sits_on_body | holds(MANAGE_BODY),  # on a body
    "deliberation.answer_summons": summons_awaits_answer & (holds_summoned_seat | manages_summons),
    "deliberation.schedule_summons": summons_is_answered & (holds_summoning_seat | manages_summons),
    "deliberation.meet_summons": summons_is_answered & (holds_summoning_seat | manages_summons),
    "deliberation.withdraw_summons": summons_is_open & (holds_summoning_seat | manages_summons),
}


def seats_held_q(user, field: str) -> Q:
    """Q for rows whose `field` (a seat) is one the user holds now; nothing for a visitor."""
    from meetings.models import Membership

    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    return Q(**{f"{field}__in": Membership.objects.current().filter(user=user).values("seat_id")})
