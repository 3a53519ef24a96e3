"""The contest rules (Thể lệ), written from the rules file, as DOCX and PDF in the Party layout.

The plan has the organising committee write the rules. Here :func:`rules_sections` writes them
from the contest as loaded from its rules file, article by article, and both the Word document
(:func:`rules_docx`, printed to PDF by LibreOffice) and the public page render that one list,
so the published rules, the page and what the software enforces can never disagree. The
document is always in Vietnamese, whatever the language of the page that asked for it.

The number is given by the office's register when the rules are signed: left empty, the header
keeps a blank before "-TL/BTGTU" to write it in by hand.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone, translation
from docx.document import Document as DocumentObject
from docx.text.paragraph import Paragraph

from clipcontest.common.text import Text
from clipcontest.contests.calendar import localise
from clipcontest.contests.models import Contest, Letterhead
from clipcontest.contests.queries import letterhead_of
from clipcontest.units.models import Unit

from .docx_layout import (
    Align,
    Margins,
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
    add_body,
    add_party_header,
    add_signature_block,
    document_reference,
    end_articles,
    letterhead_margins,
    party_columns,
    vietnamese_date_line,
)
from .pdf import docx_to_pdf
from .rules_articles import (
    disqualification_blocks,
    how_to_enter_blocks,
    prizes_blocks,
    responsibility_blocks,
    scoring_blocks,
)
from .rules_content import (
    Block,
    RulesTable,
    Section,
    contact_blocks,
    form_blocks,
    paragraph,
    participants_blocks,
    preamble,
    purpose_blocks,
    quota_blocks,
    rubric_blocks,
    themes_blocks,
    timeline_blocks,
)

__all__ = ["Block", "RulesTable", "Section", "rules_docx", "rules_pdf", "rules_sections"]

TITLE = Text(vi="THỂ LỆ", en="Contest rules")
RECIPIENTS = ("Các đơn vị dự thi", "Ban Tổ chức cuộc thi", "Lưu VT")
TABLE_SIZE = 12


def rules_sections(contest: Contest) -> list[Section]:
    """The rules of ``contest``, article by article, from its rows as they stand now.

    Five queries whatever the contest: prize tiers, criteria, units, the letterhead's word for
    a zero tens digit in amounts (never created here: a public page must not write).
    """
    prizes = list(contest.prize_tiers.order_by("position"))
    criteria = list(contest.criteria.order_by("position"))
    units = list(Unit.objects.filter(active=True).order_by("code"))
    zero_tens = (
        Letterhead.objects.filter(contest=contest).values_list("zero_tens", flat=True).first()
        or "linh"
    )
    articles = [
        ("purpose", Text("Mục đích, yêu cầu", "Purpose and requirements"), purpose_blocks(contest)),
        ("participants", Text("Đối tượng dự thi", "Who takes part"), participants_blocks(units)),
        (
            "quota",
            Text("Số lượng, thời lượng", "Number and length of clips"),
            quota_blocks(contest),
        ),
        ("themes", Text("Nội dung", "Content"), themes_blocks(contest)),
        ("form", Text("Hình thức, thể loại", "Platforms and genres"), form_blocks(contest)),
        ("how-to-enter", Text("Cách thức dự thi", "How to enter"), how_to_enter_blocks(contest)),
        ("timeline", Text("Thời gian", "Timeline"), timeline_blocks(contest)),
        ("rubric", Text("Tiêu chí chấm điểm", "Judging criteria"), rubric_blocks(criteria)),
        (
            "scoring",
            Text("Cách tính điểm và xếp hạng", "How scores combine and ties break"),
            scoring_blocks(contest, criteria),
        ),
        (
            "prizes",
            Text("Cơ cấu giải thưởng", "Prizes"),
            prizes_blocks(prizes, zero_tens=zero_tens),
        ),
        (
            "disqualification",
            Text("Các trường hợp bị loại", "Grounds for disqualification"),
            disqualification_blocks(contest),
        ),
        (
            "responsibility",
            Text("Trách nhiệm của đơn vị dự thi", "The units' responsibility"),
            responsibility_blocks(contest),
        ),
        ("contact", Text("Liên hệ", "Contact"), contact_blocks(contest)),
    ]
    sections = [Section(key="preamble", title=None, blocks=(paragraph(preamble(contest)),))]
    for number, (key, title, blocks) in enumerate(articles, start=1):
        heading = Text(vi=f"Điều {number}. {title.vi}", en=f"Article {number}. {title.en}")
        sections.append(Section(key=key, title=heading, blocks=tuple(blocks)))
    return sections


def rules_docx(contest: Contest, *, number: str = "", day: date | None = None) -> bytes:
    """The rules as a Word document, dated ``day`` (default today, contest-local)."""
    with translation.override("vi"):
        letterhead = letterhead_of(contest)
        when = day or localise(timezone.now(), contest.zone).date()
        return docx_bytes(_build(contest, letterhead, rules_sections(contest), number, when))


def rules_pdf(contest: Contest, *, number: str = "", day: date | None = None) -> bytes:
    """The PDF of exactly the DOCX above; raises ``pdf.ConversionFailed``."""
    return docx_to_pdf(rules_docx(contest, number=number, day=day))


def rules_filename(contest: Contest, ext: str) -> str:
    """``sc35-2022-the-le.docx``: the slug is ASCII already."""
    return f"{contest.slug}-the-le.{ext.lstrip('.')}"


# --- the document ------------------------------------------------------------------------------


def _build(
    contest: Contest, letterhead: Letterhead, sections: list[Section], number: str, day: date
) -> DocumentObject:
    margins = letterhead_margins(letterhead)
    reference = document_reference(number, "TL", letterhead.abbreviation)
    document = new_document(margins=margins, title=f"Thể lệ {contest.name}", author=letterhead.body)
    add_page_numbers(document)
    columns = party_columns(margins)
    add_party_header(
        document,
        superior_body=letterhead.superior_body,
        issuing_body=letterhead.body,
        number=reference,
        date_line=vietnamese_date_line(letterhead.place, day),
        columns_mm=columns,
    )
    add_paragraph(document, TITLE.vi, bold=True, align=Align.CENTER, space_before=18)
    add_paragraph(document, contest.name.strip(), bold=True, align=Align.CENTER)
    last = add_paragraph(document, "-----", align=Align.CENTER, space_after=6)
    for section in sections:
        if section.title is not None:
            last = add_paragraph(
                document,
                section.title.vi,
                bold=True,
                align=Align.JUSTIFY,
                first_line_indent_mm=10,
                space_before=8,
                keep_with_next=True,
            )
        for block in section.blocks:
            last = _block(document, block, margins) or last
    end_articles(document, last)
    add_signature_block(
        document,
        recipients=RECIPIENTS,
        authority=letterhead.authority_lines(),
        signer_name=letterhead.signer_name,
        columns_mm=columns,
    )
    return document


def _block(document: DocumentObject, block: Block, margins: Margins) -> Paragraph | None:
    """Write ``block``; its last paragraph of text, if it ends on one."""
    if block.kind == "paragraph" and block.text is not None:
        return add_body(document, block.text.vi)
    if block.kind == "items":
        written = [add_body(document, f"- {item.vi}", space_before=3) for item in block.items]
        return written[-1] if written else None
    if block.kind == "table" and block.table is not None:
        _table(document, block.table, margins)
    return None


def _table(document: DocumentObject, table: RulesTable, margins: Margins) -> None:
    """Ruled, spread over the text width; the footer's empty cells merge into the one before."""
    widths = table.widths or (1,) * len(table.headings)
    scale = text_width_mm(margins) / sum(widths)
    out = add_table(document, [width * scale for width in widths])
    aligns = [Align.RIGHT if numeric else Align.LEFT for numeric in table.numeric] or None
    headings = [heading.vi for heading in table.headings]
    centred = [Align.CENTER] * len(headings)
    repeat_as_header(add_table_row(out, headings, size=TABLE_SIZE, bold=True, aligns=centred))
    for row in table.rows:
        add_table_row(out, [cell.vi for cell in row], size=TABLE_SIZE, aligns=aligns)
    if table.footer:
        cells = [cell.vi or [] for cell in table.footer]  # [] leaves the cell bare for the merge
        footer = add_table_row(out, cells, size=TABLE_SIZE, bold=True, aligns=aligns)
        start = 0
        for index, cell in enumerate(cells):
            if cell:
                start = index
            elif index:
                footer.cells[start].merge(footer.cells[index])
    add_paragraph(document, "", size=6)
