"""The contest rules (Thể lệ), written from the rules file: every figure comes from it.

The DOCX is read back with python-docx (paragraphs and table cells), the PDF with poppler's
``pdftotext``. A modified copy of ``contests/sc35-2022.toml`` shows that changing a figure in
the rules file changes the document, so the published rules and what the software enforces
cannot drift apart.
"""

from __future__ import annotations

import subprocess
from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from docx import Document
from factories import REPOSITORY, RULES_2022

from clipcontest.accounts.models import Role
from clipcontest.accounts.services import ensure_account
from clipcontest.contests.models import Contest
from clipcontest.contests.queries import letterhead_of
from clipcontest.contests.rules_file import parse_rules
from clipcontest.contests.services import load_contest
from clipcontest.documents.batches import MAKERS, request_document, run_batch
from clipcontest.documents.models import DocumentBatch
from clipcontest.documents.rules_content import duration_words
from clipcontest.documents.rules_document import rules_docx, rules_pdf, rules_sections

pytestmark = pytest.mark.django_db

DAY = date(2022, 2, 20)
OUTPUT = REPOSITORY / "var" / "test-output"
# What the 2022 plan says, as the document must say it.
FIGURES_2022 = (
    "Mỗi đơn vị tham dự ít nhất 02 clip hợp lệ",
    "Thời lượng mỗi clip từ 5 giây đến 10 phút",
    "Cuộc thi được tổ chức trực tuyến trên mạng xã hội: Facebook, TikTok, YouTube.",
    "Thể loại: clip ngắn, dưới hình thức hài, phim ngắn, kịch hoặc bài viết chuyển thể.",
    "- Phản bác, đả phá các thông tin sai sự thật, tin giả, tin phản cảm",
    "- Phê phán thói quen xấu, sự căm giận vô căn cứ, lối sống ảo của người dùng mạng xã hội",
    "Thời gian nhận bài dự thi: từ ngày 01/03/2022 đến hết ngày 30/06/2022.",
    "Hạn gửi công văn danh sách clip dự thi: chậm nhất trong ngày 15/06/2022.",
    "Tổng kết và trao giải: tháng 7/2022.",
    "chia sẻ clip vào nhóm Facebook “Miền Cực bắc” của Ban Tổ chức theo đường link: "
    "https://www.facebook.com/groups/304102323603847.",
    "Đơn vị đăng clip trên tài khoản mạng xã hội (Facebook, TikTok, YouTube) của chính đơn vị",
    "- 01 Giải Nhất: Giấy chứng nhận và tiền mặt 3.000.000 đ (Ba triệu đồng).",
    "- 02 Giải Nhì: mỗi giải Giấy chứng nhận và tiền mặt 2.000.000 đ (Hai triệu đồng); cộng "
    "4.000.000 đ.",
    "- 03 Giải Ba: mỗi giải Giấy chứng nhận và tiền mặt 1.000.000 đ (Một triệu đồng); cộng "
    "3.000.000 đ.",
    "- 15 Giải Khuyến khích: mỗi giải Giấy chứng nhận và tiền mặt 500.000 đ (Năm trăm nghìn "
    "đồng); cộng 7.500.000 đ.",
    "Tổng cộng 21 giải, tổng giá trị giải thưởng 17.500.000 đ (Mười bảy triệu năm trăm nghìn "
    "đồng).",
    "Điểm của clip là trung bình cộng tổng điểm của các giám khảo chấm clip đó.",
    "Ban Giám khảo chấm kín",
    "lần lượt so sánh điểm trung bình các tiêu chí: “Nội dung, tư tưởng, tính thuyết phục”, "
    "“Sáng tạo”, “Kỹ thuật, hình ảnh, âm thanh”, “Sức lan tỏa”",
    "Nội dung không phù hợp với chủ đề của cuộc thi;",
    "Vi phạm bản quyền",
    "Bài đăng bị xóa",
    "Trùng lặp: cùng một video",
    "chịu trách nhiệm về nội dung clip dự thi và bản quyền của clip",
    "Điều 13. Liên hệ",
)
RUBRIC = [
    ["STT", "Tiêu chí", "Điểm tối đa"],
    ["1", "Nội dung, tư tưởng, tính thuyết phục", "40"],
    ["2", "Sáng tạo", "25"],
    ["3", "Kỹ thuật, hình ảnh, âm thanh", "25"],
    ["4", "Sức lan tỏa", "10"],
    ["Tổng cộng", "Tổng cộng", "100"],
]


