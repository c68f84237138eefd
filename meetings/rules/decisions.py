"""Named rules: the agenda, decisions, votes and minutes (see meetings/rules/__init__.py).

A body's members act on its meetings by being members (`Membership.objects.current()` with their account),
whatever their role in the tree: a resident on the owners' committee proposes items and votes on their phone.
Staff holding MANAGE_BODY at the body's unit run the meeting: they order the agenda, open and close votes,
record a present member's vote, draft and publish minutes. The chair (the current membership with role chair)
approves the minutes; a body with no chair holding an account has them approved by MANAGE_BODY staff.
Quorum and double votes are the services' checks (`meetings.services.decisions`), which need their own message.
"""

from accounts.roles import MANAGE_BODY
from accounts.rules import holds, object_predicate
from meetings.models import Meeting, MemberRole, Membership
from meetings.workflow import DecisionState, MeetingState, MinutesState


def meeting_of(obj) -> Meeting:
    """The meeting an agenda item, decision, minutes or attachment belongs to (the object itself for a meeting)."""
    return obj if isinstance(obj, Meeting) else obj.meeting


def body_id_of(obj) -> int:
    if isinstance(obj, Meeting):
        return obj.body_id
    meeting = getattr(obj, "meeting", None)
    return meeting.body_id if meeting is not None else obj.body_id


def current_membership(user, obj, *, role: str | None = None) -> Membership | None:
    """The user's current membership of the body behind `obj` (with `role` when given), or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    qs = Membership.objects.current().filter(body_id=body_id_of(obj), user=user)
    if role:
        qs = qs.filter(role=role)
    return qs.select_related("seat").first()


@object_predicate
def is_body_member(user, obj) -> bool:
    """A current member of the body whose meeting this is."""
    return current_membership(user, obj) is not None


@object_predicate
def is_body_chair(user, obj) -> bool:
    """The body's current chair (召集人/主持人)."""
    return current_membership(user, obj, role=MemberRole.CHAIR) is not None


@object_predicate
def is_body_secretary(user, obj) -> bool:
    """The body's current secretary (记录人)."""
    return current_membership(user, obj, role=MemberRole.SECRETARY) is not None


@object_predicate
def body_has_no_chair(user, obj) -> bool:
    """No current chair with an account: the minutes are then approved by MANAGE_BODY staff."""
    return not Membership.objects.current().filter(body_id=body_id_of(obj), role=MemberRole.CHAIR, user__isnull=False).exists()


@object_predicate
def meeting_is_live(user, obj) -> bool:
    """Planned or in session: its agenda may still change."""
    return meeting_of(obj).state in (MeetingState.PLANNED, MeetingState.OPEN)


@object_predicate
def meeting_is_in_session(user, obj) -> bool:
    return meeting_of(obj).state == MeetingState.OPEN


@object_predicate
def decision_is_voting(user, decision) -> bool:
    return decision.state == DecisionState.VOTING


@object_predicate
def minutes_is_draft(user, minutes) -> bool:
    return minutes.state == MinutesState.DRAFT


@object_predicate
def minutes_is_approved(user, minutes) -> bool:
    return minutes.state == MinutesState.APPROVED


manages_body = holds(MANAGE_BODY)

RULES = {
    # on a meeting
    "meetings.propose_item": (is_body_member | manages_body) & meeting_is_live,
    "meetings.order_agenda": (manages_body | is_body_chair) & meeting_is_live,
    "meetings.open_vote": (manages_body | is_body_chair) & meeting_is_in_session,
    "meetings.draft_minutes": manages_body | is_body_secretary | is_body_chair,
    "meetings.attach_file": manages_body | is_body_secretary | is_body_chair,
    # on an agenda item
    "meetings.note_item": (manages_body | is_body_secretary | is_body_chair) & meeting_is_in_session,
    # on a decision
    "meetings.cast_vote": is_body_member & decision_is_voting,
    "meetings.record_vote": manages_body & decision_is_voting,
    "meetings.close_vote": (manages_body | is_body_chair) & decision_is_voting,
    # on minutes
    "meetings.approve_minutes": (is_body_chair | (body_has_no_chair & manages_body)) & minutes_is_draft,
    "meetings.publish_minutes": (manages_body | is_body_chair) & minutes_is_approved,
}
