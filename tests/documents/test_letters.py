"""The official letter (công văn) a unit generates to send its list of clips.

The DOCX is read back with python-docx: what a secretary would check by eye (the Party header,
the number without a colon, the date as offices write it, one row per clip, the signature
block) and what she cannot see but a printer can (every run in Times New Roman, A4, the Party
margins). The PDF is read back with poppler: the Vietnamese text intact, the fonts embedded.
"""

from __future__ import annotations

import subprocess
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import translation
from docx import Document
from docx.oxml.ns import qn
from factories import HCM, EntryFactory, OfficialLetterFactory, UnitFactory

from clipcontest.contests.models import Contest
from clipcontest.documents.letters import (
    letter_docx,
    letter_filename,
    letter_pdf,
    listed_entries,
)
from clipcontest.entries.models import Entry, EntryAuthor, OfficialLetter
from clipcontest.units.models import Person, Unit

pytestmark = pytest.mark.django_db

COMMITMENT = (
    "Ban Chỉ đạo 35 Huyện ủy Mèo Vạc chịu trách nhiệm về nội dung các clip dự thi nêu trên và "
    "bản quyền của các clip khi đăng tải trên internet, mạng xã hội."
)


@pytest.fixture
def meo_vac(db) -> Unit:
    return UnitFactory(
        code="HG-MV",
        name="Ban Chỉ đạo 35 Huyện ủy Mèo Vạc",
        superior_body="HUYỆN ỦY MÈO VẠC",
        place="Mèo Vạc",
    )


def make_entry(contest: Contest, unit: Unit, ref: str, authors: list[str], **fields) -> Entry:
    entry = EntryFactory(contest=contest, unit=unit, ref=ref, **fields)
    for position, name in enumerate(authors):
        person, _ = Person.objects.get_or_create(unit=unit, name=name)
        EntryAuthor.objects.create(entry=entry, person=person, position=position)
    return entry


@pytest.fixture
def letter(contest_2022: Contest, meo_vac: Unit) -> OfficialLetter:
    """Letter 12-CV/BCĐ35 of 9 June 2022 listing three clips and one since withdrawn."""
    clips = [
        make_entry(
            contest_2022,
            meo_vac,
            "HG-MV-1",
            ["Nguyễn Thị Lan", "Trần Văn Hùng"],
            title="Sự thật về giá điện",
            genre="adapted_article",
            url="https://www.youtube.com/watch?v=Q1w2E3r4T5y",
            video_id="Q1w2E3r4T5y",
            duration_seconds=Decimal("225"),
        ),
        make_entry(
            contest_2022,
            meo_vac,
            "HG-MV-10",
            ["Lê Minh Đức"],
            title="Chuyện ở tổ dân phố",
            genre="drama",
            platform="facebook",
            url="https://www.facebook.com/bcd35meovac/videos/512345678901234/",
            video_id="512345678901234",
            canonical_url="https://www.facebook.com/watch/?v=512345678901234",
            duration_seconds=Decimal("500"),
        ),
        make_entry(
            contest_2022,
            meo_vac,
            "HG-MV-2",
            ["Giàng Thị Mỷ"],
            title="Sống ảo – hệ lụy thật",
            genre="comedy",
            platform="tiktok",
            url="https://www.tiktok.com/@bcd35meovac/video/7081234567890123456",
            video_id="7081234567890123456",
            canonical_url="https://www.tiktok.com/@/video/7081234567890123456",
            duration_seconds=Decimal("58"),
        ),
        make_entry(
            contest_2022,
            meo_vac,
            "HG-MV-3",
            ["Sùng Mí Chá"],
            title="Clip đã rút",
            withdrawn_at=datetime(2022, 6, 5, 9, 0, tzinfo=HCM),
        ),
    ]
    return OfficialLetterFactory(
        contest=contest_2022,
        unit=meo_vac,
        number="12-CV/BCĐ35",
        date=date(2022, 6, 9),
        received_at=None,
        entries=clips,
        signer_name="Hoàng Văn Sùng",
        contact_name="Lý Thị Dung",
        contact_phone="0912 345 678",
    )


def read_docx(data: bytes):
    from io import BytesIO

    return Document(BytesIO(data))


def all_text(document) -> str:
    """Every paragraph, in the body and in table cells, one per line."""
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                lines.extend(paragraph.text for paragraph in cell.paragraphs)
    return "\n".join(lines)


