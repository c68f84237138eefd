"""睦邻点 pages: the registry and its map, proposing, a point's page with the steps the user may take, the
quick activity entry, what needs attention, the dashboard, the station map; scope; query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from doorstep.models import NeighbourhoodPoint, PointActivity, PointState, SupervisionVisit
from doorstep.services import points as svc
from doorstep.tests.builders.points import make_place, make_point, make_shift

P = PointState


@pytest.fixture
def point(tree):
    return make_point(tree.D1, name="白云手工坊")


def test_the_registry_lists_and_filters_the_points_in_scope(login, tree, point, personas):
    make_point(tree.D2, name="蓝天读书会", theme="读书")
    make_point(tree.D1, name="白云议事角", state=P.PROPOSED)
    sw = login(personas["social_worker"])
    page = sw.get("/services/points/").content.decode()
    assert "白云手工坊" in page and "白云议事角" in page and "蓝天读书会" not in page
    only = sw.get("/services/points/", {"state": "proposed"}).content.decode()
    assert "白云议事角" in only and "白云手工坊" not in only
    geo = sw.get("/services/points/points.geojson").json()
    assert {f["properties"]["name"] for f in geo["features"]} == {"白云手工坊", "白云议事角"}
    assert login(personas["resident"]).get("/services/points/").status_code == 403


def test_a_social_worker_proposes_a_point_and_a_reviewer_approves_it_on_the_pages(login, tree, personas):
    sw = login(personas["social_worker"])
    body = {
        "name": "白云编织社",
        "unit": tree.D1.pk,
        "theme": "编织",
        "host_name": "刘阿姨",
        "address": "7号楼",
        "lat": "31.0251",
        "lng": "121.2251",
        "project_start": "2025-01-01",
        "project_end": "2025-12-31",
        "note": "居民提议",
    }
    r = sw.post("/services/points/new/", body)
    assert r.status_code == 302
    point = NeighbourhoodPoint.objects.get(name="白云编织社")
    assert point.state == P.PROPOSED
    assert 'id="step-approve"' not in sw.get(f"/services/points/{point.pk}/").content.decode()
    assert sw.post(f"/services/points/{point.pk}/steps/approve/", {"approve-note": ""}).status_code == 403
    admin = login(personas["subdistrict_admin"])
    assert 'id="step-approve"' in admin.get(f"/services/points/{point.pk}/").content.decode()
    assert admin.post(f"/services/points/{point.pk}/steps/approve/", {"approve-note": "同意"}).status_code == 302
    point.refresh_from_db()
    assert point.state == P.ACTIVE


def test_an_illegal_step_on_the_page_changes_nothing(login, point, personas):
    admin = login(personas["subdistrict_admin"])
    r = admin.post(f"/services/points/{point.pk}/steps/retire/", {"retire-reason": "不活跃"}, follow=True)
    assert r.status_code == 200
    point.refresh_from_db()
    assert point.state == P.ACTIVE
    assert admin.post(f"/services/points/{point.pk}/steps/nonsense/", {}).status_code == 404


def test_a_retire_without_a_reason_shows_the_form_again(login, point, personas):
    admin = personas["subdistrict_admin"]
    svc.point_flag(point=point, by=admin, note="x")
    svc.point_review(point=point, by=admin)
    r = login(admin).post(f"/services/points/{point.pk}/steps/retire/", {"retire-reason": ""})
    assert r.status_code == 400
    point.refresh_from_db()
    assert point.state == P.UNDER_REVIEW


def test_the_quick_activity_entry_on_a_phone(login, point, personas):
    client = login(personas["social_worker"])
    assert f"/services/points/{point.pk}/activities/new/" in client.get("/services/points/quick/").content.decode()
    today = timezone.localdate().isoformat()
    r = client.post(f"/services/points/{point.pk}/activities/new/", {"date": today, "title": "包饺子", "attendance": "16"})
    assert r.status_code == 302 and r.url.endswith(f"/services/points/{point.pk}/activities/new/")
    assert PointActivity.objects.get(point=point).attendance == 16
    assert client.post(f"/services/points/{point.pk}/activities/new/", {"date": today, "title": "", "attendance": "-1"}).status_code == 400


def test_visits_and_records_on_the_pages(login, point, personas):
    client = login(personas["social_worker"])
    today = timezone.localdate().isoformat()
    assert client.post(f"/services/points/{point.pk}/visits/new/", {"date": today, "findings": "台账齐全", "score": "85"}).status_code == 302
    assert client.post(f"/services/points/{point.pk}/records/new/", {"kind": "showcase", "date": today, "title": "成果展"}).status_code == 302
    page = client.get(f"/services/points/{point.pk}/").content.decode()
    assert "台账齐全" in page and "成果展" in page


def test_the_model_toggle_is_for_reviewers(login, point, personas):
    assert login(personas["social_worker"]).post(f"/services/points/{point.pk}/model/", {"is_model": "1"}).status_code == 403
    assert login(personas["subdistrict_admin"]).post(f"/services/points/{point.pk}/model/", {"is_model": "1"}).status_code == 302
    point.refresh_from_db()
    assert point.is_model


def test_points_outside_the_scope_answer_404(login, tree, personas):
    far = make_point(tree.D2)
    sw = login(personas["social_worker"])
    for url in ("/", "/edit/", "/activities/new/", "/rating/"):
        assert sw.get(f"/services/points/{far.pk}{url}").status_code == 404
    assert sw.post(f"/services/points/{far.pk}/steps/approve/", {}).status_code == 404


def test_what_needs_attention(login, tree, personas):
    today = timezone.localdate()
    flagged = make_point(tree.D1, name="被标记")
    svc.point_flag(point=flagged, by=None, note="x")
    ending = make_point(tree.D1, name="将到期", project_start=datetime.date(2024, 1, 1), project_end=today + datetime.timedelta(days=10))
    visited = make_point(tree.D1, name="已督导", project_end=today + datetime.timedelta(days=90))
    SupervisionVisit.objects.create(point=visited, date=today, findings="好")
    SupervisionVisit.objects.create(point=ending, date=today, findings="好")
    page = login(personas["secretary"]).get("/services/points/attention/").content.decode()
    flagged_part = page[page.index('id="attention-flagged"') : page.index('id="attention-ending"')]
    ending_part = page[page.index('id="attention-ending"') : page.index('id="attention-not-visited"')]
    unvisited_part = page[page.index('id="attention-not-visited"') :]
    assert "被标记" in flagged_part and "将到期" not in flagged_part
    assert "将到期" in ending_part and "已督导" not in ending_part
    assert "已督导" not in unvisited_part and "将到期" not in unvisited_part and "被标记" not in unvisited_part


def test_the_dashboard_counts_activities_per_month_and_district(login, tree, point, personas):
    year = timezone.localdate().year
    other = make_point(tree.D2, name="蓝天读书会")
    PointActivity.objects.create(point=point, date=datetime.date(year, 1, 5), title="a", attendance=10)
    PointActivity.objects.create(point=point, date=datetime.date(year, 1, 20), title="b", attendance=12)
    PointActivity.objects.create(point=other, date=datetime.date(year, 1, 7), title="c", attendance=30)
    PointActivity.objects.create(point=point, date=datetime.date(year - 1, 1, 7), title="old", attendance=99)
    admin = login(personas["subdistrict_admin"])
    r = admin.get("/services/points/dashboard/")
    assert r.status_code == 200
    f = r.context["f"]
    assert f["months"][0] == 3 and f["attendance"][0] == 52 and sum(f["months"]) == 3
    assert {d["name"]: d["total_a"] for d in f["districts"]} == {"白云居民区": 22, "蓝天居民区": 30}
    mine = login(personas["secretary"]).get("/services/points/dashboard/").context["f"]
    assert sum(mine["attendance"]) == 22  # the secretary sees D1 only
    assert login(personas["resident"]).get("/services/points/dashboard/").status_code == 403


def test_the_station_map_is_public_and_adds_points_for_staff(client, login, tree, point, personas):
    make_place(tree.D1)
    anonymous = client.get("/services/stations/map.geojson").json()
    assert {f["properties"]["layer"] for f in anonymous["features"]} == {"place"}
    assert client.get("/services/stations/map/").status_code == 200
    staff = login(personas["secretary"]).get("/services/stations/map.geojson").json()
    assert {f["properties"]["layer"] for f in staff["features"]} == {"place", "point"}


# ---- query counts -------------------------------------------------------------------------------


def grow(tree, personas, n, start=0):
    station = make_place(tree.D1, name=f"站{start}")
    for i in range(start, start + n):
        p = make_point(tree.D1, name=f"点{i}", operator=None)
        PointActivity.objects.create(point=p, date=timezone.localdate(), title="活动", attendance=5)
        SupervisionVisit.objects.create(point=p, date=timezone.localdate(), findings="好", score=80)
        from doorstep.services.reception import reception_record

        reception_record(place=station, by=personas["social_worker"], topic=f"咨询{i}", visitor_name="访客", visitor_phone="13911112222", follow_up="回电")
        from core.testing import make_user

        make_shift(station, make_user(f"grow-duty-{i}"), datetime.date(2025, 3, 3), "09:00", "12:00")
    return station


PAGES = [
    "/services/points/",
    "/services/points/attention/",
    "/services/points/dashboard/",
    "/services/points/quick/",
    "/services/points/points.geojson",
    "/services/stations/",
    "/services/stations/map.geojson",
    "/services/stations/reception/",
    "/api/points/",
    "/api/receptions/",
    "/api/duty-shifts/",
]


@pytest.mark.parametrize("url", PAGES)
def test_lists_make_the_same_number_of_queries_for_more_points(login, tree, personas, url):
    client = login(personas["subdistrict_admin"])
    grow(tree, personas, 2, start=100)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    grow(tree, personas, 12)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large) == len(small), [q["sql"] for q in large]
    assert len(large) <= 14


def test_a_station_page_and_its_roster_make_few_queries(client, login, tree, personas):
    station = grow(tree, personas, 12)
    with CaptureQueriesContext(connection) as public:
        assert client.get(f"/services/stations/{station.pk}/").status_code == 200
    assert len(public) <= 10, [q["sql"] for q in public]
    staff = login(personas["subdistrict_admin"])
    staff.get(f"/services/stations/{station.pk}/duty/?week=2025-03-03")
    with CaptureQueriesContext(connection) as roster:
        assert staff.get(f"/services/stations/{station.pk}/duty/?week=2025-03-03").status_code == 200
    assert len(roster) <= 14, [q["sql"] for q in roster]
    point = NeighbourhoodPoint.objects.first()
    staff.get(f"/services/points/{point.pk}/")
    with CaptureQueriesContext(connection) as detail:
        assert staff.get(f"/services/points/{point.pk}/").status_code == 200
    assert len(detail) <= 16, [q["sql"] for q in detail]


def test_the_point_details_are_edited_by_those_who_record_for_it(login, point, personas):
    sw = login(personas["social_worker"])
    assert sw.get(f"/services/points/{point.pk}/edit/").status_code == 200
    body = {
        "name": point.name,
        "theme": "剪纸",
        "host_name": "王阿姨",
        "address": "3号楼101",
        "lat": "",
        "lng": "",
        "project_start": "2025-01-01",
        "project_end": "2024-12-31",
    }
    assert sw.post(f"/services/points/{point.pk}/edit/", body).status_code == 400  # ends before it starts
    assert sw.post(f"/services/points/{point.pk}/edit/", {**body, "project_end": "2025-12-31"}).status_code == 302
    point.refresh_from_db()
    assert point.theme == "剪纸" and point.lat is None
    assert login(personas["area_manager"]).get(f"/services/points/{point.pk}/edit/").status_code == 403
