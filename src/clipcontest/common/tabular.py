"""Reading the spreadsheets units and organisers already keep (CSV or XLSX) into checked rows.

Imports are all or nothing: the importers first collect *every* problem of every row, with the
row number a person sees in their spreadsheet (the header is row 1), and only write when there
are none. This module does the reading and the header matching, which all importers share.
"""

from __future__ import annotations

import csv
import io
import itertools
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import TypeVar

from django.db.models import Model

from clipcontest.common.text import Text

MAX_ROWS = 50_000
# Columns read per row: every import has fewer than 20, so the rest are notes; a hostile file
# that declares 16,384 columns (or a dimension of a million rows) must not be padded out.
MAX_COLUMNS = 64
# What an XLSX may unpack to. 50,000 rows of clips are about 40 MB of XML; a "zip bomb" of a few
# kilobytes that unpacks to gigabytes is refused from its directory, before anything is inflated.
MAX_XLSX_UNPACKED_BYTES = 128 * 1024 * 1024
# Excel and LibreOffice only deflate; the zip reader caps deflate at the declared size, not the
# other methods (a few kilobytes of bzip2 may inflate to gigabytes in one call).
_XLSX_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
# What openpyxl raises on a damaged workbook: bad zip, missing parts, malformed XML (a
# SyntaxError), indexes into missing shared strings, numbers and dates out of range.
_DAMAGED_XLSX = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    LookupError,
    ValueError,
    TypeError,
    AttributeError,
    ArithmeticError,
    OSError,
    SyntaxError,
)
T = TypeVar("T")


@dataclass(frozen=True)
class Column:
    """A column an import understands, with the headings people actually write for it."""

    name: str
    aliases: tuple[str, ...] = ()
    required: bool = True


@dataclass(frozen=True)
class Row:
    number: int
    values: Mapping[str, str]

    def get(self, column: str) -> str:
        return self.values.get(column, "")


@dataclass(frozen=True)
class Problem:
    row: int | None
    column: str | None
    message: Text

    def __str__(self) -> str:
        where = f"row {self.row}" if self.row is not None else "file"
        if self.column:
            where += f": {self.column}"
        return f"{where}: {self.message.both()}"

    def as_dict(self) -> dict[str, object]:
        return {"row": self.row, "column": self.column, "message": self.message.as_dict()}


@dataclass
class ImportFailed(Exception):
    """Raised with every problem found; nothing has been stored."""

    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


REQUIRED = Text(vi="không được để trống", en="must not be empty")
TOO_LONG = Text(
    vi="dài quá {limit} ký tự ({length} ký tự)", en="longer than {limit} characters ({length})"
)
NOT_UTF8 = Text(
    vi='tệp CSV không ở mã UTF-8; hãy lưu lại bằng "CSV UTF-8" hoặc dùng tệp Excel (.xlsx)',
    en='the CSV file is not UTF-8; save it as "CSV UTF-8" or use an Excel file (.xlsx)',
)
NOT_XLSX = Text(
    vi="không đọc được tệp Excel (.xlsx): tệp hỏng hoặc không phải định dạng .xlsx",
    en="cannot read the Excel file (.xlsx): it is damaged or not in .xlsx format",
)
UNKNOWN_FORMAT = Text(
    vi="chỉ nhận tệp .csv hoặc .xlsx (tệp đã gửi: {name})",
    en="only .csv or .xlsx files are accepted (got: {name})",
)
EMPTY_FILE = Text(vi="tệp trống, không có dòng tiêu đề", en="the file is empty: no header row")
MISSING_COLUMN = Text(
    vi='thiếu cột bắt buộc "{column}"', en='the required column "{column}" is missing'
)
DUPLICATE_COLUMN = Text(
    vi='cột "{column}" xuất hiện hai lần', en='the column "{column}" appears twice'
)
NO_ROWS = Text(vi="tệp không có dòng dữ liệu nào", en="the file has no data rows")
XLSX_TOO_LARGE = Text(
    vi="tệp Excel giải nén ra quá lớn (hơn {limit} MB) nên không được đọc; hãy chia nhỏ tệp",
    en="the Excel file unpacks to more than {limit} MB, so it was not read; split it up",
)
NUL_CHARACTER = Text(
    vi="ô có ký tự NUL (mã 0), không phải văn bản; hãy gõ lại nội dung ô",
    en="a cell holds a NUL character (code 0), which is not text; type the cell again",
)
TOO_MANY_ROWS = Text(
    vi="tệp có quá nhiều dòng (tối đa {limit})", en="the file has too many rows (at most {limit})"
)


