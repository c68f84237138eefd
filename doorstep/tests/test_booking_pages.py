"""The booking pages: a resident books, sees 我的预约, cancels and checks in; staff see the bookings of
their places with no-show counts, call slots off, edit places, rooms, menu items and operators, and read
the occupancy. Out of scope is 404, no right is 403."""

import datetime

import pytest
from django.utils import timezone

from doorstep.models import Booking, Operator, Place, Room, Service, Slot
from doorstep.services.bookings import booking_cancel, booking_check_in, booking_create
from doorstep.tests.builders.bookings import day_care as day_care  # noqa: F401  (the fixtures)
from doorstep.tests.builders.bookings import lisi as lisi
from doorstep.tests.builders.bookings import make_slot, make_station, users
from doorstep.tests.builders.bookings import room as room
from doorstep.tests.builders.bookings import station as station
from doorstep.tests.builders.bookings import tai_chi as tai_chi
from doorstep.tests.builders.bookings import zsf as zsf

pytestmark = pytest.mark.django_db
VALID_CREDIT_CODE = "91350100M000100Y43"


# --- the resident ---------------------------------------------------------------------------------


def test_a_resident_books_a_room_with_people_and_purpose_and_lands_on_the_booking(login, personas, room):
    slot = make_slot(room=room)
    client = login(personas["resident"])
    assert client.get(f"/services/slots/{slot.pk}/book/").status_code == 200
    r = client.post(f"/services/slots/{slot.pk}/book/", {"party_size": 12, "purpose": "楼组议事"})
    b = Booking.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/services/bookings/{b.pk}/"
    assert (b.user, b.party_size, b.purpose, b.state) == (personas["resident"], 12, "楼组议事", "booked")
    page = client.get(r["Location"])
    assert page.context["can_cancel"] and 'id="add-to-calendar"' in page.content.decode()


def test_a_refused_booking_shows_why_and_books_nothing(login, day_care, lisi):
    slot = make_slot(service=day_care)
    r = login(lisi).post(f"/services/slots/{slot.pk}/book/", {"party_size": 1})
    assert r.status_code == 400 and 'id="book-errors"' in r.content.decode()
    assert not Booking.objects.exists()


def test_signing_in_comes_before_booking(client, room):
    slot = make_slot(room=room)
    r = client.post(f"/services/slots/{slot.pk}/book/", {"party_size": 1})
    assert r.status_code == 302 and "/accounts/login/" in r["Location"]
    assert not Booking.objects.exists()


def test_my_bookings_lists_upcoming_waitlisted_with_position_and_past(login, personas, room, tai_chi):
    me = personas["resident"]
    up = booking_create(slot=make_slot(room=room), user=me)
    full = make_slot(service=tai_chi, capacity=1)
    booking_create(slot=full, user=users(1, prefix="a")[0])
    booking_create(slot=full, user=users(1, prefix="b")[0])
    waiting = booking_create(slot=full, user=me, confirm_overlap=True)  # at the same time as `up`, knowingly
    gone = booking_create(slot=make_slot(room=room, hours_from_now=40), user=me)
    booking_cancel(booking=gone, by=me)
    r = login(me).get("/services/bookings/mine/")
    assert [b.pk for b in r.context["upcoming"]] == [up.pk]
    assert [(b.pk, b.ahead + 1) for b in r.context["waitlisted"]] == [(waiting.pk, 2)]
    assert [b.pk for b in r.context["past"]] == [gone.pk]
    html = r.content.decode()
    assert 'data-position="2"' in html and f'href="/services/bookings/{up.pk}/calendar.ics"' in html


def test_cancelling_from_my_bookings_frees_the_place(login, personas, room):
    b = booking_create(slot=make_slot(room=room), user=personas["resident"])
    r = login(personas["resident"]).post(f"/services/bookings/{b.pk}/cancel/", {"next": "/services/bookings/mine/"})
    assert r.status_code == 302 and r["Location"] == "/services/bookings/mine/"
    assert Booking.objects.get(pk=b.pk).state == "cancelled" and Slot.objects.get(pk=b.slot_id).booked == 0


def test_an_illegal_step_is_explained_not_crashed(login, personas, room):
    b = booking_create(slot=make_slot(room=room), user=personas["resident"])
    booking_cancel(booking=b, by=personas["resident"])
    client = login(personas["resident"])
    r = client.post(f"/services/bookings/{b.pk}/cancel/", follow=True)
    assert r.status_code == 200 and any(m.level_tag == "error" for m in r.context["messages"])
    assert client.post(f"/services/bookings/{b.pk}/cancel/", {"next": "https://evil.example/"})["Location"] == f"/services/bookings/{b.pk}/"


