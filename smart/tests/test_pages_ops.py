"""The live operations page, the alarms list, and acknowledge/clear from the pages (htmx and plain POST)."""

import pytest
from django.utils import translation

from smart.models import Alarm, Severity
from smart.tests.builders.pages import devices as devices  # noqa: F401  (the fixture)
from smart.tests.builders.pages import make_alarm

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def test_the_operations_page_shows_counts_alarms_by_severity_and_readings_in_scope(login, personas, devices):
    r = login(personas["grid_worker"]).get("/smart/ops/")
    assert r.status_code == 200
    html = r.content.decode()
    assert f'id="alarm-{devices["lift_alarm"].pk}"' in html and f'id="alarm-{devices["smoke_alarm"].pk}"' not in html
    assert r.context["count_totals"] == {"online": 1, "offline": 0, "unknown": 1, "total": 2}
    assert {row["kind"] for row in r.context["kind_counts"]} == {"elevator", "camera"}
    assert [row["device"].code for row in r.context["recent"]] == ["LIFT-B1-1"]
    assert 'id="alarm-toasts"' in html and 'hx-trigger="every' in html


def test_critical_alarms_come_first(login, personas, devices):
    make_alarm(devices["camera"], alarm_type="throw", severity=Severity.WARNING, minutes_ago=1)
    r = login(personas["subdistrict_admin"]).get("/smart/ops/")
    assert [sev for sev, _label, _rows in r.context["alarm_groups"]] == [5, 4, 2]


def test_the_fragments_refresh_without_the_page(login, personas, devices):
    client = login(personas["grid_worker"])
    for part in ("counts", "alarms", "readings"):
        r = client.get(f"/smart/ops/{part}/", **HTMX)
        assert r.status_code == 200 and b"<html" not in r.content
    assert client.get("/smart/ops/other/").status_code == 404
    assert login(personas["resident"]).get("/smart/ops/alarms/").status_code == 403


def test_the_poll_reports_new_alarms_and_changes(login, personas, devices):
    client = login(personas["grid_worker"])
    first = client.get("/smart/ops/poll.json?after=0").json()
    assert [a["id"] for a in first["new"]] == [devices["lift_alarm"].pk]
    last = first["last_id"]
    quiet = client.get(f"/smart/ops/poll.json?after={last}").json()
    assert quiet["new"] == [] and quiet["signature"] == first["signature"]
    make_alarm(devices["smoke"], alarm_type="battery")  # another district: not for him
    assert client.get(f"/smart/ops/poll.json?after={last}").json()["new"] == []
    fresh = make_alarm(devices["camera"], alarm_type="throw", severity=Severity.MAJOR)
    polled = client.get(f"/smart/ops/poll.json?after={last}").json()
    assert [a["id"] for a in polled["new"]] == [fresh.pk] and polled["last_id"] == fresh.pk and polled["new"][0]["severity"] == 4
    assert polled["signature"] != first["signature"]
    Alarm.objects.filter(pk=fresh.pk).update(acknowledged=True)
    assert client.get(f"/smart/ops/poll.json?after={fresh.pk}").json()["signature"] != polled["signature"]
    assert client.get("/smart/ops/poll.json?after=abc").status_code == 200


def test_the_alarm_list_is_scoped_and_filtered(login, personas, devices, tree):
    cleared = make_alarm(devices["lift"], alarm_type="fault", severity=Severity.MINOR, active=False)
    client = login(personas["grid_worker"])
    ids = lambda q="": {row["alarm"].pk for row in client.get(f"/smart/alarms/?{q}").context["rows"]}  # noqa: E731
    lift_alarm = devices["lift_alarm"].pk
    assert ids() == {lift_alarm, cleared.pk}
    assert ids("active=true") == {lift_alarm}
    assert ids("active=false") == {cleared.pk}
    assert ids("severity=3") == {cleared.pk}
    assert ids("alarm_type=trapped") == {lift_alarm}
    assert ids("kind=camera") == set()
    assert ids("acknowledged=false") == {lift_alarm, cleared.pk}
    assert ids(f"under={tree.G2.pk}") == set()
    admin = login(personas["subdistrict_admin"])
    assert {row["alarm"].pk for row in admin.get(f"/smart/alarms/?under={tree.D2.pk}").context["rows"]} == {devices["smoke_alarm"].pk}


