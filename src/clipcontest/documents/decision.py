"""The award decision (quyết định trao giải) and its annex, the list of winning clips.

The organising body decides the prizes in a Party document (Hướng dẫn 36-HD/VPTW): its header,
"QUYẾT ĐỊNH" and the subject, the authority, the grounds ("căn cứ"), three articles (who wins,
what it costs and from which budget, who carries it out), the signature; then, on a page of
its own, the annex listing every prize tier by tier with the total. It pays money, so it is
made only from finalised results (``AwardsRefused`` otherwise), and prizes left unawarded are
stated in it rather than left out. Always in Vietnamese, whatever the page's language; the
PDF is LibreOffice's print of this very DOCX.

The number is given by the office's register when the decision is signed: left empty, the
header keeps a blank before "-QĐ/BTGTU" to write it in by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone, translation
from docx.document import Document as DocumentObject
from docx.table import Table
from docx.text.paragraph import Paragraph

from clipcontest.awards.allocation import UnusedPrizes
from clipcontest.awards.queries import Winner, winners
from clipcontest.awards.results import contest_results
from clipcontest.awards.services import NOT_FINALISED, AwardsRefused
from clipcontest.common.money import amount_in_words, format_number, format_vnd
from clipcontest.common.text import lower_first
from clipcontest.contests.calendar import localise
from clipcontest.contests.models import Contest, Letterhead
from clipcontest.contests.queries import letterhead_of

from .docx_layout import (
    Align,
    Margins,
    Span,
    add_page_numbers,
    add_paragraph,
    add_table,
    add_table_row,
    docx_bytes,
    new_document,
    repeat_as_header,
    text_width_mm,
)
from .party import (
    PARTY_COLUMNS_MM,
    add_party_header,
    add_signature_block,
    letterhead_margins,
    vietnamese_date_line,
)
from .pdf import docx_to_pdf

RECIPIENTS = ("Như Điều 3", "Lưu VT")
BLANK_NUMBER = " " * 6  # room to write the number in by hand
TABLE_SIZE = 12
# The annex's headings and widths (mm) for 165 mm between the margins; scaled to the page.
ANNEX_COLUMNS = (
    ("STT", 12),
    ("Giải", 22),
    ("Tên clip", 42),
    ("Tác giả", 32),
    ("Đơn vị", 35),
    ("Số tiền (đồng)", 22),
)


@dataclass(frozen=True)
class Decision:
    """What the decision states, read once from the finalised results."""

    contest: Contest
    letterhead: Letterhead
    winners: tuple[Winner, ...]
    total: int
    unused: tuple[tuple[str, int], ...]  # (tier name, how many), in rank order
    number: str
    day: date

    @property
    def reference(self) -> str:
        """``15-QĐ/BTGTU``, or a blank to fill in: ``      -QĐ/BTGTU``."""
        return f"{self.number.strip() or BLANK_NUMBER}-QĐ/{self.letterhead.abbreviation.strip()}"

    @property
    def margins(self) -> Margins:
        return letterhead_margins(self.letterhead)

    def words(self, amount: int) -> str:
        return amount_in_words(amount, zero_tens=self.letterhead.zero_tens)


def award_decision(contest: Contest, *, number: str = "", day: date | None = None) -> Decision:
    """The decision's facts; refuses (``AwardsRefused``) unless the results are finalised.

    ``day`` defaults to today in the contest's time zone.
    """
    results = contest_results(contest)
    if not results.finalised:
        raise AwardsRefused(NOT_FINALISED)
    return Decision(
        contest=contest,
        letterhead=letterhead_of(contest),
        winners=tuple(winners(results)),
        total=results.allocation.total,
        unused=tuple(_unused(results.tiers, results.allocation.unused)),
        number=number,
        day=day or localise(timezone.now(), contest.zone).date(),
    )


def decision_docx(contest: Contest, *, number: str = "", day: date | None = None) -> bytes:
    """The decision and its annex as a Word document (A4, Times New Roman, Party layout)."""
    decision = award_decision(contest, number=number, day=day)
    with translation.override("vi"):
        return docx_bytes(_build(decision))


def decision_pdf(contest: Contest, *, number: str = "", day: date | None = None) -> bytes:
    """The PDF of exactly the DOCX above; raises ``pdf.ConversionFailed``."""
    return docx_to_pdf(decision_docx(contest, number=number, day=day))


def unused_sentence(unused: tuple[tuple[str, int], ...]) -> str:
    """``Không trao: 15 giải Khuyến khích.``, or "" when every prize was given."""
    if not unused:
        return ""
    parts = [f"{count:02d} {lower_first(name)}" for name, count in unused]
    return f"Không trao: {', '.join(parts)}."


def short_date(day: date) -> str:
    """``05/7/2022``: as the date line, day on two digits and months 1 and 2 too."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{day.day:02d}/{month}/{day.year}"


# --- the decision ------------------------------------------------------------------------------


def _build(decision: Decision) -> DocumentObject:
    contest, letterhead = decision.contest, decision.letterhead
    document = new_document(
        margins=decision.margins,
        title=f"Quyết định số {decision.reference}",
        author=letterhead.body,
    )
    add_page_numbers(document)
    add_party_header(
        document,
        superior_body=letterhead.superior_body,
        issuing_body=letterhead.body,
        number=decision.reference,
        date_line=vietnamese_date_line(letterhead.place, decision.day),
        columns_mm=_party_columns(decision),
    )
    _title(document, contest)
    _grounds(document, decision)
    _articles(document, decision)
    add_signature_block(
        document,
        recipients=RECIPIENTS,
        authority=letterhead.authority_lines(),
        signer_name=letterhead.signer_name,
        columns_mm=_party_columns(decision),
    )
    _annex(document, decision)
    return document


