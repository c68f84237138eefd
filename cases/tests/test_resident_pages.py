"""The resident's pages: report (signed in or not), follow a case nearby instead, track by number, my
cases with check / rate / reopen, and who may see a case's photos."""

import datetime
import io

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from PIL import Image

from accounts.services import role_assign
from cases import services as svc
from cases.models import Case, CasePhoto, CaseTransition, Rating
from cases.photos import photos_add, photos_checked
from cases.tests.conftest import IN_G1, IN_G2
from cases.workflow import CaseState
from core.protect import decrypt
from core.testing import make_user

S = CaseState
OUTSIDE = {"lat": "31.500000", "lng": "121.500000"}  # far from every grid


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def english(client):
    """Pages answer in English here (the Chinese catalogue is merged later): the request asks for it."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


def jpeg(name="p.jpg"):
    out = io.BytesIO()
    Image.new("RGB", (640, 480), (10, 120, 200)).save(out, "JPEG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def post_report(client, categories, ip="10.9.8.7", **fields):
    data = {"category": categories["clutter"].pk, "description": "3楼楼道堆满纸箱", "address": "", **IN_G1}
    data.update(fields)
    return client.post("/cases/report/", {k: v for k, v in data.items() if v is not None}, REMOTE_ADDR=ip)


def completed(case, personas, grids):
    svc.case_accept(case=case, by=personas["grid_worker"])
    svc.case_dispatch(case=case, to=grids.D1, by=personas["secretary"])
    svc.case_start(case=case, by=personas["property_company"])
    svc.case_complete(case=case, by=personas["property_company"], note="已清理完毕")
    return Case.objects.get(pk=case.pk)


def state(case):
    return Case.objects.get(pk=case.pk).state


# --- report ---------------------------------------------------------------------------------------


def test_the_report_page_offers_the_leaf_categories_grouped_under_their_parent(client, grids, categories):
    r = client.get("/cases/report/")
    html = r.content.decode()
    assert r.status_code == 200
    assert f'value="{categories["clutter"].pk}"' in html and f'value="{categories["lift"].pk}"' in html
    assert f'value="{categories["env"].pk}"' not in html  # a parent is a group heading, not a choice
    assert "<legend>市容环境</legend>" in html
    assert 'accept="image/*"' in html and "multiple" in html and "report-map" in html
    assert "priority" not in html


def test_a_resident_reports_a_problem_with_a_photo_and_its_grid_is_found_from_the_pin(login, grids, personas, categories):
    client = login(personas["resident"])
    r = post_report(client, categories, photos=[jpeg()], address="1号楼3楼")
    assert r.status_code == 302 and r["Location"] == "/cases/report/done/"
    case = Case.objects.get()
    assert (case.reporter, case.grid, case.unit, case.source, case.state) == (personas["resident"], grids.G1, grids.G1, "resident", S.REPORTED)
    assert case.followers.filter(pk=personas["resident"].pk).exists()
    assert case.photos.count() == 1 and case.photos.get().uploaded_by == personas["resident"]
    done = client.get("/cases/report/done/")
    assert case.number in done.content.decode() and f"/cases/mine/{case.pk}/" in done.content.decode()


def test_a_pin_in_the_other_grid_files_the_case_there(login, grids, personas, categories):
    post_report(login(personas["resident"]), categories, **IN_G2)
    assert Case.objects.get().grid == grids.G2


def test_a_visitor_reports_with_a_contact_kept_encrypted_and_masked(client, grids, categories):
    r = post_report(client, categories, contact_name="王阿姨", contact_phone="13812345678")
    assert r.status_code == 302
    case = Case.objects.get()
    assert case.reporter is None and case.contact_name == "王阿姨"
    assert case.contact_phone_masked == "138****5678" and "13812345678" not in case.contact_phone_enc
    assert decrypt(case.contact_phone_enc) == "13812345678"
    assert case.number in client.get("/cases/report/done/").content.decode()


def test_a_visitor_with_a_wrong_mobile_number_is_told_and_nothing_is_saved(client, grids, categories):
    r = post_report(client, categories, contact_phone="12345")
    assert r.status_code == 400 and "mobile" in r.content.decode().lower()
    assert Case.objects.count() == 0


def test_visitors_are_limited_per_connection_per_hour_with_a_clear_message(client, grids, categories, settings):
    settings.CASES_VISITOR_REPORTS_PER_HOUR = 2
    assert [post_report(client, categories).status_code for _ in range(2)] == [302, 302]
    r = post_report(client, categories)
    assert r.status_code == 429 and "Too many reports" in r.content.decode()
    assert Case.objects.count() == 2
    assert post_report(client, categories, ip="10.1.1.1").status_code == 302  # another connection is not held back


def test_a_signed_in_resident_is_not_held_back_by_the_visitors_limit(login, grids, personas, categories, settings):
    settings.CASES_VISITOR_REPORTS_PER_HOUR = 1
    client = login(personas["resident"])
    assert [post_report(client, categories).status_code for _ in range(3)] == [302, 302, 302]


def test_a_pin_outside_every_grid_without_an_address_is_refused_and_nothing_is_saved(client, grids, categories):
    r = post_report(client, categories, **OUTSIDE)
    assert r.status_code == 400 and "outside every grid" in r.content.decode()
    assert Case.objects.count() == 0


def test_an_address_without_a_pin_in_a_grid_goes_to_the_residents_home_grid(login, grids, personas, categories):
    r = post_report(login(personas["resident"]), categories, address="小区东门", **OUTSIDE)
    assert r.status_code == 302
    case = Case.objects.get()
    assert case.unit == grids.G1 and case.address == "小区东门"


def test_no_pin_and_no_address_is_refused(client, grids, categories):
    r = post_report(client, categories, lat="", lng="")
    assert r.status_code == 400 and "Drop a pin" in r.content.decode()
    assert Case.objects.count() == 0


@pytest.mark.parametrize(
    "bad",
    [
        {"category": ""},
        {"category": "999999"},
        {"category": "PARENT"},
        {"description": "  "},
        {"description": "x" * 4001},
        {"lat": "31.025000", "lng": ""},
        {"lat": "abc"},
        {"lat": "91", "lng": "121.22"},
    ],
)
def test_bad_input_is_refused_with_a_message_and_changes_nothing(client, grids, categories, bad):
    if bad.get("category") == "PARENT":
        bad = {"category": categories["env"].pk}
    r = post_report(client, categories, **bad)
    assert r.status_code == 400 and 'class="errorlist' in r.content.decode()
    assert Case.objects.count() == 0 and CaseTransition.objects.count() == 0


def test_an_inactive_category_cannot_be_chosen(client, grids, categories):
    categories["clutter"].is_active = False
    categories["clutter"].save()
    assert f'value="{categories["clutter"].pk}"' not in client.get("/cases/report/").content.decode()
    assert post_report(client, categories).status_code == 400 and Case.objects.count() == 0


# --- nearby cases and following one instead -------------------------------------------------------


def test_open_cases_of_the_same_kind_near_the_pin_are_suggested(client, reported, categories):
    near = {"category": categories["clutter"].pk, "lat": "31.025100", "lng": "121.225100"}
    assert reported.number in client.get("/cases/report/nearby/", near).content.decode()
    other_kind = {**near, "category": categories["lift"].pk}
    assert reported.number not in client.get("/cases/report/nearby/", other_kind).content.decode()
    far = {**near, "lat": "31.028000"}  # ~330 m north
    assert reported.number not in client.get("/cases/report/nearby/", far).content.decode()
    assert client.get("/cases/report/nearby/", {"category": "x"}).status_code == 200


def test_the_suggestion_shows_no_description_address_or_reporter(client, reported, categories, personas):
    html = client.get("/cases/report/nearby/", {"category": categories["clutter"].pk, **IN_G1}).content.decode()
    assert reported.number in html
    assert reported.description not in html and reported.address not in html and personas["resident"].username not in html
    assert "Track this one instead" in html  # a visitor cannot follow, but can track


def test_a_neighbour_follows_the_existing_case_instead_and_sees_it_but_cannot_act_on_it(login, reported, categories, personas, grids):
    neighbour = make_user("neighbour")
    client = login(neighbour)
    assert "Follow this one instead" in client.get("/cases/report/nearby/", {"category": categories["clutter"].pk, **IN_G1}).content.decode()
    r = client.post(f"/cases/report/follow/{reported.pk}/", {"category": categories["clutter"].pk, **IN_G1})
    assert r.status_code == 302 and r["Location"] == f"/cases/mine/{reported.pk}/"
    assert reported.followers.filter(pk=neighbour.pk).exists() and Case.objects.count() == 1
    r = client.post(f"/cases/report/follow/{reported.pk}/", {"category": categories["clutter"].pk, **IN_G1}, HTTP_HX_REQUEST="true")
    assert r["HX-Redirect"] == f"/cases/mine/{reported.pk}/" and reported.followers.count() == 2  # again: no change
    assert client.get(f"/cases/mine/{reported.pk}/").status_code == 200
    assert reported.number in client.get("/cases/mine/").content.decode()
    completed(reported, personas, grids)
    assert client.post(f"/cases/mine/{reported.pk}/verify/", {"passed": "yes"}).status_code == 403
    assert state(reported) == S.COMPLETED


def test_following_needs_the_case_to_be_near_the_pin_and_of_the_same_kind(login, reported, categories):
    client = login(make_user("neighbour"))
    far = {"category": categories["clutter"].pk, "lat": "31.100000", "lng": "121.225000"}
    assert client.post(f"/cases/report/follow/{reported.pk}/", far).status_code == 404
    assert client.post(f"/cases/report/follow/{reported.pk}/", {"category": categories["lift"].pk, **IN_G1}).status_code == 404
    assert reported.followers.count() == 1


# --- track by number ------------------------------------------------------------------------------


def test_anyone_with_the_number_sees_the_state_and_steps_but_no_names_notes_or_photos(client, reported, personas, grids):
    type(personas["resident"]).objects.filter(pk=personas["resident"].pk).update(display_name="张三丰")
    photos_add(case=reported, images=photos_checked([jpeg()]), by=personas["resident"])
    svc.case_accept(case=reported, by=personas["grid_worker"], note="网格员张伟现场确认属实")
    html = client.get("/cases/track/", {"number": reported.number}).content.decode()
    assert reported.number in html and "楼道堆物" in html and "Registered" in html and "Reported" in html
    for secret in ("网格员张伟", reported.description, reported.address, "grid_worker", "张三丰", "/cases/photos/"):
        assert secret not in html, secret


def test_the_reporter_sees_notes_and_photos_when_tracking(login, reported, personas):
    (photo,) = photos_add(case=reported, images=photos_checked([jpeg()]), by=personas["resident"])
    svc.case_accept(case=reported, by=personas["grid_worker"], note="现场确认属实")
    html = login(personas["resident"]).get("/cases/track/", {"number": reported.number}).content.decode()
    assert "现场确认属实" in html and f"/cases/photos/{photo.pk}/thumb/" in html and reported.description in html
    assert "grid_worker" not in html


def test_an_unknown_number_says_so(client, db):
    r = client.get("/cases/track/", {"number": "2099010100000001"})
    assert r.status_code == 200 and "No case has this number" in r.content.decode()


# --- my cases -------------------------------------------------------------------------------------


def test_my_cases_lists_only_the_cases_i_follow(login, reported, personas, categories, grids):
    other = svc.case_report(category=categories["lift"], description="电梯坏了", reporter=personas["grid_worker"], **IN_G2)
    html = login(personas["resident"]).get("/cases/mine/").content.decode()
    assert reported.number in html and other.number not in html
    assert "state-reported" in html


def test_my_cases_needs_signing_in(client, db):
    assert client.get("/cases/mine/")["Location"].startswith("/accounts/login/")


def test_my_cases_makes_the_same_number_of_queries_as_cases_grow(login, reported, personas, categories):
    client = login(personas["resident"])
    client.get("/cases/mine/")
    with CaptureQueriesContext(connection) as small:
        assert client.get("/cases/mine/").status_code == 200
    for i in range(25):
        svc.case_report(category=categories["lift" if i % 2 else "clutter"], description=f"问题{i}", reporter=personas["resident"], **IN_G1)
    with CaptureQueriesContext(connection) as large:
        assert client.get("/cases/mine/").status_code == 200
    assert len(large) == len(small) <= 10, [q["sql"] for q in large.captured_queries]


@pytest.mark.parametrize("who", ["outsider", "grid_worker", "subdistrict_admin"])
def test_others_get_404_on_my_case(login, reported, personas, who):
    assert login(personas[who]).get(f"/cases/mine/{reported.pk}/").status_code == 404


def test_the_reporter_checks_a_handled_case_not_yet_then_passed(login, reported, personas, grids):
    case = completed(reported, personas, grids)
    client = login(personas["resident"])
    html = client.get(f"/cases/mine/{case.pk}/").content.decode()
    assert 'id="verify"' in html and 'id="rate"' not in html
    r = client.post(f"/cases/mine/{case.pk}/verify/", {"passed": "no", "note": ""})
    assert r.status_code == 400 and "still wrong" in r.content.decode() and state(case) == S.COMPLETED
    r = client.post(f"/cases/mine/{case.pk}/verify/", {"passed": "no", "note": "纸箱还在二楼"})
    assert r.status_code == 302 and state(case) == S.IN_PROGRESS
    step = case.transitions.get(action="verify_fail")
    assert (step.by, step.note) == (personas["resident"], "纸箱还在二楼")
    svc.case_complete(case=case, by=personas["property_company"])
    client.post(f"/cases/mine/{case.pk}/verify/", {"passed": "yes"})
    assert state(case) == S.CLOSED


def test_the_reporter_rates_a_closed_case_once(login, reported, personas, grids):
    case = completed(reported, personas, grids)
    svc.case_verify(case=case, by=personas["grid_worker"], passed=True)
    client = login(personas["resident"])
    assert 'id="rate"' in client.get(f"/cases/mine/{case.pk}/").content.decode()
    assert client.post(f"/cases/mine/{case.pk}/rate/", {"rating": "great"}).status_code == 400
    client.post(f"/cases/mine/{case.pk}/rate/", {"rating": Rating.BASIC, "note": "处理得还行"})
    assert Case.objects.get(pk=case.pk).rating == Rating.BASIC
    r = client.post(f"/cases/mine/{case.pk}/rate/", {"rating": Rating.UNSATISFIED}, follow=True)
    assert "already been rated" in r.content.decode()
    assert Case.objects.get(pk=case.pk).rating == Rating.BASIC and case.transitions.filter(action="rate").count() == 1
    assert 'id="rate"' not in client.get(f"/cases/mine/{case.pk}/").content.decode()


def test_the_reporter_reopens_within_the_period_but_not_after(login, reported, personas, grids):
    case = completed(reported, personas, grids)
    svc.case_verify(case=case, by=personas["grid_worker"], passed=True)
    client = login(personas["resident"])
    assert 'id="reopen"' in client.get(f"/cases/mine/{case.pk}/").content.decode()
    assert client.post(f"/cases/mine/{case.pk}/reopen/", {"note": ""}).status_code == 400 and state(case) == S.CLOSED
    client.post(f"/cases/mine/{case.pk}/reopen/", {"note": "又堆满了"})
    case = Case.objects.get(pk=case.pk)
    assert case.state == S.DISPATCHED and case.reopen_count == 1

    svc.case_start(case=case, by=personas["property_company"])
    svc.case_complete(case=case, by=personas["property_company"])
    svc.case_verify(case=case, by=personas["grid_worker"], passed=True)
    Case.objects.filter(pk=case.pk).update(closed_at=timezone.now() - datetime.timedelta(days=60))
    assert 'id="reopen"' not in client.get(f"/cases/mine/{case.pk}/").content.decode()
    r = client.post(f"/cases/mine/{case.pk}/reopen/", {"note": "又堆满了"}, follow=True)
    assert "only within" in r.content.decode()
    assert state(case) == S.CLOSED and Case.objects.get(pk=case.pk).reopen_count == 1


def test_a_step_the_case_is_not_ready_for_is_refused_with_a_message_and_changes_nothing(login, reported, personas):
    client = login(personas["resident"])
    r = client.post(f"/cases/mine/{reported.pk}/verify/", {"passed": "yes"}, follow=True)
    assert "cannot go from" in r.content.decode()
    assert state(reported) == S.REPORTED and reported.transitions.count() == 1


def test_others_cannot_act_on_my_case(login, reported, personas, grids):
    completed(reported, personas, grids)
    for who in ("outsider", "grid_worker"):
        assert login(personas[who]).post(f"/cases/mine/{reported.pk}/verify/", {"passed": "yes"}).status_code == 404
    assert state(reported) == S.COMPLETED


def test_a_merged_reporter_follows_the_surviving_case(login, reported, personas, categories, grids):
    dup = svc.case_report(category=categories["clutter"], description="楼道有纸箱", reporter=make_user("neighbour"), **IN_G1)
    svc.case_merge(case=dup, into=reported, by=personas["grid_worker"])
    client = login(dup.reporter)
    html = client.get("/cases/mine/").content.decode()
    assert reported.number in html and dup.number in html
    assert reported.number in client.get(f"/cases/mine/{dup.pk}/").content.decode()
    assert "only the person who reported it" in client.get(f"/cases/mine/{reported.pk}/").content.decode()


# --- photos ---------------------------------------------------------------------------------------


@pytest.fixture
def photo(reported, personas):
    (p,) = photos_add(case=reported, images=photos_checked([jpeg()]), by=personas["resident"])
    return p


@pytest.mark.parametrize(
    "who, status", [("resident", 200), ("grid_worker", 200), ("secretary", 200), ("subdistrict_admin", 200), ("outsider", 404), ("sysadmin", 404)]
)
def test_a_photo_is_served_to_followers_and_staff_of_its_unit_only(login, photo, personas, who, status):
    client = login(personas[who])
    for url in (f"/cases/photos/{photo.pk}/", f"/cases/photos/{photo.pk}/thumb/"):
        r = client.get(url)
        assert r.status_code == status, (who, url)
        if status == 200:
            assert r["Content-Type"] == "image/jpeg" and "private" in r["Cache-Control"]
            assert b"".join(r.streaming_content)[:2] == b"\xff\xd8"


def test_a_photo_is_not_served_to_staff_of_another_district_or_to_visitors(client, login, photo, tree):
    assert client.get(f"/cases/photos/{photo.pk}/").status_code == 404
    stranger = make_user("stranger")
    role_assign(user=stranger, role="social_worker", unit=tree.D2)
    assert login(stranger).get(f"/cases/photos/{photo.pk}/thumb/").status_code == 404
    assert client.get("/cases/photos/999999/").status_code == 404


def test_a_follower_who_did_not_report_may_see_the_photos(login, photo, reported):
    neighbour = make_user("neighbour")
    assert login(neighbour).get(f"/cases/photos/{photo.pk}/").status_code == 404
    reported.followers.add(neighbour)
    assert login(neighbour).get(f"/cases/photos/{photo.pk}/").status_code == 200


def test_the_reporters_own_detail_shows_report_and_evidence_photos(login, reported, personas, grids, photo):
    case = completed(reported, personas, grids)
    (evidence,) = photos_add(case=case, images=photos_checked([jpeg()]), kind="evidence", by=personas["property_company"])
    html = login(personas["resident"]).get(f"/cases/mine/{case.pk}/").content.decode()
    assert f"/cases/photos/{photo.pk}/thumb/" in html and f"/cases/photos/{evidence.pk}/thumb/" in html
    assert "已清理完毕" in html  # the handler's note
    assert CasePhoto.objects.count() == 2
