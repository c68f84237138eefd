"""The pages and the API of bodies and meetings: lists, a body's page, the member form, scheduling with a room, the
meeting page with its live quorum, the QR code at the door, the sign-in a phone opens from it, the .ics, my meetings."""

import pytest
from django.urls import reverse
from icalendar import Calendar

from meetings.models import Attendance, Membership
from meetings.tests.builders.bodies import future

pytestmark = pytest.mark.django_db


def test_the_body_list_filters_by_kind_and_the_body_page_shows_seats_and_members(login, council, council_members, personas):
    c = login(personas["secretary"])
    r = c.get(reverse("meetings:body-list"), {"kind": council.kind_id})
    assert r.status_code == 200 and council.name in r.text
    assert council.name not in c.get(reverse("meetings:body-list"), {"kind": 999}).text
    page = c.get(council.get_absolute_url()).text
    assert "居民代表3" in page and "张三丰" in page and "secretary" in page
    assert c.get(reverse("meetings:kind-list")).status_code == 200


def test_a_member_is_added_from_an_account_or_a_resident_and_refusals_are_shown(login, council, personas, people):
    c = login(personas["secretary"])
    url = reverse("meetings:member-add", args=[council.pk])
    seat = council.seats.get(party="police")
    assert c.post(url, {"seat": seat.pk, "username": "police", "role": "member"}).status_code == 302
    r = c.post(url, {"seat": council.seats.get(party="owners").pk, "resident_name": "李四", "role": "member"})
    assert r.status_code == 400 and "白云居民区" in r.text  # 李四 lives in D2
    r = c.post(url, {"seat": council.seats.get(party="owners").pk, "resident_name": "张三丰", "username": "police", "role": "member"})
    assert r.status_code == 400  # the police already sits on this body
    assert Membership.objects.filter(body=council).count() == 1
    assert login(personas["resident"]).get(url).status_code == 404  # not in scope, not a member


def test_scheduling_with_a_room_books_it_and_a_clash_comes_back_on_the_form(login, council, council_members, personas, tree):
    from doorstep.services.places import room_create
    from doorstep.tests.builders.bookings import make_slot, make_station

    room = room_create(place=make_station(tree.D1), kind="party", name="议事室", capacity=20)
    for h in (48, 49):
        make_slot(room=room, start=future(h))
    c = login(personas["secretary"])
    url = reverse("meetings:meeting-schedule", args=[council.pk])
    assert "议事室" in c.get(url).text  # the room picker offers the station's rooms
    fmt = "%Y-%m-%dT%H:%M"
    data = {"title": "六月议事会", "starts_at": future(48).strftime(fmt), "ends_at": future(50).strftime(fmt), "room": room.pk}
    r = c.post(url, data)
    assert r.status_code == 302
    r = c.post(url, data | {"title": "撞期"})
    assert r.status_code == 400 and "议事室" in r.text


def test_the_api_schedules_a_meeting_books_its_room_and_refuses_a_clash_a_foreign_room_and_an_outsider(api, council, council_members, personas, tree):
    from doorstep.services.places import room_create
    from doorstep.tests.builders.bookings import make_slot, make_station
    from meetings.models import Meeting
    from notices.models import Notice

    room = room_create(place=make_station(tree.D1), kind="party", name="议事室", capacity=20)
    elsewhere = room_create(place=make_station(tree.D2), kind="party", name="蓝天议事室", capacity=20)
    for h in (48, 49):
        make_slot(room=room, start=future(h))
        make_slot(room=elsewhere, start=future(h))
    data = {"body": council.pk, "title": "六月议事会", "starts_at": future(48).isoformat(), "ends_at": future(50).isoformat(), "room": room.pk}
    staff = api(personas["secretary"])
    r = staff.post("/api/meetings/", data, format="json")
    assert r.status_code == 201, r.json()
    meeting = Meeting.objects.get(pk=r.json()["id"])
    assert meeting.bookings.filter(state="booked").count() == 2 and meeting.transitions.filter(action="create").exists()
    assert Notice.objects.filter(url__contains=f"/meetings/{meeting.pk}/").exists(), "the members are invited"
    clash = staff.post("/api/meetings/", data | {"title": "撞期"}, format="json")
    assert clash.status_code == 400 and "room" in clash.json()
    assert staff.post("/api/meetings/", data | {"room": elsewhere.pk}, format="json").status_code == 400
    assert staff.post("/api/meetings/", data | {"ends_at": future(40).isoformat(), "room": None}, format="json").status_code == 400
    assert api(personas["resident"]).post("/api/meetings/", data | {"room": None}, format="json").status_code == 403  # a member, not staff
    assert api(personas["outsider"]).post("/api/meetings/", data | {"room": None}, format="json").status_code == 404
    assert Meeting.objects.filter(body=council).count() == 1


def test_the_meeting_page_shows_the_live_quorum_and_staff_tick_members(login, meeting, council_members, personas):
    c = login(personas["secretary"])
    page = c.get(meeting.get_absolute_url())
    assert page.status_code == 200 and 'hx-get="' + reverse("meetings:meeting-live", args=[meeting.pk]) in page.text
    r = c.post(reverse("meetings:meeting-tick", args=[meeting.pk]), {"membership": council_members["owners"].pk}, HTTP_HX_REQUEST="true")
    assert r.status_code == 200 and "✓" in r.text and 'id="meeting-live"' in r.text
    assert (
        login(personas["resident"]).post(reverse("meetings:meeting-tick", args=[meeting.pk]), {"membership": council_members["owners"].pk}).status_code == 403
    )
    assert c.get(reverse("meetings:meeting-live", args=[meeting.pk])).status_code == 200


