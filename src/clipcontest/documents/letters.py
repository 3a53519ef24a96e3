"""The official letter (công văn) in which a unit sends its list of clips, ready to sign.

The plan (section IV.2) asks each Steering Committee 35 to post its clips on its own account,
share them into the provincial group, and "gửi công văn danh sách các clip tham dự" to the
Organising Committee; it also makes the unit answer for the clips' content and copyright. The
letter says all of that in the Party document layout, always in Vietnamese whatever the
language of the page that asked for it, as DOCX and as the PDF of that very DOCX.
"""

from __future__ import annotations

import re

from django.utils import translation
from docx.text.paragraph import Paragraph

from clipcontest.common.text import ascii_slug, lower_first
from clipcontest.entries.durations import format_duration
from clipcontest.entries.links import Platform
from clipcontest.entries.models import Entry, OfficialLetter
from clipcontest.judging.assignment import natural_key

from .docx_layout import (
    Align,
    add_hyperlink,
    add_page_numbers,
    add_paragraph,
    add_table,
    add_table_row,
    docx_bytes,
    new_document,
    repeat_as_header,
)
from .party import add_party_header, add_signature_block, vietnamese_date_line
from .pdf import docx_to_pdf

# Column headings and widths (mm): 165 mm between the margins.
CLIP_COLUMNS = (
    ("TT", 9),
    ("Tên clip", 36),
    ("Tác giả", 28),
    ("Thể loại", 19),
    ("Nền tảng", 20),
    ("Đường dẫn", 40),
    ("Thời lượng", 13),
)
TABLE_SIZE = 12
RECIPIENTS = ("Như trên", "Lưu VT")


def letter_docx(letter: OfficialLetter) -> bytes:
    """The letter as a Word document (A4, Times New Roman 14 pt, Party layout)."""
    # The genre names come from the contest in the active language; a letter is Vietnamese.
    with translation.override("vi"):
        return docx_bytes(_build(letter))


def letter_pdf(letter: OfficialLetter) -> bytes:
    """The PDF of exactly the DOCX above; raises ``office.ConversionFailed``."""
    return docx_to_pdf(letter_docx(letter))


def letter_filename(letter: OfficialLetter, ext: str) -> str:
    """``cong-van-HG-MV-12-CV-BCD35.docx``: ASCII only, safe in any browser and file system."""
    unit, number = ascii_slug(letter.unit.code), ascii_slug(letter.number)
    return f"cong-van-{unit}-{number}.{ext.lstrip('.')}"


def listed_entries(letter: OfficialLetter) -> list[Entry]:
    """The clips the letter lists: withdrawn ones left out, in the order of their references."""
    entries = letter.entries.filter(withdrawn_at__isnull=True).prefetch_related(
        "author_links__person"
    )
    return sorted(entries, key=lambda entry: natural_key(entry.ref))


def _build(letter: OfficialLetter):
    contest, unit = letter.contest, letter.unit
    entries = listed_entries(letter)
    contest_name = lower_first(contest.name.strip())
    document = new_document(title=f"Công văn số {letter.number}", author=unit.name)
    add_page_numbers(document)

    add_party_header(
        document,
        superior_body=unit.superior_body,
        issuing_body=unit.issuing_body,
        number=letter.number.strip(),
        subject="V/v gửi danh sách clip dự thi",
        date_line=vietnamese_date_line(letter.place or unit.place, letter.date),
    )
    add_paragraph(
        document,
        f"Kính gửi: Ban Tổ chức {contest_name}",
        align=Align.CENTER,
        space_before=18,
        space_after=12,
    )
    _body(
        document,
        f"Thực hiện Kế hoạch của {contest.organiser} về tổ chức {contest_name}, {unit.name} "
        f"gửi Ban Tổ chức danh sách {len(entries):02d} clip tham dự cuộc thi như sau:",
    )
    _clip_table(document, contest, entries)
    last = _body(document, _commitment(letter), space_before=12)
    contact = _contact(letter)
    if contact:
        last = _body(document, contact)
    # The signature never stands alone on a page: the last paragraph goes over with it.
    last.paragraph_format.keep_with_next = True
    add_paragraph(document, "", space_after=6, keep_with_next=True)
    authority = ["K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"] if letter.signer_is_deputy else ["TRƯỞNG BAN"]
    add_signature_block(
        document, recipients=RECIPIENTS, authority=authority, signer_name=letter.signer_name
    )
    return document


