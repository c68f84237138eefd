"""`/` fits the person: a public start page for visitors, the resident front for residents, today's work for
staff; each front's menu lists only its own pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import CaseCategory, HandlerKind
from cases.services import case_report
from core.testing import make_user
from home.navigation import navigation
from smart.models import Severity
from smart.tests.builders.pages import devices, make_alarm  # noqa: F401  the devices fixture

pytestmark = pytest.mark.django_db

STAFF_ONLY = ("org:unit-tree", "org:grid-map", "people:resident-list", "api-docs", "cases:workbench", "smart:ops", "audit:log", "imports:index")


def menu_of(rf, user):
    request = rf.get("/")
    request.user = user
    groups = navigation(request)["nav_groups"]
    return [(g["label"], [i["url"] for i in g["items"]]) for g in groups]


def urls_of(menu):
    return {url for _label, items in menu for url in items}


@pytest.fixture
def category(db):
    return CaseCategory.objects.create(code="ENV-01", name="楼道堆物", handler_kind=HandlerKind.COMMITTEE, time_limit=5)


def report(category, unit, n=1, **kw):
    return [case_report(category=category, description=f"楼道堆物{i}", unit=unit, address="1号楼", **kw) for i in range(n)]


# --- visitors ---------------------------------------------------------------------------------------


def test_a_visitor_gets_the_public_start_page_without_signing_in(client, db):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'action="{reverse("cases:track")}"' in html and 'name="number"' in html  # track a case by its number
    for name in ("cases:report", "services:menu", "services:station-list", "accounts:login"):
        assert f'href="{reverse(name)}"' in html, name


def test_a_visitors_menu_lists_only_the_public_pages(rf, db):
    from django.contrib.auth.models import AnonymousUser

    shown = urls_of(menu_of(rf, AnonymousUser()))
    assert shown == {
        reverse(n) for n in ("home:home", "cases:report", "cases:track", "services:menu", "services:rooms", "services:station-list", "services:station-map")
    }


def test_every_page_a_visitor_is_shown_answers_without_signing_in(client, rf, db):
    from django.contrib.auth.models import AnonymousUser

    for url in urls_of(menu_of(rf, AnonymousUser())):
        assert client.get(url).status_code == 200, url


# --- residents --------------------------------------------------------------------------------------


def test_a_residents_menu_leaves_out_every_staff_page(rf, personas):
    shown = urls_of(menu_of(rf, personas["resident"]))
    assert not {reverse(n) for n in STAFF_ONLY} & shown
    assert {reverse(n) for n in ("cases:report", "cases:mine", "services:menu", "services:my-bookings")} <= shown


def test_a_resident_does_not_see_units_the_directory_or_the_api_page_in_the_menu(client, personas):
    client.force_login(personas["resident"])
    nav = client.get("/").content.decode().split("<main")[0]
    for label in ("组织单元", "网格地图", "接口文档", ">居民<"):
        assert label not in nav, label


def test_report_a_problem_is_one_tap_at_the_top_of_a_residents_menu(rf, personas):
    top = [items for label, items in menu_of(rf, personas["resident"]) if label is None]
    assert top and reverse("cases:report") in top[0] and reverse("cases:mine") in top[0]


def test_people_without_staff_work_get_the_resident_front(rf, personas, client):
    for persona in ("volunteer", "owners_committee", "outsider"):
        assert reverse("org:unit-tree") not in urls_of(menu_of(rf, personas[persona])), persona
        client.force_login(personas[persona])
        assert client.get("/").templates[0].name == "home/resident.html", persona


def test_the_resident_front_links_the_four_tasks_and_the_latest_own_reports(client, personas, tree, category):
    mine = report(category, tree.G1, reporter=personas["resident"])[0]
    report(category, tree.G1)  # someone else's
    client.force_login(personas["resident"])
    response = client.get("/")
    html = response.content.decode()
    for name in ("cases:report", "cases:mine", "services:menu", "notices:list"):
        assert 'class="tile' in html and f'href="{reverse(name)}"' in html, name
    assert [c.pk for c in response.context["recent_reports"]] == [mine.pk]


def test_staff_keep_the_staff_menu(rf, personas):
    shown = urls_of(menu_of(rf, personas["secretary"]))
    assert {reverse("cases:workbench"), reverse("people:resident-list"), reverse("api-docs")} <= shown


# --- staff: today's work ------------------------------------------------------------------------------


def work_of(client, user):
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200 and response.templates[0].name == "home/staff.html"
    return {w["key"]: w for w in response.context["work"]}


def test_a_secretary_counts_only_the_cases_of_their_own_district(client, personas, tree, category):
    report(category, tree.G1, n=2)
    report(category, tree.G2, n=3)  # 蓝天居民区: not the secretary's
    work = work_of(client, personas["secretary"])
    assert work["cases-register"]["count"] == 2
    assert work_of(client, personas["subdistrict_admin"])["cases-register"]["count"] == 5


def test_each_count_links_to_a_list_filtered_to_the_same_rows(client, personas, tree, category, devices):  # noqa: F811
    report(category, tree.G1, n=2)
    report(category, tree.G2)
    make_alarm(devices["smoke"], alarm_type="smoke-2", severity=Severity.CRITICAL)  # in D2
    work = work_of(client, personas["secretary"])
    assert work["alarms-critical"]["count"] == 1  # the lift in D1; not the smoke sensor in D2
    workbench = client.get(work["cases-register"]["url"])
    assert len(workbench.context["object_list"]) == work["cases-register"]["count"] == 2
    alarms = client.get(work["alarms-critical"]["url"])
    assert [a.pk for a in alarms.context["object_list"]] == [devices["lift_alarm"].pk]


def test_the_overdue_count_links_to_the_overdue_cases(client, personas, tree, category):
    import datetime

    from django.utils import timezone

    from cases.models import Case

    late, _on_time = report(category, tree.G1, n=2)
    Case.objects.filter(pk=late.pk).update(accept_due_at=timezone.now() - datetime.timedelta(hours=1))
    work = work_of(client, personas["secretary"])
    assert work["cases-overdue"]["count"] == 1 and work["cases-overdue"]["tone"] == "danger"
    assert [c.pk for c in client.get(work["cases-overdue"]["url"]).context["object_list"]] == [late.pk]


def test_staff_see_only_the_work_of_their_capabilities(client, personas):
    assert set(work_of(client, personas["auditor"])) == set()
    assert "cases-register" not in work_of(client, personas["property_company"])
    assert {"cases-handle", "alarms-critical"} <= set(work_of(client, personas["property_company"]))


def test_failed_imports_link_to_the_import_page_showing_only_them(client, personas):
    from imports.models import ImportJob

    user = personas["secretary"]
    ImportJob.objects.create(kind="residents", file_name="bad.xlsx", by=user, root_path=personas["secretary"].role_assignments.get().unit_path, status="failed")
    ImportJob.objects.create(kind="residents", file_name="good.xlsx", by=user, root_path="x", status="done")
    work = work_of(client, user)
    assert work["imports-failed"]["count"] == 1
    html = client.get(work["imports-failed"]["url"]).content.decode()
    assert "bad.xlsx" in html and "good.xlsx" not in html


def test_the_staff_home_keeps_its_queries_constant_as_cases_grow(client, personas, tree, category, django_assert_max_num_queries):
    for persona in ("subdistrict_admin", "secretary"):
        client.force_login(personas[persona])
        report(category, tree.G1)
        client.get("/")
        with CaptureQueriesContext(connection) as few:
            client.get("/")
        report(category, tree.G1, n=20)
        report(category, tree.G2, n=20)
        with django_assert_max_num_queries(len(few)):
            client.get("/")
        assert len(few) <= 25, persona


def test_a_user_without_roles_is_shown_the_resident_front(client, db):
    client.force_login(make_user("newcomer"))
    assert client.get("/").templates[0].name == "home/resident.html"


def test_the_resident_front_keeps_its_queries_constant_as_reports_grow(client, personas, tree, category, django_assert_max_num_queries):
    client.force_login(personas["resident"])
    report(category, tree.G1, reporter=personas["resident"])
    client.get("/")
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    report(category, tree.G1, n=10, reporter=personas["resident"])
    with django_assert_max_num_queries(len(few)):
        assert len(client.get("/").context["recent_reports"]) == 3


def test_a_menu_entry_must_name_a_known_front():
    from core.menu import Entry

    with pytest.raises(ValueError):
        Entry("home:home", "首页", None, "", 10, front="residents")


def test_todays_bookings_to_check_in_count_and_link_to_the_same_bookings(client, personas, tree):
    import datetime

    from django.utils import timezone

    from doorstep.models import Booking
    from doorstep.services.places import service_create
    from doorstep.tests.builders.bookings import make_slot, make_station, users

    noon = datetime.datetime.combine(timezone.localdate(), datetime.time(12), tzinfo=timezone.get_current_timezone())
    here = service_create(place=make_station(tree.D1), group="life", name="太极拳", capacity=5)
    there = service_create(place=make_station(tree.D2, name="蓝天服务站"), group="life", name="书法", capacity=5)
    today, tomorrow, far = (
        make_slot(service=here, start=noon),
        make_slot(service=here, start=noon + datetime.timedelta(days=1)),
        make_slot(service=there, start=noon),
    )
    a, b = users(2)
    due = Booking.objects.create(slot=today, user=a, state="booked", ical_uid="t1@test")
    Booking.objects.create(slot=today, user=b, state="checked_in", ical_uid="t2@test")
    Booking.objects.create(slot=tomorrow, user=a, state="booked", ical_uid="t3@test")
    Booking.objects.create(slot=far, user=a, state="booked", ical_uid="t4@test")  # 蓝天居民区: not the secretary's
    work = work_of(client, personas["secretary"])
    assert work["bookings-today"]["count"] == 1
    assert [x.pk for x in client.get(work["bookings-today"]["url"]).context["object_list"]] == [due.pk]
