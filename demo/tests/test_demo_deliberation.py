"""The issue 16 demo (demo/deliberation/) on a small tree of two 居民区: the bodies with their seats filled (the demo
accounts at the first 居民区), a year of meetings whose votes, counts, quorum and timelines agree with the
meetings engine's rules, actions in every state, three 约请 threads and the 三重一大 matters."""

import datetime
from collections import Counter

import pytest
from django.core.management import call_command
from django.db.models import Count, F
from django.utils import timezone

from cases.calendar import add_working_time
from core.testing import built_once
from deliberation.models import Action, ActionTransition, Matter, Spending, Summons
from deliberation.workflow import ActionState, MatterState, SummonsState
from demo.deliberation import MONTHS, load_demo_deliberation
from demo.resources import load_demo_resources
from demo.services import load_demo_services
from demo.specs import ZHONGSHAN
from meetings.models import Attendance, Body, Decision, DecisionMode, Meeting, Membership, Minutes, Vote
from meetings.quorum import is_adopted, quorum_of
from meetings.workflow import DecisionState, MeetingState, MinutesState
from org.models import Unit, UnitKind
from resources.models import Organisation, OrganisationKind

SMALL = {"districts": 2, "households": 120, "verbosity": 0}
NOW = timezone.make_aware(datetime.datetime(2026, 6, 3, 10, 0))  # a Wednesday
DEMO_SEATS = {
    "secretary": "party",
    "owners": "owners",
    "property": "property",
    "police": "police",
    "representative": "representative",
    "socialorg": "social_org",
}


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """The small demo tree with its stations and 睦邻点 (a week of bookings) and the resources demo, then the
    deliberation demo at NOW: loaded once for the module."""
    skip = lambda *a, **k: {"skipped": True}  # noqa: E731
    with built_once(django_db_blocker), pytest.MonkeyPatch.context() as mp:
        for name in ("load_demo_cases", "load_demo_smart", "load_demo_services", "load_demo_resources", "load_demo_deliberation", "load_evaluation_demo"):
            mp.setattr(f"demo.management.commands.load_demo.{name}", skip)
        call_command("load_demo", **SMALL)
        load_demo_services(ZHONGSHAN, now=NOW, booking_days=7, progress=False)
        load_demo_resources(ZHONGSHAN, now=NOW, progress=False)
        yield load_demo_deliberation(ZHONGSHAN, now=NOW, progress=False)


@pytest.fixture
def demo(loaded, db):
    return loaded


def test_every_district_has_a_council_a_troika_and_a_property_company_and_every_area_a_joint_meeting(demo):
    under = Unit.objects.filter(path__startswith=Unit.objects.get(code=ZHONGSHAN).path)
    districts = list(under.filter(kind=UnitKind.DISTRICT))
    areas, grids = under.filter(kind=UnitKind.AREA).count(), under.filter(kind=UnitKind.GRID).count()
    kinds = Counter(Body.objects.values_list("kind__code", flat=True))
    assert kinds["council"] == kinds["troika"] == len(districts) == 2
    assert kinds["joint"] == areas and kinds["self_group"] == min(20, grids) and kinds["supervision"] == 2
    assert kinds["point"] >= 1 and not Body.objects.filter(kind__code="point", point__isnull=True).exists()
    assert Organisation.objects.filter(kind=OrganisationKind.PROPERTY).count() == 5
    for d in districts:
        assert Organisation.objects.filter(kind=OrganisationKind.PROPERTY, districts=d).count() == 1
        council = Body.objects.get(kind__code="council", unit=d)
        assert council.meetings.filter(state=MeetingState.CLOSED, starts_at__lt=NOW).count() == MONTHS
        seats = council.seats.filter(party="property").get()
        assert seats.organisation.districts.filter(pk=d.pk).exists()
    assert all(n == 4 for n in Meeting.objects.filter(body__kind__code="joint").values("body").annotate(n=Count("id")).values_list("n", flat=True))
    assert not Membership.objects.exclude(seat__body=F("body")).exists()
    assert Membership.objects.filter(body__kind__code="self_group").count() >= 3 * kinds["self_group"]
    assert demo["not quorate"] >= 1 and demo["actions"] > 0


def test_at_the_first_district_the_demo_accounts_hold_council_seats_and_are_invited_next_week(demo):
    d1 = Unit.objects.get(code=f"{ZHONGSHAN}-D01")
    council = Body.objects.get(kind__code="council", unit=d1)
    held = dict(Membership.objects.current(on=NOW.date()).filter(body=council, user__isnull=False).values_list("user__username", "seat__party"))
    for username, party in DEMO_SEATS.items():
        assert held.get(username) == party, username
    assert Membership.objects.get(body=council, user__username="secretary").role == "chair"
    upcoming = Meeting.objects.get(body=council, state=MeetingState.PLANNED)
    assert NOW < upcoming.starts_at < NOW + datetime.timedelta(days=10)
    assert upcoming.room is not None and upcoming.room.kind == "deliberation"
    held = list(upcoming.bookings.filter(state="booked").select_related("slot"))
    assert held and min(b.slot.start for b in held) <= upcoming.starts_at and max(b.slot.end for b in held) >= upcoming.ends_at, "the room is booked"
    assert upcoming.items.filter(source="summons").exists() and upcoming.items.filter(major="decision").exists()


