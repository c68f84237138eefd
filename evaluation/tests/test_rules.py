"""The named rules of evaluation/rules.py, with the shared personas, and the guard that every rule registered
under `evaluation.` is listed in `evaluation.rules.RULES` and tested here."""

import pytest

from accounts.services import role_assign
from evaluation.models import PeriodState, Result
from evaluation.services import period_run

pytestmark = pytest.mark.django_db


def allowed(personas, perm, obj=None):
    return {name for name, user in personas.items() if user.has_perm(perm, obj)}


def test_it_lets_council_members_and_representatives_rate_in_their_estate(personas, tree):
    assert allowed(personas, "evaluation.rate_in_estate", tree.D1) == set()
    role_assign(user=personas["volunteer"], role="representative", unit=tree.D1)
    assert allowed(personas, "evaluation.rate_in_estate", tree.D1) == {"volunteer"}
    assert allowed(personas, "evaluation.rate_in_estate", tree.D2) == set()


def test_it_shows_a_published_result_to_the_residents_of_its_estate(personas, people, period, tree):
    period_run(period=period)
    people["zsf"].user = personas["resident"]
    people["zsf"].save(update_fields=["user"])
    mine, other = Result.objects.get(period=period, estate=tree.D1), Result.objects.get(period=period, estate=tree.D2)
    assert allowed(personas, "evaluation.see_published_result", mine) == set()  # computed, not published
    mine.period.state = other.period.state = PeriodState.PUBLISHED
    assert allowed(personas, "evaluation.see_published_result", mine) == {"resident"}
    assert allowed(personas, "evaluation.see_published_result", other) == set()


def test_every_rule_of_evaluation_is_listed_and_tested():
    from core.testing import rules_left_untested
    from evaluation.rules import RULES

    assert rules_left_untested("evaluation", RULES, __file__) == {"not listed": [], "not registered": [], "not tested": []}
