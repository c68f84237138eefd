"""The API of agenda items, decisions, votes and minutes: members and staff, steps, refusals as 409 with their
message; lists constant in queries as meetings, items and votes grow."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.models import Vote
from meetings.services.decisions import decision_open, vote_cast, vote_close
from meetings.services.minutes import minutes_draft
from meetings.tests.builders.decisions import add_item, build_council, sign_in

QUORUM = ("chair", "secretary", "m1", "m2", "m3")


def test_a_meeting_is_run_through_the_api(sitting, api, personas):
    staff, chair, member = api(personas["secretary"]), api(sitting.users["chair"]), api(sitting.users["m1"])
    r = member.post("/api/agenda-items/", {"meeting": sitting.meeting.pk, "title": "停车位划线"}, format="json")
    assert r.status_code == 201, r.content
    item = r.json()["id"]
    assert api(personas["outsider"]).post("/api/agenda-items/", {"meeting": sitting.meeting.pk, "title": "x"}, format="json").status_code == 404
    r = chair.post("/api/decisions/", {"item": item, "text": "同意划线", "mode": "vote"}, format="json", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert r.status_code == 409 and "法定人数" in r.json()["detail"]
    sign_in(sitting, *QUORUM)
    assert member.post("/api/decisions/", {"item": item, "text": "同意划线"}, format="json").status_code == 403
    decision = chair.post("/api/decisions/", {"item": item, "text": "同意划线"}, format="json").json()["id"]
    for client in (chair, member, api(sitting.users["secretary"])):
        assert client.post(f"/api/decisions/{decision}/vote/", {"choice": "for"}, format="json").status_code == 200
    again = member.post(f"/api/decisions/{decision}/vote/", {"choice": "against"}, format="json", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert again.status_code == 409 and "已经" in again.json()["detail"]
    absent = api(sitting.users["m6"]).post(f"/api/decisions/{decision}/vote/", {"choice": "for"}, format="json")
    assert absent.status_code == 409
    recorded = staff.post(f"/api/decisions/{decision}/vote/", {"choice": "against", "membership": sitting.members["m2"].pk}, format="json")
    assert recorded.status_code == 200
    assert member.post(f"/api/decisions/{decision}/close/", format="json").status_code == 403
    closed = chair.post(f"/api/decisions/{decision}/close/", format="json").json()
    assert (closed["state"], closed["votes_for"], closed["votes_against"], closed["present"]) == ("adopted", 3, 1, 5)
    assert len(member.get(f"/api/votes/?decision={decision}").json()["results"]) == 4
    r = staff.post("/api/minutes/", {"meeting": sitting.meeting.pk, "text": "纪要"}, format="json")
    assert r.status_code == 201
    minutes = r.json()["id"]
    assert staff.post(f"/api/minutes/{minutes}/approve/", format="json").status_code == 403  # the body has a chair
    assert chair.post(f"/api/minutes/{minutes}/approve/", format="json").json()["state"] == "approved"
    assert staff.post(f"/api/minutes/{minutes}/publish/", format="json").json()["published_until"]


def grow(tree, n, prefix):
    for i in range(n):
        sitting = build_council(tree.D1, prefix=f"{prefix}{i}", seats=4)
        sign_in(sitting, "chair", "secretary", "m1")
        for j in range(2):
            d = decision_open(item=add_item(sitting, f"事项{j}"), text="同意", by=sitting.users["chair"])
            vote_cast(decision=d, choice="for", by=sitting.users["chair"])
            vote_cast(decision=d, choice="against", by=sitting.users["m1"])
            vote_close(decision=d)
        minutes_draft(meeting=sitting.meeting, text="纪要", by=sitting.users["secretary"])


LISTS = ["/api/agenda-items/", "/api/decisions/", "/api/votes/", "/api/minutes/"]


@pytest.mark.parametrize("url", LISTS)
def test_lists_make_the_same_number_of_queries_for_more_meetings(api, personas, tree, url):
    client = api(personas["secretary"])
    grow(tree, 1, "s")
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    grow(tree, 4, "l")
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large) == len(small) <= 8, [q["sql"] for q in large]
    assert Vote.objects.count() == 20


def test_the_printable_minutes_and_the_meeting_part_stay_constant_as_the_agenda_grows(login, personas, tree, sitting):
    from django.urls import reverse

    client = login(personas["secretary"])
    sign_in(sitting, *QUORUM)
    url = reverse("meetings:minutes-print", args=[sitting.meeting.pk])

    def add(n):
        for _ in range(n):
            d = decision_open(item=add_item(sitting), text="同意", by=sitting.users["chair"])
            vote_cast(decision=d, choice="for", by=sitting.users["m1"])

    add(1)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    add(5)
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large) == len(small)
