"""Exports as .xlsx, written row by row (openpyxl write-only) to a temporary file that is streamed out;
text that looks like a formula is written as text (imports.cells)."""

import tempfile

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from audit.services import audit_record
from imports.blanks import HEADER_FILL, HEADER_FONT
from imports.cells import safe_row, text_cell
from imports.selectors import export_rows
from imports.spec import AREA_SOURCES, BUILDINGS, HOUSEHOLDS, KIND_NAMES, RELATIONS, RESIDENTS, RESPONSIBLES, SPECS, TENURES, UNITS
from org.models import Unit

GENDERS = {"M": "男", "F": "女"}


def _labels(choices) -> dict:
    return {value: label for label, value in choices}


AREA_SOURCE_LABELS, TENURE_LABELS, RELATION_LABELS = _labels(AREA_SOURCES), _labels(TENURES), _labels(RELATIONS)


# per kind: (header, width) of each exported column, and a function from a selector row to cells
LAYOUTS = {
    UNITS: (
        [("上级单位编码", 18), ("单位类型", 10), ("单位编码", 18), ("单位名称", 24), ("地址", 32), ("联系电话", 16)],
        lambda r: (r[0], KIND_NAMES.get(r[1], r[1]), *r[2:]),
    ),
    BUILDINGS: ([("所属网格编码", 18), ("楼栋编码", 20), ("楼栋名称", 16), ("地址", 32)], lambda r: r),
    RESPONSIBLES: ([("单位编码", 18), ("姓名", 12), ("职务", 14), ("职责", 36), ("工作电话", 16), ("平台账号", 16)], lambda r: (*r[:5], r[5] or "")),
    HOUSEHOLDS: (
        [("楼栋编码", 20), ("房间号", 10), ("专有部分面积（㎡）", 18), ("面积来源", 12), ("户号", 16), ("居住类型", 10), ("地址", 36)],
        lambda r: (r[0], r[1], r[2], AREA_SOURCE_LABELS.get(r[3], r[3]), r[4], TENURE_LABELS.get(r[5], r[5]), r[6]),
    ),
    RESIDENTS: (
        [("户号", 16), ("姓名", 12), ("身份证号（脱敏）", 22), ("手机号（脱敏）", 16), ("与户主关系", 12), ("性别", 6), ("地址", 36)],
        lambda r: (r[0], r[1], r[2], r[3], RELATION_LABELS.get(r[4], r[4]), GENDERS.get(r[5], r[5]), r[6]),
    ),
}


def export_workbook(*, kind: str, user, root: Unit):
    """(an open temporary file holding the workbook, number of data rows); writes an audit record."""
    columns, to_cells = LAYOUTS[kind]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(SPECS[kind].sheet)
    for i, (_header, width) in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    header = []
    for title, _width in columns:
        header.append(text_cell(ws, title, font=HEADER_FONT, fill=HEADER_FILL))
    ws.append(header)
    count = 0
    for row in export_rows(kind, user, root).iterator(chunk_size=2000):
        ws.append(safe_row(ws, to_cells(row)))
        count += 1
    out = tempfile.TemporaryFile()
    wb.save(out)
    out.seek(0)
    audit_record(action="export", user=user, obj=root, changes={"kind": kind, "rows": count})
    return out, count
