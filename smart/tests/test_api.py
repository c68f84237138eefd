"""/api/devices/, /api/alarms/, /api/device-types/: scope, rights, filters, credentials, telemetry, events."""

import pytest

from smart.models import Alarm, Device, DeviceType, Event
from smart.services.registry import token_digest
from smart.tests.builders.pages import devices as devices  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_the_device_list_is_scoped_and_carries_no_credential(api, personas, devices):
    rows = api(personas["grid_worker"]).get("/api/devices/").json()["results"]
    assert {r["code"] for r in rows} == {"LIFT-B1-1", "CAM-G1-1"}
    lift = next(r for r in rows if r["code"] == "LIFT-B1-1")
    assert lift["latest"]["speed"] == pytest.approx(2.1) and lift["kind"] == "elevator" and lift["vendor_name"] == "奥的斯"
    assert not any("digest" in k or "token" in k for k in lift)
    assert len(ids(api(personas["subdistrict_admin"]).get("/api/devices/"))) == 3


@pytest.mark.parametrize("persona", ["resident", "social_worker", "outsider"])
def test_people_without_the_device_right_see_no_devices(api, personas, devices, persona):
    client = api(personas[persona])
    assert ids(client.get("/api/devices/")) == set()
    assert client.get(f"/api/devices/{devices['lift'].pk}/").status_code == 404
    assert ids(client.get("/api/alarms/")) == set()
    assert client.get("/api/device-types/").status_code == 403


def test_the_device_filters_are_the_pages(api, personas, devices, tree):
    client = api(personas["subdistrict_admin"])
    assert ids(client.get("/api/devices/?state=offline")) == {devices["smoke"].pk}
    assert ids(client.get("/api/devices/?kind=camera")) == {devices["camera"].pk}
    assert ids(client.get(f"/api/devices/?under={tree.G1.pk}")) == {devices["lift"].pk, devices["camera"].pk}
    assert ids(client.get("/api/devices/?q=烟感")) == {devices["smoke"].pk}
    assert client.get("/api/devices/?under=99999999999999999999").status_code == 400


def test_an_administrator_registers_a_device_and_gets_its_token_once(api, personas, devices, tree):
    body = {"code": "WATER-B1-1", "name": "1号楼水浸", "device_type": DeviceType.objects.get(code="water").pk, "unit": tree.B1.pk, "installed_on": "2024-06-01"}
    r = api(personas["subdistrict_admin"]).post("/api/devices/", body, format="json")
    assert r.status_code == 201, r.content
    device = Device.objects.get(code="WATER-B1-1")
    assert r.json()["id"] == device.pk and token_digest(r.json()["token"]) == device.token_digest
    assert "token" not in api(personas["subdistrict_admin"]).get(f"/api/devices/{device.pk}/").json()


@pytest.mark.parametrize(
    "change, field",
    [
        ({"unit": "H1"}, "unit"),
        ({"unit": "D1"}, "unit"),
        ({"code": "LIFT-B1-1"}, "code"),
        ({"code": "有 空格"}, "code"),
        ({"lat": "31.1"}, "lng"),
        ({"device_type": 99999}, "device_type"),
    ],
)
def test_registering_a_device_checks_its_input(api, personas, devices, tree, change, field):
    body = {"code": "NEW-1", "name": "新设备", "device_type": DeviceType.objects.get(code="water").pk, "unit": tree.B1.pk} | change
    if "unit" in change:
        body["unit"] = getattr(tree, change["unit"]).pk
    r = api(personas["subdistrict_admin"]).post("/api/devices/", body, format="json")
    assert r.status_code == 400 and field in r.json()


def test_staff_without_the_registry_right_may_not_register(api, personas, devices, tree):
    body = {"code": "NEW-1", "name": "新设备", "device_type": DeviceType.objects.get(code="water").pk, "unit": tree.B1.pk}
    assert api(personas["grid_worker"]).post("/api/devices/", body, format="json").status_code == 403
    assert api(personas["grid_worker"]).patch(f"/api/devices/{devices['lift'].pk}/", {"name": "x"}, format="json").status_code == 403
    assert api(personas["grid_worker"]).post(f"/api/devices/{devices['lift'].pk}/credential/").status_code == 403


def test_a_device_is_changed_with_patch_but_keeps_its_code(api, personas, devices, tree):
    lift = devices["lift"]
    client = api(personas["sysadmin"])
    r = client.patch(f"/api/devices/{lift.pk}/", {"name": "东梯", "unit": tree.G1.pk, "code": "OTHER"}, format="json")
    assert r.status_code == 200 and r.json()["name"] == "东梯" and r.json()["code"] == "LIFT-B1-1" and r.json()["unit"] == tree.G1.pk
    assert Device.objects.get(pk=lift.pk).unit_path == tree.G1.path
    assert client.patch(f"/api/devices/{lift.pk}/", {"unit": tree.H1.pk}, format="json").status_code == 400
    assert client.put(f"/api/devices/{lift.pk}/", {}, format="json").status_code == 405


