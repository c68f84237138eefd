"""Importing the resource libraries: 社区达人 and 共享空间 (resources.imports)."""

import pytest
from django.utils import translation

from core.protect import decrypt, digest
from doorstep.models import Room, Slot
from imports.models import ImportJob, ImportStatus
from imports.problems import rendered
from imports.selectors import importable_kinds
from imports.services import import_workbook
from imports.tests.conftest import empty_cache, inline_tasks, private_uploads, workbook  # noqa: F401  the import tests' fixtures
from resources.imports.spec import SPACES, TALENTS
from resources.models import Resource, SharedSpace, Talent, TalentTransition
from resources.tests.builders import make_org, make_space, make_talent


def run(kind, rows, user):
    return import_workbook(kind=kind, fileobj=workbook(kind, rows), user=user)


def problems(outcome, lang="en"):
    with translation.override(lang):
        return [(p["row"], p["column"], p["text"]) for p in rendered(outcome.problems)]


def catalogue(kind):
    return {r.name: sorted(r.types.values_list("name", flat=True)) for r in Resource.objects.filter(kind=kind).prefetch_related("types")}


TALENT = ("钱书法", "13812341234", "白云居民区", "书画、手工（名家）", "专业", "周一 14:00-17:00；周三 09:00-11:30", 2000, 15, 3, "是", "退休教师")


def test_a_good_talents_file_puts_every_row_in_the_library_and_the_catalogue(personas, tree, people):
    rows = [TALENT, ("孙舞蹈", None, "TG1", "舞蹈", None, "周一至周五 9:00-11:00, 14:00-17:00", None, None, None, None, None)]
    outcome = run(TALENTS, rows, personas["secretary"])
    assert outcome.problems == [] and outcome.done == 2
    qian, sun = Talent.objects.get(name="钱书法"), Talent.objects.get(name="孙舞蹈")
    assert (qian.state, qian.source, qian.unit, qian.reach_m, qian.group_size, qian.sessions_per_period) == ("active", "import", tree.D1, 2000, 15, 3)
    assert qian.phone_masked == "138****1234" and qian.phone_digest == digest("13812341234") and decrypt(qian.phone_enc) == "13812341234"
    assert "13812341234" not in qian.phone_enc
    assert qian.resident == people["zsf"]  # the registered resident with this number, living in 白云居民区
    assert sorted(qian.skills.values_list("type__name", "level")) == [("书画", 3), ("手工", 4)]
    assert qian.availability == {"0": [["14:00", "17:00"]], "2": [["09:00", "11:30"]]} and qian.public_consent and qian.consent_at
    assert (sun.unit, sun.phone_masked, sun.public_consent, sun.consent_at, sun.reach_m, sun.sessions_per_period) == (tree.G1, "", False, None, 3000, 2)
    assert sun.availability["4"] == [["09:00", "11:00"], ["14:00", "17:00"]] and "5" not in sun.availability
    assert list(sun.skills.values_list("level", flat=True)) == [2]  # 熟练 when not given
    assert catalogue("talent") == {"钱书法": sorted(["书画", "手工"]), "孙舞蹈": ["舞蹈"]}
    assert Resource.objects.get(talent=qian).is_public and not Resource.objects.get(talent=sun).is_public
    step = TalentTransition.objects.get(talent=qian)
    assert (step.action, step.to_state, step.by) == ("import", "active", personas["secretary"])


