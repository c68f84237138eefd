"""Test data: bodies, members, rooms with slots and meetings (fixtures), and the scope matrix's objects
(`scope_*`: inside D1, in D2, in another subdistrict) and the query-count guard's growth (`grow_meetings`).

The 1+3+N council of 白云居民区 (D1): 11 seats (party and committee must be present), the chair (党组织 seat)
is the `secretary` persona, the 居委会 seat the `social_worker`, the 业委会 seat 张三丰 (the `resident`
persona: a resident member without any staff role), the 物业 seat the `property_company` persona."""

import datetime

import pytest
from django.utils import timezone

from core.testing import make_user
from meetings.defaults import ensure_kinds
from meetings.models import BodyKind, MemberRole, Seat
from meetings.services.bodies import body_create, membership_add
from meetings.services.meetings import meeting_schedule
from org.models import Unit

__all__ = ["council", "council_members", "meeting", "member", "future", "kind", "make_council", "seat_of"]


def future(hours=48, minutes=0):
    """A whole hour in the future (local), so that it lines up with room slots."""
    t = timezone.localtime(timezone.now() + datetime.timedelta(hours=hours)).replace(minute=0, second=0, microsecond=0)
    return t + datetime.timedelta(minutes=minutes)


def kind(code: str) -> BodyKind:
    """A kind of body (meetings/defaults.py)."""
    if not BodyKind.objects.filter(code=code).exists():
        ensure_kinds()
    return BodyKind.objects.get(code=code)


def make_council(unit, **kw):
    return body_create(kind=kind("council"), unit=unit, **kw)


def seat_of(body, party, n=0) -> Seat:
    return list(Seat.objects.filter(body=body, party=party).order_by("order"))[n]


def member(body, party, *, user=None, resident=None, role=MemberRole.MEMBER, n=0):
    return membership_add(seat=seat_of(body, party, n), user=user, resident=resident, role=role)


@pytest.fixture
def council(tree):
    return make_council(tree.D1)


@pytest.fixture
def council_members(council, personas, people):
    """party: the secretary (chair); committee: the social worker; owners: 张三丰 (resident account); property:
    the property company persona."""
    zsf = people["zsf"]
    zsf.user = personas["resident"]
    zsf.save(update_fields=["user"])
    return {
        "party": member(council, "party", user=personas["secretary"], role=MemberRole.CHAIR),
        "committee": member(council, "committee", user=personas["social_worker"]),
        "owners": member(council, "owners", user=personas["resident"], resident=zsf),
        "property": member(council, "property", user=personas["property_company"]),
    }


@pytest.fixture
def meeting(council, council_members, personas):
    return meeting_schedule(body=council, title="三月议事会", starts_at=future(48), ends_at=future(50), by=personas["secretary"], location="居委会会议室")


# --- the scope matrix (tests/test_scope_matrix.py) ------------------------------------------------


def _units(tree):
    return (tree.D1, tree.D2, Unit.objects.get(code="OD1"))


def scope_bodies(tree, world):
    return tuple(make_council(u) for u in _units(tree))


def scope_seats(tree, world):
    return tuple(seat_of(b, "party") for b in world["body"])


def scope_memberships(tree, world):
    return tuple(membership_add(seat=seat_of(b, "owners"), user=make_user(f"owner_{i}")) for i, b in enumerate(world["body"]))


def scope_meetings(tree, world):
    return tuple(meeting_schedule(body=b, title="议事会例会", starts_at=future(72), ends_at=future(74), location="会议室", invite=False) for b in world["body"])


# --- the query-count guard (tests/test_query_counts.py) -------------------------------------------


def grow_meetings(tree, n, start=0):
    """n more bodies on D1 (kind: the 三驾马车), each with a member and a meeting with one signed in."""
    from meetings.models import Attendance

    troika = kind("troika")
    for i in range(start, start + n):
        body = body_create(kind=troika, unit=tree.D1, name=f"三驾马车{i}")
        m = membership_add(seat=seat_of(body, "committee"), user=make_user(f"troika_{i}"))
        mt = meeting_schedule(body=body, title=f"协调会{i}", starts_at=future(24 + i), ends_at=future(25 + i), location="会议室", invite=False)
        Attendance.objects.create(meeting=mt, membership=m, signed_in_at=timezone.now(), method="staff")
