"""The rules of the 三重一大 register: auditors read it, managers at the unit write it while it is pending."""

import pytest

from deliberation.models import Matter, Spending

pytestmark = pytest.mark.django_db


def test_auditors_and_managers_see_the_register_in_their_scope(tree, personas):
    matter = Matter(unit=tree.D1, unit_path=tree.D1.path)
    assert personas["auditor"].has_perm("deliberation.view_register", matter)
    assert personas["secretary"].has_perm("deliberation.view_register", matter)
    assert not personas["property_company"].has_perm("deliberation.view_register", matter)
    assert not personas["secretary"].has_perm("deliberation.view_register", Matter(unit=tree.D2, unit_path=tree.D2.path))


def test_managers_change_a_pending_matter_auditors_never(tree, personas):
    matter = Matter(unit=tree.D1, unit_path=tree.D1.path, state="proposed")
    assert personas["secretary"].has_perm("deliberation.change_matter", matter)
    assert not personas["auditor"].has_perm("deliberation.change_matter", matter)
    matter.state = "executed"
    assert not personas["secretary"].has_perm("deliberation.change_matter", matter)


def test_managers_change_an_open_spending(tree, personas):
    spending = Spending(unit=tree.D1, unit_path=tree.D1.path, state="requested")
    assert personas["secretary"].has_perm("deliberation.change_spending", spending)
    assert not personas["area_manager"].has_perm("deliberation.change_spending", spending)  # VIEW_MATTER only
    spending.state = "paid"
    assert not personas["secretary"].has_perm("deliberation.change_spending", spending)


def test_thresholds_are_set_by_managers_of_the_unit(tree, personas):
    assert personas["secretary"].has_perm("deliberation.set_funds_threshold", tree.D1)
    assert not personas["secretary"].has_perm("deliberation.set_funds_threshold", tree.S)
    assert not personas["auditor"].has_perm("deliberation.set_funds_threshold", tree.D1)
