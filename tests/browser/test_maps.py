"""Maps a person can find their street on (issue 15 item 3), in Chromium: the report page on a phone draws the
base layer (居民区 areas and buildings, labelled), the place search moves the map to an address, and a pin in
another 居民区 than the resident's own shows a warning that does not block; the grid map and its search on a
desk; JMap's WGS-84 ⇄ GCJ-02 conversion gives what core/geo.py gives."""

import pytest
from django.core.cache import cache

from cases.models import CaseCategory
from core.geo import gcj02_to_wgs84, wgs84_to_gcj02
from org.services import element_create, unit_create, unit_update
from tests.browser.fixtures import shot
from tests.browser.helpers import axe_problems, sign_in

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
DESK = {"width": 1366, "height": 768}
EAST_SQUARE = {"type": "Polygon", "coordinates": [[[121.23, 31.02], [121.24, 31.02], [121.24, 31.03], [121.23, 31.03], [121.23, 31.02]]]}
NORTH_OF_G1 = {"type": "Polygon", "coordinates": [[[121.22, 31.03], [121.23, 31.03], [121.23, 31.04], [121.22, 31.04], [121.22, 31.03]]]}


@pytest.fixture
def world(tree, personas):
    """白云居民区 (D1: two grids, the resident's home) and 蓝天居民区 (D2: one grid to the east), with buildings."""
    cache.clear()
    unit_update(unit=tree.G2, boundary=EAST_SQUARE)
    g1b = unit_create(parent=tree.D1, kind="grid", code="TG1b", name="白云2号网格", boundary=NORTH_OF_G1)
    unit_update(unit=tree.B1, lat="31.024000", lng="121.224000", address="白云路1号")
    unit_update(unit=tree.B2, lat="31.025000", lng="121.235000", address="蓝天路8号")
    for i in range(8):
        grid, lng0, lat0 = (tree.G1, 121.221, 31.021) if i < 4 else (g1b, 121.221, 31.031)
        unit_create(
            parent=grid,
            kind="building",
            code=f"TB1x{i}",
            name=f"{i + 3}号楼",
            lat=f"{lat0 + 0.002 * (i % 4):.6f}",
            lng=f"{lng0 + 0.0015 * (i % 4):.6f}",
            address=f"白云路{i + 3}号",
        )
        unit_create(
            parent=tree.G2,
            kind="building",
            code=f"TB2x{i}",
            name=f"{i + 3}号楼",
            lat=f"{31.021 + 0.001 * i:.6f}",
            lng=f"{121.232 + 0.0008 * i:.6f}",
            address=f"蓝天路{2 * i + 10}号",
        )
    element_create(grid=tree.G1, kind="street", name="白云路", lat="31.022500", lng="121.226000")
    category = CaseCategory.objects.create(code="ENV", name="市容环境")
    yield {"category": category}
    cache.clear()


def console_errors(page):
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    return problems


def labels(page, kind):
    return page.locator(f"#report-map .jmap-label-{kind}, #map .jmap-label-{kind}").all_inner_texts()


def search(page, text):
    box = page.get_by_role("combobox", name="找地点")
    box.fill(text)
    page.wait_for_selector(".jmap-results [role=option]")
    return box


def test_a_resident_finds_an_address_and_is_warned_when_the_pin_is_in_another_district(page_for, live_server, world):
    page = page_for(viewport=PHONE)
    problems = console_errors(page)
    sign_in(page, live_server.url, "resident")
    page.goto(f"{live_server.url}/cases/report/")
    page.wait_for_selector("#report-map[data-base-loaded][data-loaded='3']")
    assert sorted(labels(page, "district")) == ["白云居民区", "蓝天居民区"]
    assert page.locator("#report-map .jmap-label").count() == int(page.get_attribute("#report-map", "data-labels"))
    page.locator("#step-place").scroll_into_view_if_needed()
    shot(page, "maps-report-phone")
    problems += axe_problems(page)

    # the search moves the map to an address, by keyboard
    box = search(page, "蓝天路8")
    box.press("ArrowDown")
    assert page.get_attribute(".jmap-results [role=option] >> nth=0", "aria-selected") == "true"
    assert box.get_attribute("aria-activedescendant") == page.get_attribute(".jmap-results [role=option] >> nth=0", "id")
    box.press("Enter")
    page.wait_for_selector("#report-map[data-found='蓝天路8号']")
    assert "蓝天路8号" in labels(page, "building")  # at this zoom the buildings carry their address
    assert page.locator("form#report-form").count() == 1 and "/cases/report/" in page.url  # Enter did not send the form

    # a tap in the middle of the map (the address found, in 蓝天居民区): the pin is there, with a warning
    page.locator("#report-map").click(position={"x": 195, "y": int(page.locator("#report-map").bounding_box()["height"] / 2)})
    page.wait_for_selector("#report-map[data-pinned='1']")
    lat, lng = float(page.input_value("input[name=lat]")), float(page.input_value("input[name=lng]"))
    assert abs(lat - 31.025) < 0.0005 and abs(lng - 121.235) < 0.0005
    area = page.locator("#pin-area")
    assert "蓝天1号网格" in area.inner_text() and "蓝天居民区" in area.inner_text()
    assert "pin-area-warning" in area.inner_html() and "白云居民区" in page.inner_text("#pin-area .pin-area-warning")
    area.scroll_into_view_if_needed()
    page.locator("#step-place").scroll_into_view_if_needed()
    shot(page, "maps-report-warning-phone")
    problems += axe_problems(page)

    # in the resident's own 居民区 the area shows without a warning
    box = search(page, "白云路1号")
    box.press("Enter")
    page.wait_for_selector("#report-map[data-found='白云路1号']")
    page.locator("#report-map").click(position={"x": 195, "y": int(page.locator("#report-map").bounding_box()["height"] / 2)})
    page.wait_for_function("document.getElementById('pin-area').textContent.includes('白云1号网格')")
    assert page.locator("#pin-area .pin-area-warning").count() == 0 and "warn" not in page.get_attribute("#pin-area", "class")
    assert problems == []


