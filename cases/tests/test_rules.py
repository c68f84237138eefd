"""Who may do what to a case in G1 (D1's grid), per capability; nobody acts on a case in G2 from D1."""

import pytest

from cases import services as svc
from cases.tests.conftest import IN_G2

MAY = {
    "cases.view_case": {"subdistrict_admin", "area_manager", "secretary", "social_worker", "grid_worker", "property_company", "police"},
    "cases.change_case": {"subdistrict_admin", "secretary", "grid_worker"},
    "cases.dispatch_case": {"subdistrict_admin", "secretary"},
    "cases.handle_case": {"secretary", "social_worker", "grid_worker", "property_company", "police"},
    "cases.verify_case": {"subdistrict_admin", "secretary", "grid_worker"},
    "cases.supervise_case": {"subdistrict_admin", "area_manager"},
}


@pytest.mark.parametrize("perm", list(MAY))
def test_each_case_capability_is_held_by_the_right_personas_within_their_subtree(perm, reported, personas, categories):
    far = svc.case_report(category=categories["clutter"], description="蓝天", reporter=None, **IN_G2)
    assert {name for name, user in personas.items() if user.has_perm(perm, reported)} == MAY[perm]
    assert {name for name, user in personas.items() if user.has_perm(perm, far)} == MAY[perm] & {"subdistrict_admin"}


# --- the named rules of cases/rules.py: one test per rule and phase ---------------------------------

STAFF = {"subdistrict_admin", "area_manager", "secretary", "social_worker", "grid_worker", "property_company", "police"}


def allowed(personas, perm, case):
    return {name for name, user in personas.items() if user.has_perm(perm, case)}


STEP_HOLDERS = {
    "cases.step_accept": MAY["cases.change_case"],
    "cases.step_reject": MAY["cases.change_case"],
    "cases.step_merge": MAY["cases.change_case"],
    "cases.step_rate": MAY["cases.change_case"],
    "cases.step_dispatch": MAY["cases.dispatch_case"],
    "cases.step_verify_pass": MAY["cases.verify_case"],
    "cases.step_verify_fail": MAY["cases.verify_case"],
    "cases.step_supervise": MAY["cases.supervise_case"],
    "cases.step_approve_extension": MAY["cases.dispatch_case"] | MAY["cases.supervise_case"],
    "cases.step_refuse_extension": MAY["cases.dispatch_case"] | MAY["cases.supervise_case"],
    "cases.step_reopen": MAY["cases.change_case"] | MAY["cases.supervise_case"],
}


@pytest.mark.parametrize("perm", list(STEP_HOLDERS))
def test_it_lets_a_staff_step_be_taken_by_the_holders_of_its_capability_at_the_case(perm, reported, personas):
    assert allowed(personas, perm, reported) == STEP_HOLDERS[perm]


@pytest.fixture
def dispatched(reported, personas, grids):
    svc.case_accept(case=reported, by=personas["grid_worker"])
    return svc.case_dispatch(case=reported, to=grids.D1, by=personas["secretary"], handler_kind="property")


@pytest.mark.parametrize("perm", ["cases.step_start", "cases.step_complete", "cases.step_request_extension"])
def test_it_lets_only_the_handler_take_the_handler_steps(perm, reported, personas, grids):
    assert allowed(personas, perm, reported) == set()  # before dispatch: nobody handles it
    svc.case_accept(case=reported, by=personas["grid_worker"])
    svc.case_dispatch(case=reported, to=grids.D1, by=personas["secretary"], handler_kind="police")
    assert allowed(personas, perm, reported) == {"police"}


def test_it_shows_the_callers_number_to_registrars_holders_of_personal_data_and_the_handler(dispatched, personas):
    pii = allowed(personas, "people.view_pii", dispatched)
    assert "police" in pii
    assert allowed(personas, "cases.reveal_contact", dispatched) == MAY["cases.change_case"] | pii | {"property_company"}


def test_it_lets_the_reporter_and_nobody_else_act_as_the_reporter(reported, personas):
    assert allowed(personas, "cases.act_as_reporter", reported) == {"resident"}


def test_it_lets_the_reporter_check_a_completed_case_only(reported, personas):
    assert not personas["resident"].has_perm("cases.verify_own_case", reported)
    reported.state = "completed"
    assert allowed(personas, "cases.verify_own_case", reported) == {"resident"}


def test_it_lets_the_reporter_rate_a_closed_case_once(reported, personas):
    reported.state = "closed"
    assert allowed(personas, "cases.rate_own_case", reported) == {"resident"}
    reported.rating = 5
    assert not personas["resident"].has_perm("cases.rate_own_case", reported)


def test_it_lets_the_reporter_reopen_a_closed_case_within_the_reopening_period(reported, personas):
    import datetime

    from django.utils import timezone

    reported.state, reported.closed_at = "closed", timezone.now() - datetime.timedelta(days=1)
    assert allowed(personas, "cases.reopen_own_case", reported) == {"resident"}
    reported.closed_at = timezone.now() - datetime.timedelta(days=400)
    assert not personas["resident"].has_perm("cases.reopen_own_case", reported)


def test_it_lets_anyone_follow_an_open_case_but_not_a_closed_one(reported, personas):
    assert personas["outsider"].has_perm("cases.follow_case", reported)
    reported.state = "closed"
    assert not personas["outsider"].has_perm("cases.follow_case", reported)


def test_it_shows_the_notes_of_a_case_to_its_reporter_and_followers_only(reported, personas):
    from cases.services.follow import case_follow

    assert allowed(personas, "cases.see_case_notes", reported) == {"resident"}
    case_follow(reported, personas["outsider"])
    assert allowed(personas, "cases.see_case_notes", reported) == {"resident", "outsider"}


def test_it_shows_a_cases_photos_to_its_followers_and_to_staff_who_see_cases_there(reported, personas):
    assert allowed(personas, "cases.view_case_photo", reported) == MAY["cases.view_case"] | {"resident"}


def test_it_takes_only_accepted_cases_into_a_bulk_dispatch(reported, personas):
    from cases.rules import case_awaits_dispatch

    assert not case_awaits_dispatch(None, reported)
    svc.case_accept(case=reported, by=personas["grid_worker"])
    assert case_awaits_dispatch(None, reported)


def test_it_answers_no_to_an_object_rule_asked_without_an_object(personas):
    assert not personas["resident"].has_perm("cases.act_as_reporter")


def test_every_rule_of_cases_is_listed_and_tested():
    from cases.rules import RULES
    from core.testing import rules_left_untested

    assert rules_left_untested("cases", RULES, __file__) == {"not listed": [], "not registered": [], "not tested": []}
