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
from openpyxl.cell.cell import Cell as OpenpyxlCell

from clipcontest.common.transfer import Cell, Sheet, moment_text

from .spreadsheet import Value, csv_bytes, set_cell, set_column_widths, starts_like_a_formula

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
_SHEET_TITLE_LENGTH = 31  # Excel's limit


def sheets_xlsx(sheets: Sequence[Sheet]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
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
    for column, heading in enumerate(sheet.headings, start=1):
        set_cell(worksheet.cell(1, column), heading, bold=True, align="center")
    for number, row in enumerate(sheet.rows, start=2):
        for column, value in enumerate(row, start=1):
            _data_cell(worksheet.cell(number, column), value)
    set_column_widths(worksheet, sheet.widths)
    worksheet.freeze_panes = "A2"
    worksheet.auto_filter.ref = worksheet.dimensions


def _data_cell(cell: OpenpyxlCell, value: Cell) -> None:
    """``spreadsheet.set_cell`` without a font and alignment of its own: styling each of
    100,000 cells would take seconds, and an export is read on screen, not printed."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl makes a value starting with "=" a formula
        if starts_like_a_formula(value):
            cell.quotePrefix = True
    elif isinstance(value, datetime):
        cell.number_format = _date_format(value)


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
