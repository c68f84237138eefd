"""The bricks of every app's rules (accounts/rules.py), and the guard over all of them: every named permission
is a capability of accounts.roles or listed in its app's `rules.RULES`."""

import importlib

import rules
from django.apps import apps

from accounts.roles import ALL_PERMS, CHANGE_UNIT, VIEW_UNIT
from accounts.rules import holds, holds_at_subdistrict, object_predicate


def test_it_registers_one_capability_predicate_per_capability():
    assert all(rules.perm_exists(perm) for perm in ALL_PERMS)
    assert holds(VIEW_UNIT) is holds(VIEW_UNIT)


def test_it_asks_a_capability_at_another_objects_unit_through_via(tree, personas):
    class Thing:
        def __init__(self, unit):
            self.unit = unit

    at_g2 = holds(VIEW_UNIT, via=lambda thing: thing.unit)
    assert at_g2.test(personas["subdistrict_admin"], Thing(tree.G2))
    assert not at_g2.test(personas["grid_worker"], Thing(tree.G2)) and at_g2.test(personas["grid_worker"], Thing(tree.G1))


def test_it_holds_a_capability_at_a_subdistrict_only_for_roles_held_there(personas):
    at_subdistrict = holds_at_subdistrict(CHANGE_UNIT)
    assert {name for name, user in personas.items() if at_subdistrict.test(user)} == {"subdistrict_admin", "sysadmin"}


def test_it_answers_no_for_an_object_predicate_asked_without_an_object():
    @object_predicate
    def is_anything(user, obj):
        return True

    assert is_anything.name == "is_anything"
    assert not is_anything.test(None) and is_anything.test(None, object())


def test_every_named_permission_is_a_capability_or_listed_in_its_apps_rules():
    unlisted = set()
    for name in rules.permissions.permissions:
        if name in ALL_PERMS:
            continue
        label = name.split(".")[0]
        module = importlib.import_module(f"{apps.get_app_config(label).name}.rules")
        if name not in getattr(module, "RULES", {}):
            unlisted.add(name)
    assert unlisted == set()
