"""Staff case pages in Chromium: the secretary bulk-dispatches from the workbench (desktop); the grid worker
passes 核查 on the patrol page (phone)."""


import pytest

from cases import services as svc
from cases.models import Case, CaseCategory, HandlerKind
from cases.tests.conftest import EAST_SQUARE
from org.models import Unit
from tests.browser.fixtures import shot
from tests.browser.helpers import axe_problems, sign_in

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def cases(tree, personas):
    Unit.objects.filter(pk=tree.G2.pk).update(boundary=EAST_SQUARE)
    clutter = CaseCategory.objects.create(code="ENV-01", name="楼道堆物", handler_kind=HandlerKind.PROPERTY, time_limit=5)
    admin, prop = personas["subdistrict_admin"], personas["property_company"]

    def new(text, lat="31.025000", lng="121.225000"):
        return svc.case_report(category=clutter, description=text, reporter=None, address="1号楼", lat=lat, lng=lng)

    waiting = [svc.case_accept(case=new(t, lng=lng), by=admin) for t, lng in (("3楼楼道堆满纸箱", "121.2251"), ("5楼消防通道堆放旧家具", "121.2262"))]
    new("车棚门口自行车乱停", lng="121.2240")
    handled = svc.case_dispatch(case=svc.case_accept(case=new("单元门口垃圾满溢", lng="121.2270"), by=admin), to=tree.D1, handler_kind=HandlerKind.PROPERTY, by=admin)
    handled = svc.case_complete(case=svc.case_start(case=handled, by=prop), by=prop, note="已清运")
    return {"waiting": waiting, "handled": handled}


def test_a_secretary_bulk_dispatches_two_cases_to_the_property_company(page_for, live_server, personas, tree, cases):
    page = page_for()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    sign_in(page, live_server.url, "secretary")
    page.goto(f"{live_server.url}/cases/")
    page.wait_for_selector("h1")
    problems = axe_problems(page)
    for case in cases["waiting"]:
        page.check(f"#pick-{case.pk}")
    assert "2" in page.locator("#picked").inner_text()
    page.select_option("#id_handling_unit", str(tree.D1.pk))
    page.select_option("#id_handler_kind", "property")
    shot(page, "case-workbench-desktop")
    page.click("#bulk-dispatch")
    page.wait_for_selector(".messages li.success")
    message = page.locator(".messages li.success").inner_text()
    assert all(c.number in message for c in cases["waiting"])
    assert set(Case.objects.filter(pk__in=[c.pk for c in cases["waiting"]]).values_list("state", "handling_unit", "handler_kind")) == {("dispatched", tree.D1.pk, "property")}

    page.goto(f"{live_server.url}/cases/{cases['waiting'][0].pk}/")
    page.wait_for_selector("#case-map[data-loaded='1']")
    shot(page, "case-detail-desktop")
    problems += axe_problems(page)
    page.goto(f"{live_server.url}/cases/map/")
    page.wait_for_selector("#cases-map[data-loaded='4']")
    shot(page, "case-map-desktop")
    problems += axe_problems(page)
    page.goto(f"{live_server.url}/cases/hotline/")
    page.locator("#pin-map").click(position={"x": 200, "y": 140})
    assert page.input_value("#id_lat") and page.input_value("#id_lng")
    shot(page, "case-hotline-desktop")
    problems += axe_problems(page)
    assert not errors and not problems, errors + problems


def test_a_grid_worker_passes_the_check_on_her_phone(page_for, live_server, personas, cases):
    page = page_for(viewport=PHONE)
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    sign_in(page, live_server.url, "grid_worker")
    page.goto(f"{live_server.url}/cases/patrol/")
    card = page.locator(f"#verify-{cases['handled'].pk}")
    card.wait_for()
    shot(page, "case-patrol-phone")
    problems = axe_problems(page)
    card.locator("textarea").fill("现场已清理干净")
    card.locator("button.pass").click()
    page.wait_for_selector(".messages li.success")
    assert page.url.endswith("/cases/patrol/")
    assert page.locator(f"#verify-{cases['handled'].pk}").count() == 0
    case = Case.objects.get(pk=cases["handled"].pk)
    assert case.state == "closed" and case.transitions.last().note == "现场已清理干净"
    shot(page, "case-patrol-phone-after")
    assert not errors and not problems, errors + problems
