"""Working time on the holiday calendar: 2024 National Day (Oct 1-7 off; Sun Sep 29 and Sat Oct 12
are make-up working days)."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from cases.calendar import WorkingCalendar, add_working_time
from cases.models import Holiday

SH = ZoneInfo("Asia/Shanghai")
NATIONAL_DAY_2024 = {datetime.date(2024, 10, d): False for d in range(1, 8)} | {datetime.date(2024, 9, 29): True, datetime.date(2024, 10, 12): True}


def at(*args):
    return datetime.datetime(*args, tzinfo=SH)


@pytest.fixture
def holidays(db):
    for day, workday in NATIONAL_DAY_2024.items():
        Holiday.objects.create(date=day, is_workday=workday, name="国庆节" if not workday else "国庆调休")


def test_an_ordinary_week_skips_the_weekend():
    cal = WorkingCalendar()
    assert add_working_time(at(2024, 3, 15, 15, 0), days=1, calendar=cal) == at(2024, 3, 18, 15, 0)  # Fri -> Mon
    assert add_working_time(at(2024, 3, 11, 10, 0), days=5, calendar=cal) == at(2024, 3, 18, 10, 0)


def test_a_report_on_a_weekend_starts_counting_on_monday_morning():
    assert add_working_time(at(2024, 3, 16, 11, 30), days=1, calendar=WorkingCalendar()) == at(2024, 3, 19, 0, 0)


def test_five_working_days_across_national_day_end_on_the_make_up_saturday(holidays):
    # Mon Sep 30 10:00: 14 h that day, then Oct 8, 9, 10, 11 and 10 h of Saturday Oct 12
    assert add_working_time(at(2024, 9, 30, 10, 0), days=5) == at(2024, 10, 12, 10, 0)


def test_the_make_up_sunday_before_national_day_is_a_working_day(holidays):
    assert add_working_time(at(2024, 9, 27, 15, 0), days=1) == at(2024, 9, 29, 15, 0)


def test_working_hours_stand_still_over_the_holiday(holidays):
    assert add_working_time(at(2024, 9, 30, 20, 0), hours=8) == at(2024, 10, 8, 4, 0)
    assert add_working_time(at(2024, 9, 30, 20, 0), hours=3) == at(2024, 9, 30, 23, 0)


def test_a_time_given_in_utc_is_counted_on_the_local_calendar(holidays):
    # 2024-09-30 02:00 UTC is 10:00 in Shanghai
    assert add_working_time(datetime.datetime(2024, 9, 30, 2, 0, tzinfo=datetime.UTC), days=5) == at(2024, 10, 12, 10, 0)


def test_zero_time_is_the_start_itself():
    assert add_working_time(at(2024, 3, 13, 9, 0), days=0, calendar=WorkingCalendar()) == at(2024, 3, 13, 9, 0)
