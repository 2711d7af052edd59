"""From a sheet's rows to field values: the header row mapped to the kind's columns, each cell read
by its column's converter. Every problem is kept (row, column, reason), none stops the reading.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from core.imports.columns import CellError, Column, Kind, clean_header

MISSING_COLUMN = "缺少必填列"


@dataclass(frozen=True)
class RowError:
    """One problem of a file: its row (the sheet's own number; None for the file as a whole), the
    column as the file names it, and the reason in Chinese."""

    row: int | None
    column: str
    reason: str

    def __str__(self) -> str:
        where = f"第{self.row}行 " if self.row is not None else ""
        return f"{where}{self.column}：{self.reason}" if self.column else f"{where}{self.reason}"

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "reason": self.reason}


def ordered(errors: Iterable[RowError], headers: dict[str, str]) -> list[RowError]:
    """By row, then in the order of the file's columns (the file as a whole first)."""
    rank = {header: index for index, header in enumerate(headers.values())}
    return sorted(errors, key=lambda e: (e.row or 0, rank.get(e.column, len(rank))))


@dataclass
class Row:
    """A data row: its number in the sheet and the value of each column the file has (None when empty)."""

    number: int
    values: dict[str, Any]
    failed: set[str] = field(default_factory=set)
    """fields whose cell could not be read (already reported): the model's word on them is not repeated"""


@dataclass
class Parsed:
    rows: list[Row] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)
    """field → the header the file gives it (for the errors)"""


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _columns(kind: Kind, number: int, cells: tuple[Any, ...], parsed: Parsed) -> dict[int, Column]:
    """Which column of the kind each cell of the header row is; problems into ``parsed``."""
    known: dict[str, Column] = {}
    for column in kind.columns:
        for name in (column.header, *column.aliases):
            known[clean_header(name)] = column
    found: dict[int, Column] = {}
    for index, cell in enumerate(cells):
        if _empty(cell):
            continue
        header = str(cell).strip()
        name = clean_header(header)
        if name in kind.ignored:
            continue
        found_column = known.get(name)
        if found_column is None:
            parsed.errors.append(RowError(number, header, f"无法识别的列名；{kind.label}的列见导入模板"))
            continue
        if found_column.field in parsed.headers:
            parsed.errors.append(RowError(number, header, f"与“{parsed.headers[found_column.field]}”是同一列，只能有一列"))
            continue
        parsed.headers[found_column.field] = header
        found[index] = found_column
    for column in kind.columns:
        if column.required and column.field not in parsed.headers:
            parsed.errors.append(RowError(number, column.header, MISSING_COLUMN))
    return found


def parse(kind: Kind, rows: Iterable[tuple[int, tuple[Any, ...]]], *, tick: Callable[[int], None] | None = None) -> Parsed:
    """The rows of a sheet (header first; blank rows skipped) as values of ``kind``'s fields."""
    parsed = Parsed()
    columns: dict[int, Column] | None = None
    for number, cells in rows:
        if tick is not None:
            tick(number)
        if all(_empty(cell) for cell in cells):
            continue
        if columns is None:
            columns = _columns(kind, number, cells, parsed)
            continue
        row = Row(number, {})
        values = row.values
        for index, column in columns.items():
            cell = cells[index] if index < len(cells) else None
            header = parsed.headers[column.field]
            if _empty(cell):
                values[column.field] = None
                if column.required:
                    parsed.errors.append(RowError(number, header, "必填"))
                    row.failed.add(column.field)
                continue
            try:
                values[column.field] = column.convert(cell)
            except CellError as error:
                parsed.errors.append(RowError(number, header, error.reason))
                values[column.field] = None
                row.failed.add(column.field)
        parsed.rows.append(row)
    if columns is None:
        parsed.errors.append(RowError(None, "", "文件是空的：第一行应为列名（见导入模板）"))
    return parsed
