"""Hostile spreadsheets, built in the test from a valid row of each importer.

Each builder takes the importer's headings and one row it would accept, and returns the file's
name and bytes with one thing wrong: an encoding, a trick of the format (merged cells, formulas,
hidden sheets, a declared dimension of a million rows, a zip bomb), or a hostile value. Nothing
binary is committed: the files come from openpyxl, zipfile and plain bytes.
"""

from __future__ import annotations

import functools
import io
import unicodedata
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from factories import csv_bytes, xlsx_bytes
from openpyxl import Workbook

Rows = list[list[str]]
# An extra column of Vietnamese text: every encoding test then has letters outside ASCII.
NOTE = ("Ghi chú", "Hà Giang – Đồng Văn, ngày 15/6")
SHEET = "xl/worksheets/sheet1.xml"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"


@dataclass(frozen=True)
class HostileSheet:
    name: str
    build: Callable[[list[str], list[str]], tuple[str, bytes]]
    expect: tuple[str, ...]  # the English problem says one of these
    importers: tuple[str, ...] | None = None  # None: every importer


def _with_note(head: list[str], row: list[str]) -> Rows:
    return [[*head, NOTE[0]], [*row, NOTE[1]]]


def _encoded(encoding: str, *, bom: bytes = b"", nfd: bool = False):
    def build(head: list[str], row: list[str]) -> tuple[str, bytes]:
        text = csv_bytes(_with_note(head, row)).decode("utf-8")
        if nfd:
            text = unicodedata.normalize("NFD", text)
        return "file.csv", bom + text.encode(encoding, errors="replace")

    return build


def _csv(rows: Callable[[list[str], list[str]], Rows], name: str = "file.csv"):
    return lambda head, row: (name, csv_bytes(rows(head, row)))


def _xlsx(rows: Callable[[list[str], list[str]], Rows], name: str = "file.xlsx"):
    return lambda head, row: (name, xlsx_bytes(rows(head, row)))


def _replace_second(value: str) -> Callable[[list[str], list[str]], Rows]:
    return lambda head, row: [head, [row[0], value, *row[2:]]]


def _replace_first(value: str) -> Callable[[list[str], list[str]], Rows]:
    return lambda head, row: [head, [value, *row[1:]]]


def _workbook_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def merged_cells(head: list[str], row: list[str]) -> tuple[str, bytes]:
    """The row's first two cells merged: the second (required) reads as empty."""
    workbook = Workbook()
    sheet = workbook.active
    for values in (head, row):
        sheet.append(values)
    sheet.merge_cells("A2:B2")
    return "file.xlsx", _workbook_bytes(workbook)


def hidden_sheet(head: list[str], row: list[str]) -> tuple[str, bytes]:
    """A good row on a hidden first sheet, only headings on the visible one."""
    workbook = Workbook()
    hidden = workbook.active
    hidden.title = "Ẩn"
    hidden.append(head)
    hidden.append(row)
    hidden.sheet_state = "hidden"
    visible = workbook.create_sheet("Danh sách")
    visible.append(head)
    workbook.active = 1
    return "file.xlsx", _workbook_bytes(workbook)


def _rezipped(parts: dict[str, bytes | None], *, method: int = zipfile.ZIP_DEFLATED) -> bytes:
    """An empty workbook from openpyxl with some parts replaced (None: removed)."""
    source = zipfile.ZipFile(io.BytesIO(_workbook_bytes(Workbook())))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = parts.get(info.filename, source.read(info.filename))
            if data is not None:
                archive.writestr(info.filename, data, compress_type=method)
    return out.getvalue()


def _inline_cell(reference: str, text: str) -> str:
    return f'<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>'


def _sheet_xml(rows: Rows, *, prologue: str = "", dimension: str = "", extra: str = "") -> bytes:
    body = "".join(
        f'<row r="{number}">'
        + "".join(
            _inline_cell(f"{chr(65 + index)}{number}", value) for index, value in enumerate(cells)
        )
        + "</row>"
        for number, cells in enumerate(rows, start=1)
    )
    size = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        f'<?xml version="1.0"?>{prologue}<worksheet xmlns="{MAIN}">{size}'
        f"<sheetData>{body}{extra}</sheetData></worksheet>"
    ).encode()


