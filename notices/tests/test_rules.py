"""The named rules of notices/rules.py, with the shared personas, and the guard that every rule registered
under `notices.` is listed in `notices.rules.RULES` and tested here."""

import rules

from notices.services import notices_send


def test_it_lets_a_notice_be_read_by_its_recipient_alone(personas):
    [notice] = notices_send([personas["resident"]], "您的诉求已办结")
    assert {name for name, user in personas.items() if rules.has_perm("notices.read_notice", user, notice)} == {"resident"}


def test_every_rule_of_notices_is_listed_and_tested():
    from core.testing import rules_left_untested
    from notices.rules import RULES

    assert rules_left_untested("notices", RULES, __file__) == {"not listed": [], "not registered": [], "not tested": []}
