"""Named rules: bodies, members and meetings (see meetings/rules/__init__.py).

Staff rights come from roles (`meetings.view_body`, `meetings.manage_body` held at a unit cover its subtree);
members' rights from being a current member of the body (`is_body_member`, `is_chair`): a resident on the
owners' committee seat sees their body's meetings and signs in without any staff role."""

from accounts.roles import MANAGE_BODY, VIEW_BODY
from accounts.rules import holds, object_predicate
from meetings.workflow import MeetingState


def body_of(obj):
    """The body of a body, a meeting, a seat or a membership."""
    from meetings.models import Body

    return obj if isinstance(obj, Body) else obj.body


def _membership(user, obj, **extra):
    from meetings.models import Membership

    if not getattr(user, "is_authenticated", False):
        return None
    return Membership.objects.current().filter(body_id=body_of(obj).pk, user=user, **extra).first()


@object_predicate
def is_body_member(user, obj) -> bool:
    """A current member of the body (of the body of a meeting, seat or membership)."""
    return _membership(user, obj) is not None


@object_predicate
def is_chair(user, obj) -> bool:
    """The body's current chair (召集人)."""
    return _membership(user, obj, role="chair") is not None


@object_predicate
def meeting_is_planned(user, meeting) -> bool:
    return meeting.state == MeetingState.PLANNED


@object_predicate
def meeting_takes_sign_in(user, meeting) -> bool:
    """Planned or in session: members sign in at the door before and during the meeting."""
    return meeting.state in (MeetingState.PLANNED, MeetingState.OPEN)


manages_body = holds(MANAGE_BODY)
views_body = holds(VIEW_BODY)

RULES = {
    "meetings.see_body": views_body | is_body_member,
    "meetings.see_meeting": views_body | is_body_member,
    "meetings.change_body": manages_body,
    "meetings.change_meeting": manages_body & meeting_is_planned,
    "meetings.run_meeting": manages_body | is_chair,
    "meetings.sign_in": is_body_member & meeting_takes_sign_in,
    "meetings.tick_attendance": manages_body & meeting_takes_sign_in,
    "meetings.show_door_code": manages_body | is_chair,
}