def test_the_check_in_button_shows_in_the_window(login, personas, room):
    b = booking_create(slot=make_slot(room=room, hours_from_now=0.25), user=personas["resident"])
    client = login(personas["resident"])
    assert client.get(f"/services/bookings/{b.pk}/").context["can_check_in"]
    client.post(f"/services/bookings/{b.pk}/check-in/")
    assert Booking.objects.get(pk=b.pk).state == "checked_in"


def test_someone_elses_booking_is_not_found_and_cannot_be_cancelled(login, personas, room):
    b = booking_create(slot=make_slot(room=room), user=users(1)[0])
    client = login(personas["resident"])
    assert client.get(f"/services/bookings/{b.pk}/").status_code == 404
    assert client.post(f"/services/bookings/{b.pk}/cancel/").status_code == 404
    assert Booking.objects.get(pk=b.pk).state == "booked"


# --- staff: bookings ------------------------------------------------------------------------------


def _no_show(user, room, days_ago):
    s = make_slot(room=room, start=timezone.now() - datetime.timedelta(days=days_ago))
    Booking.objects.create(slot=s, user=user, state="no_show", ical_uid=f"ns-{user.pk}-{days_ago}@t")


def test_staff_see_the_bookings_of_their_places_with_each_persons_no_shows(login, personas, room, tree):
    me, other = personas["resident"], users(1)[0]
    b = booking_create(slot=make_slot(room=room), user=me)
    _no_show(me, room, 3)
    _no_show(me, room, 120)  # beyond 90 days
    far_room = Room.objects.create(
        place=make_station(tree.D2, name="蓝天站"), unit=tree.D2, unit_path=tree.D2.path, kind="party", name="蓝天活动室", capacity=5
    )
    far = booking_create(slot=make_slot(room=far_room), user=other)
    r = login(personas["secretary"]).get("/services/bookings/")
    rows = {x.pk: x for x in r.context["rows"]}
    assert b.pk in rows and far.pk not in rows
    assert rows[b.pk].no_shows == 1 and b.pk in r.context["changeable"]
    assert login(personas["secretary"]).get(f"/services/bookings/{b.pk}/").context["no_shows"] == 1
    assert login(personas["area_manager"]).get("/services/bookings/").context["changeable"] == set()  # may look, not act
    assert login(personas["resident"]).get("/services/bookings/").status_code == 403


def test_staff_filter_bookings_by_state_place_and_day(login, personas, room):
    b = booking_create(slot=make_slot(room=room, hours_from_now=48), user=personas["resident"])
    client = login(personas["secretary"])
    day = timezone.localdate(b.slot.start).isoformat()
    assert [x.pk for x in client.get("/services/bookings/", {"state": "booked", "place": room.place_id, "day": day}).context["rows"]] == [b.pk]
    assert client.get("/services/bookings/", {"state": "cancelled"}).context["rows"] == []


def test_staff_check_people_in_at_the_desk(login, personas, room):
    b = booking_create(slot=make_slot(room=room, hours_from_now=5), user=personas["resident"])
    login(personas["secretary"]).post(f"/services/bookings/{b.pk}/check-in/", {"next": "/services/bookings/"})
    assert Booking.objects.get(pk=b.pk).state == "checked_in"
    b2 = booking_create(slot=make_slot(room=room, hours_from_now=7), user=personas["resident"])
    assert login(personas["area_manager"]).post(f"/services/bookings/{b2.pk}/check-in/").status_code == 403


def test_staff_call_a_slot_off_from_the_rooms_week(login, personas, room):
    slot = make_slot(room=room)
    booking_create(slot=slot, user=personas["resident"])
    assert login(personas["area_manager"]).post(f"/services/slots/{slot.pk}/cancel/").status_code == 403
    assert login(personas["grid_worker"]).post(f"/services/slots/{slot.pk}/cancel/").status_code == 404
    r = login(personas["secretary"]).post(f"/services/slots/{slot.pk}/cancel/", {"note": "维修"})
    assert r.status_code == 302 and Slot.objects.get(pk=slot.pk).is_cancelled


# --- staff: places, rooms, menu items, operators --------------------------------------------------


def test_staff_list_and_open_the_places_in_their_scope(login, personas, station, room, tree):
    far = make_station(tree.D2, name="蓝天好邻居服务站")
    r = login(personas["secretary"]).get("/services/places/")
    assert [p.pk for p in r.context["object_list"]] == [station.pk]
    assert r.context["object_list"][0].n_rooms == 1
    page = login(personas["secretary"]).get(f"/services/places/{station.pk}/")
    assert page.status_code == 200 and page.context["can_change"]
    assert login(personas["secretary"]).get(f"/services/places/{far.pk}/").status_code == 404
    assert login(personas["grid_worker"]).get(f"/services/places/{station.pk}/").status_code == 404
    assert login(personas["resident"]).get("/services/places/").status_code == 403


