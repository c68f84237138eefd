"""The guard that every rule registered under `deliberation.` is listed in `deliberation.rules.RULES` and tested in one of
the rules' test files (`test_rules_actions.py`, `test_rules_matters.py`, `test_rules_summons.py`)."""

from pathlib import Path

from core.testing import rules_left_untested
from deliberation.rules import RULES

HERE = Path(__file__).parent


def test_every_deliberation_rule_is_listed_registered_and_tested():
    files = [str(p) for p in sorted(HERE.glob("test_rules_*.py"))]
    assert rules_left_untested("deliberation", RULES, files) == {"not listed": [], "not registered": [], "not tested": []}
