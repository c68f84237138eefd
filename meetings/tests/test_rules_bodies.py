"""The named rules of bodies and meetings: staff by their role's scope, members by sitting on the body."""

import pytest

from meetings.services.meetings import meeting_close, meeting_open

pytestmark = pytest.mark.django_db


def test_members_and_staff_in_scope_see_a_body_and_its_meetings(council, council_members, meeting, personas):
    for rule, obj in (("meetings.see_body", council), ("meetings.see_meeting", meeting)):
        assert personas["resident"].has_perm(rule, obj)  # a member without a staff role
        assert personas["area_manager"].has_perm(rule, obj)  # VIEW_BODY above
        assert not personas["outsider"].has_perm(rule, obj)


def test_only_managers_change_a_body_and_a_planned_meeting(council, meeting, personas):
    assert personas["secretary"].has_perm("meetings.change_body", council)
    assert not personas["resident"].has_perm("meetings.change_body", council)
    assert personas["secretary"].has_perm("meetings.change_meeting", meeting)
    meeting_open(meeting=meeting, by=personas["secretary"])
    assert not personas["secretary"].has_perm("meetings.change_meeting", meeting)


def test_the_chair_or_a_manager_runs_the_meeting_and_shows_the_door_code(council, council_members, meeting, personas):
    for rule in ("meetings.run_meeting", "meetings.show_door_code"):
        assert personas["secretary"].has_perm(rule, meeting)  # chair and manager
        assert not personas["resident"].has_perm(rule, meeting)  # a plain member
        assert not personas["property_company"].has_perm(rule, meeting)


def test_members_sign_in_and_managers_tick_while_the_meeting_takes_sign_in(council_members, meeting, personas):
    assert personas["resident"].has_perm("meetings.sign_in", meeting)
    assert not personas["area_manager"].has_perm("meetings.sign_in", meeting)  # staff, not a member
    assert personas["secretary"].has_perm("meetings.tick_attendance", meeting)
    assert not personas["resident"].has_perm("meetings.tick_attendance", meeting)
    meeting_open(meeting=meeting)
    meeting_close(meeting=meeting)
    assert not personas["resident"].has_perm("meetings.sign_in", meeting)
    assert not personas["secretary"].has_perm("meetings.tick_attendance", meeting)
