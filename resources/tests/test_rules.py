"""The named rules of resources/rules.py: one test per rule and phase, with the shared personas, and the guard
that every rule registered under `resources.` is listed in `resources.rules.RULES` and tested here."""

import pytest

from resources.models import NeedState
from resources.rules import need_is_open
from resources.tests.builders import D2_AT, make_need, make_talent
from resources.tests.builders.matches import propose, served


def allowed(personas, perm, obj=None):
    return {name for name, user in personas.items() if user.has_perm(perm, obj)}


@pytest.fixture
def match(tree, personas):
    """A need of D2 and a talent of D1 (the volunteer's own account), proposed for it."""
    talent = make_talent(tree.D1, user=personas["volunteer"])
    return propose(make_need(tree.D2, at=D2_AT), talent, quick=True)


def test_it_lets_those_who_match_resources_at_the_need_act_on_a_match(match, personas):
    matchers = allowed(personas, "resources.match_resource", match)
    assert matchers and "volunteer" not in matchers
    assert allowed(personas, "resources.act_on_match", match) == matchers


def test_it_shows_the_talent_their_own_match(match, personas):
    assert allowed(personas, "resources.see_match_as_talent", match) == {"volunteer"}


def test_it_takes_the_requesters_feedback_from_those_who_match_at_the_need(match, personas):
    rec = served(match, personas["subdistrict_admin"])
    assert allowed(personas, "resources.give_requester_feedback", rec) == allowed(personas, "resources.match_resource", rec)


def test_it_takes_the_providers_feedback_from_staff_at_either_side_or_the_talent_themself(match, personas):
    rec = served(match, personas["subdistrict_admin"])
    at_need = allowed(personas, "resources.match_resource", rec)
    at_resource = allowed(personas, "resources.match_resource", match.resource)
    assert at_resource - at_need, "the test needs staff who match at the resource's unit only"
    assert allowed(personas, "resources.give_provider_feedback", rec) == at_need | at_resource | {"volunteer"}


@pytest.mark.parametrize("perm", ["resources.edit_need", "resources.cancel_need", "resources.propose_for_need"])
def test_it_lets_a_need_be_changed_cancelled_and_proposed_for_while_it_is_open(perm, tree, personas):
    need = make_need(tree.D1)
    matchers = allowed(personas, "resources.match_resource", need)
    assert matchers and allowed(personas, perm, need) == matchers
    need.state = NeedState.MATCHED
    assert allowed(personas, perm, need) == matchers
    for state in (NeedState.SERVED, NeedState.CANCELLED):
        need.state = state
        assert allowed(personas, perm, need) == set()
        assert not need_is_open(None, need)


def test_it_leaves_the_resource_types_to_those_changing_resources_at_a_subdistrict(tree, personas):
    assert "secretary" not in allowed(personas, "resources.edit_resource_types")
    assert allowed(personas, "resources.edit_resource_types") == allowed(personas, "resources.change_resource", tree.S) == {"subdistrict_admin"}


def test_every_rule_of_resources_is_listed_and_tested():
    from core.testing import rules_left_untested
    from resources.rules import RULES

    assert rules_left_untested("resources", RULES, __file__) == {"not listed": [], "not registered": [], "not tested": []}
