"""System checks of the case system's reference data: next year's holiday calendar (DOMAIN-RULES §3).

Working days follow the 国务院办公厅's yearly notice, kept as `Holiday` rows. Without next year's rows every
weekday of next year counts as a working day (1 January included), so from 1 November (the notice usually
comes out in late autumn) `manage.py check` and the staff case pages warn until the rows are added."""

import datetime

from django.core import checks
from django.db import DatabaseError
from django.utils import timezone
from django.utils.translation import gettext as _

WARN_FROM = (11, 1)  # month, day


def missing_holiday_year(today: datetime.date | None = None) -> int | None:
    """Next year, when it is 1 November or later and next year has no holiday rows; else None."""
    from cases.models import Holiday

    today = today or timezone.localdate()
    if (today.month, today.day) < WARN_FROM:
        return None
    year = today.year + 1
    return None if Holiday.objects.filter(date__year=year).exists() else year


def holiday_warning_text(year: int) -> str:
    return _(
        "The holiday calendar has no days for %(year)s: every weekday of %(year)s, 1 January included, counts as a working day. "
        "Add the days of the 国务院办公厅 notice for %(year)s (admin: holidays and make-up days, or cases/defaults.py and manage.py cases_defaults)."
    ) % {"year": year}


@checks.register()
def next_year_holidays(app_configs=None, **kwargs):
    try:
        year = missing_holiday_year()
    except DatabaseError:  # no table yet (before migrate): nothing to say
        return []
    if year is None:
        return []
    return [checks.Warning(holiday_warning_text(year), id="cases.W001")]


def holiday_warning() -> str:
    """The warning text for the staff case pages, or ""."""
    year = missing_holiday_year()
    return holiday_warning_text(year) if year else ""
