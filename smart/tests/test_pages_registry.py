"""Registering and editing devices, new credentials shown once, vendors and maintainers (smart.change_device)."""

import pytest

from audit.models import AuditLog
from smart.models import Device, DeviceType, Maintainer, Vendor
from smart.services.registry import token_digest
from smart.tests.builders.pages import devices as devices  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def form_data(tree, **kw):
    data = {"code": "GAS-B1-1", "name": "1号楼厨房燃气探测器", "device_type": DeviceType.objects.get(code="gas").pk, "unit": tree.B1.pk, "location": "1号楼",
            "lat": "", "lng": "", "vendor": "", "maintainer": "", "serial": "G-9", "installed_on": "2024-05-01", "is_active": "on"}  # fmt: skip
    data.update(kw)
    return data


def test_an_administrator_registers_a_device_and_sees_its_credential_once(login, personas, devices, tree):
    client = login(personas["subdistrict_admin"])
    assert client.get("/smart/devices/new/").status_code == 200
    r = client.post("/smart/devices/new/", form_data(tree))
    assert r.status_code == 200 and r["Cache-Control"] == "no-store"
    device = Device.objects.get(code="GAS-B1-1")
    token = r.context["token"]
    assert token in r.content.decode() and token_digest(token) == device.token_digest
    assert device.unit == tree.B1 and device.unit_path == tree.B1.path and str(device.installed_on) == "2024-05-01"
    assert token not in client.get(f"/smart/devices/{device.pk}/").content.decode()


def test_a_device_goes_on_a_building_or_grid_in_the_users_scope(login, personas, devices, tree):
    client = login(personas["subdistrict_admin"])
    for unit in (tree.H1, tree.D1):  # a house, a residential district: not offered
        r = client.post("/smart/devices/new/", form_data(tree, unit=unit.pk))
        assert r.status_code == 400 and "unit" in r.context["form"].errors
    r = client.post("/smart/devices/new/", form_data(tree, unit=tree.G2.pk, lat="31.1"))
    assert r.status_code == 400 and "lng" in r.context["form"].errors
    r = client.post("/smart/devices/new/", form_data(tree, code="LIFT-B1-1"))
    assert r.status_code == 400 and "code" in r.context["form"].errors
    assert not Device.objects.filter(code="GAS-B1-1").exists()


@pytest.mark.parametrize("persona", ["grid_worker", "secretary", "property_company", "police", "area_manager"])
def test_staff_without_the_registry_right_may_not_register_or_edit(login, personas, devices, tree, persona):
    client = login(personas[persona])
    lift = devices["lift"]
    assert client.get("/smart/devices/new/").status_code == 403
    assert client.post("/smart/devices/new/", form_data(tree)).status_code == 403
    assert client.get(f"/smart/devices/{lift.pk}/edit/").status_code == 403
    assert client.post(f"/smart/devices/{lift.pk}/credential/").status_code == 403
    assert client.get("/smart/vendors/").status_code == 403
    assert client.get("/smart/maintainers/").status_code == 403


def test_the_system_administrator_edits_a_device_but_not_its_code(login, personas, devices, tree):
    lift = devices["lift"]
    client = login(personas["sysadmin"])
    data = form_data(tree, code="CHANGED", name="1号楼东梯(新)", device_type=lift.device_type_id, unit=tree.G1.pk, lat="31.030000", lng="121.230000")
    r = client.post(f"/smart/devices/{lift.pk}/edit/", data)
    assert r.status_code == 302 and r["Location"] == f"/smart/devices/{lift.pk}/"
    lift.refresh_from_db()
    assert lift.code == "LIFT-B1-1" and lift.name == "1号楼东梯(新)" and lift.unit == tree.G1 and lift.unit_path == tree.G1.path
    assert str(lift.lat) == "31.030000"


def test_a_new_credential_replaces_the_old_one_and_is_shown_once(login, personas, devices):
    lift = devices["lift"]
    old = Device.objects.get(pk=lift.pk).token_digest
    client = login(personas["subdistrict_admin"])
    assert client.get(f"/smart/devices/{lift.pk}/credential/").status_code == 405
    r = client.post(f"/smart/devices/{lift.pk}/credential/")
    assert r.status_code == 200 and r["Cache-Control"] == "no-store"
    new = Device.objects.get(pk=lift.pk).token_digest
    assert new != old and token_digest(r.context["token"]) == new
    log = AuditLog.objects.filter(object_type="smart.device", object_id=str(lift.pk)).latest("id")
    assert log.changes == {"credential": "reissued"} and log.user == personas["subdistrict_admin"]
    assert new not in str(log.changes) and r.context["token"] not in str(log.changes)


def test_editing_a_device_outside_the_scope_answers_404(login, personas, devices, tree):
    from accounts.services import role_assign
    from core.testing import make_user

    registrar = make_user("d1_registrar")
    role_assign(user=registrar, role="sysadmin", unit=tree.D1)
    client = login(registrar)
    assert client.get(f"/smart/devices/{devices['smoke'].pk}/edit/").status_code == 404
    assert client.post(f"/smart/devices/{devices['smoke'].pk}/credential/").status_code == 404
    r = client.post("/smart/devices/new/", form_data(tree, unit=tree.B2.pk))
    assert r.status_code == 400 and "unit" in r.context["form"].errors


def test_vendors_are_added_with_a_key_shown_once_and_edited(login, personas, devices):
    client = login(personas["sysadmin"])
    assert client.get("/smart/vendors/").status_code == 200
    r = client.post("/smart/vendors/new/", {"code": "hik", "name": "海康威视", "is_active": "on"})
    assert r.status_code == 200 and r["Cache-Control"] == "no-store"
    vendor = Vendor.objects.get(code="hik")
    assert token_digest(r.context["key"]) == vendor.key_digest
    r = client.post(f"/smart/vendors/{vendor.pk}/", {"code": "other", "name": "海康威视数字技术"})
    assert r.status_code == 302
    vendor.refresh_from_db()
    assert vendor.code == "hik" and vendor.name == "海康威视数字技术" and not vendor.is_active
    r = client.post(f"/smart/vendors/{vendor.pk}/key/")
    assert token_digest(r.context["key"]) == Vendor.objects.get(pk=vendor.pk).key_digest
    assert vendor.key_digest not in client.get("/smart/vendors/").content.decode()
    assert client.post("/smart/vendors/new/", {"code": "hik", "name": "重复"}).status_code == 400


def test_maintainers_are_added_with_their_members(login, personas, devices):
    client = login(personas["subdistrict_admin"])
    r = client.post("/smart/maintainers/new/", {"name": "消防维保公司", "phone": "021-5555", "usernames": "property_company, grid_worker"})
    assert r.status_code == 302
    m = Maintainer.objects.get(name="消防维保公司")
    assert set(m.members.values_list("username", flat=True)) == {"property_company", "grid_worker"}
    r = client.post(f"/smart/maintainers/{m.pk}/", {"name": "消防维保公司", "phone": "", "usernames": "nobody"})
    assert r.status_code == 400 and "usernames" in r.context["form"].errors
    assert client.get(f"/smart/maintainers/{m.pk}/").status_code == 200
    assert client.get("/smart/maintainers/").status_code == 200
