"""A caller's mobile number: typed as people write it (+86, spaces), kept normalised, and shown in full
only through an audited reveal to staff who must call back (「以便回电」)."""

import pytest

from audit.models import AuditLog
from cases import services as svc
from cases.models import Case
from cases.tests.conftest import IN_G1
from cases.tests.test_resident_pages import post_report
from cases.tests.test_workbench import ticket
from core.protect import decrypt


def test_case_report_keeps_the_normalised_number_not_what_was_typed(grids, categories):
    case = svc.case_report(category=categories["clutter"], description="堆物", contact_phone="+86 138 0013 8000", **IN_G1)
    assert decrypt(case.contact_phone_enc) == "13800138000" and case.contact_phone_masked == "138****8000"


def test_a_visitor_may_type_the_number_with_the_country_code_and_spaces(client, grids, categories):
    r = post_report(client, categories, contact_phone="+86 138 0013 8000")
    assert r.status_code == 302, r.content.decode()[:500]
    case = Case.objects.get()
    assert decrypt(case.contact_phone_enc) == "13800138000" and case.contact_phone_masked == "138****8000"


def test_a_hotline_ticket_takes_86_in_front_of_the_number(login, grids, personas, categories):
    r = login(personas["secretary"]).post("/cases/hotline/", ticket(grids, categories, contact_phone="86 139 1234 5678"))
    assert r.status_code == 302
    assert decrypt(Case.objects.get(external_ref="12345-0001").contact_phone_enc) == "13912345678"


def test_the_case_api_takes_a_number_written_with_spaces(api, grids, personas, categories):
    body = {"category": categories["clutter"].pk, "description": "堆物", "source": "patrol", "contact_phone": "+86 139-1234-5678", **IN_G1}
    r = api(personas["grid_worker"]).post("/api/cases/", body, format="json")
    assert r.status_code == 201, r.json()
    assert decrypt(Case.objects.get(pk=r.json()["id"]).contact_phone_enc) == "13912345678"


@pytest.fixture
def called(grids, personas, categories):
    """A hotline case in G1 with a caller's number."""
    return svc.case_report(category=categories["clutter"], description="来电", source="hotline", unit=grids.G1, contact_phone="13912345678", by=personas["secretary"])


def test_staff_who_register_cases_reveal_the_callers_number_and_it_is_audited(login, called, personas):
    client = login(personas["grid_worker"])
    page = client.get(f"/cases/{called.pk}/").content.decode()
    assert "139****5678" in page and "13912345678" not in page and f"/cases/{called.pk}/contact/reveal/" in page
    r = client.post(f"/cases/{called.pk}/contact/reveal/")
    assert r.status_code == 200 and "13912345678" in r.content.decode()
    record = AuditLog.objects.get(action="view_pii", object_id=str(called.pk))
    assert (record.user, record.object_type, record.changes) == (personas["grid_worker"], "cases.case", {"field": "contact_phone"})


def test_the_api_reveals_the_callers_number_to_staff_with_the_right_and_audits_it(api, called, personas):
    r = api(personas["secretary"]).post(f"/api/cases/{called.pk}/reveal-contact/")
    assert r.status_code == 200 and r.json() == {"field": "contact_phone", "value": "13912345678"}
    assert AuditLog.objects.filter(action="view_pii", object_id=str(called.pk), user=personas["secretary"]).count() == 1


def test_who_sees_the_case_without_the_right_gets_no_button_and_a_refusal_with_nothing_recorded(login, api, called, personas):
    # the area committee sees and supervises cases, but neither registers nor handles them nor holds the right to personal data
    client = login(personas["area_manager"])
    page = client.get(f"/cases/{called.pk}/").content.decode()
    assert "139****5678" in page and "contact/reveal" not in page
    assert client.post(f"/cases/{called.pk}/contact/reveal/").status_code == 403
    assert api(personas["area_manager"]).post(f"/api/cases/{called.pk}/reveal-contact/").status_code == 403
    assert api(personas["outsider"]).post(f"/api/cases/{called.pk}/reveal-contact/").status_code == 404
    assert not AuditLog.objects.filter(action="view_pii").exists()


def test_a_case_without_a_number_has_nothing_to_reveal(api, grids, personas, categories):
    case = svc.case_report(category=categories["clutter"], description="堆物", **IN_G1)
    assert api(personas["grid_worker"]).post(f"/api/cases/{case.pk}/reveal-contact/").status_code == 404
