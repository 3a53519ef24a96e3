"""The organisers' exports as files: a list of ``common.transfer.Sheet`` as XLSX or CSV.

The apps decide what a sheet holds (``units.exports``, ``entries.exports``,
``eligibility.exports``); this module only writes it, with the rules of ``spreadsheet``: text
is never a formula (``=HYPERLINK(...)`` typed as a clip title stays text, in XLSX by cell type
and quote prefix, in CSV by a leading apostrophe the importers take off again), CSV is UTF-8
with a byte order mark so Excel reads the accents.

In XLSX each sheet is a tab with its headings in the first row, frozen and filterable, dates as
real dates (they sort) shown ``dd/mm/yyyy``. A CSV file holds one table, so the sheets follow
one another, each with its own heading row, separated by an empty row.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime, time
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from clipcontest.common.transfer import Cell, Sheet, moment_text

from .spreadsheet import FONT_NAME, FONT_SIZE, Value, csv_bytes, set_column_widths
from .spreadsheet import FORMULA_TRIGGERS as _TRIGGERS

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
_SHEET_TITLE_LENGTH = 31  # Excel's limit


def sheets_xlsx(sheets: Sequence[Sheet]) -> bytes:
    # Write-only: rows stream into the file instead of becoming cell objects of a workbook
    # held whole in memory (ten times faster on a large contest).
    workbook = Workbook(write_only=True)
    for sheet in sheets:
        _write_sheet(workbook, sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def sheets_csv(sheets: Sequence[Sheet]) -> bytes:
    rows: list[Sequence[Value]] = []
    for index, sheet in enumerate(sheets):
        if index:
            rows.append([])
        rows.append(sheet.headings)
        rows.extend([_csv_value(value) for value in row] for row in sheet.rows)
    return csv_bytes(rows)


def _write_sheet(workbook: Workbook, sheet: Sheet) -> None:
    worksheet = workbook.create_sheet(sheet.title[:_SHEET_TITLE_LENGTH])
    # Before the first row: a write-only sheet writes its settings ahead of its rows.
    set_column_widths(worksheet, sheet.widths)
    worksheet.freeze_panes = "A2"
    heading_font = Font(name=FONT_NAME, size=FONT_SIZE, bold=True)
    centred = Alignment(horizontal="center", vertical="center", wrap_text=True)
    headings = []
    for heading in sheet.headings:
        cell = _text_cell(worksheet, heading)
        cell.font, cell.alignment = heading_font, centred
        headings.append(cell)
    worksheet.append(headings)
    last_row, last_column = 1, len(sheet.headings)
    for row in sheet.rows:
        worksheet.append([_data_cell(worksheet, value) for value in row])
        last_row += 1
        last_column = max(last_column, len(row))
    worksheet.auto_filter.ref = f"A1:{get_column_letter(max(last_column, 1))}{last_row}"


def _data_cell(worksheet: WriteOnlyWorksheet, value: Cell) -> object:
    """The value itself where openpyxl writes it right, else a cell that says how: text
    that looks like a formula, dates. No font or alignment of their own: styling each of
    100,000 cells would take seconds, and an export is read on screen, not printed."""
    if isinstance(value, str):
        return _text_cell(worksheet, value) if value.startswith(_TRIGGERS) else value
    if isinstance(value, datetime):
        cell = WriteOnlyCell(worksheet, value)
        cell.number_format = _date_format(value)
        return cell
    return value


def _text_cell(worksheet: WriteOnlyWorksheet, text: str) -> WriteOnlyCell:
    """Text as a string cell, never a formula (openpyxl makes "=..." one), with the quote
    prefix when it starts like a formula, as ``spreadsheet.set_cell`` writes it."""
    cell = WriteOnlyCell(worksheet, text)
    cell.data_type = "s"
    if text.startswith(_TRIGGERS):
        cell.quotePrefix = True
    return cell


def _date_format(moment: datetime) -> str:
    if moment.time() == time():
        return "dd/mm/yyyy"
    return "dd/mm/yyyy hh:mm:ss" if moment.second else "dd/mm/yyyy hh:mm"


def _csv_value(value: Cell) -> Value:
    if isinstance(value, datetime):
        return moment_text(value)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return value
