"""A resident books on a phone: a room slot from the room's week, a service session from the menu; finds
both under 我的预约, downloads the calendar file of one (and its content is that booking); a staff persona
sees the occupancy page count them, with its chart drawn."""

import datetime
import re

import pytest
from django.utils import timezone
from icalendar import Calendar

from doorstep.models import Booking
from doorstep.services.places import place_create, room_create, service_create
from doorstep.tests.builders.bookings import make_slot
from tests.browser.fixtures import shot
from tests.browser.helpers import axe_problems, sign_in

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def booking_world(tree, personas, people):
    zsf = people["zsf"]
    zsf.user = personas["resident"]
    zsf.save(update_fields=["user"])
    station = place_create(kind="station", unit=tree.D1, name="白云好邻居服务站", address="白云路1号")
    room = room_create(place=station, kind="party", name="党群活动室", capacity=30, equipment=["投影仪"])
    tai_chi = service_create(place=station, group="life", name="太极拳", capacity=5, fee="免费", provider_name="白云太极队")
    tomorrow = timezone.localtime() + datetime.timedelta(days=1)
    room_slot = make_slot(room=room, start=tomorrow.replace(hour=10, minute=0, second=0, microsecond=0))
    session = make_slot(service=tai_chi, start=tomorrow.replace(hour=14, minute=0, second=0, microsecond=0), minutes=90)
    return {"station": station, "room": room, "tai_chi": tai_chi, "room_slot": room_slot, "session": session}


def test_a_resident_books_a_room_and_a_session_on_a_phone_and_staff_see_them_counted(page_for, live_server, personas, booking_world):
    w = booking_world
    page = page_for(viewport=PHONE)
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    sign_in(page, live_server.url, "resident")

    # a room slot, from the room's week
    day = timezone.localdate(w["room_slot"].start).isoformat()
    page.goto(f"{live_server.url}/services/rooms/{w['room'].pk}/?week={day}")
    shot(page, "resident-room-week-phone")
    problems += axe_problems(page)
    page.locator(f"#room-week a.slot.free[data-slot='{w['room_slot'].pk}']").click()
    page.wait_for_url(re.compile(rf".*/services/slots/{w['room_slot'].pk}/book/$"))
    page.fill("input[name=party_size]", "12")
    page.fill("input[name=purpose]", "楼组议事会")
    problems += axe_problems(page)
    page.locator("#book-submit").click()
    page.wait_for_url(re.compile(r".*/services/bookings/\d+/$"))
    assert page.get_attribute("#booking-state", "data-state") == "booked"
    room_booking = Booking.objects.get(slot=w["room_slot"])
    assert (room_booking.party_size, room_booking.purpose) == (12, "楼组议事会")

    # a service session, from the menu
    page.goto(f"{live_server.url}/services/menu/")
    shot(page, "resident-service-menu-phone")
    problems += axe_problems(page)
    page.locator(f".service-card[data-service='{w['tai_chi'].pk}'] a.service-link").click()
    page.wait_for_url(re.compile(rf".*/services/menu/{w['tai_chi'].pk}/$"))
    problems += axe_problems(page)
    page.locator(f".session[data-slot='{w['session'].pk}'] button.book").click()
    page.wait_for_url(re.compile(r".*/services/bookings/\d+/$"))
    session_booking = Booking.objects.get(slot=w["session"])
    assert session_booking.state == "booked" and session_booking.user == personas["resident"]

    # 我的预约: both, and the calendar file of the session
    page.goto(f"{live_server.url}/services/bookings/mine/")
    cards = page.locator("#my-upcoming .booking-card")
    assert cards.count() == 2
    assert {cards.nth(i).get_attribute("data-booking") for i in range(2)} == {str(room_booking.pk), str(session_booking.pk)}
    shot(page, "resident-my-bookings-phone")
    problems += axe_problems(page)
    with page.expect_download() as download:
        page.locator(f".booking-card[data-booking='{session_booking.pk}'] a.ics").click()
    cal = Calendar.from_ical(open(download.value.path(), "rb").read())
    (event,) = cal.walk("VEVENT")
    assert str(cal["method"]) == "PUBLISH"
    assert str(event["uid"]) == session_booking.ical_uid and str(event["summary"]) == "太极拳"
    assert event.decoded("dtstart") == w["session"].start and event.decoded("dtend") == w["session"].end
    assert "白云好邻居服务站" in str(event["location"]) and str(event["status"]) == "CONFIRMED"

    # staff: the occupancy page counts both bookings and draws its chart
    staff = page_for()
    sign_in(staff, live_server.url, "secretary")
    staff.goto(f"{live_server.url}/services/occupancy/")
    staff.wait_for_selector("#occ-week-chart[data-drawn='1']")
    assert staff.get_attribute("#occupancy-totals", "data-bookings") == "2"
    assert staff.locator(f".occ-table tr[data-room='{w['room'].pk}'] td.n-bookings").inner_text() == "1"
    assert staff.locator(f".occ-table tr[data-service='{w['tai_chi'].pk}'] td.n-bookings").inner_text() == "1"
    shot(staff, "staff-occupancy")
    problems += axe_problems(staff)
    assert not problems, problems
