"""社区共享空间 end to end: a committee secretary enters a space offered by a co-building unit from the
unit's page; a resident finds it in the list on a phone, opens it and books a slot through the booking
engine's pages; the list, the space page and the booking page have no serious accessibility problems."""

import datetime
import re

import pytest
from django.utils import timezone

from doorstep.models import Booking, Slot
from doorstep.selectors.bookings import week_start
from resources.models import SharedSpace
from resources.tests.builders import types
from resources.tests.builders.spaces import org
from tests.browser.fixtures import shot
from tests.browser.helpers import axe_problems, sign_in

pytestmark = pytest.mark.browser
PHONE = {"width": 375, "height": 812}


@pytest.fixture
def space_world(tree, personas, people):
    zsf = people["zsf"]
    zsf.user = personas["resident"]
    zsf.save(update_fields=["user"])
    return {"tax_office": org(tree.D1, name="区税务局", kind="co_building", code="")}


def test_staff_enter_a_shared_space_and_a_resident_books_it_on_a_phone(page_for, live_server, tree, personas, space_world):
    base, tax_office = live_server.url, space_world["tax_office"]
    problems = []

    # the secretary, at a desk: from the co-building unit's page to a new space it offers
    staff = page_for()
    staff.on("pageerror", lambda e: problems.append(str(e)))
    sign_in(staff, base, "secretary")
    staff.goto(f"{base}/resources/organisations/{tax_office.pk}/")
    staff.locator("#org-space-new").click()
    staff.wait_for_url(re.compile(r".*/resources/spaces/new/\?organisation=\d+$"))
    staff.fill("#id_name", "税务局二楼会议室")
    staff.select_option("#id_unit", str(tree.D1.pk))
    staff.check(f"input[name=types][value='{types('meeting')[0].pk}']")
    staff.fill("#id_capacity", "30")
    staff.fill("#id_equipment", "投影仪，音响")
    staff.fill("#id_rules", "用后请关灯，恢复桌椅。")
    for d in range(7):
        staff.fill(f"#id_hours_{d}", "09:00-12:00, 14:00-17:00")
    shot(staff, "staff-shared-space-form")
    problems += axe_problems(staff)
    staff.locator("#space-save").click()
    staff.wait_for_url(re.compile(r".*/resources/spaces/\d+/$"))
    space = SharedSpace.objects.select_related("room").get(room__name="税务局二楼会议室")
    assert space.organisation == tax_office and space.room.kind == "shared" and space.room.place is None
    assert "区税务局" in staff.inner_text("#space-facts")
    staff.goto(f"{base}/resources/organisations/{tax_office.pk}/")
    assert staff.locator(f"#org-spaces .space-card[data-space='{space.pk}']").count() == 1
    problems += axe_problems(staff)

    # the resident, on a phone: the list, the space, a slot, booked
    slot = Slot.objects.filter(room=space.room, start__gt=timezone.now() + datetime.timedelta(hours=2)).order_by("start").first()
    page = page_for(viewport=PHONE)
    page.on("pageerror", lambda e: problems.append(str(e)))
    sign_in(page, base, "resident")
    page.goto(f"{base}/resources/spaces/")
    card = page.locator(f".space-card[data-space='{space.pk}']")
    assert "投影仪、音响" in card.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # no sideways scrolling
    shot(page, "resident-shared-spaces-phone")
    problems += axe_problems(page)
    card.locator("a.service-link").click()
    page.wait_for_url(re.compile(rf".*/resources/spaces/{space.pk}/$"))
    assert page.locator("#space-book").is_visible()
    page.goto(f"{base}/resources/spaces/{space.pk}/?week={week_start(timezone.localdate(slot.start)).isoformat()}")
    shot(page, "resident-shared-space-phone")
    problems += axe_problems(page)
    page.locator(f"#space-week a.slot.free[data-slot='{slot.pk}']").click()
    page.wait_for_url(re.compile(rf".*/services/slots/{slot.pk}/book/$"))
    assert "白云居民区" in page.inner_text("#book-what")
    page.fill("input[name=party_size]", "12")
    page.fill("input[name=purpose]", "楼组议事会")
    problems += axe_problems(page)
    page.locator("#book-submit").click()
    page.wait_for_url(re.compile(r".*/services/bookings/\d+/$"))
    assert page.get_attribute("#booking-state", "data-state") == "booked"
    booking = Booking.objects.get(slot=slot)
    assert (booking.user, booking.party_size, booking.purpose) == (personas["resident"], 12, "楼组议事会")
    page.goto(f"{base}/resources/spaces/{space.pk}/?week={week_start(timezone.localdate(slot.start)).isoformat()}")
    assert page.locator(f"#space-week a.slot.mine[data-slot='{slot.pk}']").count() == 1
    assert not problems, problems
