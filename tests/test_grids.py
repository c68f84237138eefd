"""Grids: 区域清 (boundaries checked, drawn, imported), 权责清/人员清 (responsible persons kept), coverage, 全要素 (elements)."""

import json
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from org.geometry import GeometryError, Shape
from org.models import GridElement, Responsible, Unit
from org.services import boundary_check, responsible_create, unit_create


def square(x, y, side=0.01):
    return {"type": "Polygon", "coordinates": [[[x, y], [x + side, y], [x + side, y + side], [x, y + side], [x, y]]]}


BOWTIE = {"type": "Polygon", "coordinates": [[[121.22, 31.02], [121.23, 31.03], [121.23, 31.02], [121.22, 31.03], [121.22, 31.02]]]}
DISTRICT = square(121.20, 31.00, 0.05)  # D1's boundary holds G1 (121.22..121.23, 31.02..31.03)


# geometry -----------------------------------------------------------------------------------------------
def test_a_square_of_a_hundredth_degree_has_about_a_square_kilometre():
    assert 0.9e6 < Shape(square(121.22, 31.02)).area < 1.1e6


def test_the_overlap_of_two_half_shifted_squares_is_half_their_area():
    a, b = Shape(square(121.22, 31.02)), Shape(square(121.225, 31.02), origin_lat=31.025)
    a = Shape(square(121.22, 31.02), origin_lat=31.025)
    assert a.intersection_area(b) == pytest.approx(a.area / 2, rel=1e-6)


def test_the_overlap_of_concave_polygons_is_exact():
    ell = {"type": "Polygon", "coordinates": [[[0, 0], [0.02, 0], [0.02, 0.01], [0.01, 0.01], [0.01, 0.02], [0, 0.02], [0, 0]]]}
    a, b = Shape(ell, origin_lat=0), Shape(square(0.01, 0.01), origin_lat=0)  # the square fills the L's missing corner
    assert a.intersection_area(b) == pytest.approx(0, abs=1e-3)
    assert a.intersection_area(Shape(square(0.005, 0.005), origin_lat=0)) == pytest.approx(Shape(square(0, 0), origin_lat=0).area * 0.75, rel=1e-6)


@pytest.mark.parametrize(
    "geometry",
    [BOWTIE, {"type": "Point", "coordinates": [121, 31]}, {"type": "Polygon", "coordinates": []}, {"type": "Polygon", "coordinates": [[[121, 31], [122, 31], [121, 31]]]}, {"type": "Polygon", "coordinates": [[["a", 31], [122, 31], [122, 32], [121, 31]]]}, {"type": "Polygon", "coordinates": [[[500, 31], [122, 31], [122, 32], [500, 31]]]}, {"type": "Polygon", "coordinates": [[[10**400, 31], [122, 31], [122, 32], [10**400, 31]]]}, "x"],
)
def test_anything_but_one_simple_ring_is_not_a_boundary(geometry):
    with pytest.raises(GeometryError):
        Shape(geometry)


# boundaries through the service, the API and the page -------------------------------------------------
def test_the_api_refuses_a_boundary_that_is_not_a_polygon(api, personas, tree):
    c = api(personas["subdistrict_admin"])
    for bad in ({"anything": "goes"}, BOWTIE, {"type": "Polygon", "coordinates": [[[121.22, 31.02]]]}):
        r = c.patch(f"/api/units/{tree.G1.pk}/", {"boundary": bad}, format="json")
        assert r.status_code == 400 and "boundary" in r.json(), r.content
    tree.G1.refresh_from_db()
    assert tree.G1.boundary["coordinates"][0][0] == [121.22, 31.02]


def test_a_boundary_must_stay_inside_the_parents_boundary(api, personas, tree):
    Unit.objects.filter(pk=tree.D1.pk).update(boundary=DISTRICT)
    c = api(personas["subdistrict_admin"])
    r = c.patch(f"/api/units/{tree.G1.pk}/", {"boundary": square(121.24, 31.04, 0.02)}, format="json")  # a quarter outside
    assert r.status_code == 400 and "白云居民区" in str(r.json()["boundary"])
    assert c.patch(f"/api/units/{tree.G1.pk}/", {"boundary": square(121.21, 31.01)}, format="json").status_code == 200