def _body(document, text: str, *, space_before: float = 6) -> Paragraph:
    return add_paragraph(
        document,
        text,
        size=14,
        align=Align.JUSTIFY,
        first_line_indent_mm=10,
        space_before=space_before,
        line_spacing=1.15,
    )


def _clip_table(document, contest, entries: list[Entry]) -> None:
    table = add_table(document, [width for _, width in CLIP_COLUMNS])
    header = add_table_row(
        table,
        [title for title, _ in CLIP_COLUMNS],
        size=TABLE_SIZE,
        bold=True,
        aligns=[Align.CENTER] * len(CLIP_COLUMNS),
    )
    repeat_as_header(header)
    aligns = [Align.CENTER, Align.LEFT, Align.LEFT, Align.LEFT, Align.CENTER, Align.LEFT]
    for number, entry in enumerate(entries, start=1):
        link = _link(entry)
        row = add_table_row(
            table,
            [
                str(number),
                entry.title,
                ", ".join(entry.author_names),
                contest.genre_name(entry.genre),
                Platform(entry.platform).label if entry.platform else "",
                [],  # the link, added below as a clickable link
                format_duration(entry.duration_seconds)
                if entry.duration_seconds is not None
                else "",
            ],
            size=TABLE_SIZE,
            aligns=[*aligns, Align.CENTER],
        )
        paragraph = add_paragraph(row.cells[5], size=TABLE_SIZE)
        if link:
            add_hyperlink(paragraph, link, short_link(link), size=TABLE_SIZE)


def _link(entry: Entry) -> str:
    """The link as the unit gave it (the post on its own account, as it knows it), with https."""
    link = entry.url.strip()
    if not link:
        # An entry made from a file alone has a "file:" placeholder until the clip is posted.
        return "" if entry.canonical_url.startswith("file:") else entry.canonical_url
    return link if re.match(r"^https?://", link, re.IGNORECASE) else f"https://{link}"


def short_link(url: str) -> str:
    """``https://www.youtube.com/watch?v=…`` printed as ``youtube.com/watch?v=…``.

    The plan writes links this way ("facebook.com/groups/…"); the scheme would take a line
    of its own in a narrow column, and a long link stretches the words before it in a
    justified paragraph. The DOCX and the PDF still link to the full address.
    """
    return re.sub(r"^https?://(www\.)?", "", url.strip(), flags=re.IGNORECASE)


def _commitment(letter: OfficialLetter) -> str:
    contest, unit = letter.contest, letter.unit
    text = (
        f"{unit.name} chịu trách nhiệm về nội dung các clip dự thi nêu trên và bản quyền của "
        "các clip khi đăng tải trên internet, mạng xã hội. Các clip đã được đăng trên tài khoản "
        "mạng xã hội của đơn vị"
    )
    group = contest.facebook_group_name.strip()
    link = short_link(contest.facebook_group_url)
    if group and link:
        return f"{text}, sau đó chia sẻ lên nhóm “{group}” theo đường dẫn {link}."
    if group:
        return f"{text}, sau đó chia sẻ lên nhóm “{group}”."
    if link:
        return f"{text}, sau đó chia sẻ lên nhóm của cuộc thi theo đường dẫn {link}."
    return f"{text}."


def _contact(letter: OfficialLetter) -> str:
    name, phone = letter.contact_name.strip(), letter.contact_phone.strip()
    if name and phone:
        return f"Đầu mối liên hệ: {name}, điện thoại {phone}."
    if name:
        return f"Đầu mối liên hệ: {name}."
    if phone:
        return f"Điện thoại liên hệ: {phone}."
    return ""
