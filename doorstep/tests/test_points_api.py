"""The API of 睦邻点, duty shifts and the reception log: steps answer 409 when the state does not allow
them, 403 without the right, 404 outside the scope; writes go through the services."""

import datetime

import pytest
from django.utils import timezone

from cases.models import CaseCategory
from doorstep.models import DutyShift, NeighbourhoodPoint, PointState, ReceptionLog
from doorstep.tests.builders.points import make_place, make_point

P = PointState


@pytest.fixture
def point(tree):
    return make_point(tree.D1)


def test_a_point_is_proposed_approved_flagged_reviewed_and_retired_through_the_api(api, tree, personas):
    sw, admin = api(personas["social_worker"]), api(personas["subdistrict_admin"])
    r = sw.post("/api/points/", {"name": "读书会", "unit": tree.D1.pk, "host_name": "陈老师", "address": "5号楼", "theme": "读书"}, format="json")
    assert r.status_code == 201 and r.json()["state"] == "proposed"
    pk = r.json()["id"]
    assert sw.post(f"/api/points/{pk}/approve/", {}, format="json").status_code == 403  # social workers do not review
    assert admin.post(f"/api/points/{pk}/retire/", {"reason": "x"}, format="json").status_code == 409
    assert admin.post(f"/api/points/{pk}/approve/", {}, format="json").status_code == 200
    assert admin.post(f"/api/points/{pk}/flag/", {"note": "活动少"}, format="json").status_code == 200
    assert admin.post(f"/api/points/{pk}/retire/", {"reason": "x"}, format="json").status_code == 409  # review first
    assert admin.post(f"/api/points/{pk}/review/", {}, format="json").status_code == 200
    assert admin.post(f"/api/points/{pk}/retire/", {}, format="json").status_code == 400  # the reason is required
    done = admin.post(f"/api/points/{pk}/retire/", {"reason": "停办"}, format="json")
    assert done.status_code == 200 and done.json()["state"] == "retired"
    assert [t["action"] for t in done.json()["transitions"]] == ["propose", "approve", "flag", "review", "retire"]


def test_proposing_outside_ones_districts_is_refused(api, tree, personas):
    r = api(personas["social_worker"]).post("/api/points/", {"name": "x", "unit": tree.D2.pk, "host_name": "x", "address": "x", "theme": "x"}, format="json")
    assert r.status_code == 400
    assert api(personas["area_manager"]).post("/api/points/", {}, format="json").status_code == 403
    assert not NeighbourhoodPoint.objects.exists()


def test_activities_are_recorded_and_listed(api, point, personas):
    client = api(personas["social_worker"])
    body = {"date": timezone.localdate().isoformat(), "title": "剪纸", "attendance": 14}
    assert client.post(f"/api/points/{point.pk}/activities/", body, format="json").status_code == 201
    assert [a["title"] for a in client.get(f"/api/points/{point.pk}/activities/").json()] == ["剪纸"]
    assert api(personas["area_manager"]).post(f"/api/points/{point.pk}/activities/", body, format="json").status_code == 403


def test_model_flag_and_rating_through_the_api(api, point, personas):
    admin = api(personas["subdistrict_admin"])
    assert admin.post(f"/api/points/{point.pk}/model/", {"is_model": True}, format="json").json()["is_model"] is True
    suggestion = admin.get(f"/api/points/{point.pk}/rating-suggestion/", {"year": 2024}).json()
    assert [c["code"] for c in suggestion["criteria"]] == ["activity", "participation", "satisfaction", "supervision", "records"]
    r = admin.post(
        f"/api/points/{point.pk}/rating/",
        {"year": 2024, "scores": {"activity": 30, "participation": 20, "satisfaction": 20, "supervision": 20, "records": 10}},
        format="json",
    )
    assert r.status_code == 201 and r.json()["stars"] == 5


def test_filters_on_the_point_list(api, tree, personas):
    make_point(tree.D1, name="手工坊")
    make_point(tree.D1, name="读书会", theme="读书", state=P.PROPOSED)
    client = api(personas["subdistrict_admin"])
    assert [p["name"] for p in client.get("/api/points/", {"state": "proposed"}).json()["results"]] == ["读书会"]
    assert [p["name"] for p in client.get("/api/points/", {"q": "手工"}).json()["results"]] == ["手工坊"]


def test_duty_shifts_through_the_api_refuse_an_overlap(api, tree, personas):
    station = make_place(tree.D1)
    client = api(personas["secretary"])
    start = timezone.make_aware(datetime.datetime(2025, 3, 3, 18, 0))
    body = {
        "place": station.pk,
        "user": personas["social_worker"].pk,
        "kind": "evening",
        "start": start.isoformat(),
        "end": (start + datetime.timedelta(hours=2)).isoformat(),
    }
    r = client.post("/api/duty-shifts/", body, format="json")
    assert r.status_code == 201
    assert client.post("/api/duty-shifts/", {**body, "place": station.pk}, format="json").status_code == 400
    assert client.post("/api/duty-shifts/", {**body, "user": personas["resident"].pk}, format="json").status_code == 400  # not staff there
    assert api(personas["area_manager"]).post("/api/duty-shifts/", body, format="json").status_code == 403
    assert api(personas["area_manager"]).delete(f"/api/duty-shifts/{r.json()['id']}/").status_code == 403
    assert client.delete(f"/api/duty-shifts/{r.json()['id']}/").status_code == 204
    assert not DutyShift.objects.exists()


def test_receptions_through_the_api_mask_phones_and_open_a_case(api, tree, personas, people):
    station = make_place(tree.D1)
    category = CaseCategory.objects.create(code="R-2", name="噪音")
    client = api(personas["social_worker"])
    r = client.post("/api/receptions/", {"place": station.pk, "visitor_name": "赵先生", "visitor_phone": "13911112222", "topic": "楼上噪音"}, format="json")
    assert r.status_code == 201
    data = r.json()
    assert data["visitor_phone_masked"] == "139****2222" and "visitor_phone" not in data and "13911112222" not in str(data)
    opened = client.post(f"/api/receptions/{data['id']}/open-case/", {"category": category.pk}, format="json")
    assert opened.status_code == 201 and opened.json()["case_number"]
    assert client.post(f"/api/receptions/{data['id']}/open-case/", {"category": category.pk}, format="json").status_code == 400
    assert ReceptionLog.objects.get().case.source == "resident"
    assert api(personas["area_manager"]).get(f"/api/receptions/{data['id']}/").status_code == 404
