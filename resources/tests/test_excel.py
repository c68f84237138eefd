"""Excel export of the three libraries (resources.exports): the import's columns, scoped, masked, and
re-importable (export → import → export gives the same rows)."""

import datetime
from io import BytesIO

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import AuditLog
from core.protect import mask_mobile, protect
from doorstep.models import Room
from imports.services import import_workbook
from imports.spec import SPECS
from resources.imports.spec import ORGANISATIONS, PROJECTS, SPACES, TALENTS
from resources.models import Organisation, Project, Resource, SharedSpace, SkillLevel, Talent
from resources.tests.builders import D2_AT, make_org, make_project, make_space, make_talent

pytestmark = pytest.mark.django_db
URLS = {TALENTS: "/resources/export/talents.xlsx", SPACES: "/resources/export/spaces.xlsx", ORGANISATIONS: "/resources/export/organisations.xlsx"}


def download(client, name) -> bytes:
    r = client.get(URLS[name])
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats") and "attachment" in r["Content-Disposition"]
    return b"".join(r.streaming_content)


def sheets(body: bytes) -> dict[str, list[tuple]]:
    """Rows per sheet, each as wide as the header (a row's empty cells at the end are not stored)."""
    wb = openpyxl.load_workbook(BytesIO(body), read_only=True)
    out = {}
    for ws in wb.worksheets:
        rows = list(ws.iter_rows(values_only=True))
        out[ws.title] = [tuple(r) + (None,) * (len(rows[0]) - len(r)) for r in rows]
    return out


def reimport(body: bytes, kind: str, user):
    outcome = import_workbook(kind=kind, fileobj=BytesIO(body), user=user)
    assert outcome.problems == [], outcome.problems
    return outcome.done


def talent(unit, name, phone, skills=("shuhua",), levels=(), **kw) -> Talent:
    p = protect(phone, mask_mobile)
    t = make_talent(unit, name=name, skills=skills, phone_enc=p.enc, phone_digest=p.digest, phone_masked=p.masked, **kw)
    for skill, level in zip(t.skills.order_by("id"), levels, strict=False):
        skill.level = level
        skill.save()
    return t


@pytest.fixture
def talents(tree):
    return [
        talent(
            tree.D1,
            "钱书法",
            "13812345678",
            skills=("shuhua", "handicraft", "dance"),
            levels=(SkillLevel.MASTER, SkillLevel.EXPERT, SkillLevel.EXPERT),
            bio="退休教师",
        ),
        talent(tree.G1, "孙维修", "13900001111", skills=("repair",), availability={}, public_consent=False, reach_m=800),
        talent(tree.D2, "李舞蹈", "13700002222", skills=("dance",), at=D2_AT),
    ]


def test_talents_export_in_the_import_columns_and_import_again_unchanged(login, personas, tree, talents):
    c = login(personas["secretary"])  # D1, may see personal data
    body = download(c, TALENTS)
    rows = sheets(body)["社区达人"]
    assert list(rows[0]) == [col.header for col in SPECS[TALENTS].columns]
    assert rows[1] == (
        "钱书法",
        "13812345678",
        "TD1",
        "书画（名家）、舞蹈、手工",
        "专业",
        "周一 14:00-17:00；周二 14:00-17:00；周三 14:00-17:00；周四 14:00-17:00；周五 14:00-17:00",
        3000,
        20,
        2,
        "是",
        "退休教师",
    )
    assert rows[2] == ("孙维修", "13900001111", "TG1", "维修", "熟练", None, 800, 20, 2, "否", None)
    assert len(rows) == 3  # 李舞蹈 lives in 蓝天居民区
    Talent.objects.filter(unit_path__startswith=tree.D1.path).delete()
    assert reimport(body, TALENTS, personas["secretary"]) == 2
    assert sheets(download(c, TALENTS)) == sheets(body)
    assert Resource.objects.filter(kind="talent", talent__source="import").count() == 2


def test_talents_phones_are_masked_for_those_who_may_not_see_personal_data(login, personas, tree, talents):
    for persona in ("social_worker", "area_manager", "grid_worker"):
        rows = sheets(download(login(personas[persona]), TALENTS))["社区达人"]
        phones = {r[0]: r[1] for r in rows[1:]}
        assert "13812345678" not in repr(rows) and "13900001111" not in repr(rows)
        assert phones == ({"孙维修": "139****1111"} if persona == "grid_worker" else {"钱书法": "138****5678", "孙维修": "139****1111"}), persona
    admin = sheets(download(login(personas["subdistrict_admin"]), TALENTS))["社区达人"]
    assert {r[1] for r in admin[1:]} == {"13812345678", "13900001111", "13700002222"}


def test_a_masked_export_cannot_be_imported_as_it_is(login, personas, tree, talents):
    body = download(login(personas["social_worker"]), TALENTS)
    Talent.objects.all().delete()
    outcome = import_workbook(kind=TALENTS, fileobj=BytesIO(body), user=personas["social_worker"])
    assert [(p["row"], p["column"]) for p in outcome.problems] == [(2, "手机号"), (3, "手机号")] and not Talent.objects.exists()


def test_exports_need_the_right_to_see_the_libraries_and_are_audited(client, login, personas, tree, talents):
    assert client.get(URLS[TALENTS]).status_code == 302
    for persona in ("resident", "outsider", "property_company"):
        for url in URLS.values():
            assert login(personas[persona]).get(url).status_code == 403
    download(login(personas["secretary"]), ORGANISATIONS)
    record = AuditLog.objects.get(action="export")
    assert record.user == personas["secretary"] and record.changes == {"kind": "organisations", "rows": {"organisations": 0, "projects": 0}}


