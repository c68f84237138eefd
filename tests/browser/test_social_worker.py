
import pytest

from tests.browser.fixtures import shot
from tests.browser.helpers import sign_in

pytestmark = pytest.mark.browser


def test_a_social_worker_finds_a_resident_by_initials_sees_the_id_masked_and_not_other_districts(page_for, live_server, personas, people):
    page = page_for()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    sign_in(page, live_server.url, "social_worker")
    page.click("nav summary >> text=基础信息")  # the navigation's menu of basic data
    page.click("nav >> text=居民")
    page.fill("input[name=q]", "zsf")
    page.click("form[role=search] button")
    row = page.locator("tbody tr", has_text="张三丰")
    row.wait_for()
    assert "1****************X" in row.inner_text()
    assert "11010519491231002X" not in page.content()
    assert page.locator("tbody tr", has_text="李四").count() == 0
    shot(page, "people-search-desktop")

    row.locator("a").click()
    page.wait_for_selector("h1:has-text('张三丰')")
    assert page.locator("#id-number").inner_text().startswith("1****************X")
    assert page.locator("#id-number button").count() == 0  # no right to see it in full

    r = page.goto(f"{live_server.url}/people/residents/{people['lisi'].pk}/")
    assert r.status == 404
    assert not errors


def test_a_secretary_reveals_an_id_number_and_the_auditor_sees_that_she_did(page_for, live_server, personas, people):
    page = page_for(viewport={"width": 390, "height": 844})  # a phone
    sign_in(page, live_server.url, "secretary")
    page.goto(f"{live_server.url}/people/residents/{people['zsf'].pk}/")
    page.click("#id-number button")
    page.wait_for_selector("#id-number .revealed")
    assert page.locator("#id-number .revealed").inner_text() == "11010519491231002X"
    shot(page, "resident-detail-phone")

    auditor = page_for()
    sign_in(auditor, live_server.url, "auditor")
    auditor.goto(f"{live_server.url}/audit/?action=view_pii")
    assert auditor.locator("tbody tr", has_text="secretary").count() == 1
    shot(auditor, "audit-log-desktop")


def test_the_grid_map_draws_the_grids_without_a_tile_server_and_links_to_them(page_for, live_server, personas, tree):
    page = page_for()
    sign_in(page, live_server.url, "subdistrict_admin")
    page.goto(f"{live_server.url}/org/map/")
    page.wait_for_selector("#map[data-loaded='2']")
    assert page.locator("path.leaflet-interactive").count() == 2
    shot(page, "grid-map-desktop")
    page.locator("path.leaflet-interactive").first.click(force=True)
    page.wait_for_selector("h1 .tag")
    assert "网格" in page.locator("h1").inner_text()


def test_the_pages_switch_to_english(page_for, live_server, personas):
    page = page_for()
    sign_in(page, live_server.url, "subdistrict_admin")
    page.click("button[name=language][value=en]")
    page.wait_for_selector("nav summary >> text=Basic data")
    assert page.locator("html").get_attribute("lang") == "en"
