from io import BytesIO

import openpyxl
import pytest

from audit.models import AuditLog
from core.testing import make_id_number
from people.models import Resident


def export(client, kind, **data):
    return client.post("/imports/export/", {"kind": kind, **data})


def sheet_rows(response) -> list[tuple]:
    body = b"".join(response.streaming_content)
    return list(openpyxl.load_workbook(BytesIO(body), read_only=True).worksheets[0].iter_rows(values_only=True))


def test_residents_are_exported_with_masked_identifiers_only_and_the_export_is_audited(login, personas, tree, people):
    c = login(personas["subdistrict_admin"])
    r = export(c, "residents", unit=tree.S.pk)
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = sheet_rows(r)
    assert rows[0] == ("户号", "姓名", "身份证号（脱敏）", "手机号（脱敏）", "与户主关系", "性别", "地址")
    assert ("HH-1", "张三丰", "1****************X", "138****1234", "户主", "女", "白云居民区1号楼101室") in rows
    assert {row[1] for row in rows[1:]} == {"张三丰", "王芳", "李四"}
    flat = repr(rows)
    assert "11010519491231002X" not in flat and "13812341234" not in flat and "13900001111" not in flat
    record = AuditLog.objects.filter(action="export").get()
    assert record.user == personas["subdistrict_admin"] and record.changes == {"kind": "residents", "rows": 3} and record.object_id == str(tree.S.pk)


def test_an_export_holds_only_what_is_in_the_users_scope(login, personas, tree, people):
    c = login(personas["secretary"])  # secretary of D1
    rows = sheet_rows(export(c, "residents", code="TD1"))
    assert {row[1] for row in rows[1:]} == {"张三丰", "王芳"}
    assert export(c, "residents", code="TD2").status_code == 400
    assert export(c, "residents", unit=tree.D2.pk).status_code == 400
    assert export(c, "residents", code="TS").status_code == 400
    assert not AuditLog.objects.filter(action="export", object_id=str(tree.D2.pk)).exists()


def test_the_area_committee_may_export_households_but_not_import(login, personas, tree, people):
    c = login(personas["area_manager"])
    rows = sheet_rows(export(c, "households", unit=tree.A1.pk))
    assert rows[1:] == [("TB1", "101室", 89.5, "不动产登记", "HH-1", "自住", "白云居民区1号楼101室")]


def test_units_and_buildings_export_in_the_import_layout(login, personas, tree):
    c = login(personas["subdistrict_admin"])
    units = sheet_rows(export(c, "units", code="TS"))
    assert units[0] == ("上级单位编码", "单位类型", "单位编码", "单位名称", "地址", "联系电话")
    assert [(r[0], r[1], r[2]) for r in units[1:]] == [("TS", "片区", "TA1"), ("TA1", "居民区", "TD1"), ("TD1", "网格", "TG1"), ("TS", "片区", "TA2"), ("TA2", "居民区", "TD2"), ("TD2", "网格", "TG2")]
    buildings = sheet_rows(export(c, "buildings", code="TG2"))
    assert buildings[1:] == [("TG2", "TB2", "2号楼", None)]


def test_export_needs_the_export_right(login, personas, tree):
    assert export(login(personas["grid_worker"]), "residents", unit=tree.G1.pk).status_code == 403


@pytest.mark.parametrize("count", [3000])
def test_a_large_export_streams_every_row(login, personas, tree, people, count):
    household = people["h1"]
    base = Resident.objects.get(name="王芳")
    Resident.objects.bulk_create(
        [Resident(**{**{f.attname: getattr(base, f.attname) for f in Resident._meta.concrete_fields if f.name != "id"},
                     "name": f"居民{i}", "id_number_digest": f"d{i}", "household_id": household.pk}) for i in range(count)]
    )
    rows = sheet_rows(export(login(personas["secretary"]), "residents", code="TD1"))
    assert len(rows) == 1 + 2 + count
    assert make_id_number() not in repr(rows[:5])
