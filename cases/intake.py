"""Cases from machines: a device alarm or a camera detection becomes a case (issue 4 item 1).

The device/alarm app and camera detection call `case_from_alarm`. A device repeats itself (a smoke
sensor every minute, a camera on every frame, MQTT QoS 1 delivers twice), so while a case is open for
the same (source, device, category) a repeat opens no second case: it leaves a "repeat" step on the
open case's timeline and returns that case. The check and the insert run under a lock on the category
row (`SELECT ... FOR UPDATE` on PostgreSQL; SQLite's IMMEDIATE transactions serialise writers
anyway), so two repeats arriving together cannot both open a case.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Case, CaseCategory, Priority, Source
from cases.services import case_report, case_step
from cases.workflow import OPEN_STATES
from org.models import Unit

ALARM_SOURCES = (Source.DEVICE, Source.CAMERA)


def _when(occurred_at: datetime.datetime | None) -> str:
    return f"{timezone.localtime(occurred_at or timezone.now()):%Y-%m-%d %H:%M:%S}"


def open_alarm_case(source: str, device_ref: str, category: CaseCategory) -> Case | None:
    """The open case a repeat of this alarm belongs to, if any."""
    return Case.objects.filter(source=source, external_ref=device_ref, category=category, state__in=OPEN_STATES).order_by("id").first()


@transaction.atomic
def case_from_alarm(
    *,
    source: str,
    device_ref: str,
    category_code: str,
    description: str,
    lat: Decimal | float | None = None,
    lng: Decimal | float | None = None,
    unit: Unit | None = None,
    priority: int = Priority.HIGH,
    occurred_at: datetime.datetime | None = None,
) -> Case:
    """A case for an alarm of device (or camera) `device_ref`, or the open case it repeats.

    `source` is "device" or "camera"; the category is found by its code; the place is the pin (its grid
    by point-in-polygon) or `unit`. There is no reporter: the machine reported it. Raises
    `ValidationError` for an unknown source, device or category, or a place outside every grid."""
    if source not in ALARM_SOURCES:
        raise ValidationError({"source": _("An alarm comes from a device or a camera.")})
    device_ref = (device_ref or "").strip()
    if not device_ref:
        raise ValidationError({"device_ref": _("Say which device or camera raised the alarm.")})
    # the lock: repeats of alarms of one category queue here, so the check below sees the case a concurrent repeat opened
    category = CaseCategory.objects.select_for_update().filter(code=category_code, is_active=True).first()
    if category is None:
        raise ValidationError({"category_code": _("Unknown case category “%(code)s”.") % {"code": category_code}})
    existing = open_alarm_case(source, device_ref, category)
    if existing is not None:
        note = _("Repeated at %(time)s: %(description)s") % {"time": _when(occurred_at), "description": description}
        return case_step(existing, None, None, note, action="repeat")
    case = case_report(
        category=category,
        description=description,
        source=source,
        reporter=None,
        unit=unit,
        lat=lat,
        lng=lng,
        priority=priority,
        by=None,
        external_ref=device_ref,
        note=_("Raised at %(time)s.") % {"time": _when(occurred_at)} if occurred_at is not None else "",
    )
    return case
