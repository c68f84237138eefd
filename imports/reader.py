"""Reading an uploaded workbook: is it really an xlsx, is it small enough, which column is which."""

import os
import zipfile
from dataclasses import dataclass

import openpyxl
from django.utils import translation
from django.utils.translation import gettext_noop

from imports.problems import FileProblem, Problem
from imports.spec import MAX_ROWS, MAX_UPLOAD_MB, Kind

MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
MAX_UNPACKED_MB = 100
REQUIRED_MARKS = "*＊ \u3000"

TOO_LARGE = gettext_noop("The file is larger than %(max)s MB. Split it into smaller files and upload them one by one.")
NOT_XLSX = gettext_noop("This is not an Excel workbook (.xlsx). Open it in Excel or WPS, save it as “Excel workbook (*.xlsx)” and upload it again.")
DAMAGED = gettext_noop("The workbook could not be opened; it may be damaged. Open it in Excel or WPS, save it again as .xlsx and upload it again.")
UNPACKED_TOO_LARGE = gettext_noop("The workbook holds more than %(max)s MB of data when unpacked. Split it into smaller files.")
NO_ROWS = gettext_noop("The file has no data rows below the column names.")
TOO_MANY_ROWS = gettext_noop("The file has more than %(max)s rows; at most %(max)s rows can be imported at once. Split it into smaller files.")
MISSING_COLUMN = gettext_noop("This column is missing. Download the template and keep its first row unchanged.")
WRONG_TEMPLATE = gettext_noop("This does not look like the template for %(kind)s: none of its column names were found in the first row.")


@dataclass
class Row:
    number: int  # as Excel shows it
    values: dict  # column key -> cell value (str, number or None)


def file_size(fileobj) -> int:
    size = getattr(fileobj, "size", None)
    if size is not None:
        return size
    try:
        return os.fstat(fileobj.fileno()).st_size
    except (AttributeError, OSError):
        pos = fileobj.tell()
        fileobj.seek(0, os.SEEK_END)
        size = fileobj.tell()
        fileobj.seek(pos)
        return size


def check_upload(fileobj) -> None:
    """Refuse anything but a modest Office Open XML workbook, before openpyxl unpacks it."""
    if file_size(fileobj) > MAX_UPLOAD_BYTES:
        raise FileProblem.of(TOO_LARGE, max=MAX_UPLOAD_MB)
    fileobj.seek(0)
    if not zipfile.is_zipfile(fileobj):
        raise FileProblem.of(NOT_XLSX)
    fileobj.seek(0)
    try:
        with zipfile.ZipFile(fileobj) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile:
        raise FileProblem.of(NOT_XLSX) from None
    names = {m.filename for m in members}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise FileProblem.of(NOT_XLSX)
    if sum(m.file_size for m in members) > MAX_UNPACKED_MB * 1024 * 1024:
        raise FileProblem.of(UNPACKED_TOO_LARGE, max=MAX_UNPACKED_MB)
    fileobj.seek(0)


def open_workbook(fileobj):
    check_upload(fileobj)
    try:
        return openpyxl.load_workbook(fileobj, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors for broken parts
        raise FileProblem.of(DAMAGED) from None


def clean_header(value) -> str:
    return str(value).strip(REQUIRED_MARKS) if value is not None else ""


def clean_value(value):
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def column_positions(header: tuple, kind: Kind) -> dict:
    found = {clean_header(v): i for i, v in reversed(list(enumerate(header)))}
    positions = {c.key: found[c.header] for c in kind.columns if c.header in found}
    if not positions:
        with translation.override(None):
            label = str(kind.label)
        raise FileProblem(Problem(row=1, column="", message=WRONG_TEMPLATE, params={"kind": label}, translate=["kind"]))
    missing = [c for c in kind.columns if c.required and c.key not in positions]
    if missing:
        raise FileProblem(*[Problem(row=1, column=c.header, message=MISSING_COLUMN) for c in missing])
    return positions


def is_example(values: dict, kind: Kind) -> bool:
    """The template's grey example row, left as it was."""
    return all(str(values[c.key] if values.get(c.key) is not None else "") == str(v) for c, v in zip(kind.columns, kind.example, strict=True))


def read_rows(fileobj, kind: Kind) -> list[Row]:
    """The non-empty data rows of the sheet named as the kind's (else the first sheet, whatever its name);
    the template's untouched example row is skipped. One workbook may so hold several kinds, as the
    organisations export does (organisations, then their projects)."""
    workbook = open_workbook(fileobj)
    try:
        sheet = workbook[kind.sheet] if kind.sheet in workbook.sheetnames else workbook.worksheets[0]
        cells = sheet.iter_rows(values_only=True)
        header = next(cells, None)
        if header is None:
            raise FileProblem.of(NO_ROWS)
        positions = column_positions(header, kind)
        rows = []
        for number, raw in enumerate(cells, start=2):
            values = {c.key: clean_value(raw[positions[c.key]]) if positions.get(c.key, len(raw)) < len(raw) else None for c in kind.columns}
            if all(v is None for v in values.values()) or (number == 2 and is_example(values, kind)):
                continue
            if len(rows) == MAX_ROWS:
                raise FileProblem.of(TOO_MANY_ROWS, max=f"{MAX_ROWS:,}")
            rows.append(Row(number, values))
    finally:
        workbook.close()
    if not rows:
        raise FileProblem.of(NO_ROWS)
    return rows
