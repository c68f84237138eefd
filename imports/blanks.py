"""The blank templates: a data sheet (headers, a grey example row, drop-down lists) and a sheet of instructions."""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from imports.cells import put, safe_row
from imports.spec import GENERAL, MAX_ROWS, Column, Kind

HEADER_FILL = PatternFill("solid", fgColor="FDE8E7")
HEADER_FONT = Font(bold=True)
EXAMPLE_FONT = Font(italic=True, color="808080")
WRAP = Alignment(wrap_text=True, vertical="top")
NUMBERS = ("area", "int", "money")  # columns Excel may keep as numbers; the others are text
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def header_text(column: Column) -> str:
    return f"*{column.header}" if column.required else column.header


def data_validation(column: Column) -> DataValidation | None:
    if column.choices:
        dv = DataValidation(type="list", formula1='"' + ",".join(column.choice_labels()) + '"', allow_blank=True)
        dv.error = "请从下拉列表中选择：" + "、".join(column.choice_labels())
    elif column.check == "id":
        dv = DataValidation(type="textLength", operator="equal", formula1="18", allow_blank=True)
        dv.error = "身份证号应为18位（末位可以是 X）。"
    elif column.check == "mobile":
        dv = DataValidation(type="textLength", operator="between", formula1="11", formula2="20", allow_blank=True)
        dv.error = "手机号应为11位数字（可带 +86、空格或短横线）。"
    elif column.check == "area":
        dv = DataValidation(type="decimal", operator="greaterThan", formula1="0", allow_blank=True)
        dv.error = "面积应为大于0的数字（单位：平方米）。"
    elif column.check == "int":
        dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
        dv.error = "请填写整数。"
    elif column.check == "money":
        dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
        dv.error = "请填写金额（元），0或以上，最多两位小数。"
    else:
        return None
    dv.errorTitle = column.header
    dv.showErrorMessage = True
    return dv


def data_sheet(ws, kind: Kind) -> None:
    ws.title = kind.sheet
    ws.freeze_panes = "A2"
    for i, column in enumerate(kind.columns, start=1):
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = column.width
        if column.check not in NUMBERS:
            ws.column_dimensions[letter].number_format = "@"  # keep codes, ID and phone numbers as text
        head = ws.cell(row=1, column=i, value=header_text(column))
        head.font, head.fill = HEADER_FONT, HEADER_FILL
        example = put(ws, 2, i, kind.example[i - 1])
        example.font = EXAMPLE_FONT
        if column.check not in NUMBERS:
            example.number_format = "@"
        dv = data_validation(column)
        if dv is not None:
            ws.add_data_validation(dv)
            dv.add(f"{letter}2:{letter}{MAX_ROWS + 1}")


def instructions_sheet(ws, kind: Kind) -> None:
    ws.title = "填写说明"
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 10
    ws.column_dimensions["C"].width = 30
    ws.column_dimensions["D"].width = 60
    ws.append([f"“{kind.sheet}”导入模板填写说明"])
    ws["A1"].font = Font(bold=True, size=14)
    for line in GENERAL + kind.intro:
        ws.append(safe_row(ws, [line]))
    ws.append([])
    ws.append(["列名", "是否必填", "可选值", "说明"])
    for cell in ws[ws.max_row]:
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    for column in kind.columns:
        allowed = column.choice_labels() or (column.options() if column.options else [])
        ws.append(safe_row(ws, [column.header, "必填" if column.required else "选填", "、".join(allowed), column.note]))
        for cell in ws[ws.max_row]:
            cell.alignment = WRAP


def template_workbook(kind: Kind) -> bytes:
    wb = Workbook()
    data_sheet(wb.active, kind)
    instructions_sheet(wb.create_sheet(), kind)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