def test_a_grid_worker_acknowledges_then_clears_an_alarm_with_htmx(login, personas, devices):
    alarm = devices["lift_alarm"]
    client = login(personas["grid_worker"])
    with translation.override("en"):
        r = client.post(f"/smart/alarms/{alarm.pk}/ack/", {"next": "/smart/ops/"}, HTTP_ACCEPT_LANGUAGE="en", **HTMX)
        assert r.status_code == 200 and r.content.decode().lstrip().startswith(f'<tr id="alarm-{alarm.pk}"')
        assert "Acknowledged" in r.content.decode() and "ack-button" not in r.content.decode()
        alarm.refresh_from_db()
        assert alarm.acknowledged and alarm.active and alarm.acknowledged_by == personas["grid_worker"]
        r = client.post(f"/smart/alarms/{alarm.pk}/clear/", **HTMX)
        alarm.refresh_from_db()
        assert not alarm.active and alarm.cleared_by == personas["grid_worker"]
        assert "clear-button" not in r.content.decode()
        again = client.post(f"/smart/alarms/{alarm.pk}/clear/", HTTP_ACCEPT_LANGUAGE="en", **HTMX)
        assert again.status_code == 200 and 'role="alert"' in again.content.decode() and "already" in again.content.decode()


def test_acknowledging_without_javascript_redirects_back_with_a_message(login, personas, devices):
    alarm = devices["lift_alarm"]
    client = login(personas["property_company"])
    r = client.post(f"/smart/alarms/{alarm.pk}/ack/", {"next": f"/smart/devices/{alarm.device_id}/"})
    assert r.status_code == 302 and r["Location"] == f"/smart/devices/{alarm.device_id}/"
    alarm.refresh_from_db()
    assert alarm.acknowledged
    r = client.post(f"/smart/alarms/{alarm.pk}/ack/", {"next": "https://evil.example/"})
    assert r["Location"] == "/smart/alarms/"
    assert [m.level_tag for m in r.wsgi_request._messages][-1] == "error"


@pytest.mark.parametrize("persona, expected", [("police", 403), ("area_manager", 403), ("resident", 404), ("outsider", 404)])
def test_only_holders_of_the_alarm_right_act_on_alarms(login, personas, devices, persona, expected):
    alarm = devices["lift_alarm"]
    assert login(personas[persona]).post(f"/smart/alarms/{alarm.pk}/ack/").status_code == expected
    assert login(personas[persona]).post(f"/smart/alarms/{alarm.pk}/clear/").status_code == expected
    alarm.refresh_from_db()
    assert alarm.active and not alarm.acknowledged


def test_an_alarm_outside_the_scope_answers_404(login, personas, devices):
    smoke_alarm = devices["smoke_alarm"]
    assert login(personas["grid_worker"]).post(f"/smart/alarms/{smoke_alarm.pk}/ack/").status_code == 404
    assert login(personas["grid_worker"]).post(f"/smart/alarms/{smoke_alarm.pk}/other/").status_code == 404


def test_staff_who_may_not_act_see_no_buttons(login, personas, devices):
    html = login(personas["police"]).get("/smart/ops/").content.decode()
    assert f'id="alarm-{devices["lift_alarm"].pk}"' in html and "ack-button" not in html
    html = login(personas["secretary"]).get("/smart/ops/").content.decode()
    assert "ack-button" in html and "clear-button" in html


def test_a_linked_case_number_links_to_the_case(login, personas, devices, tree):
    from cases.models import CaseCategory
    from cases.services import case_report

    case = case_report(category=CaseCategory.objects.create(code="E-1", name="电梯困人"), description="困人", unit=tree.B1)
    Alarm.objects.filter(pk=devices["lift_alarm"].pk).update(case=case)
    html = login(personas["grid_worker"]).get("/smart/ops/").content.decode()
    assert f'href="/cases/{case.pk}/">{case.number}</a>' in html
    html = login(personas["sysadmin"]).get("/smart/ops/").content.decode()  # sees devices, not cases: the number, no link
    assert case.number in html and f'href="/cases/{case.pk}/"' not in html