def test_a_talents_file_with_bad_rows_reports_each_problem_by_row_and_column_and_writes_nothing(personas, tree, people):
    make_talent(tree.D1, name="已有达人", phone_digest=digest("13700000000"))
    make_talent(tree.D1, name="同名达人")
    rows = [
        ("甲", "13700000000", "TD1", "书画", None, None, None, None, None, None, None),  # number of a talent already in the library
        ("乙", "13600000000", "TD1", "书画", None, None, None, None, None, None, None),
        ("丙", "136-0000-0000", "TD1", "书画", None, None, None, None, None, None, None),  # same number again
        ("丁", "138****1234", "TD1", "书画", None, None, None, None, None, None, None),  # a masked export
        ("戊", "1381234123", "蓝天居民区", "书画、飞行", "大师", "周八 14:00", "x", 0, None, "对", None),
        ("同名达人", None, "TD1", "书画（宗师）", None, "周一 14:00-17:00、15:00-18:00", None, None, None, None, None),
        (None, None, "TS", None, None, "周二 17:00-14:00", None, None, None, None, None),
        ("己", None, "没有这个居民区", "书画", None, None, None, None, None, None, None),
    ]
    got = run(TALENTS, rows, personas["secretary"])
    assert Talent.objects.count() == 2 and TalentTransition.objects.count() == 0 and got.done == 0
    assert problems(got) == [
        (2, "手机号", "A talent with this mobile number is already in the library."),
        (4, "手机号", "This mobile number appears more than once in this file (first in row 3)."),
        (
            5,
            "手机号",
            "This mobile number is masked (138****1234): a file exported without the right to see personal data cannot be imported as it is. Enter the full number.",
        ),
        (6, "手机号", "A mobile number has 11 digits and starts with 13 to 19."),
        (6, "等级", "“大师” is not one of the allowed values: 爱好者、熟练、专业、名家."),
        (6, "可服务时间", "“周八” cannot be read as weekly times; write them like 周一 14:00-17:00；周三 09:00-11:30."),
        (6, "服务范围（米）", "Not a whole number: “x”."),
        (6, "每次服务人数", "Must be from 1 to 100000."),
        (6, "同意公开展示", "“对” is not one of the allowed values: 是、否."),
        (6, "居民区", "蓝天居民区 is outside the units where you may import this data."),
        (
            6,
            "技能类型",
            "“飞行” is not one of the allowed values: 曲艺、书画、舞蹈、音乐、摄影、手工、维修、烹饪、智能手机教学、教育、健康养生、健身指导、法律咨询、心理疏导.",
        ),
        (7, "可服务时间", "On 周一 the periods 14:00-17:00 and 15:00-18:00 overlap."),
        (7, "技能类型", "“宗师” is not one of the allowed values: 爱好者、熟练、专业、名家."),
        (7, "姓名", "同名达人 is already in the library in 白云居民区; give a mobile number if this is another person."),
        (8, "姓名", "Required; this cell is empty."),
        (8, "技能类型", "Required; this cell is empty."),
        (8, "可服务时间", "A period must end after it starts (17:00-14:00)."),
        (8, "居民区", "TS is of type Subdistrict; a unit of type Residential district, or a grid or building in one is needed here."),
        (9, "居民区", "No unit has the name or code 没有这个居民区."),
    ]
    assert "13600000000" not in repr(got.problems) and "13700000000" not in repr(got.problems)


def test_problems_name_the_chinese_column_and_read_in_chinese(personas, tree):
    got = problems(run(TALENTS, [(None, None, "TD1", "书画", None, None, None, None, None, None, None)], personas["secretary"]), lang="zh-hans")
    assert got == [(2, "姓名", "必填项，此单元格为空。")]


def test_a_name_twice_without_numbers_is_reported_once_per_later_row(personas, tree):
    rows = [("王五", None, "TD1", "维修", None, None, None, None, None, None, None)] * 3
    got = problems(run(TALENTS, rows, personas["social_worker"]))
    assert got == [
        (3, "姓名", "王五 appears more than once in this file (first in row 2)."),
        (4, "姓名", "王五 appears more than once in this file (first in row 2)."),
    ]


def test_the_right_to_change_resources_is_what_import_of_the_libraries_needs(personas, tree):
    assert set(importable_kinds(personas["social_worker"])) >= {"talents", "spaces", "organisations", "projects"}
    assert "residents" not in importable_kinds(personas["social_worker"])  # the general import right is not given to social workers
    assert importable_kinds(personas["grid_worker"]) == []
    got = problems(run(TALENTS, [("甲", None, "TD1", "书画", None, None, None, None, None, None, None)], personas["grid_worker"]))
    assert got == [(2, "居民区", "TD1 is outside the units where you may import this data.")]


SPACE = (
    "社区活动室",
    "白云居民区",
    "休闲娱乐、文化教育",
    None,
    "白云路1号",
    40,
    80,
    "音响、桌椅，投影仪",
    "周一至周五 14:00-17:00",
    "用后请恢复桌椅",
    0,
    6,
    "是",
    "一楼",
)


