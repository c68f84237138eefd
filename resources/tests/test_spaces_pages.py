"""The shared-space pages and API: public to anyone signed in (no contacts), scoped for staff, written by
holders of resources.change_resource; the booking pages of services work for a shared space."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from doorstep.models import Booking, Slot
from resources.models import Resource, SharedSpace
from resources.services.spaces import space_deactivate
from resources.tests.builders import types
from resources.tests.builders.spaces import EVERY_DAY, grow_spaces, org, space

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def tax_office(tree):
    return org(tree.D1, name="区税务局", kind="co_building", contact_name="王科长", contact_phone="021-57810000")


@pytest.fixture
def meeting_room(tree, tax_office):
    return space(tree.D1, organisation=tax_office, equipment=["投影仪", "音响"], rules="用后请关灯", hours=EVERY_DAY)


@pytest.fixture
def gym(tree):
    return space(tree.D2, name="蓝天健身房", space_types=("sports",), capacity=12, equipment=["跑步机"], hours=EVERY_DAY)


def listed(response) -> set[int]:
    return {s.pk for s in response.context["object_list"]}


def test_residents_see_the_spaces_on_offer_everywhere_but_not_withdrawn_ones(login, personas, meeting_room, gym, tree):
    withdrawn = space(tree.D1, name="已停用的活动室", hours=EVERY_DAY)
    space_deactivate(space=withdrawn)
    r = login(personas["resident"]).get(reverse("resources:space-list"))
    assert r.status_code == 200 and listed(r) == {meeting_room.pk, gym.pk}
    assert login(personas["resident"]).get(reverse("resources:space-detail", args=[withdrawn.pk])).status_code == 404
    staff = login(personas["social_worker"]).get(reverse("resources:space-list"))
    assert listed(staff) == {meeting_room.pk, gym.pk, withdrawn.pk}  # their own 居民区's withdrawn one too


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"type": "sports"}, {"gym"}),
        ({"district": "D1"}, {"meeting_room"}),
        ({"offered_by": "self"}, {"gym"}),
        ({"offered_by": "tax"}, {"meeting_room"}),
        ({"capacity": 20}, {"meeting_room"}),
        ({"equipment": "跑步"}, {"gym"}),
        ({"equipment": "投影"}, {"meeting_room"}),
        ({"q": "健身"}, {"gym"}),
    ],
)
def test_the_list_filters_by_type_district_offering_unit_capacity_and_equipment(login, personas, tree, tax_office, meeting_room, gym, query, expected):
    names = {"meeting_room": meeting_room.pk, "gym": gym.pk}
    values = {"D1": tree.D1.pk, "tax": tax_office.pk}
    params = {k: values.get(v, v) for k, v in query.items()}
    r = login(personas["resident"]).get(reverse("resources:space-list"), params)
    assert listed(r) == {names[n] for n in expected}


def test_the_space_page_shows_equipment_hours_rules_the_offering_unit_and_a_book_button(login, personas, meeting_room):
    client = login(personas["resident"])
    r = client.get(reverse("resources:space-detail", args=[meeting_room.pk]), **EN)
    html = r.content.decode()
    assert "投影仪、音响" in html and "用后请关灯" in html and "区税务局" in html and "Every day</dt><dd>09:00-12:00<br>14:00-17:00" in html
    assert reverse("services:room-week", args=[meeting_room.room.pk]) in html
    slot = Slot.objects.filter(room=meeting_room.room, start__gt=timezone.now()).order_by("start").first()
    monday = timezone.localdate(slot.start) - datetime.timedelta(days=timezone.localdate(slot.start).weekday())
    week = client.get(reverse("resources:space-detail", args=[meeting_room.pk]), {"week": monday.isoformat()}).content.decode()
    assert reverse("services:slot-book", args=[slot.pk]) in week
    assert "021-57810000" not in html and "王科长" not in html  # no contacts on public pages
    assert r.context["occupancy"] is None and not r.context["can_edit"]


def test_a_resident_books_a_shared_space_on_the_services_pages(login, personas, people, meeting_room):
    zsf = people["zsf"]
    zsf.user = personas["resident"]
    zsf.save(update_fields=["user"])
    client = login(personas["resident"])
    slot = Slot.objects.filter(room=meeting_room.room, start__gt=timezone.now() + datetime.timedelta(hours=1)).order_by("start").first()
    book_url = reverse("services:slot-book", args=[slot.pk])
    assert "白云居民区" in client.get(book_url).content.decode()
    assert client.post(book_url, {"party_size": 31, "purpose": "太多人"}).status_code == 400  # more than the space holds
    r = client.post(book_url, {"party_size": 20, "purpose": "楼组议事会"})
    booking = Booking.objects.get(slot=slot)
    assert r.status_code == 302 and booking.state == "booked" and booking.party_size == 20
    assert "税务局二楼会议室" in client.get(reverse("services:booking", args=[booking.pk])).content.decode()
    assert "白云居民区" in client.get(reverse("services:my-bookings")).content.decode()
    assert client.get(reverse("services:booking-ics", args=[booking.pk])).status_code == 200
    assert client.get(reverse("services:room-week", args=[meeting_room.room.pk])).status_code == 200


def test_staff_create_a_space_through_the_page_and_it_is_bookable_and_catalogued(login, personas, tree, tax_office):
    client = login(personas["social_worker"])
    assert client.get(reverse("resources:space-create"), {"organisation": tax_office.pk}).status_code == 200
    data = {
        "name": "税务局三楼培训室", "unit": tree.D1.pk, "organisation": tax_office.pk, "types": [t.pk for t in types("meeting", "culture")],
        "capacity": 40, "equipment": "投影仪，白板、话筒", "rules": "提前一天预约", "slot_minutes": 90, "bookable": "on", "fee": "0",
        "uses_per_period": 6, "hours_1": "14:00-17:00", "hours_3": "09:00-12:00",
    }  # fmt: skip
    r = client.post(reverse("resources:space-create"), data)
    s = SharedSpace.objects.select_related("room").get(room__name="税务局三楼培训室")
    assert r.status_code == 302 and r["Location"] == reverse("resources:space-detail", args=[s.pk])
    assert s.room.equipment == ["投影仪", "白板", "话筒"] and s.room.slot_minutes == 90 and s.organisation == tax_office
    assert s.room.opening_hours == {"1": [["14:00", "17:00"]], "3": [["09:00", "12:00"]]}
    assert Slot.objects.filter(room=s.room).exists() and Resource.objects.get(space=s).capacity == 40
    bad = client.post(reverse("resources:space-create"), {**data, "name": "坏的", "hours_1": "17:00-14:00"}, **EN)
    assert bad.status_code == 200 and "hours_1" in bad.context["form"].errors
    edit = client.post(reverse("resources:space-edit", args=[s.pk]), {**data, "capacity": 35, "is_active": "on"})
    assert edit.status_code == 302 and Resource.objects.get(space=s).capacity == 35


def test_space_writes_need_the_right_in_scope(login, personas, tree, meeting_room, gym):
    edit = reverse("resources:space-edit", args=[meeting_room.pk])
    assert login(personas["resident"]).get(reverse("resources:space-create")).status_code == 403
    assert login(personas["resident"]).get(edit).status_code == 404  # not in a staff scope
    assert login(personas["grid_worker"]).get(edit).status_code == 404  # the grid is below the 居民区
    assert login(personas["area_manager"]).get(edit).status_code == 403  # sees it, may not change it
    assert login(personas["social_worker"]).get(edit).status_code == 200
    assert login(personas["social_worker"]).get(reverse("resources:space-edit", args=[gym.pk])).status_code == 404  # D2
    assert login(personas["area_manager"]).post(reverse("resources:space-deactivate", args=[meeting_room.pk])).status_code == 403
    page = login(personas["social_worker"]).get(reverse("resources:space-create"))
    assert list(page.context["form"].fields["unit"].queryset) == [tree.D1]
    r = login(personas["social_worker"]).post(
        reverse("resources:space-create"),
        {
            "name": "越界",
            "unit": tree.D2.pk,
            "types": [types("meeting")[0].pk],
            "capacity": 5,
            "slot_minutes": 60,
            "fee": 0,
            "uses_per_period": 1,
            "hours_0": "09:00-10:00",
        },
    )
    assert r.status_code == 200 and "unit" in r.context["form"].errors and not SharedSpace.objects.filter(room__name="越界").exists()


def test_the_api_lists_scoped_spaces_and_writes_through_the_service(api, personas, tree, tax_office, meeting_room, gym):
    rows = api(personas["social_worker"]).get("/api/shared-spaces/").json()["results"]
    assert [r["id"] for r in rows] == [meeting_room.pk]
    assert rows[0]["types"] == ["meeting"] and rows[0]["room"] == meeting_room.room.pk and rows[0]["equipment"] == ["投影仪", "音响"]
    body = {
        "name": "白云书画室",
        "unit": tree.D1.pk,
        "types": ["culture"],
        "capacity": 16,
        "opening_hours": {"5": [["09:00", "11:00"]]},
        "organisation": tax_office.pk,
    }
    r = api(personas["social_worker"]).post("/api/shared-spaces/", body, format="json")
    assert r.status_code == 201, r.json()
    created = SharedSpace.objects.get(pk=r.json()["id"])
    assert created.room.kind == "shared" and Slot.objects.filter(room=created.room).exists()
    assert api(personas["social_worker"]).post("/api/shared-spaces/", {**body, "unit": tree.D2.pk}, format="json").status_code == 404  # out of scope
    assert api(personas["area_manager"]).post("/api/shared-spaces/", body, format="json").status_code == 403
    bad = api(personas["social_worker"]).post("/api/shared-spaces/", {**body, "types": ["elderly"]}, format="json")
    assert bad.status_code == 400 and "types" in bad.json()
    moved = api(personas["subdistrict_admin"]).patch(f"/api/shared-spaces/{created.pk}/", {"unit": tree.D2.pk}, format="json")
    assert moved.status_code == 400 and "unit" in moved.json()
    ok = api(personas["social_worker"]).patch(f"/api/shared-spaces/{created.pk}/", {"capacity": 10, "fee": "5.00"}, format="json")
    assert ok.status_code == 200 and Resource.objects.get(space=created).capacity == 10 and float(Resource.objects.get(space=created).cost) == 5.0


def count_queries(client, url, django_assert_max_num_queries, n):
    with django_assert_max_num_queries(n) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", ["/resources/spaces/", "/resources/spaces/?type=meeting&equipment=投影", "/api/shared-spaces/"])
def test_space_lists_make_the_same_number_of_queries_for_more_data(login, api, personas, tree, url, django_assert_max_num_queries):
    user = personas["subdistrict_admin"]
    client = api(user) if url.startswith("/api/") else login(user)
    grow_spaces(tree, 2)
    client.get(url)
    small = count_queries(client, url, django_assert_max_num_queries, 20)
    grow_spaces(tree, 8, start=2)
    assert count_queries(client, url, django_assert_max_num_queries, small) == small
