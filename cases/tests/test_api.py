"""The read-only cases API: scoped lists and details with the timeline, filters, no reporter, no writes."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases import services as svc
from cases.models import Case
from cases.tests.conftest import IN_G1, IN_G2


def test_the_detail_carries_the_timeline_and_never_the_reporter(api, reported, personas, grids):
    svc.case_accept(case=reported, by=personas["grid_worker"])
    body = api(personas["grid_worker"]).get(f"/api/cases/{reported.pk}/").json()
    assert body["number"] == reported.number and body["state"] == "accepted" and body["grid_name"] == grids.G1.name
    assert [t["action"] for t in body["transitions"]] == ["report", "accept"]
    assert "reporter" not in body and "followers" not in body


def test_the_list_filters_by_state_unit_and_lateness(api, reported, personas, grids, categories):
    other = svc.case_report(category=categories["clutter"], description="蓝天", reporter=None, **IN_G2)
    svc.case_accept(case=other, by=personas["subdistrict_admin"])
    Case.objects.filter(pk=other.pk).update(due_at=timezone.now() - datetime.timedelta(hours=1))
    client = api(personas["subdistrict_admin"])

    def ids(**params):
        return {row["id"] for row in client.get("/api/cases/", params).json()["results"]}

    assert ids() == {reported.pk, other.pk}
    assert ids(state="reported") == {reported.pk}
    assert ids(under=grids.D2.pk) == {other.pk}
    assert ids(overdue="true") == {other.pk}
    assert ids(overdue="false") == {reported.pk}
    assert ids(q=reported.number) == {reported.pk}


@pytest.mark.parametrize("method", ["patch", "put", "delete"])
def test_a_case_cannot_be_edited_or_deleted_through_the_api_only_moved_by_its_steps(api, reported, personas, method):
    client = api(personas["subdistrict_admin"])
    url = f"/api/cases/{reported.pk}/"
    assert getattr(client, method)(url, {}, format="json").status_code == 405


def test_the_list_makes_the_same_number_of_queries_for_more_cases(api, grids, personas, categories):
    client = api(personas["subdistrict_admin"])

    def grow(n):
        for i in range(n):
            case = svc.case_report(category=categories["clutter"], description=f"堆物{i}", reporter=None, **(IN_G1 if i % 2 else IN_G2))
            svc.case_accept(case=case, by=personas["subdistrict_admin"])
            svc.case_dispatch(case=case, to=grids.D1, by=personas["subdistrict_admin"])

    grow(1)
    client.get("/api/cases/")
    with CaptureQueriesContext(connection) as small:
        assert client.get("/api/cases/").status_code == 200
    grow(15)
    with CaptureQueriesContext(connection) as large:
        assert len(client.get("/api/cases/").json()["results"]) == 16
    assert len(large) == len(small) <= 8
