"""资源共享导图 (S2.4): the map's GeoJSON in the caller's scope, talents at their 居民区's centre, agreements
and service records as lines, the filters, and the pages.

The shared tree has no positions on its 居民区: D1 is placed by its grid's square, centred at
(31.025, 121.225); D2 gets its own position here (31.025, 121.248)."""

import datetime

import pytest
from django.utils import timezone

from resources.models import Match, MatchState, NeedState, ServiceRecord
from resources.tests.builders import make_need, make_org, make_project, make_space, make_talent

D1_CENTRE = [121.225, 31.025]  # [lng, lat]
D2_CENTRE = [121.248, 31.025]
HOME = (31.0262, 121.2271)  # 钱书法's home in D1
URL = "/resources/map/features.geojson"


def serve(need, resource, *, people=12, served_on=None, agreed_days_ago=3):
    """An agreement for `need` with `resource`, then one service record under it."""
    agreed = timezone.now() - datetime.timedelta(days=agreed_days_ago)
    match = Match.objects.create(need=need, resource=resource, unit_path=need.unit_path, score=0.8, state=MatchState.SERVED, agreed_at=agreed)
    ServiceRecord.objects.create(match=match, unit_path=need.unit_path, served_on=served_on or timezone.localdate(), people_served=people)
    need.state = NeedState.SERVED
    need.save(update_fields=["state"])
    return match


def make_map_world(tree) -> dict:
    """Talents in D1 and D2, a co-building unit's space and an enterprise's project in D1, needs in both, one service in D1."""
    tree.D2.lat, tree.D2.lng = D2_CENTRE[1], D2_CENTRE[0]
    tree.D2.save(update_fields=["lat", "lng"])
    talent = make_talent(tree.B1, name="钱书法", skills=("shuhua",), at=HOME)
    far_talent = make_talent(tree.G2, name="孙舞蹈", skills=("dance",), at=(31.0262, 121.2491))
    unit = make_org(tree.D1, name="区税务局", kind="co_building", credit_code="")
    space = make_space(tree.D1, name="税务局二楼会议室", organisation=unit)
    charity = make_org(tree.D1, name="松江公益科技有限公司")
    project = make_project(charity, name="银龄健康讲座")
    need = make_need(tree.D1, title="老年书法班")
    open_need = make_need(tree.D1, title="周末手工课", need_types=("handicraft",))
    d2_need = make_need(tree.D2, title="蓝天舞蹈队", need_types=("dance",), at=(31.025, 121.248))
    match = serve(need, talent.resource)
    return {
        "talent": talent,
        "far_talent": far_talent,
        "space": space,
        "project": project,
        "need": need,
        "open_need": open_need,
        "d2_need": d2_need,
        "match": match,
    }


@pytest.fixture
def world(tree):
    return make_map_world(tree)


def features(client, **params):
    r = client.get(URL, params)
    assert r.status_code == 200, r.content
    return r.json()["features"]


def by_layer(fs, layer):
    return {f["properties"]["name"]: f for f in fs if f["properties"]["layer"] == layer}


def assert_rfc7946(fc):
    """The parts of RFC 7946 the map uses: a FeatureCollection of Features with Point or LineString
    geometries whose positions are [longitude, latitude] in WGS 84, and an object of properties."""
    assert fc["type"] == "FeatureCollection" and isinstance(fc["features"], list)
    for f in fc["features"]:
        assert f["type"] == "Feature" and isinstance(f["properties"], dict) and isinstance(f.get("id", ""), str | int)
        g = f["geometry"]
        positions = [g["coordinates"]] if g["type"] == "Point" else g["coordinates"]
        assert g["type"] in ("Point", "LineString") and (g["type"] == "Point" or len(positions) >= 2)
        for lng, lat in positions:
            assert -180 <= lng <= 180 and -90 <= lat <= 90
            assert 121 < lng < 122 and 30 < lat < 32  # Songjiang: not swapped


