"""The maps' base layer and place search (org/basemap.py, org/views/maps.py): what each side sees, no personal
data, a fixed number of queries, the cache following changes, and a search that understands pinyin initials."""

import json

import pytest
from django.core.cache import cache

from org.geometry import label_point, merged_outline
from org.services import element_create, unit_create, unit_update

EAST_SQUARE = {"type": "Polygon", "coordinates": [[[121.23, 31.02], [121.24, 31.02], [121.24, 31.03], [121.23, 31.03], [121.23, 31.02]]]}
NORTH_OF_G1 = {"type": "Polygon", "coordinates": [[[121.22, 31.03], [121.23, 31.03], [121.23, 31.04], [121.22, 31.04], [121.22, 31.03]]]}
BASE, SEARCH = "/org/map/base.geojson", "/org/map/search.json"


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()  # a rolled-back test leaves a cached layer of rows that are gone
    yield
    cache.clear()


@pytest.fixture
def mapped(tree):
    """白云 (D1) has two grids side by side and building 1号楼; 蓝天 (D2) one grid to the east and 2号楼."""
    unit_update(unit=tree.G2, boundary=EAST_SQUARE)
    g1b = unit_create(parent=tree.D1, kind="grid", code="TG1b", name="白云2号网格", boundary=NORTH_OF_G1)
    unit_update(unit=tree.B1, lat="31.025000", lng="121.225000")
    unit_update(unit=tree.B2, lat="31.025000", lng="121.235000", address="蓝天路8号")
    return g1b


def text(response) -> str:
    return json.dumps(response.json(), ensure_ascii=False)


def features(response, kind=None):
    data = response.json()
    return [f for f in data["features"] if kind is None or f["properties"]["kind"] == kind]


def names(response, kind):
    return sorted(f["properties"]["name"] for f in features(response, kind))


def test_a_visitor_gets_every_district_grid_and_building_by_name_and_address_only(client, mapped, people):
    r = client.get(BASE)
    assert r.status_code == 200 and r["Cache-Control"] == "private, max-age=300"
    assert names(r, "district") == ["白云居民区", "蓝天居民区"]
    assert names(r, "grid") == ["白云1号网格", "白云2号网格", "蓝天1号网格"]
    addresses = sorted(f["properties"]["address"] for f in features(r, "building"))
    assert addresses == ["白云居民区1号楼", "蓝天路8号"]
    assert all(set(f["properties"]) <= {"kind", "name", "address", "district", "at"} for f in features(r))  # no ids, codes or links
    body = text(r)
    for private in ("101室", "102室", "201室", "张三丰", "李四", "13812341234", "HH-1"):
        assert private not in body


def test_a_resident_sees_the_public_side_not_their_house(login, personas, mapped, people):
    r = login(personas["resident"]).get(BASE)
    assert r.json()["staff"] is False and names(r, "district") == ["白云居民区", "蓝天居民区"]
    assert "101室" not in text(r) and "张三丰" not in text(r)


def test_staff_see_their_scope_with_links_to_the_unit_pages(login, personas, mapped, tree):
    r = login(personas["grid_worker"]).get(BASE)
    assert r.json()["staff"] is True
    assert names(r, "grid") == ["白云1号网格"] and names(r, "district") == []
    (building,) = features(r, "building")
    assert building["properties"]["address"] == "白云居民区1号楼"  # the 居民区 named though outside a grid worker's scope
    assert building["properties"]["url"] == f"/org/units/{tree.B1.pk}/"
    from django.test import Client

    other = Client()
    other.force_login(personas["secretary"])
    secretary = other.get(BASE)
    assert names(secretary, "district") == ["白云居民区"] and "蓝天" not in text(secretary)


def test_a_district_without_a_boundary_is_drawn_as_the_outline_of_its_grids(client, mapped):
    (baiyun,) = [f for f in features(client.get(BASE), "district") if f["properties"]["name"] == "白云居民区"]
    assert baiyun["geometry"]["type"] == "Polygon"
    ring = baiyun["geometry"]["coordinates"][0]
    assert {(round(x, 6), round(y, 6)) for x, y in ring} == {
        (121.22, 31.02),
        (121.23, 31.02),
        (121.23, 31.03),
        (121.23, 31.04),
        (121.22, 31.04),
        (121.22, 31.03),
    }
    assert baiyun["properties"]["at"] == [121.225, 31.03]  # the name in the middle of the union


def test_a_district_with_its_own_boundary_is_drawn_with_it(client, mapped, tree):
    own = {"type": "Polygon", "coordinates": [[[121.21, 31.01], [121.235, 31.01], [121.235, 31.045], [121.21, 31.045], [121.21, 31.01]]]}
    unit_update(unit=tree.D1, boundary=own)
    (baiyun,) = [f for f in features(client.get(BASE), "district") if f["properties"]["name"] == "白云居民区"]
    assert baiyun["geometry"] == own


def test_street_segments_are_labels_at_their_point_and_shops_never_show(client, mapped, tree):
    element_create(grid=tree.G1, kind="street", name="白云路（一段）", lat="31.021000", lng="121.225000")
    element_create(grid=tree.G1, kind="shop", name="老王烟杂店", lat="31.022000", lng="121.226000", contact_phone="13800000000")
    r = client.get(BASE)
    assert names(r, "street") == ["白云路（一段）"]
    assert "老王" not in text(r) and "13800000000" not in text(r)


