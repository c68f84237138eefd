"""The report page says where the pin falls before the report is sent (issue 15 item 3): the report grids carry
their 居民区, and the page knows the 居民区 of a signed-in resident's home (a visitor has none), so the map can
warn when the pin is in another one. The warning itself is tested in tests/browser/test_maps.py."""

import re

from accounts.services import role_assign
from core.testing import make_user


def pin_area(html: str) -> dict:
    tag = re.search(r'<p id="pin-area"[^>]*>', html, re.S).group(0)
    return dict(re.findall(r'data-([a-z-]+)="([^"]*)"', tag))


def test_the_report_grids_name_the_district_each_grid_belongs_to(client, tree, grids):
    features = client.get("/cases/report/grids.geojson").json()["features"]
    assert {(f["properties"]["name"], f["properties"]["district"], f["properties"]["district_id"]) for f in features} == {
        ("白云1号网格", "白云居民区", tree.D1.pk),
        ("蓝天1号网格", "蓝天居民区", tree.D2.pk),
    }


def test_the_report_page_knows_the_residents_home_district(login, personas, tree):
    area = pin_area(login(personas["resident"]).get("/cases/report/").content.decode())
    assert area["home-ids"] == str(tree.D1.pk) and area["home-names"] == "白云居民区"
    assert "{grid}" in area["in"] and "{home}" in area["other"]


def test_a_resident_with_homes_in_two_districts_is_warned_only_outside_both(client, tree):
    both = make_user("two_homes")
    role_assign(user=both, role="resident", unit=tree.H1)
    role_assign(user=both, role="resident", unit=tree.H2)
    client.force_login(both)
    area = pin_area(client.get("/cases/report/").content.decode())
    assert area["home-ids"].split(",") == [str(tree.D1.pk), str(tree.D2.pk)] and area["home-names"] == "白云居民区、蓝天居民区"


def test_a_visitor_and_staff_have_no_home_district(client, login, personas):
    assert pin_area(client.get("/cases/report/").content.decode())["home-ids"] == ""
    assert pin_area(login(personas["grid_worker"]).get("/cases/report/").content.decode())["home-ids"] == ""
