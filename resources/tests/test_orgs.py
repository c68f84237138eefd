"""共建单位 / 公益慈善企业 and their 公益服务项目清单 (S2.2, S2.3): the unified social credit code, unique
names and codes with clear messages, nothing half-written, and the catalogue kept in step."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from resources.models import Organisation, Project, Resource
from resources.services.orgs import organisation_create, organisation_update, project_create, project_deactivate, project_update
from resources.tests.builders import CREDIT_CODE, types
from resources.tests.builders.spaces import LETTER_CODE, org, project, space

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


def test_valid_credit_codes_are_kept_upper_case_including_letters_in_the_first_positions(tree):
    a = org(tree.D1, name="企业甲", code=" 91110000600037341l ")
    b = org(tree.D1, name="基金会乙", kind="social_org", code=LETTER_CODE.lower())
    assert (a.credit_code, b.credit_code) == (CREDIT_CODE, LETTER_CODE)
    assert org(tree.D1, name="没有代码的共建单位", kind="co_building", code="").credit_code == ""


def test_a_wrong_check_character_is_refused_with_a_clear_message(tree):
    with pytest.raises(ValidationError) as e:
        org(tree.D1, code="91110000600037341A")
    assert e.value.message_dict["credit_code"] == ["统一社会信用代码校验位不正确。"]
    with pytest.raises(ValidationError) as e:
        org(tree.D1, code="9111000060003734")
    assert "18" in e.value.message_dict["credit_code"][0]
    assert not Organisation.objects.exists()


def test_duplicates_are_refused_with_a_clear_message_and_nothing_is_written(tree):
    first = org(tree.D1, name="松江公益科技有限公司", code=CREDIT_CODE)
    with translation.override("en"), pytest.raises(ValidationError) as e:
        org(tree.D2, name="另一家公司", code=CREDIT_CODE)
    assert e.value.message_dict["credit_code"] == ["This unified social credit code is already registered for “松江公益科技有限公司”."]
    with translation.override("en"), pytest.raises(ValidationError) as e:
        org(tree.D2, name="松江公益科技有限公司")
    assert e.value.message_dict["name"] == ["An organisation named “松江公益科技有限公司” is already in the library."]
    assert list(Organisation.objects.all()) == [first]
    other = org(tree.D2, name="另一家公司")
    with pytest.raises(ValidationError):
        organisation_update(organisation=other, credit_code=CREDIT_CODE, districts=[tree.D1])
    other.refresh_from_db()
    assert other.credit_code != CREDIT_CODE and not other.districts.exists()


def test_an_organisation_is_attached_to_a_district_or_above_and_serves_districts_only(tree):
    with pytest.raises(ValidationError) as e:
        org(tree.G1, name="网格企业")
    assert "unit" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        org(tree.D1, name="服务楼栋的企业", districts=[tree.B1])
    assert "districts" in e.value.message_dict
    assert not Organisation.objects.exists()


def test_an_organisations_change_reaches_its_spaces_and_projects_in_the_catalogue(tree):
    o = org(tree.D1, name="区税务局", kind="co_building", districts=[tree.D1])
    s = space(tree.D1, name="税务局会议室", organisation=o)
    p = project(o, name="税法讲座")
    assert list(Resource.objects.get(project=p).districts.all()) == [tree.D1]
    organisation_update(organisation=o, is_active=False, districts=[tree.D1, tree.D2])
    rp, rs = Resource.objects.get(project=p), Resource.objects.get(space=s)
    assert not rp.is_active and set(rp.districts.all()) == {tree.D1, tree.D2}
    assert rs.organisation == o


def test_a_project_is_listed_with_its_fields_and_its_catalogue_row_matches(tree):
    o = org(tree.D1)
    start = datetime.date(2025, 3, 1)
    p = project_create(
        organisation=o, name="银龄健康讲座", types=types("elderly", "health_project"), content="每月一次健康讲座", capacity=40,
        deliveries=4, budget="20000", cost_to_requester="0", starts_on=start, ends_on=start + datetime.timedelta(days=300),
        districts=[tree.D1, tree.D2], availability={"5": [["09:00", "11:30"]]},
    )  # fmt: skip
    res = Resource.objects.get(project=p)
    assert (res.kind, res.name, res.capacity, res.capacity_per_period, res.organisation, res.unit) == ("project", "银龄健康讲座", 40, 4, o, tree.D1)
    assert (res.available_from, res.available_to, res.availability) == (start, p.ends_on, {"5": [["09:00", "11:30"]]})
    assert set(res.types.values_list("code", flat=True)) == {"elderly", "health_project"}
    assert set(res.districts.all()) == {tree.D1, tree.D2}
    project_update(project=p, capacity=15, types=types("youth"), districts=[])
    res.refresh_from_db()
    assert res.capacity == 15 and list(res.types.values_list("code", flat=True)) == ["youth"] and not res.districts.exists()
    project_deactivate(project=p)
    assert not Resource.objects.get(project=p).is_active and not Project.objects.get(pk=p.pk).is_active


def test_bad_projects_are_refused_field_by_field_and_nothing_is_written(tree):
    o = org(tree.D1)
    day = datetime.date(2025, 3, 1)
    cases = [
        ({"types": types("meeting")}, "types"),  # a kind of space, not a project field
        ({"types": []}, "types"),
        ({"starts_on": day, "ends_on": day - datetime.timedelta(days=1)}, "ends_on"),
        ({"availability": {"1": [["10:00", "09:00"]]}}, "availability"),
        ({"availability": {"9": [["10:00", "11:00"]]}}, "availability"),
        ({"capacity": 0}, "capacity"),
        ({"districts": [tree.G1]}, "districts"),
    ]
    for fields, field in cases:
        kw = {"types": types("elderly"), **fields}
        with pytest.raises(ValidationError) as e:
            project_create(organisation=o, name="坏项目", **kw)
        assert field in e.value.message_dict, (fields, e.value)
    assert not Project.objects.exists() and not Resource.objects.exists()


def test_a_project_cannot_offer_fewer_deliveries_than_already_agreed(tree):
    p = project(org(tree.D1), deliveries=4)
    Resource.objects.filter(project=p).update(committed=3)
    with pytest.raises(ValidationError):
        project_update(project=p, deliveries=2, name="改名")
    p.refresh_from_db()
    assert (p.deliveries, p.name) == (4, "银龄健康讲座")


def test_moving_an_organisation_moves_its_projects_scope_and_catalogue_rows(tree):
    o = org(tree.D1)
    p = project(o)
    organisation_update(organisation=o, unit=tree.D2)
    p.refresh_from_db()
    res = Resource.objects.get(project=p)
    assert p.unit_path == tree.D2.path and (res.unit, res.unit_path) == (tree.D2, tree.D2.path)


def test_an_organisation_created_with_districts_writes_them(tree):
    o = organisation_create(kind="enterprise", name="松江慈善超市", unit=tree.S, districts=[tree.D1, tree.D2], contact_phone="021-57812345")
    assert set(o.districts.all()) == {tree.D1, tree.D2} and o.unit_path == tree.S.path


def test_a_duplicate_slipping_past_the_check_is_refused_by_the_database_with_the_same_message(tree, monkeypatch):
    import resources.services.orgs as services

    org(tree.D1, name="先到的企业", code=CREDIT_CODE)
    real = services._duplicate_errors
    calls = []

    def late(o):  # the first look sees nothing: the other row was written just after it
        calls.append(o)
        return {} if len(calls) == 1 else real(o)

    monkeypatch.setattr(services, "_duplicate_errors", late)
    with translation.override("en"), pytest.raises(ValidationError) as e:
        org(tree.D2, name="后到的企业", code=CREDIT_CODE)
    assert "credit_code" in e.value.message_dict and len(calls) == 2
    assert Organisation.objects.count() == 1
