"""The three decisions that found the contest's committees, each with its list of members.

"Quyết định thành lập Ban Tổ chức / Ban Giám khảo / Tổ Thư ký" in the Party layout (Hướng
dẫn 36-HD/VPTW), built like the award decision (``decision.py``): header, "QUYẾT ĐỊNH" and the
subject, the authority and its grounds, three articles (who, their duties, who carries it
out), the signature, then the annex on a page of its own (STT, họ và tên, chức vụ và đơn vị
công tác, nhiệm vụ). Who issues and signs each one is the plan's (``committees.plan``): the
department on its letterhead for the organising committee, the organising committee under its
head for the other two, which is why these two cite the first one's number.

``decision_content`` writes every sentence from plain values (tested without a database or a
document); the rest only places them. Always in Vietnamese; the PDF is LibreOffice's print
of this very DOCX. A decision with no number yet keeps a blank to write it in by hand.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import date

from django.utils import timezone, translation
from docx.document import Document as DocumentObject

from clipcontest.committees import plan
from clipcontest.committees.queries import founding_decisions, rosters
from clipcontest.common.text import lower_first
from clipcontest.contests.calendar import localise
from clipcontest.contests.models import Contest
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
ANNEX_COLUMNS = (("STT", 12), ("Họ và tên", 45), ("Chức vụ, đơn vị công tác", 73), ("Nhiệm vụ", 35))
FILE_NAMES = {
    plan.ORGANISING: "quyet-dinh-thanh-lap-ban-to-chuc",
    plan.JURY: "quyet-dinh-thanh-lap-ban-giam-khao",
    plan.SECRETARIAT: "quyet-dinh-thanh-lap-to-thu-ky",
}
DUTIES = {
    plan.ORGANISING: (
        "Ban Tổ chức có nhiệm vụ xây dựng và ban hành Thể lệ cuộc thi; thành lập Ban Giám khảo "
        "và Tổ Thư ký; chỉ đạo, tổ chức triển khai cuộc thi theo Kế hoạch; tổng kết, trao giải. "
        "Trưởng ban phân công nhiệm vụ cụ thể cho các thành viên. Ban Tổ chức tự giải thể sau "
        "khi hoàn thành nhiệm vụ."
    ),
    plan.JURY: (
        "Ban Giám khảo có nhiệm vụ chấm các clip dự thi hợp lệ theo tiêu chí và thang điểm của "
        "Thể lệ cuộc thi, bảo đảm khách quan, công bằng; thành viên Ban Giám khảo không chấm clip "
        "của đơn vị mình; đề xuất Ban Tổ chức kết quả xét trao giải. Ban Giám khảo tự giải thể "
        "sau khi hoàn thành nhiệm vụ."
    ),
    plan.SECRETARIAT: (
        "Tổ Thư ký có nhiệm vụ giúp Ban Tổ chức tiếp nhận, tổng hợp clip dự thi và công văn của "
        "các đơn vị; kiểm tra tính hợp lệ của clip dự thi; chuẩn bị hồ sơ phục vụ Ban Giám khảo "
        "chấm thi và Ban Tổ chức tổng kết, trao giải; thực hiện các nhiệm vụ khác do Ban Tổ chức "
        "phân công. Tổ Thư ký tự giải thể sau khi hoàn thành nhiệm vụ."
    ),
}


@dataclass(frozen=True)
class Department:
    """The Propaganda Department as it issues and signs (the contest's ``Letterhead``)."""

    superior_body: str
    body: str
    abbreviation: str
    place: str
    authority: tuple[str, ...]
    signer_name: str


@dataclass(frozen=True)
class FoundingFacts:
    """Everything the three decisions are written from."""

    contest_name: str
    organiser: str  # the body that wrote the plan, as the text names it
    department: Department
    rosters: dict[str, tuple[plan.Seat, ...]]  # committee -> its seats, in order
    numbers: dict[str, str]  # committee -> the decision's number ("" until the office gives it)
    days: dict[str, date]  # committee -> the decision's date


@dataclass(frozen=True)
class DecisionContent:
    """One decision, from the header to the annex, as printed."""

    superior_body: str
    issuing_body: str
    reference: str
    date_line: str
    subject: str
    grounds: tuple[str, ...]
    articles: tuple[str, ...]
    authority: tuple[str, ...]
    signer_name: str
    annex_title: str
    annex_note: str
    annex_rows: tuple[tuple[str, str, str, str], ...]  # STT, name, position, role


def founding_facts(contest: Contest, *, today: date | None = None) -> FoundingFacts:
    """The facts read from the database; a decision without a date is dated ``today`` (by
    default today in the contest's time zone)."""
    letterhead = letterhead_of(contest)
    today = today or localise(timezone.now(), contest.zone).date()
    decisions = founding_decisions(contest)
    return FoundingFacts(
        contest_name=contest.name,
        organiser=contest.organiser,
        department=Department(
            superior_body=letterhead.superior_body,
            body=letterhead.body,
            abbreviation=letterhead.abbreviation,
            place=letterhead.place,
            authority=tuple(letterhead.authority_lines()),
            signer_name=letterhead.signer_name,
        ),
        rosters=rosters(contest),
        numbers={committee: d.number for committee, d in decisions.items()},
        days={committee: d.day or today for committee, d in decisions.items()},
    )


def decision_content(facts: FoundingFacts, committee: str) -> DecisionContent:
    """Every sentence of the decision founding ``committee``, in Vietnamese."""
    contest = lower_first(" ".join(facts.contest_name.split()))
    name = plan.COMMITTEE_NAMES[committee]
    department = facts.department
    own, day = _reference(facts, committee), facts.days[committee]
    grounds = [f"- Căn cứ Kế hoạch của {facts.organiser} về tổ chức {contest};"]
    if plan.issued_by_organising_committee(committee):
        grounds.append(
            f"- Căn cứ Quyết định số {_reference(facts, plan.ORGANISING)} ngày "
            f"{short_date(facts.days[plan.ORGANISING])} của {facts.organiser} về việc thành "
            f"lập Ban Tổ chức {contest};"
        )
        if committee == plan.JURY:
            grounds.append("- Căn cứ Thể lệ cuộc thi;")
        superior, issuer = department.body, plan.ORGANISING_BODY
        authority = ("TRƯỞNG BAN",)
        signer = plan.head_of(facts.rosters.get(plan.ORGANISING, ()))
        carry_out, issuer_in_text = f"Các thành viên {plan.ORGANISING_BODY}", issuer
    else:
        superior, issuer = department.superior_body, department.body
        authority, signer = department.authority, department.signer_name
        carry_out = f"Các bộ phận liên quan của {facts.organiser}"
        issuer_in_text = facts.organiser
    grounds.append("- Xét yêu cầu nhiệm vụ,")
    seats = facts.rosters.get(committee, ())
    return DecisionContent(
        superior_body=superior,
        issuing_body=issuer,
        reference=own,
        date_line=vietnamese_date_line(department.place, day),
        subject=f"về việc thành lập {name} {contest}",
        grounds=tuple(grounds),
        articles=(
            f"Thành lập {name} {contest} gồm các đồng chí có tên trong danh sách kèm theo.",
            DUTIES[committee],
            f"Quyết định có hiệu lực kể từ ngày ký. {carry_out}, {name} và các đồng chí có tên "
            "tại Điều 1 chịu trách nhiệm thi hành Quyết định này.",
        ),
        authority=authority,
        signer_name=signer,
        annex_title=f"DANH SÁCH THÀNH VIÊN {name.upper()}",
        annex_note=f"(Kèm theo Quyết định số {own} ngày {short_date(day)} của {issuer_in_text})",
        annex_rows=tuple(
            (str(number), seat.name, seat.position, plan.role_title(committee, seat.role))
            for number, seat in enumerate(seats, start=1)
        ),
    )


def committee_decision_docx(
    contest: Contest, committee: str, *, today: date | None = None
) -> bytes:
    """The decision founding ``committee`` as a Word document (A4, Party layout)."""
    facts = founding_facts(contest, today=today)
    margins = letterhead_margins(letterhead_of(contest))
    with translation.override("vi"):
        return docx_bytes(_build(decision_content(facts, committee), margins))


def committee_decision_pdf(contest: Contest, committee: str, *, today: date | None = None) -> bytes:
    """The PDF of exactly the DOCX above; raises ``pdf.ConversionFailed``."""
    return docx_to_pdf(committee_decision_docx(contest, committee, today=today))


def committee_decision_files(
    contest: Contest, *, today: date | None = None
) -> list[tuple[str, bytes]]:
    """The three decisions, each as DOCX and as PDF: (file name, content) in plan order."""
    files = []
    for committee in plan.COMMITTEES:
        docx = committee_decision_docx(contest, committee, today=today)
        stem = f"{contest.slug}-{FILE_NAMES[committee]}"
        files += [(f"{stem}.docx", docx), (f"{stem}.pdf", docx_to_pdf(docx))]
    return files


def committee_decisions_zip(contest: Contest, *, today: date | None = None) -> bytes:
    """The six files in one zip, for the organisers' documents page."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in committee_decision_files(contest, today=today):
            archive.writestr(name, content)
    return buffer.getvalue()


# --- the document ------------------------------------------------------------------------------


def _build(content: DecisionContent, margins: Margins) -> DocumentObject:
    document = new_document(
        margins=margins, title=f"Quyết định số {content.reference}", author=content.issuing_body
    )
    add_page_numbers(document)
    columns = party_columns(margins)
    add_party_header(
        document,
        superior_body=content.superior_body,
        issuing_body=content.issuing_body,
        number=content.reference,
        date_line=content.date_line,
        columns_mm=columns,
    )
    add_decision_title(document, content.subject)
    add_decision_grounds(document, authority=content.issuing_body, grounds=content.grounds)
    for number, article in enumerate(content.articles, start=1):
        last = add_article(document, number, article)
    end_articles(document, last)
    add_signature_block(
        document,
        recipients=RECIPIENTS,
        authority=content.authority,
        signer_name=content.signer_name,
        columns_mm=columns,
    )
    add_annex_heading(document, content.annex_title, content.annex_note)
    _annex_table(document, content, margins)
    return document


def _annex_table(document: DocumentObject, content: DecisionContent, margins: Margins) -> None:
    scale = text_width_mm(margins) / sum(width for _, width in ANNEX_COLUMNS)
    table = add_table(document, [width * scale for _, width in ANNEX_COLUMNS])
    headings = [heading for heading, _ in ANNEX_COLUMNS]
    centred = [Align.CENTER] * len(headings)
    repeat_as_header(add_table_row(table, headings, size=TABLE_SIZE, bold=True, aligns=centred))
    aligns = [Align.CENTER, Align.LEFT, Align.LEFT, Align.LEFT]
    for row in content.annex_rows:
        add_table_row(table, list(row), size=TABLE_SIZE, aligns=aligns)


def _reference(facts: FoundingFacts, committee: str) -> str:
    """``15-QĐ/BTGTU`` for the organising committee, ``02-QĐ/BTC`` for the two it founds."""
    register = plan.register_of(committee, facts.department.abbreviation)
    return document_reference(facts.numbers.get(committee, ""), "QĐ", register)