def test_a_visitor_sees_the_area_of_the_pin_without_a_warning(page_for, live_server, world):
    page = page_for(viewport=PHONE)
    page.goto(f"{live_server.url}/cases/report/")
    page.wait_for_selector("#report-map[data-base-loaded][data-loaded='3']")
    search(page, "蓝天路8号").press("Enter")
    page.wait_for_selector("#report-map[data-found='蓝天路8号']")
    page.locator("#report-map").click(position={"x": 195, "y": int(page.locator("#report-map").bounding_box()["height"] / 2)})
    page.wait_for_function("document.getElementById('pin-area').textContent.includes('蓝天1号网格')")
    assert page.locator("#pin-area .pin-area-warning").count() == 0


def test_the_grid_map_on_a_desk_labels_districts_and_finds_places_by_pinyin(page_for, live_server, world):
    page = page_for(viewport=DESK)
    problems = console_errors(page)
    sign_in(page, live_server.url, "subdistrict_admin")
    page.goto(f"{live_server.url}/org/map/")
    page.wait_for_selector("#map[data-base-loaded][data-loaded='3']")
    assert sorted(labels(page, "district")) == ["白云居民区", "蓝天居民区"]
    shot(page, "maps-grid-desktop")
    problems += axe_problems(page)

    box = search(page, "lt")
    options = page.locator(".jmap-results [role=option]")
    assert options.first.inner_text().startswith("蓝天居民区")
    box.press("ArrowDown")
    box.press("ArrowDown")
    assert page.get_attribute(".jmap-results [role=option] >> nth=1", "aria-selected") == "true"
    shot(page, "maps-search-desktop")
    problems += axe_problems(page)
    box.press("ArrowUp")
    box.press("Enter")
    page.wait_for_selector("#map[data-found='蓝天居民区']")
    # JMap's conversion is core/geo.py's, both ways
    js = page.evaluate("[JMap.wgs84ToGcj02(31.1774276, 121.5272106), JMap.gcj02ToWgs84(31.17530398364597, 121.531541859215)]")
    assert js[0] == pytest.approx(list(wgs84_to_gcj02(31.1774276, 121.5272106)), abs=1e-9)
    assert js[1] == pytest.approx(list(gcj02_to_wgs84(31.17530398364597, 121.531541859215)), abs=1e-9)
    assert problems == []


BLANK_TILE = "data:image/gif;base64,R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw=="


def test_with_gcj02_tiles_the_map_is_drawn_shifted_and_a_pin_is_stored_in_wgs84(page_for, live_server, world, settings):
    settings.MAP_TILE_URL, settings.MAP_CRS = BLANK_TILE, "GCJ02"
    page = page_for(viewport=PHONE)
    page.goto(f"{live_server.url}/cases/report/")
    page.wait_for_selector("#report-map[data-base-loaded][data-loaded='3']")
    assert page.evaluate("JMap.crs") == "GCJ02"
    assert page.locator("#report-map .leaflet-jmapBase-pane path").count() == 0  # over tiles: the labels only
    assert "蓝天居民区" in labels(page, "district")
    # what the tiles show at a stored point is its GCJ-02 twin, and back
    twin = page.evaluate("(() => { var t = JMap.toTile([31.025, 121.235]); var b = JMap.fromTile(t); return [t.lat, t.lng, b.lat, b.lng]; })()")
    assert twin[:2] == pytest.approx(list(wgs84_to_gcj02(31.025, 121.235)), abs=1e-9)
    assert twin[2:] == pytest.approx([31.025, 121.235], abs=1e-8)
    # the address found is under the middle of the map; a tap there stores the building's WGS-84 place
    search(page, "蓝天路8号").press("Enter")
    page.wait_for_selector("#report-map[data-found='蓝天路8号']")
    page.locator("#report-map").click(position={"x": 195, "y": int(page.locator("#report-map").bounding_box()["height"] / 2)})
    page.wait_for_selector("#report-map[data-pinned='1']")
    lat, lng = float(page.input_value("input[name=lat]")), float(page.input_value("input[name=lng]"))
    assert abs(lat - 31.025) < 0.0002 and abs(lng - 121.235) < 0.0002
    page.wait_for_function("document.getElementById('pin-area').textContent.includes('蓝天1号网格')")
