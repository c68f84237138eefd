"""Phones and forms that guide (issue 15 items 6 and 7), in Chromium.

A grid worker on a phone patrols: her location puts the pin outside her grids, the form comes back with the
error at the top, her entries and her photo kept (已保留) and the building fallback offered; her location
inside the grid then sends the report with the kept photo. The case list, a case's page and the bookings list
are cards on a phone; a unit's page shows its codes, address and phones unclipped, in Chinese and in English."""

import datetime

import pytest
from django.utils import timezone
from PIL import Image

from cases import services as svc
from cases.models import Case, CaseCategory, HandlerKind
from cases.tests.conftest import EAST_SQUARE, IN_G1, IN_G2
from doorstep.services.bookings import booking_create
from doorstep.services.places import place_create, room_create
from doorstep.tests.builders.bookings import make_slot
from org.models import Responsible, Unit
from tests.browser.fixtures import shot
from tests.browser.helpers import axe_problems, sign_in

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}


def where(point):
    return {"latitude": float(point["lat"]), "longitude": float(point["lng"])}


@pytest.fixture
def world(tree, personas):
    Unit.objects.filter(pk=tree.G2.pk).update(boundary=EAST_SQUARE)
    clutter = CaseCategory.objects.create(code="ENV-01", name="楼道堆物", handler_kind=HandlerKind.PROPERTY, time_limit=5)
    CaseCategory.objects.create(code="DIS-01", name="邻里纠纷", handler_kind=HandlerKind.COMMITTEE, time_limit=3)
    admin, prop = personas["subdistrict_admin"], personas["property_company"]

    def new(text, lng):
        return svc.case_report(category=clutter, description=text, reporter=None, address="白云路188弄1号楼", lat="31.025000", lng=lng)

    svc.case_accept(case=new("3楼楼道堆满纸箱，消防通道被堵", "121.2251"), by=admin)
    new("车棚门口自行车乱停", "121.2240")
    handled = svc.case_dispatch(
        case=svc.case_accept(case=new("单元门口垃圾满溢", "121.2270"), by=admin), to=tree.D1, handler_kind=HandlerKind.PROPERTY, by=admin
    )
    handled = svc.case_start(case=handled, by=prop, note="物业已安排保洁清运")
    Unit.objects.filter(pk=tree.D1.pk).update(address="上海市松江区中山街道白云路188弄（白云居民区党群服务站）", contact_phone="021-57812345 转 8021")
    Responsible.objects.create(
        unit=tree.D1, name="王建国", title="党总支书记、居委会主任", duty="全面负责居民区党建和居委会工作", phone="021-57812345 / 13912345678"
    )
    Responsible.objects.create(unit=tree.D1, name="李晓梅", title="居委会副主任", duty="社区事务受理、为老服务", phone="13800138000")
    return {"clutter": clutter, "handled": handled}


@pytest.fixture
def photo_file(tmp_path):
    path = tmp_path / "楼道.jpg"
    Image.new("RGB", (640, 480), (200, 120, 40)).save(path, "JPEG")
    return path


def test_a_grid_worker_patrols_with_a_pin_outside_then_inside_her_grid(page_for, live_server, personas, tree, world, photo_file):
    page = page_for(viewport=PHONE)
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation(where(IN_G2))  # standing in the next grid, not hers
    sign_in(page, live_server.url, "grid_worker")
    page.goto(f"{live_server.url}/cases/patrol/")
    page.wait_for_selector("#patrol-map[data-loaded='1']")
    page.select_option("#id_category", str(world["clutter"].pk))
    page.fill("#id_description", "2号楼北侧消防通道堆放旧沙发")
    page.set_input_files("#id_photos", str(photo_file))
    page.fill("#id_address", "2号楼北侧")
    page.click("#locate")
    page.wait_for_function("() => document.getElementById('id_lat').value !== ''")
    assert page.locator("#patrol-map[data-pinned='1']").count() == 1
    page.wait_for_selector("#pin-where.outside")  # told before sending
    page.click("#patrol-form button[type=submit]")

    summary = page.locator("#form-errors")
    summary.wait_for()
    assert summary.is_visible() and summary.evaluate("e => e === document.activeElement"), "the page opens on the errors"
    assert summary.evaluate("e => e.getBoundingClientRect().top >= 0 && e.getBoundingClientRect().top < innerHeight")
    assert page.locator("#id_lat_error").is_visible() and page.locator("#fallback").is_visible()
    assert page.input_value("#id_description") == "2号楼北侧消防通道堆放旧沙发" and page.input_value("#id_address") == "2号楼北侧"
    kept = page.locator("#kept-photos img")
    assert kept.count() == 1 and kept.evaluate("img => img.complete && img.naturalWidth > 0"), "the kept photo is shown"
    assert page.locator("#kept-photos input[name=kept_photos]").is_checked() and "已保留" in page.locator("#kept-photos").inner_text()
    page.wait_for_selector("#patrol-map[data-loaded='1']")
    page.wait_for_selector("#pin-where.outside")
    shot(page, "patrol-outside-phone")
    problems = axe_problems(page)
    assert Case.objects.filter(description__startswith="2号楼北侧").count() == 0

    page.context.set_geolocation(where(IN_G1))  # she walks back into her grid
    page.click("#locate")
    page.wait_for_function(f"() => document.getElementById('id_lng').value === '{IN_G1['lng']}'")
    assert tree.G1.name in page.locator("#pin-where.inside").inner_text()
    page.locator("#locate").scroll_into_view_if_needed()
    shot(page, "patrol-inside-phone")
    page.click("#patrol-form button[type=submit]")
    page.wait_for_selector(".messages li.success")
    case = Case.objects.get(description="2号楼北侧消防通道堆放旧沙发")
    assert (case.grid_id, case.state, case.photos.count(), str(case.lng)) == (tree.G1.pk, "accepted", 1, IN_G1["lng"])
    problems += axe_problems(page)
    assert not errors and not problems, errors + problems


