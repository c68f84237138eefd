"""The shipped calendar and categories load idempotently and give the right due times."""

import datetime
import io
from zoneinfo import ZoneInfo

from django.core.management import call_command

from cases.calendar import add_working_time
from cases.defaults import CATEGORIES, HOLIDAYS
from cases.models import CaseCategory, Holiday

SH = ZoneInfo("Asia/Shanghai")


def test_loading_the_defaults_twice_keeps_one_row_each(db):
    call_command("cases_defaults", stdout=io.StringIO())
    call_command("cases_defaults", stdout=io.StringIO())
    assert Holiday.objects.count() == len({d for d, _, _ in HOLIDAYS})
    assert CaseCategory.objects.count() == len(CATEGORIES)
    assert CaseCategory.objects.get(code="FAC-LIFT").parent.code == "FAC"


def test_make_up_days_fall_on_weekends_and_holidays_mostly_on_weekdays():
    for day, is_workday, _name in HOLIDAYS:
        if is_workday:
            assert datetime.date.fromisoformat(day).weekday() >= 5, day


def test_the_2025_national_day_week_is_counted_with_its_make_up_saturday(db):
    call_command("cases_defaults", stdout=io.StringIO())
    # Tue Sep 30 2025 09:00: 15 h, then Oct 9, 10, Sat Oct 11 (make-up), Oct 13 and 9 h of Oct 14
    start = datetime.datetime(2025, 9, 30, 9, 0, tzinfo=SH)
    assert add_working_time(start, days=5) == datetime.datetime(2025, 10, 14, 9, 0, tzinfo=SH)
