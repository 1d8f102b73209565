"""Ledger files: writing one (.xlsx through openpyxl's write-only mode, .csv as UTF-8 with a BOM) row by row,
so that memory stays flat however many rows there are, and reading one back row by row (.xlsx through
calamine; CSV in UTF-8, or GB18030 as Excel saves it on a Chinese Windows).

Both formats carry the same rows: a title row, a row with the scope, day and maker, the masking note, the
header row, then the data. In .xlsx the header is frozen, the columns have widths, dates a date format
and money a thousands separator; codes and ID numbers are text, so Excel never turns an ID number into
6.10522E+17.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any, Literal

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from python_calamine import CalamineWorkbook

from ledgers.sheets import Column, Ledger

Format = Literal["xlsx", "csv"]
FORMATS: tuple[Format, ...] = ("xlsx", "csv")
MEDIA_TYPES: dict[Format, str] = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
HEADER_ROW = 4
"""The header row of a ledger written here (title, made, masking note above it)."""

_DATE_FORMAT = "yyyy-mm-dd"
_NUMBER_FORMATS = {"date": _DATE_FORMAT, "money": "#,##0", "int": "0", "percent": "0.0%"}
_TITLE_FONT = Font(name="宋体", size=16, bold=True)
_HEADER_FONT = Font(name="宋体", size=11, bold=True)
_NOTE_FONT = Font(name="宋体", size=10, color="7F3F00")
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_WRAP = Alignment(vertical="center", wrap_text=True)


@dataclass(frozen=True)
class Heading:
    """What the rows above the header say: the title (with the scope's name), the made-line and the note."""

    title: str
    made: str
    note: str


class LedgerWriter:
    """Writes one ledger to ``out`` (a binary file object), row by row. Use as a context manager."""

    def __init__(self, out: IO[bytes], ledger: Ledger, heading: Heading, fmt: Format) -> None:
        self.out = out
        self.ledger = ledger
        self.fmt = fmt
        self.rows = 0
        columns = ledger.columns
        if fmt == "xlsx":
            self._book = Workbook(write_only=True)
            sheet = self._book.create_sheet(ledger.title[:31])
            for index, column in enumerate(columns, start=1):
                sheet.column_dimensions[get_column_letter(index)].width = column.width
            sheet.freeze_panes = f"A{HEADER_ROW + 1}"
            sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
            self._sheet = sheet
            sheet.append([self._cell(heading.title, _TITLE_FONT)])
            sheet.append([self._cell(heading.made, _NOTE_FONT)])
            sheet.append([self._cell(heading.note, _NOTE_FONT)])
            sheet.append([self._header(c) for c in columns])
            # One styled cell per column, reused: write-only cells are copied into the row as it is written.
            self._styled = {c.key: _NUMBER_FORMATS[c.kind] for c in columns if c.kind in _NUMBER_FORMATS}
        else:
            self._text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="", write_through=True)
            self._csv = csv.writer(self._text)
            self._csv.writerow([heading.title])
            self._csv.writerow([heading.made])
            self._csv.writerow([heading.note])
            self._csv.writerow([c.header for c in columns])

    def _cell(self, value: Any, font: Font) -> Cell:
        cell = WriteOnlyCell(self._sheet, value=value)
        cell.font = font
        return cell

    def _header(self, column: Column) -> Cell:
        cell = self._cell(column.header, _HEADER_FONT)
        cell.fill = _HEADER_FILL
        cell.alignment = _WRAP
        return cell

    def write(self, rows: list[dict[str, Any]]) -> None:
        """Append rows (column key → value: text, int, float, date, or None for an empty cell)."""
        columns = self.ledger.columns
        if self.fmt == "xlsx":
            for row in rows:
                cells: list[Any] = []
                for c in columns:
                    value = row.get(c.key)
                    number_format = self._styled.get(c.key)
                    if number_format is not None and value is not None and value != "":
                        cell = WriteOnlyCell(self._sheet, value=value)
                        cell.number_format = number_format
                        cells.append(cell)
                    else:
                        cells.append(value)
                self._sheet.append(cells)
        else:
            for row in rows:
                self._csv.writerow([_text(row.get(c.key), c) for c in columns])
        self.rows += len(rows)

    def close(self) -> None:
        if self.fmt == "xlsx":
            self._book.save(self.out)  # type: ignore[arg-type]
        else:
            self._text.flush()
            self._text.detach()

    def __enter__(self) -> LedgerWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None:
            self.close()


