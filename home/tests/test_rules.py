"""The top app's named rule, and the guard that every rule registered under `home.` is listed and tested."""

from core.testing import rules_left_untested


def test_staff_roles_use_the_staff_front_and_residents_do_not(personas):
    for persona in ("subdistrict_admin", "secretary", "grid_worker", "property_company", "auditor"):
        assert personas[persona].has_perm("home.use_staff_front"), persona
    for persona in ("resident", "volunteer", "owners_committee", "outsider"):
        assert not personas[persona].has_perm("home.use_staff_front"), persona


def test_every_rule_is_listed_and_tested():
    from home.rules import RULES

    assert rules_left_untested("home", RULES, __file__) == {"not listed": [], "not registered": [], "not tested": []}
