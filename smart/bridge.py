"""Alarms and cases, both ways, and who hears of an alarm (issue 5 item 5).

- Raise: a rule with `opens_case` opens a case (`cases.intake.case_from_alarm`, which turns a repeat on
  an open case of the same device and category into a "repeat" step, never a second case) when the
  alarm is raised at or above the rule's `case_min_severity`, or when its severity rises to it; the
  alarm is linked to the case. Then the property company at the device's unit or above, and with
  `notify_maintainer` the device maintainer's members, get a notice: a trapped passenger reaches both
  at once. A rule with `notify_maintainer` but no case notifies when the alarm is new.
- Clear (by the clear condition or by staff): the linked case, if still open, gets a note on its
  timeline. The case workflow has no plain "note" step; the "repeat" step (a device speaking again on
  an open case, no state change, no notices) is the one made for machine notes, so it is used.
- Case closed (结案, or not registered): its alarms are cleared and acknowledged by whoever closed it.
  A case merged into another hands its alarms to the surviving case.

A case that cannot be opened (unknown category, a place outside every grid) is logged and the alarm
stands without a case: an alarm must never be lost, nor a stored batch rolled back, for a case.
"""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from smart.models import Alarm, DeviceKind, Maintainer, Severity

logger = logging.getLogger("smart.alarms")
PROPERTY_ROLE = "property_company"


def case_source(device) -> str:
    return "camera" if device.device_type.kind == DeviceKind.CAMERA else "device"


def _local(dt) -> str:
    return f"{timezone.localtime(dt):%Y-%m-%d %H:%M:%S}" if dt else ""


def case_description(alarm: Alarm, rule, device) -> str:
    where = " ".join(x for x in (device.unit.name if device.unit_id else "", device.location) if x)
    head = f"{rule.name}：{device.name}（{device.code}）"
    if where:
        head += f"，{where}"
    return f"{head}。{alarm.details}" if alarm.details else head


def open_case(alarm: Alarm, rule, device, at):
    """The case for the alarm (a new one, or the open one it repeats), or None when it cannot be opened."""
    from cases.intake import case_from_alarm

    try:
        with transaction.atomic():
            return case_from_alarm(
                source=case_source(device),
                device_ref=device.code,
                category_code=rule.case_category_code,
                description=case_description(alarm, rule, device),
                lat=device.lat,
                lng=device.lng,
                unit=device.unit,
                priority=rule.case_priority,
                occurred_at=at,
            )
    except ValidationError as e:
        logger.warning("alarm %s of %s opened no case: %s", alarm.alarm_type, device.code, e.messages)
        return None


def alarm_recipients(device, rule) -> set[int]:
    """The property company at the device's unit or an ancestor, and the maintainer's members when the rule says so."""
    from accounts.models import RoleAssignment
    from cases.notices import ancestor_paths

    ids = set(RoleAssignment.objects.filter(role=PROPERTY_ROLE, unit_path__in=ancestor_paths(device.unit_path)).values_list("user_id", flat=True))
    if getattr(rule, "notify_maintainer", False) and device.maintainer_id:
        ids |= set(Maintainer.members.through.objects.filter(maintainer_id=device.maintainer_id).values_list("user_id", flat=True))
    return ids


def alarm_url(device, case) -> str:
    try:
        return reverse("smart:device-detail", args=[device.pk])
    except NoReverseMatch:
        pass
    if case is not None:
        from cases.notices import STAFF_CASE_URLS, case_url

        return case_url(case, STAFF_CASE_URLS)
    return ""


def notify(alarm: Alarm, rule, device) -> list:
    from notices.services import notices_send

    users = alarm_recipients(device, rule)
    if not users:
        return []
    with translation.override(settings.LANGUAGE_CODE):
        title = _("%(severity)s alarm: %(name)s, %(device)s") % {"severity": Severity(alarm.severity).label, "name": rule.name, "device": device.name}
        body = " ".join(x for x in (device.unit.name, device.location) if x)
        body = f"{body}：{alarm.details}" if alarm.details else body
        if alarm.case_id:
            body += " " + _("Case %(number)s has been opened.") % {"number": alarm.case.number}
    return notices_send(users, title, body, alarm_url(device, alarm.case if alarm.case_id else None))


def alarm_raised(alarm: Alarm, *, rule, device, created: bool, escalated: bool, at) -> None:
    """After a raise: open the case the rule asks for, and tell the people concerned."""
    if rule is None:
        return
    linked = False
    if rule.opens_case and alarm.case_id is None and (created or escalated) and alarm.severity >= rule.case_min_severity:
        case = open_case(alarm, rule, device, at)
        if case is not None:
            alarm.case = case
            Alarm.objects.filter(pk=alarm.pk).update(case=case)
            linked = True
    if linked or (created and rule.notify_maintainer):
        notify(alarm, rule, device)


def alarm_cleared_note(alarm: Alarm, *, by=None, at=None) -> None:
    """A note on the linked case's timeline, if the case is still open."""
    if not alarm.case_id:
        return
    from cases.models import Case
    from cases.services import case_step
    from cases.workflow import OPEN_STATES
    from core.workflow import IllegalTransition

    case = Case.objects.filter(pk=alarm.case_id, state__in=OPEN_STATES).first()
    if case is None:
        return
    with translation.override(settings.LANGUAGE_CODE):
        how = _("cleared by staff") if by is not None else _("its clear condition held")
        note = _("Device alarm “%(type)s” cleared at %(time)s (%(how)s).") % {"type": alarm.alarm_type, "time": _local(at or timezone.now()), "how": how}
    try:
        case_step(case, None, by, note, action="repeat")
    except IllegalTransition:  # closed meanwhile
        pass


def alarms_close_with_case(case_id: int, *, by=None, at=None) -> int:
    """The linked case was closed: its alarms are cleared and acknowledged by the closer. Returns how many changed."""
    at = at or timezone.now()
    by = by if getattr(by, "pk", None) else None
    changed = 0
    for alarm in Alarm.objects.select_for_update().filter(case_id=case_id).filter(Q(active=True) | Q(acknowledged=False)):
        if alarm.active:
            alarm.active, alarm.cleared_at, alarm.cleared_by = False, at, by
        if not alarm.acknowledged:
            alarm.acknowledged, alarm.acknowledged_at, alarm.acknowledged_by = True, at, by
        alarm.save(update_fields=["active", "cleared_at", "cleared_by", "acknowledged", "acknowledged_at", "acknowledged_by"])
        changed += 1
    if changed:
        from smart.selectors import critical_alarms_changed

        critical_alarms_changed()
        transaction.on_commit(critical_alarms_changed)
    return changed


def case_step_taken(step) -> None:
    """A case of an alarm closed or merged: the alarm follows. Registered in SmartConfig.ready as a step
    after every case step (`cases.hooks`), so the case services run it explicitly."""
    if step.from_state == step.to_state:
        return
    from cases.models import Case
    from cases.workflow import CaseState

    if step.to_state in (CaseState.CLOSED, CaseState.REJECTED):
        alarms_close_with_case(step.case_id, by=step.by, at=step.at)
    elif step.to_state == CaseState.MERGED:
        into = Case.objects.filter(pk=step.case_id).values_list("merged_into_id", flat=True).first()
        if into:
            Alarm.objects.filter(case_id=step.case_id).update(case_id=into)
