"""POST requests: an API key, a service, a location, attribute answers checked by datatype; the
answer, the token; every bad input a 400/403/404 in the spec format with nothing written."""

import pytest
from django.test import Client
from django.utils import translation

from cases.models import Case, Source
from open311.models import RequestAttribute, RequestToken, Submission
from open311.services import apikey_create
from open311.tests.conftest import BASE, IN_G1, JURISDICTION, KEY, errors, xml


def lift_request(**extra):
    data = {"api_key": KEY, "jurisdiction_id": JURISDICTION, "service_code": "FAC-01", "lat": IN_G1["lat"], "long": IN_G1["lng"],
            "description": "3号电梯停在5楼不动", "attribute[trapped]": "no"}  # fmt: skip
    data.update(extra)
    return {k: v for k, v in data.items() if v is not None}


def test_a_client_with_a_key_posts_a_request_that_becomes_an_open311_case(post, grids, api_key, lift_attributes):
    response = post(
        "requests.json",
        lift_request(**{
            "address_string": "1号楼电梯厅", "email": "li@example.com", "device_id": "dev-42", "account_id": "acc-7",
            "first_name": "三", "last_name": "张", "phone": "13812341234", "media_url": "https://example.org/lift.jpg",
            "attribute[floor]": "5", "attribute[symptoms][]": ["stopped", "noise"], "attribute[seen_at]": "2026-11-25T08:00:00+08:00",
            "attribute[lift_no]": "3号梯",
        }),
    )  # fmt: skip
    assert response.status_code == 200, response.content
    [body] = response.json()
    case = Case.objects.get(number=body["service_request_id"])
    assert body == {"service_request_id": case.number, "service_notice": "To be handled within 4 working hours of registration.", "account_id": "acc-7"}
    assert (case.source, case.category.code, case.state, case.reporter, case.grid) == (Source.OPEN311, "FAC-01", "reported", None, grids.G1)
    assert (case.description, case.address, str(case.lat), str(case.lng)) == ("3号电梯停在5楼不动", "1号楼电梯厅", IN_G1["lat"], IN_G1["lng"])
    assert (case.external_ref, case.contact_name, case.contact_phone_masked) == ("dev-42", "张三", "138****1234")
    assert "li@example.com" not in str(Case.objects.filter(pk=case.pk).values().get())  # the e-mail is not kept
    assert Submission.objects.get(case=case).media_url == "https://example.org/lift.jpg"
    answers = {a.code: a.value for a in RequestAttribute.objects.filter(case=case)}
    assert answers == {"trapped": "no", "floor": "5", "symptoms": ["stopped", "noise"], "seen_at": "2026-11-25T08:00:00+08:00", "lift_no": "3号梯"}
    assert RequestToken.objects.get(case=case).token.hex == response["X-Open311-Token"].replace("-", "")
    assert [t.action for t in case.transitions.all()] == ["report"]


def test_the_answer_in_xml_is_a_service_requests_element(post, grids, api_key, lift_attributes):
    root = xml(post("requests.xml", lift_request()))
    assert root.tag == "service_requests"
    request = root.find("request")
    assert Case.objects.filter(number=request.findtext("service_request_id"), source=Source.OPEN311).exists()
    assert request.findtext("account_id") == "" and request.findtext("service_notice")


def test_a_token_leads_to_the_request_id(post, get, grids, api_key, categories):
    response = post("requests.json", lift_request(service_code="ENV-01", **{"attribute[trapped]": None}))
    token = response["X-Open311-Token"]
    number = response.json()[0]["service_request_id"]
    assert get(f"tokens/{token}.json").json() == [{"service_request_id": number, "token": token}]
    root = xml(get(f"tokens/{token}.xml"))
    assert (root.findtext("request/service_request_id"), root.findtext("request/token")) == (number, token)
    assert get("tokens/2f1b7c9e-0000-4000-8000-000000000000.json").status_code == 404
    assert errors(get("tokens/not-a-token.json")) == ["No request for the token “not-a-token”."]


def test_the_post_needs_no_csrf_token_as_it_uses_no_session(grids, api_key, categories):
    response = Client(enforce_csrf_checks=True).post(BASE + "requests.json", lift_request(service_code="ENV-01", **{"attribute[trapped]": None}))
    assert response.status_code == 200


def test_a_request_placed_only_by_an_address_string_hangs_on_the_jurisdiction(post, grids, api_key, categories):
    response = post("requests.json", lift_request(service_code="ENV-01", lat=None, long=None, address_string="荣乐东路 100 号", **{"attribute[trapped]": None}))
    case = Case.objects.get(number=response.json()[0]["service_request_id"])
    assert (case.unit, case.grid, case.address) == (grids.S, None, "荣乐东路 100 号")


def test_a_request_placed_by_an_address_id_hangs_on_that_house(post, grids, api_key, categories):
    response = post("requests.json", {"api_key": KEY, "service_code": "ENV-01", "address_id": grids.H1.pk})
    case = Case.objects.get(number=response.json()[0]["service_request_id"])
    assert (case.unit, case.address, case.description) == (grids.H1, "1号楼101室", "楼道堆物")  # no description: the service's name


