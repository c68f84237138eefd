"""The 约请 rules: who sees a summons, who may send one on a body, and who takes each step in which state."""

import pytest

from deliberation.tests.builders.summons import make_summons
from deliberation.workflow import SummonsState

pytestmark = pytest.mark.django_db


def test_the_two_parties_and_staff_over_the_body_see_a_summons_and_nobody_else(summons_council, personas):
    summons = make_summons(summons_council)
    seen = {name for name, user in personas.items() if user.has_perm("deliberation.view_summons", summons)}
    assert {"owners_committee", "property_company", "secretary", "area_manager", "subdistrict_admin"} <= seen
    assert not seen & {"volunteer", "resident", "outsider", "grid_worker", "sysadmin"}


def test_a_member_of_the_body_or_its_staff_may_send_a_summons_on_it(summons_council, personas):
    may = {name for name, user in personas.items() if user.has_perm("deliberation.send_summons", summons_council)}
    assert {"owners_committee", "property_company", "secretary", "social_worker", "subdistrict_admin"} <= may
    assert not may & {"volunteer", "resident", "outsider", "police"}


def test_only_the_summoned_party_or_staff_answer_and_only_while_it_awaits_an_answer(summons_council, personas):
    summons = make_summons(summons_council)
    assert personas["property_company"].has_perm("deliberation.answer_summons", summons)
    assert personas["secretary"].has_perm("deliberation.answer_summons", summons)
    assert not personas["owners_committee"].has_perm("deliberation.answer_summons", summons)
    summons.state = SummonsState.ANSWERED
    assert not personas["property_company"].has_perm("deliberation.answer_summons", summons)


def test_the_summoning_party_or_staff_schedule_and_mark_met_once_answered(summons_council, personas):
    summons = make_summons(summons_council)
    for rule in ("deliberation.schedule_summons", "deliberation.meet_summons"):
        assert not personas["owners_committee"].has_perm(rule, summons)
    summons.state = SummonsState.ANSWERED
    for rule in ("deliberation.schedule_summons", "deliberation.meet_summons"):
        assert personas["owners_committee"].has_perm(rule, summons)
        assert personas["secretary"].has_perm(rule, summons)
        assert not personas["property_company"].has_perm(rule, summons)


def test_the_summoning_party_withdraws_an_open_summons_but_not_a_finished_one(summons_council, personas):
    summons = make_summons(summons_council)
    assert personas["owners_committee"].has_perm("deliberation.withdraw_summons", summons)
    assert not personas["property_company"].has_perm("deliberation.withdraw_summons", summons)
    summons.state = SummonsState.MET
    assert not personas["owners_committee"].has_perm("deliberation.withdraw_summons", summons)
