"""Discovery, the service list (= leaf case categories) and service definitions, in JSON and XML; jurisdictions."""

import re

import pytest
from django.core.exceptions import ValidationError

from cases.models import CaseCategory
from open311.models import Datatype, ServiceAttribute, ServiceProfile
from open311.tests.conftest import JURISDICTION, errors, xml


def test_discovery_names_the_v2_endpoint_and_its_formats(get, db):
    body = get("discovery.json").json()
    endpoint = body["endpoints"][0]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"] == "http://testserver/open311/v2/"
    assert set(endpoint["formats"]) == {"text/xml", "application/json"}
    root = xml(get("discovery.xml"))
    assert root.tag == "discovery"
    assert [f.text for f in root.findall("endpoints/endpoint/formats/format")] == ["text/xml", "application/json"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00", root.findtext("changeset"))  # ISO 8601, local offset


def test_services_are_the_active_leaf_categories_grouped_under_their_parent(get, categories):
    CaseCategory.objects.create(code="OLD", name="已停用", is_active=False)
    off = CaseCategory.objects.create(code="OFF", name="停用大类", is_active=False)
    CaseCategory.objects.create(code="OFF-1", name="停用大类下的小类", parent=off)
    response = get("services.json")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    body = response.json()
    assert [s["service_code"] for s in body] == ["ENV-01", "FAC-01"]  # not the parent ENV, nor anything switched off
    clutter = body[0]
    assert clutter == {
        "service_code": "ENV-01", "service_name": "楼道堆物", "description": "", "metadata": False,
        "type": "realtime", "keywords": "", "group": "市容环境",
    }  # fmt: skip


def test_a_category_whose_subcategories_are_all_off_is_a_service_itself(get, categories):
    CaseCategory.objects.filter(code="ENV-01").update(is_active=False)
    assert "ENV" in [s["service_code"] for s in get("services.json").json()]


def test_the_xml_service_list_has_one_service_element_per_service(get, categories):
    ServiceProfile.objects.create(category=categories["lift"], description="电梯停运、困人", keywords="电梯,困人")
    root = xml(get("services.xml"))
    assert root.tag == "services"
    services = root.findall("service")
    assert [s.findtext("service_code") for s in services] == ["ENV-01", "FAC-01"]
    lift = services[1]
    assert (lift.findtext("service_name"), lift.findtext("description"), lift.findtext("keywords")) == ("电梯故障", "电梯停运、困人", "电梯,困人")
    assert (lift.findtext("metadata"), lift.findtext("type"), lift.findtext("group")) == ("false", "realtime", "")


def test_metadata_is_true_only_for_a_service_with_active_attributes(get, lift_attributes):
    metadata = {s["service_code"]: s["metadata"] for s in get("services.json").json()}
    assert metadata == {"ENV-01": False, "FAC-01": True}
    ServiceAttribute.objects.update(is_active=False)
    assert {s["service_code"]: s["metadata"] for s in get("services.json").json()}["FAC-01"] is False


def test_a_service_definition_lists_its_attributes_in_order_with_their_choices(get, lift_attributes):
    body = get("services/FAC-01.json").json()
    assert body["service_code"] == "FAC-01"
    assert [a["code"] for a in body["attributes"]] == ["trapped", "floor", "symptoms", "seen_at", "lift_no", "note"]
    trapped = body["attributes"][0]
    assert trapped == {
        "variable": True, "code": "trapped", "datatype": "singlevaluelist", "required": True, "datatype_description": "",
        "order": 1, "description": "有人被困吗？", "values": [{"key": "yes", "name": "有人被困"}, {"key": "no", "name": "无人被困"}],
    }  # fmt: skip
    assert body["attributes"][5]["variable"] is False


def test_a_service_definition_in_xml_nests_attributes_and_values(get, lift_attributes):
    root = xml(get("services/FAC-01.xml"))
    assert root.tag == "service_definition" and root.findtext("service_code") == "FAC-01"
    first = root.find("attributes/attribute")
    assert (first.findtext("code"), first.findtext("datatype"), first.findtext("required"), first.findtext("order")) == ("trapped", "singlevaluelist", "true", "1")
    assert [(v.findtext("key"), v.findtext("name")) for v in first.findall("values/value")] == [("yes", "有人被困"), ("no", "无人被困")]


def test_a_service_without_attributes_has_an_empty_definition(get, categories):
    assert get("services/ENV-01.json").json() == {"service_code": "ENV-01", "attributes": []}


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_an_unknown_or_inactive_service_is_a_404_in_the_spec_error_format(get, categories, fmt):
    CaseCategory.objects.filter(code="FAC-01").update(is_active=False)
    for code in ["NOPE", "FAC-01", "ENV"]:
        response = get(f"services/{code}.{fmt}")
        assert response.status_code == 404
        if fmt == "json":
            assert errors(response) == [f"Unknown service_code “{code}”."]
        else:
            root = xml(response)
            assert root.tag == "errors" and root.findtext("error/code") == "404" and code in root.findtext("error/description")


def test_the_configured_jurisdiction_is_accepted_and_another_is_a_404(get, categories):
    assert get("services.json", {"jurisdiction_id": JURISDICTION}).status_code == 200
    assert get("services.json", {"jurisdiction_id": ""}).status_code == 200  # empty is absent, as the spec says
    response = get("services.json", {"jurisdiction_id": "sfgov.org"})
    assert response.status_code == 404 and errors(response) == ["Unknown jurisdiction_id “sfgov.org”."]
    assert get("requests/1.xml", {"jurisdiction_id": "sfgov.org"}).status_code == 404


def test_errors_are_in_chinese_by_default(client, categories):
    body = client.get("/open311/v2/services/NOPE.json").json()
    assert body[0]["code"] == 404 and "NOPE" in body[0]["description"]


def test_unknown_paths_and_formats_answer_in_the_spec_error_format(get):
    response = get("requests.csv")
    assert response.status_code == 404 and xml(response).tag == "errors"
    assert get("nothing-here.json").json()[0]["code"] == 404


def test_a_write_method_on_a_read_resource_is_refused(client, categories):
    response = client.post("/open311/v2/services.json", {})
    assert response.status_code == 405 and response["Allow"] == "GET"


def test_an_attribute_list_must_have_well_formed_unique_choices(categories):
    lift = categories["lift"]
    with pytest.raises(ValidationError):
        ServiceAttribute(category=lift, code="a", datatype=Datatype.SINGLE, description="?", values=[]).full_clean()
    with pytest.raises(ValidationError):
        ServiceAttribute(category=lift, code="a", datatype=Datatype.SINGLE, description="?", values=[{"key": "1", "name": "x"}, {"key": "1", "name": "y"}]).full_clean()
    with pytest.raises(ValidationError):
        ServiceAttribute(category=lift, code="a", datatype=Datatype.MULTI, description="?", values=[{"name": "x"}]).full_clean()
    with pytest.raises(ValidationError):
        ServiceAttribute(category=lift, code="a", datatype=Datatype.STRING, description="?", values=[{"key": "1", "name": "x"}]).full_clean()
    ServiceAttribute(category=lift, code="a", datatype=Datatype.MULTI, description="?", values=[{"key": "1", "name": "x"}]).full_clean()
