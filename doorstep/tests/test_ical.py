"""iCalendar (doorstep/ical.py): a booking's .ics and the feeds per person (secret token URL), room and
place, parsed back with the `icalendar` library."""

import datetime

import pytest
from icalendar import Calendar

from doorstep.ical import feed_token
from doorstep.services.bookings import booking_cancel, booking_create
from doorstep.tests.builders.bookings import make_slot, users
from doorstep.tests.builders.bookings import room as room  # noqa: F401  (the fixtures)
from doorstep.tests.builders.bookings import station as station
from doorstep.tests.builders.bookings import tai_chi as tai_chi

pytestmark = pytest.mark.django_db


def parse(response):
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def events(cal):
    return {str(e["uid"]): e for e in cal.walk("VEVENT")}


def test_a_bookings_ics_is_one_published_event_with_its_uid_times_place_and_status(login, personas, room):
    slot = make_slot(room=room, hours_from_now=30)
    b = booking_create(slot=slot, user=personas["resident"], party_size=8, purpose="楼组议事")
    r = login(personas["resident"]).get(f"/services/bookings/{b.pk}/calendar.ics")
    assert r.status_code == 200 and "attachment" in r["Content-Disposition"]
    cal = parse(r)
    assert str(cal["method"]) == "PUBLISH" and str(cal["version"]) == "2.0"
    (e,) = cal.walk("VEVENT")
    assert str(e["uid"]) == b.ical_uid
    assert e.decoded("dtstart") == slot.start and e.decoded("dtend") == slot.end
    assert e.decoded("dtstart").utcoffset() == datetime.timedelta(0)  # UTC
    assert str(e["summary"]) == "党群活动室"
    assert "白云好邻居服务站" in str(e["location"]) and "白云路1号" in str(e["location"])
    assert str(e["status"]) == "CONFIRMED" and "楼组议事" in str(e["description"])
    assert str(e["url"]).endswith(f"/services/bookings/{b.pk}/")


def test_a_cancelled_booking_is_published_as_cancelled_with_a_higher_sequence(login, personas, room):
    b = booking_create(slot=make_slot(room=room), user=personas["resident"])
    client = login(personas["resident"])
    before = parse(client.get(f"/services/bookings/{b.pk}/calendar.ics")).walk("VEVENT")[0]
    booking_cancel(booking=b, by=personas["resident"])
    after = parse(client.get(f"/services/bookings/{b.pk}/calendar.ics")).walk("VEVENT")[0]
    assert str(after["status"]) == "CANCELLED" and str(after["uid"]) == b.ical_uid
    assert int(after["sequence"]) > int(before["sequence"])


def test_a_waitlisted_booking_is_tentative(login, room, personas):
    booking_create(slot=(slot := make_slot(room=room)), user=users(1)[0])
    w = booking_create(slot=slot, user=personas["resident"])
    e = parse(login(personas["resident"]).get(f"/services/bookings/{w.pk}/calendar.ics")).walk("VEVENT")[0]
    assert str(e["status"]) == "TENTATIVE"


def test_someone_elses_booking_file_is_not_found(login, personas, room):
    b = booking_create(slot=make_slot(room=room), user=users(1)[0])
    assert login(personas["resident"]).get(f"/services/bookings/{b.pk}/calendar.ics").status_code == 404
    assert login(personas["secretary"]).get(f"/services/bookings/{b.pk}/calendar.ics").status_code == 200  # staff at the place


def test_the_personal_feed_needs_no_session_and_holds_all_my_bookings(client, personas, room, tai_chi):
    me = personas["resident"]
    b1 = booking_create(slot=make_slot(room=room), user=me)
    b2 = booking_create(slot=make_slot(service=tai_chi, hours_from_now=50), user=me)
    booking_cancel(booking=b2, by=me)
    booking_create(slot=make_slot(room=room, hours_from_now=60), user=users(1)[0])  # someone else's
    r = client.get(f"/services/calendar/{feed_token(me)}.ics")
    assert r.status_code == 200 and "no-store" in r["Cache-Control"]
    evs = events(parse(r))
    assert set(evs) == {b1.ical_uid, b2.ical_uid}
    assert str(evs[b2.ical_uid]["status"]) == "CANCELLED" and str(evs[b2.ical_uid]["summary"]) == "太极拳"


def test_resetting_the_feed_address_stops_the_old_one(login, client, personas, room):
    me = personas["resident"]
    old = feed_token(me)
    page = login(me).get("/services/calendar/")
    assert old in page.context["feed_url"] and page.context["webcal_url"].startswith("webcal://")
    login(me).post("/services/calendar/")
    new = feed_token(me)
    assert new != old
    client.logout()
    assert client.get(f"/services/calendar/{old}.ics").status_code == 404
    assert client.get(f"/services/calendar/{new}.ics").status_code == 200


@pytest.mark.parametrize("token", ["", "x", "1-", "abc-def", "99999999999999999999-abc", "1-00000000000000000000000000000000"])
def test_a_wrong_feed_token_is_not_found(client, personas, token):
    feed_token(personas["resident"])
    assert client.get(f"/services/calendar/{token}.ics").status_code == 404


def test_room_and_place_feeds_are_public_and_carry_no_personal_data(client, personas, room, tai_chi, station):
    b = booking_create(slot=make_slot(room=room), user=personas["resident"], purpose="张三丰的生日会")
    session = make_slot(service=tai_chi, hours_from_now=40)
    booking_create(slot=session, user=personas["resident"])
    make_slot(service=tai_chi, hours_from_now=70)  # nobody booked: not in the place feed
    room_cal = parse(client.get(f"/services/rooms/{room.pk}/calendar.ics"))
    assert set(events(room_cal)) == {b.ical_uid}
    place_cal = parse(client.get(f"/services/places/{station.pk}/calendar.ics"))
    assert set(events(place_cal)) == {b.ical_uid, f"slot-{session.pk}@jiayuan"}
    for cal in (room_cal, place_cal):
        text = cal.to_ical().decode()
        assert "张三丰" not in text and "resident" not in text
