"""Topics from recurring cases: the same category recurring in one building or grid (5 in 90 days) is suggested, in
the user's scope only, and can be put on the agenda of an upcoming meeting of a body covering the place."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases.models import Case, CaseCategory
from cases.services import case_report
from deliberation.selectors.topics import recurring_topics
from deliberation.tests.builders.summons import make_body
from meetings.models import AgendaItem, ItemSource
from meetings.services.meetings import meeting_schedule

pytestmark = pytest.mark.django_db


@pytest.fixture
def categories():
    return CaseCategory.objects.create(code="T-1", name="楼道堆物"), CaseCategory.objects.create(code="T-2", name="噪音扰民")


def report(category, unit, n, days_ago=1):
    cases = [case_report(category=category, description="又来了", unit=unit) for _ in range(n)]
    Case.objects.filter(pk__in=[c.pk for c in cases]).update(created_at=timezone.now() - datetime.timedelta(days=days_ago))
    return cases


def test_five_cases_of_one_category_in_one_building_within_ninety_days_make_a_topic(personas, tree, categories):
    litter, noise = categories
    report(litter, tree.H1, 3)
    report(litter, tree.H1b, 2)  # the same building B1
    report(litter, tree.H1, 3, days_ago=120)  # too old
    report(noise, tree.H1, 4)  # too few
    topics = recurring_topics(personas["secretary"])
    assert [(t["category"], t["place"], t["count"]) for t in topics] == [(litter, tree.B1, 5)]  # the grid's topic is the building's
    assert recurring_topics(personas["area_manager"])  # A1 covers D1
    assert recurring_topics(personas["resident"]) == []


def test_cases_spread_over_a_grid_make_a_grid_topic(personas, tree, categories):
    litter, _noise = categories
    report(litter, tree.H1, 3)
    report(litter, tree.G1, 2)
    topics = recurring_topics(personas["secretary"])
    assert [(t["place"], t["count"]) for t in topics] == [(tree.G1, 5)]


def test_a_topic_is_put_on_the_agenda_once_and_then_shows_its_meeting(login, personas, tree, categories):
    litter, _noise = categories
    cases = report(litter, tree.H1, 5)
    body = make_body(tree.D1)
    start = timezone.now() + datetime.timedelta(days=7)
    meeting = meeting_schedule(body=body, title="十二月议事会", starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    far = make_body(tree.D2)
    other = meeting_schedule(body=far, title="蓝天议事会", starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    client = login(personas["secretary"])
    page = client.get("/deliberation/topics/").content.decode()
    assert "十二月议事会" in page and "蓝天议事会" not in page
    data = {"category": litter.pk, "place": tree.B1.pk, "meeting": other.pk}
    client.post("/deliberation/topics/agenda/", data)
    assert not AgendaItem.objects.exists()  # not a meeting covering the place (nor in the secretary's scope)
    client.post("/deliberation/topics/agenda/", data | {"meeting": meeting.pk})
    item = AgendaItem.objects.get()
    assert (item.meeting, item.source, item.case_category, item.case_place) == (meeting, ItemSource.CASE_CLUSTER, litter, tree.B1)
    assert set(item.cases.all()) == set(cases)
    page = client.get("/deliberation/topics/").content.decode()
    assert "topic-on-agenda" in page and 'name="meeting"' not in page
    api = client.get("/api/deliberation-topics/").json()
    assert api[0]["agenda_item"] == item.pk and len(api[0]["cases"]) == 5


def test_the_topics_page_makes_the_same_number_of_queries_for_more_topics(login, personas, tree, categories):
    litter, noise = categories
    client = login(personas["subdistrict_admin"])
    report(litter, tree.H1, 5)
    client.get("/deliberation/topics/")
    with CaptureQueriesContext(connection) as small:
        assert client.get("/deliberation/topics/").status_code == 200
    report(noise, tree.H2, 6)
    report(litter, tree.G2, 5)
    with CaptureQueriesContext(connection) as large:
        assert client.get("/deliberation/topics/").status_code == 200
    assert len(large) == len(small), [q["sql"] for q in large]
    assert len(large) <= 16
