"""The device platform's named rules (django-rules): who acknowledges and clears which alarm, and when.

(Alarm *rules* — the conditions that raise alarms — are another thing: `smart/services/rules.py`.)
Phase predicates say where an alarm is; the named permissions compose them with the capability
predicates of `accounts.rules` (smart.ack_alarm held at the alarm's device's unit). Pages, API and
services ask the same names: `user.has_perm("smart.handle_alarm", alarm)`.

Registered here (the guard test in `smart/tests/test_rules.py` checks this list):
"""

import rules

from accounts.roles import ACK_ALARM
from accounts.rules import holds, object_predicate


def alarm_device(alarm):
    return alarm.device


@object_predicate
def alarm_is_unacknowledged(user, alarm) -> bool:
    return not alarm.acknowledged


@object_predicate
def alarm_is_active(user, alarm) -> bool:
    """Not cleared yet (by staff or by the rule's clear condition)."""
    return alarm.active


handles_alarms_there = holds(ACK_ALARM, via=alarm_device)

RULES = {
    # acknowledge and clear are allowed on the alarms of the devices in the user's smart.ack_alarm scope
    "smart.handle_alarm": handles_alarms_there,
    "smart.acknowledge_alarm": handles_alarms_there & alarm_is_unacknowledged,
    "smart.clear_alarm": handles_alarms_there & alarm_is_active,
}

for _name, _predicate in RULES.items():
    rules.add_perm(_name, _predicate)

__doc__ += "".join(f"\n- `{name}`" for name in RULES)
