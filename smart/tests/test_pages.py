"""The device registry pages: list, filters, map GeoJSON, device page, trends, snapshots; scoped per persona."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import translation

from accounts.services import role_assign
from core.testing import make_user
from smart.models import Device
from smart.tests.builders.pages import devices as devices  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def codes(response):
    return {d.code for d in response.context["object_list"]}


def test_a_grid_worker_sees_only_the_devices_of_his_grid(login, personas, devices):
    r = login(personas["grid_worker"]).get("/smart/devices/")
    assert r.status_code == 200
    assert codes(r) == {"LIFT-B1-1", "CAM-G1-1"}


def test_the_subdistrict_administrator_sees_every_device_with_counts_by_state(login, personas, devices):
    r = login(personas["subdistrict_admin"]).get("/smart/devices/")
    assert codes(r) == {"LIFT-B1-1", "CAM-G1-1", "SMOKE-B2-1"}
    assert {code: n for code, _label, n in r.context["state_counts"]} == {"online": 1, "offline": 1, "unknown": 1}


@pytest.mark.parametrize("persona", ["resident", "outsider", "social_worker", "auditor"])
def test_people_without_the_device_right_get_403_on_lists_and_404_on_a_device(login, personas, devices, persona):
    client = login(personas[persona])
    for url in ("/smart/devices/", "/smart/devices/map/", "/smart/ops/", "/smart/alarms/"):
        assert client.get(url).status_code == 403, url
    assert client.get(f"/smart/devices/{devices['lift'].pk}/").status_code == 404
    assert client.get("/smart/devices/map/devices.geojson").status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, devices):
    assert client.get("/smart/devices/").status_code == 302
    assert client.get(f"/smart/devices/{devices['lift'].pk}/").status_code == 302
    assert client.get("/smart/devices/map/devices.geojson").status_code == 401


def test_a_device_outside_the_scope_answers_404(login, personas, devices):
    client = login(personas["grid_worker"])
    assert client.get(f"/smart/devices/{devices['smoke'].pk}/").status_code == 404
    assert client.get(f"/smart/devices/{devices['smoke'].pk}/series.json").status_code == 404


@pytest.mark.parametrize(
    "query, expected",
    [
        ("state=offline", {"SMOKE-B2-1"}),
        ("kind=camera", {"CAM-G1-1"}),
        ("q=东梯", {"LIFT-B1-1"}),
        ("q=sn-001", {"LIFT-B1-1"}),
        ("q=1单元", {"LIFT-B1-1"}),
        ("device_type=smoke", None),  # device_type is an id: a code is a form error, nothing listed
    ],
)
def test_filters_narrow_the_list(login, personas, devices, query, expected):
    r = login(personas["subdistrict_admin"]).get(f"/smart/devices/?{query}")
    assert r.status_code == 200
    assert codes(r) == (expected or set())


def test_filters_by_vendor_maintainer_type_and_unit_subtree(login, personas, devices, tree):
    client = login(personas["subdistrict_admin"])
    lift = devices["lift"]
    assert codes(client.get(f"/smart/devices/?vendor={devices['vendor'].pk}")) == {"LIFT-B1-1"}
    assert codes(client.get(f"/smart/devices/?maintainer={devices['maintainer'].pk}")) == {"LIFT-B1-1"}
    assert codes(client.get(f"/smart/devices/?device_type={lift.device_type_id}")) == {"LIFT-B1-1"}
    assert codes(client.get(f"/smart/devices/?under={tree.G1.pk}")) == {"LIFT-B1-1", "CAM-G1-1"}
    assert codes(client.get(f"/smart/devices/?under={tree.D2.pk}")) == {"SMOKE-B2-1"}


def test_the_list_paginates(login, personas, devices, tree):
    from smart.tests.builders.pages import make_device

    for i in range(25):
        make_device(f"X-{i:02d}", "water", tree.B1)
    r = login(personas["subdistrict_admin"]).get("/smart/devices/")
    assert len(r.context["object_list"]) == 20 and r.context["paginator"].count == 28
    assert len(login(personas["subdistrict_admin"]).get("/smart/devices/?page=2").context["object_list"]) == 8


def test_the_map_geojson_holds_only_devices_in_scope_with_a_pin(login, personas, devices, tree):
    features = login(personas["grid_worker"]).get("/smart/devices/map/devices.geojson").json()["features"]
    assert [f["properties"]["code"] for f in features] == ["LIFT-B1-1"]  # the camera has no pin, nor has its grid
    p = features[0]["properties"]
    assert p["state"] == "online" and p["alarms"] == 1 and p["severity"] == 5
    assert p["url"] == f"/smart/devices/{devices['lift'].pk}/"
    assert any(r["value"] is not None for r in p["readings"])
    assert features[0]["geometry"]["coordinates"] == [121.225, 31.025]
    every = login(personas["subdistrict_admin"]).get("/smart/devices/map/devices.geojson").json()["features"]
    assert {f["properties"]["code"] for f in every} == {"LIFT-B1-1", "SMOKE-B2-1"}


def test_a_device_without_a_pin_is_drawn_at_its_units_pin(login, personas, devices, tree):
    type(tree.G1).objects.filter(pk=tree.G1.pk).update(lat="31.0200", lng="121.2200")
    features = login(personas["grid_worker"]).get("/smart/devices/map/devices.geojson?kind=camera").json()["features"]
    assert [f["properties"]["code"] for f in features] == ["CAM-G1-1"]
    assert features[0]["geometry"]["coordinates"] == [121.22, 31.02]


def test_the_map_page_renders_for_staff(login, personas, devices):
    r = login(personas["police"]).get("/smart/devices/map/?state=online")
    assert r.status_code == 200
    assert b'id="device-map"' in r.content and b"devices.geojson?state=online" in r.content


def test_the_device_page_shows_the_device_its_readings_events_and_alarms(login, personas, devices):
    lift = devices["lift"]
    with translation.override("en"):
        r = login(personas["property_company"]).get(f"/smart/devices/{lift.pk}/")
    assert r.status_code == 200
    html = r.content.decode()
    assert "1号楼东梯" in html and "SN-001" in html and "奥的斯" in html and "上海电梯维保公司" in html
    assert 'id="chart-speed"' in html and 'id="chart-floor"' in html
    assert f'id="alarm-{devices["lift_alarm"].pk}"' in html
    readings = {r["key"]: r["value"] for r in r.context["readings"]}
    assert readings["speed"] == pytest.approx(2.1) and readings["floor"] == 4
    assert r.context["can_ack"] and not r.context["can_change"]
    assert 'id="new-credential"' not in html


def test_the_trend_data_has_the_readings_and_the_alarms_for_the_chart(login, personas, devices):
    lift = devices["lift"]
    r = login(personas["grid_worker"]).get(f"/smart/devices/{lift.pk}/series.json?range=24h")
    assert r.status_code == 200
    d = r.json()
    speed = next(m for m in d["measurements"] if m["key"] == "speed")
    assert speed["source"] == "raw" and len(speed["data"]) == 12 and speed["unit"] == "m/s"
    assert speed["data"][0][1] == pytest.approx(1.0)
    assert [a["id"] for a in d["alarms"]] == [devices["lift_alarm"].pk]
    assert d["alarms"][0]["severity"] == 5 and d["alarms"][0]["end"] is None
    assert login(personas["grid_worker"]).get(f"/smart/devices/{lift.pk}/series.json?range=7d").json()["measurements"][0]["source"] == "hourly"
    assert login(personas["grid_worker"]).get(f"/smart/devices/{lift.pk}/series.json?range=1y").status_code == 400


def test_a_camera_snapshot_is_served_only_to_those_who_see_the_camera(login, personas, devices, tree):
    event = devices["camera"].events.get()
    default_storage.save(event.snapshot, ContentFile(b"\xff\xd8\xff\xe0JPEG"))
    url = f"/smart/events/{event.pk}/snapshot/"
    page = login(personas["grid_worker"]).get(f"/smart/devices/{devices['camera'].pk}/").content.decode()
    assert url in page
    r = login(personas["grid_worker"]).get(url)
    assert r.status_code == 200 and r["Content-Type"] == "image/jpeg" and b"".join(r.streaming_content).startswith(b"\xff\xd8")
    assert "private" in r["Cache-Control"]
    other = make_user("d2_worker")
    role_assign(user=other, role="grid_worker", unit=tree.G2)
    assert login(other).get(url).status_code == 404
    assert login(personas["resident"]).get(url).status_code == 404


def test_a_snapshot_path_cannot_leave_the_media_folder(login, personas, devices):
    event = devices["camera"].events.get()
    type(event).objects.filter(pk=event.pk).update(snapshot="../../etc/passwd")
    assert login(personas["grid_worker"]).get(f"/smart/events/{event.pk}/snapshot/").status_code == 404


def test_the_device_page_never_shows_the_credential_digest(login, personas, devices):
    lift = Device.objects.get(pk=devices["lift"].pk)
    assert lift.token_digest
    html = login(personas["subdistrict_admin"]).get(f"/smart/devices/{lift.pk}/").content.decode()
    assert lift.token_digest not in html


def test_the_counts_by_state_ignore_the_state_filter_and_link_to_each_state(login, personas, devices):
    r = login(personas["subdistrict_admin"]).get("/smart/devices/?state=online&kind=elevator")
    assert codes(r) == {"LIFT-B1-1"}
    assert {code: n for code, _label, n in r.context["state_counts"]} == {"online": 1, "offline": 0, "unknown": 0}
    assert 'href="?kind=elevator&amp;state=offline"' in r.content.decode()
