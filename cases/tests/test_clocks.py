"""Issue 13 items 8-12: the 立案 clock from the report, escalation over management levels only, the
published limit of urgent categories, extensions, 督办 and 回访 limits, and next year's holiday calendar.

Every test runs at a fixed moment (Monday 2 March 2026, 10:00 in Shanghai, a plain working week)."""

import datetime
import io
import zoneinfo

import pytest
from django.core.management import call_command
from django.utils import timezone

from cases import services as svc
from cases.calendar import add_working_time
from cases.checks import missing_holiday_year
from cases.defaults import CATEGORIES
from cases.filtersets import CaseFilterSet
from cases.models import Case, CaseCategory, ExtensionState, HandlerKind, Holiday, TimeUnit
from cases.tests.conftest import IN_G1
from cases.workflow import CaseState
from core.testing import make_personas
from core.workflow import IllegalTransition

SH = zoneinfo.ZoneInfo("Asia/Shanghai")
MONDAY = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=SH)


class Clock:
    def __init__(self, monkeypatch, at):
        self.at = at
        monkeypatch.setattr(timezone, "now", lambda: self.at)

    def set(self, at):
        self.at = at
        return at


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch, MONDAY)


@pytest.fixture
def trap(db):
    return CaseCategory.objects.create(
        code="FAC-LIFT-TRAP", name="电梯困人", handler_kind=HandlerKind.PROPERTY, time_limit=1, time_unit=TimeUnit.CLOCK_HOURS, accept_minutes=15
    )


def report(category, personas, **where):
    return svc.case_report(category=category, description="问题", reporter=personas["resident"], **(where or IN_G1))


# ---- item 8: the clock starts at the report ----


def test_a_report_must_be_registered_within_the_configured_working_hours_and_is_expected_from_the_report(clock, grids, personas, categories):
    case = report(categories["clutter"], personas)
    assert case.accept_due_at == datetime.datetime(2026, 3, 3, 10, 0, tzinfo=SH)  # 24 working hours
    assert case.due_at == add_working_time(case.accept_due_at, days=5)
    assert not Case.objects.overdue(case.accept_due_at).exists()
    assert list(Case.objects.overdue(case.accept_due_at + datetime.timedelta(minutes=1))) == [case]


def test_the_acceptance_limit_is_a_setting(clock, grids, personas, categories, settings):
    settings.CASES_ACCEPT_WORKING_HOURS = 4
    case = report(categories["clutter"], personas)
    assert case.accept_due_at == MONDAY + datetime.timedelta(hours=4)


def test_an_unregistered_lift_entrapment_on_a_sunday_night_is_escalated_after_its_minutes(clock, grids, personas, trap):
    sunday_night = clock.set(datetime.datetime(2026, 3, 8, 22, 0, tzinfo=SH))
    case = report(trap, personas)
    assert case.accept_due_at == sunday_night + datetime.timedelta(minutes=15)
    assert case.due_at == sunday_night + datetime.timedelta(minutes=75)
    assert svc.cases_escalate_overdue(sunday_night + datetime.timedelta(minutes=14)) == []
    assert svc.cases_escalate_overdue(sunday_night + datetime.timedelta(minutes=16)) == [case]
    case.refresh_from_db()
    assert (case.state, case.escalated_to) == (CaseState.REPORTED, grids.D1)
    assert "2026-03-08 22:15" in case.transitions.last().note
    # it waits another acceptance limit (15 minutes), not a handling limit, before going up again
    assert svc.cases_escalate_overdue(sunday_night + datetime.timedelta(minutes=20)) == []
    assert svc.cases_escalate_overdue(sunday_night + datetime.timedelta(minutes=32)) == [case]
    assert Case.objects.get(pk=case.pk).escalated_to == grids.A1


def test_registering_restarts_the_handling_clock_from_registration(clock, grids, personas, categories):
    case = report(categories["clutter"], personas)
    at = clock.set(MONDAY + datetime.timedelta(hours=2))
    svc.case_accept(case=case, by=personas["grid_worker"])
    assert case.due_at == add_working_time(at, days=5)
    assert not Case.objects.overdue(case.accept_due_at + datetime.timedelta(hours=1)).exists()  # registered: the 立案 clock has stopped