def clip_rows(document) -> list[list[str]]:
    """The rows of the table of clips, heading first."""
    (table,) = [t for t in document.tables if t.rows[0].cells[0].text == "TT"]
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_letter_has_the_party_header(letter: OfficialLetter) -> None:
    text = all_text(read_docx(letter_docx(letter)))

    for expected in (
        "HUYỆN ỦY MÈO VẠC",
        "BAN CHỈ ĐẠO 35",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Số 12-CV/BCĐ35",
        "Mèo Vạc, ngày 09 tháng 6 năm 2022",
        "V/v gửi danh sách clip dự thi",
    ):
        assert expected in text
    assert "Số:" not in text  # Party documents write "Số 12-CV/...", never "Số: 12-CV/..."


def test_party_title_is_bold_and_underlined_and_the_issuing_body_bold(
    letter: OfficialLetter,
) -> None:
    header = read_docx(letter_docx(letter)).tables[0]
    names, title = header.rows[0].cells

    (title_run,) = title.paragraphs[0].runs
    assert (title_run.text, title_run.bold, title_run.underline) == (
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        True,
        True,
    )
    superior, issuing, star = (paragraph.runs[0] for paragraph in names.paragraphs)
    assert (superior.text, bool(superior.bold)) == ("HUYỆN ỦY MÈO VẠC", False)
    assert (issuing.text, issuing.bold) == ("BAN CHỈ ĐẠO 35", True)
    assert star.text == "*"


def test_letter_is_addressed_to_the_organising_committee_on_the_basis_of_the_plan(
    letter: OfficialLetter,
) -> None:
    text = all_text(read_docx(letter_docx(letter)))

    assert (
        "Kính gửi: Ban Tổ chức cuộc thi xây dựng video clip đấu tranh, phản bác các thông tin "
        "xấu độc trên internet và mạng xã hội năm 2022" in text
    )
    assert (
        "Thực hiện Kế hoạch của Ban Tuyên giáo Tỉnh ủy về tổ chức cuộc thi xây dựng video clip "
        "đấu tranh, phản bác các thông tin xấu độc trên internet và mạng xã hội năm 2022, "
        "Ban Chỉ đạo 35 Huyện ủy Mèo Vạc gửi Ban Tổ chức danh sách 03 clip tham dự cuộc thi "
        "như sau:" in text
    )


def test_table_lists_each_clip_not_withdrawn_in_order_of_reference(
    letter: OfficialLetter,
) -> None:
    rows = clip_rows(read_docx(letter_docx(letter)))

    assert rows == [
        ["TT", "Tên clip", "Tác giả", "Thể loại", "Nền tảng", "Đường dẫn", "Thời lượng"],
        [
            "1",
            "Sự thật về giá điện",
            "Nguyễn Thị Lan, Trần Văn Hùng",
            "Bài viết chuyển thể",
            "YouTube",
            "youtube.com/watch?v=Q1w2E3r4T5y",
            "3:45",
        ],
        [
            "2",
            "Sống ảo – hệ lụy thật",
            "Giàng Thị Mỷ",
            "Hài",
            "TikTok",
            "tiktok.com/@bcd35meovac/video/7081234567890123456",
            "0:58",
        ],
        [
            "3",
            "Chuyện ở tổ dân phố",
            "Lê Minh Đức",
            "Kịch",
            "Facebook",
            "facebook.com/bcd35meovac/videos/512345678901234/",
            "8:20",
        ],
    ]
    assert [entry.ref for entry in listed_entries(letter)] == ["HG-MV-1", "HG-MV-2", "HG-MV-10"]


def test_heading_row_repeats_on_every_page_and_links_are_clickable(
    letter: OfficialLetter,
) -> None:
    document = read_docx(letter_docx(letter))
    (table,) = [t for t in document.tables if t.rows[0].cells[0].text == "TT"]

    heading = table.rows[0]._tr.trPr
    assert heading.find(qn("w:tblHeader")).get(qn("w:val")) == "true"
    link_cell = table.rows[1].cells[5].paragraphs[0]
    (hyperlink,) = link_cell.hyperlinks
    assert hyperlink.address == "https://www.youtube.com/watch?v=Q1w2E3r4T5y"


def test_letter_is_in_vietnamese_whatever_the_language_of_the_page(
    letter: OfficialLetter,
) -> None:
    with translation.override("en"):
        rows = clip_rows(read_docx(letter_docx(letter)))
        assert translation.get_language() == "en"  # and the page's language is left as it was

    assert [row[3] for row in rows[1:]] == ["Bài viết chuyển thể", "Hài", "Kịch"]