@pytest.mark.parametrize(
    "change, status, message",
    [
        ({"api_key": None}, 403, "An api_key is required to post a request."),
        ({"api_key": "guess"}, 403, "This api_key is not valid."),
        ({"jurisdiction_id": "sfgov.org"}, 404, "Unknown jurisdiction_id “sfgov.org”."),
        ({"service_code": None}, 400, "service_code is required."),
        ({"service_code": "NOPE"}, 404, "Unknown service_code “NOPE”."),
        ({"lat": None, "long": None}, 400, "Give the location: lat and long, address_string or address_id."),
        ({"long": None}, 400, "lat and long must both be given, as numbers in degrees (WGS84)."),
        ({"lat": "north"}, 400, "lat and long must both be given, as numbers in degrees (WGS84)."),
        ({"lat": "95"}, 400, "lat and long must both be given, as numbers in degrees (WGS84)."),
        ({"lat": "39.9", "long": "116.4"}, 400, "The location is outside the area this service covers."),
        ({"address_id": "999999"}, 400, "address_id must be the id of a building or a house in this area."),
        ({"description": "长" * 4001}, 400, "description may be at most 4000 characters."),
        ({"attribute[trapped]": None}, 400, "The attribute “trapped” is required."),
        ({"attribute[trapped]": "maybe"}, 400, "“maybe” is not a choice of the attribute “trapped”."),
        ({"attribute[trapped]": ["yes", "no"]}, 400, "The attribute “trapped” takes one value."),
        ({"attribute[colour]": "red"}, 400, "Unknown attribute “colour”."),
        ({"attribute[floor]": "five"}, 400, "The attribute “floor” must be a number."),
        ({"attribute[floor]": "NaN"}, 400, "The attribute “floor” must be a number."),
        ({"attribute[symptoms][]": ["stopped", "smoke"]}, 400, "“smoke” is not a choice of the attribute “symptoms”."),
        ({"attribute[seen_at]": "yesterday"}, 400, "The attribute “seen_at” must be a date and time in ISO 8601."),
        ({"attribute[lift_no]": "3号\n梯"}, 400, "The attribute “lift_no” must be on one line."),
        ({"attribute[lift_no]": "梯" * 1001}, 400, "The attribute “lift_no” may be at most 1000 characters."),
        ({"media_url": "javascript:alert(1)"}, 400, "media_url must be an http or https URL of at most 500 characters."),
        ({"device_id": "d" * 65}, 400, "device_id and account_id may be at most 64 characters."),
    ],
)
def test_bad_input_is_refused_with_the_spec_error_and_nothing_is_written(post, grids, api_key, lift_attributes, change, status, message):
    response = post("requests.json", lift_request(**change))
    assert response.status_code == status
    assert message in errors(response)
    assert not Case.objects.exists() and not RequestToken.objects.exists()


def test_every_problem_with_the_answers_is_reported_at_once(post, grids, api_key, lift_attributes):
    response = post("requests.json", lift_request(**{"attribute[trapped]": None, "attribute[floor]": "x", "attribute[colour]": "red"}))
    assert sorted(errors(response)) == sorted(["Unknown attribute “colour”.", "The attribute “trapped” is required.", "The attribute “floor” must be a number."])


def test_an_answer_to_an_information_only_attribute_is_ignored(post, grids, api_key, lift_attributes):
    response = post("requests.json", lift_request(**{"attribute[note]": "好的"}))
    assert response.status_code == 200
    assert not RequestAttribute.objects.filter(code="note").exists()


def test_a_phone_that_is_not_a_mobile_number_is_a_400_in_the_callers_language(post, grids, api_key, lift_attributes):
    response = post("requests.json", lift_request(phone="12345"))
    assert response.status_code == 400 and not Case.objects.exists()
    with translation.override("en"):
        assert errors(response)[0]  # the mobile validator's own message


def test_a_revoked_key_may_not_post(post, grids, api_key, lift_attributes):
    api_key.is_active = False
    api_key.save()
    assert post("requests.json", lift_request()).status_code == 403


def test_a_key_is_stored_only_as_its_digest(db):
    record, raw = apikey_create(name="客户端")
    assert raw not in str(type(record).objects.filter(pk=record.pk).values().get()) and len(raw) >= 40


def test_posts_are_throttled_per_key(post, grids, api_key, categories, settings):
    settings.OPEN311_POST_RATE = 2
    other_key = apikey_create(name="另一个客户端", key="other-key-0123456789")[0]
    data = lift_request(service_code="ENV-01", **{"attribute[trapped]": None})
    assert [post("requests.json", data).status_code for _ in range(3)] == [200, 200, 429]
    refused = post("requests.xml", data)
    assert refused.status_code == 429 and refused["Retry-After"] == "60" and xml(refused).findtext("error/code") == "429"
    assert post("requests.json", {**data, "api_key": "other-key-0123456789"}).status_code == 200  # another key has its own allowance
    assert Case.objects.count() == 3 and other_key.submissions.count() == 1


def test_the_key_may_come_in_the_query_string(client, grids, api_key, categories):
    data = lift_request(service_code="ENV-01", api_key=None, **{"attribute[trapped]": None})
    assert client.post(BASE + f"requests.json?api_key={KEY}", data).status_code == 200
