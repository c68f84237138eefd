"""The organisation and project pages and API: the 公益慈善企业库 and 共建单位 by kind, public without
contacts, scoped for staff; credit-code errors as a 400 naming the field."""

import pytest
from django.urls import reverse
from django.utils import translation

from resources.models import Organisation, Project, Resource
from resources.services.orgs import organisation_update
from resources.tests.builders import CREDIT_CODE, types
from resources.tests.builders.spaces import LETTER_CODE, grow_spaces, org, project, space

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def charity(tree):
    return org(tree.D1, name="松江公益科技有限公司", code=CREDIT_CODE, contact_name="李经理", contact_phone="13800001234", districts=[tree.D1])


@pytest.fixture
def lecture(charity):
    return project(charity, name="银龄健康讲座", content="每月一次", capacity=40)


def test_the_enterprise_library_lists_by_kind_for_anyone_signed_in(login, personas, tree, charity):
    co = org(tree.D2, name="区税务局", kind="co_building", code="")
    gone = org(tree.D2, name="已停止合作的企业", code="")
    organisation_update(organisation=gone, is_active=False)
    client = login(personas["resident"])
    ids = lambda r: {o.pk for o in r.context["object_list"]}  # noqa: E731
    assert ids(client.get(reverse("resources:organisation-list"), {"kind": "enterprise"})) == {charity.pk}
    assert ids(client.get(reverse("resources:organisation-list"), {"kind": "co_building"})) == {co.pk}
    assert ids(client.get(reverse("resources:organisation-list"))) == {charity.pk, co.pk}
    assert ids(login(personas["subdistrict_admin"]).get(reverse("resources:organisation-list"))) == {charity.pk, co.pk, gone.pk}


def test_the_organisation_page_lists_its_projects_and_spaces_without_contacts_for_residents(login, personas, tree, charity, lecture):
    room = space(tree.D1, name="企业活动室", organisation=charity)
    stopped = project(charity, name="已结束的项目")
    stopped.is_active = False
    stopped.save()
    r = login(personas["resident"]).get(reverse("resources:organisation-detail", args=[charity.pk]))
    html = r.content.decode()
    assert "银龄健康讲座" in html and "企业活动室" in html and "已结束的项目" not in html and CREDIT_CODE in html
    assert "13800001234" not in html and "李经理" not in html
    assert reverse("resources:project-detail", args=[lecture.pk]) in html and reverse("resources:space-detail", args=[room.pk]) in html
    staff = login(personas["secretary"]).get(reverse("resources:organisation-detail", args=[charity.pk])).content.decode()
    assert "13800001234" in staff and "已结束的项目" in staff and reverse("resources:project-create", args=[charity.pk]) in staff
    assert login(personas["resident"]).get(reverse("resources:project-detail", args=[stopped.pk])).status_code == 404
    assert login(personas["resident"]).get(reverse("resources:project-detail", args=[lecture.pk])).status_code == 200


def test_staff_enter_an_organisation_and_a_project_through_the_pages(login, personas, tree):
    client = login(personas["social_worker"])
    data = {"kind": "enterprise", "name": "白云爱心企业", "credit_code": LETTER_CODE.lower(), "unit": tree.D1.pk, "districts": [tree.D1.pk]}
    r = client.post(reverse("resources:organisation-create"), data)
    o = Organisation.objects.get(name="白云爱心企业")
    assert r.status_code == 302 and o.credit_code == LETTER_CODE and list(o.districts.all()) == [tree.D1]
    with translation.override("en"):
        dup = client.post(reverse("resources:organisation-create"), {**data, "name": "另一家"}, **EN)
    assert dup.status_code == 200 and "already registered" in str(dup.context["form"].errors["credit_code"])
    wrong = client.post(reverse("resources:organisation-create"), {**data, "name": "第三家", "credit_code": "91110000600037341A"})
    assert "credit_code" in wrong.context["form"].errors and Organisation.objects.count() == 1
    p = {
        "name": "青少年编程课", "types": [t.pk for t in types("youth", "skills_training")], "content": "周六上午", "capacity": 20, "deliveries": 8,
        "budget": "5000", "cost_to_requester": "0", "starts_on": "2025-03-01", "ends_on": "2025-12-31", "hours_5": "09:00-11:30",
    }  # fmt: skip
    r = client.post(reverse("resources:project-create", args=[o.pk]), p)
    proj = Project.objects.get(name="青少年编程课")
    assert r.status_code == 302 and proj.availability == {"5": [["09:00", "11:30"]]} and Resource.objects.get(project=proj).capacity_per_period == 8
    bad = client.post(reverse("resources:project-create", args=[o.pk]), {**p, "name": "坏", "ends_on": "2025-01-01"})
    assert "ends_on" in bad.context["form"].errors and not Project.objects.filter(name="坏").exists()
    r = client.post(reverse("resources:project-edit", args=[proj.pk]), {**p, "capacity": 25, "is_active": "on"})
    assert r.status_code == 302 and Resource.objects.get(project=proj).capacity == 25
    client.post(reverse("resources:project-deactivate", args=[proj.pk]))
    assert not Resource.objects.get(project=proj).is_active