def test_a_boundary_overlapping_a_siblings_is_refused_beyond_the_tolerance(tree, settings):
    settings.BOUNDARY_TOLERANCE = 0.02
    with pytest.raises(ValidationError) as e:
        unit_create(parent=tree.D1, kind="grid", code="G-OVER", name="重叠网格", boundary=square(121.225, 31.02))
    assert "白云1号网格" in str(e.value)
    # a sliver along the shared edge (1 % of the area) is a drawing tolerance, not an overlap
    grid = unit_create(parent=tree.D1, kind="grid", code="G-EDGE", name="相邻网格", boundary=square(121.2299, 31.02))
    assert grid.boundary["coordinates"][0][-1] == grid.boundary["coordinates"][0][0]
    assert boundary_check(parent=tree.D1, boundary=square(121.23, 31.02), exclude_pk=grid.pk)


def test_the_boundary_editor_saves_a_drawn_polygon_and_shows_why_one_is_refused(login, personas, tree):
    c = login(personas["subdistrict_admin"])
    page = c.get(f"/org/units/{tree.G1.pk}/boundary/")
    assert page.status_code == 200 and b"boundary-editor.js" in page.content
    r = c.post(f"/org/units/{tree.G1.pk}/boundary/", {"boundary": json.dumps(BOWTIE)})
    assert r.status_code == 200 and r.context["form"].errors["boundary"] == ["边界自相交。"]  # "The boundary crosses itself.", in the user's language
    r = c.post(f"/org/units/{tree.G1.pk}/boundary/", {"boundary": json.dumps(square(121.30, 31.05))})
    assert r.status_code == 302
    tree.G1.refresh_from_db()
    assert tree.G1.boundary["coordinates"][0][0] == [121.30, 31.05]


def test_the_boundary_editor_is_for_those_who_may_change_the_unit(login, personas, tree):
    assert login(personas["grid_worker"]).get(f"/org/units/{tree.G1.pk}/boundary/").status_code == 403
    assert login(personas["secretary"]).get(f"/org/units/{tree.G2.pk}/boundary/").status_code == 404


def test_the_editor_shows_the_parent_and_the_siblings_as_context(login, personas, tree):
    Unit.objects.filter(pk=tree.D1.pk).update(boundary=DISTRICT)
    unit_create(parent=tree.D1, kind="grid", code="G-NB", name="<b>邻居</b>", boundary=square(121.20, 31.00))
    data = login(personas["subdistrict_admin"]).get(f"/org/units/{tree.G1.pk}/boundary/context.geojson").json()
    assert {(f["properties"]["name"], f["properties"]["role"]) for f in data["features"]} == {("白云居民区", "parent"), ("<b>邻居</b>", "sibling")}


def geojson_file(features):
    f = BytesIO(json.dumps({"type": "FeatureCollection", "features": features}).encode())
    f.name = "grids.geojson"
    return f


def feature(code, geometry):
    return {"type": "Feature", "properties": {"code": code}, "geometry": geometry}


def test_boundaries_import_from_geojson_all_or_nothing(login, personas, tree):
    g2 = unit_create(parent=tree.D1, kind="grid", code="TG1b", name="白云2号网格")
    c = login(personas["subdistrict_admin"])
    url = f"/org/units/{tree.D1.pk}/boundaries/import/"
    # swapping two grids' boundaries is fine: each is checked against the file's other boundaries
    bad = [feature("TG1", square(121.40, 31.05)), feature("TG1b", square(121.405, 31.05)), feature("TG2", square(121.5, 31.05))]
    with translation.override("en"):
        r = c.post(url, {"file": geojson_file(bad)})
    assert r.status_code == 200 and len(r.context["problems"]) == 1 and "TG2" in r.context["problems"][0]
    tree.G1.refresh_from_db()
    assert tree.G1.boundary["coordinates"][0][0] == [121.22, 31.02]
    good = [feature("TG1", square(121.23, 31.02)), feature("TG1b", square(121.22, 31.02))]
    assert c.post(url, {"file": geojson_file(good)}).status_code == 302
    tree.G1.refresh_from_db()
    g2.refresh_from_db()
    assert tree.G1.boundary["coordinates"][0][0] == [121.23, 31.02] and g2.boundary["coordinates"][0][0] == [121.22, 31.02]


