"""The rules of resolutions' actions: who sees, follows up, cancels and opens a case from an action."""

import pytest

from deliberation.tests.builders.actions import make_action

pytestmark = pytest.mark.django_db


def test_view_action_is_for_body_viewers_in_scope_and_the_owner(tree, personas, decision):
    action = make_action(decision, responsible_user=personas["volunteer"], responsible_unit=None)
    assert personas["property_company"].has_perm("deliberation.view_action", action)
    assert personas["volunteer"].has_perm("deliberation.view_action", action)  # its responsible person
    assert not personas["outsider"].has_perm("deliberation.view_action", action)


def test_the_owner_and_managers_report_progress_and_finish_while_open(tree, personas, decision):
    action = make_action(decision, responsible_unit=tree.G1)
    for rule in ("deliberation.progress_action", "deliberation.finish_action"):
        assert personas["grid_worker"].has_perm(rule, action)  # staff of the responsible unit
        assert personas["secretary"].has_perm(rule, action)  # MANAGE_ACTION at the 居民区
        assert not personas["property_company"].has_perm(rule, action)
    done = action
    done.state = "done"
    assert not personas["secretary"].has_perm("deliberation.progress_action", done)
    assert not personas["secretary"].has_perm("deliberation.finish_action", done)


def test_only_managers_cancel_or_open_a_case_and_only_once(tree, personas, decision):
    action = make_action(decision, responsible_unit=tree.G1)
    assert personas["secretary"].has_perm("deliberation.cancel_action", action)
    assert not personas["grid_worker"].has_perm("deliberation.cancel_action", action)
    assert personas["secretary"].has_perm("deliberation.open_case_from_action", action)
    assert not personas["grid_worker"].has_perm("deliberation.open_case_from_action", action)
    action.case_id = 1
    assert not personas["secretary"].has_perm("deliberation.open_case_from_action", action)


def test_assigning_actions_needs_manage_action_at_the_unit(tree, personas):
    assert personas["secretary"].has_perm("deliberation.assign_action", tree.D1)
    assert personas["area_manager"].has_perm("deliberation.assign_action", tree.D1)
    assert not personas["secretary"].has_perm("deliberation.assign_action", tree.D2)
    assert not personas["social_worker"].has_perm("deliberation.assign_action", tree.D1)
