from django.utils import translation

from imports.problems import rendered
from imports.services import import_workbook
from imports.spec import BUILDINGS, UNITS
from imports.tests.conftest import workbook
from org.models import Unit, UnitKind


def run(kind, rows, user, **kw):
    return import_workbook(kind=kind, fileobj=workbook(kind, rows, **kw), user=user)


def messages(outcome):
    return [(p["row"], p["column"], p["text"]) for p in rendered(outcome.problems)]


def test_a_good_units_file_imports_every_row_with_parents_made_by_earlier_rows(personas, tree):
    rows = [
        ("TS", "片区", "NA3", "第三片区", "中山路3号", "021-5700"),
        ("NA3", "居民区", "ND3", "绿叶居民区", None, None),
        ("ND3", "网格", "NG3", "绿叶1号网格", None, None),
        ("TD1", "网格", "NG4", "白云2号网格", None, None),
    ]
    outcome = run(UNITS, rows, personas["subdistrict_admin"])
    assert outcome.problems == [] and outcome.done == 4
    grid = Unit.objects.get(code="NG3")
    assert grid.kind == UnitKind.GRID and grid.parent.code == "ND3" and grid.parent.parent.parent == tree.S
    assert Unit.objects.get(code="NA3").address == "中山路3号"
    assert Unit.objects.get(code="NG4").path.startswith(tree.D1.path)


def test_one_bad_row_imports_nothing_and_says_where_and_what(personas, tree):
    rows = [
        ("TS", "片区", "NA3", "第三片区", None, None),
        ("NA3", "网格", "NG3", "错层网格", None, None),
        ("TS", "小区", "NX", "未知类型", None, None),
        ("NOPE", "网格", "NG5", "无上级", None, None),
        ("TA1", "居民区", "TD2", "重复编码", None, None),
        ("TA1", "居民区", "NA3", "文件内重复", None, None),
        ("TA1", "居民区", None, "没有编码", None, None),
    ]
    before = Unit.objects.count()
    outcome = run(UNITS, rows, personas["subdistrict_admin"])
    assert Unit.objects.count() == before and outcome.done == 0
    with translation.override("en"):
        got = messages(outcome)
    assert got == [
        (3, "单位类型", "A unit of type Grid cannot be placed under NA3, which is of type Area."),
        (4, "单位类型", "“小区” is not one of the allowed values: 片区、居民区、网格."),
        (5, "上级单位编码", "No unit has the code NOPE."),
        (6, "单位编码", "The code TD2 is already used by another unit."),
        (7, "单位编码", "NA3 appears more than once in this file (first in row 2)."),
        (8, "单位编码", "Required; this cell is empty."),
    ]


def test_the_messages_are_stored_once_and_shown_in_the_readers_language(personas, tree):
    outcome = run(UNITS, [("TA1", "网格", "NG9", "错层网格", None, None)], personas["subdistrict_admin"])
    with translation.override("en"):
        assert messages(outcome) == [(2, "单位类型", "A unit of type Grid cannot be placed under TA1, which is of type Area.")]
    with translation.override("zh-hans"):
        assert "网格" in messages(outcome)[0][2] and "片区" in messages(outcome)[0][2]


def test_units_outside_the_importers_scope_are_row_errors(personas, tree):
    rows = [("TD1", "网格", "NG1", "白云2号网格", None, None), ("TD2", "网格", "NG2", "蓝天2号网格", None, None)]
    outcome = run(UNITS, rows, personas["secretary"])  # secretary of D1 only
    got = messages(outcome)
    assert [(r, c) for r, c, _t in got] == [(3, "上级单位编码")]
    assert "TD2" in got[0][2]
    assert not Unit.objects.filter(code__in=["NG1", "NG2"]).exists()


def test_a_parent_further_down_the_file_is_reported(personas, tree):
    rows = [("NA3", "居民区", "ND3", "绿叶居民区", None, None), ("TS", "片区", "NA3", "第三片区", None, None)]
    got = messages(run(UNITS, rows, personas["subdistrict_admin"]))
    assert [(r, c) for r, c, _t in got] == [(2, "上级单位编码")]
    assert "3" in got[0][2]


def test_buildings_go_under_grids_in_scope_only(personas, tree):
    good = run(BUILDINGS, [("TG1", "NB1", "3号楼", "白云路3号"), ("TG1", "NB2", "4号楼", None)], personas["secretary"])
    assert good.problems == [] and Unit.objects.get(code="NB1").parent == tree.G1
    bad = run(BUILDINGS, [("TG2", "NB3", "5号楼", None), ("TD1", "NB4", "6号楼", None), ("TG1", "TB1", "重名", None)], personas["secretary"])
    got = messages(bad)
    assert [(r, c) for r, c, _t in got] == [(2, "所属网格编码"), (3, "所属网格编码"), (4, "楼栋编码")]
    assert not Unit.objects.filter(code__in=["NB3", "NB4"]).exists()


def test_a_wrong_unit_type_names_both_types(personas, tree):
    got = run(BUILDINGS, [("TD1", "NB4", "6号楼", None)], personas["subdistrict_admin"])
    with translation.override("en"):
        assert messages(got) == [(2, "所属网格编码", "TD1 is of type Residential district; a unit of type Grid is needed here.")]