def _text(value: Any, column: Column) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if column.kind == "percent" and isinstance(value, float):
        return f"{value * 100:.1f}%"
    return str(value)


# ---------------------------------------------------------------- reading a ledger back


@dataclass
class Sheet:
    """A ledger file read back: which of the ledger's columns it has and where, and its rows."""

    header_row: int
    columns: dict[str, int]
    """Column key → its index (0-based) in the file."""
    unknown: list[str] = field(default_factory=list)
    """Headers the ledger does not know (ignored)."""

    def letter(self, key: str) -> str:
        return get_column_letter(self.columns[key] + 1)


class UnreadableFile(ValueError):
    """Not a ledger this importer can read: the message says why, in the ledger's words."""


def detect_format(path: Path, declared: str | None = None) -> Format:
    if declared in FORMATS:
        return declared  # type: ignore[return-value]
    with path.open("rb") as f:
        start = f.read(4)
    return "xlsx" if start.startswith(b"PK\x03\x04") else "csv"


def read_ledger(path: Path, ledger: Ledger, fmt: Format | None = None) -> tuple[Sheet, Iterator[tuple[int, list[Any]]]]:
    """The file's header (found by the ledger's headers) and an iterator of ``(row number, cells)`` after it,
    blank rows skipped; row numbers are the sheet's own (1-based), so a report points at the row Excel shows."""
    fmt = fmt or detect_format(path)
    rows = _xlsx_rows(path) if fmt == "xlsx" else _csv_rows(path)
    by_header = {_normal(c.header): c.key for c in ledger.columns}
    wanted = {_normal(c.header) for c in ledger.columns if c.required}
    for number, cells in rows:
        headers = [_normal(v) if isinstance(v, str) else "" for v in cells]
        if wanted <= set(headers):
            columns: dict[str, int] = {}
            unknown: list[str] = []
            for index, header in enumerate(headers):
                if header in by_header and by_header[header] not in columns:
                    columns[by_header[header]] = index
                elif header:
                    unknown.append(header)
            return Sheet(number, columns, unknown), _data(rows)
        if number >= 20:
            break
    needed = "、".join(f"「{c.header}」" for c in ledger.columns if c.required)
    raise UnreadableFile(f"前 20 行中没有找到表头（{ledger.title}须有 {needed} 等列）")


def _data(rows: Iterator[tuple[int, list[Any]]]) -> Iterator[tuple[int, list[Any]]]:
    for number, cells in rows:
        if any(v is not None and (not isinstance(v, str) or v.strip()) for v in cells):
            yield number, cells


def _normal(header: str) -> str:
    # A template marks required columns with *; a hand-made sheet may have stray spaces or line breaks.
    return "".join(header.split()).rstrip("*")


def _xlsx_rows(path: Path) -> Iterator[tuple[int, list[Any]]]:
    # calamine (Rust) rather than openpyxl's read-only mode: openpyxl parses each inline string of a
    # write-only sheet through its descriptors, 40 s for a 55,000-row register against calamine's 2 s.
    try:
        sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
        rows = sheet.iter_rows()
    except Exception as exc:  # calamine raises its own kinds for a damaged or foreign file
        raise UnreadableFile(f"不是可读的 .xlsx 文件（{type(exc).__name__}）") from None
    yield from enumerate(rows, start=1)


def _csv_rows(path: Path) -> Iterator[tuple[int, list[Any]]]:
    encoding = "utf-8-sig"
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as f:
        try:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            encoding = "gb18030"  # what Excel writes for "CSV" on a Chinese Windows
    with path.open(encoding=encoding, newline="") as f:
        for number, cells in enumerate(csv.reader(f), start=1):
            yield number, list(cells)
