import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from core.testing import make_id_number
from core.validators import validate_credit_code, validate_id_number, validate_mobile


def test_it_accepts_the_reference_id_number():
    validate_id_number("11010519491231002X")
    validate_id_number("11010519491231002x")  # lower-case x is normalised


@pytest.mark.parametrize("value", ["110105194912310021", "11010519491231002", "1101051949123100XX", "11010519490230002X", "abc"])
def test_it_rejects_bad_id_numbers(value):
    with pytest.raises(ValidationError):
        validate_id_number(value)


def test_it_rejects_an_id_number_born_in_the_future():
    tomorrow = datetime.date.today() + datetime.timedelta(days=400)
    with pytest.raises(ValidationError):
        validate_id_number(make_id_number(tomorrow))


def test_the_id_error_is_in_chinese_by_default():
    with translation.override("zh-hans"), pytest.raises(ValidationError) as e:
        validate_id_number("110105194912310021")
    assert "校验码" in e.value.messages[0]


@pytest.mark.parametrize("value", ["13812341234", "19912345678", "16612345678"])
def test_it_accepts_mobiles_of_any_prefix_13_to_19(value):
    validate_mobile(value)


@pytest.mark.parametrize("value", ["12812341234", "1381234123", "138123412345", "23812341234"])
def test_it_rejects_bad_mobiles(value):
    with pytest.raises(ValidationError):
        validate_mobile(value)


@pytest.mark.parametrize("value", ["91110000600037341L", "91350100M000100Y43"])
def test_it_accepts_valid_credit_codes(value):
    validate_credit_code(value)


def test_it_accepts_letters_in_the_first_two_positions_of_a_credit_code():
    from core.validators import credit_code_check_char

    first17 = "Y1310117MJ0000001"
    validate_credit_code(first17 + credit_code_check_char(first17))


@pytest.mark.parametrize("value", ["91110000600037341M", "9111000060003734", "91110000600037341I", "9111A000600037341L"])
def test_it_rejects_bad_credit_codes(value):
    with pytest.raises(ValidationError):
        validate_credit_code(value)