def test_the_workbench_filter_and_the_case_page_see_an_overdue_registration(clock, grids, personas, categories, login):
    case = report(categories["clutter"], personas)
    clock.set(case.accept_due_at + datetime.timedelta(minutes=1))
    client = login(personas["secretary"])
    assert client.get(f"/cases/{case.pk}/").context["overdue"] is True
    assert list(CaseFilterSet({"overdue": "true"}, queryset=Case.objects.all()).qs) == [case]


# ---- item 9: escalation climbs management levels from the handling unit ----


def test_a_case_on_a_house_escalates_to_the_district_above_its_grid_not_to_its_building(clock, grids, personas, categories):
    case = svc.case_report(category=categories["clutter"], description="楼道堆物", reporter=personas["resident"], unit=grids.H1)
    assert case.unit == grids.H1
    svc.case_accept(case=case, by=personas["subdistrict_admin"])
    late = case.due_at + datetime.timedelta(minutes=1)
    assert svc.cases_escalate_overdue(late) == [case]
    case.refresh_from_db()
    assert case.escalated_to == grids.D1
    svc.cases_escalate_overdue(add_working_time(late, days=5) + datetime.timedelta(minutes=1))
    assert Case.objects.get(pk=case.pk).escalated_to == grids.A1


def test_escalation_starts_at_the_handling_unit(clock, grids, personas, categories):
    case = report(categories["clutter"], personas)
    admin = personas["subdistrict_admin"]
    svc.case_dispatch(case=svc.case_accept(case=case, by=admin), to=grids.D1, handler_kind=HandlerKind.COMMITTEE, by=admin)
    assert svc.escalation_target(case) == grids.A1
    svc.cases_escalate_overdue(case.due_at + datetime.timedelta(minutes=1))
    assert Case.objects.get(pk=case.pk).escalated_to == grids.A1


def test_management_unit_skips_buildings_and_houses(grids):
    assert [svc.management_unit(u) for u in (grids.H1, grids.B1, grids.G1, grids.D1)] == [grids.G1, grids.G1, grids.G1, grids.D1]
    assert svc.management_unit(None) is None


# ---- item 10: the published limit of clock-hour categories ----


# ---- item 11: complex matters, 督办 and 回访 ----


def test_neighbour_disputes_are_ordinary_matters_by_default():
    limits = {row[0]: (row[4], row[5]) for row in CATEGORIES}
    assert limits["ORDER-DISPUTE"] == (5, TimeUnit.WORKING_DAYS)
    assert {row[0]: row[6] for row in CATEGORIES if len(row) > 6} == {
        "FAC-LIFT-TRAP": 15, "SAFE-SMOKE": 15, "SAFE-GAS": 15, "SAFE-WATER": 30,
    }  # fmt: skip


@pytest.fixture
def handled(clock, grids, personas, categories):
    """楼道堆物 registered at 10:00 and dispatched to the property company of D1."""
    admin = personas["subdistrict_admin"]
    case = svc.case_accept(case=report(categories["clutter"], personas), by=admin)
    return svc.case_dispatch(case=case, to=grids.D1, handler_kind=HandlerKind.PROPERTY, by=admin)


def test_an_approved_extension_gives_a_complex_matter_fifteen_working_days_from_registration(handled, personas):
    prop = personas["property_company"]
    five = handled.due_at
    svc.case_request_extension(case=handled, by=prop, reason="涉及多户，需协调")
    assert (handled.extension_state, handled.extension_reason, handled.due_at) == (ExtensionState.REQUESTED, "涉及多户，需协调", five)
    svc.case_decide_extension(case=handled, by=personas["secretary"], approved=True)
    assert handled.extension_state == ExtensionState.APPROVED
    assert handled.due_at == add_working_time(handled.accepted_at, days=15) > five
    assert [t.action for t in handled.transitions.all()][-2:] == ["request_extension", "approve_extension"]
    with pytest.raises(IllegalTransition):
        svc.case_request_extension(case=handled, by=prop, reason="再延")


