"""Opening hours and the slots generated from them (S1.1-S1.2).

Opening hours are {"0": [["08:30", "12:00"], ["13:30", "17:00"]], ..., "6": [...]} by weekday (0 =
Monday), local (Beijing) time; a missing or empty day is closed; a room with no hours of its own keeps
its place's.

`slots_generate(weeks=4)` makes, for the next `weeks` weeks from now:
- for each bookable room in use, slots of `room.slot_minutes` inside each opening period, capacity 1
  (a room is booked by one group at a time); periods when a service holds a session in that room are
  left out;
- for each offered service that is booked (Access.BOOK), one session per opening period of its room
  (or its place), capacity = the service's places.
It is idempotent: the unique constraints on (room, start) and (service, start) keep a second run from
adding anything (INSERT ... ON CONFLICT DO NOTHING), so the daily job just keeps the horizon filled.
"""

import datetime
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from doorstep.models import Access, Room, Service, Slot

DEFAULTS = {
    "SERVICES_NO_SHOW_LIMIT": 3,
    "SERVICES_NO_SHOW_WINDOW_DAYS": 90,
    "SERVICES_NO_SHOW_BAN_DAYS": 30,
    "SERVICES_NO_SHOW_AFTER_MINUTES": 30,
    "SERVICES_CHECK_IN_BEFORE_MINUTES": 30,
    "SERVICES_CHECK_IN_AFTER_MINUTES": 30,
    "SERVICES_SLOT_WEEKS": 4,
}


def setting(name: str) -> int:
    return int(getattr(settings, name, DEFAULTS[name]))


def check_in_window(slot: Slot) -> tuple[datetime.datetime, datetime.datetime]:
    opens = slot.start - datetime.timedelta(minutes=setting("SERVICES_CHECK_IN_BEFORE_MINUTES"))
    closes = min(slot.end, slot.start + datetime.timedelta(minutes=setting("SERVICES_CHECK_IN_AFTER_MINUTES")))
    return opens, closes


WEEKDAYS = range(7)
TIME_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
PERIOD_RE = re.compile(r"^\s*(\d{1,2}:\d{2})\s*[-–~至]\s*(\d{1,2}:\d{2})\s*$")
MAX_WEEKS = 26


def local_tz():
    return ZoneInfo(settings.TIME_ZONE)


# --- opening hours --------------------------------------------------------------------------------


def _hhmm(value: str) -> str:
    value = value.strip()
    if len(value) == 4:
        value = "0" + value
    if not TIME_RE.match(value):
        raise ValidationError(_("“%(value)s” is not a time of day (write it as 08:30).") % {"value": value})
    return value


def periods_parse(text: str) -> list[list[str]]:
    """ "08:30-12:00, 13:30-17:00" → [["08:30", "12:00"], ["13:30", "17:00"]], checked and sorted."""
    periods = []
    for part in re.split(r"[,，;；、\n]+", (text or "").strip()):
        if not part.strip():
            continue
        m = PERIOD_RE.match(part)
        if not m:
            raise ValidationError(_("“%(value)s” is not a period; write periods as 08:30-12:00, 13:30-17:00.") % {"value": part.strip()})
        periods.append([_hhmm(m.group(1)), _hhmm(m.group(2))])
    return periods_checked(periods)


def periods_checked(periods) -> list[list[str]]:
    periods = sorted([_hhmm(a), _hhmm(b)] for a, b in periods)
    for a, b in periods:
        if a >= b:
            raise ValidationError(_("A period must end after it starts (%(start)s-%(end)s).") % {"start": a, "end": b})
    for (a1, b1), (a2, b2) in zip(periods, periods[1:], strict=False):
        if a2 < b1:
            raise ValidationError(_("The periods %(first)s and %(second)s overlap.") % {"first": f"{a1}-{b1}", "second": f"{a2}-{b2}"})
    return periods


def periods_text(periods) -> str:
    return ", ".join(f"{a}-{b}" for a, b in periods or [])