def test_staff_edit_a_places_hours_with_several_periods_a_day(login, personas, station):
    client = login(personas["secretary"])
    data = {"name": "白云站", "floors": 2, **{f"hours_{d}": "" for d in range(7)}, "hours_0": "08:30-12:00, 13:30-17:00", "hours_5": "09:00-11:30"}
    r = client.post(f"/services/places/{station.pk}/edit/", data)
    assert r.status_code == 302
    station.refresh_from_db()
    assert station.name == "白云站" and station.opening_hours == {"0": [["08:30", "12:00"], ["13:30", "17:00"]], "5": [["09:00", "11:30"]]}
    bad = client.post(f"/services/places/{station.pk}/edit/", {**data, "hours_1": "12:00-09:00"})
    assert bad.status_code == 200 and "hours_1" in bad.context["form"].errors
    assert login(personas["area_manager"]).get(f"/services/places/{station.pk}/edit/").status_code == 403


def test_staff_add_a_room_and_its_slots_appear(login, personas, tree):
    station = make_station(tree.D1, opening_hours={str(d): [["09:00", "11:00"]] for d in range(7)})
    r = login(personas["social_worker"]).post(
        f"/services/places/{station.pk}/rooms/new/",
        {
            "kind": "culture",
            "name": "文体活动室",
            "floor": 2,
            "capacity": 40,
            "equipment": "音响、投影仪",
            "slot_minutes": 60,
            "bookable": "on",
            "is_active": "on",
        },
    )
    new = Room.objects.get(name="文体活动室")
    assert r.status_code == 302 and r["Location"] == f"/services/rooms/{new.pk}/"
    assert new.equipment == ["音响", "投影仪"] and new.unit_path == station.unit_path
    assert Slot.objects.filter(room=new).count() >= 2 * 7 * 4 - 2


def test_staff_edit_a_room(login, personas, room):
    data = {"kind": "party", "name": "党群活动室", "floor": 1, "capacity": 25, "slot_minutes": 120, "equipment": "", "is_active": "on"}
    r = login(personas["secretary"]).post(f"/services/rooms/{room.pk}/edit/", data)
    assert r.status_code == 302
    room.refresh_from_db()
    assert (room.capacity, room.slot_minutes, room.bookable) == (25, 120, False)


def test_staff_add_and_edit_a_menu_item_with_who_may_use_it(login, personas, station, room):
    client = login(personas["secretary"])
    data = {"group": "life", "name": "老年助餐", "capacity": 30, "access": "book", "min_age": 65, "residents_of_unit": "on", "is_active": "on", "room": room.pk}
    r = client.post(f"/services/places/{station.pk}/services/new/", data)
    s = Service.objects.get(name="老年助餐")
    assert r.status_code == 302 and s.eligibility == {"min_age": 65, "residents_of_unit": True} and s.room == room
    r = client.post(f"/services/menu/{s.pk}/edit/", {**data, "min_age": "", "residents_of_unit": "", "max_age": 6})
    s.refresh_from_db()
    assert s.eligibility == {"max_age": 6}
    r = client.post(f"/services/menu/{s.pk}/edit/", {**data, "min_age": 70, "max_age": 6})
    assert "max_age" in r.context["form"].errors


def test_operators_are_kept_by_the_subdistrict_with_a_valid_credit_code(login, personas, station):
    admin = login(personas["subdistrict_admin"])
    bad = admin.post("/services/operators/new/", {"name": "乐邻社工", "credit_code": "91350100M000100Y44"})
    assert bad.status_code == 200 and "credit_code" in bad.context["form"].errors
    ok = admin.post(
        "/services/operators/new/", {"name": "乐邻社工", "credit_code": VALID_CREDIT_CODE.lower(), "contract_start": "2026-01-01", "contract_end": "2027-12-31"}
    )
    op = Operator.objects.get()
    assert ok.status_code == 302 and op.credit_code == VALID_CREDIT_CODE
    assert login(personas["secretary"]).get("/services/operators/").status_code == 200
    assert login(personas["secretary"]).get(f"/services/operators/{op.pk}/edit/").status_code == 403
    assert login(personas["resident"]).get("/services/operators/").status_code == 403


