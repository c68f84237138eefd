"""Test data: decisions. A 1+3+N council of 白云居民区 (tree.D1) with members holding accounts, a meeting in
session, and helpers to sign members in; built straight with the models so these tests need nothing of the
bodies' and meetings' services."""

import datetime
from dataclasses import dataclass, field

import pytest
from django.utils import timezone

from core.testing import make_user
from core.workflow import begin
from meetings.defaults import ensure_kinds
from meetings.models import AgendaItem, Attendance, Body, BodyKind, Meeting, MemberRole, Membership, Seat, SignInMethod
from meetings.workflow import MeetingState

__all__ = ["Council", "build_council", "sitting", "sign_in", "add_item"]  # the scope_* functions are named by the scope matrix


@dataclass
class Council:
    body: Body
    meeting: Meeting
    members: dict = field(default_factory=dict)  # name -> Membership (chair, secretary, m1..m7)
    users: dict = field(default_factory=dict)  # name -> User


def build_council(unit, *, prefix="c", state=MeetingState.OPEN, seats=9) -> Council:
    """A council of `seats` seats (the first two required), every seat held by a member with an account: `chair`,
    `secretary`, then `m1`... ; one meeting in `state`, nobody signed in yet."""
    ensure_kinds()  # data of migration 0002, put back after a flush; here in case a test emptied it by hand
    kind = BodyKind.objects.get(code="council")
    body = Body.objects.create(
        kind=kind, unit=unit, unit_path=unit.path, name=f"{unit.name}议事会", quorum=kind.quorum, majority=kind.majority, majority_base=kind.majority_base
    )
    sitting = Council(body=body, meeting=None)
    names = ["chair", "secretary", *[f"m{i}" for i in range(1, seats - 1)]]
    for order, name in enumerate(names):
        seat = Seat.objects.create(body=body, party=f"p{order}", name=f"席位{order + 1}", required=order < 2, order=order)
        user = make_user(f"{prefix}_{name}")
        role = {"chair": MemberRole.CHAIR, "secretary": MemberRole.SECRETARY}.get(name, MemberRole.MEMBER)
        sitting.members[name] = Membership.objects.create(seat=seat, body=body, unit_path=body.unit_path, name=f"成员{name}", role=role, user=user)
        sitting.users[name] = user
    start = timezone.now() - datetime.timedelta(minutes=30)
    meeting = Meeting.objects.create(
        body=body, unit_path=body.unit_path, title="月度议事会", starts_at=start, ends_at=start + datetime.timedelta(hours=2), state=state
    )
    begin(meeting)
    sitting.meeting = meeting
    return sitting


def sign_in(sitting: Council, *names):
    now = timezone.now()
    for name in names:
        Attendance.objects.get_or_create(
            meeting=sitting.meeting, membership=sitting.members[name], defaults={"signed_in_at": now, "method": SignInMethod.STAFF}
        )


def add_item(sitting: Council, title="加装电梯方案", **kw) -> AgendaItem:
    from meetings.services.agenda import agenda_item_add

    return agenda_item_add(meeting=sitting.meeting, title=title, by=sitting.users["m1"], **kw)


@pytest.fixture
def sitting(tree):
    """The sitting of tree.D1 with its meeting in session."""
    return build_council(tree.D1)


# --- the scope matrix's objects (tests/test_scope_matrix.py): inside D1, in D2, in another subdistrict -------


def _far_district():
    from org.models import Unit

    return Unit.objects.get(code="OD1")  # tests/conftest.py's build_world makes the other subdistrict (prefix O)


def _scope_councils(tree, world):
    if "_councils" not in world:
        councils = [build_council(unit, prefix=f"scope{i}", seats=3) for i, unit in enumerate((tree.D1, tree.D2, _far_district()))]
        for c in councils:
            sign_in(c, "chair", "secretary")
        world["_councils"] = councils
    return world["_councils"]


def scope_meetings(tree, world):
    return tuple(c.meeting for c in _scope_councils(tree, world))


def scope_agenda_items(tree, world):
    return tuple(add_item(c, "矩阵议题") for c in _scope_councils(tree, world))


def scope_decisions(tree, world):
    from meetings.services.decisions import decision_open

    return tuple(decision_open(item=item, text="同意", by=None) for item in world["agenda-item"])


def scope_votes(tree, world):
    from meetings.services.decisions import vote_cast

    return tuple(vote_cast(decision=d, choice="for", by=c.users["chair"]) for d, c in zip(world["decision"], _scope_councils(tree, world), strict=True))


def scope_minutes(tree, world):
    from meetings.services.minutes import minutes_draft

    return tuple(minutes_draft(meeting=c.meeting, text="矩阵纪要", by=None) for c in _scope_councils(tree, world))


def scope_attachments(tree, world):
    from meetings.models import Attachment

    return tuple(Attachment.objects.create(meeting=c.meeting, file="meetings/matrix.pdf", name="matrix.pdf") for c in _scope_councils(tree, world))
