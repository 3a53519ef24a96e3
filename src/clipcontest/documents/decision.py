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
    add_page_numbers,
    add_table,
    add_table_row,
    docx_bytes,
    new_document,
    repeat_as_header,
    text_width_mm,
)
from .party import (
    add_annex_heading,
    add_article,
    add_body,
    add_decision_grounds,
    add_decision_title,
    add_party_header,
    add_signature_block,
    document_reference,
    end_articles,
    letterhead_margins,
    party_columns,
    short_date,
    vietnamese_date_line,
)
from .pdf import docx_to_pdf

RECIPIENTS = ("Như Điều 3", "Lưu VT")
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
        return document_reference(self.number, "QĐ", self.letterhead.abbreviation)

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
        columns_mm=party_columns(decision.margins),
    )
    add_decision_title(document, f"về việc trao giải {_contest_name(contest)}")
    _grounds(document, decision)
    _articles(document, decision)
    add_signature_block(
        document,
        recipients=RECIPIENTS,
        authority=letterhead.authority_lines(),
        signer_name=letterhead.signer_name,
        columns_mm=party_columns(decision.margins),
    )
    _annex(document, decision)
    return document


def _grounds(document: DocumentObject, decision: Decision) -> None:
    contest = decision.contest
    add_decision_grounds(
        document,
        authority=decision.letterhead.body,
        grounds=(
            f"- Căn cứ Kế hoạch của {contest.organiser} về tổ chức {_contest_name(contest)};",
            "- Căn cứ kết quả chấm của Ban Giám khảo;",
            "- Xét đề nghị của Ban Tổ chức cuộc thi,",
        ),
    )


def _articles(document: DocumentObject, decision: Decision) -> None:
    contest = decision.contest
    clips = f"{len(decision.winners):02d}"
    add_article(
        document,
        1,
        f"Trao giải cho {clips} clip đạt giải {_contest_name(contest)} (có danh sách kèm theo).",
    )
    total = decision.total
    add_article(
        document,
        2,
        f"Tổng giá trị giải thưởng: {format_vnd(total)} ({decision.words(total)}), "
        "từ kinh phí tổ chức cuộc thi.",
    )
    unused = unused_sentence(decision.unused)
    if unused:
        add_body(document, unused)
    last = add_article(
        document,
        3,
        f"Ban Tổ chức cuộc thi, các bộ phận liên quan của {contest.organiser} và các đơn vị, "
        "cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này.",
    )
    end_articles(document, last)


# --- the annex ---------------------------------------------------------------------------------


def _annex(document: DocumentObject, decision: Decision) -> None:
    add_annex_heading(
        document,
        "DANH SÁCH CLIP ĐẠT GIẢI",
        f"(Kèm theo Quyết định số {decision.reference} ngày {short_date(decision.day)} "
        f"của {decision.contest.organiser})",
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


def _contest_name(contest: Contest) -> str:
    return lower_first(contest.name.strip())
