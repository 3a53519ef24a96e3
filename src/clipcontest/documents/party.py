"""The parts every Party document shares: the issuing body beside "ĐẢNG CỘNG SẢN VIỆT NAM",
the number and the place-and-date line, "Nơi nhận" and the signature block; and the parts
every decision (quyết định) shares: its title, its grounds, its articles and its annex heading."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from docx.document import Document as DocumentObject
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.table import Table
from docx.text.paragraph import Paragraph

from clipcontest.contests.models import Letterhead

from .docx_layout import (
    Align,
    Margins,
    Span,
    add_paragraph,
    add_table,
    keep_row_together,
    text_width_mm,
)

BLANK_NUMBER = " " * 6  # room to write the number in by hand


def letterhead_margins(letterhead: Letterhead) -> Margins:
    """The page margins the organisers set on the letterhead (the Party rules give ranges)."""
    return Margins(
        top=float(letterhead.margin_top),
        bottom=float(letterhead.margin_bottom),
        left=float(letterhead.margin_left),
        right=float(letterhead.margin_right),
    )


def vietnamese_date_line(place: str, day: date) -> str:
    """``Mèo Vạc, ngày 09 tháng 6 năm 2022``: days below 10 and the months 1 and 2 get a zero.

    (Hướng dẫn 36-HD/VPTW: "ngày 05 tháng 02 năm 2022", but "ngày 15 tháng 12 năm 2022".)
    """
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    when = f"ngày {day.day:02d} tháng {month} năm {day.year}"
    return f"{place.strip()}, {when}" if place.strip() else when[0].upper() + when[1:]


def short_date(day: date) -> str:
    """``05/7/2022``: as the date line, day on two digits and months 1 and 2 too."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{day.day:02d}/{month}/{day.year}"


def document_reference(number: str, kind: str, abbreviation: str) -> str:
    """``15-QĐ/BTGTU``, or with no number a blank to write it in by hand: ``      -QĐ/BTGTU``."""
    return f"{number.strip() or BLANK_NUMBER}-{kind}/{abbreviation.strip()}"


# The header and the signature share two columns: the issuing body's side and the other side.
PARTY_COLUMNS_MM = (70.0, 95.0)


def party_columns(margins: Margins) -> tuple[float, float]:
    """The header's and the signature's two columns, spread over the page's text width."""
    width = text_width_mm(margins)
    left, right = PARTY_COLUMNS_MM
    return (width * left / (left + right), width * right / (left + right))


def add_party_header(
    document: DocumentObject,
    *,
    superior_body: str,
    issuing_body: str,
    number: str,
    date_line: str,
    subject: str = "",
    columns_mm: Sequence[float] = PARTY_COLUMNS_MM,
) -> Table:
    """The top of the first page, as a borderless table of two rows and two columns.

    Left: the superior body (capitals), the issuing body (capitals, bold), the star that
    separates it from "Số 12-CV/BCĐ35" (no colon after "Số" in Party documents), and for a
    letter its subject ("V/v ...", 12 pt italic). Right: "ĐẢNG CỘNG SẢN VIỆT NAM" (15 pt bold,
    underlined over its own length), then the place and date (italic) level with the number.
    """
    table = add_table(document, columns_mm, ruled=False)
    names, title = table.add_row().cells
    for cell in (names, title):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
    if superior_body.strip():
        add_paragraph(names, superior_body.strip().upper(), size=14, align=Align.CENTER)
    add_paragraph(names, issuing_body.strip().upper(), size=14, bold=True, align=Align.CENTER)
    add_paragraph(names, "*", size=14, align=Align.CENTER)
    add_paragraph(
        title, "ĐẢNG CỘNG SẢN VIỆT NAM", size=15, bold=True, underline=True, align=Align.CENTER
    )
    reference, when = table.add_row().cells
    for cell in (reference, when):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
    # As given, leading blanks included: a number left for the office to write in by hand
    # ("Số       -QĐ/BTGTU") keeps its room.
    add_paragraph(reference, f"Số {number.rstrip()}", size=14, align=Align.CENTER)
    if subject:
        add_paragraph(reference, subject, size=12, italic=True, align=Align.CENTER, space_before=3)
    add_paragraph(when, date_line, size=14, italic=True, align=Align.CENTER)
    return table