def test_overlaps_inside_an_imported_file_are_refused(login, personas, tree):
    unit_create(parent=tree.D1, kind="grid", code="TG1b", name="白云2号网格")
    overlapping = [feature("TG1", square(121.40, 31.05)), feature("TG1b", square(121.405, 31.05))]
    with translation.override("en"):
        r = login(personas["subdistrict_admin"]).post(f"/org/units/{tree.D1.pk}/boundaries/import/", {"file": geojson_file(overlapping)})
    assert r.status_code == 200 and "白云1号网格" in r.context["problems"][0]


# responsible persons (人员清) ----------------------------------------------------------------------------
def test_responsible_persons_are_kept_through_the_page(login, personas, tree):
    c = login(personas["subdistrict_admin"])
    assert b"/responsibles/add/" in c.get(f"/org/units/{tree.G1.pk}/").content
    r = c.post(f"/org/units/{tree.G1.pk}/responsibles/add/", {"name": "王伟", "title": "网格长", "duty": "巡查", "phone": "021-57000001", "username": "grid_worker"})
    assert r.status_code == 302, r.content
    person = Responsible.objects.get(unit=tree.G1)
    assert person.user == personas["grid_worker"]
    assert c.post(f"/org/units/{tree.G1.pk}/responsibles/{person.pk}/", {"name": "王伟", "title": "专职网格员", "username": ""}).status_code == 302
    person.refresh_from_db()
    assert person.title == "专职网格员" and person.user is None
    assert c.post(f"/org/units/{tree.G1.pk}/responsibles/{person.pk}/delete/").status_code == 302
    assert not Responsible.objects.filter(pk=person.pk).exists()


def test_an_account_from_another_district_cannot_be_linked_as_responsible(login, personas, tree):
    c = login(personas["subdistrict_admin"])
    r = c.post(f"/org/units/{tree.G2.pk}/responsibles/add/", {"name": "王伟", "title": "网格长", "username": "grid_worker"})
    assert r.status_code == 200 and not Responsible.objects.exists()


def test_only_those_who_may_change_the_unit_keep_its_responsible_persons(login, personas, tree):
    assert login(personas["grid_worker"]).get(f"/org/units/{tree.G1.pk}/responsibles/add/").status_code == 403
    assert login(personas["secretary"]).get(f"/org/units/{tree.G2.pk}/responsibles/add/").status_code == 404


def test_responsible_persons_are_kept_through_the_api(api, personas, tree):
    c = api(personas["subdistrict_admin"])
    r = c.post("/api/responsibles/", {"unit": tree.G1.pk, "name": "王伟", "title": "网格长", "username": "grid_worker"}, format="json")
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    assert c.patch(f"/api/responsibles/{pk}/", {"phone": "021-57000001"}, format="json").status_code == 200
    assert c.get(f"/api/units/{tree.G1.pk}/").json()["responsibles"][0]["phone"] == "021-57000001"
    assert c.delete(f"/api/responsibles/{pk}/").status_code == 204
    assert api(personas["grid_worker"]).post("/api/responsibles/", {"unit": tree.G1.pk, "name": "李", "title": "网格员"}, format="json").status_code == 403
    assert c.post("/api/responsibles/", {"unit": tree.H1.pk, "name": "李", "title": "楼长"}, format="json").status_code == 400


