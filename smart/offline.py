"""Offline (inactivity) alarms, fired on time by a periodic job, never by waiting for the next message
(the ThingsBoard complaint in LESSONS "Device platforms").

Every `OFFLINE_EVERY` seconds `offline_check(now)` looks for devices in service whose last message is
older than their type's `offline_after` (0: never offline; a device never seen is not alarmed until it
has been seen once), marks them offline and raises their "offline" alarm: MAJOR, unless the type has an
active rule of alarm type "offline", whose highest create severity, details and case options apply.
When such a device is heard again (`StoredBatch.came_online`), `offline_clear` clears the alarm.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from smart.conditions import SEVERITY_NAMES, render_details
from smart.models import OFFLINE_ALARM, Alarm, AlarmRule, Device, DeviceState, DeviceType, Severity
from smart.services.alarms import alarm_clear_by_condition, alarm_raise

OFFLINE_EVERY = 10


def offline_severity(rule: AlarmRule | None) -> int:
    if rule is None:
        return Severity.MAJOR
    levels = [SEVERITY_NAMES[k] for k in (rule.create_conditions or {}) if k in SEVERITY_NAMES]
    return max(levels) if levels else Severity.MAJOR


def offline_details(rule: AlarmRule | None, device: Device, now) -> str:
    silent = int((now - device.last_seen_at).total_seconds() // 60)
    seen = f"{timezone.localtime(device.last_seen_at):%Y-%m-%d %H:%M:%S}"
    if rule is not None and rule.details:
        return render_details(rule.details, {"minutes": silent, "last_seen": seen, "device": device.name, "code": device.code, "location": device.location})
    return _("No message for %(minutes)s minutes (last seen %(time)s).") % {"minutes": silent, "time": seen}


def offline_check(now: datetime.datetime | None = None) -> str:
    """Mark silent devices offline and raise their offline alarms; one line saying how many."""
    now = now or timezone.now()
    rules = {r.device_type_id: r for r in AlarmRule.objects.filter(alarm_type=OFFLINE_ALARM, is_active=True)}
    found = 0
    for device_type in DeviceType.objects.filter(offline_after__gt=0):
        cutoff = now - datetime.timedelta(seconds=device_type.offline_after)
        with transaction.atomic():
            silent = Device.objects.filter(device_type=device_type, is_active=True, last_seen_at__isnull=False, last_seen_at__lt=cutoff).exclude(
                state=DeviceState.OFFLINE
            )
            # a device that ingestion is touching right now is skipped: it is not silent, and the next run sees it
            ids = list(silent.select_for_update(skip_locked=True).values_list("pk", flat=True))
            if not ids:
                continue
            Device.objects.filter(pk__in=ids).update(state=DeviceState.OFFLINE, state_changed_at=now)
            rule = rules.get(device_type.pk)
            severity = offline_severity(rule)
            for device in Device.objects.filter(pk__in=ids).select_related("device_type", "unit"):
                alarm_raise(device=device, alarm_type=OFFLINE_ALARM, severity=severity, at=now, details=offline_details(rule, device, now), rule=rule)
            found += len(ids)
    return f"{found} devices went offline"


@transaction.atomic
def offline_clear(device_ids, at: datetime.datetime) -> int:
    """The devices were heard again: their active offline alarms are cleared. Returns how many."""
    if not device_ids:
        return 0
    ids = list(Alarm.objects.filter(device_id__in=list(device_ids), alarm_type=OFFLINE_ALARM, active=True).values_list("pk", flat=True))
    return sum(1 for pk in ids if alarm_clear_by_condition(alarm_id=pk, at=at) is not None)
