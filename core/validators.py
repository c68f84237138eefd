"""Identifier checks of DOMAIN-RULES §6, with errors in the user's language."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
CREDIT_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
CREDIT_RE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")


def id_check_digit(first17: str) -> str:
    return ID_CHECK[sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def normalize_id_number(value: str) -> str:
    return (value or "").strip().upper()


def validate_id_number(value: str) -> None:
    """居民身份证号码 (GB 11643-1999): 18 characters, a real birth date not in the future, a valid check digit."""
    v = normalize_id_number(value)
    if not re.fullmatch(r"\d{17}[\dX]", v):
        raise ValidationError(_("An ID number has 18 characters: 17 digits and a final digit or X."), code="id_format")
    try:
        birth = datetime.date(int(v[6:10]), int(v[10:12]), int(v[12:14]))
    except ValueError:
        raise ValidationError(_("The birth date in this ID number is not a real date."), code="id_birth") from None
    if birth > timezone.localdate() or birth.year < 1880:
        raise ValidationError(_("The birth date in this ID number is not possible."), code="id_birth")
    if id_check_digit(v[:17]) != v[17]:
        raise ValidationError(_("The check digit of this ID number is wrong; please check each digit."), code="id_check")


def id_birth_date(value: str) -> datetime.date:
    v = normalize_id_number(value)
    return datetime.date(int(v[6:10]), int(v[10:12]), int(v[12:14]))


def id_gender(value: str) -> str:
    return "M" if int(normalize_id_number(value)[16]) % 2 else "F"


def normalize_mobile(value: str) -> str:
    return re.sub(r"[\s-]", "", value or "")


def validate_mobile(value: str) -> None:
    if not MOBILE_RE.fullmatch(normalize_mobile(value)):
        raise ValidationError(_("A mobile number has 11 digits and starts with 13 to 19."), code="mobile")


def credit_code_check_char(first17: str) -> str:
    total = sum(CREDIT_CHARSET.index(c) * w for c, w in zip(first17, CREDIT_WEIGHTS, strict=True))
    return CREDIT_CHARSET[(31 - total % 31) % 31]


def validate_credit_code(value: str) -> None:
    """统一社会信用代码 (GB 32100-2015). Positions 1-2 may be letters."""
    v = (value or "").strip().upper()
    if not CREDIT_RE.fullmatch(v):
        raise ValidationError(_("A unified social credit code has 18 characters (digits and capital letters except I, O, S, V, Z)."), code="credit_format")
    if credit_code_check_char(v[:17]) != v[17]:
        raise ValidationError(_("The check character of this unified social credit code is wrong."), code="credit_check")