def fold(text: str) -> str:
    """Compare headings and codes the way people mean them: no case, accents or extra spaces.

    ``Tên đơn vị``, ``ten don vi`` and ``TÊN  ĐƠN VỊ`` are the same heading; ``huyện ủy`` and
    ``huyện uỷ`` (both spellings are in use) are the same kind of unit.
    """
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    return " ".join(text.replace("_", " ").replace("-", " ").casefold().split())


def read_table(
    content: bytes, filename: str, columns: Iterable[Column]
) -> tuple[list[Row], list[Problem]]:
    """Rows keyed by column name, and the problems with the file itself (not with its values)."""
    suffix = Path(filename).suffix.casefold()
    if suffix == ".csv":
        try:
            raw = list(_csv_rows(content))
        except UnicodeDecodeError:
            return [], [Problem(None, None, NOT_UTF8)]
        except csv.Error as exc:
            return [], [
                Problem(None, None, Text(vi=f"tệp CSV lỗi: {exc}", en=f"malformed CSV: {exc}"))
            ]
    elif suffix in {".xlsx", ".xlsm"}:
        try:
            if not _unpacks_within_limit(content):
                limit = MAX_XLSX_UNPACKED_BYTES // (1024 * 1024)
                return [], [Problem(None, None, XLSX_TOO_LARGE.format(limit=limit))]
            raw = list(_xlsx_rows(content))
        except _DAMAGED_XLSX:
            return [], [Problem(None, None, NOT_XLSX)]
    else:
        return [], [Problem(None, None, UNKNOWN_FORMAT.format(name=filename))]
    nul_rows = [
        number for number, cells in enumerate(raw, start=1) if any("\x00" in c for c in cells)
    ]
    if nul_rows:
        # PostgreSQL cannot store NUL, and no person types one: the file is not what it seems.
        return [], [Problem(number, None, NUL_CHARACTER) for number in nul_rows[:20]]
    return _match_rows(raw, list(columns))


def _match_rows(raw: list[list[str]], columns: list[Column]) -> tuple[list[Row], list[Problem]]:
    if not raw:
        return [], [Problem(1, None, EMPTY_FILE)]
    header, body = raw[0], raw[1:]
    by_heading: dict[str, str] = {}
    for column in columns:
        for heading in (column.name, *column.aliases):
            by_heading.setdefault(fold(heading), column.name)
    positions: dict[str, int] = {}
    problems: list[Problem] = []
    for index, heading in enumerate(header):
        name = by_heading.get(fold(heading))
        if name is None:
            continue  # extra columns (notes, numbering) are the user's own business
        if name in positions:
            problems.append(Problem(1, name, DUPLICATE_COLUMN.format(column=heading.strip())))
        positions[name] = index
    for column in columns:
        if column.required and column.name not in positions:
            problems.append(Problem(1, column.name, MISSING_COLUMN.format(column=column.name)))
    if len(body) > MAX_ROWS:
        problems.append(Problem(None, None, TOO_MANY_ROWS.format(limit=MAX_ROWS)))
    if problems:
        return [], problems
    rows = [
        Row(number, {name: _cell(cells, index) for name, index in positions.items()})
        for number, cells in enumerate(body, start=2)
        if any(cell.strip() for cell in cells)
    ]
    if not rows:
        return [], [Problem(None, None, NO_ROWS)]
    return rows, []


