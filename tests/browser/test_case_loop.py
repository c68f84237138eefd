"""The whole loop of issue 4 in Chromium: a resident reports from a phone, the secretary registers and
dispatches it, the property company handles it with an evidence photo, the grid worker passes 核查 on
the patrol page, the resident rates it, and the dashboard counts it."""

import io
import re

import pytest
from PIL import Image

from cases.models import Case, CaseCategory, HandlerKind
from cases.tests.conftest import EAST_SQUARE
from org.models import Unit
from tests.browser.fixtures import shot
from tests.browser.helpers import sign_in

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def photo_file(tmp_path, name, colour):
    path = tmp_path / name
    buf = io.BytesIO()
    Image.new("RGB", (1200, 900), colour).save(buf, "JPEG")
    path.write_bytes(buf.getvalue())
    return str(path)


def submit_step(page, name, fill=None):
    form = page.locator(f"#step-{name}")
    if fill:
        fill(form)
    form.locator("button[type=submit]").click()
    page.wait_for_selector(".messages li.success")


def test_a_case_goes_from_a_residents_phone_through_handling_and_rating_to_the_dashboard(page_for, live_server, personas, tree, tmp_path):
    Unit.objects.filter(pk=tree.G2.pk).update(boundary=EAST_SQUARE)
    env = CaseCategory.objects.create(code="ENV", name="市容环境")
    clutter = CaseCategory.objects.create(code="ENV-CLUTTER", name="楼道堆物", parent=env, handler_kind=HandlerKind.PROPERTY)
    base = live_server.url
    errors = []
    phone = page_for(viewport=PHONE)
    phone.on("pageerror", lambda e: errors.append(str(e)))

    # 1. the resident reports from a phone: category, pin, photo
    sign_in(phone, base, "resident")
    phone.goto(f"{base}/cases/report/")
    phone.wait_for_selector("#report-map[data-loaded='2']")
    phone.locator(f"label.tile:has(input[value='{clutter.pk}'])").click()
    phone.locator("#report-map path.leaflet-interactive").first.click()
    phone.wait_for_selector("#report-map[data-pinned='1']")
    phone.fill("textarea[name=description]", "3号楼2楼楼道堆满旧家具")
    phone.set_input_files("input[name=photos]", photo_file(tmp_path, "problem.jpg", (160, 120, 80)))
    phone.locator("#report-form button[type=submit]").click()
    phone.wait_for_url(re.compile(r".*/cases/report/done/$"))
    case = Case.objects.get(number=phone.inner_text("#case-number").strip())
    assert case.reporter == personas["resident"] and case.grid == tree.G1 and case.state == "reported"

    # 2. the secretary registers it and dispatches it to the property company
    desk = page_for()
    desk.on("pageerror", lambda e: errors.append(str(e)))
    sign_in(desk, base, "secretary")
    desk.goto(f"{base}/cases/{case.pk}/")
    submit_step(desk, "accept")
    submit_step(desk, "dispatch", lambda f: (f.locator("select[name$=handling_unit]").select_option(str(tree.D1.pk)), f.locator("select[name$=handler_kind]").select_option("property")))
    case.refresh_from_db()
    assert (case.state, case.handling_unit, case.handler_kind) == ("dispatched", tree.D1, "property")

    # 3. the property company takes it up and finishes it with an evidence photo, on a phone
    sign_in(phone, base, "property_company")
    phone.goto(f"{base}/cases/{case.pk}/")
    submit_step(phone, "start")
    submit_step(phone, "complete", lambda f: (f.locator("textarea[name$=note]").fill("已清理，通道畅通"), f.locator("input[name$=photos]").set_input_files(photo_file(tmp_path, "done.jpg", (90, 160, 90)))))
    case.refresh_from_db()
    assert case.state == "completed" and case.photos.filter(kind="evidence").count() == 1

    # 4. the grid worker checks it on the patrol page
    sign_in(phone, base, "grid_worker")
    phone.goto(f"{base}/cases/patrol/")
    card = phone.locator(f"#verify-{case.pk}")
    card.locator("textarea").fill("现场核查通过")
    card.locator("button.pass").click()
    phone.wait_for_selector(".messages li.success")
    case.refresh_from_db()
    assert case.state == "closed"

    # 5. the resident rates it
    sign_in(phone, base, "resident")
    phone.goto(f"{base}/cases/mine/{case.pk}/")
    phone.locator("#rate label.tile:has(input[value='satisfied'])").click()
    phone.locator("#rate button[type=submit]").click()
    phone.wait_for_selector(".messages li.success")
    case.refresh_from_db()
    assert case.rating == "satisfied"
    assert [t.action for t in case.transitions.order_by("at", "id")] == ["report", "accept", "dispatch", "start", "complete", "verify_pass", "rate"]
    shot(phone, "case-loop-rated-phone")

    # 6. the dashboard counts it: one closed case, rated satisfied
    sign_in(desk, base, "subdistrict_admin")
    desk.goto(f"{base}/cases/dashboard/")
    desk.wait_for_selector("#dash-trend-chart[data-drawn='1'] canvas")
    cards = desk.locator(".dash-cards .card .stat")
    assert "100" in cards.nth(1).inner_text() and "100" in cards.nth(2).inner_text()  # satisfied, resolved
    shot(desk, "case-loop-dashboard")
    assert not errors, errors
