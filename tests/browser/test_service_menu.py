"""The service menu for a person on a phone (issue 15 item 8): a resident sees the services for him, grouped
by place, one card per service with its sessions; searches (text, then pinyin initials); opens a service
and books a session; books an overlapping one from its card, is warned with the booking it overlaps, and
confirms. On a desktop, "show all" lists the other stations' services with the reason. Axe stays clean."""

import datetime
import re

import pytest
from django.utils import timezone

from doorstep.models import Booking
from doorstep.services.places import place_create, service_create
from doorstep.tests.builders.bookings import make_slot
from tests.browser.fixtures import shot
from tests.browser.helpers import axe_problems, sign_in

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}


@pytest.fixture
def menu_world(tree, personas, people):
    zsf = people["zsf"]
    zsf.user = personas["resident"]
    zsf.save(update_fields=["user"])
    station = place_create(kind="station", unit=tree.D1, name="白云好邻居服务站", address="白云路1号")
    centre = place_create(kind="centre", unit=tree.S, name="中山幸福里", address="中山路1号")
    far = place_create(kind="station", unit=tree.D2, name="蓝天好邻居服务站", address="蓝天路2号")
    tai_chi = service_create(place=station, group="life", name="太极拳", capacity=5, provider_name="白云太极队", schedule="每周二、五下午")
    calligraphy = service_create(place=centre, group="life", name="书法课", capacity=10, provider_name="老年大学中山分校")
    service_create(place=centre, group="life", name="社区食堂", access="walk_in", capacity=100, fee="15元/餐起")
    service_create(place=centre, group="government", name="居住证办理", access="walk_in", capacity=50)
    service_create(place=station, group="life", name="亲子早教", capacity=5, eligibility={"max_age": 6})
    service_create(place=far, group="life", name="家庭医生坐诊", capacity=12, eligibility={"residents_of_unit": True})
    service_create(place=far, group="life", name="蓝天理发", capacity=4)
    tomorrow = timezone.localtime() + datetime.timedelta(days=1)
    at = tomorrow.replace(minute=0, second=0, microsecond=0)
    session = make_slot(service=tai_chi, start=at.replace(hour=14), minutes=90)
    make_slot(service=tai_chi, start=at.replace(hour=14) + datetime.timedelta(days=3), minutes=90)
    clash = make_slot(service=calligraphy, start=at.replace(hour=15), minutes=60)
    return {"tai_chi": tai_chi, "calligraphy": calligraphy, "session": session, "clash": clash}


def card_names(page):
    return page.locator(".service-card .service-name").all_inner_texts()


def test_a_resident_searches_books_and_confirms_an_overlapping_session_on_a_phone(page_for, live_server, personas, menu_world):
    w = menu_world
    page = page_for(viewport=PHONE)
    problems = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    sign_in(page, live_server.url, "resident")

    page.goto(f"{live_server.url}/services/menu/")
    assert page.locator(".menu-place h2").all_inner_texts()[0].startswith("白云好邻居服务站")
    names = card_names(page)
    assert set(names) == {"太极拳", "书法课", "社区食堂", "居住证办理"}  # not 早教 (he is 76), not 蓝天's
    assert page.locator(f".service-card[data-service='{w['tai_chi'].pk}'] .session").count() == 2  # sessions inside the one card
    assert page.locator("#menu-show-all").is_visible()
    shot(page, "menu-phone")
    problems += axe_problems(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the menu overflows the phone: {width}px"

    # search, open the service, book its session
    page.fill("#menu-q", "太极")
    page.locator("#menu-search-submit").click()
    page.wait_for_url(re.compile(r".*/services/menu/\?q=.*"))
    assert card_names(page) == ["太极拳"]
    page.locator(f".service-card[data-service='{w['tai_chi'].pk}'] a.service-link").click()
    page.wait_for_url(re.compile(rf".*/services/menu/{w['tai_chi'].pk}/$"))
    page.locator(f".session[data-slot='{w['session'].pk}'] button.book").click()
    page.wait_for_url(re.compile(r".*/services/bookings/\d+/$"))
    first = Booking.objects.get(slot=w["session"])
    assert first.state == "booked"

    # pinyin initials find 书法课; its session overlaps the booking: warned, nothing booked yet, then confirmed
    page.goto(f"{live_server.url}/services/menu/?q=sfk")
    assert card_names(page) == ["书法课"]
    page.locator(f".session[data-slot='{w['clash'].pk}'] button.book").click()
    page.wait_for_url(re.compile(rf".*/services/slots/{w['clash'].pk}/book/$"))
    warning = page.locator("#overlap-warning")
    assert warning.is_visible() and "太极拳" in warning.inner_text()
    assert not Booking.objects.filter(slot=w["clash"]).exists()
    assert page.locator("#book-submit").inner_text().strip() == "仍然预约"
    shot(page, "menu-overlap-phone")
    problems += axe_problems(page)
    page.locator("#book-submit").click()
    page.wait_for_url(re.compile(r".*/services/bookings/\d+/$"))
    assert Booking.objects.get(slot=w["clash"]).state == "booked"
    assert problems == []


def test_show_all_on_a_desktop_lists_the_other_stations_with_the_reason(page_for, live_server, personas, menu_world):
    page = page_for(viewport=DESKTOP)
    sign_in(page, live_server.url, "resident")
    page.goto(f"{live_server.url}/services/menu/")
    page.locator("#menu-show-all").click()
    page.wait_for_url(re.compile(r".*all=1.*"))
    assert {"亲子早教", "家庭医生坐诊", "蓝天理发"} <= set(card_names(page))
    assert page.locator(".service-card .not-for-me").count() == 3
    assert page.locator("#menu-show-mine").is_visible()
    shot(page, "menu-desktop")
    assert axe_problems(page) == []
