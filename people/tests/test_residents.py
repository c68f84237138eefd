import pytest
from django.utils import translation

from audit.models import AuditLog
from people.models import Resident


def test_a_secretary_sees_the_full_id_number_on_request_and_it_is_audited(api, personas, people):
    zsf = people["zsf"]
    detail = api(personas["secretary"]).get(f"/api/residents/{zsf.pk}/").json()
    assert detail["id_number_masked"] == "1****************X" and "id_number" not in detail
    r = api(personas["secretary"]).post(f"/api/residents/{zsf.pk}/reveal/", {"field": "id_number"}, format="json")
    assert r.status_code == 200 and r.json()["value"] == "11010519491231002X"
    assert AuditLog.objects.filter(action="view_pii", username="secretary", object_id=str(zsf.pk)).count() == 1


def test_a_social_worker_may_not_see_the_full_id_number(api, login, personas, people):
    zsf = people["zsf"]
    assert api(personas["social_worker"]).post(f"/api/residents/{zsf.pk}/reveal/", {"field": "id_number"}, format="json").status_code == 403
    assert login(personas["social_worker"]).post(f"/people/residents/{zsf.pk}/reveal/id_number/").status_code == 403
    assert not AuditLog.objects.filter(action="view_pii").exists()


def test_the_reveal_page_fragment_shows_the_number_and_records_it(login, personas, people):
    r = login(personas["secretary"]).post(f"/people/residents/{people['zsf'].pk}/reveal/mobile/")
    assert "13812341234" in r.content.decode()
    assert AuditLog.objects.filter(action="view_pii", changes__field="mobile").exists()


@pytest.mark.parametrize("q,found", [("zsf", {"张三丰"}), ("zhangsan", {"张三丰"}), ("ZSF", {"张三丰"}), ("张三", {"张三丰"}), ("白云", {"张三丰", "王芳"}),
                                     ("11010519491231002X", {"张三丰"}), ("13812341234", {"张三丰"}), ("wf", {"王芳"})])
def test_search_finds_by_name_pinyin_initials_address_and_full_numbers(api, personas, people, q, found):
    rows = api(personas["subdistrict_admin"]).get("/api/residents/", {"q": q}).json()["results"]
    assert {r["name"] for r in rows} == found


def test_creating_a_resident_with_a_bad_id_number_is_refused_in_chinese_and_changes_nothing(api, personas, tree, people):
    before = Resident.objects.count()
    with translation.override("zh-hans"):
        r = api(personas["secretary"]).post("/api/residents/", {"name": "赵六", "id_number": "110105194912310021", "house": tree.H1.pk, "relation": "child"},
                                            format="json", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert r.status_code == 400
    assert "校验码" in str(r.json()["id_number"])
    assert Resident.objects.count() == before


def test_a_duplicate_id_number_is_refused(api, personas, tree, people):
    r = api(personas["secretary"]).post("/api/residents/", {"name": "张三丰", "id_number": "11010519491231002X", "house": tree.H1.pk}, format="json")
    assert r.status_code == 400 and "id_number" in r.json()


def test_a_secretary_registers_a_resident_in_her_district(api, personas, tree, people):
    r = api(personas["secretary"]).post("/api/residents/", {"name": "赵六", "id_number": "310117200001010019", "mobile": "13600001234", "house": tree.H1b.pk}, format="json")
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["id_number_masked"] == "3****************9" and body["mobile_masked"] == "136****1234" and body["gender"] == "M"


def test_nobody_registers_a_resident_outside_their_district(api, personas, tree):
    r = api(personas["secretary"]).post("/api/residents/", {"name": "赵六", "id_number": "310117200001010019", "house": tree.H2.pk}, format="json")
    assert r.status_code == 404  # another district's house is, to her, no house (core/api.py)
    assert not Resident.objects.filter(name="赵六").exists()


def test_a_volunteer_cannot_write_people_data(api, personas, tree):
    r = api(personas["volunteer"]).post("/api/residents/", {"name": "赵六", "id_number": "310117200001010019", "house": tree.H1.pk}, format="json")
    assert r.status_code == 403


def test_the_page_form_refuses_a_bad_mobile_with_a_message(login, personas, tree, people):
    r = login(personas["secretary"]).post(f"/people/residents/new/?house={tree.H1b.pk}", {"name": "赵六", "id_number": "310117200001010019", "mobile": "12345", "relation": "head"})
    assert r.status_code == 200 and "mobile" in r.context["form"].errors
    assert not Resident.objects.filter(name="赵六").exists()


def test_the_page_form_registers_a_resident(login, personas, tree, people):
    r = login(personas["grid_worker"]).post(f"/people/residents/new/?house={tree.H1b.pk}", {"name": "赵六", "id_number": "310117200001010019", "mobile": "13600001234", "relation": "head"})
    assert r.status_code == 302
    assert Resident.objects.get(name="赵六").name_initials == "zl"


def test_co_owners_have_exactly_one_voting_representative(tree, people):
    from django.db import IntegrityError, transaction

    from people.models import Ownership
    from people.services import ownership_create

    a = ownership_create(house=tree.H1, owner=people["zsf"], share_percent=50)
    b = ownership_create(house=tree.H1, owner=people["wife"], share_percent=50)
    assert a.is_representative and not b.is_representative
    with pytest.raises(IntegrityError), transaction.atomic():
        Ownership.objects.filter(pk=b.pk).update(is_representative=True)


def test_the_under_filter_keeps_residents_below_a_unit(api, personas, tree, people):
    client = api(personas["subdistrict_admin"])
    assert {r["name"] for r in client.get("/api/residents/", {"under": tree.D2.pk}).json()["results"]} == {"李四"}
    assert {u["name"] for u in client.get("/api/units/", {"under": tree.B1.pk}).json()["results"]} == {"1号楼", "101室", "102室"}
    assert client.get("/api/residents/", {"under": 999999}).json()["results"] == []
