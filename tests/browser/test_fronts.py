"""The fronts of `/` in Chromium (issue 15 items 1 and 2): a visitor on a phone reports a problem without an
account and tracks it from the start page by its number; a resident's phone home reaches each of the four
tasks in one tap; a secretary's desktop home lists today's work with counts that lead to the same rows.
Screenshots front-{visitor,resident,secretary}-{phone,desktop}; axe stays clean on every front."""

import re

import pytest

from cases.models import Case, CaseCategory, HandlerKind
from cases.services import case_report
from cases.tests.conftest import EAST_SQUARE, IN_G1
from notices.services import notices_send
from org.models import Unit
from smart.defaults import DEVICE_TYPES
from smart.models import Severity
from smart.services.registry import device_types_load
from smart.tests.builders.pages import make_alarm, make_device
from tests.browser.fixtures import shot
from tests.browser.helpers import axe_problems, sign_in

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}


@pytest.fixture
def world(tree, personas):
    """Two grids side by side; cases waiting in 白云居民区 (D1, the secretary's) and one in 蓝天 (D2); the
    resident's own report and an unread notice; a trapped passenger in D1's lift."""
    Unit.objects.filter(pk=tree.G2.pk).update(boundary=EAST_SQUARE)
    env = CaseCategory.objects.create(code="ENV", name="市容环境")
    clutter = CaseCategory.objects.create(code="ENV-CLUTTER", name="楼道堆物", parent=env, handler_kind=HandlerKind.COMMITTEE)
    CaseCategory.objects.create(code="ENV-WASTE", name="垃圾满溢", parent=env)
    own = case_report(category=clutter, description="3楼楼道堆满纸箱", reporter=personas["resident"], address="1号楼3楼", **IN_G1)
    other = case_report(category=clutter, description="单车堆在门口", unit=tree.G1, address="1号楼门口")
    far = case_report(category=clutter, description="蓝天居民区的纸箱", unit=tree.G2, address="2号楼")
    notices_send([personas["resident"]], "您上报的问题已受理", "感谢您的上报", "/cases/mine/")
    device_types_load(DEVICE_TYPES)
    lift = make_device("LIFT-B1-1", "elevator", tree.B1, name="1号楼东梯")
    make_alarm(lift, severity=Severity.CRITICAL, details="电梯困人")
    return {"clutter": clutter, "own": own, "other": other, "far": far}


def watch(page):
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    return problems


def test_a_visitor_reports_without_an_account_and_tracks_the_case_from_the_start_page(page_for, live_server, world):
    desktop = page_for(viewport=DESKTOP)
    desktop.goto(live_server.url + "/")
    shot(desktop, "front-visitor-desktop")
    problems = axe_problems(desktop)

    page = page_for(viewport=PHONE)
    problems += watch(page)
    page.goto(live_server.url + "/")
    assert page.url == live_server.url + "/"  # no sign-in first
    nav = page.locator("header nav")
    assert nav.get_by_role("link", name="我要上报").count() == 1 and nav.get_by_role("link", name="组织单元").count() == 0
    shot(page, "front-visitor-phone")
    problems += axe_problems(page)

    page.locator("a.tile:has-text('我要上报')").click()
    page.wait_for_url(re.compile(r".*/cases/report/$"))
    page.wait_for_selector("#report-map[data-loaded='2']")
    page.locator(f"label.tile:has(input[value='{world['clutter'].pk}'])").click()
    page.locator("#report-map path.leaflet-interactive").first.click()
    page.wait_for_selector("#report-map[data-pinned='1']")
    page.fill("textarea[name=description]", "小区门口的消防通道被纸箱堵住了")
    page.locator("#report-form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/cases/report/done/$"))
    number = page.inner_text("#case-number").strip()
    case = Case.objects.get(number=number)
    assert case.reporter is None and case.grid.code == "TG1"

    page.goto(live_server.url + "/")
    page.fill("input[name=number]", number)
    page.locator("form.track-form button[type=submit]").click()
    page.wait_for_url(re.compile(rf".*/cases/track/\?number={number}$"))
    assert number in page.inner_text("#case-title") and page.locator(".timeline li").count() == 1
    problems += axe_problems(page)
    assert not problems, problems


FOUR_TASKS = {"我要上报": r"/cases/report/$", "我的上报": r"/cases/mine/$", "服务与预约": r"/services/menu/$", "通知": r"/notices/$"}


def test_a_residents_phone_home_reaches_each_of_the_four_tasks_in_one_tap(page_for, live_server, world):
    page = page_for(viewport=PHONE)
    problems = watch(page)
    sign_in(page, live_server.url, "resident")
    page.goto(live_server.url + "/")
    tiles = page.locator("ul.tiles a.tile")
    assert tiles.count() == 4
    for box in (tiles.nth(i).bounding_box() for i in range(4)):
        assert box["height"] >= 96 and box["width"] >= 160 and box["y"] + box["height"] <= 844 + 400  # large, near the top
    assert world["own"].number in page.inner_text("main")  # the latest own report and its state
    nav = page.locator("header nav").inner_text()
    for staff_only in ("组织单元", "网格地图", "接口文档", "工作台"):
        assert staff_only not in nav, staff_only
    shot(page, "front-resident-phone")
    problems += axe_problems(page)
    for label, url in FOUR_TASKS.items():
        page.goto(live_server.url + "/")
        page.locator(f"ul.tiles a.tile:has-text('{label}')").click()
        page.wait_for_url(re.compile(".*" + url))
        assert page.locator("h1").count() == 1, label

    desktop = page_for(viewport=DESKTOP)
    sign_in(desktop, live_server.url, "resident")
    desktop.goto(live_server.url + "/")
    shot(desktop, "front-resident-desktop")
    problems += axe_problems(desktop)
    assert not problems, problems


def test_a_secretarys_home_lists_todays_work_with_counts(page_for, live_server, world):
    page = page_for(viewport=DESKTOP)
    problems = watch(page)
    sign_in(page, live_server.url, "secretary")
    page.goto(live_server.url + "/")
    work = page.locator("#todays-work")
    assert work.locator("[data-work=cases-register] .n").inner_text() == "2"  # D1's two; not D2's
    assert work.locator("[data-work=alarms-critical] .n").inner_text() == "1"
    assert page.inner_text("h1") == "今日待办" and "白云居民区" in page.inner_text(".roles-line")
    shot(page, "front-secretary-desktop")
    problems += axe_problems(page)
    work.locator("[data-work=cases-register] a").click()
    page.wait_for_url(re.compile(r".*/cases/\?state=reported$"))
    listed = page.inner_text("main")
    assert world["own"].number in listed and world["other"].number in listed and world["far"].number not in listed

    phone = page_for(viewport=PHONE)
    sign_in(phone, live_server.url, "secretary")
    phone.goto(live_server.url + "/")
    shot(phone, "front-secretary-phone")
    problems += axe_problems(phone)
    assert not problems, problems
