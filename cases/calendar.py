"""Working time on a working-day calendar kept as data (DOMAIN-RULES §3).

A day is a working day when it is Monday to Friday, unless a `Holiday` row says otherwise: a national
holiday on a weekday is a day off (`is_workday=False`), a make-up day (调休) on a weekend is a working
day (`is_workday=True`).

Working time runs on the clock during working days and stands still on the others: `add_working_time`
cuts the days off out of the timeline and adds `days` × 24 hours plus `hours`. So 1 working day from
Friday 15:00 is Monday 15:00, 5 working days from Monday 10:00 is the next Monday 10:00, and a report
made on a Saturday starts counting at 00:00 on the next working day. Times are in the site's time zone.
"""

import datetime
from collections.abc import Callable

from django.utils import timezone

DAY = datetime.timedelta(days=1)


class WorkingCalendar:
    """Whether a date is a working day, from a mapping of exceptions {date: is_workday}."""

    def __init__(self, exceptions: dict[datetime.date, bool] | None = None):
        self.exceptions = dict(exceptions or {})

    def is_workday(self, day: datetime.date) -> bool:
        if day in self.exceptions:
            return self.exceptions[day]
        return day.weekday() < 5

    @classmethod
    def from_db(cls, start: datetime.date, end: datetime.date) -> "WorkingCalendar":
        from cases.models import Holiday

        return cls(dict(Holiday.objects.filter(date__gte=start, date__lte=end).values_list("date", "is_workday")))


def _walk(local: datetime.datetime, remaining: datetime.timedelta, is_workday: Callable[[datetime.date], bool]) -> datetime.datetime:
    cur = local
    for _ in range(3660):  # ten years of days: a calendar without working days is a data error
        midnight = datetime.datetime.combine(cur.date() + DAY, datetime.time.min, tzinfo=cur.tzinfo)
        if is_workday(cur.date()):
            available = midnight - cur
            if remaining <= available:
                return cur + remaining
            remaining -= available
        cur = midnight
    raise ValueError("no working days in the calendar")


def add_working_time(
    start: datetime.datetime, *, days: int = 0, hours: int = 0, clock_hours: int = 0, clock_minutes: int = 0, calendar: WorkingCalendar | None = None
) -> datetime.datetime:
    """`start` plus `days` working days and `hours` working hours, as an aware datetime.

    `clock_hours` are hours round the clock (自然小时), days off included: an urgent safety matter such as
    a passenger trapped in a lift on a Sunday night is due within hours, not on Monday; `clock_minutes` likewise
    (the time allowed to register such a report)."""
    if clock_hours or clock_minutes:
        return start + datetime.timedelta(hours=clock_hours, minutes=clock_minutes)
    tz = timezone.get_current_timezone()
    local = timezone.localtime(start, tz).replace(tzinfo=None)
    remaining = datetime.timedelta(days=days, hours=hours)
    if calendar is None:
        span = remaining.days + 1
        calendar = WorkingCalendar.from_db(local.date(), local.date() + datetime.timedelta(days=span * 3 + 60))
    end = _walk(local, remaining, calendar.is_workday)
    return timezone.make_aware(end, tz)
