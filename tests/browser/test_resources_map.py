"""资源共享导图 in Chromium: the map draws one layer per kind, the needs and a line per agreement or service,
with counts in the legend and a layer control that hides a layer; the graph draws its canvas and lists the
same links in a table. Both pages are axe-clean; screenshots at 1280 px."""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone

from resources.defaults import TYPES
from resources.models import Match, MatchState, NeedState, ResourceType, ServiceRecord
from resources.tests.builders import make_need, make_org, make_project, make_space, make_talent
from tests.browser.helpers import axe_problems, sign_in

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
D2_AT = (31.025, 121.248)
SURNAMES = "钱孙李周吴郑王冯陈褚卫蒋沈韩"


def shot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def served(need, resource, days_ago=5):
    m = Match.objects.create(
        need=need, resource=resource, unit_path=need.unit_path, score=0.8, state=MatchState.SERVED, agreed_at=timezone.now() - datetime.timedelta(days=days_ago)
    )
    ServiceRecord.objects.create(match=m, unit_path=need.unit_path, served_on=timezone.localdate() - datetime.timedelta(days=days_ago - 2), people_served=15)
    need.state = NeedState.SERVED
    need.save(update_fields=["state"])


@pytest.fixture
def map_world(tree, personas):
    """Like the demo on a small scale: talents in both 居民区, spaces of co-building units, enterprises' projects, needs, two services."""
    ResourceType.objects.bulk_create(  # seeded by a migration, but an earlier live-server test's flush removed them
        [ResourceType(code=c, kind=k, name=n, name_en=e, group=g, sort=10 * i) for i, (c, k, n, e, g) in enumerate(TYPES, start=1)], ignore_conflicts=True
    )
    tree.D2.lat, tree.D2.lng = D2_AT
    tree.D2.save(update_fields=["lat", "lng"])
    skills = ("shuhua", "dance", "repair", "handicraft", "quyi", "education", "music")
    talents = [make_talent(tree.B1 if i < 8 else tree.B2, name=f"{SURNAMES[i]}老师", skills=(skills[i % len(skills)],)) for i in range(14)]
    tax = make_org(tree.D1, name="区税务局", kind="co_building", credit_code="")
    school = make_org(tree.D2, name="蓝天小学", kind="co_building", credit_code="", at=(31.0262, 121.2465))
    spaces = [
        make_space(tree.D1, name="税务局二楼会议室", organisation=tax, at=(31.0238, 121.2262)),
        make_space(tree.D1, name="白云活动室", space_types=("leisure",), at=(31.0262, 121.2238)),
        make_space(tree.D2, name="蓝天小学操场", space_types=("sports",), organisation=school, at=(31.0262, 121.2465)),
    ]
    charity = make_org(tree.D1, name="松江公益科技有限公司", at=(31.0245, 121.2305))
    bank = make_org(tree.D2, name="农商银行松江支行", credit_code="", at=(31.0238, 121.2498))
    projects = [
        make_project(charity, name="银龄健康讲座"),
        make_project(charity, name="青少年编程", project_types=("youth",)),
        make_project(bank, name="反诈宣传", project_types=("legal_aid",)),
    ]
    needs = [make_need(tree.D1, title=f"白云需求{i}", need_types=(skills[i],)) for i in range(5)] + [
        make_need(tree.D2, title=f"蓝天需求{i}", at=D2_AT) for i in range(3)
    ]
    served(needs[0], talents[0].resource)
    served(needs[5], projects[2].resource)
    return {"talents": talents, "spaces": spaces, "projects": projects, "needs": needs}


def test_the_map_draws_a_layer_per_kind_with_the_needs_and_the_service_lines(page_for, live_server, personas, map_world):
    page = page_for()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    sign_in(page, live_server.url, "subdistrict_admin")
    page.goto(f"{live_server.url}/resources/map/")
    page.wait_for_selector("#map[data-loaded]")
    m = page.locator("#map")
    expected = {"talent": 14, "space": 3, "project": 3, "need": 8, "match": 2}
    assert {k: int(m.get_attribute(f"data-count-{k}")) for k in expected} == expected
    assert {k: page.locator(f"path.res-dot-{k}").count() for k in ("talent", "space", "project", "need")} == {k: v for k, v in expected.items() if k != "match"}
    assert page.locator("path.res-line").count() == 2
    assert page.locator("#count-talent").inner_text() == "(14)"
    page.wait_for_selector("#map[data-grids-loaded]")
    shot(page, "resources-map-desktop")
    problems = axe_problems(page)

    page.locator("path.res-dot-project").first.click()  # a popup names it and links to its page
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert popup.locator("a").get_attribute("href").startswith("/resources/projects/") and any(p.name in popup.inner_text() for p in map_world["projects"])
    shot(page, "resources-map-popup")
    page.locator(".leaflet-popup-close-button").click()

    page.locator(".leaflet-control-layers-overlays input").first.uncheck()  # the layer control hides a layer (talents come first)
    assert page.locator("path.res-dot-talent").count() == 0 and page.locator("path.res-dot-need").count() == 8

    page.locator("#map-filters input[value=talent]").uncheck()  # the filter leaves kinds out of the data
    page.locator("#map-filters input[value=space]").uncheck()
    page.locator("#map-filters button[type=submit]").click()
    page.wait_for_selector("#map[data-loaded]")
    assert page.locator("#map").get_attribute("data-count-talent") == "0" and page.locator("path.res-dot-project").count() == 3
    assert page.locator("path.res-line").count() == 1  # only the project's service: lines follow the resource kinds chosen
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "resources-map-phone")
    assert not errors and not problems, errors + problems


def test_the_graph_draws_its_chart_and_lists_the_same_links_in_a_table(page_for, live_server, personas, map_world):
    page = page_for()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    sign_in(page, live_server.url, "subdistrict_admin")
    page.goto(f"{live_server.url}/resources/map/graph/?show=all")
    page.wait_for_selector("#graph-chart[data-drawn='1'] canvas")
    chart = page.locator("#graph-chart")
    rows = page.locator("#graph-table tbody tr")
    assert rows.count() == int(chart.get_attribute("data-edges")) > 20
    assert page.locator("#graph-table tr.edge-serves").count() == 2
    assert "反诈宣传" in page.locator("#graph-table tr.edge-serves").nth(0).inner_text() + page.locator("#graph-table tr.edge-serves").nth(1).inner_text()
    page.wait_for_timeout(600)  # the force layout settles
    shot(page, "resources-graph-desktop")
    problems = axe_problems(page)

    page.goto(f"{live_server.url}/resources/map/graph/")  # by default only the resources with agreements
    page.wait_for_selector("#graph-chart[data-drawn='1'] canvas")
    assert page.locator("#graph-table tr.edge-serves").count() == 2 and int(page.locator("#graph-chart").get_attribute("data-nodes")) < 10
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "resources-graph-phone")
    problems += axe_problems(page)
    assert not errors and not problems, errors + problems
