"""Open311 publishes a clock-hour limit in hours, never in working days (issue 4, the case clocks)."""

import pytest

from cases.models import CaseCategory, HandlerKind, TimeUnit


@pytest.fixture
def trap(db):
    return CaseCategory.objects.create(
        code="FAC-LIFT-TRAP", name="电梯困人", handler_kind=HandlerKind.PROPERTY, time_limit=1, time_unit=TimeUnit.CLOCK_HOURS, accept_minutes=15
    )


def test_clock_hour_categories_are_published_in_hours_not_working_days(trap):
    from django.utils import translation

    from open311.serializers import service_notice

    with translation.override("en"):
        text = service_notice(trap)
    assert "1 hours" in text and "working days" not in text


def test_clock_hour_categories_are_published_in_hours_in_chinese(trap):
    from django.utils import translation

    from open311.serializers import service_notice

    with translation.override("zh-hans"):
        text = service_notice(trap)
    assert "1 小时" in text and "工作日" not in text