def test_a_new_credential_through_the_api(api, personas, devices):
    lift = devices["lift"]
    r = api(personas["subdistrict_admin"]).post(f"/api/devices/{lift.pk}/credential/")
    assert r.status_code == 200 and token_digest(r.json()["token"]) == Device.objects.get(pk=lift.pk).token_digest


def test_telemetry_of_one_measurement(api, personas, devices):
    lift = devices["lift"]
    client = api(personas["police"])
    r = client.get(f"/api/devices/{lift.pk}/telemetry/?key=speed")
    assert r.status_code == 200
    d = r.json()
    assert d["source"] == "raw" and len(d["points"]) == 12 and d["points"][0]["value"] == pytest.approx(1.0)
    assert client.get(f"/api/devices/{lift.pk}/telemetry/?key=nothing").status_code == 400
    assert client.get(f"/api/devices/{lift.pk}/telemetry/").status_code == 400
    assert client.get(f"/api/devices/{lift.pk}/telemetry/?key=speed&start=2024-01-02T00:00:00Z&end=2024-01-01T00:00:00Z").status_code == 400
    assert client.get(f"/api/devices/{lift.pk}/telemetry/?key=speed&start=2020-01-01T00:00:00Z&end=2024-01-01T00:00:00Z").status_code == 400
    hourly = client.get(f"/api/devices/{lift.pk}/telemetry/?key=speed&start=2020-01-01T00:00:00Z&end=2020-03-01T00:00:00Z").json()
    assert hourly["source"] == "hourly" and hourly["points"] == []
    assert client.get(f"/api/devices/{devices['smoke'].pk}/telemetry/?key=smoke").status_code == 404


def test_events_of_a_device_newest_first(api, personas, devices):
    camera = devices["camera"]
    r = api(personas["grid_worker"]).get(f"/api/devices/{camera.pk}/events/")
    assert r.status_code == 200
    rows = r.json()["results"]
    event = Event.objects.get(device=camera)
    assert [e["id"] for e in rows] == [event.pk] and rows[0]["snapshot_url"] == f"/smart/events/{event.pk}/snapshot/"
    assert api(personas["grid_worker"]).get(f"/api/devices/{devices['smoke'].pk}/events/").status_code == 404


def test_device_types_list_measurements_and_events(api, personas, devices):
    rows = api(personas["police"]).get("/api/device-types/").json()
    lift = next(r for r in rows if r["code"] == "elevator")
    assert {m["key"] for m in lift["measurements"]} >= {"running", "door_open", "fault_code"}
    assert "trapped" in {e["code"] for e in lift["events"]}


def test_the_alarm_list_is_scoped_and_filtered(api, personas, devices):
    client = api(personas["grid_worker"])
    assert ids(client.get("/api/alarms/")) == {devices["lift_alarm"].pk}
    admin = api(personas["subdistrict_admin"])
    assert ids(admin.get("/api/alarms/?severity=4")) == {devices["smoke_alarm"].pk}
    assert ids(admin.get("/api/alarms/?kind=elevator&active=true")) == {devices["lift_alarm"].pk}
    assert client.get(f"/api/alarms/{devices['smoke_alarm'].pk}/").status_code == 404


def test_acknowledge_and_clear_through_the_api_answer_409_when_done_already(api, personas, devices):
    alarm = devices["lift_alarm"]
    client = api(personas["secretary"])
    r = client.post(f"/api/alarms/{alarm.pk}/acknowledge/")
    assert r.status_code == 200 and r.json()["acknowledged"] and r.json()["active"]
    assert client.post(f"/api/alarms/{alarm.pk}/acknowledge/").status_code == 409
    r = client.post(f"/api/alarms/{alarm.pk}/clear/")
    assert r.status_code == 200 and not r.json()["active"]
    conflict = client.post(f"/api/alarms/{alarm.pk}/clear/")
    assert conflict.status_code == 409 and conflict.json()["detail"]


@pytest.mark.parametrize("persona, expected", [("police", 403), ("area_manager", 403), ("resident", 404), ("sysadmin", 403)])
def test_only_holders_of_the_alarm_right_acknowledge_or_clear(api, personas, devices, persona, expected):
    alarm = devices["lift_alarm"]
    assert api(personas[persona]).post(f"/api/alarms/{alarm.pk}/acknowledge/").status_code == expected
    assert api(personas[persona]).post(f"/api/alarms/{alarm.pk}/clear/").status_code == expected
    assert Alarm.objects.get(pk=alarm.pk).active


def test_an_alarm_outside_the_scope_answers_404_to_actions(api, personas, devices):
    assert api(personas["grid_worker"]).post(f"/api/alarms/{devices['smoke_alarm'].pk}/acknowledge/").status_code == 404


@pytest.mark.parametrize("query", ["start=0001-01-01T00:00:00Z", "end=0001-01-01T00:05:00Z", "end=9999-12-31T23:59:59Z", "start=abc"])
def test_telemetry_times_out_of_range_are_a_400_not_a_crash(api, personas, devices, query):
    assert api(personas["police"]).get(f"/api/devices/{devices['lift'].pk}/telemetry/?key=speed&{query}").status_code == 400
