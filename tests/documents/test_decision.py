"""The award decision (quyết định trao giải) and its annex, the list of winning clips.

The demo contest is scored and finalised as in ``awards/test_results.py``: six prizes (one
first, two second, three third), 10.000.000 đ, the fifteen consolation prizes unused. The DOCX
is read back with python-docx (paragraphs and table cells), the PDF with poppler; the PDF's
pages are also rendered to ``var/test-output/`` for a person to look at.
"""

from __future__ import annotations

import subprocess
from datetime import date
from io import BytesIO

import pytest
from django.utils import timezone, translation
from docx import Document
from factories import REPOSITORY
from judging.conftest import fast_password_hashing  # noqa: F401  (the jury is scored here)

from clipcontest.awards.services import AwardsRefused
from clipcontest.contests.calendar import localise
from clipcontest.contests.models import Contest
from clipcontest.contests.queries import letterhead_of
from clipcontest.documents.decision import (
    decision_docx,
    decision_pdf,
    short_date,
    unused_sentence,
)

pytestmark = pytest.mark.django_db

DAY = date(2022, 7, 5)
CONTEST = (
    "cuộc thi xây dựng video clip đấu tranh, phản bác các thông tin xấu độc trên internet và "
    "mạng xã hội năm 2022"
)
ARTICLES = (
    f"Điều 1. Trao giải cho 06 clip đạt giải {CONTEST} (có danh sách kèm theo).",
    "Điều 2. Tổng giá trị giải thưởng: 10.000.000 đ (Mười triệu đồng), từ kinh phí tổ chức "
    "cuộc thi.",
    "Không trao: 15 giải Khuyến khích.",
    "Điều 3. Ban Tổ chức cuộc thi, các bộ phận liên quan của Ban Tuyên giáo Tỉnh ủy và các đơn "
    "vị, cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này.",
)
KHOI = "Ban Chỉ đạo 35 Đảng ủy Khối các cơ quan tỉnh"
# STT, prize, title, authors, unit, amount: the hand-computed ranking, tier by tier.
ANNEX = [
    ["1", "Giải Nhất", "Bình luận ác ý – cái giá phải trả", "Hoàng Văn Páo",
     "Ban Chỉ đạo 35 Huyện ủy Mèo Vạc", "3.000.000"],
    ["2", "Giải Nhì", "Thông tin chính thống ở đâu?", "Phùng Văn Lực", KHOI, "2.000.000"],
    ["3", "Giải Nhì", "Cam sành và tin đồn hàng giả", "Nông Văn Thắng, La Thị Huyền",
     "Ban Chỉ đạo 35 Huyện ủy Bắc Quang", "2.000.000"],
    ["4", "Giải Ba", "Công chức và mạng xã hội", "Đặng Thu Trang", KHOI, "1.000.000"],
    ["5", "Giải Ba", "Cổng trời Quản Bạ và lời đồn thất thiệt", "Lù Thị Mai, Cháng Văn Sử",
     "Ban Chỉ đạo 35 Huyện ủy Quản Bạ", "1.000.000"],
    ["6", "Giải Ba", "Vị Xuyên – ký ức không thể xuyên tạc", "Đỗ Thị Hương, Bùi Văn Tuấn",
     "Ban Chỉ đạo 35 Huyện ủy Vị Xuyên", "1.000.000"],
]  # fmt: skip
OUTPUT = REPOSITORY / "var" / "test-output"


@pytest.fixture
def decided(finalised: Contest) -> Contest:
    """The finalised demo contest with its letterhead filled in by the organisers."""
    letterhead = letterhead_of(finalised)
    letterhead.superior_body = "Tỉnh ủy Hà Giang"
    letterhead.place = "Hà Giang"
    letterhead.signer_name = "Nguyễn Văn Thành"
    letterhead.save()
    return finalised


def read_docx(data: bytes):
    return Document(BytesIO(data))


def all_text(document) -> str:
    """Every paragraph, in the body and in table cells, one per line."""
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                lines.extend(paragraph.text for paragraph in cell.paragraphs)
    return "\n".join(lines)


