"""The public service menu (菜单式服务) and the rooms to book: groups, filters, the resident's own station
first, a service's page with its sessions and free places, who may use it."""

import pytest
from django.utils import timezone
from django.utils.translation import override

from doorstep.services.bookings import booking_create
from doorstep.services.places import service_create
from doorstep.tests.builders.bookings import day_care as day_care  # noqa: F401  (the fixtures)
from doorstep.tests.builders.bookings import legal as legal
from doorstep.tests.builders.bookings import lisi as lisi
from doorstep.tests.builders.bookings import make_slot, make_station, users
from doorstep.tests.builders.bookings import room as room
from doorstep.tests.builders.bookings import station as station
from doorstep.tests.builders.bookings import tai_chi as tai_chi
from doorstep.tests.builders.bookings import zsf as zsf

pytestmark = pytest.mark.django_db


@pytest.fixture
def far_station(tree):
    """A station in D2, 李四's (D1 comes first by the tree)."""
    place = make_station(tree.D2, name="蓝天好邻居服务站")
    service_create(place=place, group="life", name="蓝天理发", capacity=4)
    return place


def ids(response):
    """The services on the page, in order."""
    return [s.pk for sec in response.context["sections"] for s in sec.services]


def test_anyone_reads_the_menu_by_place_with_one_card_per_service(client, day_care, legal, tai_chi):
    r = client.get("/services/menu/")
    assert r.status_code == 200
    assert [sec.place.name for sec in r.context["sections"]] == ["白云好邻居服务站"]
    assert sorted(ids(r)) == sorted([day_care.pk, legal.pk, tai_chi.pk])
    html = r.content.decode()
    assert f'data-service="{day_care.pk}"' in html and "白云好邻居服务站" in html and "10元/天" in html
    assert not r.context["menu"].filtered  # a visitor sees every offered service


def test_the_menu_filters_by_group_and_place(client, station, day_care, legal, far_station):
    r = client.get("/services/menu/", {"group": "government"})
    assert ids(r) == [legal.pk]
    r = client.get("/services/menu/", {"place": far_station.pk})
    assert {s.place_id for sec in r.context["sections"] for s in sec.services} == {far_station.pk}
    assert client.get("/services/menu/", {"place": "x", "group": "nonsense"}).status_code == 200


def test_a_residents_own_station_comes_first(login, personas, station, tai_chi, far_station, lisi):
    """李四 lives in D2: the 蓝天 station first (with show all: 白云 is not for him)."""
    r = login(lisi).get("/services/menu/", {"all": "1"})
    sections = r.context["sections"]
    assert sections[0].place.pk == far_station.pk and sections[0].near and not sections[1].near
    assert r.context["places"][0].pk == far_station.pk
    r = login(personas["resident"]).get("/services/menu/")  # the resident role is at H1 under D1
    assert r.context["sections"][0].place.pk == station.pk


def test_who_may_use_a_service_is_said_in_words(client, day_care, tai_chi):
    with override("en"):
        r = client.get(f"/services/menu/{day_care.pk}/", HTTP_ACCEPT_LANGUAGE="en")
        assert r.context["who"] == "aged 60 and over"
        assert client.get(f"/services/menu/{tai_chi.pk}/", HTTP_ACCEPT_LANGUAGE="en").context["who"] == "Everyone"


def test_a_services_page_lists_its_sessions_with_free_places(client, tai_chi):
    soon, later = make_slot(service=tai_chi, hours_from_now=5), make_slot(service=tai_chi, hours_from_now=29)
    make_slot(service=tai_chi, hours_from_now=24 * 20)  # beyond two weeks
    booking_create(slot=soon, user=users(1)[0])
    r = client.get(f"/services/menu/{tai_chi.pk}/")
    assert [s.pk for s, _mine in r.context["sessions"]] == [soon.pk, later.pk]
    html = r.content.decode()
    assert f'data-slot="{soon.pk}"' in html and 'data-free="1"' in html and 'data-free="2"' in html
    assert "/accounts/login/" in html  # anonymous: sign in to book


def test_a_signed_in_resident_sees_book_buttons_and_his_own_bookings(login, personas, tai_chi):
    slot, other = make_slot(service=tai_chi), make_slot(service=tai_chi, hours_from_now=30)
    mine = booking_create(slot=slot, user=personas["resident"])
    html = login(personas["resident"]).get(f"/services/menu/{tai_chi.pk}/").content.decode()
    assert f'href="/services/bookings/{mine.pk}/"' in html
    assert f'action="/services/slots/{other.pk}/book/"' in html


def test_a_resident_too_young_for_day_care_is_told_before_booking(login, day_care, lisi):
    make_slot(service=day_care)
    r = login(lisi).get(f"/services/menu/{day_care.pk}/")
    assert r.context["refusal"] and 'id="eligibility-refusal"' in r.content.decode()


def test_withdrawn_services_are_not_on_the_menu(client, station):
    gone = service_create(place=station, group="life", name="停办", is_active=False)
    assert client.get(f"/services/menu/{gone.pk}/").status_code == 404
    assert gone.pk not in ids(client.get("/services/menu/"))


def test_anyone_sees_the_bookable_rooms_and_a_rooms_week(client, room, station):
    from doorstep.services.places import room_create

    room_create(place=station, kind="other", name="仓库", capacity=2, bookable=False)
    slot = make_slot(room=room, hours_from_now=26)
    r = client.get("/services/rooms/")
    assert [x.pk for x in r.context["rooms"]] == [room.pk] and r.context["rooms"][0].free == 1
    day = timezone.localdate(slot.start).isoformat()
    r = client.get(f"/services/rooms/{room.pk}/", {"week": day})
    assert r.status_code == 200
    cells = [c for _t, row in r.context["week"].rows() for c in row if c]
    assert [(c.slot.pk, c.status) for c in cells] == [(slot.pk, "free")]
    assert client.get(f"/services/rooms/{room.pk}/", {"week": "garbage"}).status_code == 200


def test_a_rooms_week_shows_booked_full_mine_and_past(login, personas, room):
    mine_slot, full_slot = make_slot(room=room, hours_from_now=2), make_slot(room=room, hours_from_now=3)
    past = make_slot(room=room, hours_from_now=-30)
    mine = booking_create(slot=mine_slot, user=personas["resident"])
    booking_create(slot=full_slot, user=users(1)[0])
    client = login(personas["resident"])
    statuses = {}
    for day in {timezone.localdate(s.start) for s in (mine_slot, full_slot, past)}:
        week = client.get(f"/services/rooms/{room.pk}/", {"week": day.isoformat()}).context["week"]
        statuses |= {c.slot.pk: (c.status, c.mine) for _t, row in week.rows() for c in row if c}
    assert statuses[mine_slot.pk][1] == mine and statuses[full_slot.pk] == ("full", None) and statuses[past.pk][0] == "past"
