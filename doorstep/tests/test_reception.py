"""The reception log (接待群众): visitors' phones encrypted and masked, residents found by name or mobile,
a case opened from a record in one step and linked, follow-ups, and who may see the log."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases.models import Case, CaseCategory, Source
from core.protect import decrypt
from doorstep.models import ReceptionLog
from doorstep.services.reception import reception_follow_up_done, reception_open_case, reception_record
from doorstep.tests.builders.points import make_place


@pytest.fixture
def station(tree):
    return make_place(tree.D1)


@pytest.fixture
def category(db):
    return CaseCategory.objects.create(code="R-1", name="楼道照明")


def test_a_visitors_phone_is_kept_encrypted_and_shown_masked(station, personas):
    log = reception_record(place=station, by=personas["social_worker"], topic="咨询养老补贴", visitor_name="赵先生", visitor_phone="13911112222")
    row = ReceptionLog.objects.filter(pk=log.pk).values().get()
    assert row["visitor_phone_masked"] == "139****2222"
    assert "13911112222" not in str(row)
    assert decrypt(row["visitor_phone_enc"]) == "13911112222"


def test_a_wrong_phone_or_no_visitor_is_refused(station, personas):
    with pytest.raises(ValidationError) as e:
        reception_record(place=station, by=personas["social_worker"], topic="咨询", visitor_name="赵先生", visitor_phone="12345")
    assert "visitor_phone" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        reception_record(place=station, by=personas["social_worker"], topic="咨询")
    assert "visitor_name" in e.value.message_dict
    assert not ReceptionLog.objects.exists()


def test_a_case_is_opened_from_a_record_in_one_step_and_linked(station, personas, people, category):
    zsf = people["zsf"]
    log = reception_record(place=station, by=personas["social_worker"], topic="3号楼楼道灯坏了", resident=zsf, visitor_phone="13911112222")
    case = reception_open_case(log=log, by=personas["social_worker"], category=category)
    log.refresh_from_db()
    assert log.case == case
    assert case.source == Source.RESIDENT  # a walk-in: the closest source cases has
    assert case.description == "3号楼楼道灯坏了"
    assert case.contact_phone_masked == "139****2222"
    assert case.unit.path.startswith(station.unit_path)
    assert case.transitions.get().action == "report"
    with pytest.raises(ValidationError):  # once
        reception_open_case(log=log, by=personas["social_worker"], category=category)
    assert Case.objects.count() == 1


def test_the_case_hangs_on_the_residents_grid(station, personas, people, category, tree):
    log = reception_record(place=station, by=personas["social_worker"], topic="噪音", resident=people["zsf"])
    assert reception_open_case(log=log, by=personas["social_worker"], category=category).unit == tree.G1
    walk_in = reception_record(place=station, by=personas["social_worker"], topic="噪音", visitor_name="路人")
    assert reception_open_case(log=walk_in, by=personas["social_worker"], category=category).unit == tree.D1


def test_follow_up_done(station, personas):
    log = reception_record(
        place=station, by=personas["social_worker"], topic="办证", visitor_name="钱女士", follow_up="下周回电", follow_up_due=timezone.localdate()
    )
    reception_follow_up_done(log=log, by=personas["social_worker"], note="已回电")
    log.refresh_from_db()
    assert log.follow_up_done and "已回电" in log.action_taken
    plain = reception_record(place=station, by=personas["social_worker"], topic="问路", visitor_name="孙先生")
    with pytest.raises(ValidationError):
        reception_follow_up_done(log=plain, by=personas["social_worker"])


# ---- pages ------------------------------------------------------------------------------------


def test_the_desk_records_a_visit_with_a_found_resident_and_opens_its_case_from_the_page(login, station, personas, people, category):
    client = login(personas["social_worker"])
    refused = client.get("/services/stations/reception/residents/", {"q": "13812341234"}).content.decode()  # no view_pii: no exact-number search
    assert f'data-resident-id="{people["zsf"].pk}"' not in refused and "须有查看个人信息的权限" in refused
    found = login(personas["secretary"]).get("/services/stations/reception/residents/", {"q": "13812341234"})
    assert f'data-resident-id="{people["zsf"].pk}"' in found.content.decode()
    assert "13812341234" not in found.content.decode()
    client = login(personas["social_worker"])
    assert f'data-resident-id="{people["zsf"].pk}"' in client.get("/services/stations/reception/residents/", {"q": "zsf"}).content.decode()
    body = {
        "place": station.pk,
        "resident": people["zsf"].pk,
        "topic": "电梯异响",
        "follow_up": "联系物业",
        "follow_up_due": (timezone.localdate() + datetime.timedelta(days=3)).isoformat(),
    }
    r = client.post("/services/stations/reception/new/", body)
    assert r.status_code == 302
    log = ReceptionLog.objects.get()
    assert log.resident == people["zsf"] and log.received_by == personas["social_worker"]
    r = client.post(f"/services/stations/reception/{log.pk}/case/", {"category": category.pk, "unit": station.unit.pk, "priority": 2, "description": ""})
    assert r.status_code == 302
    log.refresh_from_db()
    assert log.case is not None
    page = client.get(f"/services/stations/reception/{log.pk}/").content.decode()
    assert f"/cases/{log.case.pk}/" in page and log.case.number in page
    assert 'id="open-case-form"' not in page


def test_the_list_shows_masked_phones_and_filters_open_follow_ups(login, station, personas):
    sw = personas["social_worker"]
    reception_record(place=station, by=sw, topic="咨询", visitor_name="赵先生", visitor_phone="13911112222", follow_up="回电")
    reception_record(place=station, by=sw, topic="问路", visitor_name="孙先生")
    client = login(sw)
    page = client.get("/services/stations/reception/").content.decode()
    assert "139****2222" in page and "13911112222" not in page
    only_open = client.get("/services/stations/reception/", {"open": "on"}).content.decode()
    assert "赵先生" in only_open and "孙先生" not in only_open


def test_a_visitor_without_a_name_is_refused_on_the_page(login, station, personas):
    r = login(personas["social_worker"]).post("/services/stations/reception/new/", {"place": station.pk, "topic": "咨询", "visitor_phone": "13911112222"})
    assert r.status_code == 400
    assert not ReceptionLog.objects.exists()


def test_the_reception_log_is_hidden_outside_the_scope_and_without_the_right(login, tree, station, personas):
    log = reception_record(place=station, by=personas["social_worker"], topic="咨询", visitor_name="赵先生")
    other = reception_record(place=make_place(tree.D2), by=personas["subdistrict_admin"], topic="咨询", visitor_name="周先生")
    sec = login(personas["secretary"])
    assert sec.get(f"/services/stations/reception/{log.pk}/").status_code == 200
    assert sec.get(f"/services/stations/reception/{other.pk}/").status_code == 404
    assert login(personas["area_manager"]).get("/services/stations/reception/").status_code == 403  # no receive_visitor
    assert login(personas["resident"]).get(f"/services/stations/reception/{log.pk}/").status_code == 404