def annex_rows(document) -> list[list[str]]:
    (table,) = [t for t in document.tables if t.rows[0].cells[0].text == "STT"]
    return [[cell.text for cell in row.cells] for row in table.rows]


def signature(document) -> tuple[list[str], list[str]]:
    """The recipients and the signer's side of the signature block."""
    (table,) = [t for t in document.tables if t.rows[0].cells[0].text.startswith("Nơi nhận")]
    recipients, signer = table.rows[0].cells
    return [p.text for p in recipients.paragraphs], [p.text for p in signer.paragraphs if p.text]


def test_header_has_the_bodies_the_number_and_the_date_line(decided: Contest) -> None:
    text = all_text(read_docx(decision_docx(decided, number="15", day=DAY)))

    for expected in (
        "TỈNH ỦY HÀ GIANG",
        "BAN TUYÊN GIÁO TỈNH ỦY",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Số 15-QĐ/BTGTU",
        "Hà Giang, ngày 05 tháng 7 năm 2022",
    ):
        assert expected in text.splitlines()


def test_without_a_number_the_header_leaves_room_to_write_it_in(decided: Contest) -> None:
    document = read_docx(decision_docx(decided, day=DAY))

    number = document.tables[0].rows[1].cells[0].text
    assert number == "Số       -QĐ/BTGTU"
    assert "(Kèm theo Quyết định số       -QĐ/BTGTU ngày 05/7/2022" in all_text(document)


def test_title_authority_grounds_and_articles_in_order(decided: Contest) -> None:
    paragraphs = [p.text for p in read_docx(decision_docx(decided, day=DAY)).paragraphs]

    body = [text for text in paragraphs if text.strip() and text != "-----"]
    assert body[:11] == [
        "QUYẾT ĐỊNH",
        f"về việc trao giải {CONTEST}",
        "BAN TUYÊN GIÁO TỈNH ỦY",
        f"- Căn cứ Kế hoạch của Ban Tuyên giáo Tỉnh ủy về tổ chức {CONTEST};",
        "- Căn cứ kết quả chấm của Ban Giám khảo;",
        "- Xét đề nghị của Ban Tổ chức cuộc thi,",
        "QUYẾT ĐỊNH",
        *ARTICLES,
    ]


def test_titles_and_article_headings_are_bold(decided: Contest) -> None:
    paragraphs = read_docx(decision_docx(decided, day=DAY)).paragraphs

    titles = [p for p in paragraphs if p.text == "QUYẾT ĐỊNH"]
    assert len(titles) == 2
    assert all(run.bold for p in titles for run in p.runs)
    first_article = next(p for p in paragraphs if p.text.startswith("Điều 1."))
    heading, text = first_article.runs
    assert (heading.text, heading.bold, text.bold) == ("Điều 1. ", True, None)


def test_amounts_follow_the_letterheads_word_for_zero_tens(decided: Contest) -> None:
    """10.000.000 has no zero tens; the word only shows in amounts like 1.005.000."""
    letterhead = letterhead_of(decided)
    letterhead.zero_tens = "lẻ"
    letterhead.save()

    text = all_text(read_docx(decision_docx(decided, day=DAY)))

    assert "10.000.000 đ (Mười triệu đồng)" in text


def test_unused_prizes_are_stated_never_left_out() -> None:
    assert unused_sentence(()) == ""
    assert (
        unused_sentence((("Giải Ba", 1), ("Giải Khuyến khích", 15)))
        == "Không trao: 01 giải Ba, 15 giải Khuyến khích."
    )


def test_annex_lists_every_winner_tier_by_tier_with_the_total(decided: Contest) -> None:
    document = read_docx(decision_docx(decided, number="15", day=DAY))
    text = all_text(document)

    assert "DANH SÁCH CLIP ĐẠT GIẢI" in text
    assert "(Kèm theo Quyết định số 15-QĐ/BTGTU ngày 05/7/2022 của Ban Tuyên giáo Tỉnh ủy)" in text
    rows = annex_rows(document)
    assert rows[0] == ["STT", "Giải", "Tên clip", "Tác giả", "Đơn vị", "Số tiền (đồng)"]
    assert rows[1:-1] == ANNEX
    assert rows[-1] == ["Tổng cộng"] * 5 + ["10.000.000"]