def test_the_door_shows_a_qr_code_and_a_member_phone_signs_in_from_it(login, meeting, personas):
    door = login(personas["secretary"]).get(reverse("meetings:meeting-door", args=[meeting.pk]))
    sign_in = reverse("meetings:meeting-sign-in", args=[meeting.sign_in_token])
    assert door.status_code == 200 and "<svg" in door.text and sign_in in door.text
    assert login(personas["resident"]).get(reverse("meetings:meeting-door", args=[meeting.pk])).status_code == 403  # a member, not the chair
    phone = login(personas["resident"])
    first, second = phone.get(sign_in), phone.get(sign_in)
    assert first.status_code == 200 and second.status_code == 200 and Attendance.objects.filter(meeting=meeting).count() == 1
    assert "已经签到" in second.text or "already signed in" in second.text
    refused = login(personas["area_manager"]).get(sign_in)
    assert refused.status_code == 403 and Attendance.objects.filter(meeting=meeting).count() == 1


def test_the_invitation_ics_is_one_event_of_the_meeting(login, meeting, personas):
    r = login(personas["resident"]).get(reverse("meetings:meeting-ics", args=[meeting.pk]))
    assert r.status_code == 200 and r["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(r.content).walk("VEVENT")
    assert len(events) == 1 and "三月议事会" in str(events[0]["summary"]) and str(events[0]["status"]) == "CONFIRMED"
    assert login(personas["outsider"]).get(reverse("meetings:meeting-ics", args=[meeting.pk])).status_code == 404


def test_my_meetings_lists_a_resident_members_meetings(login, meeting, personas):
    r = login(personas["resident"]).get(reverse("meetings:my-meetings"))
    assert r.status_code == 200 and "三月议事会" in r.text
    page = login(personas["resident"]).get(meeting.get_absolute_url())  # a member without a staff role
    assert page.status_code == 200 and 'id="sign-in-self"' in page.text and 'id="step-open"' not in page.text
    assert "三月议事会" not in login(personas["outsider"]).get(reverse("meetings:my-meetings")).text


def test_meeting_steps_open_close_and_cancel(login, meeting, personas):
    c = login(personas["secretary"])
    assert c.post(reverse("meetings:meeting-step", args=[meeting.pk, "open"])).status_code == 302
    meeting.refresh_from_db()
    assert meeting.state == "open"
    c.post(reverse("meetings:meeting-step", args=[meeting.pk, "cancel"]))  # an open meeting cannot be cancelled: a message
    meeting.refresh_from_db()
    assert meeting.state == "open"
    assert login(personas["property_company"]).post(reverse("meetings:meeting-step", args=[meeting.pk, "close"])).status_code == 403


def test_the_api_lists_meetings_and_a_member_signs_in_and_staff_cancel(api, meeting, personas):
    staff = api(personas["secretary"])
    rows = staff.get("/api/meetings/").json()["results"]
    assert [r["id"] for r in rows] == [meeting.pk]
    detail = staff.get(f"/api/meetings/{meeting.pk}/").json()
    assert detail["quorum"]["seats"] == 11 and detail["quorum"]["is_quorate"] is False
    assert api(personas["resident"]).post(f"/api/meetings/{meeting.pk}/sign-in/").json()["present"] == 1
    assert api(personas["area_manager"]).post(f"/api/meetings/{meeting.pk}/sign-in/").status_code == 403
    assert staff.post(f"/api/meetings/{meeting.pk}/cancel/", {"note": "改期"}, format="json").json()["state"] == "cancelled"
    assert staff.post(f"/api/meetings/{meeting.pk}/cancel/", {}, format="json").status_code in (403, 409)
    assert api(personas["resident"]).get(f"/api/bodies/{meeting.body_id}/").status_code == 200
    assert len(api(personas["resident"]).get("/api/memberships/", {"body": meeting.body_id}).json()["results"]) == 4


def test_a_point_body_links_its_neighbourhood_point(login, tree, personas):
    from doorstep.tests.builders.points import make_point
    from meetings.services.bodies import body_create
    from meetings.tests.builders.bodies import kind

    point = make_point(tree.D1, name="白云睦邻点")
    body = body_create(kind=kind("point"), unit=tree.D1, point=point)
    page = login(personas["secretary"]).get(body.get_absolute_url()).text
    assert reverse("services:point-detail", args=[point.pk]) in page and "白云睦邻点" in page


def test_the_points_own_page_shows_the_meetings_of_its_deliberation_body(login, tree, personas):
    from doorstep.tests.builders.points import make_point
    from meetings.services.bodies import body_create
    from meetings.services.meetings import meeting_cancel, meeting_schedule
    from meetings.tests.builders.bodies import future, kind

    point = make_point(tree.D1, name="白云睦邻点")
    body = body_create(kind=kind("point"), unit=tree.D1, point=point)
    held = meeting_schedule(body=body, title="楼道堆物怎么管", starts_at=future(24), ends_at=future(26), location="睦邻点", invite=False)
    dropped = meeting_schedule(body=body, title="已取消的会", starts_at=future(48), ends_at=future(50), location="睦邻点", invite=False)
    meeting_cancel(meeting=dropped, by=personas["secretary"])
    page = login(personas["secretary"]).get(reverse("services:point-detail", args=[point.pk])).text
    assert "邻里议事" in page and held.get_absolute_url() in page and "已取消的会" not in page
