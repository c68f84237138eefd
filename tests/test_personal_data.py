"""Issue 13 item 3: the auditor sees who did what to which record, not the person (三权分立)."""

import json

from audit.models import AuditLog
from audit.personal import CHANGED, PERSONAL
from cases.models import CaseCategory, HandlerKind
from cases.services import case_report
from people.models import Ownership, Resident
from people.services import community_role_create, ownership_create, resident_create

PERSONAL_VALUES = ["张三丰", "赵六", "1949-12-31", "2000-01-01", "1****************X", "3****************9", "136****1234", "沪(2020)", "王先生", "139****5678"]


def everything_the_auditor_sees(api, login, auditor) -> str:
    page = login(auditor).get("/audit/", {"page": 1}).content.decode()
    rows = api(auditor).get("/api/audit-logs/", {"page_size": 500}).json()["results"]
    return page + json.dumps(rows, ensure_ascii=False)


def test_a_residents_create_and_update_records_hold_markers_and_its_id(personas, tree, people):
    r = resident_create(house=tree.H1b, name="赵六", id_number="310117200001010019", mobile="13600001234")
    rec = AuditLog.objects.get(action="create", object_type="people.resident", object_id=str(r.pk))
    assert rec.object_repr == f"#{r.pk}"
    for f in ("name", "birth_date", "gender", "id_number_masked", "mobile_masked", "address", "relation"):
        assert rec.changes[f] == PERSONAL, f
    assert rec.changes["house"] == tree.H1b.pk  # which record, still
    r.name = "赵七"
    r.save()
    upd = AuditLog.objects.get(action="update", object_id=str(r.pk), object_type="people.resident")
    assert upd.changes == {"name": CHANGED} and upd.object_repr == f"#{r.pk}"


def test_ownerships_roles_and_reveals_never_name_the_person(personas, tree, people):
    zsf = people["zsf"]
    Ownership.objects.filter(house=tree.H1).delete()
    o = ownership_create(house=tree.H1, owner=zsf, certificate_no="沪(2020)松字不动产权第000001号")
    role = community_role_create(resident=zsf, kind="volunteer", unit=tree.D1)
    for obj, label in ((o, "people.ownership"), (role, "people.communityrole")):
        rec = AuditLog.objects.get(action="create", object_type=label, object_id=str(obj.pk))
        assert rec.object_repr == f"#{obj.pk}" and "张三丰" not in json.dumps(rec.changes, ensure_ascii=False)
    assert AuditLog.objects.get(object_type="people.ownership", action="create").changes["certificate_no"] == PERSONAL


def test_a_case_callers_contact_is_a_marker_in_the_audit_log(tree, personas):
    cat = CaseCategory.objects.create(code="ENV-01", name="楼道堆物", handler_kind=HandlerKind.COMMITTEE, time_limit=5)
    case = case_report(category=cat, description="堆物", source="hotline", unit=tree.G1, by=personas["secretary"], contact_name="王先生",
                       contact_phone="13912345678", address="白云路1号")
    rec = AuditLog.objects.get(action="create", object_type="cases.case", object_id=str(case.pk))
    assert (rec.changes["contact_name"], rec.changes["contact_phone_masked"], rec.changes["address"]) == (PERSONAL, PERSONAL, PERSONAL)
    assert "王先生" not in rec.object_repr and rec.object_repr in (case.number or "", f"#{case.pk}")  # a case number, not a person


def test_the_auditor_sees_no_personal_data_on_the_page_or_in_the_api(api, login, personas, tree, people):
    r = resident_create(house=tree.H1b, name="赵六", id_number="310117200001010019", mobile="13600001234")
    api(personas["secretary"]).post(f"/api/residents/{people['zsf'].pk}/reveal/", {"field": "id_number"}, format="json")
    api(personas["secretary"]).patch(f"/api/residents/{r.pk}/", {"name": "赵七"}, format="json")
    seen = everything_the_auditor_sees(api, login, personas["auditor"])
    assert f"#{r.pk}" in seen and "view_pii" in seen
    for v in PERSONAL_VALUES + ["赵七", r.address, people["zsf"].address]:
        assert v not in seen, v


def test_records_written_before_the_rule_are_shown_with_markers(api, login, personas, people):
    zsf = people["zsf"]
    old = AuditLog.objects.create(action="create", object_type="people.resident", object_id=str(zsf.pk), object_repr="张三丰",
                                  changes={"name": "张三丰", "birth_date": "1949-12-31", "id_number_masked": "110***********002X", "house": zsf.house_id})
    AuditLog.objects.create(action="update", object_type="people.resident", object_id=str(zsf.pk), object_repr="张三丰", changes={"name": ["张三丰", "张三风"]})
    assert old.shown_repr == f"#{zsf.pk}" and old.shown_changes == {"name": PERSONAL, "birth_date": PERSONAL, "id_number_masked": PERSONAL, "house": zsf.house_id}
    seen = everything_the_auditor_sees(api, login, personas["auditor"])
    for v in ("张三丰", "张三风", "1949-12-31", "110***********002X"):
        assert v not in seen, v
    assert Resident.audit_personal_fields  # declared on the model