def test_responsible_persons_import_from_excel_and_update_on_a_second_run(personas, tree):
    from imports.problems import rendered
    from imports.services import import_workbook
    from imports.spec import RESPONSIBLES
    from imports.tests.conftest import workbook

    rows = [("TG1", "王伟", "网格长", "巡查", "021-57000001", "grid_worker"), ("TD1", "李红", "居委会书记", None, None, None)]
    outcome = import_workbook(kind=RESPONSIBLES, fileobj=workbook(RESPONSIBLES, rows), user=personas["subdistrict_admin"])
    assert outcome.problems == [] and outcome.done == 2
    assert Responsible.objects.get(unit=tree.G1).user == personas["grid_worker"]
    again = [("TG1", "王伟", "网格长", "巡查、上报", "021-57000002", None)]
    assert import_workbook(kind=RESPONSIBLES, fileobj=workbook(RESPONSIBLES, again), user=personas["subdistrict_admin"]).done == 1
    person = Responsible.objects.get(unit=tree.G1)
    assert person.phone == "021-57000002" and Responsible.objects.count() == 2
    bad = [("TH1", "张", "楼长", None, None, None), ("TG2", "赵", "网格长", None, None, "grid_worker"), ("NOPE", "钱", "网格长", None, None, "nobody")]
    outcome = import_workbook(kind=RESPONSIBLES, fileobj=workbook(RESPONSIBLES, bad), user=personas["subdistrict_admin"])
    with translation.override("en"):
        got = [(p["row"], p["column"]) for p in rendered(outcome.problems)]
    assert got == [(2, "单位编码"), (3, "平台账号"), (4, "单位编码"), (4, "平台账号")] and Responsible.objects.count() == 2


def test_the_secretary_without_the_right_to_change_units_cannot_import_responsible_persons(personas, tree):
    from imports.selectors import importable_kinds
    from imports.spec import RESPONSIBLES

    assert RESPONSIBLES in importable_kinds(personas["subdistrict_admin"]) and RESPONSIBLES not in importable_kinds(personas["secretary"])


# coverage ------------------------------------------------------------------------------------------------
def test_the_coverage_page_shows_grids_without_boundary_or_responsible_overlaps_and_gaps(login, personas, tree, people):
    Unit.objects.filter(pk=tree.D1.pk).update(boundary=square(121.22, 31.02, 0.02))  # four times G1
    bare = unit_create(parent=tree.D1, kind="grid", code="G-BARE", name="无边界网格")
    Unit.objects.filter(pk=bare.pk).update(boundary=square(121.225, 31.02))  # overlapping G1 by half, written around the checks
    responsible_create(unit=tree.G1, name="王伟", title="网格长")
    c = login(personas["subdistrict_admin"])
    page = c.get("/org/coverage/", {"unit": tree.D1.pk})
    assert page.status_code == 200
    district = page.context["districts"][0]
    rows = {g.unit.code: g for g in district.grids}
    assert rows["TG1"].responsibles == 1 and rows["TG1"].workers == 1 and rows["TG1"].households == 1 and rows["TG1"].residents == 2
    assert rows["TG1"].households_per_worker == 1.0 and rows["G-BARE"].responsibles == 0
    assert district.without_responsible == 1 and district.without_worker == 1
    assert len(district.overlaps) == 1 and district.overlaps[0][2] == pytest.approx(rows["TG1"].area_m2 / 2, rel=1e-3)
    assert district.gap_m2 == pytest.approx(district.area_m2 * (1 - 1.5 / 4), rel=1e-3)
    whole = c.get("/org/coverage/")
    assert whole.status_code == 200 and {d.unit.code for d in whole.context["districts"]} == {"TD1", "TD2"}
    assert "/org/coverage/" in [i["url"] for g in whole.context["nav_groups"] for i in g["items"]]


def test_the_coverage_of_a_district_makes_the_same_number_of_queries_for_more_grids(login, personas, tree, people):
    from tests.test_query_counts import grow

    c = login(personas["subdistrict_admin"])
    grow(tree, 1, start=100)
    c.get("/org/coverage/", {"unit": tree.D1.pk})
    with CaptureQueriesContext(connection) as small:
        c.get("/org/coverage/", {"unit": tree.D1.pk})
    grow(tree, 10)
    with CaptureQueriesContext(connection) as large:
        assert c.get("/org/coverage/", {"unit": tree.D1.pk}).status_code == 200
    assert len(large) == len(small)


def test_a_volunteer_sees_coverage_only_of_what_they_see(login, personas, tree):
    page = login(personas["volunteer"]).get("/org/coverage/")
    assert page.status_code == 200 and [d.unit.code for d in page.context["districts"]] == ["TD1"]
    assert page.context["districts"][0].households is None  # no right to households: no figures
    assert login(personas["outsider"]).get("/org/coverage/").status_code == 403


