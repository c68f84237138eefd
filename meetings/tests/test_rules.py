"""The guard that every rule registered under `meetings.` is listed in `meetings.rules.RULES` and tested in one of
the rules' test files (`test_rules_bodies.py`, `test_rules_decisions.py`)."""

from pathlib import Path

from core.testing import rules_left_untested
from meetings.rules import RULES

HERE = Path(__file__).parent


def test_every_meetings_rule_is_listed_registered_and_tested():
    files = [str(p) for p in sorted(HERE.glob("test_rules_*.py"))]
    assert rules_left_untested("meetings", RULES, files) == {"not listed": [], "not registered": [], "not tested": []}