def hours_checked(hours) -> dict:
    """A valid opening-hours dict (keys "0".."6", days without periods dropped) or ValidationError."""
    if not isinstance(hours, dict):
        raise ValidationError(_("Opening hours must be given per weekday."))
    out = {}
    for key, periods in hours.items():
        if str(key) not in {str(d) for d in WEEKDAYS}:
            raise ValidationError(_("“%(value)s” is not a weekday (0 = Monday ... 6 = Sunday).") % {"value": key})
        checked = periods_checked(periods or [])
        if checked:
            out[str(key)] = checked
    return dict(sorted(out.items()))


def effective_hours(room: Room | None, place) -> dict:
    if room is not None and room.opening_hours:
        return room.opening_hours
    return (place.opening_hours if place is not None else None) or {}


def _at(day: datetime.date, hhmm: str, tz) -> datetime.datetime:
    h, m = (int(x) for x in hhmm.split(":"))
    return datetime.datetime(day.year, day.month, day.day, h, m, tzinfo=tz)


def opening_periods(hours: dict, start_day: datetime.date, days: int):
    """(start, end) aware datetimes of each opening period on `days` days from `start_day`."""
    tz = local_tz()
    for i in range(days):
        day = start_day + datetime.timedelta(days=i)
        for a, b in hours.get(str(day.weekday()), []):
            yield _at(day, a, tz), _at(day, b, tz)


def room_chunks(room: Room, hours: dict, start_day: datetime.date, days: int):
    step = datetime.timedelta(minutes=max(5, room.slot_minutes or 60))
    for a, b in opening_periods(hours, start_day, days):
        t = a
        while t + step <= b:
            yield t, t + step
            t += step


# --- generation -----------------------------------------------------------------------------------


@dataclass
class Generated:
    room_slots: int = 0
    service_slots: int = 0

    def __str__(self):
        return f"{self.room_slots} room slots and {self.service_slots} service sessions added"


def _insert(rows: list[Slot]) -> int:
    if not rows:
        return 0
    before = Slot.objects.count()
    Slot.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    return Slot.objects.count() - before


@transaction.atomic
def slots_generate(*, weeks: int = 4, now: datetime.datetime | None = None, rooms=None, services=None) -> Generated:
    """Slots for the next `weeks` weeks (from `now`) of the given (default: all) rooms and services."""
    weeks = max(1, min(int(weeks), MAX_WEEKS))
    now = now or timezone.now()
    start_day = timezone.localtime(now, local_tz()).date()
    days = weeks * 7
    done = Generated()

    services = Service.objects.filter(is_active=True, access=Access.BOOK) if services is None else services
    rows = []
    for service in services.select_related("room", "place"):
        hours = effective_hours(service.room, service.place)
        for a, b in opening_periods(hours, start_day, days):
            if a > now:
                rows.append(Slot(service=service, unit_path=service.unit_path or service.place.unit_path, start=a, end=b, capacity=service.capacity))
    done.service_slots = _insert(rows)

    rooms = Room.objects.filter(is_active=True, bookable=True) if rooms is None else rooms
    rooms = list(rooms.select_related("place"))
    horizon = now + datetime.timedelta(days=days + 1)
    held: dict[int, list[tuple]] = {}
    sessions = Slot.objects.filter(service__room__in=rooms, is_cancelled=False, end__gt=now, start__lt=horizon).values_list("service__room_id", "start", "end")
    for room_id, a, b in sessions:
        held.setdefault(room_id, []).append((a, b))
    rows = []
    for room in rooms:
        busy = held.get(room.pk, [])
        for a, b in room_chunks(room, effective_hours(room, room.place), start_day, days):
            if a > now and not any(a < e and s < b for s, e in busy):
                rows.append(Slot(room=room, unit_path=room.unit_path, start=a, end=b, capacity=1))
    done.room_slots = _insert(rows)
    return done
