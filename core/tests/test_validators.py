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


def _id_number(first17: str) -> str:
    from core.validators import id_check_digit

    return first17 + id_check_digit(first17)


@pytest.mark.parametrize("region", ["000000", "990101", "100101", "390101", "840101"])
def test_it_refuses_an_id_number_whose_region_is_no_province(region):
    with pytest.raises(ValidationError) as e:
        validate_id_number(_id_number(f"{region}19800101001"))
    assert e.value.error_list[0].code == "id_region"


@pytest.mark.parametrize("region", ["110105", "310117", "460100", "650102", "710000", "810000", "820000", "830000"])
def test_it_accepts_the_province_codes_and_the_residence_permits_of_hong_kong_macao_and_taiwan(region):
    validate_id_number(_id_number(f"{region}19800101001"))


def test_a_birth_year_too_early_is_refused_as_too_early_not_as_in_the_future():
    with translation.override("en"):
        with pytest.raises(ValidationError) as e:
            validate_id_number(_id_number("31011718700101001"))
        message = e.value.messages[0]
    assert "too early" in message and "1880" in message and "future" not in message
    with translation.override("zh-hans"):
        with pytest.raises(ValidationError) as e:
            validate_id_number(_id_number("31011718700101001"))
        assert "过早" in e.value.messages[0] and "晚于今天" not in e.value.messages[0]


def test_a_birth_date_in_the_future_says_so():
    tomorrow = datetime.date.today() + datetime.timedelta(days=400)
    with translation.override("en"):
        with pytest.raises(ValidationError) as e:
            validate_id_number(make_id_number(tomorrow))
        assert "future" in e.value.messages[0]


@pytest.mark.parametrize(
    "value, expected",
    [
        ("+86 138 0013 8000", "13800138000"),
        ("+8613800138000", "13800138000"),
        ("8613800138000", "13800138000"),
        ("0086-138-0013-8000", "13800138000"),
        ("138 0013 8000", "13800138000"),
        ("(+86) 138.0013.8000", "13800138000"),
        ("１３８００１３８０００", "13800138000"),  # full-width digits from a Chinese input method
    ],
)
def test_one_normaliser_takes_country_codes_spaces_and_full_width_digits(value, expected):
    from core.validators import clean_mobile, normalize_mobile

    assert normalize_mobile(value) == expected
    assert clean_mobile(value) == expected
    validate_mobile(value)


@pytest.mark.parametrize("value", ["+1 138 0013 8000", "86 138 0013 800", "+86 12800138000", "861380013800012"])
def test_a_country_code_does_not_make_a_bad_number_good(value):
    with pytest.raises(ValidationError):
        validate_mobile(value)


@pytest.mark.parametrize("head", ["11", "12", "13", "19", "21", "31", "41", "51", "52", "53", "59", "61", "71", "81", "91", "92", "93", "A1", "N2", "Y1"])
def test_it_accepts_every_authority_and_type_of_gb_32100_table_1(head):
    from core.validators import credit_code_check_char

    first17 = f"{head}310117MA1FL0000"
    validate_credit_code(first17 + credit_code_check_char(first17))


@pytest.mark.parametrize("head", ["00", "14", "94", "99", "B1", "Y2", "YY", "55", "A2", "N4", "18"])
def test_it_refuses_a_credit_code_whose_authority_and_type_are_not_in_the_table(head):
    from core.validators import credit_code_check_char

    first17 = f"{head}310117MA1FL0000"
    with pytest.raises(ValidationError) as e:
        validate_credit_code(first17 + credit_code_check_char(first17))
    assert e.value.error_list[0].code == "credit_type"
