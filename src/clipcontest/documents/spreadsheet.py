"""Spreadsheets the secretariat prints and hands on (XLSX with openpyxl, and CSV), written safely.

Two rules every exported spreadsheet follows:

**Text stays text.** A clip title, an author or a unit name is typed by a unit, and a value
that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read as a formula by
Excel and LibreOffice (formula or "CSV" injection: ``=HYPERLINK("http://evil", "Bấm vào")``
in a payout list the accountant opens). In XLSX every text cell is written as a string cell
(openpyxl would otherwise store a value starting with ``=`` as a formula), and a value that
starts with one of those characters also gets the cell's "quote prefix" (what Excel records
when you type ``'=...``): it is shown exactly as written, without an apostrophe, and stays
text when someone edits the cell. CSV has no cell types, so there such a value is written with
a leading apostrophe (OWASP's advice): the only way to keep Excel from evaluating it.

**Money shows dots.** Amounts are real numbers in the cells (the accountant sums them), with
the number format :data:`AMOUNT_FORMAT`, which shows ``3.000.000`` on every computer. The
usual ``#,##0`` does not: its comma means "the reader's thousands separator", which is a dot
only when Windows is set to the Vietnamese regional format, and many offices run with the
United States one (it would print ``3,000,000`` in a list whose amounts in words and whose
other documents write ``3.000.000``). :data:`AMOUNT_FORMAT` writes the dots as literal text
between digit groups, choosing the groups by size with the two conditions a number format
allows, so it is right up to 999.999.999; :func:`amount_format` falls back to ``#,##0`` for a
sheet with an amount of a billion đồng or more (correct digits, the reader's separator).
Checked by printing a workbook with LibreOffice Calc set to en-US, de-DE and vi-VN: ``#,##0``
gave ``3,000,000`` / ``3.000.000`` / ``3.000.000``, :data:`AMOUNT_FORMAT` ``3.000.000`` in all
three; Excel reads the same format code (conditions and quoted text are in its spec).
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Sequence

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

FONT_NAME = "Times New Roman"
FONT_SIZE = 12
# Excel and LibreOffice read these first characters as the start of a formula (OWASP).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

AMOUNT_FORMAT = '[>=1000000]#"."000"."000;[>=1000]#"."000;0'
LOCALE_AMOUNT_FORMAT = "#,##0"
_DOTTED_LIMIT = 1_000_000_000

THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
# Points per line of wrapped text at FONT_SIZE (Excel's default row is 15.75 pt at 12 pt).
_LINE_HEIGHT = 15.75

Value = str | int | None


def amount_format(amounts: Iterable[int]) -> str:
    """:data:`AMOUNT_FORMAT`, unless one of ``amounts`` is too large for its dots."""
    return AMOUNT_FORMAT if all(abs(a) < _DOTTED_LIMIT for a in amounts) else LOCALE_AMOUNT_FORMAT


def starts_like_a_formula(text: str) -> bool:
    return text.startswith(FORMULA_TRIGGERS)


def set_cell(
    cell: Cell,
    value: Value,
    *,
    bold: bool = False,
    italic: bool = False,
    size: float = FONT_SIZE,
    align: str = "left",
    wrap: bool = True,
    number_format: str | None = None,
    boxed: bool = False,
) -> Cell:
    """Write ``value`` into ``cell``: text always as a string, never as a formula."""
    if isinstance(value, str):
        cell.value = value
        cell.data_type = "s"  # openpyxl makes a value starting with "=" a formula
        if starts_like_a_formula(value):
            cell.quotePrefix = True
    else:
        cell.value = value
    cell.font = Font(name=FONT_NAME, size=size, bold=bold, italic=italic)
    # A step of indent keeps text off the cell's border (right-aligned figures too).
    indent = 1 if boxed and align in ("left", "right") else 0
    cell.alignment = Alignment(horizontal=align, vertical="center", wrap_text=wrap, indent=indent)
    if number_format is not None:
        cell.number_format = number_format
    if boxed:
        cell.border = BOX
    return cell


def merged_line(
    sheet: Worksheet,
    row: int,
    first_column: int,
    last_column: int,
    text: str,
    **style,
) -> Cell:
    """``text`` in one cell merged over the columns ``first_column``..``last_column`` of ``row``."""
    if last_column > first_column:
        sheet.merge_cells(
            start_row=row, start_column=first_column, end_row=row, end_column=last_column
        )
    return set_cell(sheet.cell(row=row, column=first_column), text, **style)


def set_column_widths(sheet: Worksheet, widths: Sequence[float]) -> None:
    """Column widths in characters, from column A."""
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def fit_row_height(
    sheet: Worksheet,
    row: int,
    texts: Sequence[Value],
    widths: Sequence[float],
    *,
    minimum: float = _LINE_HEIGHT,
) -> None:
    """Make ``row`` tall enough for its wrapped text.

    Excel and LibreOffice size a row to its wrapped text themselves, but not a merged cell's,
    and not a row that needs room beyond its text (a signature). The estimate counts about one
    character per width unit, which is generous for Times New Roman.
    """
    lines = max(
        (_lines(str(text), width) for text, width in zip(texts, widths, strict=False) if text),
        default=1,
    )
    sheet.row_dimensions[row].height = max(minimum, lines * _LINE_HEIGHT)


def print_setup(
    sheet: Worksheet,
    *,
    header_rows: str,
    landscape: bool = True,
    footer: str = "Trang &P/&N",
) -> None:
    """A4, fitted to the page width (as many pages down as needed), ``header_rows`` ("7:7")
    printed again at the top of every page, page numbers at the foot, margins in inches."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # 0: no limit on the number of pages down
    sheet.print_title_rows = header_rows
    sheet.print_options.horizontalCentered = True
    margins = sheet.page_margins
    margins.left = margins.right = 0.5
    margins.top = margins.bottom = 0.6
    margins.header = margins.footer = 0.3
    sheet.oddFooter.center.text = footer
    sheet.oddFooter.center.font = FONT_NAME
    sheet.oddFooter.center.size = 10


def csv_safe(value: Value) -> str:
    """A CSV field that no spreadsheet evaluates: text starting like a formula gets a ``'``."""
    if value is None:
        return ""
    if isinstance(value, str):
        return f"'{value}" if starts_like_a_formula(value) else value
    return str(value)


def csv_bytes(rows: Iterable[Sequence[Value]]) -> bytes:
    """UTF-8 with a byte order mark (without one Excel reads Vietnamese as Windows-1252),
    comma-separated, CRLF line ends, every text field injection-safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([csv_safe(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def _lines(text: str, width: float) -> int:
    per_line = max(1, int(width) - 1)
    return sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))
