"""What waits for staff in the smart community today (core.work): the active critical alarms, and the active
alarms nobody has acknowledged yet, counted in one query. Each links to the alarm list filtered to the same
alarms."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from accounts.roles import ACK_ALARM, VIEW_DEVICE
from core.work import WorkItem, counted_once
from smart.models import Alarm, Severity


def _counts(user) -> dict:
    return (
        Alarm.objects.for_user(user, VIEW_DEVICE)
        .filter(active=True)
        .aggregate(critical=Count("id", filter=Q(severity=Severity.CRITICAL)), unacknowledged=Count("id", filter=Q(acknowledged=False)))
    )


def _count(key):
    def count(user, now):
        return counted_once(user, "smart-alarms", lambda: _counts(user))[key]

    return count


ITEMS = [
    WorkItem(
        "alarms-critical",
        _("Active critical alarms"),
        "smart:alarm-list",
        VIEW_DEVICE,
        _count("critical"),
        1,
        {"active": "true", "severity": Severity.CRITICAL},
        tone="danger",
    ),
    WorkItem(
        "alarms-unacknowledged",
        _("Alarms not acknowledged"),
        "smart:alarm-list",
        ACK_ALARM,
        _count("unacknowledged"),
        60,
        {"active": "true", "acknowledged": "false"},
    ),
]