def test_the_layer_takes_the_same_queries_however_many_units_and_then_none(client, personas, mapped, tree, django_assert_num_queries):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    def count(c):
        cache.clear()
        with CaptureQueriesContext(connection) as q:
            assert c.get(BASE).status_code == 200
        return len(q)

    staff = Client()
    staff.force_login(personas["secretary"])
    small_public, small_staff = count(client), count(staff)
    for i in range(6):
        g = unit_create(
            parent=tree.D2,
            kind="grid",
            code=f"TX{i}",
            name=f"蓝天{i + 2}号网格",
            boundary={
                "type": "Polygon",
                "coordinates": [
                    [[121.24 + i / 100, 31.02], [121.25 + i / 100, 31.02], [121.25 + i / 100, 31.03], [121.24 + i / 100, 31.03], [121.24 + i / 100, 31.02]]
                ],
            },
        )
        unit_create(parent=g, kind="building", code=f"TXB{i}", name=f"{i + 3}号楼", lat="31.025", lng=f"{121.245 + i / 100:.3f}")
    d3 = unit_create(parent=tree.A1, kind="district", code="TD3", name="红星居民区")
    unit_create(
        parent=d3,
        kind="grid",
        code="TD3G",
        name="红星1号网格",
        boundary={"type": "Polygon", "coordinates": [[[121.20, 31.02], [121.21, 31.02], [121.21, 31.03], [121.20, 31.03], [121.20, 31.02]]]},
    )
    assert count(client) == small_public and count(staff) == small_staff
    client.get(BASE)
    with django_assert_num_queries(0):
        client.get(BASE)  # a visitor's second map: from the cache


def test_a_change_to_a_building_shows_on_the_next_map(client, mapped, tree):
    assert "白云居民区1号楼" in text(client.get(BASE))
    unit_update(unit=tree.B1, address="白云路12号")
    assert "白云路12号" in text(client.get(BASE))


def search(c, q):
    return c.get(SEARCH, {"q": q}).json()["results"]


def test_the_search_finds_addresses_and_names_by_text_and_pinyin_initials(client, mapped):
    first = search(client, "by")[0]
    assert first["label"] == "白云居民区" and first["kind"] == "district" and first["kind_label"]
    (s, w), (n, e) = first["bounds"]
    assert (s, w, n, e) == (31.02, 121.22, 31.04, 121.23)
    assert [r["label"] for r in search(client, "蓝天路")] == ["蓝天路8号"]
    building = search(client, "白云 1号楼")[0]
    assert building["label"] == "白云居民区1号楼" and (building["lat"], building["lng"]) == (31.025, 121.225) and building["bounds"] is None
    assert [r["label"] for r in search(client, "ltjmq")] == ["蓝天居民区"]  # initials of the whole name
    assert search(client, "不存在的地方") == [] and search(client, "") == []


def test_the_search_keeps_to_the_scope_of_staff_and_never_finds_a_house(client, personas, mapped, people):
    from django.test import Client

    assert [r["label"] for r in search(client, "蓝天")][:1] == ["蓝天居民区"]
    assert search(client, "101室") == [] and search(client, "张三丰") == []
    worker = Client()
    worker.force_login(personas["grid_worker"])
    assert search(worker, "蓝天") == [] and [r["label"] for r in search(worker, "白云")] == ["白云1号网格", "白云居民区1号楼"]


def test_every_map_page_is_given_the_tiles_crs_and_the_layer_urls(client, settings):
    settings.MAP_TILE_URL, settings.MAP_CRS = "https://tiles.example/{z}/{x}/{y}.png", "GCJ02"
    html = client.get("/cases/report/").content.decode()
    start = html.index('id="jmap-config"')
    config = json.loads(html[html.index(">", start) + 1 : html.index("</script>", start)])
    assert config["crs"] == "GCJ02" and config["tiles"].startswith("https://tiles.example/")
    assert config["base"] == BASE and config["search"] == SEARCH and config["text"]["search"]


def test_outlines_merge_only_polygons_that_meet_corner_to_corner():
    a = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}
    b = {"type": "Polygon", "coordinates": [[[1, 0], [2, 0], [2, 1], [1, 1], [1, 0]]]}
    half = {"type": "Polygon", "coordinates": [[[1, 0], [2, 0], [2, 0.5], [1, 0.5], [1, 0]]]}  # ends on a's edge
    assert merged_outline([a, b])["type"] == "Polygon" and label_point(merged_outline([a, b])) == (1.0, 0.5)
    assert merged_outline([a, half])["type"] == "MultiPolygon"
    around = [
        {"type": "Polygon", "coordinates": [[[0, 0], [3, 0], [3, 1], [2, 1], [1, 1], [0, 1], [0, 0]]]},
        {"type": "Polygon", "coordinates": [[[0, 2], [1, 2], [2, 2], [3, 2], [3, 3], [0, 3], [0, 2]]]},
        {"type": "Polygon", "coordinates": [[[0, 1], [1, 1], [1, 2], [0, 2], [0, 1]]]},
        {"type": "Polygon", "coordinates": [[[2, 1], [3, 1], [3, 2], [2, 2], [2, 1]]]},
    ]
    merged = merged_outline(around)
    assert merged["type"] == "Polygon" and len(merged["coordinates"]) == 2  # the outer ring and the hole in the middle
