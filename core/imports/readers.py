"""Reading a spreadsheet as numbered rows of cells: .xlsx (openpyxl in read-only mode, streamed
row by row) and .csv (UTF-8 with or without a BOM, or GB18030, which Chinese Excel writes when it
saves "CSV"). The row numbers are the sheet's own, so that an error names the row a user sees.
"""

import csv
import hashlib
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

from core.imports.columns import CellError

ENCODINGS = ("utf-8", "gb18030")
"""Tried in this order when no encoding is given: GB18030 decodes any byte string, so it comes last."""

FORMATS = ("xlsx", "csv")


class UnreadableFile(CellError):
    """The file is not a workbook or a CSV we can read; ``reason`` is Chinese."""


@dataclass(frozen=True)
class Sheet:
    """Rows of cells: ``(row number, cells)``, the header row first; ``rows`` may be read once."""

    rows: Iterator[tuple[int, tuple[Any, ...]]]
    total: int | None
    """how many rows the file says it has (for a progress bar), when it says so"""


def format_of(name: str, given: str | None = None) -> str:
    """``xlsx`` or ``csv``, from ``given`` or the file name's suffix."""
    chosen = (given or Path(name).suffix.lstrip(".")).lower()
    if chosen not in FORMATS:
        raise UnreadableFile(f"文件格式应为 .xlsx 或 .csv，不是“{chosen or name}”")
    return chosen


def sha256(source: Path | bytes) -> str:
    digest = hashlib.sha256()
    if isinstance(source, bytes):
        digest.update(source)
    else:
        with source.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    return digest.hexdigest()


def read(source: Path | bytes, fmt: str, *, encoding: str | None = None) -> Sheet:
    """The rows of a file (a path, streamed; or the bytes of an upload)."""
    if fmt == "xlsx":
        return _xlsx(source)
    data = source if isinstance(source, bytes) else source.read_bytes()
    return _csv(data, encoding)


def _xlsx(source: Path | bytes) -> Sheet:
    handle: IO[bytes] | Path = io.BytesIO(source) if isinstance(source, bytes) else source
    try:
        workbook = openpyxl.load_workbook(handle, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise UnreadableFile(f"不是可读的 .xlsx 工作簿（{type(error).__name__}）") from None
    sheet = workbook.worksheets[0]
    total = sheet.max_row if isinstance(sheet.max_row, int) else None

    def rows() -> Iterator[tuple[int, tuple[Any, ...]]]:
        try:
            yield from enumerate(sheet.iter_rows(values_only=True), start=1)
        finally:
            workbook.close()

    return Sheet(rows(), total)


def decode(data: bytes, encoding: str | None = None) -> str:
    """The text of a CSV file: in ``encoding`` if given, else UTF-8 (a BOM is dropped), else GB18030."""
    candidates = (encoding,) if encoding else ENCODINGS
    for name in candidates:
        try:
            return data.decode("utf-8-sig" if name.lower().replace("_", "-") in ("utf-8", "utf8") else name)
        except LookupError:
            raise UnreadableFile(f"不认识的编码“{name}”") from None
        except UnicodeDecodeError:
            continue
    raise UnreadableFile(f"文件不是 {encoding} 编码的文本" if encoding else "文件不是 UTF-8 或 GB18030 编码的文本")


def _csv(data: bytes, encoding: str | None) -> Sheet:
    content = decode(data, encoding)
    if "\x00" in content:
        raise UnreadableFile("文件含有 NUL 字符，不是 CSV 文本（是否把 .xlsx 当作 .csv 上传？）")
    lines = content.splitlines()

    def rows() -> Iterator[tuple[int, tuple[Any, ...]]]:
        reader = csv.reader(io.StringIO(content, newline=""))
        number = 0
        try:
            for number, cells in enumerate(reader, start=1):  # records, as Excel numbers the rows it opens
                yield number, tuple(cells)
        except csv.Error as error:
            raise UnreadableFile(f"第{number + 1}行 无法按 CSV 读取：{error}") from None

    return Sheet(rows(), len(lines))
