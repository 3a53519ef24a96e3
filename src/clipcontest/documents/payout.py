"""The payout list (danh sách chi trả tiền thưởng): who is paid how much, and where they sign.

The secretariat hands it to the accountant, who pays each prize in cash against a signature
in the "Ký nhận" column. It is made only from finalised results (``AwardsRefused`` otherwise),
one row per prize in rank order (so tier by tier), every amount in figures and in words, and
the total in both at the foot, as payment documents must have them. Always in Vietnamese.

``payout_xlsx`` is the list to print and sign: A4 landscape fitted to the page width, the
heading row repeated on every page and frozen on screen, the signatures under the table.
``payout_csv`` is the same table (heading, one row per prize, the total) for other software.
Text typed by units is written so no spreadsheet ever runs it as a formula, and amounts are
whole numbers in the cells (the accountant can sum them) shown as ``3.000.000`` on every
computer, by a number format with literal dots rather than ``#,##0``, whose separator follows
the reader's regional settings: see ``spreadsheet`` for both decisions.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from clipcontest.awards.queries import Winner, winners
from clipcontest.awards.results import contest_results
from clipcontest.awards.services import NOT_FINALISED, AwardsRefused
from clipcontest.common.money import amount_in_words
from clipcontest.contests.calendar import localise
from clipcontest.contests.models import Contest, Letterhead
from clipcontest.contests.queries import letterhead_of

from .party import vietnamese_date_line
from .spreadsheet import (
    Value,
    amount_format,
    csv_bytes,
    fit_row_height,
    merged_line,
    print_setup,
    set_cell,
    set_column_widths,
)

TITLE = "DANH SÁCH CHI TRẢ TIỀN THƯỞNG"
# Headings and widths (in characters); the list is printed landscape, fitted to the width.
COLUMNS = (
    ("STT", 5),
    ("Đơn vị", 24),
    ("Mã clip", 11),
    ("Tên clip", 30),
    ("Tác giả", 22),
    ("Giải", 16),
    ("Số tiền (đồng)", 13),
    ("Số tiền bằng chữ", 30),
    ("Ký nhận", 13),
)
HEADINGS = tuple(heading for heading, _ in COLUMNS)
WIDTHS = tuple(width for _, width in COLUMNS)
HEADER_ROW = 7
AMOUNT_COLUMN = HEADINGS.index("Số tiền (đồng)") + 1
SIGNATURE_ROOM = 4  # empty rows for the signature and the seal
ROW_HEIGHT = 30  # points: room to sign in the last column
_centre = {"align": "center"}


@dataclass(frozen=True)
class Payout:
    """What the list prints: plain values, so the layout can be tested without a database."""

    contest_name: str
    letterhead: Letterhead
    winners: tuple[Winner, ...]
    total: int
    day: date

    @property
    def zero_tens(self) -> str:
        return self.letterhead.zero_tens


def payout_list(contest: Contest, *, day: date | None = None) -> Payout:
    """The winners of the finalised results; refuses (``AwardsRefused``) before finalisation.

    ``day`` is the date written above the signature: today in the contest's zone by default.
    """
    results = contest_results(contest)
    if not results.finalised:
        raise AwardsRefused(NOT_FINALISED)
    paid = tuple(winners(results))
    # The allocation's total is what the decision states; the rows must add up to it. A list
    # of money that does not is never written, even with assertions turned off (python -O).
    if sum(winner.amount for winner in paid) != results.allocation.total:
        raise RuntimeError("payout rows do not add up to the allocation's total")
    return Payout(
        contest_name=contest.name.strip(),
        letterhead=letterhead_of(contest),
        winners=paid,
        total=results.allocation.total,
        day=day or localise(timezone.now(), contest.zone).date(),
    )


def payout_xlsx(contest: Contest, *, day: date | None = None) -> bytes:
    """The list as an Excel workbook, ready to print on A4 landscape and sign."""
    buffer = io.BytesIO()
    payout_workbook(payout_list(contest, day=day)).save(buffer)
    return buffer.getvalue()


def payout_csv(contest: Contest) -> bytes:
    """The table of the list as CSV: UTF-8 with a byte order mark, so Excel reads the accents."""
    payout = payout_list(contest)
    return csv_bytes([HEADINGS, *payout_rows(payout), total_row(payout)])


def payout_rows(payout: Payout) -> list[list[Value]]:
    """One row per prize, in rank order, with the columns of :data:`COLUMNS`."""
    return [
        [
            number,
            winner.unit_name,
            winner.ref,
            winner.title,
            ", ".join(winner.authors),
            winner.tier_name,
            winner.amount,
            amount_in_words(winner.amount, zero_tens=payout.zero_tens),
            "",
        ]
        for number, winner in enumerate(payout.winners, start=1)
    ]


def total_row(payout: Payout) -> list[Value]:
    words = amount_in_words(payout.total, zero_tens=payout.zero_tens)
    return ["", "Tổng cộng", "", "", "", "", payout.total, words, ""]


def total_line(total: int, zero_tens: str = "linh") -> str:
    """The line under the table: ``Bằng chữ: Mười triệu đồng.``"""
    return f"Bằng chữ: {amount_in_words(total, zero_tens=zero_tens)}."


def payout_workbook(payout: Payout) -> Workbook:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Chi trả"
    set_column_widths(sheet, WIDTHS)
    _title_block(sheet, payout)
    last = _table(sheet, payout)
    _signatures(sheet, payout, last + 2)
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=1)
    print_setup(sheet, header_rows=f"{HEADER_ROW}:{HEADER_ROW}")
    workbook.properties.title = f"{TITLE.capitalize()} – {payout.contest_name}"
    workbook.properties.creator = payout.letterhead.body
    return workbook


def _title_block(sheet: Worksheet, payout: Payout) -> None:
    """The issuing bodies at the top left, then the title and the contest, centred."""
    letterhead, bodies_end, end = payout.letterhead, 4, len(COLUMNS)
    if letterhead.superior_body.strip():
        merged_line(sheet, 1, 1, bodies_end, letterhead.superior_body.strip().upper(), **_centre)
    merged_line(sheet, 2, 1, bodies_end, letterhead.body.strip().upper(), bold=True, **_centre)
    merged_line(sheet, 4, 1, end, TITLE, bold=True, size=14, **_centre)
    merged_line(sheet, 5, 1, end, payout.contest_name, bold=True, **_centre)
    fit_row_height(sheet, 5, [payout.contest_name], [sum(WIDTHS)])


def _table(sheet: Worksheet, payout: Payout) -> int:
    """The heading, a row per prize and the total; returns the last row written."""
    for column, heading in enumerate(HEADINGS, start=1):
        set_cell(sheet.cell(HEADER_ROW, column), heading, bold=True, align="center", boxed=True)
    fit_row_height(sheet, HEADER_ROW, HEADINGS, WIDTHS)
    money = amount_format([payout.total])
    row = HEADER_ROW
    for values in payout_rows(payout):
        row += 1
        _table_row(sheet, row, values, money)
    row += 1
    _table_row(sheet, row, total_row(payout), money, bold=True)
    sheet.merge_cells(start_row=row, start_column=2, end_row=row, end_column=AMOUNT_COLUMN - 1)
    row += 1
    words = total_line(payout.total, payout.zero_tens)
    merged_line(sheet, row, 1, len(COLUMNS), words, bold=True, italic=True)
    return row


_ALIGNS = ("center", "left", "center", "left", "left", "center", "right", "left", "left")


def _table_row(
    sheet: Worksheet, row: int, values: list[Value], money: str, *, bold: bool = False
) -> None:
    for column, (value, align) in enumerate(zip(values, _ALIGNS, strict=True), start=1):
        set_cell(
            sheet.cell(row, column),
            value,
            bold=bold,
            align="center" if bold and column == 2 else align,
            number_format=money if column == AMOUNT_COLUMN else None,
            boxed=True,
        )
    fit_row_height(sheet, row, values, WIDTHS, minimum=ROW_HEIGHT)


def _signatures(sheet: Worksheet, payout: Payout, row: int) -> None:
    """Who drew up the list, the accountant, and the head (or deputy) who approves it."""
    letterhead = payout.letterhead
    maker, accountant, approver = (1, 3), (4, 5), (7, 9)
    place_and_day = vietnamese_date_line(letterhead.place, payout.day)
    merged_line(sheet, row, *approver, place_and_day, italic=True, **_centre)
    row += 1
    merged_line(sheet, row, *maker, "Người lập biểu", bold=True, **_centre)
    merged_line(sheet, row, *accountant, "Kế toán", bold=True, **_centre)
    for offset, line in enumerate(letterhead.authority_lines()):
        merged_line(sheet, row + offset, *approver, line, bold=True, **_centre)
    for columns in (maker, accountant):
        merged_line(sheet, row + 1, *columns, "(Ký, ghi rõ họ tên)", italic=True, **_centre)
    name_row = row + max(2, len(letterhead.authority_lines())) + SIGNATURE_ROOM
    merged_line(sheet, name_row, *approver, letterhead.signer_name.strip(), bold=True, **_centre)
