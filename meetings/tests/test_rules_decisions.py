"""The named rules of the agenda, decisions, votes and minutes: members act by being members, MANAGE_BODY staff
run the meeting, the chair approves the minutes (staff only when the body has no chair with an account)."""

from meetings.models import Decision, MemberRole, Minutes
from meetings.tests.builders.decisions import add_item, build_council
from meetings.workflow import DecisionState, MeetingState, MinutesState


def decision_of(sitting, state=DecisionState.VOTING):
    item = add_item(sitting)
    return Decision.objects.create(item=item, meeting=sitting.meeting, unit_path=sitting.meeting.unit_path, text="同意", state=state)


def test_members_and_body_staff_propose_items_while_the_meeting_is_live(sitting, personas):
    m = sitting.meeting
    assert sitting.users["m3"].has_perm("meetings.propose_item", m)
    assert personas["secretary"].has_perm("meetings.propose_item", m)  # MANAGE_BODY at D1
    assert not personas["resident"].has_perm("meetings.propose_item", m)
    m.state = MeetingState.CLOSED
    assert not sitting.users["m3"].has_perm("meetings.propose_item", m)


def test_the_chair_and_staff_order_the_agenda_and_open_votes_in_session(sitting, personas):
    m = sitting.meeting
    assert sitting.users["chair"].has_perm("meetings.order_agenda", m)
    assert personas["secretary"].has_perm("meetings.order_agenda", m)
    assert not sitting.users["m1"].has_perm("meetings.order_agenda", m)
    assert sitting.users["chair"].has_perm("meetings.open_vote", m)
    assert not sitting.users["m1"].has_perm("meetings.open_vote", m)
    m.state = MeetingState.PLANNED
    assert not sitting.users["chair"].has_perm("meetings.open_vote", m)


def test_the_secretary_takes_notes_drafts_minutes_and_attaches_files(sitting, personas):
    item = add_item(sitting)
    for perm, obj in (("meetings.note_item", item), ("meetings.draft_minutes", sitting.meeting), ("meetings.attach_file", sitting.meeting)):
        assert sitting.users["secretary"].has_perm(perm, obj)
        assert personas["social_worker"].has_perm(perm, obj)
        assert not sitting.users["m2"].has_perm(perm, obj)
        assert not personas["police"].has_perm(perm, obj)  # sees bodies, does not run them
    item.meeting.state = MeetingState.CLOSED
    assert not sitting.users["secretary"].has_perm("meetings.note_item", item)


def test_members_cast_staff_record_and_the_chair_closes_an_open_vote(sitting, personas):
    d = decision_of(sitting)
    assert sitting.users["m4"].has_perm("meetings.cast_vote", d)
    assert not personas["outsider"].has_perm("meetings.cast_vote", d)
    assert personas["secretary"].has_perm("meetings.record_vote", d)
    assert not sitting.users["m4"].has_perm("meetings.record_vote", d)
    assert sitting.users["chair"].has_perm("meetings.close_vote", d)
    assert not sitting.users["m4"].has_perm("meetings.close_vote", d)
    d.state = DecisionState.ADOPTED
    assert not sitting.users["m4"].has_perm("meetings.cast_vote", d)
    assert not personas["secretary"].has_perm("meetings.record_vote", d)
    assert not sitting.users["chair"].has_perm("meetings.close_vote", d)


def test_the_chair_approves_minutes_and_staff_only_when_the_body_has_no_chair(sitting, personas):
    minutes = Minutes.objects.create(meeting=sitting.meeting, unit_path=sitting.meeting.unit_path, text="纪要")
    assert sitting.users["chair"].has_perm("meetings.approve_minutes", minutes)
    assert not personas["secretary"].has_perm("meetings.approve_minutes", minutes)
    sitting.members["chair"].role = MemberRole.MEMBER
    sitting.members["chair"].save()
    assert personas["secretary"].has_perm("meetings.approve_minutes", minutes)
    minutes.state = MinutesState.APPROVED
    assert not personas["secretary"].has_perm("meetings.approve_minutes", minutes)


def test_approved_minutes_are_published_by_the_chair_or_staff(tree, personas):
    sitting = build_council(tree.D1, prefix="pub")
    minutes = Minutes.objects.create(meeting=sitting.meeting, unit_path=sitting.meeting.unit_path, text="纪要", state=MinutesState.APPROVED)
    assert sitting.users["chair"].has_perm("meetings.publish_minutes", minutes)
    assert personas["secretary"].has_perm("meetings.publish_minutes", minutes)
    assert not sitting.users["m1"].has_perm("meetings.publish_minutes", minutes)
    minutes.state = MinutesState.DRAFT
    assert not sitting.users["chair"].has_perm("meetings.publish_minutes", minutes)