def _title(document: DocumentObject, contest: Contest) -> None:
    add_paragraph(document, "QUYẾT ĐỊNH", bold=True, align=Align.CENTER, space_before=18)
    add_paragraph(
        document, f"về việc trao giải {_contest_name(contest)}", bold=True, align=Align.CENTER
    )
    add_paragraph(document, "-----", align=Align.CENTER, space_after=12)


def _grounds(document: DocumentObject, decision: Decision) -> None:
    contest = decision.contest
    add_paragraph(document, decision.letterhead.body.strip().upper(), bold=True, align=Align.CENTER)
    add_paragraph(document, "", size=6)
    for ground in (
        f"- Căn cứ Kế hoạch của {contest.organiser} về tổ chức {_contest_name(contest)};",
        "- Căn cứ kết quả chấm của Ban Giám khảo;",
        "- Xét đề nghị của Ban Tổ chức cuộc thi,",
    ):
        _body(document, ground, space_before=3)
    add_paragraph(
        document, "QUYẾT ĐỊNH", bold=True, align=Align.CENTER, space_before=12, space_after=6
    )


def _articles(document: DocumentObject, decision: Decision) -> None:
    contest = decision.contest
    clips = f"{len(decision.winners):02d}"
    _article(
        document,
        1,
        f"Trao giải cho {clips} clip đạt giải {_contest_name(contest)} (có danh sách kèm theo).",
    )
    total = decision.total
    _article(
        document,
        2,
        f"Tổng giá trị giải thưởng: {format_vnd(total)} ({decision.words(total)}), "
        "từ kinh phí tổ chức cuộc thi.",
    )
    unused = unused_sentence(decision.unused)
    if unused:
        _body(document, unused)
    last = _article(
        document,
        3,
        f"Ban Tổ chức cuộc thi, các bộ phận liên quan của {contest.organiser} và các đơn vị, "
        "cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này.",
    )
    # The signature never stands alone on a page: the last article goes over with it.
    last.paragraph_format.keep_with_next = True
    add_paragraph(document, "", space_after=6, keep_with_next=True)


def _article(document: DocumentObject, number: int, text: str) -> Paragraph:
    return _body(document, Span(f"Điều {number}. ", bold=True), text)


def _body(document: DocumentObject, *parts: str | Span, space_before: float = 6) -> Paragraph:
    return add_paragraph(
        document,
        *parts,
        size=14,
        align=Align.JUSTIFY,
        first_line_indent_mm=10,
        space_before=space_before,
        line_spacing=1.15,
    )


# --- the annex ---------------------------------------------------------------------------------


def _annex(document: DocumentObject, decision: Decision) -> None:
    title = add_paragraph(document, "DANH SÁCH CLIP ĐẠT GIẢI", bold=True, align=Align.CENTER)
    title.paragraph_format.page_break_before = True
    add_paragraph(
        document,
        f"(Kèm theo Quyết định số {decision.reference} ngày {short_date(decision.day)} "
        f"của {decision.contest.organiser})",
        italic=True,
        align=Align.CENTER,
        space_after=12,
    )
    _annex_table(document, decision)


def _annex_table(document: DocumentObject, decision: Decision) -> Table:
    """A row per prize in rank order; the tier's cells merged down its rows; the total."""
    scale = text_width_mm(decision.margins) / sum(width for _, width in ANNEX_COLUMNS)
    table = add_table(document, [width * scale for _, width in ANNEX_COLUMNS])
    headings = [heading for heading, _ in ANNEX_COLUMNS]
    centred = [Align.CENTER] * len(headings)
    repeat_as_header(add_table_row(table, headings, size=TABLE_SIZE, bold=True, aligns=centred))
    aligns = [Align.CENTER, Align.CENTER, Align.LEFT, Align.LEFT, Align.LEFT, Align.RIGHT]
    first_of_tier, previous = None, None
    for number, winner in enumerate(decision.winners, start=1):
        new_tier = previous is None or previous.tier_key != winner.tier_key
        previous = winner
        row = add_table_row(
            table,
            [
                str(number),
                winner.tier_name if new_tier else [],  # [] leaves the cell bare for the merge
                winner.title,
                ", ".join(winner.authors),
                winner.unit_name,
                format_number(winner.amount),
            ],
            size=TABLE_SIZE,
            aligns=aligns,
        )
        if new_tier:
            first_of_tier = row
        else:
            first_of_tier.cells[1].merge(row.cells[1])
    total = add_table_row(
        table,
        ["Tổng cộng", [], [], [], [], format_number(decision.total)],
        size=TABLE_SIZE,
        bold=True,
        aligns=[Align.CENTER, *aligns[1:]],
    )
    total.cells[0].merge(total.cells[4])
    return table


# --- helpers -----------------------------------------------------------------------------------


def _unused(tiers, unused: tuple[UnusedPrizes, ...]) -> list[tuple[str, int]]:
    names = {tier.key: tier.name for tier in tiers}
    return [(names.get(prize.tier_key, prize.tier_key), prize.count) for prize in unused]


def _party_columns(decision: Decision) -> tuple[float, float]:
    """The header's and the signature's two columns, spread over this page's text width."""
    width = text_width_mm(decision.margins)
    left, right = PARTY_COLUMNS_MM
    return (width * left / (left + right), width * right / (left + right))


def _contest_name(contest: Contest) -> str:
    return lower_first(contest.name.strip())