def xml_sheet(transform: Callable[[list[str], list[str]], bytes]):
    return lambda head, row: ("file.xlsx", _rezipped({SHEET: transform(head, row)}))


def nul_in_xlsx(head: list[str], row: list[str]) -> bytes:
    """NUL written as a character reference: XML 1.0 has no NUL, so the sheet is damaged."""
    return _sheet_xml([head, [row[0], row[1] + "&#0;", *row[2:]]])


def external_entity(head: list[str], row: list[str]) -> bytes:
    prologue = '<!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    return _sheet_xml([head, [row[0], "&x;", *row[2:]]], prologue=prologue)


def billion_laughs(head: list[str], row: list[str]) -> bytes:
    entities = '<!ENTITY a "ha">' + "".join(
        f'<!ENTITY {chr(98 + n)} "{("&" + chr(97 + n) + ";") * 10}">' for n in range(9)
    )
    return _sheet_xml([head, [row[0], "&j;", *row[2:]]], prologue=f"<!DOCTYPE w [{entities}]>")


def malformed_xml(head: list[str], row: list[str]) -> bytes:
    return _sheet_xml([head, row])[:-40]


def missing_shared_string(head: list[str], row: list[str]) -> bytes:
    return _sheet_xml([head], extra='<row r="2"><c r="A2" t="s"><v>4242</v></c></row>')


def dimension_bomb(head: list[str], row: list[str]) -> bytes:
    """A few hundred bytes declaring a million rows of 16,384 columns, with a cell at the end."""
    far = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    return _sheet_xml([head], dimension="A1:XFD1048576", extra=far)


@functools.cache
def zip_bomb() -> bytes:
    """A workbook of about 200 KB whose sheet inflates to 200 MB of spaces."""
    source = zipfile.ZipFile(io.BytesIO(_workbook_bytes(Workbook())))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            if info.filename != SHEET:
                archive.writestr(info.filename, source.read(info.filename))
        with archive.open(SHEET, "w", force_zip64=True) as sheet:
            sheet.write(f'<?xml version="1.0"?><worksheet xmlns="{MAIN}"><sheetData>'.encode())
            chunk = b" " * (1024 * 1024)
            for _ in range(200):
                sheet.write(chunk)
            sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


def bzip2_workbook(head: list[str], row: list[str]) -> tuple[str, bytes]:
    return "file.xlsx", _rezipped({SHEET: _sheet_xml([head, row])}, method=zipfile.ZIP_BZIP2)


def no_worksheet(head: list[str], row: list[str]) -> tuple[str, bytes]:
    return "file.xlsx", _rezipped({SHEET: None})


MOMENTS = {"posted_at", "submitted_at", "received_at"}


def out_of_range_moments(head: list[str], row: list[str]) -> Rows:
    """Midnight of 1 January of year 1, local time: a moment with no UTC time at all."""
    return [
        head,
        ["01/01/0001" if h in MOMENTS else value for h, value in zip(head, row, strict=True)],
    ]


def many_rows(head: list[str], row: list[str]) -> tuple[str, bytes]:
    """50,001 data rows, padded past the page's 5 MB limit."""
    line = csv_bytes([[*row, "x" * 80]])
    return "file.csv", csv_bytes([[*head, "ghi chú"]]) + line * 50_001


