"""The talents API: scoped reads with masked phones, writes through the services (403 without the right,
404 outside the scope, 400 with messages per field), review steps (409 when the state forbids), the
public listing (surname only, consenting talents in the library), constant queries as talents grow."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from resources.models import Resource, Talent, TalentState
from resources.tests.builders import D2_AT, make_talent
from resources.tests.builders.talents import grow_talents

T = TalentState


def body(tree, **kw):
    return {
        "name": "李修理", "phone": "13900003333", "unit": tree.G1.pk, "skills": [{"type": "repair", "level": 3, "note": "电工证"}],
        "availability": {"5": [["14:00", "16:00"]]}, "public_consent": True, **kw,
    }  # fmt: skip


def test_staff_read_talents_in_scope_with_phones_masked(api, tree, personas):
    qian = make_talent(tree.H1, name="钱书法")
    Talent.objects.filter(pk=qian.pk).update(phone_masked="138****5678", phone_enc="secret")
    make_talent(tree.H2, name="孙蓝天", at=D2_AT)
    rows = api(personas["grid_worker"]).get("/api/talents/").json()["results"]
    assert [(r["name"], r["phone_masked"], r["district_name"]) for r in rows] == [("钱书法", "138****5678", "白云居民区")]
    assert "phone" not in rows[0] and "phone_enc" not in rows[0]
    assert [(s["type"], s["type_name"], s["level"], s["note"]) for s in rows[0]["skills"]] == [("shuhua", "书画", 2, "")]
    assert api(personas["resident"]).get(f"/api/talents/{qian.pk}/").status_code == 404


def test_staff_enter_and_change_a_talent_through_the_api(api, tree, personas):
    sw = api(personas["social_worker"])
    r = sw.post("/api/talents/", body(tree), format="json")
    assert r.status_code == 201, r.content
    t = Talent.objects.get(pk=r.json()["id"])
    assert (r.json()["phone_masked"], t.state, t.availability) == ("139****3333", T.ACTIVE, {"5": [["14:00", "16:00"]]})
    assert {rt.code for rt in Resource.objects.get(talent=t).types.all()} == {"repair"}
    r = sw.patch(f"/api/talents/{t.pk}/", {"skills": [{"type": "cooking", "level": 4}], "reach_m": 900}, format="json")
    assert r.status_code == 200 and [s["type"] for s in r.json()["skills"]] == ["cooking"] and r.json()["reach_m"] == 900
    assert api(personas["grid_worker"]).patch(f"/api/talents/{t.pk}/", {}, format="json").status_code == 403
    assert api(personas["resident"]).post("/api/talents/", body(tree), format="json").status_code == 403


def test_bad_input_through_the_api_is_a_400_per_field_and_writes_nothing(api, tree, personas):
    sw = api(personas["social_worker"])
    bad = {"phone": "12", "skills": [], "availability": {"9": [["08:00", "09:00"]]}}
    assert sw.post("/api/talents/", body(tree, unit=tree.H2.pk, **bad), format="json").status_code == 404  # another district's unit: out of scope first
    r = sw.post("/api/talents/", body(tree, **bad), format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 400
    assert set(r.json()) == {"phone", "skills", "availability"}
    assert sw.post("/api/talents/", body(tree, skills=[{"type": "meeting", "level": 2}]), format="json").status_code == 400
    assert sw.post("/api/talents/", body(tree, availability={"0": [["x"]]}), format="json").status_code == 400
    assert not Talent.objects.exists()


def test_review_steps_through_the_api(api, tree, personas):
    t = make_talent(tree.H1, state=T.APPLIED)
    sw = api(personas["social_worker"])
    assert sw.post(f"/api/talents/{t.pk}/reject/", {}, format="json").status_code == 400
    r = sw.post(f"/api/talents/{t.pk}/approve/", {"note": "欢迎"}, format="json")
    assert r.status_code == 200 and r.json()["state"] == T.ACTIVE and [s["action"] for s in r.json()["transitions"]] == ["approve"]
    assert sw.post(f"/api/talents/{t.pk}/approve/", {}, format="json").status_code == 409
    assert sw.post(f"/api/talents/{t.pk}/retire/", {}, format="json").json()["state"] == T.RETIRED
    assert Resource.objects.get(talent=t).is_active is False
    assert api(personas["area_manager"]).post(f"/api/talents/{t.pk}/reinstate/", {}, format="json").status_code == 403
    far = make_talent(tree.H2, at=D2_AT)
    assert sw.post(f"/api/talents/{far.pk}/retire/", {}, format="json").status_code == 404


def test_the_public_api_lists_only_consenting_talents_in_the_library_with_masked_names(api, tree, personas):
    make_talent(tree.H1, name="钱书法", public_consent=True)
    make_talent(tree.H1, name="赵私密", public_consent=False)
    make_talent(tree.H2, name="孙待审", state=T.APPLIED, at=D2_AT)
    make_talent(tree.H2, name="欧阳舞", skills=("dance",), at=D2_AT)
    rows = api(personas["resident"]).get("/api/talents-public/").json()["results"]
    assert sorted(r["name"] for r in rows) == ["欧阳*", "钱*"]
    assert set(rows[0]) == {"id", "name", "district_name", "skills", "availability_text"}
    assert [r["name"] for r in api(personas["outsider"]).get("/api/talents-public/", {"type": "dance"}).json()["results"]] == ["欧阳*"]


@pytest.mark.parametrize("url", ["/api/talents/", "/api/talents-public/"])
def test_api_lists_make_the_same_number_of_queries_for_more_talents(api, tree, personas, url):
    client = api(personas["subdistrict_admin"])
    grow_talents(tree, 2)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    grow_talents(tree, 12)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large) == len(small), [q["sql"] for q in large]
    assert len(large) <= 8
