"""The grid worker's patrol page: report what I found (registered at once), check handled cases on the spot,
my open reports and what is overdue in my grids."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image

from cases import services as svc
from cases.models import Case, HandlerKind, PhotoKind
from cases.tests.conftest import IN_G1, IN_G2


def photo():
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "blue").save(out, "PNG")
    return SimpleUploadedFile("p.png", out.getvalue(), content_type="image/png")


def found(categories, **kw):
    return {"category": categories["clutter"].pk, "description": "消防通道堆放杂物", "address": "1号楼北侧", **IN_G1, **kw}


def test_a_grid_worker_reports_what_she_found_with_a_photo_and_it_is_registered_at_once(login, grids, personas, categories):
    gw = personas["grid_worker"]
    r = login(gw).post("/cases/patrol/", found(categories, photos=[photo()]))
    assert r.status_code == 302 and r["Location"] == "/cases/patrol/"
    case = Case.objects.get()
    assert (case.source, case.reporter, case.grid_id, case.state) == ("patrol", gw, grids.G1.pk, "accepted")
    assert case.due_at is not None and case.photos.filter(kind=PhotoKind.REPORT).count() == 1
    assert [t.action for t in case.transitions.all()] == ["report", "accept"]


def test_without_a_pin_the_grid_worker_chooses_her_grid(login, grids, personas, categories):
    r = login(personas["grid_worker"]).post("/cases/patrol/", found(categories, lat="", lng="", unit=grids.G1.pk))
    assert r.status_code == 302
    assert Case.objects.get().unit_id == grids.G1.pk


def test_a_report_needs_a_place_and_a_place_outside_my_grids_is_refused(login, grids, personas, categories):
    client = login(personas["grid_worker"])
    assert client.post("/cases/patrol/", found(categories, lat="", lng="")).context["form"].non_field_errors()
    r = client.post("/cases/patrol/", found(categories, **IN_G2))
    assert r.status_code == 200 and r.context["form"].errors["lat"]
    assert client.post("/cases/patrol/", found(categories, unit=grids.B2.pk, lat="", lng="")).context["form"].errors["unit"]
    assert Case.objects.count() == 0


def test_a_bad_photo_keeps_nothing(login, grids, personas, categories):
    bad = SimpleUploadedFile("x.jpg", b"not an image", content_type="image/jpeg")
    r = login(personas["grid_worker"]).post("/cases/patrol/", found(categories, photos=[bad]))
    assert r.context["form"].errors["photos"]
    assert Case.objects.count() == 0


def test_a_social_worker_without_the_right_to_register_reports_a_case_that_waits(login, grids, personas, categories):
    login(personas["social_worker"]).post("/cases/patrol/", found(categories))
    assert Case.objects.get().state == "reported"


@pytest.fixture
def handled(grids, personas, categories):
    """A case in G1 handled by the property company, waiting for the check (核查)."""
    admin, prop = personas["subdistrict_admin"], personas["property_company"]
    case = svc.case_report(category=categories["clutter"], description="楼道堆物", reporter=None, **IN_G1)
    case = svc.case_dispatch(case=svc.case_accept(case=case, by=admin), to=grids.D1, handler_kind=HandlerKind.PROPERTY, by=admin)
    return svc.case_complete(case=svc.case_start(case=case, by=prop), by=prop, note="已清理")


def test_the_patrol_page_lists_cases_to_check_my_open_reports_and_overdue_cases(login, grids, personas, categories, handled):
    gw = personas["grid_worker"]
    mine = svc.case_report(category=categories["clutter"], description="我报的", reporter=gw, **IN_G1)
    late = svc.case_accept(case=svc.case_report(category=categories["lift"], description="电梯", reporter=None, **IN_G1), by=gw)
    Case.objects.filter(pk=late.pk).update(due_at=timezone.now() - datetime.timedelta(days=1))
    elsewhere = svc.case_report(category=categories["clutter"], description="蓝天", reporter=None, **IN_G2)
    svc.case_accept(case=elsewhere, by=personas["subdistrict_admin"])
    Case.objects.filter(pk=elsewhere.pk).update(due_at=timezone.now() - datetime.timedelta(days=1))
    page = login(gw).get("/cases/patrol/")
    assert [c.pk for c in page.context["to_verify"]] == [handled.pk]
    assert [c.pk for c in page.context["my_reports"]] == [mine.pk]
    assert [c.pk for c in page.context["overdue"]] == [late.pk]


def test_the_grid_worker_passes_the_check_from_the_patrol_page_and_returns_to_it(login, handled, personas):
    r = login(personas["grid_worker"]).post(f"/cases/{handled.pk}/steps/verify/", {"verify-passed": "1", "verify-note": "", "next": "/cases/patrol/"})
    assert r.status_code == 302 and r["Location"] == "/cases/patrol/"
    handled.refresh_from_db()
    assert handled.state == "closed" and handled.transitions.last().by == personas["grid_worker"]


def test_the_next_page_after_a_step_stays_on_this_site(login, handled, personas):
    r = login(personas["grid_worker"]).post(f"/cases/{handled.pk}/steps/verify/", {"verify-passed": "1", "next": "https://evil.example/"})
    assert r["Location"] == f"/cases/{handled.pk}/"


def test_a_check_that_did_not_pass_needs_a_note(login, handled, personas):
    r = login(personas["grid_worker"]).post(f"/cases/{handled.pk}/steps/verify/", {"verify-passed": "0", "next": "/cases/patrol/"})
    assert r.status_code == 400
    handled.refresh_from_db()
    assert handled.state == "completed"


def test_the_property_company_may_not_check_its_own_work(login, handled, personas):
    assert login(personas["property_company"]).post(f"/cases/{handled.pk}/steps/verify/", {"verify-passed": "1"}).status_code == 403


def test_people_without_cases_may_not_open_the_patrol_page(login, personas):
    assert login(personas["outsider"]).get("/cases/patrol/").status_code == 403
    assert login(personas["resident"]).get("/cases/patrol/").status_code == 403


def test_the_patrol_page_makes_the_same_number_of_queries_for_more_cases(login, grids, personas, categories):
    gw, admin, prop = personas["grid_worker"], personas["subdistrict_admin"], personas["property_company"]
    client = login(gw)

    def grow(n):
        for i in range(n):
            c = svc.case_report(category=categories["clutter"], description=f"{i}", reporter=gw, **IN_G1)
            c = svc.case_dispatch(case=svc.case_accept(case=c, by=admin), to=grids.D1, handler_kind=HandlerKind.PROPERTY, by=admin)
            svc.case_complete(case=svc.case_start(case=c, by=prop), by=prop)

    grow(1)
    client.get("/cases/patrol/")
    with CaptureQueriesContext(connection) as small:
        client.get("/cases/patrol/")
    grow(6)
    with CaptureQueriesContext(connection) as large:
        assert len(client.get("/cases/patrol/").context["to_verify"]) == 7
    assert len(large) == len(small)
