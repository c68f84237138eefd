"""Writes to alarm rules, from the rules editor, the API and the defaults loader.

Every write goes through `smart.conditions.validate_rule` (which the edge also calls, to show its
errors): a rule that is not valid raises `ValidationError` and changes nothing. The engine's rule
cache is refreshed by the save signal (`smart.engine.rules_changed`); the audit log records every
change (smart.AlarmRule is in `audit.signals.AUDITED`); `by` is accepted for the callers' symmetry."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from smart.conditions import validate_rule
from smart.models import AlarmRule, Severity

RULE_FIELDS = (
    "alarm_type", "name", "create_conditions", "clear_condition", "schedule", "details", "opens_case", "case_min_severity",
    "case_category_code", "case_priority", "notify_maintainer", "is_active",
)  # fmt: skip
CHECKED = ("alarm_type", "create_conditions", "clear_condition", "schedule", "details", "opens_case", "case_category_code", "case_priority", "case_min_severity")  # fmt: skip


def _checked(device_type, values: dict, rule_id=None) -> dict:
    return validate_rule(device_type=device_type, rule_id=rule_id, **{k: values[k] for k in CHECKED})


@transaction.atomic
def rule_create(
    *,
    device_type,
    alarm_type: str,
    name: str,
    create_conditions: dict,
    clear_condition: dict | None = None,
    schedule: dict | None = None,
    details: str = "",
    opens_case: bool = False,
    case_min_severity: int = Severity.MAJOR,
    case_category_code: str = "",
    case_priority: int = 3,
    notify_maintainer: bool = False,
    is_active: bool = True,
    by=None,
) -> AlarmRule:
    values = dict(locals())
    values.pop("device_type")
    values.pop("by")
    values.update(_checked(device_type, values))
    return AlarmRule.objects.create(device_type=device_type, **values)


@transaction.atomic
def rule_update(*, rule: AlarmRule, by=None, **changes) -> AlarmRule:
    """Change some fields of a rule (not its device type nor its alarm type: its alarms carry that); the whole rule is checked again."""
    unknown = set(changes) - set(RULE_FIELDS)
    if unknown:
        raise TypeError(f"rule_update: unknown fields {sorted(unknown)}")
    rule = AlarmRule.objects.select_for_update().select_related("device_type").get(pk=rule.pk)
    if changes.get("alarm_type", rule.alarm_type) != rule.alarm_type:
        raise ValidationError({"alarm_type": [_("The alarm type of a rule does not change; make a new rule for another.")]})
    values = {f: getattr(rule, f) for f in RULE_FIELDS}
    values.update(changes)
    values.update(_checked(rule.device_type, values, rule_id=rule.pk))
    for f in RULE_FIELDS:
        setattr(rule, f, values[f])
    rule.save()
    return rule
