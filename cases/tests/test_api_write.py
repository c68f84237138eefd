"""The write API on /api/cases/: report, and one POST per workflow step. 404 outside the scope, 403 without
the right, 400 for bad input, 409 (with {"detail": message}) when the state does not allow the step."""

import pytest

from cases import services as svc
from cases.models import Case, HandlerKind
from cases.tests.conftest import IN_G1, IN_G2


def report_body(categories, **kw):
    return {"category": categories["clutter"].pk, "description": "消防通道堆物", "source": "patrol", **IN_G1, **kw}


def test_a_grid_worker_reports_a_case_through_the_api(api, grids, personas, categories):
    r = api(personas["grid_worker"]).post("/api/cases/", report_body(categories, contact_phone="13912345678", contact_name="王"), format="json")
    assert r.status_code == 201, r.json()
    body = r.json()
    case = Case.objects.get(pk=body["id"])
    assert (body["state"], body["source"], body["grid"], case.reporter_id) == ("reported", "patrol", grids.G1.pk, None)
    assert [t["action"] for t in body["transitions"]] == ["report"] and body["transitions"][0]["by"] == personas["grid_worker"].pk
    assert "13912345678" not in r.content.decode() and case.contact_phone_masked == "139****5678"


def test_a_report_by_unit_without_a_pin(api, grids, personas, categories):
    r = api(personas["secretary"]).post("/api/cases/", {"category": categories["clutter"].pk, "description": "来电", "source": "hotline", "unit": grids.B1.pk, "external_ref": "T-9"}, format="json")
    assert r.status_code == 201 and r.json()["unit"] == grids.B1.pk


@pytest.mark.parametrize(
    "change",
    [
        {"lat": None, "lng": None},  # no place at all
        {"lng": None},  # half a pin
        {"description": ""},
        {"contact_phone": "12345"},
        {"category": 10**30},
        {"source": "device"},  # machines report through their own service
        {"lat": "91"},
    ],
)
def test_bad_reports_are_400_and_create_nothing(api, grids, personas, categories, change):
    r = api(personas["grid_worker"]).post("/api/cases/", {**report_body(categories), **change}, format="json")
    assert r.status_code == 400, r.json()
    assert Case.objects.count() == 0


def test_a_report_outside_my_area_is_400_and_creates_nothing(api, grids, personas, categories):
    client = api(personas["grid_worker"])
    assert client.post("/api/cases/", report_body(categories, **IN_G2), format="json").status_code == 400
    assert client.post("/api/cases/", report_body(categories, lat=None, lng=None, unit=grids.B2.pk), format="json").status_code == 400
    assert Case.objects.count() == 0


@pytest.mark.parametrize("persona", ["property_company", "police", "social_worker", "area_manager", "resident", "outsider"])
def test_only_staff_who_register_cases_report_through_the_api(api, grids, personas, categories, persona):
    assert api(personas[persona]).post("/api/cases/", report_body(categories), format="json").status_code == 403


def test_the_whole_loop_through_the_api(api, reported, personas, grids):
    sec, prop, gw, area = (api(personas[p]) for p in ("secretary", "property_company", "grid_worker", "area_manager"))
    url = f"/api/cases/{reported.pk}"
    r = sec.post(f"{url}/accept/", {"priority": 3, "note": "立案"}, format="json")
    assert r.status_code == 200 and r.json()["state"] == "accepted" and r.json()["priority"] == 3 and r.json()["due_at"]
    assert area.post(f"{url}/supervise/", {"note": "请加快"}, format="json").json()["supervision_count"] == 1
    r = sec.post(f"{url}/dispatch/", {"handling_unit": grids.D1.pk, "handler_kind": "property"}, format="json")
    assert r.status_code == 200 and (r.json()["state"], r.json()["handling_unit"], r.json()["handler_kind"]) == ("dispatched", grids.D1.pk, "property")
    assert prop.post(f"{url}/start/", {}, format="json").json()["state"] == "in_progress"
    assert prop.post(f"{url}/complete/", {"note": "已清理"}, format="json").json()["state"] == "completed"
    assert gw.post(f"{url}/verify/", {"passed": False}, format="json").status_code == 400  # a failed check needs a note
    assert gw.post(f"{url}/verify/", {"passed": False, "note": "还有纸箱"}, format="json").json()["state"] == "in_progress"
    prop.post(f"{url}/complete/", {}, format="json")
    assert gw.post(f"{url}/verify/", {"passed": True}, format="json").json()["state"] == "closed"
    r = sec.post(f"{url}/rate/", {"rating": "satisfied"}, format="json")
    assert r.json()["rating"] == "satisfied"
    assert sec.post(f"{url}/rate/", {"rating": "basic"}, format="json").status_code == 409  # once
    r = sec.post(f"{url}/reopen/", {"note": "又堆了"}, format="json")
    assert (r.json()["state"], r.json()["reopen_count"]) == ("dispatched", 1)
    actions = [t["action"] for t in r.json()["transitions"]]
    assert actions == ["report", "accept", "supervise", "dispatch", "start", "complete", "verify_fail", "complete", "verify_pass", "rate", "reopen"]


