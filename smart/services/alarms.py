"""Writes to alarms (DOMAIN-RULES §4): raise or extend, clear, acknowledge.

`active` and `acknowledged` are independent flags. At most one active alarm per (device, alarm type),
enforced by the partial unique index `smart_alarm_one_active`: a raise while one is active extends it
(last time, count, a higher severity; never a lower one: severity comes down only by clearing). Two
consumers raising the same alarm at once cannot both create it: the loser's insert fails on the index
inside a savepoint and it extends the winner's alarm instead. Cases and notices follow through
`smart.bridge`. Permissions are checked at the edge (pages, API): the services trust their caller.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import Conflict
from smart import bridge
from smart.models import Alarm, Device
from smart.rules import alarm_is_active, alarm_is_unacknowledged
from smart.selectors import critical_alarms_changed


def _changed() -> None:
    """The header's kept counts of critical alarms are stale: now, and again once the change commits (a page
    that counted in between would otherwise keep the old number for the cache's lifetime)."""
    critical_alarms_changed()
    transaction.on_commit(critical_alarms_changed)


class AlarmStateConflict(Conflict, ValidationError):
    """The alarm's state does not allow the change (already cleared, already acknowledged); nothing changed.
    A ValidationError to the pages, a 409 to the API (core.exceptions)."""


@dataclass
class Raised:
    alarm: Alarm
    created: bool  # a new alarm (False: an active one was extended)
    escalated: bool  # an extension that raised the severity


def _active_locked(device_id: int, alarm_type: str) -> Alarm | None:
    return Alarm.objects.select_for_update().filter(device_id=device_id, alarm_type=alarm_type, active=True).first()


@transaction.atomic
def alarm_raise(
    *,
    device: Device,
    alarm_type: str,
    severity: int,
    at: datetime.datetime,
    details: str = "",
    rule=None,
    count: int = 1,
    started_at: datetime.datetime | None = None,
) -> Raised:
    """Create the active alarm of (device, alarm_type), or extend the active one: `count` more triggers,
    last triggered `at`, the severity raised if `severity` is higher, the details brought up to date.
    `rule` (an `AlarmRule`, or the engine's compiled copy of one) decides whether a case opens."""
    details = (details or "")[:300]
    existing = _active_locked(device.pk, alarm_type)
    if existing is None:
        try:
            with transaction.atomic():  # a savepoint: a concurrent raise that won leaves this transaction usable
                alarm = Alarm.objects.create(
                    device=device,
                    rule_id=getattr(rule, "id", None),
                    alarm_type=alarm_type,
                    severity=severity,
                    details=details,
                    started_at=started_at or at,
                    last_at=at,
                    count=count,
                )
        except IntegrityError:
            existing = _active_locked(device.pk, alarm_type)
            if existing is None:
                raise
        else:
            alarm.device = device
            _changed()
            bridge.alarm_raised(alarm, rule=rule, device=device, created=True, escalated=False, at=at)
            return Raised(alarm, True, False)
    escalated = severity > existing.severity
    existing.severity = max(existing.severity, severity)
    existing.last_at = max(existing.last_at, at)
    existing.count += count
    if details:
        existing.details = details
    existing.save(update_fields=["severity", "last_at", "count", "details"])
    existing.device = device
    if escalated:
        _changed()
    bridge.alarm_raised(existing, rule=rule, device=device, created=False, escalated=escalated, at=at)
    return Raised(existing, False, escalated)


def _lock_case_of(case_id: int | None) -> None:
    """Lock the linked case before the alarm: closing a case locks the case, then its alarms; clearing takes
    the same order, so a clear and a close at the same moment wait for each other instead of deadlocking."""
    if case_id:
        from cases.models import Case

        list(Case.objects.select_for_update().filter(pk=case_id).values_list("pk", flat=True))


def _lock(alarm: Alarm) -> Alarm:
    _lock_case_of(alarm.case_id)
    alarm.refresh_from_db(from_queryset=Alarm.objects.select_for_update())
    return alarm


def alarm_cleared(alarm: Alarm, *, at: datetime.datetime, by=None) -> Alarm:
    """Clear a locked, active alarm (by its clear condition when `by` is None, else by staff) and tell its case."""
    alarm.active = False
    alarm.cleared_at = at
    alarm.cleared_by = by if getattr(by, "pk", None) else None
    alarm.save(update_fields=["active", "cleared_at", "cleared_by"])
    _changed()
    bridge.alarm_cleared_note(alarm, by=alarm.cleared_by, at=at)
    return alarm


@transaction.atomic
def alarm_clear_by_condition(*, alarm_id: int, at: datetime.datetime) -> Alarm | None:
    """The rule's clear condition held: clear the alarm if it is still active (None if it no longer is)."""
    _lock_case_of(Alarm.objects.filter(pk=alarm_id).values_list("case_id", flat=True).first())
    alarm = Alarm.objects.select_for_update().filter(pk=alarm_id, active=True).first()
    return alarm_cleared(alarm, at=at) if alarm is not None else None


@transaction.atomic
def alarm_clear(*, alarm: Alarm, by) -> Alarm:
    """Staff clear an active alarm (whether acknowledged or not); its open case gets a note."""
    _lock(alarm)
    if not alarm_is_active(by, alarm):
        raise AlarmStateConflict(_("This alarm has already been cleared."))
    return alarm_cleared(alarm, at=timezone.now(), by=by)


@transaction.atomic
def alarm_acknowledge(*, alarm: Alarm, by) -> Alarm:
    """Staff acknowledge an alarm, active or cleared: someone has seen it and takes it on."""
    _lock(alarm)
    if not alarm_is_unacknowledged(by, alarm):
        raise AlarmStateConflict(_("This alarm has already been acknowledged."))
    alarm.acknowledged = True
    alarm.acknowledged_at = timezone.now()
    alarm.acknowledged_by = by if getattr(by, "pk", None) else None
    alarm.save(update_fields=["acknowledged", "acknowledged_at", "acknowledged_by"])
    _changed()
    return alarm
