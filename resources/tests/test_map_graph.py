"""资源共享导图 (S2.4), the graph and the API: which units and resources serve which 居民区, the same in
a table, the GeoJSON and the graph through /api/, and constant queries as resources, needs and
agreements grow."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from resources.tests.builders import make_need, make_org, make_project, make_talent
from resources.tests.test_map import HOME, make_map_world, serve

GRAPH = "/resources/map/graph.json"


@pytest.fixture
def world(tree):
    return make_map_world(tree)


def edges(graph, relation=None):
    names = {n["id"]: n["name"] for n in graph["nodes"]}
    return {(names[e["source"]], names[e["target"]]): e for e in graph["edges"] if relation in (None, e["relation"])}


def graph_of(client, **params):
    r = client.get(GRAPH, params)
    assert r.status_code == 200, r.content
    return r.json()


def test_a_service_record_is_an_edge_from_the_resource_to_the_district_it_served(login, personas, world):
    g = graph_of(login(personas["social_worker"]))
    serves = edges(g, "serves")
    assert set(serves) == {("钱书法", "白云居民区")}
    assert serves[("钱书法", "白云居民区")] | {"matches": 1, "records": 1, "weight": 1} == serves[("钱书法", "白云居民区")]
    talent = next(n for n in g["nodes"] if n["name"] == "钱书法")
    district = next(n for n in g["nodes"] if n["name"] == "白云居民区")
    assert talent["matches"] == 1 and district["matches"] == 1 and g["totals"] == {"matches": 1, "records": 1}
    assert [c["key"] for c in g["categories"]][g["nodes"][0]["category"]] == g["nodes"][0]["kind"] or g["nodes"][0]["kind"] == "organisation"


def test_every_resource_is_linked_to_its_district_and_organisations_to_what_they_offer(login, personas, world):
    g = graph_of(login(personas["subdistrict_admin"]), show="all")
    assert {"白云居民区", "蓝天居民区"} <= {n["name"] for n in g["nodes"] if n["kind"] == "district"}
    located = edges(g, "located")
    assert {("钱书法", "白云居民区"), ("孙舞蹈", "蓝天居民区"), ("税务局二楼会议室", "白云居民区"), ("银龄健康讲座", "白云居民区")} <= set(located)
    assert set(edges(g, "offers")) == {("区税务局", "税务局二楼会议室"), ("松江公益科技有限公司", "银龄健康讲座")}
    kinds = {n["name"]: g["categories"][n["category"]]["key"] for n in g["nodes"]}
    assert kinds["区税务局"] == "co_building" and kinds["松江公益科技有限公司"] == "enterprise" and kinds["银龄健康讲座"] == "project"


def test_by_default_only_resources_with_agreements_are_drawn(login, personas, world):
    g = graph_of(login(personas["subdistrict_admin"]))
    assert {n["name"] for n in g["nodes"] if n["kind"] not in ("district",)} == {"钱书法"}


def test_the_graph_filters_by_kind_type_district_and_period(login, personas, world, tree):
    c = login(personas["subdistrict_admin"])
    project = make_project(make_org(tree.D2, name="蓝天公益基金会", credit_code=""), name="青少年科普")
    serve(
        make_need(tree.D2, title="科普活动", need_types=("youth",), at=(31.025, 121.248)),
        project.resource,
        served_on=timezone.localdate() - datetime.timedelta(days=200),
        agreed_days_ago=220,
    )
    assert set(edges(graph_of(c), "serves")) == {("钱书法", "白云居民区"), ("青少年科普", "蓝天居民区")}
    assert set(edges(graph_of(c, kind="project"), "serves")) == {("青少年科普", "蓝天居民区")}
    assert set(edges(graph_of(c, district=tree.D1.pk), "serves")) == {("钱书法", "白云居民区")}
    youth = project.resource.types.get().pk
    assert set(edges(graph_of(c, type=youth), "serves")) == {("青少年科普", "蓝天居民区")}
    since = timezone.localdate() - datetime.timedelta(days=30)
    assert set(edges(graph_of(c, **{"from": since}), "serves")) == {("钱书法", "白云居民区")}
    g = graph_of(c, show="all", district=tree.D2.pk)
    assert {n["name"] for n in g["nodes"] if n["kind"] == "district"} == {"蓝天居民区"}
    assert "钱书法" not in {n["name"] for n in g["nodes"]}


def test_the_graph_stays_in_the_scope(login, personas, world, tree):
    make_talent(tree.G2, name="赵维修", skills=("repair",), at=(31.026, 121.249))
    g = graph_of(login(personas["social_worker"]), show="all")
    names = {n["name"] for n in g["nodes"]}
    assert "钱书法" in names and "赵维修" not in names and "孙舞蹈" not in names and "蓝天居民区" not in names


def test_a_resource_from_outside_the_scope_that_served_a_need_inside_is_drawn_without_a_link(login, personas, world, tree):
    serve(world["open_need"], world["far_talent"].resource)  # a D2 talent served a D1 need
    c = login(personas["social_worker"])
    nodes = {n["name"]: n for n in graph_of(c)["nodes"]}
    assert nodes["孙舞蹈"]["matches"] == 1 and nodes["孙舞蹈"]["url"] is None and nodes["蓝天居民区"]["url"] is None  # their pages would be a 404
    assert nodes["钱书法"]["url"] == reverse("resources:talent-detail", args=[world["talent"].pk])
    assert nodes["白云居民区"]["url"] == reverse("org:unit-detail", args=[tree.D1.pk])
    line = next(f for f in c.get("/resources/map/features.geojson", {"kind": "match"}).json()["features"] if f["properties"]["resource"]["name"] == "孙舞蹈")
    assert line["geometry"]["coordinates"][1] == [121.248, 31.025]  # at D2's centre: a talent, and the social worker may not see personal data


def test_the_graph_page_draws_the_chart_and_lists_the_same_links_in_a_table(login, personas, world):
    r = login(personas["social_worker"]).get("/resources/map/graph/", {"show": "all"}, HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 200
    html = r.content.decode()
    assert 'id="graph-chart"' in html and 'data-url="/resources/map/graph.json?show=all' in html
    table = html[html.index('id="graph-table"') :]
    assert table.count('<tr class="edge-') == len(graph_of(login(personas["social_worker"]), show="all")["edges"])
    assert '<tr class="edge-serves">' in table and "钱书法" in table and "served" in table
    assert 'href="/resources/map/?show=all"' not in html and 'href="/resources/map/"' in html  # the map has no "show" filter


def test_the_graph_page_and_json_need_the_capability(client, login, personas, world):
    assert client.get(GRAPH).status_code == 401
    login(personas["resident"])
    assert client.get(GRAPH).status_code == 403
    assert client.get("/resources/map/graph/").status_code == 403


# ---- the API ---------------------------------------------------------------------------------------


def test_the_api_gives_the_map_as_geojson_and_the_graph_in_the_scope(api, personas, world):
    c = api(personas["social_worker"])
    fc = c.get("/api/resource-map/", {"kind": ["need", "match"]}).json()
    assert fc["type"] == "FeatureCollection" and {f["properties"]["name"] for f in fc["features"]} == {"老年书法班", "周末手工课", "老年书法班 ← 钱书法"}
    g = c.get("/api/resource-graph/").json()
    assert set(edges(g, "serves")) == {("钱书法", "白云居民区")}


def test_the_api_refuses_roles_without_the_capability_and_bad_filters(api, personas, world):
    assert api(personas["resident"]).get("/api/resource-map/").status_code == 403
    assert api(personas["police"]).get("/api/resource-graph/").status_code == 403
    r = api(personas["social_worker"]).get("/api/resource-graph/", {"kind": "need"}, HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 400 and "kind" in r.json()


def test_the_api_is_documented_in_the_schema(api, personas):
    paths = api(personas["subdistrict_admin"]).get("/api/schema/", {"format": "json"}).json()["paths"]
    geo = paths["/api/resource-map/"]["get"]
    assert geo["operationId"] == "resource_map" and {p["name"] for p in geo["parameters"]} >= {"kind", "type", "district", "state", "from", "to"}
    assert geo["responses"]["200"]["content"]["application/json"]["schema"]["properties"]["type"]["enum"] == ["FeatureCollection"]
    assert paths["/api/resource-graph/"]["get"]["operationId"] == "resource_graph"


# ---- queries ---------------------------------------------------------------------------------------


def grow(tree, n, start):
    for i in range(start, start + n):
        unit, at = (tree.B1, HOME) if i % 2 else (tree.G2, (31.026, 121.249))
        talent = make_talent(unit, name=f"达人{i}", skills=("shuhua", "dance")[i % 2 : i % 2 + 1], at=at)
        org = make_org(tree.D1 if i % 2 else tree.D2, name=f"单位{i}", kind=("co_building", "enterprise")[i % 2], credit_code="")
        project = make_project(org, name=f"项目{i}")
        need = make_need(unit if i % 2 else tree.D2, title=f"需求{i}")
        serve(need, (talent if i % 3 else project).resource)


URLS = [
    "/resources/map/features.geojson",
    "/resources/map/graph.json?show=all",
    "/resources/map/graph/?show=all",
    "/resources/map/",
    "/api/resource-map/",
    "/api/resource-graph/",
]


@pytest.mark.parametrize("url", URLS)
def test_the_map_and_graph_make_the_same_number_of_queries_for_more_data(login, personas, tree, world, url):
    client = login(personas["subdistrict_admin"])
    grow(tree, 1, start=100)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    grow(tree, 12, start=0)
    with CaptureQueriesContext(connection) as large:
        r = client.get(url)
        assert r.status_code == 200
    assert len(large) == len(small) <= 18, [q["sql"] for q in large]
    if "json" in url or "api" in url:
        assert "达人11" in r.content.decode()
