"""Booking a time that overlaps one of your own live bookings (issue 15 item 8): the booking service raises
OverlapWarning and books nothing; the page shows the overlapping bookings and a confirm step, the API answers
409 with them unless `confirm_overlap` is true. A warning, not a rule: confirmed, the booking goes through."""

import datetime

import pytest
from django.utils.translation import override

from doorstep.models import Booking
from doorstep.services.bookings import OverlapWarning, booking_cancel, booking_create
from doorstep.services.places import service_create
from doorstep.tests.builders.bookings import make_slot
from doorstep.tests.builders.bookings import room as room  # noqa: F401  (the fixtures)
from doorstep.tests.builders.bookings import station as station
from doorstep.tests.builders.bookings import tai_chi as tai_chi

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(tai_chi, personas):
    """The resident's booking of 太极拳 tomorrow, one hour."""
    return booking_create(slot=make_slot(service=tai_chi, hours_from_now=24), user=personas["resident"])


def slot_at(held, minutes_later, *, room=None, service=None):
    start = held.slot.start + datetime.timedelta(minutes=minutes_later)
    return make_slot(room=room, service=service, start=start)


def test_an_overlapping_booking_is_a_warning_that_books_nothing(held, room, personas):
    clash = slot_at(held, 30, room=room)
    with pytest.raises(OverlapWarning) as e:
        booking_create(slot=clash, user=personas["resident"])
    assert [b.pk for b in e.value.overlaps] == [held.pk]
    assert not Booking.objects.filter(slot=clash).exists()
    confirmed = booking_create(slot=clash, user=personas["resident"], confirm_overlap=True)
    assert confirmed.state == "booked"


def test_back_to_back_cancelled_and_other_peoples_bookings_do_not_warn(held, room, tai_chi, personas):
    booking_create(slot=slot_at(held, 60, room=room), user=personas["resident"])  # starts when the other ends
    qigong = service_create(place=tai_chi.place, group="life", name="八段锦", capacity=3)
    assert booking_create(slot=slot_at(held, 0, service=qigong), user=personas["secretary"]).state == "booked"  # someone else's time
    booking_cancel(booking=held, by=personas["resident"])
    assert booking_create(slot=slot_at(held, -45, room=room), user=personas["resident"]).state == "booked"  # over the cancelled one only


def test_the_page_warns_and_asks_to_confirm(login, held, room, personas):
    client = login(personas["resident"])
    clash = slot_at(held, 30, room=room)
    with override("zh-hans"):
        r = client.post(f"/services/slots/{clash.pk}/book/", {"party_size": 3, "purpose": "读书会"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert r.status_code == 200 and not Booking.objects.filter(slot=clash).exists()
    html = r.content.decode()
    assert 'id="overlap-warning"' in html and f'href="/services/bookings/{held.pk}/"' in html and "太极拳" in html
    assert 'name="confirm_overlap"' in html and 'value="True"' in html and 'value="读书会"' in html  # the entries kept
    assert "仍然预约" in html
    r = client.post(f"/services/slots/{clash.pk}/book/", {"party_size": 3, "purpose": "读书会", "confirm_overlap": "True"})
    booking = Booking.objects.get(slot=clash)
    assert r.status_code == 302 and r["Location"] == f"/services/bookings/{booking.pk}/" and booking.party_size == 3


def test_the_api_answers_409_with_the_overlaps_unless_confirmed(api, held, room, personas):
    clash = slot_at(held, 30, room=room)
    client = api(personas["resident"])
    r = client.post("/api/bookings/", {"slot": clash.pk}, format="json", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert r.status_code == 409
    body = r.json()
    assert body["code"] == "overlap" and [o["id"] for o in body["overlaps"]] == [held.pk] and "已有的预约" in body["detail"]
    assert not Booking.objects.filter(slot=clash).exists()
    r = client.post("/api/bookings/", {"slot": clash.pk, "confirm_overlap": True}, format="json")
    assert r.status_code == 201 and r.json()["state"] == "booked"


def test_the_schema_documents_the_confirm_flag_and_the_409(login, personas):
    schema = login(personas["resident"]).get("/api/schema/").content.decode()
    assert "confirm_overlap" in schema and "OverlapConflict" in schema