def test_organisation_writes_need_the_right_in_scope(login, personas, tree, charity, lecture):
    edit = reverse("resources:organisation-edit", args=[charity.pk])
    assert login(personas["resident"]).get(reverse("resources:organisation-create")).status_code == 403
    assert login(personas["resident"]).get(edit).status_code == 404
    assert login(personas["area_manager"]).get(edit).status_code == 403
    assert login(personas["area_manager"]).get(reverse("resources:project-edit", args=[lecture.pk])).status_code == 403
    assert login(personas["secretary"]).get(edit).status_code == 200
    far = org(tree.D2, name="蓝天企业", code="")
    assert login(personas["secretary"]).get(reverse("resources:project-create", args=[far.pk])).status_code == 404
    page = login(personas["secretary"]).get(reverse("resources:organisation-create"))
    assert list(page.context["form"].fields["unit"].queryset) == [tree.D1]


def test_the_api_answers_credit_code_errors_as_400_naming_the_field(api, personas, tree, charity):
    client = api(personas["social_worker"])
    body = {"kind": "enterprise", "name": "新企业", "unit": tree.D1.pk, "credit_code": "91110000600037341A"}
    r = client.post("/api/organisations/", body, format="json", **EN)
    assert r.status_code == 400 and r.json()["credit_code"] == ["The check character of this unified social credit code is wrong."]
    r = client.post("/api/organisations/", {**body, "credit_code": CREDIT_CODE}, format="json", **EN)
    assert r.status_code == 400 and "already registered" in r.json()["credit_code"][0]
    r = client.post("/api/organisations/", {**body, "name": charity.name, "credit_code": ""}, format="json", **EN)
    assert r.status_code == 400 and "name" in r.json()
    r = client.post("/api/organisations/", {**body, "credit_code": LETTER_CODE, "districts": [tree.D1.pk]}, format="json")
    assert r.status_code == 201 and r.json()["credit_code"] == LETTER_CODE
    assert (
        api(personas["social_worker"]).post("/api/organisations/", {**body, "name": "D2企业", "unit": tree.D2.pk, "credit_code": ""}, format="json").status_code
        == 404  # another district's unit is, to her, no unit (core/api.py)
    )


def test_the_api_enters_charity_projects_through_the_service(api, personas, tree, charity, lecture):
    client = api(personas["secretary"])
    rows = client.get("/api/charity-projects/").json()["results"]
    assert [r["id"] for r in rows] == [lecture.pk] and rows[0]["types"] == ["elderly"]
    body = {
        "organisation": charity.pk,
        "name": "法律援助进社区",
        "types": ["legal_aid"],
        "capacity": 30,
        "deliveries": 2,
        "availability": {"2": [["14:00", "16:00"]]},
    }
    r = client.post("/api/charity-projects/", body, format="json")
    assert r.status_code == 201, r.json()
    assert Resource.objects.get(project_id=r.json()["id"]).capacity_per_period == 2
    bad = client.post("/api/charity-projects/", {**body, "name": "坏", "availability": {"2": [["16:00", "14:00"]]}}, format="json")
    assert bad.status_code == 400 and "availability" in bad.json()
    assert api(personas["area_manager"]).patch(f"/api/charity-projects/{lecture.pk}/", {"capacity": 5}, format="json").status_code == 403
    assert client.patch(f"/api/charity-projects/{lecture.pk}/", {"capacity": 5}, format="json").status_code == 200
    assert Resource.objects.get(project=lecture).capacity == 5


@pytest.mark.parametrize("url", ["/resources/organisations/", "/resources/organisations/?kind=co_building", "/api/organisations/", "/api/charity-projects/"])
def test_organisation_lists_make_the_same_number_of_queries_for_more_data(login, api, personas, tree, url, django_assert_max_num_queries):
    user = personas["subdistrict_admin"]
    client = api(user) if url.startswith("/api/") else login(user)
    grow_spaces(tree, 2)
    client.get(url)
    with django_assert_max_num_queries(20) as small:
        assert client.get(url).status_code == 200
    grow_spaces(tree, 8, start=2)
    with django_assert_max_num_queries(len(small)):
        assert client.get(url).status_code == 200


def test_the_organisation_page_makes_the_same_number_of_queries_for_more_projects(login, personas, tree, charity, django_assert_max_num_queries):
    client = login(personas["subdistrict_admin"])
    url = reverse("resources:organisation-detail", args=[charity.pk])
    project(charity, name="项目A", districts=[tree.D1])
    space(tree.D1, name="空间A", organisation=charity)
    client.get(url)
    with django_assert_max_num_queries(30) as small:
        client.get(url)
    for i in range(6):
        project(charity, name=f"更多项目{i}", districts=[tree.D1, tree.D2])
        space(tree.D1, name=f"更多空间{i}", organisation=charity)
    with django_assert_max_num_queries(len(small)):
        client.get(url)