def test_annex_starts_on_a_new_page(decided: Contest) -> None:
    paragraphs = read_docx(decision_docx(decided, day=DAY)).paragraphs

    (title,) = [p for p in paragraphs if p.text == "DANH SÁCH CLIP ĐẠT GIẢI"]
    assert title.paragraph_format.page_break_before is True


def test_head_signs_as_truong_ban_for_the_people_of_article_3(decided: Contest) -> None:
    recipients, signer = signature(read_docx(decision_docx(decided, day=DAY)))

    assert recipients == ["Nơi nhận:", "- Như Điều 3,", "- Lưu VT."]
    assert signer == ["TRƯỞNG BAN", "Nguyễn Văn Thành"]


def test_deputy_signs_on_behalf_of_the_head(decided: Contest) -> None:
    letterhead = letterhead_of(decided)
    letterhead.signer_is_deputy = True
    letterhead.signer_name = "Vàng Mí Lử"
    letterhead.save()

    _, signer = signature(read_docx(decision_docx(decided, day=DAY)))

    assert signer == ["K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "Vàng Mí Lử"]


def test_page_margins_come_from_the_letterhead(decided: Contest) -> None:
    letterhead = letterhead_of(decided)
    letterhead.margin_left, letterhead.margin_right = 35, 20
    letterhead.save()

    document = read_docx(decision_docx(decided, day=DAY))

    (section,) = document.sections
    assert (round(section.left_margin.mm, 1), round(section.right_margin.mm, 1)) == (35, 20)
    # The header still spans the text width: 210 - 35 - 20 = 155 mm.
    header = document.tables[0]
    assert round(sum(column.width.mm for column in header.columns)) == 155


def test_decision_is_in_vietnamese_whatever_the_language_of_the_page(decided: Contest) -> None:
    with translation.override("en"):
        rows = annex_rows(read_docx(decision_docx(decided, day=DAY)))
        assert translation.get_language() == "en"

    assert [row[1] for row in rows[1:-1]] == [row[1] for row in ANNEX]


def test_dated_today_in_the_contests_time_zone_by_default(decided: Contest) -> None:
    today = localise(timezone.now(), decided.zone).date()

    text = all_text(read_docx(decision_docx(decided)))

    assert f"ngày {short_date(today)}" in text


def test_no_decision_before_the_results_are_finalised(demo_contest: Contest) -> None:
    with pytest.raises(AwardsRefused) as refused:
        decision_docx(demo_contest)
    assert "chưa được chốt" in refused.value.message.vi


def test_pdf_keeps_the_key_lines_with_diacritics(decided: Contest) -> None:
    pdf = decision_pdf(decided, number="15", day=DAY)

    OUTPUT.mkdir(parents=True, exist_ok=True)
    path = OUTPUT / "decision.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    for expected in (
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Số 15-QĐ/BTGTU",
        "Hà Giang, ngày 05 tháng 7 năm 2022",
        "QUYẾT ĐỊNH",
        "BAN TUYÊN GIÁO TỈNH ỦY",
        "Điều 1.",
        "10.000.000 đ (Mười triệu đồng)",
        "Không trao: 15 giải Khuyến khích.",
        "Nơi nhận:",
        "TRƯỞNG BAN",
        "Nguyễn Văn Thành",
        "DANH SÁCH CLIP ĐẠT GIẢI",
        "Quyết định số 15-QĐ/BTGTU ngày 05/7/2022",
        "Giải Nhất",
        "Giải Nhì",
        "Giải Ba",
        "Hoàng Văn Páo",  # table cells wrap, so only short ones are searched for whole
        "Đặng Thu Trang",
        "Tổng cộng",
        "10.000.000",
    ):
        assert expected in text, expected
    # The first page and the annex, for a person to look at.
    subprocess.run(
        ["pdftoppm", "-png", "-r", "50", str(path), str(OUTPUT / "decision")], check=True
    )
    assert (OUTPUT / "decision-1.png").is_file()
    assert (OUTPUT / "decision-2.png").is_file()