def test_spaces_export_and_import_again_as_bookable_rooms(login, personas, tree):
    org = make_org(tree.S, name="区税务局", kind="co_building", credit_code="")
    make_space(tree.D1, name="税务局二楼会议室", space_types=("meeting", "culture"), organisation=org, fee="20.00", uses_per_period=5)
    space = make_space(tree.D1, name="白云活动室", space_types=("leisure",), capacity=50, address="白云路1号", description="一楼", opening_hours={})
    Room.objects.filter(pk=space.room_id).update(equipment=["音响", "桌椅"], rules="用后恢复桌椅", area_m2=80)
    make_space(tree.D2, name="蓝天活动室", at=D2_AT)
    c = login(personas["social_worker"])
    body = download(c, SPACES)
    rows = sheets(body)["共享空间"]
    assert list(rows[0]) == [col.header for col in SPECS[SPACES].columns]
    week = "周一 14:00-17:00；周二 14:00-17:00；周三 14:00-17:00；周四 14:00-17:00；周五 14:00-17:00"
    assert rows[1:] == [
        ("税务局二楼会议室", "TD1", "会议培训、文化教育", "区税务局", None, 30, None, None, week, None, 20, 5, "是", None),
        ("白云活动室", "TD1", "休闲娱乐", None, "白云路1号", 50, 80, "音响、桌椅", None, "用后恢复桌椅", 0, 8, "是", "一楼"),
    ]
    Room.objects.filter(unit=tree.D1).delete()
    assert not SharedSpace.objects.filter(unit_path=tree.D1.path).exists()
    assert reimport(body, SPACES, personas["social_worker"]) == 2
    assert sheets(download(c, SPACES)) == sheets(body)


def test_organisations_and_projects_export_on_two_sheets_and_import_again(login, personas, tree):
    org = make_org(tree.D1, name="白云公益科技有限公司", contact_name="王经理", contact_phone="021-57000000")
    org.districts.set([tree.D1, tree.D2])
    make_org(tree.D1, name="白云小学", kind="co_building", credit_code="", is_active=False)
    p = make_project(org, name="银龄健康讲座", project_types=("elderly", "health_project"), budget="20000", starts_on=datetime.date(2025, 1, 1),
                     ends_on=datetime.date(2025, 12, 31), availability={"5": [["09:00", "11:30"]]}, content="每月一次")  # fmt: skip
    p.districts.set([tree.D1])
    make_project(org, name="助残上门", project_types=("disability",), cost_to_requester="15.50")
    make_org(tree.D2, name="蓝天企业", credit_code="91310117MA1J00001G")
    c = login(personas["secretary"])
    body = download(c, ORGANISATIONS)
    got = sheets(body)
    assert list(got) == ["共建单位与企业", "公益服务项目"]
    assert list(got["公益服务项目"][0]) == [col.header for col in SPECS[PROJECTS].columns]
    assert got["共建单位与企业"][1:] == [
        ("白云公益科技有限公司", "公益慈善企业", "91110000600037341L", "TD1", "TD1、TD2", None, "王经理", "021-57000000", "是", None),
        ("白云小学", "共建单位", None, "TD1", None, None, None, None, "否", None),
    ]
    assert got["公益服务项目"][1:] == [
        ("白云公益科技有限公司", "助残上门", "助残服务", None, 40, 4, 0, 15.5, None, None, None, None, "是"),
        ("白云公益科技有限公司", "银龄健康讲座", "为老服务、健康义诊", "每月一次", 40, 4, 20000, 0,
         datetime.datetime(2025, 1, 1), datetime.datetime(2025, 12, 31), "TD1", "周六 09:00-11:30", "是"),
    ]  # fmt: skip
    Project.objects.filter(organisation__unit=tree.D1).delete()
    Organisation.objects.filter(unit=tree.D1).delete()
    assert reimport(body, ORGANISATIONS, personas["secretary"]) == 2
    assert reimport(body, PROJECTS, personas["secretary"]) == 2
    assert sheets(download(c, ORGANISATIONS)) == got
    assert Resource.objects.filter(kind="project", unit=tree.D1).count() == 2


def test_exports_take_the_same_number_of_queries_as_the_libraries_grow(login, personas, tree, django_assert_max_num_queries):
    def grow(n):
        for i in range(n):
            talent(tree.D1, f"达人{Talent.objects.count()}", f"1380000{Talent.objects.count():04d}", skills=("shuhua", "dance"))
            org = make_org(tree.D1, name=f"企业{Organisation.objects.count()}", credit_code="")
            org.districts.set([tree.D1])
            make_project(org, name="项目", project_types=("elderly", "youth"))
            make_space(tree.D1, name=f"空间{i}{Room.objects.count()}", organisation=org, space_types=("meeting", "culture"))

    c = login(personas["secretary"])
    grow(2)
    counts = {}
    for name in URLS:
        download(c, name)
        with CaptureQueriesContext(connection) as ctx:
            download(c, name)
        counts[name] = len(ctx.captured_queries)
    grow(10)
    for name, n in counts.items():
        with django_assert_max_num_queries(n):
            body = download(c, name)
        assert len(next(iter(sheets(body).values()))) == 13
