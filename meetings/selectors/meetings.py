"""Reads of meetings: what a user may see, the list's rows, a member's own meetings, the sign-in list and
the meeting page's live part (attendance and quorum)."""

import datetime

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from accounts.roles import VIEW_BODY
from meetings.models import Attendance, Meeting, Membership
from meetings.quorum import quorum_of
from meetings.selectors.bodies import member_body_ids, scope_q
from meetings.workflow import MeetingState


def meetings_visible_to(user, perm: str = VIEW_BODY):
    """Meetings under the user's `perm` scope, and those of the bodies they sit on."""
    q = Q(body_id__in=member_body_ids(user))
    scoped = scope_q(user, perm)
    return Meeting.objects.filter(q | scoped if scoped is not None else q)


def meeting_rows(qs):
    """The meeting list: body, room and the number signed in, in one query."""
    return qs.select_related("body__kind", "room__place").annotate(n_present=Count("attendances", distinct=True))


def my_meetings(user, *, now=None):
    """(upcoming, recent) meetings of the bodies the user currently sits on."""
    now = now or timezone.now()
    qs = meeting_rows(Meeting.objects.filter(body_id__in=member_body_ids(user)).exclude(state=MeetingState.CANCELLED))
    mine = Attendance.objects.filter(meeting=OuterRef("pk"), membership__user=user)
    qs = qs.annotate(signed_in=Exists(mine))
    upcoming = qs.filter(ends_at__gte=now).order_by("starts_at", "id")[:20]
    recent = qs.filter(ends_at__lt=now, ends_at__gte=now - datetime.timedelta(days=365)).order_by("-starts_at", "-id")[:20]
    return list(upcoming), list(recent)


def sign_in_list(meeting: Meeting) -> list[Membership]:
    """The body's current members (seats in use), each with `attendance` (or None). Two queries."""
    members = list(
        Membership.objects.current(timezone.localtime(meeting.starts_at).date())
        .filter(body_id=meeting.body_id, seat__is_active=True)
        .select_related("seat")
        .order_by("seat__order", "id")
    )
    present = {a.membership_id: a for a in Attendance.objects.filter(meeting=meeting)}
    for m in members:
        m.attendance = present.get(m.pk)
    return members


def live_context(meeting: Meeting) -> dict:
    """The part of the meeting page the phone refreshes: the quorum and who signed in."""
    return {"quorum": quorum_of(meeting), "members": sign_in_list(meeting)}