def test_staff_create_a_station_only_on_a_district_in_their_scope(login, personas, tree):
    client = login(personas["secretary"])
    assert client.post("/services/places/new/", {"kind": "station", "unit": tree.D2.pk, "name": "蓝天站"}).context["form"].errors
    r = client.post("/services/places/new/", {"kind": "station", "unit": tree.D1.pk, "name": "白云站"})
    place = Place.objects.get(name="白云站")
    assert r.status_code == 302 and place.unit_path == tree.D1.path
    assert client.post("/services/places/new/", {"kind": "centre", "unit": tree.D1.pk, "name": "错"}).status_code == 200  # a centre needs a subdistrict


# --- staff: occupancy -----------------------------------------------------------------------------


def test_occupancy_counts_booked_place_hours_no_shows_and_the_waitlist(login, personas, room, tai_chi, tree):
    me = personas["resident"]
    start = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0) + datetime.timedelta(days=2)
    s1, _s2 = make_slot(room=room, start=start), make_slot(room=room, start=start + datetime.timedelta(hours=1))  # 2 place-hours offered
    booking_create(slot=s1, user=me)  # 1 booked
    session = make_slot(service=tai_chi, start=start + datetime.timedelta(hours=3), minutes=120)  # 2 places x 2 h = 4
    a, b, c = users(3)
    booking_create(slot=session, user=a)
    booking_create(slot=session, user=b)
    booking_create(slot=session, user=c)  # waitlisted
    far_place = make_station(tree.D2, name="蓝天站")
    far_room = Room.objects.create(place=far_place, unit=tree.D2, unit_path=tree.D2.path, kind="party", name="蓝天活动室", capacity=5)
    booking_create(slot=make_slot(room=far_room, start=start), user=users(1, prefix="far")[0])
    r = login(personas["secretary"]).get("/services/occupancy/")
    assert r.status_code == 200
    t = r.context["result"].totals
    assert (t.slots, t.offered, t.booked_hours, t.bookings, t.waitlisted) == (3, 6.0, 5.0, 3, 1)
    assert r.context["totals"]["rate"].startswith("83")
    html = r.content.decode()
    assert 'data-bookings="3"' in html and 'id="occ-data"' in html
    rooms = {(k, obj.pk): f for k, obj, _p, f in r.context["result"].rooms}
    assert rooms[("room", room.pk)].rate == 0.5 and rooms[("service", tai_chi.pk)].rate == 1.0
    admin = login(personas["subdistrict_admin"]).get("/services/occupancy/").context["result"].totals
    assert admin.bookings == 4
    assert login(personas["secretary"]).get("/services/occupancy/", {"place": far_place.pk}).status_code == 404
    assert login(personas["secretary"]).get("/services/occupancy/", {"place": room.place_id}).context["place"].pk == room.place_id


def test_occupancy_counts_no_shows_and_check_ins_by_week(login, personas, room):
    past = make_slot(room=room, start=timezone.now() - datetime.timedelta(days=3))
    came = make_slot(room=room, hours_from_now=0.2)
    Booking.objects.create(slot=past, user=personas["resident"], state="no_show", ical_uid="ns@t")
    Slot.objects.filter(pk=past.pk).update(booked=1)
    booking_check_in(booking=booking_create(slot=came, user=users(1)[0]), by=personas["secretary"])
    r = login(personas["secretary"]).get("/services/occupancy/")
    t = r.context["result"].totals
    assert (t.no_shows, t.checked_in, t.bookings) == (1, 1, 2)
    assert sum(f.no_shows for _d, f in r.context["result"].weeks) == 1


def test_occupancy_refuses_a_bad_period_and_people_without_the_right(login, personas):
    client = login(personas["secretary"])
    assert client.get("/services/occupancy/", {"from": "2026-05-01", "to": "2026-04-01"}).status_code == 400
    assert client.get("/services/occupancy/", {"from": "yesterday"}).status_code == 400
    assert login(personas["resident"]).get("/services/occupancy/").status_code == 403


def test_the_staff_bookings_list_pages_newest_slot_first_with_every_booking_on_one_page_only(login, personas, tree):
    """The list's paginator fetches a page's ids first, then their rows (core.pagination.DeferredJoinPaginator):
    its pages hold exactly the rows of the plain ordered query, in its order."""
    from doorstep.tests.builders.bookings import grow_bookings

    grow_bookings(tree, 12)
    expected = list(Booking.objects.order_by("-slot__start", "id").values_list("pk", flat=True))
    assert len(expected) > 50
    client = login(personas["subdistrict_admin"])
    shown = [b.pk for page in (1, 2) for b in client.get("/services/bookings/", {"page": page}).context["rows"]]
    assert shown == expected
