"""Who reported a case, as staff read it on the case page: a resident by a masked name, never a mangled display
string ("居*****"); a report without an account as 访客, the hotline as 热线来电, a grid worker by name."""

from cases import services as svc
from cases.models import Source
from cases.tests.conftest import IN_G1
from core.testing import make_user


def shown(login, staff, case):
    page = login(staff).get(f"/cases/{case.pk}/")
    return page.context["reporter_masked"], page.context["timeline"][0]["by"], page.content.decode()


def test_a_residents_display_name_shows_the_role_and_the_surname(login, grids, personas, categories):
    resident = make_user("r-zsf", display_name="居民 张三丰")
    case = svc.case_report(category=categories["clutter"], description="楼道堆物", reporter=resident, **IN_G1)
    reporter, by, html = shown(login, personas["secretary"], case)
    assert reporter == by == "居民 张**" and "张三丰" not in html and "居*****" not in html


def test_a_report_without_an_account_is_a_visitor_and_its_contact_shows_beside_it(login, grids, personas, categories):
    case = svc.case_report(category=categories["clutter"], description="楼道堆物", reporter=None, contact_name="王先生", **IN_G1)
    reporter, by, html = shown(login, personas["secretary"], case)
    assert reporter == by == "访客"
    assert "王先生" in html  # the contact name shows even without a phone number


def test_a_hotline_case_reads_hotline_caller(login, grids, personas, categories):
    case = svc.case_report(
        category=categories["clutter"], description="来电反映", source=Source.HOTLINE, reporter=None, by=personas["secretary"], unit=grids.D1,
        external_ref="T-9", contact_name="王先生", contact_phone="13912345678", **IN_G1,
    )  # fmt: skip
    reporter, by, html = shown(login, personas["secretary"], case)
    assert reporter == "热线来电" and by == str(personas["secretary"]) and "139****5678" in html


def test_a_grid_workers_patrol_case_names_the_grid_worker(login, grids, personas, categories):
    worker = personas["grid_worker"]
    case = svc.case_report(category=categories["clutter"], description="巡查发现", source=Source.PATROL, reporter=worker, by=worker, **IN_G1)
    reporter, by, _html = shown(login, personas["secretary"], case)
    assert reporter == by == str(worker)
