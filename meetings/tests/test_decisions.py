"""Agenda, decisions and votes: quorum, who may vote, refusals audited with nothing changed, counts on close."""

import pytest
from django.utils import translation

from audit.models import AuditLog
from meetings.models import Decision, DecisionMode, Vote
from meetings.services.agenda import agenda_item_move, agenda_item_note, agenda_reorder
from meetings.services.decisions import Refused, decision_open, vote_cast, vote_close
from meetings.tests.builders.decisions import add_item, build_council, sign_in
from meetings.workflow import DecisionState, MeetingState

QUORUM = ("chair", "secretary", "m1", "m2", "m3")  # 5 of 9 seats, both required seats


def refusals(step):
    return AuditLog.objects.filter(action="request", success=False, changes__step=step)


def test_a_vote_is_refused_without_quorum_and_the_refusal_is_audited(sitting):
    item = add_item(sitting)
    sign_in(sitting, "chair", "secretary", "m1")  # 3 of 9
    with translation.override("zh-hans"), pytest.raises(Refused) as e:
        decision_open(item=item, text="同意", by=sitting.users["chair"])
    assert not e.value.message.isascii()  # answered in Chinese
    assert not Decision.objects.exists()
    assert refusals("decision_open").count() == 1


def test_a_required_seat_missing_blocks_the_decision_even_with_numbers(sitting):
    item = add_item(sitting)
    sign_in(sitting, "chair", "m1", "m2", "m3", "m4", "m5")  # 6 of 9 but not the secretary's required seat
    with pytest.raises(Refused):
        decision_open(item=item, text="同意", by=sitting.users["chair"], mode=DecisionMode.CONSENSUS)
    assert not Decision.objects.exists()


def test_a_quorate_vote_counts_each_member_once_and_adopts_by_majority(sitting, personas):
    item = add_item(sitting)
    sign_in(sitting, *QUORUM)
    decision = decision_open(item=item, text="同意加装电梯", by=sitting.users["chair"])
    assert (decision.state, decision.present, decision.seats) == (DecisionState.VOTING, 5, 9)
    for name, choice in (("chair", "for"), ("secretary", "for"), ("m1", "against")):
        vote_cast(decision=decision, choice=choice, by=sitting.users[name])
    # staff holding MANAGE_BODY record a present member's vote
    vote_cast(decision=decision, choice="for", by=personas["secretary"], membership=sitting.members["m2"])
    decision = vote_close(decision=decision, by=sitting.users["chair"])
    assert (decision.state, decision.votes_for, decision.votes_against, decision.votes_abstain, decision.present) == (DecisionState.ADOPTED, 3, 1, 0, 5)
    assert decision.decided_at is not None
    assert [t.action for t in decision.transitions.order_by("id")] == ["create", "adopt"]


def test_a_vote_short_of_the_majority_is_rejected(sitting):
    item = add_item(sitting)
    sign_in(sitting, *QUORUM)
    decision = decision_open(item=item, text="同意", by=sitting.users["chair"])
    vote_cast(decision=decision, choice="for", by=sitting.users["chair"])
    vote_cast(decision=decision, choice="abstain", by=sitting.users["m1"])
    assert vote_close(decision=decision).state == DecisionState.REJECTED  # 1 of 5 present is not more than half


@pytest.mark.parametrize(
    "case",
    ["outsider", "absent", "twice", "closed", "staff_without_right"],
)
def test_bad_votes_are_refused_audited_and_change_nothing(sitting, personas, case):
    item = add_item(sitting)
    sign_in(sitting, *QUORUM)
    decision = decision_open(item=item, text="同意", by=sitting.users["chair"])
    vote_cast(decision=decision, choice="for", by=sitting.users["chair"])
    attempt = {
        "outsider": {"by": personas["outsider"]},
        "absent": {"by": sitting.users["m6"]},
        "twice": {"by": sitting.users["chair"]},
        "closed": {"by": sitting.users["m1"]},
        "staff_without_right": {"by": personas["resident"], "membership": sitting.members["m1"]},
    }[case]
    if case == "closed":
        vote_close(decision=decision)
    with translation.override("zh-hans"), pytest.raises(Refused) as e:
        vote_cast(decision=decision, choice="against", **attempt)
    assert e.value.message and not e.value.message.isascii()  # answered in Chinese
    assert Vote.objects.filter(decision=decision).count() == 1
    assert refusals("vote_cast").count() == 1


def test_consensus_is_recorded_straight_as_adopted(sitting):
    item = add_item(sitting)
    sign_in(sitting, *QUORUM)
    decision = decision_open(item=item, text="一致同意", by=sitting.users["chair"], mode=DecisionMode.CONSENSUS)
    assert (decision.mode, decision.state, decision.present) == (DecisionMode.CONSENSUS, DecisionState.ADOPTED, 5)
    with pytest.raises(Refused):
        decision_open(item=item, text="再次", by=sitting.users["chair"])


def test_decisions_wait_for_the_meeting_to_be_in_session(tree):
    sitting = build_council(tree.D1, prefix="p", state=MeetingState.PLANNED)
    item = add_item(sitting)
    sign_in(sitting, *QUORUM)
    with pytest.raises(Refused):
        decision_open(item=item, text="同意", by=sitting.users["chair"])


def test_items_are_reordered_and_noted_while_in_session(sitting):
    a, b, c = add_item(sitting, "甲"), add_item(sitting, "乙"), add_item(sitting, "丙")
    agenda_reorder(meeting=sitting.meeting, order=[c.pk, a.pk, b.pk])
    assert list(sitting.meeting.items.values_list("title", flat=True)) == ["丙", "甲", "乙"]
    agenda_item_move(item=b, up=True)
    assert list(sitting.meeting.items.values_list("title", flat=True)) == ["丙", "乙", "甲"]
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        agenda_reorder(meeting=sitting.meeting, order=[a.pk, b.pk])
    assert agenda_item_note(item=a, notes=" 居民意见较多 ").notes == "居民意见较多"


def test_the_meeting_is_not_closed_while_a_vote_is_open(sitting):
    from core.workflow import IllegalTransition
    from meetings.services.meetings import meeting_close

    item = add_item(sitting)
    sign_in(sitting, *QUORUM)
    decision = decision_open(item=item, text="同意", by=sitting.users["chair"])
    with translation.override("zh-hans"), pytest.raises(IllegalTransition, match="表决"):
        meeting_close(meeting=sitting.meeting, by=sitting.users["chair"])
    sitting.meeting.refresh_from_db()
    assert sitting.meeting.state == MeetingState.OPEN
    vote_close(decision=decision, by=sitting.users["chair"])
    assert meeting_close(meeting=sitting.meeting, by=sitting.users["chair"]).state == MeetingState.CLOSED