def contest_from(text: str) -> Contest:
    """A contest loaded from a modified copy of the 2022 rules file."""
    return load_contest(parse_rules(text)).contest


def rules_2022(*changes: tuple[str, str]) -> str:
    text = RULES_2022.read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new)
    return text


def all_text(data: bytes) -> str:
    """Every paragraph, in the body and in table cells, one per line."""
    document = Document(BytesIO(data))
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                lines.extend(paragraph.text for paragraph in cell.paragraphs)
    return "\n".join(lines)


def rubric_rows(data: bytes) -> list[list[str]]:
    (table,) = [t for t in Document(BytesIO(data)).tables if t.rows[0].cells[0].text == "STT"]
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_the_document_states_the_figures_of_the_2022_plan(contest_2022):
    text = all_text(rules_docx(contest_2022, day=DAY))

    for expected in FIGURES_2022:
        assert expected in text, expected


def test_the_rubric_is_a_table_with_its_points_and_total(contest_2022):
    assert rubric_rows(rules_docx(contest_2022, day=DAY)) == RUBRIC


def test_party_header_title_and_signature(contest_2022):
    letterhead = letterhead_of(contest_2022)
    letterhead.superior_body, letterhead.place = "Tỉnh ủy Hà Giang", "Hà Giang"
    letterhead.signer_name = "Nguyễn Văn Thành"
    letterhead.save()

    text = all_text(rules_docx(contest_2022, number="03", day=DAY)).splitlines()

    for expected in (
        "TỈNH ỦY HÀ GIANG",
        "BAN TUYÊN GIÁO TỈNH ỦY",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Số 03-TL/BTGTU",
        "Hà Giang, ngày 20 tháng 02 năm 2022",
        "THỂ LỆ",
        "Điều 1. Mục đích, yêu cầu",
        "Nơi nhận:",
        "- Lưu VT.",
        "TRƯỞNG BAN",
        "Nguyễn Văn Thành",
    ):
        assert expected in text, expected


def test_the_participating_units_are_named(contest_2022, units):
    text = all_text(rules_docx(contest_2022, day=DAY))

    assert "Ban Chỉ đạo 35 các huyện ủy, thành ủy, đảng ủy trực thuộc, gồm 03 đơn vị:" in text
    for unit in units.values():
        assert f"- {unit.name}" in text


def test_changing_figures_in_the_rules_file_changes_the_document():
    contest = contest_from(
        rules_2022(
            ("min_per_unit = 2", "min_per_unit = 3"),
            ("max_seconds = 600", "max_seconds = 300"),
            ("amount = 3_000_000", "amount = 5_000_000"),
            ("closes_on = 2022-06-30", "closes_on = 2022-07-10"),
            ('combine = "mean"', 'combine = "trimmed_mean"'),
        )
    )

    text = all_text(rules_docx(contest, day=DAY))

    assert "ít nhất 03 clip hợp lệ" in text and "ít nhất 02 clip" not in text
    assert "từ 5 giây đến 5 phút" in text and "10 phút" not in text
    assert "01 Giải Nhất: Giấy chứng nhận và tiền mặt 5.000.000 đ (Năm triệu đồng)." in text
    assert "tổng giá trị giải thưởng 19.500.000 đ (Mười chín triệu năm trăm nghìn đồng)" in text
    assert "17.500.000" not in text
    assert "đến hết ngày 10/07/2022" in text and "30/06/2022" not in text
    assert "clip có từ 05 giám khảo chấm trở lên thì bỏ một tổng điểm cao nhất" in text


def test_a_prize_tier_removed_from_the_file_leaves_the_document():
    consolation = (
        '[[prizes]]\nkey = "consolation"\nname = "Giải Khuyến khích"\nname_en = "Consolation '
        'prize"\ncount = 15\namount = 500_000\ncertificate = true\n'
    )
    contest = contest_from(rules_2022((consolation, "")))

    text = all_text(rules_docx(contest, day=DAY))

    assert "Khuyến khích" not in text
    assert "Tổng cộng 06 giải, tổng giá trị giải thưởng 10.000.000 đ (Mười triệu đồng)." in text