def test_a_refused_extension_keeps_the_limit_and_needs_a_reason(handled, personas):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        svc.case_request_extension(case=handled, by=personas["property_company"], reason=" ")
    with pytest.raises(IllegalTransition):
        svc.case_decide_extension(case=handled, by=personas["secretary"], approved=True, note="")  # nothing requested
    svc.case_request_extension(case=handled, by=personas["property_company"], reason="材料未到")
    with pytest.raises(ValidationError):
        svc.case_decide_extension(case=handled, by=personas["secretary"], approved=False, note="")
    due = handled.due_at
    svc.case_decide_extension(case=handled, by=personas["secretary"], approved=False, note="常规事项")
    assert (handled.extension_state, handled.due_at) == (ExtensionState.REFUSED, due)


def test_extension_steps_through_the_api(handled, personas, api):
    url = f"/api/cases/{handled.pk}/"
    assert api(personas["secretary"]).post(url + "request-extension/", {"reason": "x"}).status_code == 403  # not the handler
    r = api(personas["property_company"]).post(url + "request-extension/", {"reason": "涉及多户"}, format="json")
    assert r.status_code == 200 and r.json()["extension_state"] == "requested"
    assert api(personas["property_company"]).post(url + "request-extension/", {"reason": "again"}, format="json").status_code == 409
    assert api(personas["property_company"]).post(url + "decide-extension/", {"approved": True}, format="json").status_code == 403
    r = api(personas["secretary"]).post(url + "decide-extension/", {"approved": True}, format="json")
    assert r.status_code == 200 and r.json()["extension_state"] == "approved"
    assert Case.objects.get(pk=handled.pk).due_at == add_working_time(handled.accepted_at, days=15)


def test_extension_steps_on_the_case_page(handled, personas, login):
    prop = login(personas["property_company"])
    assert "request_extension" in [n for n, _, _ in prop.get(f"/cases/{handled.pk}/").context["steps"]]
    prop.post(f"/cases/{handled.pk}/steps/request_extension/", {"request_extension-reason": "涉及多户"})
    assert Case.objects.get(pk=handled.pk).extension_state == ExtensionState.REQUESTED
    assert "request_extension" not in [n for n, _, _ in prop.get(f"/cases/{handled.pk}/").context["steps"]]
    sec = login(personas["secretary"])
    assert "extension" in [n for n, _, _ in sec.get(f"/cases/{handled.pk}/").context["steps"]]
    sec.post(f"/cases/{handled.pk}/steps/extension/", {"extension-approved": "1", "extension-note": "同意"})
    assert Case.objects.get(pk=handled.pk).extension_state == ExtensionState.APPROVED


def test_supervision_gives_the_handler_three_working_days_then_the_case_is_overdue(handled, personas, clock):
    clock.set(datetime.datetime(2026, 3, 2, 11, 0, tzinfo=SH))
    svc.case_supervise(case=handled, by=personas["area_manager"], note="请加快")
    assert handled.supervision_due_at == datetime.datetime(2026, 3, 5, 11, 0, tzinfo=SH)  # Monday + 3 working days = Thursday
    assert handled.due_at > handled.supervision_due_at and not Case.objects.overdue(handled.supervision_due_at).exists()
    assert list(Case.objects.overdue(handled.supervision_due_at + datetime.timedelta(minutes=1))) == [handled]
    prop = personas["property_company"]
    svc.case_complete(case=svc.case_start(case=handled, by=prop), by=prop)
    assert handled.supervision_due_at is None


