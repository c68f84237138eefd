import datetime
import json
from decimal import Decimal

from django.utils import translation

from audit.models import AuditLog
from core.testing import make_id_number
from imports.problems import rendered
from imports.services import import_workbook
from imports.spec import HOUSEHOLDS, RESIDENTS
from imports.tests.conftest import workbook
from org.models import Unit
from people.models import Household, Resident


def run(kind, rows, user):
    return import_workbook(kind=kind, fileobj=workbook(kind, rows), user=user)


def problems(outcome):
    with translation.override("en"):
        return [(p["row"], p["column"], p["text"]) for p in rendered(outcome.problems)]


def test_households_create_their_houses_once_and_reuse_existing_ones(personas, tree, people):
    rows = [
        ("TB1", "103室", 65.2, "测绘", "HH-10", "租住"),
        ("TB1", "103室", None, None, "HH-11", None),
        ("TB1", "101室", None, None, "HH-12", "自住"),
    ]
    outcome = run(HOUSEHOLDS, rows, personas["secretary"])
    assert outcome.problems == [] and outcome.done == 3
    house = Unit.objects.get(code="TB1-103室")
    assert house.parent == tree.B1 and house.exclusive_area == Decimal("65.20") and house.area_source == "survey"
    assert list(Household.objects.filter(house=house).order_by("number").values_list("number", "tenure")) == [("HH-10", "rented"), ("HH-11", "owner")]
    assert Household.objects.get(number="HH-12").house == tree.H1
    ids = [str(pk) for pk in Household.objects.filter(number__in=["HH-10", "HH-11", "HH-12"]).values_list("pk", flat=True)]
    created = AuditLog.objects.filter(action="create", object_type="people.household", object_id__in=ids)  # object_repr is the id (audit.personal)
    assert set(created.values_list("username", flat=True)) == {"secretary"} and created.count() == 3


def test_a_households_file_with_bad_rows_imports_nothing(personas, tree, people):
    rows = [
        ("TB1", "104室", 70, None, "HH-20", None),  # good
        ("TB1", "105室", 70, None, "HH-1", None),  # number already registered
        ("TB1", "106室", 70, None, "HH-20", None),  # number twice in the file
        ("NOPE", "101室", 70, None, "HH-21", None),  # unknown building
        ("TB2", "301室", 70, None, "HH-22", None),  # building in another district
        ("TB1", "107室", None, None, "HH-23", None),  # new house without area
        ("TB1", "101室", 90, None, "HH-24", None),  # existing house, other area
        ("TG1", "108室", 70, None, "HH-25", None),  # a grid, not a building
        ("TB1", "109室", -3, None, "HH-26", "买的"),  # bad area, bad tenure
    ]
    before = (Unit.objects.count(), Household.objects.count())
    got = problems(run(HOUSEHOLDS, rows, personas["secretary"]))
    assert (Unit.objects.count(), Household.objects.count()) == before
    assert got == [
        (3, "户号", "The household number HH-1 is already registered."),
        (4, "户号", "HH-20 appears more than once in this file (first in row 2)."),
        (5, "楼栋编码", "No unit has the code NOPE."),
        (6, "楼栋编码", "TB2 is outside the units where you may import this data."),
        (7, "专有部分面积（㎡）", "Required for a new house: this building has no room of this name yet."),
        (8, "专有部分面积（㎡）", "This house already exists with an exclusive area of 89.50 m²; the area here differs."),
        (9, "楼栋编码", "TG1 is of type Grid; a unit of type Building is needed here."),
        (10, "专有部分面积（㎡）", "The area must be greater than 0 and have at most two decimals."),
        (10, "居住类型", "“买的” is not one of the allowed values: 自住、租住、其他."),
    ]


def test_households_need_the_right_to_change_households(personas, tree):
    got = problems(run(HOUSEHOLDS, [("TB1", "104室", 70, None, "HH-20", None)], personas["sysadmin"]))
    assert got == [(2, "楼栋编码", "TB1 is outside the units where you may import this data.")]