# elements (全要素) ----------------------------------------------------------------------------------------
def test_a_grid_worker_records_a_shop_of_the_grid(login, personas, tree):
    c = login(personas["grid_worker"])
    r = c.post(f"/org/units/{tree.G1.pk}/elements/add/", {"kind": "shop", "name": "好邻居便利店", "address": "白云路1号", "is_active": "on"})
    assert r.status_code == 302, r.content
    shop = GridElement.objects.get()
    assert shop.unit_path == tree.G1.path and shop.grid == tree.G1
    assert "好邻居便利店" in c.get(f"/org/units/{tree.G1.pk}/").content.decode()
    assert "好邻居便利店" in c.get("/org/elements/").content.decode()
    assert c.get(f"/org/units/{tree.G2.pk}/elements/add/").status_code == 404
    assert login(personas["volunteer"]).get(f"/org/units/{tree.G1.pk}/elements/add/").status_code == 403


def test_elements_are_kept_through_the_api_under_grids_only(api, personas, tree):
    c = api(personas["grid_worker"])
    r = c.post("/api/grid-elements/", {"grid": tree.G1.pk, "kind": "public_place", "name": "白云街心花园"}, format="json")
    assert r.status_code == 201, r.content
    assert c.post("/api/grid-elements/", {"grid": tree.G2.pk, "kind": "shop", "name": "越界"}, format="json").status_code == 404  # out of scope, like a grid that does not exist
    assert c.post("/api/grid-elements/", {"grid": tree.B1.pk, "kind": "shop", "name": "楼里"}, format="json").status_code == 400
    assert c.patch(f"/api/grid-elements/{r.json()['id']}/", {"is_active": False}, format="json").status_code == 200


def test_a_case_about_a_shop_hangs_on_its_grid_and_shows_on_the_shops_page(api, login, personas, tree):
    from cases.models import Case, CaseCategory
    from org.services import element_create

    category = CaseCategory.objects.create(code="W-9", name="占道经营")
    shop = element_create(grid=tree.G1, kind="shop", name="白云水果店", address="白云路8号", lat="31.025", lng="121.225")
    r = api(personas["grid_worker"]).post("/api/cases/", {"category": category.pk, "description": "占道堆放水果", "element": shop.pk}, format="json")
    assert r.status_code == 201, r.content
    case = Case.objects.get(pk=r.json()["id"])
    assert case.element == shop and case.grid == tree.G1 and case.address == "白云路8号" and r.json()["element"] == shop.pk
    other = element_create(grid=tree.G2, kind="shop", name="蓝天小吃")
    assert api(personas["grid_worker"]).post("/api/cases/", {"category": category.pk, "description": "x", "element": other.pk}, format="json").status_code == 400
    assert case.number in login(personas["grid_worker"]).get(shop.get_absolute_url()).content.decode()
    assert shop.get_absolute_url() in login(personas["grid_worker"]).get(f"/cases/{case.pk}/").content.decode()
    assert case.number not in login(personas["volunteer"]).get(shop.get_absolute_url()).content.decode()


def test_a_patrol_reports_a_problem_at_a_public_place(login, personas, tree):
    from cases.models import Case, CaseCategory
    from org.services import element_create

    category = CaseCategory.objects.create(code="W-8", name="设施损坏")
    place = element_create(grid=tree.G1, kind="public_place", name="白云街心花园")
    c = login(personas["grid_worker"])
    assert "白云街心花园" in c.get("/cases/patrol/").content.decode()
    r = c.post("/cases/patrol/", {"category": category.pk, "description": "长椅损坏", "element": place.pk})
    assert r.status_code == 302, r.context["form"].errors if r.context else r
    assert Case.objects.get().element == place


def test_writes_to_grid_elements_are_audited(tree):
    from audit.models import AuditLog
    from org.services import element_create

    element_create(grid=tree.G1, kind="street", name="白云路（一段）")
    assert AuditLog.objects.filter(object_type="org.gridelement", action="create").exists()