def test_the_case_list_and_a_case_page_are_cards_on_a_phone(page_for, live_server, personas, world):
    page = page_for(viewport=PHONE)
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    sign_in(page, live_server.url, "secretary")
    page.goto(f"{live_server.url}/cases/?tab=all")
    rows = page.locator("table.cases tbody tr")
    rows.first.wait_for()
    assert rows.count() == 3
    first = rows.first
    assert first.evaluate("tr => getComputedStyle(tr).display") == "flex"
    title = first.locator("td.card-title")
    assert title.evaluate("td => td.getBoundingClientRect().width") > 250, "a card's lines span the phone's width"
    assert first.evaluate("tr => tr.getBoundingClientRect().top") == pytest.approx(title.evaluate("td => td.getBoundingClientRect().top"), abs=20), (
        "the number heads the card"
    )
    category = first.locator("td[data-label='类别'], td[data-label='分类']").first
    assert category.evaluate("td => getComputedStyle(td, '::before').content").strip('"') in ("类别", "分类")
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth"), "nothing runs off the side"
    shot(page, "cases-cards-phone")
    problems = axe_problems(page)

    page.goto(f"{live_server.url}/cases/{world['handled'].pk}/")
    timeline = page.locator("#h-timeline + .table-wrap table.cards-on-phone tbody tr")
    timeline.first.wait_for()
    assert timeline.count() == 4 and timeline.first.evaluate("tr => getComputedStyle(tr).display") == "flex"
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    shot(page, "case-page-phone")
    problems += axe_problems(page)
    assert not errors and not problems, errors + problems


def test_the_bookings_list_is_cards_on_a_phone(page_for, live_server, personas, tree, people):
    station = place_create(kind="station", unit=tree.D1, name="白云好邻居服务站", address="白云路1号")
    room = room_create(place=station, kind="party", name="党群活动室", capacity=30, equipment=["投影仪"])
    tomorrow = timezone.localtime() + datetime.timedelta(days=1)
    for hour, who in ((9, personas["resident"]), (14, personas["volunteer"])):
        booking_create(slot=make_slot(room=room, start=tomorrow.replace(hour=hour, minute=0, second=0, microsecond=0)), user=who, purpose="楼组长议事会")
    page = page_for(viewport=PHONE)
    sign_in(page, live_server.url, "secretary")
    page.goto(f"{live_server.url}/services/bookings/")
    rows = page.locator("#staff-bookings tbody tr")
    rows.first.wait_for()
    assert rows.count() == 2 and rows.first.evaluate("tr => getComputedStyle(tr).display") == "flex"
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    shot(page, "bookings-cards-phone")
    assert not axe_problems(page)


def test_a_units_page_shows_its_facts_unclipped_in_both_languages(page_for, live_server, personas, tree, world):
    page = page_for(viewport=DESKTOP)
    sign_in(page, live_server.url, "secretary")
    page.goto(f"{live_server.url}/org/units/{tree.D1.pk}/")
    cards = page.locator(".unit-cards > .card")
    cards.first.wait_for()
    assert page.locator("#h-unit-facts").inner_text() == "基本信息"
    assert all(w >= 280 for w in cards.evaluate_all("cs => cs.map(c => c.getBoundingClientRect().width)")), "wide enough for codes and phones"
    clipped = page.evaluate("[...document.querySelectorAll('.unit-cards dd, .unit-cards li')].filter(e => e.scrollWidth > e.clientWidth + 1).length")
    assert clipped == 0
    assert page.locator("[data-export=residents]").count() == 1
    shot(page, "unit-page-desktop")
    problems = axe_problems(page)
    page.click("button[name=language][value=en]")
    page.wait_for_selector("html[lang=en]")
    assert page.locator("#h-unit-facts").inner_text() == "Basic information"
    assert "Area" not in [h.strip() for h in page.locator(".unit-cards h2").all_inner_texts()]
    shot(page, "unit-page-en-desktop")
    problems += axe_problems(page)
    assert not problems, problems
