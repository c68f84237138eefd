"""Bodies from their kind, rules as data, seats, members from existing records: the services and their refusals."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.testing import make_user
from meetings.models import MemberRole, Membership, Seat
from meetings.services.bodies import body_create, body_update, membership_add, membership_end, seat_add, seat_retire
from meetings.tests.builders.bodies import kind, make_council, member, seat_of

pytestmark = pytest.mark.django_db


def test_a_council_gets_its_seats_from_the_kind_and_copies_its_rules(tree):
    body = make_council(tree.D1)
    seats = list(Seat.objects.filter(body=body))
    assert len(seats) == 11  # 1+3+N: party, committee, owners, property, police, co-building, group, social org, 3 representatives
    assert [s.name for s in seats if s.required] == ["居民区党组织", "居委会"]
    assert {s.name for s in seats if s.party == "representative"} == {"居民代表1", "居民代表2", "居民代表3"}
    assert seat_of(body, "committee").party_unit == tree.D1  # the 居委会 is its 居民区
    assert (body.quorum, body.majority, body.name) == (Decimal("0.500"), Decimal("0.500"), "白云居民区居民区“1+3+N”议事会")


def test_a_body_is_refused_on_a_unit_of_another_level(tree):
    with pytest.raises(ValidationError) as e:
        body_create(kind=kind("joint"), unit=tree.D1)
    assert "片区" in str(e.value) or "Area" in str(e.value)
    with pytest.raises(ValidationError):
        body_create(kind=kind("self_group"), unit=tree.D1)
    assert body_create(kind=kind("self_group"), unit=tree.G1).seats.count() == 7


def test_rules_are_data_and_bad_fractions_are_refused(tree):
    body = make_council(tree.D1)
    police = seat_of(body, "police")
    body = body_update(body=body, quorum="0.667", majority="0.5", majority_base="seats", minutes_publish_days=10, required_seats=[police])
    assert (body.quorum, body.majority_base, body.minutes_publish_days) == (Decimal("0.667"), "seats", 10)
    assert list(Seat.objects.filter(body=body, required=True)) == [police]
    for bad in ({"quorum": "0"}, {"quorum": "1.5"}, {"majority": "1"}, {"majority_base": "all"}, {"minutes_publish_days": 0}, {"unit": tree.D2}):
        with pytest.raises(ValidationError):
            body_update(body=body, **bad)
    body.refresh_from_db()
    assert body.quorum == Decimal("0.667")


def test_one_current_holder_per_seat_and_one_seat_per_person_on_a_body(tree, people):
    body = make_council(tree.D1)
    ann = make_user("ann")
    member(body, "owners", user=ann, role=MemberRole.CHAIR)
    with pytest.raises(ValidationError, match="业委会"):
        member(body, "owners", user=make_user("bob"))
    with pytest.raises(ValidationError):
        member(body, "representative", user=ann)  # ann already sits on this body
    with pytest.raises(ValidationError):
        member(body, "party", user=make_user("cat"), role=MemberRole.CHAIR)  # a second chair
    with pytest.raises(ValidationError):
        membership_add(seat=seat_of(body, "police"))  # nobody
    other = body_create(kind=kind("troika"), unit=tree.D1)
    assert member(other, "owners", user=ann).body == other  # a person may sit on several bodies
    m = member(body, "representative", resident=people["zsf"])
    assert m.name == "张三丰"
    assert Membership.objects.filter(body=body).count() == 2


def test_ending_a_term_frees_the_seat_for_a_successor(tree):
    body = make_council(tree.D1)
    m = member(body, "property", user=make_user("pm1"))
    with pytest.raises(ValidationError):
        seat_retire(seat=m.seat)  # held
    membership_end(membership=m)
    with pytest.raises(ValidationError):
        membership_end(membership=m)
    successor = member(body, "property", user=make_user("pm2"))
    assert successor.seat == m.seat and Membership.objects.current().filter(seat=m.seat, end__isnull=True).get() == successor
    with pytest.raises(ValidationError):
        membership_end(membership=successor, end=timezone.localdate() - datetime.timedelta(days=400))


def test_seats_are_added_and_retired(tree):
    body = make_council(tree.D1)
    seat = seat_add(body=body, name="居民代表4", party="representative", group="n")
    assert seat.order == 12
    seat_retire(seat=seat)
    assert Seat.objects.filter(body=body, is_active=True).count() == 11
    with pytest.raises(ValidationError):
        membership_add(seat=seat, user=make_user("late"))
    with pytest.raises(ValidationError):
        seat_add(body=body, name=" ")