def test_head_of_committee_signs_as_truong_ban(letter: OfficialLetter) -> None:
    signature = read_docx(letter_docx(letter)).tables[-1].rows[0].cells[1]

    assert [p.text for p in signature.paragraphs if p.text] == ["TRƯỞNG BAN", "Hoàng Văn Sùng"]
    assert all(run.bold for p in signature.paragraphs for run in p.runs if run.text)
    # Room for the signature and the seal between the title and the name.
    assert [p.text for p in signature.paragraphs][1:5] == ["", "", "", ""]


def test_deputy_signs_on_behalf_of_the_head(letter: OfficialLetter) -> None:
    letter.signer_is_deputy = True
    letter.signer_name = "Vàng Mí Lử"
    letter.save()

    signature = read_docx(letter_docx(letter)).tables[-1].rows[0].cells[1]

    assert [p.text for p in signature.paragraphs if p.text] == [
        "K/T TRƯỞNG BAN",
        "PHÓ TRƯỞNG BAN",
        "Vàng Mí Lử",
    ]


def test_unit_commits_to_content_and_copyright_and_names_a_contact(
    letter: OfficialLetter,
) -> None:
    text = all_text(read_docx(letter_docx(letter)))

    assert COMMITMENT in text
    assert (
        "Các clip đã được đăng trên tài khoản mạng xã hội của đơn vị, sau đó chia sẻ lên nhóm "
        "“Miền Cực bắc” theo đường dẫn facebook.com/groups/304102323603847." in text
    )
    assert "Đầu mối liên hệ: Lý Thị Dung, điện thoại 0912 345 678." in text


def test_letter_without_contact_says_nothing_about_one(letter: OfficialLetter) -> None:
    letter.contact_name = letter.contact_phone = ""
    letter.save()

    assert "liên hệ" not in all_text(read_docx(letter_docx(letter)))


def test_recipients_are_listed_the_party_way(letter: OfficialLetter) -> None:
    recipients = read_docx(letter_docx(letter)).tables[-1].rows[0].cells[0]

    assert [p.text for p in recipients.paragraphs] == ["Nơi nhận:", "- Như trên,", "- Lưu VT."]
    assert recipients.paragraphs[0].runs[0].underline is True


def test_letter_is_a4_with_party_margins_and_times_new_roman_everywhere(
    letter: OfficialLetter,
) -> None:
    document = read_docx(letter_docx(letter))

    (section,) = document.sections
    # Word stores twentieths of a point: A4 is 11906 x 16838 of them, a hair over 210 x 297 mm.
    assert (section.page_width.twips, section.page_height.twips) == (11906, 16838)
    millimetres = [
        round(length.mm, 1)
        for length in (
            section.top_margin,
            section.bottom_margin,
            section.left_margin,
            section.right_margin,
        )
    ]
    assert millimetres == [20, 20, 30, 15]
    runs = document.element.body.findall(".//" + qn("w:r"))
    assert len(runs) > 40
    for run in runs:
        fonts = run.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        slots = {slot: fonts.get(qn(f"w:{slot}")) for slot in ("ascii", "hAnsi", "eastAsia", "cs")}
        assert set(slots.values()) == {"Times New Roman"}, run.xpath("string(.)")
    assert document.styles["Normal"].font.name == "Times New Roman"
    properties = document.core_properties
    assert "python-docx" not in properties.comments + properties.author


def test_filename_is_ascii(letter: OfficialLetter) -> None:
    assert letter_filename(letter, "docx") == "cong-van-HG-MV-12-CV-BCD35.docx"
    assert letter_filename(letter, ".pdf") == "cong-van-HG-MV-12-CV-BCD35.pdf"


def test_pdf_is_the_letter_with_vietnamese_intact_and_fonts_embedded(
    letter: OfficialLetter, tmp_path
) -> None:
    pdf = letter_pdf(letter)

    assert pdf.startswith(b"%PDF")
    path = tmp_path / "letter.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    for expected in (
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "HUYỆN ỦY MÈO VẠC",
        "Số 12-CV/BCĐ35",
        "Mèo Vạc, ngày 09 tháng 6 năm 2022",
        "Kính gửi",
        "Sự thật về giá điện",
        "Giàng Thị Mỷ",
        "Nơi nhận:",
        "TRƯỞNG BAN",
        "Hoàng Văn Sùng",
    ):
        assert expected in text
    assert "Clip đã rút" not in text
    fonts = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, check=True, text=True
    ).stdout.splitlines()[2:]
    assert fonts
    assert all(("LiberationSerif" in line or "TimesNewRoman" in line) for line in fonts), fonts
    assert all(line.split()[-5] == "yes" for line in fonts), fonts  # the "emb" column
    # The links stay clickable in the PDF.
    assert b"/URI(https://www.youtube.com/watch?v=Q1w2E3r4T5y)" in pdf