def add_signature_block(
    document: DocumentObject,
    *,
    recipients: Sequence[str],
    authority: Sequence[str],
    signer_name: str,
    blank_lines: int = 4,
    columns_mm: Sequence[float] = PARTY_COLUMNS_MM,
) -> Table:
    """The foot of the document, as a borderless two-column table.

    Left: "Nơi nhận:" (14 pt, underlined) and one 12 pt line per recipient, ended by commas and
    the last by a full stop (``["Như trên", "Lưu VT"]`` -> "- Như trên," / "- Lưu VT.").
    Right, centred: the authority lines in bold capitals (``["K/T TRƯỞNG BAN", "PHÓ TRƯỞNG
    BAN"]``), room for the signature and the seal, then the signer's name in bold.
    """
    table = add_table(document, columns_mm, ruled=False)
    row = table.add_row()
    keep_row_together(row)
    left, right = row.cells
    for cell in (left, right):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
    add_paragraph(left, "Nơi nhận:", size=14, underline=True)
    for index, recipient in enumerate(recipients):
        ending = "." if index == len(recipients) - 1 else ","
        add_paragraph(left, f"- {recipient.rstrip(',.;')}{ending}", size=12)
    for line in authority:
        add_paragraph(right, line.upper(), size=14, bold=True, align=Align.CENTER)
    for _ in range(blank_lines):
        add_paragraph(right, "", size=14, align=Align.CENTER)
    add_paragraph(right, signer_name.strip(), size=14, bold=True, align=Align.CENTER)
    return table


# --- decisions ---------------------------------------------------------------------------------


def add_decision_title(document: DocumentObject, subject: str) -> None:
    """The title ("QUYẾT ĐỊNH"), its subject ("về việc ...") in bold, and the rule under them."""
    add_paragraph(document, "QUYẾT ĐỊNH", bold=True, align=Align.CENTER, space_before=18)
    add_paragraph(document, subject, bold=True, align=Align.CENTER)
    add_paragraph(document, "-----", align=Align.CENTER, space_after=12)


def add_decision_grounds(
    document: DocumentObject, *, authority: str, grounds: Sequence[str]
) -> None:
    """The body that decides (bold capitals), its grounds ("- Căn cứ ..."), then "QUYẾT ĐỊNH"."""
    add_paragraph(document, authority.strip().upper(), bold=True, align=Align.CENTER)
    add_paragraph(document, "", size=6)
    for ground in grounds:
        add_body(document, ground, space_before=3)
    add_paragraph(
        document, "QUYẾT ĐỊNH", bold=True, align=Align.CENTER, space_before=12, space_after=6
    )


def add_article(document: DocumentObject, number: int, text: str) -> Paragraph:
    """``Điều 1. ...``: the heading in bold, the text after it."""
    return add_body(document, Span(f"Điều {number}. ", bold=True), text)


def end_articles(document: DocumentObject, last: Paragraph) -> None:
    """The signature never stands alone on a page: the last article goes over with it."""
    last.paragraph_format.keep_with_next = True
    add_paragraph(document, "", space_after=6, keep_with_next=True)


def add_body(document: DocumentObject, *parts: str | Span, space_before: float = 6) -> Paragraph:
    """A paragraph of the body: 14 pt, justified, the first line indented 10 mm."""
    return add_paragraph(
        document,
        *parts,
        size=14,
        align=Align.JUSTIFY,
        first_line_indent_mm=10,
        space_before=space_before,
        line_spacing=1.15,
    )


def add_annex_heading(document: DocumentObject, title: str, note: str) -> None:
    """The annex's title on a new page and, in italics, which decision it goes with."""
    heading = add_paragraph(document, title, bold=True, align=Align.CENTER)
    heading.paragraph_format.page_break_before = True
    add_paragraph(document, note, italic=True, align=Align.CENTER, space_after=12)
