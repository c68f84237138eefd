"""What waits for staff of the meetings engine (core.work): the meetings of today and of this week of the bodies
in their scope. Each links to the meeting list filtered the same way."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import VIEW_BODY
from core.work import WorkItem
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


def _count(query):
    def count(user, now):
        qs = Meeting.objects.for_user(user, VIEW_BODY)
        return MeetingFilterSet(query(now), queryset=qs).qs

    return count


ITEMS = [
    WorkItem("meetings-today", _("Meetings today"), "meetings:meeting-list", VIEW_BODY, _count(_today_query), 80, _today_query),
    WorkItem("meetings-week", _("Meetings this week"), "meetings:meeting-list", VIEW_BODY, _count(_week_query), 81, _week_query),
]
