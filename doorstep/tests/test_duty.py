"""Duty rosters (错时工作): no person on two overlapping shifts (also when two planners act at once), who is
on duty now, the gaps in the opening hours, copying a week, and the roster pages."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone

from doorstep.models import DutyKind, DutyShift
from doorstep.services.duty import duty_copy_week, duty_gaps, duty_shift_create, local_midnight, next_shifts, on_duty_now, week_start
from doorstep.tests.builders.points import make_place, make_shift

MONDAY = datetime.date(2025, 3, 3)


@pytest.fixture
def station(tree):
    return make_place(tree.D1)


@pytest.fixture
def other_station(tree):
    return make_place(tree.D2, name="蓝天好邻居服务站")


def at(day, hhmm):
    h, m = (int(x) for x in hhmm.split(":"))
    return local_midnight(day) + datetime.timedelta(hours=h, minutes=m)


def test_a_person_cannot_be_on_two_overlapping_shifts_at_the_same_station(station, personas):
    sw = personas["social_worker"]
    make_shift(station, sw, MONDAY, "09:00", "12:00")
    with pytest.raises(ValidationError) as e:
        make_shift(station, sw, MONDAY, "11:00", "13:00")
    assert "user" in e.value.message_dict
    assert DutyShift.objects.filter(user=sw).count() == 1


def test_a_person_cannot_be_on_duty_at_two_stations_at_once(station, other_station, personas):
    sw = personas["social_worker"]
    make_shift(station, sw, MONDAY, "09:00", "12:00")
    with pytest.raises(ValidationError):
        make_shift(other_station, sw, MONDAY, "08:00", "09:30")
    with pytest.raises(ValidationError):  # inside
        make_shift(other_station, sw, MONDAY, "10:00", "11:00")
    with pytest.raises(ValidationError):  # around
        make_shift(other_station, sw, MONDAY, "08:00", "13:00")


def test_back_to_back_shifts_and_other_people_are_allowed(station, other_station, personas):
    sw, sec = personas["social_worker"], personas["secretary"]
    make_shift(station, sw, MONDAY, "09:00", "12:00")
    make_shift(other_station, sw, MONDAY, "12:00", "17:00")  # ends where the other starts: no overlap
    make_shift(station, sec, MONDAY, "09:00", "12:00")
    assert DutyShift.objects.count() == 3


def test_a_shift_must_end_after_it_starts_and_last_at_most_a_day(station, personas):
    with pytest.raises(ValidationError):
        duty_shift_create(place=station, user=personas["secretary"], start=at(MONDAY, "12:00"), end=at(MONDAY, "12:00"))
    with pytest.raises(ValidationError):
        duty_shift_create(place=station, user=personas["secretary"], start=at(MONDAY, "12:00"), end=at(MONDAY, "12:00") + datetime.timedelta(hours=25))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent connections with row locks")
@pytest.mark.django_db(transaction=True)
def test_two_planners_booking_one_person_at_once_give_one_shift(tree, personas):
    """Two planners at two stations put the same person on overlapping shifts at the same moment: the row
    lock on the person serialises them, so exactly one shift is made and the other is refused."""
    a, b = make_place(tree.D1), make_place(tree.D2, name="蓝天站")
    person = personas["social_worker"]
    barrier, results = threading.Barrier(2), []

    def plan(place, start, end):
        try:
            barrier.wait()
            duty_shift_create(place=place, user=person, start=at(MONDAY, start), end=at(MONDAY, end), kind=DutyKind.EVENING)
            results.append("ok")
        except ValidationError:
            results.append("refused")
        finally:
            connections.close_all()

    for _round in range(3):
        DutyShift.objects.all().delete()
        results.clear()
        threads = [threading.Thread(target=plan, args=args) for args in ((a, "18:00", "20:30"), (b, "19:00", "21:00"))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(results) == ["ok", "refused"]
        assert DutyShift.objects.filter(user=person).count() == 1


def test_who_is_on_duty_now_and_next(station, personas):
    sw, sec = personas["social_worker"], personas["secretary"]
    today = timezone.localdate()
    now = at(today, "10:00")
    current = make_shift(station, sw, today, "09:00", "12:00")
    later = make_shift(station, sec, today, "12:00", "17:00")
    make_shift(station, sw, today - datetime.timedelta(days=1), "09:00", "12:00")
    assert [s.pk for s in on_duty_now(station, now)] == [current.pk]
    assert [s.pk for s in on_duty_now(station, at(today, "12:00"))] == [later.pk]  # the end is not included
    assert [s.pk for s in next_shifts(station, now)] == [later.pk]


def test_gaps_are_the_opening_hours_with_nobody_on_duty(station, personas):
    make_shift(station, personas["social_worker"], MONDAY, "09:00", "12:00")
    make_shift(station, personas["secretary"], MONDAY, "11:00", "13:00")
    make_shift(station, personas["secretary"], MONDAY, "15:00", "18:00")
    gaps = duty_gaps(station, MONDAY)
    monday = [(timezone.localtime(g.start).strftime("%a %H:%M"), timezone.localtime(g.end).strftime("%H:%M")) for g in gaps if g.start.date() <= MONDAY]
    assert monday == [("Mon 13:00", "15:00")]
    assert len(gaps) == 1 + 4  # Monday's hole, and Tuesday to Friday uncovered; the weekend is closed


def test_copying_last_week_skips_the_person_already_on_duty(station, other_station, personas):
    sw, sec = personas["social_worker"], personas["secretary"]
    previous = MONDAY - datetime.timedelta(days=7)
    make_shift(station, sw, previous, "09:00", "12:00")
    make_shift(station, sec, previous + datetime.timedelta(days=5), "09:00", "17:00", kind=DutyKind.WEEKEND)
    make_shift(other_station, sw, MONDAY, "10:00", "11:00")  # sw is busy elsewhere then
    created, skipped = duty_copy_week(place=station, source_week=previous, target_week=MONDAY, by=sec)
    assert [(s.user, timezone.localtime(s.start).date(), s.kind) for s in created] == [(sec, MONDAY + datetime.timedelta(days=5), DutyKind.WEEKEND)]
    assert [s.user for s in skipped] == [sw]


def test_week_start_is_monday():
    assert week_start(datetime.date(2025, 3, 9)) == MONDAY
    assert week_start(MONDAY) == MONDAY


# ---- pages ------------------------------------------------------------------------------------


def test_the_public_station_page_names_who_is_on_duty_without_their_phone(client, station, personas):
    sw = personas["social_worker"]
    sw.display_name = "李社工"
    sw.save()
    from accounts.models import User

    User.objects.filter(pk=sw.pk).update(email="li@example.org")
    now = timezone.localtime()
    start = now - datetime.timedelta(hours=1)
    duty_shift_create(place=station, user=sw, start=start, end=now + datetime.timedelta(hours=2), kind=DutyKind.EVENING)
    page = client.get(f"/services/stations/{station.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    on_duty = html[html.index('id="on-duty"') :]
    assert "李社工" in on_duty[: on_duty.index("</section>")]
    assert "li@example.org" not in html
    assert client.get("/services/stations/").status_code == 200
    assert client.get("/services/stations/999999/").status_code == 404


def test_the_roster_page_adds_a_shift_and_shows_the_refusal_of_an_overlap(login, station, personas):
    client = login(personas["secretary"])
    sw = personas["social_worker"]
    url = f"/services/stations/{station.pk}/duty/"
    body = {"user": sw.pk, "day": "2025-03-03", "start_time": "09:00", "end_time": "12:00", "kind": "regular", "week": "2025-03-03"}
    assert client.post(url, body).status_code == 302
    again = client.post(url, {**body, "start_time": "10:00", "end_time": "18:00"})
    assert again.status_code == 400
    assert DutyShift.objects.filter(user=sw).count() == 1
    week = client.get(url, {"week": "2025-03-05"})
    assert week.status_code == 200 and 'id="gaps"' in week.content.decode()
    assert client.get(f"/services/stations/{station.pk}/duty/print/", {"week": "2025-03-03"}).status_code == 200


def test_an_evening_shift_ending_after_midnight_ends_the_next_day(login, station, personas):
    client = login(personas["secretary"])
    body = {"user": personas["social_worker"].pk, "day": "2025-03-03", "start_time": "20:00", "end_time": "01:00", "kind": "evening"}
    assert client.post(f"/services/stations/{station.pk}/duty/", body).status_code == 302
    shift = DutyShift.objects.get()
    assert timezone.localtime(shift.end).date() == datetime.date(2025, 3, 4)


def test_only_planners_change_the_roster_and_others_get_404(login, station, other_station, personas):
    body = {"user": personas["social_worker"].pk, "day": "2025-03-03", "start_time": "09:00", "end_time": "12:00", "kind": "regular"}
    assert login(personas["area_manager"]).post(f"/services/stations/{station.pk}/duty/", body).status_code == 403  # sees, may not plan
    assert login(personas["secretary"]).get(f"/services/stations/{other_station.pk}/duty/").status_code == 404
    assert login(personas["resident"]).get(f"/services/stations/{station.pk}/duty/").status_code == 404
    shift = make_shift(station, personas["secretary"], MONDAY)
    assert login(personas["area_manager"]).post(f"/services/stations/duty/{shift.pk}/delete/").status_code == 403
    assert login(personas["secretary"]).post(f"/services/stations/duty/{shift.pk}/delete/").status_code == 302
    assert not DutyShift.objects.exists()


def test_copy_week_page(login, station, personas):
    make_shift(station, personas["social_worker"], MONDAY - datetime.timedelta(days=7))
    r = login(personas["secretary"]).post(f"/services/stations/{station.pk}/duty/copy/", {"source": "2025-02-24", "week": "2025-03-03"})
    assert r.status_code == 302
    assert DutyShift.objects.filter(start__date__gte=MONDAY).count() == 1


def test_the_station_page_shows_its_rooms_committees_duties_and_services(client, station):
    from doorstep.models import Committee, CommitteeMember, Room, Service

    for kind, name in (("affairs_hall", "事务大厅"), ("party", "党群活动室"), ("mediation", "平安调处室"), ("other", "白云书屋")):
        Room.objects.create(place=station, unit=station.unit, unit_path=station.unit_path, kind=kind, name=name, capacity=20, bookable=kind != "affairs_hall")
    CommitteeMember.objects.create(committee=Committee.objects.create(place=station, kind="safety"), unit_path=station.unit_path, name="周平安", role="chair")
    service = Service.objects.create(group="life", name="助浴服务", place=station, unit_path=station.unit_path)
    station.duties = "代办社保\n矛盾调解"
    station.save()
    html = client.get(f"/services/stations/{station.pk}/").content.decode()
    for text in ("事务大厅", "党群活动室", "白云书屋", "周平安", "代办社保", "助浴服务", 'id="opening-hours"'):
        assert text in html
    assert f'href="/services/menu/{service.pk}/"' in html
    one, five = html.index("党群活动室"), html.index("白云书屋")
    assert html.index("事务大厅") < one < five  # 1, then 5, then X
