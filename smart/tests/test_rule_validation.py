"""`validate_rule`: the one check behind the rules editor, the API and the services, and the default rules."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from smart.conditions import validate_rule
from smart.defaults.rules import DEFAULT_RULES, check_defaults, rules_load
from smart.models import AlarmRule, DeviceType
from smart.services.rules import rule_update
from smart.tests.builders.alarms import make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(tree):
    return make_world(tree)


@pytest.fixture
def garbage(world):
    return DeviceType.objects.get(code="garbage")


def check(device_type, **kw):
    fields = {"alarm_type": "odour", "create_conditions": {"MAJOR": {"kind": "simple", "predicates": [{"key": "odour", "op": ">", "value": 5}]}}}
    fields.update(kw)
    with translation.override("en"):
        try:
            return validate_rule(device_type=device_type, **fields), None
        except ValidationError as e:
            return None, e.message_dict


def cond(*predicates, **kw):
    return {"MAJOR": {"kind": "simple", "predicates": list(predicates), **kw}}


def test_a_good_rule_comes_back_normalised(garbage):
    out, errors = check(
        garbage,
        create_conditions={"major": {"predicates": [{"key": "odour", "op": ">", "value": "5.0"}]}},
        schedule={"days": [4, 0, 0], "start": "08:00:00", "end": "20:00"},
    )
    assert errors is None
    assert out["create_conditions"] == {
        "MAJOR": {"kind": "simple", "match": "all", "predicates": [{"key": "odour", "source": "telemetry", "op": ">", "value": 5}]}
    }
    assert out["schedule"] == {"days": [0, 4], "start": "08:00", "end": "20:00"}


@pytest.mark.parametrize(
    "create, message",
    [
        (cond({"key": "speed", "op": ">", "value": 1}), "“speed” is not a measurement of"),
        (cond({"key": "odour", "op": "=>", "value": 1}), "unknown operator “=>”"),
        (cond({"key": "odour", "op": ">", "value": "high"}), "the value must be a number"),
        (cond({"key": "trapped", "source": "event"}), "“trapped” is not an event of"),
        (cond({"key": "odour", "op": ">", "value": 1}, kind="duration", seconds=-5), "greater than 0"),
        (cond({"key": "odour", "op": ">", "value": 1}, kind="repeating", seconds=60), "the count must be"),
        (cond({"key": "overflow", "source": "event"}, kind="duration", seconds=60), "events have no duration"),
        (cond({"key": "overflow", "source": "event"}, {"key": "odour", "op": ">", "value": 1}), "combine them with “any”"),
        (cond(), "give at least one predicate"),
        (cond({"key": "odour", "op": ">", "value": 1}, kind="sometimes"), "unknown kind"),
        ({"URGENT": {"predicates": [{"key": "odour", "op": ">", "value": 1}]}}, "is not a severity"),
        ({}, "Give at least one create condition"),
    ],
)
def test_bad_conditions_are_refused_with_a_clear_message(garbage, create, message):
    out, errors = check(garbage, create_conditions=create)
    assert out is None
    assert any(message in m for m in errors["create_conditions"]), errors


def test_a_message_names_the_severity_and_the_row(garbage):
    _out, errors = check(
        garbage, create_conditions={"CRITICAL": {"predicates": [{"key": "odour", "op": ">", "value": 1}, {"key": "nope", "op": ">", "value": 1}]}}
    )
    assert errors["create_conditions"] == ["Critical: row 2: “nope” is not a measurement of 智能分类垃圾房."]


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"clear_condition": {"predicates": [{"key": "odour", "op": "<>", "value": 1}]}}, "clear_condition", "Clear condition: row 1: unknown operator"),
        ({"schedule": {"days": [7], "start": "08:00", "end": "20:00"}}, "schedule", "numbered 0 (Monday) to 6"),
        ({"schedule": {"days": [1], "start": "8 am", "end": "20:00"}}, "schedule", "HH:MM"),
        ({"schedule": {"days": [], "start": "08:00", "end": "20:00"}}, "schedule", "at least one day"),
        ({"details": "满溢 {fill"}, "details", "unmatched brace"),
        ({"details": "{values[0]}"}, "details", "write a measurement as {key}"),
        ({"opens_case": True, "case_category_code": ""}, "case_category_code", "Choose the category"),
        ({"opens_case": True, "case_category_code": "NOPE"}, "case_category_code", "Unknown case category"),
        ({"case_priority": 9}, "case_priority", "from 1 (low) to 4"),
        ({"alarm_type": "overflow"}, "alarm_type", "already has a rule"),
    ],
)
def test_bad_options_are_refused_with_a_clear_message(garbage, fields, field, message):
    _out, errors = check(garbage, **fields)
    assert any(message in m for m in errors[field]), errors


def test_garbage_of_any_shape_is_refused_not_crashed_on(garbage):
    for create in (
        [1],
        {"MAJOR": [1]},
        {"MAJOR": {"predicates": [[1], {"key": ["x"]}, {"key": "odour", "op": [">"]}, {"source": {}}]}},
        {"MAJOR": {"kind": ["x"], "match": {}}},
    ):
        _out, errors = check(garbage, create_conditions=create)
        assert errors
    _out, errors = check(garbage, create_conditions=cond({"key": "odour", "op": ">", "value": float("inf")}))
    assert "the value must be a number" in errors["create_conditions"][0]


def test_every_default_rule_is_valid_and_loading_twice_changes_nothing(world):
    check_defaults()
    assert AlarmRule.objects.count() == len(DEFAULT_RULES)
    rule = AlarmRule.objects.get(device_type__code="elevator", alarm_type="trapped")
    rule_update(rule=rule, name="困人（已改）")
    assert rules_load() == (0, [])
    assert AlarmRule.objects.get(pk=rule.pk).name == "困人（已改）"  # staff edits are kept


def test_the_alarm_type_of_a_rule_does_not_change(world):
    rule = AlarmRule.objects.get(device_type__code="elevator", alarm_type="trapped")
    with pytest.raises(ValidationError):
        rule_update(rule=rule, alarm_type="stuck")


def test_the_default_rules_name_the_categories_and_urgencies_the_brief_asks_for(world):
    got = {(r.device_type.code, r.alarm_type): (r.case_category_code, r.case_priority, r.notify_maintainer) for r in AlarmRule.objects.filter(opens_case=True)}
    assert got[("elevator", "trapped")] == ("FAC-LIFT-TRAP", 4, True)
    assert got[("elevator", "fault")][0] == "FAC-LIFT"
    assert got[("fire", "low_pressure")][0] == "FAC-FIRE"
    assert got[("smoke", "smoke_alarm")][0] == "SAFE-SMOKE"
    assert got[("gas", "gas_leak")][0] == "SAFE-GAS"
    assert got[("water", "water_leak")][0] == "SAFE-WATER"
    assert got[("garbage", "overflow")][0] == "ENV-WASTE"
    assert got[("camera", "throw")][0] == "ENV-THROW"
    assert got[("camera", "illegal_parking")][0] == "TRAFFIC-PARK"
    assert got[("camera", "clutter")][0] == "ENV-CLUTTER"
    assert not AlarmRule.objects.get(device_type__code="smoke", alarm_type="low_battery").opens_case


def test_smart_defaults_loads_the_rules_once_and_says_what_it_could_not_make(db):
    import io

    from django.core.management import call_command

    from cases.defaults import CATEGORIES
    from cases.services import categories_load

    err = io.StringIO()
    call_command("smart_defaults", stdout=io.StringIO(), stderr=err)  # no case categories yet: the rules that open cases wait
    assert "alarm rule not made: elevator/trapped" in err.getvalue()
    made_first = AlarmRule.objects.count()
    assert made_first == sum(1 for r in DEFAULT_RULES if not r["opens_case"])
    categories_load(CATEGORIES)
    out = io.StringIO()
    call_command("smart_defaults", stdout=out, stderr=io.StringIO())
    assert f"{len(DEFAULT_RULES) - made_first} alarm rules made" in out.getvalue()
    call_command("smart_defaults", stdout=out, stderr=io.StringIO())
    assert AlarmRule.objects.count() == len(DEFAULT_RULES)
