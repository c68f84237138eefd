"""What waits for staff of the meetings engine (core.work): the meetings of today and of this week of the bodies
in their scope. Each links to the meeting list filtered the same way."""

import datetime

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import VIEW_BODY
from core.work import WorkItem, counted_once
from meetings.filtersets import MeetingFilterSet
from meetings.models import Meeting
from meetings.workflow import MeetingState


def _week(now):
    day = timezone.localdate(now)
    start = day - datetime.timedelta(days=day.weekday())
    return start, start + datetime.timedelta(days=7)


def _today_query(now):
    return {"state": MeetingState.PLANNED, "day": timezone.localdate(now).isoformat()}


def _week_query(now):
    start, end = _week(now)
    return {"state": MeetingState.PLANNED, "starts_after": f"{start.isoformat()}T00:00:00", "starts_before": f"{end.isoformat()}T00:00:00"}


def _counts(user, now) -> dict:
    """Both counts in one query: the week's planned meetings, and of them today's (core.work.counted_once)."""

    def count():
        week = MeetingFilterSet(_week_query(now), queryset=Meeting.objects.for_user(user, VIEW_BODY)).qs
        today = MeetingFilterSet(_today_query(now), queryset=Meeting.objects.all()).qs
        return week.aggregate(week=Count("id"), today=Count("id", filter=Q(id__in=today.values("id"))))

    return counted_once(user, "meetings", count)


def _count(key):
    return lambda user, now: _counts(user, now)[key]


ITEMS = [
    WorkItem("meetings-today", _("Meetings today"), "meetings:meeting-list", VIEW_BODY, _count("today"), 80, _today_query),
    WorkItem("meetings-week", _("Meetings this week"), "meetings:meeting-list", VIEW_BODY, _count("week"), 81, _week_query),
]
