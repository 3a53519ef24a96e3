"""The summary report (báo cáo tổng kết) of a contest, in the Party layout, as DOCX and PDF.

Six sections over the figures of ``report_data.summary``: I. how the contest was run (units
and their compliance), II. the clips by platform, genre and theme, III. engagement, IV. the
jury's work, V. the results, VI. an assessment made of the figures only. Always in Vietnamese,
whatever the language of the page that asked for it.

The report is also read mid-contest: until the results are finalised, section V says so
("Kết quả chưa được chốt") instead of printing a ranking that may still change. The number is
left blank ("Số     -BC/BTGTU") for the office to fill in when the report is registered.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.utils import timezone, translation
from docx.document import Document as DocumentObject
from docx.shared import Mm

from clipcontest.common.money import amount_in_words, format_number, format_vnd
from clipcontest.common.text import lower_first
from clipcontest.contests.models import Contest, Letterhead
from clipcontest.contests.queries import letterhead_of
from clipcontest.eligibility.rules import LetterStatus

from . import charts
from .docx_layout import (
    Align,
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
    add_party_header,
    add_signature_block,
    letterhead_margins,
    vietnamese_date_line,
)
from .pdf import docx_to_pdf
from .report_data import CountRow, Summary, summary

TABLE_SIZE = 12
CHART_WIDTH_MM = 150
RECIPIENTS = ("Các đơn vị dự thi", "Lưu VT")
# Room for the number the office writes in by hand when it registers the report.
NBSP = "\u00a0"
NUMBER_BLANK = NBSP * 6
NOT_FINALISED = "Kết quả chưa được chốt."
LETTER_STATES = {
    LetterStatus.RECEIVED: "Đúng hạn",
    LetterStatus.LATE: "Muộn",
    LetterStatus.MISSING: "Chưa gửi",
}
HEADINGS = (
    "I. Kết quả tổ chức",
    "II. Bài dự thi",
    "III. Tương tác",
    "IV. Công tác chấm thi",
    "V. Kết quả",
    "VI. Đánh giá chung",
)


def report_docx(contest: Contest, *, day: date | None = None) -> bytes:
    """The report as a Word document, dated ``day`` (default today, contest-local)."""
    with translation.override("vi"):
        data = summary(contest)
        letterhead = letterhead_of(contest)
        return docx_bytes(
            _build(data, letterhead, day or timezone.localdate(timezone=contest.zone))
        )


def report_pdf(contest: Contest, *, day: date | None = None) -> bytes:
    """The PDF of exactly the DOCX above; raises ``pdf.ConversionFailed``."""
    return docx_to_pdf(report_docx(contest, day=day))


def report_filename(contest: Contest, ext: str) -> str:
    """``bao-cao-tong-ket-sc35-2022.docx``: the slug is ASCII already."""
    return f"bao-cao-tong-ket-{contest.slug}.{ext.lstrip('.')}"


def assessment(data: Summary) -> list[str]:
    """Section VI: a few neutral sentences of figures, no judgement the figures do not make."""
    totals = data.totals
    if not totals.entries:
        return ["Đến nay chưa có clip dự thi nào."]
    sentences = [
        f"Có {_n(totals.units_took_part)}/{_n(totals.units)} đơn vị tham gia với "
        f"{_n(totals.entries)} clip dự thi, trong đó {_n(totals.eligible)} clip hợp lệ "
        f"({_percent(totals.eligible, totals.entries)}).",
        f"{_n(totals.units_meeting_minimum)}/{_n(totals.units)} đơn vị đạt số clip hợp lệ tối "
        f"thiểu; {_n(totals.letters_on_time)}/{_n(totals.units)} đơn vị gửi công văn đúng hạn.",
    ]
    if not data.finalised:
        sentences.append(NOT_FINALISED)
        return sentences
    unused = sum(prize.count for prize in data.unused_prizes)
    awarded = (
        f"Đã trao {_n(len(data.winners))} giải với tổng số tiền {format_vnd(data.prizes_total)}"
    )
    sentences.append(f"{awarded}; {_n(unused)} giải chưa trao." if unused else f"{awarded}.")
    return sentences


# --- the document ------------------------------------------------------------------------------


def _build(data: Summary, letterhead: Letterhead, day: date) -> DocumentObject:
    margins = letterhead_margins(letterhead)
    document = new_document(
        margins=margins, title=f"Báo cáo tổng kết {data.contest.name}", author=letterhead.body
    )
    add_page_numbers(document)
    _top(document, data, letterhead, day)
    width = text_width_mm(margins)
    _participation(document, data, width)
    _entries(document, data, width)
    _engagement(document, data, width)
    _jury(document, data)
    _results(document, data, letterhead, width)
    _closing(document, data, letterhead)
    return document


def _top(document: DocumentObject, data: Summary, letterhead: Letterhead, day: date) -> None:
    """The Party header with a blank number, the title and the opening sentence."""
    contest = data.contest
    add_party_header(
        document,
        superior_body=letterhead.superior_body,
        issuing_body=letterhead.body,
        number=f"{NUMBER_BLANK}-BC/{letterhead.abbreviation.strip()}",
        date_line=vietnamese_date_line(letterhead.place, day),
    )
    name = lower_first(contest.name.strip())
    add_paragraph(document, "BÁO CÁO", size=15, bold=True, align=Align.CENTER, space_before=18)
    add_paragraph(document, f"Tổng kết {name}", bold=True, align=Align.CENTER, space_after=12)
    at = timezone.localtime(data.at, contest.zone)
    _body(
        document,
        f"{contest.organiser} báo cáo tổng kết {name} như sau "
        f"(số liệu tính đến {at:%H:%M} ngày {at:%d/%m/%Y}):",
    )


def _closing(document: DocumentObject, data: Summary, letterhead: Letterhead) -> None:
    """Section VI and the signature, which never stands alone on a page."""
    _heading(document, HEADINGS[5])
    for sentence in assessment(data):
        last = _body(document, sentence)
    last.paragraph_format.keep_with_next = True
    add_paragraph(document, "", space_after=6, keep_with_next=True)
    add_signature_block(
        document,
        recipients=RECIPIENTS,
        authority=letterhead.authority_lines(),
        signer_name=letterhead.signer_name,
    )


def _participation(document: DocumentObject, data: Summary, width: float) -> None:
    totals = data.totals
    _heading(document, HEADINGS[0])
    _body(
        document,
        f"Cuộc thi có {_n(totals.units)} đơn vị dự thi; {_n(totals.units_took_part)} đơn vị đã "
        f"gửi {_n(totals.entries)} clip, trong đó {_n(totals.eligible)} clip hợp lệ và "
        f"{_n(totals.ineligible)} clip không hợp lệ.",
    )
    _body(
        document,
        f"Theo Kế hoạch, mỗi đơn vị tham dự ít nhất {_n(data.minimum)} clip: "
        f"{_n(totals.units_meeting_minimum)} đơn vị đạt, "
        f"{_n(totals.units - totals.units_meeting_minimum)} đơn vị chưa đạt. Công văn gửi danh "
        f"sách clip (hạn ngày {data.contest.letter_deadline:%d/%m/%Y}): "
        f"{_n(totals.letters_on_time)} đơn vị gửi đúng hạn, {_n(totals.letters_late)} đơn vị "
        f"gửi muộn, {_n(totals.letters_missing)} đơn vị chưa gửi.",
    )
    columns = ("TT", "Mã", "Đơn vị", "Clip đã gửi", "Clip hợp lệ", "Công văn", "Tối thiểu")
    rows = [
        (
            str(number),
            unit.code,
            unit.name,
            str(unit.entries),
            str(unit.eligible),
            LETTER_STATES[unit.letter],
            "Đạt" if unit.meets_minimum else "Chưa đạt",
        )
        for number, unit in enumerate(data.units, start=1)
    ]
    total = ("", "", "Tổng cộng", str(totals.entries), str(totals.eligible), "", "")
    _table(document, columns, (9, 20, 54, 18, 18, 24, 22), rows, total, "cllrrcc")
    _chart(document, charts.participation_chart(data), width)


def _entries(document: DocumentObject, data: Summary, width: float) -> None:
    _heading(document, HEADINGS[1])
    _body(
        document,
        f"Các clip dự thi (không kể clip đơn vị đã rút) theo nền tảng, thể loại và nội dung; "
        f"cột “Hợp lệ” là số clip đáp ứng Thể lệ tính đến ngày "
        f"{timezone.localtime(data.at, data.contest.zone):%d/%m/%Y}.",
    )
    for title, rows in (
        ("Nền tảng", data.by_platform),
        ("Thể loại", data.by_genre),
        ("Nội dung", data.by_theme),
    ):
        _count_table(document, title, rows, data)
    _chart(document, charts.platform_chart(data), width)
    _chart(document, charts.genre_chart(data), width)


def _count_table(
    document: DocumentObject, title: str, rows: Sequence[CountRow], data: Summary
) -> None:
    body = [
        (str(n), row.label, str(row.entries), str(row.eligible))
        for n, row in enumerate(rows, start=1)
    ]
    total = ("", "Tổng cộng", str(data.totals.entries), str(data.totals.eligible))
    _table(document, ("TT", title, "Số clip", "Hợp lệ"), (9, 112, 22, 22), body, total, "clrr")


def _engagement(document: DocumentObject, data: Summary, width: float) -> None:
    engagement, total = data.engagement, data.engagement.total
    _heading(document, HEADINGS[2])
    closes = f"{data.contest.closes_on:%d/%m/%Y}"
    if not total.clips:
        _body(document, f"Chưa có số liệu tương tác được chốt khi hết hạn nhận bài ({closes}).")
        return
    _body(
        document,
        f"Lượt xem, lượt thích và bình luận được chốt khi hết hạn nhận bài ({closes}). "
        f"{_n(total.clips)} clip có số liệu chốt, tổng cộng {format_number(total.views)} lượt "
        f"xem, {format_number(total.likes)} lượt thích, {format_number(total.comments)} bình "
        f"luận; {_n(engagement.without_record)} clip chưa có số liệu chốt.",
    )
    rows = [
        (
            row.label,
            str(row.clips),
            *(format_number(v) for v in (row.views, row.likes, row.comments)),
        )
        for row in engagement.by_platform
    ]
    last = ("Tổng cộng", str(total.clips), format_number(total.views))
    last += (format_number(total.likes), format_number(total.comments))
    columns = ("Nền tảng", "Số clip có số liệu", "Lượt xem", "Lượt thích", "Bình luận")
    _table(document, columns, (35, 34, 32, 32, 32), rows, last, "lrrrr")


def _jury(document: DocumentObject, data: Summary) -> None:
    jury = data.jury
    _heading(document, HEADINGS[3])
    method = str(Contest.Combine(jury.method).label)
    _body(
        document,
        f"Ban Giám khảo gồm {_n(jury.members)} thành viên; các giám khảo đã nộp "
        f"{_n(jury.sheets_submitted)}/{_n(jury.sheets_assigned)} phiếu chấm được phân công. "
        f"Điểm của mỗi clip là {method}.",
    )
    text = (
        f"{_n(jury.clips_ranked)} clip được xếp hạng; {_n(jury.clips_unranked)} clip chưa được "
        "xếp hạng (không hợp lệ, chưa được phân công hoặc chưa đủ phiếu chấm)."
    )
    if jury.mean_disagreement is not None:
        text += (
            " Độ chênh lệch giữa các giám khảo (độ lệch chuẩn các tổng điểm của một clip), "
            f"trung bình trên các clip được xếp hạng: {_decimal(jury.mean_disagreement)} điểm."
        )
    _body(document, text)


def _results(document: DocumentObject, data: Summary, letterhead: Letterhead, width: float) -> None:
    _heading(document, HEADINGS[4])
    if not data.finalised:
        _body(
            document,
            Span(NOT_FINALISED, bold=True),
            " Bảng xếp hạng và giải thưởng sẽ được báo cáo sau khi Ban Tổ chức chốt kết quả.",
        )
        return
    _body(
        document,
        f"Kết quả đã được chốt: {_n(len(data.results))} clip được xếp hạng, "
        f"{_n(len(data.winners))} clip đạt giải.",
    )
    columns = ("Hạng", "Mã clip", "Tên clip", "Đơn vị", "Điểm", "Giải", "Tiền thưởng")
    rows = [
        (
            str(row.rank),
            row.ref,
            row.title,
            row.unit_name,
            _decimal(row.score),
            row.prize_name,
            format_vnd(row.amount).replace(" ", NBSP),  # "đ" never alone on a line
        )
        for row in data.winners
    ]
    _table(document, columns, (13, 23, 37, 35, 14, 19, 24), rows, None, "clllrlr")
    for prize in data.unused_prizes:
        _body(
            document,
            f"Giải chưa trao: {prize.name}: {_n(prize.count)} giải "
            f"({format_vnd(prize.amount)}/giải).",
        )
    words = amount_in_words(data.prizes_total, zero_tens=letterhead.zero_tens)
    _body(document, f"Tổng số tiền thưởng: {format_vnd(data.prizes_total)} (bằng chữ: {words}).")
    if data.results:
        _chart(document, charts.score_chart(data), width)


# --- pieces ------------------------------------------------------------------------------------


def _heading(document: DocumentObject, text: str) -> None:
    add_paragraph(document, text, bold=True, space_before=12, space_after=3, keep_with_next=True)


def _body(document: DocumentObject, *parts: str | Span):
    return add_paragraph(
        document,
        *parts,
        size=14,
        align=Align.JUSTIFY,
        first_line_indent_mm=10,
        space_before=6,
        line_spacing=1.15,
    )


def _table(
    document: DocumentObject,
    columns: Sequence[str],
    widths: Sequence[float],
    rows: Sequence[Sequence[str]],
    total: Sequence[str] | None,
    aligns: str,
) -> None:
    """A ruled table: a heading row repeated on each page, the rows, a bold total row.

    ``aligns`` has a letter per column: ``l``eft, ``c``entre or ``r``ight (figures).
    """
    add_paragraph(document, "", space_after=3)
    table = add_table(document, widths)
    heading = add_table_row(
        table, columns, size=TABLE_SIZE, bold=True, aligns=[Align.CENTER] * len(columns)
    )
    repeat_as_header(heading)
    placed = [{"l": Align.LEFT, "c": Align.CENTER, "r": Align.RIGHT}[a] for a in aligns]
    for row in rows:
        add_table_row(table, row, size=TABLE_SIZE, aligns=placed)
    if total is not None:
        add_table_row(table, total, size=TABLE_SIZE, bold=True, aligns=placed)


def _chart(document: DocumentObject, png: bytes, width: float) -> None:
    paragraph = add_paragraph(document, align=Align.CENTER, space_before=9, space_after=3)
    paragraph.add_run().add_picture(io.BytesIO(png), width=Mm(min(CHART_WIDTH_MM, width)))


def _n(count: int) -> str:
    """A count as Party documents write it in prose: two digits below ten ("08 đơn vị")."""
    return f"{count:02d}" if 0 <= count < 10 else format_number(count)


def _decimal(value: Decimal) -> str:
    """``86.33`` -> ``86,33``: two decimals with the Vietnamese decimal comma."""
    return f"{value:.2f}".replace(".", ",")


def _percent(part: int, whole: int) -> str:
    return f"{Decimal(part * 100) / Decimal(whole):.1f}".replace(".", ",") + "%"