def test_a_good_spaces_file_makes_bookable_shared_rooms_and_catalogue_rows(personas, tree):
    org = make_org(tree.S, name="区税务局", kind="co_building", credit_code="")
    rows = [SPACE, ("税务局二楼会议室", "TD1", "会议培训", "区税务局", None, 30, None, None, None, None, 50.5, None, "否", None)]
    outcome = run(SPACES, rows, personas["secretary"])
    assert outcome.problems == [] and outcome.done == 2
    room = Room.objects.get(name="社区活动室")
    assert (room.place, room.unit, room.unit_path, room.kind, room.capacity, room.area_m2) == (None, tree.D1, tree.D1.path, "shared", 40, 80)
    assert room.equipment == ["音响", "桌椅", "投影仪"] and room.opening_hours["4"] == [["14:00", "17:00"]] and room.rules == "用后请恢复桌椅"
    assert Slot.objects.filter(room=room).exists()  # bookable through the same engine as the stations' rooms
    space = room.shared_space
    assert (space.organisation, space.uses_per_period, space.is_active, space.address) == (None, 6, True, "白云路1号")
    other = SharedSpace.objects.get(room__name="税务局二楼会议室")
    assert (other.organisation, str(other.fee), other.is_active, other.uses_per_period) == (org, "50.50", False, 8)
    assert catalogue("space") == {"社区活动室": sorted(["休闲娱乐", "文化教育"]), "税务局二楼会议室": ["会议培训"]}
    assert not Resource.objects.get(space=other).is_active


def test_a_spaces_file_with_bad_rows_writes_nothing(personas, tree):
    make_space(tree.D1, name="已有会议室")
    make_org(tree.D2, name="蓝天物业", kind="co_building", credit_code="")
    rows = [
        ("已有会议室", "TD1", "会议培训", None, None, 30, None, None, None, None, None, None, None, None),
        ("新空间", "TD1", "书画", "蓝天物业", None, None, None, None, None, None, -1, None, None, None),
        ("新空间", "TD1", "会议培训", "没有的单位", None, 10, None, None, "周一 9:00", None, "12.345", None, None, None),
        ("别处", "TG1", "会议培训", None, None, 10, None, None, None, None, None, None, None, None),
    ]
    before = (Room.objects.count(), SharedSpace.objects.count(), Resource.objects.count())
    got = problems(run(SPACES, rows, personas["secretary"]))
    assert (Room.objects.count(), SharedSpace.objects.count(), Resource.objects.count()) == before
    assert got == [
        (2, "空间名称", "白云居民区 already has a shared space named 已有会议室."),
        (3, "容纳人数", "Required; this cell is empty."),
        (3, "使用费（元/次）", "Not an amount: enter yuan, 0 or more, with at most two decimals (for example 200 or 12.5)."),
        (3, "提供单位", "蓝天物业 is outside the units where you may import this data."),
        (3, "空间类型", "“书画” is not one of the allowed values: 休闲娱乐、运动健身、会议培训、文化教育."),
        (4, "开放时间", "“9:00” cannot be read as weekly times; write them like 周一 14:00-17:00；周三 09:00-11:30."),
        (4, "使用费（元/次）", "Not an amount: enter yuan, 0 or more, with at most two decimals (for example 200 or 12.5)."),
        (4, "提供单位", "No organisation has the name or credit code 没有的单位; import it first on the sheet 共建单位与企业."),
        (4, "空间名称", "新空间 appears more than once in this file (first in row 3)."),
        (5, "居民区", "TG1 is of type Grid; a unit of type Residential district is needed here."),
    ]


@pytest.mark.usefixtures("inline_tasks")
def test_a_social_worker_imports_talents_on_the_import_page(login, personas, tree, django_capture_on_commit_callbacks):
    c = login(personas["social_worker"])
    page = c.get("/imports/?kind=talents").content.decode()  # the library pages link here with their kind chosen
    assert '<option value="talents" selected>' in page
    assert 'value="talents"' in page and "/imports/templates/talents.xlsx" in page and "/imports/templates/residents.xlsx" not in page
    assert "/resources/export/talents.xlsx" in page
    with django_capture_on_commit_callbacks(execute=True):
        r = c.post("/imports/upload/", {"kind": TALENTS, "file": workbook(TALENTS, [TALENT[:1] + (None,) + TALENT[2:]])})
    job = ImportJob.objects.get()
    assert r.status_code == 302 and job.status == ImportStatus.DONE and job.done == 1
    assert Talent.objects.get().name == "钱书法"


def test_the_talents_template_lists_the_skill_types_on_its_instructions_sheet(login, personas, tree):
    from io import BytesIO

    import openpyxl

    r = login(personas["social_worker"]).get("/imports/templates/talents.xlsx")
    help_sheet = openpyxl.load_workbook(BytesIO(r.content)).worksheets[1]
    row = next(r for r in help_sheet.iter_rows(values_only=True) if r[0] == "技能类型")
    assert row[1] == "必填" and "书画" in row[2] and "曲艺" in row[2]