HOSTILE_SHEETS: Sequence[HostileSheet] = (
    HostileSheet("CP1258 (Windows Vietnamese)", _encoded("cp1258", nfd=True), ("UTF-8",)),
    HostileSheet("Latin-1", _encoded("latin-1"), ("UTF-8",)),
    HostileSheet("UTF-16 with a BOM", _encoded("utf-16-le", bom=b"\xff\xfe"), ("UTF-8",)),
    HostileSheet("UTF-16BE without a BOM", _encoded("utf-16-be"), ("UTF-8", "NUL")),
    HostileSheet("UTF-32 with a BOM", _encoded("utf-32"), ("UTF-8",)),
    HostileSheet(
        "two UTF-8 BOMs",
        lambda head, row: ("file.csv", b"\xef\xbb\xbf" + csv_bytes([head, row], bom=True)),
        ("is missing",),
    ),
    HostileSheet("merged cells", merged_cells, ("must not be empty",)),
    HostileSheet("formula =1+1", _xlsx(_replace_second("=1+1")), ("must not be empty",)),
    HostileSheet(
        "formula =HYPERLINK",
        _xlsx(_replace_second('=HYPERLINK("https://evil.example","Bấm vào đây")')),
        ("must not be empty",),
    ),
    HostileSheet(
        "DDE formula", _xlsx(_replace_second("=cmd|' /C calc'!A0")), ("must not be empty",)
    ),
    HostileSheet("DDE text in a CSV", _csv(_replace_first("=cmd|' /C calc'!A0")), ("=cmd|",)),
    HostileSheet("hidden sheet holding the rows", hidden_sheet, ("no data rows",)),
    HostileSheet("declared dimension of a million rows", xml_sheet(dimension_bomb), ("too many",)),
    HostileSheet("50,001 rows, over 5 MB", many_rows, ("too many rows",)),
    HostileSheet("zip bomb", lambda head, row: ("file.xlsx", zip_bomb()), ("unpacks to more",)),
    HostileSheet("bzip2 inside the zip", bzip2_workbook, ("cannot read the Excel",)),
    HostileSheet("duplicate rows", _csv(lambda head, row: [head, row, row]), ("already",)),
    HostileSheet(
        "missing column",
        _csv(lambda head, row: [[head[0], *head[2:]], [row[0], *row[2:]]]),
        ("is missing",),
    ),
    HostileSheet(
        "extra column repeating a heading",
        _csv(lambda head, row: [[*head, head[1]], [*row, row[1]]]),
        ("appears twice",),
    ),
    HostileSheet("empty CSV", lambda head, row: ("file.csv", b""), ("empty",)),
    HostileSheet("empty XLSX", lambda head, row: ("file.xlsx", b""), ("cannot read the Excel",)),
    HostileSheet("headings only", _xlsx(lambda head, row: [head]), ("no data rows",)),
    HostileSheet("PNG renamed .xlsx", lambda h, r: ("file.xlsx", PNG), ("cannot read the Excel",)),
    HostileSheet("PNG renamed .csv", lambda h, r: ("file.csv", PNG), ("UTF-8",)),
    HostileSheet("CSV with a NUL byte", _csv(_replace_second("Hà\x00Giang")), ("NUL",)),
    HostileSheet("XLSX with NUL as &#0;", xml_sheet(nul_in_xlsx), ("cannot read the Excel",)),
    HostileSheet(
        "10,000-character cells", _csv(_replace_first("X" * 10_000)), ("X" * 50, "longer than")
    ),
    HostileSheet("200,000-character cell", _csv(_replace_second("Y" * 200_000)), ("malformed",)),
    HostileSheet("XML external entity", xml_sheet(external_entity), ("cannot read the Excel",)),
    HostileSheet("billion laughs", xml_sheet(billion_laughs), ("cannot read the Excel",)),
    HostileSheet("malformed sheet XML", xml_sheet(malformed_xml), ("cannot read the Excel",)),
    HostileSheet(
        "missing shared string", xml_sheet(missing_shared_string), ("cannot read the Excel",)
    ),
    HostileSheet(
        "truncated XLSX",
        lambda head, row: ("file.xlsx", xlsx_bytes([head, row])[:700]),
        ("cannot read the Excel",),
    ),
    HostileSheet("workbook without a worksheet", no_worksheet, ("cannot read the Excel",)),
    HostileSheet("old Excel .xls", _csv(lambda h, r: [h, r], "file.xls"), ("only .csv or .xlsx",)),
    HostileSheet(
        "double extension .csv.exe", _csv(lambda h, r: [h, r], "file.csv.exe"), ("only .csv",)
    ),
    HostileSheet(
        "right-to-left override", _csv(_replace_first("\u202eHG-TP")), ("\\u202e", "U+202E")
    ),
    HostileSheet(
        "script in a cell",
        _csv(_replace_first("<script>alert(1)</script>")),
        ("<script>alert(1)</script>",),
    ),
    HostileSheet(
        "moments out of range",
        _csv(out_of_range_moments),
        ("invalid date",),
        importers=("entries", "letters"),
    ),
)
