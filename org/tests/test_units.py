import pytest
from django.core.exceptions import ValidationError

from org.models import Unit
from org.services import unit_create


def test_everything_under_a_unit_is_one_prefix_query(tree, django_assert_num_queries):
    with django_assert_num_queries(1):
        names = set(Unit.objects.under(tree.A1).values_list("name", flat=True))
    assert names == {"第一片区", "白云居民区", "白云1号网格", "1号楼", "101室", "102室"}


def test_paths_follow_the_tree(tree):
    assert tree.H1.path.startswith(tree.B1.path) and tree.B1.path.startswith(tree.G1.path)
    assert tree.H1.depth == 6 and [a.name for a in tree.H1.ancestors()] == ["中山街道", "第一片区", "白云居民区", "白云1号网格", "1号楼"]


def test_the_tree_refuses_a_unit_of_the_wrong_level(tree):
    with pytest.raises(ValidationError):
        unit_create(parent=tree.D1, kind="building", code="X1", name="错层楼")
    with pytest.raises(ValidationError):
        unit_create(parent=None, kind="grid", code="X2", name="孤立网格")


def test_several_subdistricts_live_in_one_installation(tree):
    other = unit_create(parent=None, kind="subdistrict", code="YY", name="岳阳街道")
    assert other.depth == 1 and not other.path.startswith(tree.S.path)


def test_a_system_administrator_adds_a_grid_through_the_api(api, personas, tree):
    r = api(personas["sysadmin"]).post("/api/units/", {"parent": tree.D1.pk, "kind": "grid", "code": "G-NEW", "name": "白云2号网格"}, format="json")
    assert r.status_code == 201, r.content
    assert Unit.objects.get(code="G-NEW").path.startswith(tree.D1.path)


def test_a_grid_worker_may_not_change_the_tree(api, personas, tree):
    c = api(personas["grid_worker"])
    assert c.post("/api/units/", {"parent": tree.G1.pk, "kind": "building", "code": "B-NEW", "name": "9号楼"}, format="json").status_code == 403
    assert c.patch(f"/api/units/{tree.G1.pk}/", {"name": "改名"}, format="json").status_code == 403
    tree.G1.refresh_from_db()
    assert tree.G1.name == "白云1号网格"


def test_a_wrong_level_through_the_api_is_a_400_in_the_users_language(api, personas, tree):
    r = api(personas["sysadmin"]).post("/api/units/", {"parent": tree.D1.pk, "kind": "house", "code": "H-X", "name": "错"}, format="json", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert r.status_code == 400 and "不能放在" in str(r.json())


def test_the_unit_page_shows_children_counts_and_responsible_persons(login, personas, tree, people):
    from org.models import Responsible

    Responsible.objects.create(unit=tree.D1, name="陈红", title="居委会书记", phone="021-57830000")
    r = login(personas["secretary"]).get(f"/org/units/{tree.D1.pk}/")
    body = r.content.decode()
    assert "白云1号网格" in body and "陈红" in body and "居委会书记" in body
    assert r.context["counts"]["residents"] == 2 and r.context["counts"]["households"] == 1


def test_the_grid_map_data_holds_only_grids_in_scope(login, personas, tree):
    data = login(personas["secretary"]).get("/org/map/grids.geojson").json()
    assert [f["properties"]["name"] for f in data["features"]] == ["白云1号网格"]
    assert data["features"][0]["geometry"]["type"] == "Polygon"


def test_the_api_docs_and_schema_are_served(client, personas):
    client.force_login(personas["secretary"])
    assert client.get("/api/schema/").status_code == 200
    docs = client.get("/api/docs/")
    assert docs.status_code == 200 and b"swagger-ui" in docs.content and b"cdn.jsdelivr" not in docs.content
