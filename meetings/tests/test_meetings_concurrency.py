"""Sign-in at the same moment (PostgreSQL: real concurrent connections): one attendance row per member."""

import threading

import pytest
from django.conf import settings
from django.db import connections

from core.testing import make_user
from meetings.models import Attendance, Meeting, Membership
from meetings.services.meetings import meeting_schedule, meeting_sign_in, meeting_tick
from meetings.tests.builders.bodies import future, make_council, member

ON_SQLITE = settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")


@pytest.mark.skipif(ON_SQLITE, reason="needs concurrent connections")
@pytest.mark.django_db(transaction=True)
def test_a_member_signing_in_twice_at_once_while_staff_tick_them_leaves_one_attendance(tree):
    body = make_council(tree.D1)
    user, staff = make_user("twice"), make_user("ticker")
    m = member(body, "owners", user=user)
    meeting = meeting_schedule(body=body, title="并发签到", starts_at=future(24), ends_at=future(26), location="会议室", invite=False)
    start, results = threading.Barrier(6), []

    def attempt(i):
        try:
            start.wait()
            mt = Meeting.objects.get(pk=meeting.pk)
            if i % 3 == 2:
                results.append(meeting_tick(meeting=mt, membership=Membership.objects.get(pk=m.pk), by=staff)[1])
            else:
                results.append(meeting_sign_in(meeting=mt, user=user)[1])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [False] * 5 + [True]  # one created it; the others found it
    assert Attendance.objects.filter(meeting=meeting, membership=m).count() == 1