def test_engagement_a_prize_cap_and_a_minimum_score_are_stated_when_the_file_sets_them():
    contest = contest_from(
        rules_2022(
            ("# [engagement]", "[engagement]"),
            ("# jury_weight = 0.7", "jury_weight = 0.7"),
            ("# engagement_weight = 0.3", "engagement_weight = 0.3"),
            ("# per_like = 1", "per_like = 1"),
            ("# per_share = 2", "per_share = 2"),
            ("# [awards]", "[awards]"),
            ("# per_unit_cap = 3", "per_unit_cap = 3"),
            ("# min_score = 50", "min_score = 50"),
        )
    )

    text = all_text(rules_docx(contest, day=DAY))

    assert "Điểm xếp hạng gồm 70% điểm Ban Giám khảo và 30% điểm tương tác." in text
    assert "mỗi lượt thích 1 điểm và mỗi lượt chia sẻ 2 điểm" in text
    assert "Mỗi đơn vị nhận tối đa 03 giải" in text
    assert "Clip đạt dưới 50 điểm không được xét giải." in text


def test_without_those_settings_the_2022_document_does_not_mention_them(contest_2022):
    text = all_text(rules_docx(contest_2022, day=DAY))

    assert "điểm tương tác" not in text
    assert "tối đa 03 giải" not in text and "không được xét giải" not in text


def test_duration_limits_are_said_the_way_the_plan_says_them():
    assert duration_words(Decimal(5)).vi == "5 giây"
    assert duration_words(Decimal("600.000")).vi == "10 phút"
    assert duration_words(Decimal(90)).vi == "1 phút 30 giây"
    assert duration_words(Decimal("5.5")).vi == "5,5 giây"
    assert duration_words(Decimal(60)).en == "1 minute"


def test_the_document_is_in_vietnamese_whatever_the_language_of_the_page(contest_2022):
    with translation.override("en"):
        text = all_text(rules_docx(contest_2022, day=DAY))
        assert translation.get_language() == "en"

    assert "Điều 10. Cơ cấu giải thưởng" in text and "Article" not in text


def test_the_sections_are_read_in_a_fixed_number_of_queries(contest_2022, units):
    with CaptureQueriesContext(connection) as captured:
        rules_sections(contest_2022)

    assert len(captured) <= 4


def test_the_pdf_keeps_the_figures_with_their_diacritics(contest_2022):
    pdf = rules_pdf(contest_2022, day=DAY)

    OUTPUT.mkdir(parents=True, exist_ok=True)
    path = OUTPUT / "rules.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    flat = " ".join(text.split())
    for expected in (
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "THỂ LỆ",
        "ít nhất 02 clip hợp lệ",
        "từ 5 giây đến 10 phút",
        "01/03/2022",
        "15/06/2022",
        "3.000.000 đ (Ba triệu đồng)",
        "17.500.000 đ (Mười bảy triệu năm trăm nghìn đồng)",
        "Sức lan tỏa",
    ):
        assert expected in flat, expected


def test_organisers_make_the_rules_from_the_documents_page_before_any_result(contest_2022):
    organiser = ensure_account(username="btc", password="x-Long-Pass-1", role=Role.ORGANISER)

    batch = request_document(
        contest=contest_2022, kind="rules_docx", by=organiser, base_url="https://x.vn/"
    )
    done = run_batch(batch.pk)

    assert done.state == DocumentBatch.State.DONE
    assert done.filename == "sc35-2022-the-le.docx"
    assert "Mỗi đơn vị tham dự ít nhất 02 clip hợp lệ" in all_text(done.file.read())


def test_the_command_writes_the_docx_named_by_out(contest_2022, tmp_path):
    out = tmp_path / "the-le.docx"

    call_command("documents", "rules", "--contest", "sc35-2022", "--out", str(out))

    assert "Tổng cộng 21 giải" in all_text(out.read_bytes())


def test_the_documents_page_offers_the_rules_and_skips_a_kind_without_a_maker(
    client, contest_2022, monkeypatch
):
    organiser = ensure_account(username="btc", password="x-Long-Pass-1", role=Role.ORGANISER)
    client.force_login(organiser)
    monkeypatch.delitem(MAKERS, DocumentBatch.Kind.COMMITTEES, raising=False)
    url = reverse("portal:organiser-documents") + "?contest=sc35-2022"

    html = client.get(url).content.decode()

    assert 'value="rules_docx"' in html and 'value="rules_pdf"' in html
    assert 'value="committees"' not in html
    response = client.post(url, {"contest": "sc35-2022", "kind": "committees"})
    assert response.status_code == 404
    assert not DocumentBatch.objects.exists()
