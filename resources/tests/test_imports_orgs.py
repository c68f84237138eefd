"""Importing 共建单位与企业 and their 公益服务项目 (two kinds, one workbook), and reading weekly times."""

import datetime

import openpyxl
import pytest

from imports.kinds.weekly import TimesError, parse_weekly, weekly_text
from imports.services import import_workbook
from imports.spec import SPECS
from imports.tests.conftest import empty_cache, private_uploads, workbook  # noqa: F401  the import tests' autouse fixtures
from resources.imports.spec import ORGANISATIONS, PROJECTS
from resources.models import Organisation, Project, Resource
from resources.tests.builders import CREDIT_CODE, make_org, make_project
from resources.tests.test_imports import problems, run

CODE_A = "91310117MA1J00001G"
CODE_B = "Y1310117MA1J000031"  # letters in the first two places are allowed


def test_organisations_and_their_projects_import_from_one_workbook(personas, tree):
    wb = openpyxl.Workbook()
    orgs = wb.active
    orgs.title = "共建单位与企业"
    orgs.append([c.header for c in SPECS[ORGANISATIONS].columns])
    orgs.append(
        ["白云公益科技有限公司", "公益慈善企业", CODE_A.lower(), "白云居民区", "白云居民区、TD2", "白云路8号", "王经理", "021-57000000", None, "资助为老服务"]
    )
    orgs.append(["区图书馆", "共建单位", CODE_B, "TS", None, None, None, None, "否", None])
    projects = wb.create_sheet("公益服务项目")
    projects.append([c.header for c in SPECS[PROJECTS].columns])
    projects.append(
        [
            CODE_A,
            "银龄健康讲座",
            "为老服务、健康义诊",
            "每月一次",
            40,
            6,
            20000,
            0,
            datetime.datetime(2025, 1, 1),
            "2025/12/31",
            "TD1",
            "周六 09:00-11:30",
            None,
        ]
    )
    projects.append(["区图书馆", "亲子阅读", "青少年成长", None, None, None, None, "10", None, None, None, None, "是"])
    for kind in (ORGANISATIONS, PROJECTS):
        from io import BytesIO

        f = BytesIO()
        wb.save(f)
        f.seek(0)
        outcome = import_workbook(kind=kind, fileobj=f, user=personas["subdistrict_admin"])
        assert outcome.problems == [] and outcome.done == 2
    baiyun, library = Organisation.objects.get(name="白云公益科技有限公司"), Organisation.objects.get(name="区图书馆")
    assert (baiyun.kind, baiyun.credit_code, baiyun.unit, baiyun.unit_path, baiyun.contact_phone, baiyun.is_active) == (
        "enterprise",
        CODE_A,
        tree.D1,
        tree.D1.path,
        "021-57000000",
        True,
    )
    assert set(baiyun.districts.all()) == {tree.D1, tree.D2} and (library.kind, library.unit, library.is_active) == ("co_building", tree.S, False)
    talk = Project.objects.get(name="银龄健康讲座")
    assert (talk.organisation, talk.unit_path, talk.capacity, talk.deliveries, str(talk.budget), talk.starts_on, talk.ends_on) == (
        baiyun,
        tree.D1.path,
        40,
        6,
        "20000.00",
        datetime.date(2025, 1, 1),
        datetime.date(2025, 12, 31),
    )
    assert talk.availability == {"5": [["09:00", "11:30"]]} and list(talk.districts.all()) == [tree.D1]
    reading = Project.objects.get(name="亲子阅读")
    assert (reading.organisation, reading.capacity, reading.deliveries, str(reading.cost_to_requester), reading.availability) == (library, 30, 4, "10.00", {})
    res = Resource.objects.get(project=talk)
    assert sorted(res.types.values_list("name", flat=True)) == sorted(["为老服务", "健康义诊"]) and list(res.districts.all()) == [tree.D1]
    assert res.organisation == baiyun and res.capacity == 40 and res.capacity_per_period == 6
    assert not Resource.objects.get(project=reading).is_active  # its organisation is not active


def test_an_organisations_file_with_bad_rows_writes_nothing(personas, tree):
    make_org(tree.D1, name="已有企业")  # holds CREDIT_CODE
    rows = [
        ("已有企业", "公益慈善企业", CODE_A, "TD1", None, None, None, None, None, None),
        ("新企业", "公益慈善企业", CREDIT_CODE, "TD1", None, None, None, "电话", None, None),
        ("新企业", "公益慈善企业", None, "TD1", "没有的居民区", None, None, None, None, None),
        ("坏代码", "企业", "91310117MA1J00001H", "中山街道", None, None, None, None, None, None),
        ("重复代码", "社会组织", CODE_A.lower(), "TG1", None, None, None, None, None, None),
    ]
    got = problems(run(ORGANISATIONS, rows, personas["secretary"]))
    assert Organisation.objects.count() == 1
    assert got == [
        (2, "单位名称", "An organisation named 已有企业 is already registered."),
        (3, "联系电话", "Not a phone number: use digits, with - between the area code and the number (for example 021-57000000)."),
        (3, "统一社会信用代码", f"The credit code {CREDIT_CODE} is already registered for 已有企业."),
        (4, "单位名称", "新企业 appears more than once in this file (first in row 3)."),
        (4, "统一社会信用代码", "Required for a charity enterprise."),
        (4, "服务居民区", "No unit has the name or code 没有的居民区."),
        (5, "单位类型", "“企业” is not one of the allowed values: 共建单位、公益慈善企业、社会组织."),
        (5, "统一社会信用代码", "The check character of this unified social credit code is wrong."),
        (5, "所属单位", "中山街道 is outside the units where you may import this data."),
        (6, "统一社会信用代码", f"{CODE_A} appears more than once in this file (first in row 2)."),
        (6, "所属单位", "TG1 is of type Grid; a unit of type Residential district, area or subdistrict is needed here."),
    ]


