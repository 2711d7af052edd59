"""The template workbook of each kind: the headers users fill in (required ones shaded; identifier
columns formatted as text so Excel keeps all 18 characters), and a sheet (说明) that says what every
column takes: required or not, the values a choice accepts, an example, the accepted aliases.
The example is not on the sheet that is imported, so a forgotten example row cannot be stored.
"""

import datetime as dt
import io

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from core.imports.columns import Column, Kind

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_REQUIRED = PatternFill("solid", fgColor="FFF2CC")


def _accepts(column: Column) -> str:
    labels = getattr(column.convert, "labels", None)
    if labels:
        return "、".join(labels.values())
    return {"boolean": "是/否", "date": "日期（Excel 日期或 2024-03-01）", "integer": "整数",
            "grade": "1A 至 5A",
            "decimal_text": "数（如 120 或 1.5）"}.get(getattr(column.convert, "__name__", ""), "文本")


def filename(kind: Kind) -> str:
    return f"import-{kind.name}-template.xlsx"


def workbook(kind: Kind) -> bytes:
    """The template of ``kind`` as .xlsx bytes: sheet 1 to fill in, sheet 2 (说明) explaining it."""
    book = Workbook()
    sheet = book.active
    sheet.title = kind.label
    sheet.append([column.header for column in kind.columns])
    for index, column in enumerate(kind.columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        if column.required:
            cell.fill = _REQUIRED
        letter = cell.column_letter
        sheet.column_dimensions[letter].width = max(12, 2 * len(column.header) + 4)
        if column.field in ("id_number", "credit_code", "organization", "phone"):
            for row in range(2, 1002):  # text, so that Excel keeps all 18 characters
                sheet.cell(row=row, column=index).number_format = "@"
        if getattr(column.convert, "__name__", "") == "date":
            for row in range(2, 1002):
                sheet.cell(row=row, column=index).number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"
    notes = book.create_sheet("说明")
    notes.append(["列名", "必填", "可填写", "示例", "也可用的列名", "说明"])
    for column in kind.columns:
        example = column.example.isoformat() if isinstance(column.example, dt.date) else column.example
        notes.append([column.header, "是" if column.required else "", _accepts(column), example,
                      "、".join(column.aliases), column.note])
    notes.append([])
    notes.append([f"同一{kind.label}的识别方式：{kind.key}。重复导入同一文件不会改变任何记录。"])
    notes.append(["只导入第一个工作表。任何一行有错时整个文件都不会导入，所有错误逐行列出（行号、列名、原因）。"])
    for cell in notes[1]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDEF", (18, 6, 40, 22, 36, 60), strict=True):
        notes.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
