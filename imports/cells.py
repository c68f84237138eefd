"""Cells of every workbook the platform writes (exports, import templates, survey results): text that a
spreadsheet would take for a formula is written as text.

A value typed by a user, such as a name `=HYPERLINK("http://…","点击")`, would otherwise be a live
formula in the exported file (CSV/formula injection). Text that begins with `=`, `+`, `-`, `@`, a
tab or a carriage return is stored as a string cell (`data_type` "s", so openpyxl does not write a
formula) with Excel's quote prefix (so editing the cell does not turn it into one either). The value
itself is unchanged: an exported file, edited, imports the same text again. Numbers are never
touched, so a negative number stays a number.
"""

from openpyxl.cell import WriteOnlyCell

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START)


def as_text(cell):
    """Mark a cell holding formula-like text as text; other cells are left as they are."""
    if formula_like(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def text_cell(ws, value, **style):
    """A cell for `ws.append` (write-only or not) with the value kept as text when it looks like a formula."""
    cell = WriteOnlyCell(ws, value=value)
    for name, v in style.items():
        setattr(cell, name, v)
    return as_text(cell)


def safe_row(ws, values) -> list:
    """A row for `ws.append`: formula-like text as text cells, every other value as it is (cheap for big exports)."""
    return [text_cell(ws, v) if formula_like(v) else v for v in values]


def put(ws, row: int, column: int, value):
    """`ws.cell(row, column, value)` with formula-like text kept as text."""
    return as_text(ws.cell(row=row, column=column, value=value))
