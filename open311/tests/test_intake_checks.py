"""What POST requests checks beyond the spec's shapes: a number answer (attribute[...]) is finite, within the
attribute's declared range or else a sane one, with at most 6 decimals; the phone goes through the one mobile
normaliser and is kept normalised. Every refusal is a 400 in the spec's format with nothing written."""

import pytest
from django.core.exceptions import ValidationError

from cases.models import Case
from core.protect import decrypt
from open311.models import Datatype, RequestAttribute, ServiceAttribute
from open311.tests.test_post import lift_request


@pytest.mark.parametrize("raw", ["1e999999", "-1e999999", "1e13", "1000000000001", "Infinity", "NaN", "1e-999999", "0.0000001"])
def test_a_number_out_of_any_sane_range_is_refused_and_nothing_is_written(post, grids, api_key, lift_attributes, raw):
    response = post("requests.json", lift_request(**{"attribute[floor]": raw}))
    assert response.status_code == 400, response.content
    [error] = response.json()
    assert error["code"] == 400 and "floor" in error["description"]
    assert not Case.objects.exists()


def test_the_declared_range_of_an_attribute_bounds_its_answers(post, grids, api_key, lift_attributes):
    ServiceAttribute.objects.filter(code="floor").update(min_value=-5, max_value=60)
    too_high = post("requests.json", lift_request(**{"attribute[floor]": "61"}))
    assert too_high.status_code == 400
    assert too_high.json()[0]["description"] == "The attribute “floor” must be a number from -5 to 60."
    assert post("requests.json", lift_request(**{"attribute[floor]": "-5"})).status_code == 200
    assert RequestAttribute.objects.get(code="floor").value == "-5"


@pytest.mark.parametrize("raw, kept", [("5", "5"), ("1e3", "1000"), ("5.50", "5.5"), ("-0", "0"), ("2.000001", "2.000001")])
def test_a_number_is_kept_in_plain_digits(post, grids, api_key, lift_attributes, raw, kept):
    assert post("requests.json", lift_request(**{"attribute[floor]": raw})).status_code == 200
    assert RequestAttribute.objects.get(code="floor").value == kept


def test_a_range_is_declared_for_numbers_only_and_in_order(categories):
    text = ServiceAttribute(category=categories["lift"], code="note", datatype=Datatype.STRING, description="?", min_value=1)
    with pytest.raises(ValidationError):
        text.clean()
    upside_down = ServiceAttribute(category=categories["lift"], code="n", datatype=Datatype.NUMBER, description="?", min_value=10, max_value=1)
    with pytest.raises(ValidationError):
        upside_down.clean()


def test_the_demo_lift_floor_is_declared_from_minus_5_to_60():
    from open311.demo import LIFT_ATTRIBUTES

    floor = next(a for a in LIFT_ATTRIBUTES if a["code"] == "floor")
    assert (floor["min_value"], floor["max_value"]) == (-5, 60)




def test_the_phone_may_carry_the_country_code_and_is_kept_normalised(post, grids, api_key, lift_attributes):
    response = post("requests.json", lift_request(phone="+86 138-0013-8000"))
    assert response.status_code == 200, response.content
    case = Case.objects.get()
    assert decrypt(case.contact_phone_enc) == "13800138000" and case.contact_phone_masked == "138****8000"


def test_a_phone_that_is_no_mobile_number_is_a_clear_open311_error(post, grids, api_key, lift_attributes):
    response = post("requests.json", lift_request(phone="021-5782 0001"))
    assert response.status_code == 400
    assert response.json() == [{"code": 400, "description": "phone: A mobile number has 11 digits and starts with 13 to 19."}]
    assert not Case.objects.exists()