def test_the_return_visit_is_due_within_three_working_days_of_closing(handled, personas, clock):
    prop = personas["property_company"]
    svc.case_complete(case=svc.case_start(case=handled, by=prop), by=prop)
    friday = clock.set(datetime.datetime(2026, 3, 6, 16, 0, tzinfo=SH))
    svc.case_verify(case=handled, by=personas["grid_worker"], passed=True)
    assert handled.visit_due_at == datetime.datetime(2026, 3, 11, 16, 0, tzinfo=SH)
    assert not Case.objects.visits_overdue(handled.visit_due_at).exists()
    assert list(Case.objects.visits_overdue(handled.visit_due_at + datetime.timedelta(minutes=1))) == [handled]
    svc.case_rate(case=handled, by=personas["secretary"], rating="satisfied")
    assert not Case.objects.visits_overdue(handled.visit_due_at + datetime.timedelta(minutes=1)).exists()
    assert friday


# ---- item 12: next year's holidays ----


def test_next_years_missing_holidays_are_warned_from_the_first_of_november(db):
    assert missing_holiday_year(datetime.date(2026, 10, 31)) is None
    assert missing_holiday_year(datetime.date(2026, 11, 1)) == 2027
    Holiday.objects.create(date=datetime.date(2027, 1, 1), name="元旦")
    assert missing_holiday_year(datetime.date(2026, 12, 7)) is None


def test_manage_py_check_and_the_staff_pages_warn_of_next_years_missing_holidays(clock, tree, login):
    clock.set(datetime.datetime(2026, 11, 2, 9, 0, tzinfo=SH))
    personas = make_personas(tree)
    out, err = io.StringIO(), io.StringIO()
    call_command("check", stdout=out, stderr=err)
    assert "cases.W001" in out.getvalue() + err.getvalue() and "2027" in out.getvalue() + err.getvalue()
    client = login(personas["secretary"])
    for url in ("/cases/", "/cases/dashboard/"):
        r = client.get(url)
        assert r.status_code == 200 and 'id="holiday-warning"' in r.content.decode(), url
    Holiday.objects.create(date=datetime.date(2027, 1, 1), name="元旦")
    assert 'id="holiday-warning"' not in client.get("/cases/").content.decode()


# ---- the data migration of existing categories and open reports ----


def test_the_migration_gives_urgent_categories_minutes_disputes_five_days_and_open_reports_their_clocks(clock, grids, personas, categories):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("cases.migrations.0006_case_clocks_extension")
    gas = CaseCategory.objects.create(code="SAFE-GAS", name="燃气泄漏", time_limit=1, time_unit=TimeUnit.CLOCK_HOURS)
    dispute = CaseCategory.objects.create(code="ORDER-DISPUTE", name="邻里纠纷", time_limit=15)
    old = report(categories["clutter"], personas)
    Case.objects.filter(pk=old.pk).update(accept_due_at=None, due_at=None)
    migration.start_clocks(apps, None)
    gas.refresh_from_db(), dispute.refresh_from_db(), old.refresh_from_db()
    assert (gas.accept_minutes, dispute.time_limit) == (15, 5)
    assert old.accept_due_at == MONDAY + datetime.timedelta(days=1) and old.due_at == add_working_time(old.accept_due_at, days=5)


def test_next_years_holidays_can_be_entered_in_the_admin(db, client):
    from core.testing import make_user

    admin = make_user("root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    assert client.get("/django-admin/cases/holiday/").status_code == 200
    r = client.post("/django-admin/cases/holiday/add/", {"date": "2027-01-01", "name": "元旦", "is_workday": ""})
    assert r.status_code == 302 and Holiday.objects.filter(date=datetime.date(2027, 1, 1)).exists()


def test_the_workbench_lists_closed_cases_past_their_return_visit(handled, personas, clock, login):
    prop = personas["property_company"]
    svc.case_complete(case=svc.case_start(case=handled, by=prop), by=prop)
    svc.case_verify(case=handled, by=personas["grid_worker"], passed=True)
    client = login(personas["secretary"])
    assert 'id="visits-overdue"' not in client.get("/cases/").content.decode()
    clock.set(handled.visit_due_at + datetime.timedelta(minutes=1))
    client = login(personas["secretary"])  # a fresh session: the old one has idled out in the meantime
    r = client.get("/cases/")
    page = r.content.decode()
    assert r.status_code == 200
    assert 'id="visits-overdue"' in page and handled.number in page