def test_votes_counts_quorum_and_majority_agree(demo):
    for m in Meeting.objects.filter(state=MeetingState.CLOSED).select_related("body"):
        q = quorum_of(m)
        decisions = list(m.decisions.all())
        assert q.is_quorate or not decisions, m
        present = set(Attendance.objects.filter(meeting=m).values_list("membership_id", flat=True))
        assert present <= set(Membership.objects.filter(body=m.body).values_list("id", flat=True))
        for d in decisions:
            votes = Counter(Vote.objects.filter(decision=d).values_list("choice", flat=True))
            assert d.present == len(present) and d.seats == q.seats
            if d.mode == DecisionMode.CONSENSUS:
                assert not votes and d.state == DecisionState.ADOPTED
                continue
            assert (votes["for"], votes["against"], votes["abstain"]) == (d.votes_for, d.votes_against, d.votes_abstain)
            assert sum(votes.values()) == len(present)
            assert set(Vote.objects.filter(decision=d).values_list("membership_id", flat=True)) == present
            assert (d.state == DecisionState.ADOPTED) == is_adopted(m.body, votes_for=d.votes_for, present=d.present, seats=d.seats)
            assert d.state == DecisionState.ADOPTED or not d.actions.exists()
    assert Decision.objects.filter(state=DecisionState.REJECTED).exists() and Decision.objects.filter(mode=DecisionMode.CONSENSUS).exists()
    assert Meeting.objects.filter(state=MeetingState.CLOSED, decisions__isnull=True).exists()  # the meetings that were not quorate


def test_timelines_replay_to_the_states_and_minutes_are_published(demo):
    for model in (Meeting, Decision, Minutes, Action, Summons, Matter, Spending):
        for obj in model.objects.prefetch_related("transitions"):
            steps = list(obj.transitions.all())
            assert steps and steps[0].from_state == "" and steps[-1].to_state == obj.state, obj
            assert all(a.to_state == b.from_state for a, b in zip(steps, steps[1:], strict=False)), obj
    assert set(Minutes.objects.values_list("state", flat=True)) == {MinutesState.PUBLISHED}
    assert not Minutes.objects.filter(approved_by__isnull=True).exists()


def test_actions_are_done_on_time_done_late_escalated_or_in_progress(demo):
    actions = list(Action.objects.select_related("unit"))
    today = NOW.date()
    done = [a for a in actions if a.state == ActionState.DONE]
    assert all(a.progress == 100 and a.done_at for a in done)
    assert any(timezone.localdate(a.done_at) <= a.deadline for a in done) and any(timezone.localdate(a.done_at) > a.deadline for a in done)
    escalated = [a for a in actions if a.escalated_to_id]
    assert escalated and all(a.deadline < today and a.escalated_to_id == a.unit.parent_id for a in escalated)
    assert any(a.state == ActionState.IN_PROGRESS and a.deadline >= today for a in actions)
    assert not Action.objects.filter(responsible_unit__isnull=True, responsible_user__isnull=True).exists()
    assert ActionTransition.objects.filter(from_state="", to_state=ActionState.OPEN).count() == len(actions)


def test_three_summons_threads_and_the_major_matters(demo):
    d1 = Unit.objects.get(code=f"{ZHONGSHAN}-D01")
    by_state = {s.state: s for s in Summons.objects.all()}
    assert set(by_state) == {SummonsState.MET, SummonsState.ANSWERED, SummonsState.SENT}
    met, waiting, unanswered = by_state[SummonsState.MET], by_state[SummonsState.ANSWERED], by_state[SummonsState.SENT]
    assert met.meeting.state == MeetingState.CLOSED and met.item.meeting_id == met.meeting_id and met.item.decision.state == DecisionState.ADOPTED
    assert waiting.meeting.state == MeetingState.PLANNED and waiting.item.meeting_id == waiting.meeting_id
    assert unanswered.escalation_level == 1 and unanswered.escalated_to == d1 and unanswered.answer_due_at < NOW
    for s in by_state.values():
        assert s.answer_due_at == add_working_time(s.created_at, days=5)
        assert s.from_seat.body_id == s.to_seat.body_id == s.body_id
    states = Counter(Matter.objects.values_list("state", flat=True))
    assert states[MatterState.EXECUTED] >= 1 and states[MatterState.PROPOSED] == 1
    for m in Matter.objects.exclude(state=MatterState.PROPOSED):
        assert m.decision.state == DecisionState.ADOPTED and quorum_of(m.decision.meeting).is_quorate and m.decision.item.major == m.kind
    assert Spending.objects.filter(state="paid").exists() and Spending.objects.filter(state="requested").exists()


def test_loading_again_adds_nothing(demo):
    assert load_demo_deliberation(ZHONGSHAN, now=NOW, progress=False) == {"skipped": True}