def test_an_illegal_step_is_409_with_a_message_and_changes_nothing(api, reported, personas):
    r = api(personas["grid_worker"]).post(f"/api/cases/{reported.pk}/verify/", {"passed": True}, format="json")
    assert r.status_code == 409 and r.json()["detail"]
    reported.refresh_from_db()
    assert reported.state == "reported" and reported.transitions.count() == 1


def test_a_step_without_the_right_is_403_and_outside_the_scope_is_404(api, reported, personas, categories):
    assert api(personas["property_company"]).post(f"/api/cases/{reported.pk}/accept/", {}, format="json").status_code == 403
    assert api(personas["property_company"]).post(f"/api/cases/{reported.pk}/start/", {}, format="json").status_code == 403  # not dispatched to it
    far = svc.case_report(category=categories["clutter"], description="蓝天", reporter=None, **IN_G2)
    assert api(personas["secretary"]).post(f"/api/cases/{far.pk}/accept/", {}, format="json").status_code == 404
    assert api(personas["secretary"]).post("/api/cases/99999999999999999999/accept/", {}, format="json").status_code == 404


def test_the_police_handle_only_cases_dispatched_to_the_police(api, reported, personas, grids):
    admin = personas["subdistrict_admin"]
    case = svc.case_dispatch(case=svc.case_accept(case=reported, by=admin), to=grids.D1, handler_kind=HandlerKind.PROPERTY, by=admin)
    assert api(personas["police"]).post(f"/api/cases/{case.pk}/start/", {}, format="json").status_code == 403
    svc.case_dispatch(case=case, to=grids.D1, handler_kind=HandlerKind.POLICE, by=admin)
    assert api(personas["police"]).post(f"/api/cases/{case.pk}/start/", {}, format="json").status_code == 200


def test_rejecting_needs_a_reason(api, reported, personas):
    client = api(personas["secretary"])
    assert client.post(f"/api/cases/{reported.pk}/reject/", {"reason": ""}, format="json").status_code == 400
    r = client.post(f"/api/cases/{reported.pk}/reject/", {"reason": "不属于受理范围"}, format="json")
    assert r.status_code == 200 and r.json()["state"] == "rejected"


def test_dispatching_to_a_unit_the_dispatcher_may_not_use_is_400(api, reported, personas, grids):
    from core.testing import make_tree

    other = make_tree(prefix="X")
    client = api(personas["secretary"])
    client.post(f"/api/cases/{reported.pk}/accept/", {}, format="json")
    assert client.post(f"/api/cases/{reported.pk}/dispatch/", {"handling_unit": other.D1.pk}, format="json").status_code == 400
    r = client.post(f"/api/cases/{reported.pk}/dispatch/", {"handling_unit": grids.S.pk, "handler_kind": "department"}, format="json")
    assert r.status_code == 200  # up the tree, to the subdistrict's departments
    assert client.post(f"/api/cases/{reported.pk}/dispatch/", {"handling_unit": 10**25}, format="json").status_code == 400


def test_merging_into_a_case_outside_my_scope_is_400_and_into_itself_is_409(api, reported, personas, categories):
    client = api(personas["secretary"])
    far = svc.case_report(category=categories["clutter"], description="蓝天", reporter=None, **IN_G2)
    assert client.post(f"/api/cases/{reported.pk}/merge/", {"into": far.pk}, format="json").status_code == 400
    assert client.post(f"/api/cases/{reported.pk}/merge/", {"into": reported.pk}, format="json").status_code == 409
    dup = svc.case_report(category=categories["clutter"], description="又报", reporter=None, **IN_G1)
    r = client.post(f"/api/cases/{dup.pk}/merge/", {"into": reported.pk}, format="json")
    assert r.status_code == 200 and r.json()["merged_into"] == reported.pk


def test_the_write_operations_are_in_the_schema_with_409(api, personas):
    schema = api(personas["subdistrict_admin"]).get("/api/schema/", {"format": "json"}).json()
    paths = schema["paths"]
    assert "post" in paths["/api/cases/"]
    for step in ("accept", "reject", "merge", "dispatch", "start", "complete", "verify", "rate", "supervise", "reopen"):
        op = paths[f"/api/cases/{{id}}/{step}/"]["post"]
        assert {"200", "400", "403", "404", "409"} <= set(op["responses"]), step