def _cell(cells: list[str], index: int) -> str:
    """The cell's text, composed (NFC): "Hà" typed on a Mac and on Windows is one name."""
    return unicodedata.normalize("NFC", cells[index].strip()) if index < len(cells) else ""


# The heading row and one data row past the limit: enough to say the file is too long.
_ROWS_READ = MAX_ROWS + 2


def _csv_rows(content: bytes) -> Iterator[list[str]]:
    text = content.decode("utf-8-sig")
    # Excel writes ";" in locales where "," is the decimal separator: guess only the delimiter,
    # and keep the standard double-quote quoting (a guessed quote character eats apostrophes).
    try:
        delimiter = csv.Sniffer().sniff(text[:4096], ",;\t").delimiter
    except csv.Error:
        delimiter = ","
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    for cells in itertools.islice(rows, _ROWS_READ):
        yield cells[:MAX_COLUMNS]


def _unpacks_within_limit(content: bytes) -> bool:
    """Whether the workbook's parts, as its zip directory declares them, stay within the limit.

    The directory is read without inflating anything, and Python's zip reader never inflates a
    deflated part past its declared size (it cuts it there and the checksum then fails), so a
    part that lies about its size cannot get round the limit either.
    """
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        parts = archive.infolist()
    if any(part.compress_type not in _XLSX_METHODS for part in parts):
        raise zipfile.BadZipFile("a compression method spreadsheets do not use")
    return sum(part.file_size for part in parts) <= MAX_XLSX_UNPACKED_BYTES


def _xlsx_rows(content: bytes) -> Iterator[list[str]]:
    """The first visible sheet: what a person sees on opening the file, not a hidden sheet
    whose rows nobody checked."""
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True, keep_links=False)
    try:
        sheet = next(s for s in workbook.worksheets if s.sheet_state == "visible")
        # Explicit bounds: without them openpyxl pads every row to the sheet's declared
        # dimension, which a hostile file sets to a million rows of 16,384 columns.
        for values in sheet.iter_rows(max_row=_ROWS_READ, max_col=MAX_COLUMNS, values_only=True):
            if values.count(None) == len(values):  # padding: cheap, however many
                yield []
            else:
                yield _without_trailing_blanks([_xlsx_text(v) for v in values])
    except StopIteration:
        raise ValueError("no visible sheet") from None
    finally:
        workbook.close()


def _without_trailing_blanks(cells: list[str]) -> list[str]:
    while cells and not cells[-1]:
        cells.pop()
    return cells


def _xlsx_text(value: object) -> str:
    """Spreadsheet cells as the text a person typed, so CSV and XLSX go through one parser."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ") if value.time() != time() else value.date().isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@dataclass(frozen=True)
class Imported:
    """What an import did, for the message that confirms it."""

    created: int
    updated: int


@dataclass
class RowCheck:
    """Collects one row's problems while its cells are parsed one by one."""

    row: Row
    problems: list[Problem] = field(default_factory=list)

    def bad(self, column: str, message: Text) -> None:
        self.problems.append(Problem(self.row.number, column, message))

    def not_too_long(
        self, column: str, text: str, model: type[Model], *, field: str | None = None
    ) -> None:
        """Report what the database column cannot hold, instead of failing on save."""
        limit = model._meta.get_field(field or column).max_length
        if len(text) > limit:
            self.bad(column, TOO_LONG.format(limit=limit, length=len(text)))

    def parse(self, column: str, parser: Callable[[str], T], *, required: bool = False) -> T | None:
        text = self.row.get(column)
        if not text:
            if required:
                self.bad(column, REQUIRED)
            return None
        try:
            return parser(text)
        except ValueError as exc:
            # Our parsers raise ValueErrors that carry a bilingual ``message``; anything else
            # is a bug and must not pass for a user's mistake.
            message = getattr(exc, "message", None)
            if not isinstance(message, Text):
                raise
            self.bad(column, message)
            return None
