from io import BytesIO
from zipfile import ZipFile

import pytest
from django.utils import translation

from imports.problems import FileProblem, rendered
from imports.reader import read_rows
from imports.spec import BUILDINGS, RESIDENTS, SPECS
from imports.tests.conftest import workbook


def file_problems(fileobj, kind):
    with pytest.raises(FileProblem) as e:
        read_rows(fileobj, SPECS[kind])
    with translation.override("en"):
        return [(p["row"], p["column"], p["text"]) for p in rendered([p.as_dict() for p in e.value.problems])]


def test_rows_keep_their_excel_numbers_and_empty_rows_are_skipped():
    rows = read_rows(workbook(BUILDINGS, [("TG1", "B-1", "1号楼", None), (None, None, None, None), (" TG1 ", 1001, "2号楼", "  ")]), SPECS[BUILDINGS])
    assert [(r.number, r.values) for r in rows] == [
        (2, {"grid_code": "TG1", "code": "B-1", "name": "1号楼", "address": None}),
        (4, {"grid_code": "TG1", "code": 1001, "name": "2号楼", "address": None}),
    ]


def test_headers_marked_required_with_a_star_are_recognised_and_columns_may_move():
    headers = ["*楼栋名称", "备注", "*所属网格编码", "*楼栋编码"]
    rows = read_rows(workbook(BUILDINGS, [("3号楼", "x", "TG1", "B-3")], headers=headers), SPECS[BUILDINGS])
    assert rows[0].values == {"grid_code": "TG1", "code": "B-3", "name": "3号楼", "address": None}


def test_a_missing_required_column_is_named():
    got = file_problems(workbook(RESIDENTS, [("HH-1", "甲")], headers=["户号", "姓名"]), RESIDENTS)
    assert [(r, c) for r, c, _t in got] == [(1, "身份证号"), (1, "与户主关系")]


def test_a_file_for_another_kind_is_recognised_as_such():
    got = file_problems(workbook(BUILDINGS, [("TG1", "B-1", "1号楼", None)]), RESIDENTS)
    assert got == [(1, "", "This does not look like the template for Residents: none of its column names were found in the first row.")]


def test_the_untouched_example_row_is_not_data():
    assert file_problems(workbook(RESIDENTS, [SPECS[RESIDENTS].example]), RESIDENTS) == [(0, "", "The file has no data rows below the column names.")]


def test_too_many_rows_are_refused(monkeypatch):
    monkeypatch.setattr("imports.reader.MAX_ROWS", 2)
    got = file_problems(workbook(BUILDINGS, [("TG1", f"B-{i}", "楼", None) for i in range(3)]), BUILDINGS)
    assert got == [(0, "", "The file has more than 2 rows; at most 2 rows can be imported at once. Split it into smaller files.")]


def test_a_zip_that_is_not_a_workbook_is_refused():
    out = BytesIO()
    with ZipFile(out, "w") as z:
        z.writestr("hello.txt", "hi")
    out.seek(0)
    assert file_problems(out, BUILDINGS)[0][2].startswith("This is not an Excel workbook (.xlsx).")


def test_a_damaged_workbook_is_refused():
    out = BytesIO()
    with ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<nonsense")
        z.writestr("xl/workbook.xml", "<nonsense")
    out.seek(0)
    assert file_problems(out, BUILDINGS)[0][2].startswith("The workbook could not be opened; it may be damaged.")
