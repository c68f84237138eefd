"""Identifier checks of DOMAIN-RULES §6, with errors in the user's language."""

import datetime
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
CREDIT_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
CREDIT_RE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")

# The first two digits of an ID number: the province-level codes of GB/T 2260 (11-15 north, 21-23
# north-east, 31-37 east, 41-46 centre and south, 50-54 south-west, 61-65 north-west, 71 Taiwan),
# and 81, 82, 83: the residence permits of residents of Hong Kong, Macao and Taiwan (港澳台居民居住证).
ID_PROVINCES = frozenset([*range(11, 16), *range(21, 24), *range(31, 38), *range(41, 47), *range(50, 55), *range(61, 66), 71, 81, 82, 83])
EARLIEST_BIRTH_YEAR = 1880  # the messages say "before 1880": they carry no parameters, so imports can store their source text

# GB 32100-2015 Table 1 (with amendment No. 1): the registration authority (position 1) and the
# organisation types (position 2) it registers.
CREDIT_AUTHORITIES = {
    "1": "1239",  # 机构编制: 机关, 事业单位, 中央编办直接管理机构编制的群众团体, 其他
    "2": "19",  # 外交: 外国常驻新闻机构, 其他
    "3": "123459",  # 司法行政: 律师执业机构, 公证处, 基层法律服务所, 司法鉴定机构, 仲裁委员会, 其他
    "4": "19",  # 文化: 外国在华文化中心, 其他
    "5": "1239",  # 民政: 社会团体, 民办非企业单位, 基金会, 其他
    "6": "129",  # 旅游: 外国旅游部门常驻代表机构, 港澳台地区旅游部门常驻内地代表机构, 其他
    "7": "129",  # 宗教: 宗教活动场所, 宗教院校, 其他
    "8": "19",  # 工会: 基层工会, 其他
    "9": "123",  # 工商: 企业, 个体工商户, 农民专业合作社
    "A": "19",  # 中央军委改革和编制办公室: 军队事业单位, 其他
    "N": "1239",  # 农业: 组级, 村级, 乡镇级集体经济组织, 其他
    "Y": "1",  # 其他
}


def id_check_digit(first17: str) -> str:
    return ID_CHECK[sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def normalize_id_number(value: str) -> str:
    return (value or "").strip().upper()


def validate_id_number(value: str) -> None:
    """居民身份证号码 (GB 11643-1999): 18 characters, a real birth date not in the future, a valid check digit."""
    v = normalize_id_number(value)
    if not re.fullmatch(r"\d{17}[\dX]", v):
        raise ValidationError(_("An ID number has 18 characters: 17 digits and a final digit or X."), code="id_format")
    if int(v[:2]) not in ID_PROVINCES:
        raise ValidationError(_("The first two digits of an ID number are a province's code (such as 31 for Shanghai); these are not."), code="id_region")
    try:
        birth = datetime.date(int(v[6:10]), int(v[10:12]), int(v[12:14]))
    except ValueError:
        raise ValidationError(_("The birth date in this ID number is not a real date."), code="id_birth") from None
    if birth > timezone.localdate():
        raise ValidationError(_("The birth date in this ID number is in the future."), code="id_birth")
    if birth.year < EARLIEST_BIRTH_YEAR:
        raise ValidationError(_("The birth date in this ID number is too early: it is before 1880."), code="id_birth")
    if id_check_digit(v[:17]) != v[17]:
        raise ValidationError(_("The check digit of this ID number is wrong; please check each digit."), code="id_check")


def id_birth_date(value: str) -> datetime.date:
    v = normalize_id_number(value)
    return datetime.date(int(v[6:10]), int(v[10:12]), int(v[12:14]))


def id_gender(value: str) -> str:
    return "M" if int(normalize_id_number(value)[16]) % 2 else "F"


def normalize_mobile(value: str) -> str:
    """The one form a mobile number is kept, searched and compared in: 11 digits. Full-width digits
    become ASCII; spaces, hyphens, dots and brackets go; a country code +86, 0086 or 86 in front of an
    11-digit number is dropped (`+86 138-0013-8000` → `13800138000`). Anything else is left for
    `validate_mobile` to refuse."""
    v = re.sub(r"[\s\-.()]", "", unicodedata.normalize("NFKC", str(value or "")))
    match = re.fullmatch(r"(?:\+86|0086|86)(1\d{10})", v)
    return match.group(1) if match else v


def validate_mobile(value: str) -> None:
    if not MOBILE_RE.fullmatch(normalize_mobile(value)):
        raise ValidationError(_("A mobile number has 11 digits and starts with 13 to 19."), code="mobile")


def clean_mobile(value: str) -> str:
    """The normalised number, or "" for an empty value; a ValidationError if it is not a mobile number."""
    v = normalize_mobile(value)
    if v:
        validate_mobile(v)
    return v


def credit_code_check_char(first17: str) -> str:
    total = sum(CREDIT_CHARSET.index(c) * w for c, w in zip(first17, CREDIT_WEIGHTS, strict=True))
    return CREDIT_CHARSET[(31 - total % 31) % 31]


def validate_credit_code(value: str) -> None:
    """统一社会信用代码 (GB 32100-2015). Positions 1-2 may be letters."""
    v = (value or "").strip().upper()
    if not CREDIT_RE.fullmatch(v):
        raise ValidationError(_("A unified social credit code has 18 characters (digits and capital letters except I, O, S, V, Z)."), code="credit_format")
    if v[1] not in CREDIT_AUTHORITIES.get(v[0], ""):
        raise ValidationError(
            _("The first two characters of a unified social credit code (registering authority and type of organisation) are not a pair of GB 32100."),
            code="credit_type",
        )
    if credit_code_check_char(v[:17]) != v[17]:
        raise ValidationError(_("The check character of this unified social credit code is wrong."), code="credit_check")