def test_the_geojson_is_an_rfc7946_feature_collection_to_download(login, personas, world):
    r = login(personas["subdistrict_admin"]).get(URL, HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 200
    assert r["Content-Type"] == "application/geo+json"
    assert r["Content-Disposition"].startswith('attachment; filename="resource-map-') and r["Content-Disposition"].endswith('.geojson"')
    fc = r.json()
    assert_rfc7946(fc)
    layers = {f["properties"]["layer"] for f in fc["features"]}
    assert layers == {"talent", "space", "project", "need", "match"}
    space = by_layer(fc["features"], "space")["税务局二楼会议室"]["properties"]
    assert space["types"] == [{"id": space["types"][0]["id"], "code": "meeting", "name": "Meetings and training"}]
    assert space["district"]["name"] == "白云居民区" and space["capacity"] == 30 and space["organisation"]["name"] == "区税务局"
    assert {"kind_label", "state", "state_label", "matches", "records", "url"} <= set(space)
    project = by_layer(fc["features"], "project")["银龄健康讲座"]
    assert project["geometry"]["coordinates"] == [121.225, 31.025]  # at its organisation


def test_a_social_worker_at_d1_sees_only_d1_needs_and_resources(login, personas, world):
    fs = features(login(personas["social_worker"]))
    assert set(by_layer(fs, "need")) == {"周末手工课", "老年书法班"}
    assert set(by_layer(fs, "talent")) == {"钱书法"}
    assert set(by_layer(fs, "match")) == {"老年书法班 ← 钱书法"}
    assert "蓝天舞蹈队" in by_layer(features(login(personas["subdistrict_admin"])), "need")


def test_talents_are_drawn_at_their_district_centre_unless_the_viewer_may_see_personal_data_there(client, login, personas, world):
    talent = by_layer(features(login(personas["social_worker"])), "talent")["钱书法"]  # social workers hold no people.view_pii
    assert talent["geometry"]["coordinates"] == D1_CENTRE and talent["properties"]["placed"] == "district"
    client.logout()
    talent = by_layer(features(login(personas["secretary"])), "talent")["钱书法"]  # the secretary does, at D1
    assert talent["geometry"]["coordinates"] == [HOME[1], HOME[0]] and talent["properties"]["placed"] == "own"
    client.logout()
    far = by_layer(features(login(personas["secretary"])), "talent")  # not at D2: out of the secretary's scope anyway
    assert "孙舞蹈" not in far
    client.logout()
    admin = by_layer(features(login(personas["area_manager"])), "talent")  # A1's manager: no personal data
    assert admin["钱书法"]["geometry"]["coordinates"] == D1_CENTRE


def test_a_service_record_is_a_line_from_the_need_to_the_resource(login, personas, world):
    fs = features(login(personas["social_worker"]))
    line = by_layer(fs, "match")["老年书法班 ← 钱书法"]
    assert line["geometry"] == {"type": "LineString", "coordinates": [D1_CENTRE, D1_CENTRE]}  # the need at D1, the talent at D1's centre
    p = line["properties"]
    assert p["state"] == "served" and p["records"] == 1 and p["people_served"] == 12
    assert p["need"]["id"] == world["need"].pk and p["resource"]["id"] == world["talent"].resource.pk
    talent = by_layer(fs, "talent")["钱书法"]["properties"]
    assert talent["matches"] == 1 and talent["records"] == 1


def test_a_proposed_match_is_not_a_line(login, personas, world):
    Match.objects.create(need=world["open_need"], resource=world["space"].resource, unit_path=world["open_need"].unit_path, score=0.5)
    assert set(by_layer(features(login(personas["social_worker"])), "match")) == {"老年书法班 ← 钱书法"}


def test_the_filters_choose_layers_type_district_state_and_period(login, personas, world, tree):
    c = login(personas["subdistrict_admin"])
    assert {f["properties"]["layer"] for f in features(c, kind=["need", "match"])} == {"need", "match"}
    dance = world["far_talent"].resource.types.get().pk
    assert {f["properties"]["name"] for f in features(c, type=dance)} == {"孙舞蹈", "蓝天舞蹈队"}
    assert {f["properties"]["name"] for f in features(c, district=tree.D2.pk)} == {"孙舞蹈", "蓝天舞蹈队"}
    assert set(by_layer(features(c, kind="need", state="served"), "need")) == {"老年书法班"}
    assert set(by_layer(features(c, kind="need"), "need")) == {"老年书法班", "周末手工课", "蓝天舞蹈队"}  # open, agreed and served by default
    last_year = timezone.localdate() - datetime.timedelta(days=365)
    assert by_layer(features(c, kind="match", **{"from": last_year, "to": last_year + datetime.timedelta(days=30)}), "match") == {}
    assert len(by_layer(features(c, kind="match", **{"from": timezone.localdate()}), "match")) == 1


@pytest.mark.parametrize(
    "params",
    [
        {"from": "2025-13-01"},
        {"from": "2025-06-02", "to": "2025-06-01"},
        {"to": "9999-12-31"},
        {"from": "0001-01-01"},
        {"kind": "unicorn"},
        {"type": "x"},
        {"district": "99999999999999999999"},
    ],
)
def test_bad_filters_are_a_400_with_a_message(login, personas, world, params):
    r = login(personas["subdistrict_admin"]).get(URL, params, HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 400 and r.json()


def test_a_district_outside_the_scope_is_not_a_choice(login, personas, world, tree):
    r = login(personas["social_worker"]).get(URL, {"district": tree.D2.pk})
    assert r.status_code == 400 and "district" in r.json()


def test_the_map_needs_the_view_resource_capability(client, login, personas, world):
    assert client.get(URL).status_code == 401
    assert client.get("/resources/map/").status_code == 302
    login(personas["owners_committee"])
    assert client.get(URL).status_code == 403
    assert client.get("/resources/map/").status_code == 403


def test_the_map_page_has_filters_a_legend_and_links_to_the_graph(login, personas, world, tree):
    r = login(personas["grid_worker"]).get("/resources/map/", {"type": "", "district": tree.D1.pk}, HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 200
    html = r.content.decode()
    assert 'data-geojson="/resources/map/features.geojson?type=&amp;district=' in html
    assert 'href="/resources/map/graph/?type=&amp;district=' in html
    assert 'id="map-legend"' in html and "Agreements and services" in html and "Download GeoJSON" in html
    assert 'name="kind" value="need"' in html and "checked" in html
