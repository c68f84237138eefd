"""The booking API: book (201, or 400 when refused), cancel and check in (409 for an illegal step, 403
without the right, 404 out of sight); a resident sees only his own bookings, staff those of their units;
the public menu and rooms; list query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from doorstep.models import Booking, Slot
from doorstep.services.bookings import booking_cancel, booking_create
from doorstep.tests.builders.bookings import day_care as day_care  # noqa: F401  (the fixtures)
from doorstep.tests.builders.bookings import grow_bookings, make_slot, users
from doorstep.tests.builders.bookings import legal as legal
from doorstep.tests.builders.bookings import lisi as lisi
from doorstep.tests.builders.bookings import room as room
from doorstep.tests.builders.bookings import station as station
from doorstep.tests.builders.bookings import tai_chi as tai_chi
from doorstep.tests.builders.bookings import zsf as zsf

pytestmark = pytest.mark.django_db


def test_a_resident_books_through_the_api_and_is_waitlisted_when_full(api, personas, room):
    slot = make_slot(room=room)
    booking_create(slot=slot, user=users(1)[0])
    r = api(personas["resident"]).post("/api/bookings/", {"slot": slot.pk, "party_size": 5, "purpose": "读书会"}, format="json")
    assert r.status_code == 201
    body = r.json()
    assert body["state"] == "waitlisted" and body["waitlist_position"] == 1 and body["slot"]["id"] == slot.pk and body["slot"]["free"] == 0


def test_a_refused_booking_is_a_400_with_the_reason(api, day_care, lisi):
    r = api(lisi).post("/api/bookings/", {"slot": make_slot(service=day_care).pk}, format="json")
    assert r.status_code == 400 and r.json()["non_field_errors"]
    assert api(lisi).post("/api/bookings/", {"slot": 999999}, format="json").status_code == 400
    assert not Booking.objects.exists()


def test_cancel_then_cancel_again_is_a_409(api, personas, room):
    b = booking_create(slot=make_slot(room=room), user=personas["resident"])
    client = api(personas["resident"])
    r = client.post(f"/api/bookings/{b.pk}/cancel/")
    assert r.status_code == 200 and r.json()["state"] == "cancelled"
    assert client.post(f"/api/bookings/{b.pk}/cancel/").status_code == 409


def test_a_resident_checking_in_too_early_gets_a_409_and_staff_check_in(api, personas, room):
    b = booking_create(slot=make_slot(room=room, hours_from_now=5), user=personas["resident"])
    assert api(personas["resident"]).post(f"/api/bookings/{b.pk}/check-in/").status_code == 409
    assert api(personas["area_manager"]).post(f"/api/bookings/{b.pk}/check-in/").status_code == 403  # sees, may not act
    r = api(personas["secretary"]).post(f"/api/bookings/{b.pk}/check-in/")
    assert r.status_code == 200 and r.json()["state"] == "checked_in"


def test_a_resident_sees_only_his_own_bookings_and_staff_all_of_their_units(api, personas, room):
    mine = booking_create(slot=make_slot(room=room), user=personas["resident"])
    other = booking_create(slot=make_slot(room=room, hours_from_now=30), user=users(1)[0])
    rows = {x["id"] for x in api(personas["resident"]).get("/api/bookings/").json()["results"]}
    assert rows == {mine.pk}
    assert api(personas["resident"]).get(f"/api/bookings/{other.pk}/").status_code == 404
    assert api(personas["resident"]).post(f"/api/bookings/{other.pk}/cancel/").status_code == 404
    assert {x["id"] for x in api(personas["secretary"]).get("/api/bookings/").json()["results"]} == {mine.pk, other.pk}
    assert api(personas["grid_worker"]).get("/api/bookings/").json()["results"] == []


def test_staff_filter_slots_with_free_places(api, personas, room):
    free, full = make_slot(room=room), make_slot(room=room, hours_from_now=30)
    booking_create(slot=full, user=personas["resident"])
    rows = api(personas["secretary"]).get("/api/slots/", {"free": "true", "room": room.pk}).json()["results"]
    assert [(x["id"], x["free"]) for x in rows] == [(free.pk, 1)]
    assert api(personas["resident"]).get("/api/slots/").json()["results"] == []


def test_staff_read_places_and_rooms_with_hours_and_equipment(api, personas, station, room):
    place = api(personas["secretary"]).get(f"/api/places/{station.pk}/").json()
    assert place["name"] == "白云好邻居服务站" and place["kind"] == "station"
    r = api(personas["secretary"]).get(f"/api/rooms/{room.pk}/").json()
    assert r["equipment"] == ["投影仪", "音响"] and r["capacity"] == 30


def test_anyone_reads_the_menu_and_a_services_sessions(client, day_care, legal, tai_chi):
    s = make_slot(service=tai_chi)
    rows = client.get("/api/service-menu/", {"group": "life"}).json()["results"]
    assert {x["name"] for x in rows} == {"老人日托", "太极拳"}
    dc = next(x for x in rows if x["name"] == "老人日托")
    assert dc["eligibility"] == {"min_age": 60} and dc["place"]["name"] == "白云好邻居服务站" and dc["provider"] == "白云日托中心"
    detail = client.get(f"/api/service-menu/{tai_chi.pk}/").json()
    assert [(x["id"], x["free"]) for x in detail["sessions"]] == [(s.pk, 2)]
    assert client.get("/api/service-menu/999999/").status_code == 404


def test_anyone_reads_the_bookable_rooms_and_their_slots(client, room):
    s = make_slot(room=room)
    assert [x["id"] for x in client.get("/api/bookable-rooms/").json()["results"]] == [room.pk]
    assert [x["id"] for x in client.get(f"/api/bookable-rooms/{room.pk}/").json()["slots"]] == [s.pk]


@pytest.mark.parametrize("url", ["/api/places/", "/api/rooms/", "/api/slots/", "/api/bookings/", "/api/service-menu/", "/api/bookable-rooms/"])
def test_api_lists_make_the_same_number_of_queries_for_more_bookings(api, personas, tree, url):
    client = api(personas["subdistrict_admin"])
    grow_bookings(tree, 1, start=100)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    grow_bookings(tree, 12)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large) == len(small), [q["sql"] for q in large]
    assert len(large) <= 8


@pytest.mark.parametrize(
    "url",
    [
        "/services/menu/",
        "/services/rooms/",
        "/services/places/",
        "/services/bookings/",
        "/services/occupancy/",
        "/services/operators/",
        "/services/bookings/mine/",
    ],
)
def test_pages_make_the_same_number_of_queries_for_more_bookings(login, personas, tree, url):
    user = personas["subdistrict_admin"]
    client = login(user)
    grow_bookings(tree, 1, start=100)
    booking_create(slot=Slot.objects.filter(start__gt=timezone.now(), booked=0).first(), user=user)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    grow_bookings(tree, 12)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large) == len(small), [q["sql"] for q in large]
    assert len(large) <= 16


def test_my_bookings_stay_constant_in_queries_as_i_book_more(login, personas, room, tai_chi):
    me = personas["resident"]
    client = login(me)
    booking_create(slot=make_slot(room=room, hours_from_now=10), user=me)
    client.get("/services/bookings/mine/")
    with CaptureQueriesContext(connection) as small:
        client.get("/services/bookings/mine/")
    for i in range(8):
        b = booking_create(slot=make_slot(room=room, hours_from_now=20 + i), user=me)
        if i % 3 == 0:
            booking_cancel(booking=b, by=me)
        s = make_slot(service=tai_chi, hours_from_now=40 + i, capacity=1)
        booking_create(slot=s, user=users(1, prefix=f"x{i}")[0])
        booking_create(slot=s, user=me)
    with CaptureQueriesContext(connection) as large:
        client.get("/services/bookings/mine/")
    assert len(large) == len(small)