def test_a_good_residents_file_imports_everyone_with_protected_identifiers(personas, tree, people):
    idn = make_id_number(datetime.date(2010, 5, 6))
    rows = [("HH-1", "张小明", idn, 13912345678, "子女"), ("HH-2", "李小红", make_id_number(datetime.date(1992, 1, 2)), None, "配偶")]
    outcome = run(RESIDENTS, rows, personas["subdistrict_admin"])
    assert outcome.problems == [] and outcome.done == 2
    child = Resident.objects.get(name="张小明")
    assert child.household == people["h1"] and child.house == tree.H1 and child.relation == "child"
    assert child.birth_date == datetime.date(2010, 5, 6) and child.mobile_masked == "139****5678" and child.id_number_masked == idn[0] + "*" * 16 + idn[-1]
    assert idn not in child.id_number_enc


def test_a_residents_file_with_one_bad_row_imports_nothing_and_names_row_column_and_problem(personas, tree, people):
    good = make_id_number(datetime.date(1985, 2, 3))
    bad_check = good[:17] + ("0" if good[17] != "0" else "1")
    rows = [
        ("HH-1", "甲", good, "13912345678", "子女"),
        ("HH-1", "乙", bad_check, None, "子女"),
    ]
    before = Resident.objects.count()
    outcome = run(RESIDENTS, rows, personas["secretary"])
    assert Resident.objects.count() == before and outcome.done == 0
    assert problems(outcome) == [(3, "身份证号", "The check digit of this ID number is wrong; please check each digit.")]
    with translation.override("zh-hans"):
        assert rendered(outcome.problems)[0]["text"] != "The check digit of this ID number is wrong; please check each digit."


def test_every_kind_of_resident_problem_is_reported(personas, tree, people):
    idn = make_id_number(datetime.date(1985, 2, 3))
    rows = [
        ("HH-1", "甲", idn, None, "子女"),
        ("HH-1", "乙", idn, None, "子女"),  # same ID twice in the file
        ("HH-1", "丙", "11010519491231002X", None, "配偶"),  # 张三丰 is registered
        ("HH-404", "丁", make_id_number(), None, "户主"),  # unknown household
        ("HH-2", "戊", make_id_number(), None, "户主"),  # household in another district
        ("HH-1", "己", 110105194912310020.0, None, "子女"),  # Excel made it a number
        ("HH-1", "庚", "110105194913310021", "1234", "朋友"),  # month 13, short mobile, unknown relation
        ("HH-1", None, make_id_number(), None, "子女"),  # no name
    ]
    outcome = run(RESIDENTS, rows, personas["secretary"])
    got = problems(outcome)
    assert got == [
        (3, "身份证号", "This ID number appears more than once in this file (first in row 2)."),
        (4, "身份证号", "A resident with this ID number is already registered."),
        (5, "户号", "No household has the number HH-404."),
        (6, "户号", "HH-2 is outside the units where you may import this data."),
        (7, "身份证号", "Excel stored this ID number as a number and lost digits. Format the column as text and type the number again."),
        (8, "身份证号", "The birth date in this ID number is not a real date."),
        (8, "手机号", "A mobile number has 11 digits and starts with 13 to 19."),
        (8, "与户主关系", "“朋友” is not one of the allowed values: 户主、配偶、子女、父母、孙子女、租户、其他."),
        (9, "姓名", "Required; this cell is empty."),
    ]
    stored = json.dumps(outcome.problems, ensure_ascii=False)
    assert idn not in stored and "11010519491231002X" not in stored


def test_residents_need_the_right_to_change_residents(personas, tree, people):
    got = problems(run(RESIDENTS, [("HH-1", "甲", make_id_number(), None, "子女")], personas["sysadmin"]))
    assert got == [(2, "户号", "HH-1 is outside the units where you may import this data.")]


def test_a_mobile_number_with_the_country_code_and_spaces_is_imported_normalised(personas, tree, people):
    from core.protect import decrypt, digest

    rows = [("HH-1", "张小明", make_id_number(datetime.date(2010, 5, 6)), "+86 139 1234 5678", "子女"), ("HH-1", "张小红", make_id_number(datetime.date(2012, 5, 6)), "8613800138000", "子女")]
    outcome = run(RESIDENTS, rows, personas["secretary"])
    assert outcome.problems == [] and outcome.done == 2
    child = Resident.objects.get(name="张小明")
    assert decrypt(child.mobile_enc) == "13912345678" and child.mobile_digest == digest("13912345678") and child.mobile_masked == "139****5678"
    assert decrypt(Resident.objects.get(name="张小红").mobile_enc) == "13800138000"
