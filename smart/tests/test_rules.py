"""The named rules of smart/rules.py (who acknowledges and clears which alarm, and when): one test per rule and
phase, with the shared personas, and the guard that every rule registered under `smart.` is listed in
`smart.rules.RULES` and tested here. (The alarm *rules* that raise alarms are tested in test_rule_*.py.)"""

from smart.rules import alarm_is_active, alarm_is_unacknowledged
from smart.tests.builders.pages import devices as devices  # noqa: F401  (the fixture)


def allowed(personas, perm, obj=None):
    return {name for name, user in personas.items() if user.has_perm(perm, obj)}


def test_it_lets_those_acknowledging_alarms_at_the_device_handle_its_alarms(devices, personas):
    lift_alarm, smoke_alarm = devices["lift_alarm"], devices["smoke_alarm"]
    at_lift = allowed(personas, "smart.ack_alarm", devices["lift"])
    assert {"grid_worker", "property_company"} <= at_lift
    assert allowed(personas, "smart.handle_alarm", lift_alarm) == at_lift
    assert allowed(personas, "smart.handle_alarm", smoke_alarm) == allowed(personas, "smart.ack_alarm", devices["smoke"]) == at_lift - {"grid_worker", "property_company", "secretary", "social_worker", "area_manager"}


def test_it_lets_an_alarm_be_acknowledged_once(devices, personas):
    alarm = devices["lift_alarm"]
    handlers = allowed(personas, "smart.handle_alarm", alarm)
    assert alarm_is_unacknowledged(None, alarm) and allowed(personas, "smart.acknowledge_alarm", alarm) == handlers
    alarm.acknowledged = True
    assert allowed(personas, "smart.acknowledge_alarm", alarm) == set()


def test_it_lets_an_active_alarm_be_cleared_acknowledged_or_not(devices, personas):
    alarm = devices["lift_alarm"]
    handlers = allowed(personas, "smart.handle_alarm", alarm)
    alarm.acknowledged = True
    assert alarm_is_active(None, alarm) and allowed(personas, "smart.clear_alarm", alarm) == handlers
    alarm.active = False
    assert allowed(personas, "smart.clear_alarm", alarm) == set()


def test_every_rule_of_smart_is_listed_and_tested():
    from core.testing import rules_left_untested
    from smart.rules import RULES

    assert rules_left_untested("smart", RULES, __file__) == {"not listed": [], "not registered": [], "not tested": []}