def test_a_projects_file_with_bad_rows_writes_nothing(personas, tree):
    mine = make_org(tree.D1, name="白云企业")
    make_org(tree.D2, name="蓝天企业", credit_code=CODE_B)
    make_project(mine, name="已有项目")
    rows = [
        ("白云企业", "已有项目", "为老服务", None, None, None, None, None, None, None, None, None, None),
        (CODE_B, "新项目", "为老服务", None, None, None, None, None, None, None, None, None, None),
        ("没有的企业", "新项目", "书画", None, None, None, "很多", None, "明年", None, None, None, None),
        ("白云企业", "新项目", "为老服务", None, 0, None, None, None, "2025-06-01", "2025-05-01", None, "周末", None),
        ("白云企业", "新项目", "为老服务", None, None, None, 10**12, None, "2025-02-30", None, None, None, None),
    ]
    got = problems(run(PROJECTS, rows, personas["secretary"]))
    assert Project.objects.count() == 1 and Resource.objects.filter(kind="project").count() == 1
    assert got == [
        (2, "项目名称", "白云企业 already has a project named 已有项目."),
        (3, "所属单位", f"{CODE_B} is outside the units where you may import this data."),
        (4, "开始日期", "“明年” is not a date; write it like 2025-03-01."),
        (4, "项目预算（元）", "Not an amount: enter yuan, 0 or more, with at most two decimals (for example 200 or 12.5)."),
        (4, "所属单位", "No organisation has the name or credit code 没有的企业; import it first on the sheet 共建单位与企业."),
        (4, "服务领域", "“书画” is not one of the allowed values: 为老服务、助残服务、青少年成长、文体活动、健康义诊、法律援助、环境美化、帮困救助、技能培训."),
        (5, "结束日期", "The end date is before the start date."),
        (5, "每次服务人数", "Must be from 1 to 100000."),
        (5, "可服务时间", "“周末” cannot be read as weekly times; write them like 周一 14:00-17:00；周三 09:00-11:30."),
        (6, "开始日期", "“2025-02-30” is not a date; write it like 2025-03-01."),
        (6, "项目预算（元）", "At most 9,999,999,999.99 yuan."),
        (6, "项目名称", "新项目 appears more than once in this file (first in row 5)."),
    ]


def test_a_workbook_without_a_projects_sheet_is_not_read_as_projects(personas, tree):
    f = workbook(ORGANISATIONS, [("某企业", "公益慈善企业", CODE_A, "TD1", None, None, None, None, None, None)])
    got = problems(import_workbook(kind=PROJECTS, fileobj=f, user=personas["secretary"]))
    missing = "This column is missing. Download the template and keep its first row unchanged."
    assert got == [(1, "项目名称", missing), (1, "服务领域", missing)]


@pytest.mark.parametrize(
    "text, windows",
    [
        ("周一 14:00-17:00；周三 09:00-11:30", {"0": [["14:00", "17:00"]], "2": [["09:00", "11:30"]]}),
        ("周一、周三 14:00 - 17:00", {"0": [["14:00", "17:00"]], "2": [["14:00", "17:00"]]}),
        ("星期六9:00～11:00，14:00至16:00 周日 8:00-9:00", {"5": [["09:00", "11:00"], ["14:00", "16:00"]], "6": [["08:00", "09:00"]]}),
        ("周末 10：00-12：00", {"5": [["10:00", "12:00"]], "6": [["10:00", "12:00"]]}),
        ("周六至周一 08:00-09:00", {"0": [["08:00", "09:00"]], "5": [["08:00", "09:00"]], "6": [["08:00", "09:00"]]}),
        ("不限", {}),
        ("", {}),
    ],
)
def test_weekly_times_read_as_staff_write_them_and_write_back_the_same(text, windows):
    assert parse_weekly(text) == windows
    assert parse_weekly(weekly_text(windows)) == windows


def test_weekly_times_of_every_day_and_several_periods_write_back_readably():
    windows = parse_weekly("每天 08:00-11:00、13:00-17:00")
    assert len(windows) == 7 and weekly_text(windows).startswith("周一 08:00-11:00、13:00-17:00；周二 ")


@pytest.mark.parametrize("text", ["14:00-17:00", "周一", "周一 14:00", "周一 25:00-26:00", "上午 9:00-11:00"])
def test_weekly_times_that_cannot_be_read_are_refused(text):
    with pytest.raises(TimesError):
        parse_weekly(text)
