"""A resident reports a problem from a phone: signs in, picks a category, drops a pin by tapping the map,
attaches a photo, is shown a case of the same kind nearby, sends the report anyway, gets the number and
finds the case (with its photo) under My cases."""

import io
import re

import pytest
from PIL import Image

from cases.models import Case
from cases.services import case_report
from cases.tests.conftest import EAST_SQUARE, IN_G1
from core.testing import make_user
from org.models import Unit
from tests.browser.fixtures import shot
from tests.browser.helpers import axe_problems, sign_in

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def world(tree, personas):
    from cases.models import CaseCategory, HandlerKind

    Unit.objects.filter(pk=tree.G2.pk).update(boundary=EAST_SQUARE)
    env = CaseCategory.objects.create(code="ENV", name="市容环境")
    clutter = CaseCategory.objects.create(code="ENV-CLUTTER", name="楼道堆物", parent=env, handler_kind=HandlerKind.PROPERTY)
    CaseCategory.objects.create(code="ENV-WASTE", name="垃圾满溢", parent=env)
    CaseCategory.objects.create(code="FAC-LIFT", name="电梯故障")
    trapped = CaseCategory.objects.create(
        code="FAC-TRAPPED", name="电梯困人", emergency_advice="不要扒门，按警铃，等待救援。", emergency_numbers=[{"label": "电梯应急", "number": "96333"}, {"label": "急救", "number": "120"}]
    )
    neighbour_case = case_report(category=clutter, description="楼道堆物", reporter=make_user("neighbour"), **IN_G1)
    return {"clutter": clutter, "trapped": trapped, "neighbour_case": neighbour_case}


def test_a_resident_reports_from_a_phone_and_finds_the_case_under_my_cases(page_for, live_server, personas, world, tmp_path):
    photo = tmp_path / "楼道.jpg"
    buf = io.BytesIO()
    Image.new("RGB", (1200, 900), (180, 140, 90)).save(buf, "JPEG")
    photo.write_bytes(buf.getvalue())

    page = page_for(viewport=PHONE)
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    sign_in(page, live_server.url, "resident")
    page.goto(f"{live_server.url}/cases/report/")
    page.wait_for_selector("#report-map[data-loaded='2']")

    # an urgent category first says whom to call, as tap-to-call links; the report goes on below it
    page.locator(f"label.tile:has(input[value='{world['trapped'].pk}'])").click()
    advice = page.locator(f"#emergency-{world['trapped'].pk}")
    advice.wait_for(state="visible")
    assert advice.locator("a[href='tel:96333']").is_visible() and advice.locator("a[href='tel:120']").is_visible()
    assert "不要扒门" in advice.inner_text()
    shot(page, "resident-report-emergency-phone")
    problems += axe_problems(page)
    page.locator(f"label.tile:has(input[value='{world['clutter'].pk}'])").click()
    assert not advice.is_visible()
    assert page.locator(f"input[name=category][value='{world['clutter'].pk}']").is_checked()
    # tap the middle of the first grid's outline on the map: the pin lands where the neighbour's case is
    page.locator("#report-map path.leaflet-interactive").first.click()
    page.wait_for_selector("#report-map[data-pinned='1']")
    lat, lng = float(page.input_value("input[name=lat]")), float(page.input_value("input[name=lng]"))
    assert 31.02 < lat < 31.03 and 121.22 < lng < 121.23
    assert page.locator(".leaflet-marker-icon").count() == 1
    # the same kind of problem is already reported nearby: the page offers to follow it instead
    page.wait_for_selector(f"#nearby .case-no:has-text('{world['neighbour_case'].number}')")
    assert page.locator("#nearby button.follow-button").count() == 1

    page.fill("textarea[name=description]", "2号楼3楼楼道堆满纸箱，挡住了消防通道")
    page.fill("input[name=address]", "2号楼3楼")
    page.set_input_files("input[name=photos]", str(photo))
    page.wait_for_selector("#photo-preview img")
    shot(page, "resident-report-phone")
    problems += axe_problems(page)

    page.locator("#report-form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/cases/report/done/$"))
    number = page.inner_text("#case-number").strip()
    case = Case.objects.get(number=number)
    assert case.reporter == personas["resident"] and case.grid.code == "TG1" and case.photos.count() == 1
    assert case.pk != world["neighbour_case"].pk
    shot(page, "resident-report-done-phone")
    problems += axe_problems(page)

    page.goto(f"{live_server.url}/cases/mine/")
    problems += axe_problems(page)
    page.locator(f"#my-cases a:has-text('{number}')").click()
    page.wait_for_url(re.compile(rf".*/cases/mine/{case.pk}/$"))
    assert number in page.inner_text("h1")
    img = page.locator(".photo-grid img").first
    img.wait_for()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=img.element_handle())
    shot(page, "resident-my-case-phone")
    problems += axe_problems(page)
    page.goto(f"{live_server.url}/cases/track/?number={number}")
    assert page.locator(".timeline li").count() == 1 and page.locator(".photo-grid img").count() == 1  # the reporter sees the photo
    problems += axe_problems(page)
    assert not problems, problems


def test_a_signed_in_neighbour_follows_the_case_nearby_instead_of_reporting_it_again(page_for, live_server, world):
    make_user("neighbour2")
    page = page_for(viewport=PHONE)
    sign_in(page, live_server.url, "neighbour2")
    page.goto(f"{live_server.url}/cases/report/")
    page.wait_for_selector("#report-map[data-loaded='2']")
    page.locator("#report-map path.leaflet-interactive").first.click()
    page.locator(f"label.tile:has(input[value='{world['clutter'].pk}'])").click()
    page.locator("#nearby button.follow-button").click()
    case = world["neighbour_case"]
    page.wait_for_url(re.compile(rf".*/cases/mine/{case.pk}/$"))
    assert case.number in page.inner_text("h1") and page.locator("#verify, #rate, #reopen").count() == 0
    assert case.followers.filter(username="neighbour2").exists() and Case.objects.count() == 1
