"""The summary report (báo cáo tổng kết): its figures, its charts, its DOCX and PDF.

The figures are counted by hand from ``contests/demo`` (what ``demo_contest`` imports), judged
as of today, long after the 2022 window closed:

    unit    entered  eligible  ineligible (why)                       letter            minimum 2
    HG-BQ   2        1         BQ-1 same video as TP-1, entered later  none              no
    HG-DV   2        2                                                 14/6, on time     yes
    HG-HSP  0        0                                                 none              no
    HG-KCQ  3        2         KCQ-3 posted and entered on 2/7         15/6 16:00, on    yes
                                                                       time (whole day)
    HG-MV   2        1         MV-1 lasts 12:30 (> 10 min)             17/6, late        no
    HG-QB   2        1         QB-2 lasts 0:04 (< 5 s)                 13/6, on time     no
    HG-QS   0        0                                                 none              no
    HG-TP   3        3                                                 3/6, on time      yes
    HG-VX   2        2                                                 9/6, on time      yes
    HG-YM   1        0         YM-1 posted 20/2, before the window     none              no
    total   17       12        5                                       5 / 1 late / 4    4 meet it

8 of the 10 units took part (HSP and QS entered nothing). By platform (entered/eligible):
Facebook 4/3 (DV-1, MV-1, VX-1, BQ-2), TikTok 5/3 (TP-2, MV-2, YM-1, QB-2, KCQ-2), YouTube 8/6.
By genre: Hài 3/2, Phim ngắn 6/4, Kịch 3/3, Bài viết chuyển thể 5/3. By theme: refuting
false information 10/7, criticising online habits 7/5.

The jury and the results are those of ``awards/test_results.py`` (``finalised``): 3 judges,
18 sheets submitted of 20 assigned (HG-VX-2 waits for two), six clips ranked, 10.000.000 đ in
prizes, 15 consolation prizes unused. The judges' spreads (population standard deviation of
each ranked clip's totals) are 0, 0, 2.494, 0.943, 1.633 and 0.816: mean 5.887 / 6 = 0.98.
"""

from __future__ import annotations

import struct
import subprocess
import warnings
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

import pytest
from awards.test_results import EXPECTED, score_demo_contest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from docx import Document
from factories import HCM, REPOSITORY, EntryFactory
from judging.conftest import fast_password_hashing  # noqa: F401 - the judges' accounts

from clipcontest.contests.models import Contest
from clipcontest.contests.queries import letterhead_of
from clipcontest.documents.charts import CHARTS, WIDTH_IN, chart_png, short_unit_names
from clipcontest.documents.charts import DPI as CHART_DPI
from clipcontest.documents.report import (
    HEADINGS,
    assessment,
    report_docx,
    report_filename,
    report_pdf,
)
from clipcontest.documents.report_data import summary
from clipcontest.entries.models import EngagementSnapshot, Entry
from clipcontest.units.models import Unit

pytestmark = pytest.mark.django_db

UNITS = [
    # code, entered, eligible, letter, meets the minimum
    ("HG-BQ", 2, 1, "missing", False),
    ("HG-DV", 2, 2, "received", True),
    ("HG-HSP", 0, 0, "missing", False),
    ("HG-KCQ", 3, 2, "received", True),
    ("HG-MV", 2, 1, "late", False),
    ("HG-QB", 2, 1, "received", False),
    ("HG-QS", 0, 0, "missing", False),
    ("HG-TP", 3, 3, "received", True),
    ("HG-VX", 2, 2, "received", True),
    ("HG-YM", 1, 0, "missing", False),
]
REPORT_DAY = date(2022, 7, 20)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
OUTPUT = REPOSITORY / "var" / "test-output"


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


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from the IHDR chunk, which always comes first."""
    assert data[:8] == PNG_SIGNATURE
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


@pytest.fixture
def scored(demo_contest: Contest) -> Contest:
    """Scored as in ``finalised``, but not finalised: the report is read mid-contest too."""
    score_demo_contest(demo_contest)
    return demo_contest


# --- the figures -------------------------------------------------------------------------------


def test_units_are_listed_by_code_with_their_compliance(demo_contest) -> None:
    data = summary(demo_contest)

    got = [(u.code, u.entries, u.eligible, str(u.letter), u.meets_minimum) for u in data.units]
    assert got == UNITS
    assert data.units[1].name == "Ban Chỉ đạo 35 Huyện ủy Đồng Văn"
    assert [u.took_part for u in data.units].count(True) == 8


def test_totals_match_the_hand_count(demo_contest) -> None:
    totals = summary(demo_contest).totals

    assert (totals.units, totals.units_took_part, totals.units_meeting_minimum) == (10, 8, 4)
    assert (totals.letters_on_time, totals.letters_late, totals.letters_missing) == (5, 1, 4)
    assert (totals.entries, totals.eligible, totals.ineligible) == (17, 12, 5)


def test_clips_by_platform_genre_and_theme_carry_vietnamese_labels(demo_contest) -> None:
    data = summary(demo_contest)

    def rows(counts):
        return [(row.label, row.entries, row.eligible) for row in counts]

    assert rows(data.by_platform) == [("Facebook", 4, 3), ("TikTok", 5, 3), ("YouTube", 8, 6)]
    assert rows(data.by_genre) == [
        ("Hài", 3, 2),
        ("Phim ngắn", 6, 4),
        ("Kịch", 3, 3),
        ("Bài viết chuyển thể", 5, 3),
    ]
    assert [(row.key, row.entries, row.eligible) for row in data.by_theme] == [
        ("refute_false_information", 10, 7),
        ("criticize_online_habits", 7, 5),
    ]
    assert data.by_theme[0].label.startswith("Phản bác, đả phá")
    assert data.by_genre[3].label_en == "Article adapted to video"


def test_engagement_sums_only_the_counts_frozen_at_the_close(demo_contest) -> None:
    close = datetime(2022, 6, 30, 23, 0, tzinfo=HCM)
    frozen = {  # ref: (views, likes, comments)
        "HG-TP-1": (1200, 80, 15),  # YouTube
        "HG-TP-2": (5000, 300, None),  # TikTok: the platform showed no comment count
        "HG-DV-1": (700, 40, 6),  # Facebook
    }
    for ref, (views, likes, comments) in frozen.items():
        entry = Entry.objects.get(contest=demo_contest, ref=ref)
        EngagementSnapshot.objects.create(
            entry=entry, taken_at=close, views=views, likes=likes, comments=comments, is_record=True
        )
        # Later growth is not the record.
        EngagementSnapshot.objects.create(
            entry=entry, taken_at=datetime(2022, 7, 9, tzinfo=HCM), views=99_999
        )
    withdrawn = EntryFactory(
        contest=demo_contest,
        unit=Unit.objects.get(code="HG-TP"),
        ref="HG-TP-9",
        withdrawn_at=datetime(2022, 5, 1, tzinfo=HCM),
    )
    EngagementSnapshot.objects.create(entry=withdrawn, taken_at=close, views=50, is_record=True)

    engagement = summary(demo_contest).engagement

    total = engagement.total
    assert (total.clips, total.views, total.likes, total.comments) == (3, 6900, 420, 21)
    assert [(r.key, r.clips, r.views, r.likes, r.comments) for r in engagement.by_platform] == [
        ("facebook", 1, 700, 40, 6),
        ("tiktok", 1, 5000, 300, 0),
        ("youtube", 1, 1200, 80, 15),
    ]
    assert engagement.without_record == 14  # 17 clips entered, 3 with frozen counts


def test_jury_and_results_of_the_finalised_contest(finalised) -> None:
    data = summary(finalised)

    jury = data.jury
    assert (jury.members, jury.sheets_submitted, jury.sheets_assigned) == (3, 18, 20)
    assert jury.method == "mean"
    assert jury.mean_disagreement == Decimal("0.98")
    assert (jury.clips_ranked, jury.clips_unranked) == (6, 11)  # 5 ineligible, 6 not scored
    assert jury.scale == 100
    got = [(r.rank, r.ref, str(r.score), r.prize, r.amount) for r in data.results]
    assert got == EXPECTED
    assert data.results[0].title == "Bình luận ác ý – cái giá phải trả"
    assert data.results[0].unit_name == "Ban Chỉ đạo 35 Huyện ủy Mèo Vạc"
    assert data.results[0].prize_name == "Giải Nhất"
    assert len(data.winners) == 6
    assert [(p.key, p.name, p.count, p.amount) for p in data.unused_prizes] == [
        ("consolation", "Giải Khuyến khích", 15, 500_000)
    ]
    assert data.prizes_total == 10_000_000
    assert data.finalised is True


def test_the_summary_reads_the_same_number_of_queries_however_many_clips(
    finalised, django_assert_num_queries
) -> None:
    with CaptureQueriesContext(connection) as first:
        summary(finalised)
    units = list(Unit.objects.order_by("code"))
    for number in range(12):
        entry = EntryFactory(contest=finalised, unit=units[number % len(units)])
        EngagementSnapshot.objects.create(
            entry=entry, taken_at=datetime(2022, 6, 30, tzinfo=HCM), views=number, is_record=True
        )

    with django_assert_num_queries(len(first.captured_queries)):
        data = summary(finalised)

    assert data.totals.entries == 17 + 12
    assert data.engagement.total.clips == 12


# --- the charts --------------------------------------------------------------------------------


def test_each_chart_is_a_png_of_the_fixed_width_and_the_same_bytes_every_time(finalised) -> None:
    data = summary(finalised)

    for kind in CHARTS:
        png = chart_png(kind, data)
        width, height = png_size(png)
        assert width == round(WIDTH_IN * CHART_DPI), kind
        assert 300 < height < 3000, kind
        assert chart_png(kind, data) == png, kind
        assert b"matplotlib" not in png.lower(), kind  # no version stamp


def test_chart_text_renders_every_vietnamese_glyph(finalised) -> None:
    """matplotlib warns for each glyph its font lacks: with warnings as errors, none may be."""
    data = summary(finalised)
    OUTPUT.mkdir(parents=True, exist_ok=True)

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for kind in CHARTS:
            (OUTPUT / f"report-chart-{kind}.png").write_bytes(chart_png(kind, data))


def test_charts_of_a_contest_without_clips_still_draw(contest_2022) -> None:
    data = summary(contest_2022)

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for kind in CHARTS:
            png_size(chart_png(kind, data))


def test_short_unit_names_drop_the_words_every_name_starts_with() -> None:
    assert short_unit_names(
        ["Ban Chỉ đạo 35 Huyện ủy Đồng Văn", "Ban Chỉ đạo 35 Thành ủy Hà Giang"]
    ) == ["Huyện ủy Đồng Văn", "Thành ủy Hà Giang"]
    assert short_unit_names(["Ban Chỉ đạo 35 Huyện ủy Đồng Văn"]) == [
        "Ban Chỉ đạo 35 Huyện ủy Đồng Văn"
    ]
    assert short_unit_names(["Ban A", "Ban A"]) == ["A", "A"]  # never an empty name


# --- the documents -----------------------------------------------------------------------------


def test_docx_has_the_party_header_the_title_and_every_section(finalised) -> None:
    text = all_text(read_docx(report_docx(finalised, day=REPORT_DAY)))

    for expected in (
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "BAN TUYÊN GIÁO TỈNH ỦY",
        "Số \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0-BC/BTGTU",  # the number is written in by hand
        "Ngày 20 tháng 7 năm 2022",
        "BÁO CÁO",
        "Tổng kết cuộc thi xây dựng video clip đấu tranh, phản bác các thông tin xấu độc",
        *HEADINGS,
        "Nơi nhận:",
        "TRƯỞNG BAN",
    ):
        assert expected in text, expected


def test_docx_lists_every_unit_the_totals_and_the_winners(finalised) -> None:
    text = all_text(read_docx(report_docx(finalised, day=REPORT_DAY)))

    for unit in Unit.objects.all():
        assert unit.name in text and unit.code in text
    for expected in (
        "Cuộc thi có 10 đơn vị dự thi; 08 đơn vị đã gửi 17 clip, trong đó 12 clip hợp lệ và 05 "
        "clip không hợp lệ.",
        "04 đơn vị đạt, 06 đơn vị chưa đạt",
        "05 đơn vị gửi đúng hạn, 01 đơn vị gửi muộn, 04 đơn vị chưa gửi",
        "Bài viết chuyển thể",
        "Ban Giám khảo gồm 03 thành viên; các giám khảo đã nộp 18/20 phiếu chấm",
        "trung bình cộng tổng điểm của các giám khảo",
        "0,98 điểm",
        "Bình luận ác ý – cái giá phải trả",
        "Vị Xuyên – ký ức không thể xuyên tạc",
        "88,00",
        "86,33",
        "Giải Nhất",
        "3.000.000\u00a0đ",
        "Giải chưa trao: Giải Khuyến khích: 15 giải (500.000 đ/giải).",
        "Tổng số tiền thưởng: 10.000.000 đ (bằng chữ: Mười triệu đồng).",
        "Có 08/10 đơn vị tham gia với 17 clip dự thi, trong đó 12 clip hợp lệ (70,6%).",
    ):
        assert expected in text, expected
    assert "Kết quả chưa được chốt" not in text


def test_docx_carries_the_four_charts(finalised) -> None:
    document = read_docx(report_docx(finalised, day=REPORT_DAY))

    assert len(document.inline_shapes) == 4  # participation, platforms, genres, scores


def test_the_letterhead_decides_the_signer_the_place_and_the_margins(finalised) -> None:
    letterhead = letterhead_of(finalised)
    letterhead.place = "Hà Giang"
    letterhead.signer_name = "Nguyễn Văn Phó"
    letterhead.signer_is_deputy = True
    letterhead.margin_left = Decimal("35")
    letterhead.save()

    document = read_docx(report_docx(finalised, day=REPORT_DAY))
    text = all_text(document)

    assert "Hà Giang, ngày 20 tháng 7 năm 2022" in text
    assert "K/T TRƯỞNG BAN" in text and "PHÓ TRƯỞNG BAN" in text
    assert "Nguyễn Văn Phó" in text
    assert round(document.sections[0].left_margin.mm) == 35


def test_before_finalisation_the_report_says_the_results_are_not_finalised(scored) -> None:
    document = read_docx(report_docx(scored, day=REPORT_DAY))
    text = all_text(document)

    assert "Kết quả chưa được chốt." in text
    assert "Tổng số tiền thưởng" not in text and "Giải Nhất" not in text
    assert "Bình luận ác ý – cái giá phải trả" not in text  # no provisional ranking printed
    assert "18/20 phiếu chấm" in text  # the jury's work is reported all the same
    assert len(document.inline_shapes) == 3  # no score chart either


def test_the_report_is_in_vietnamese_whatever_the_language_of_the_page(finalised) -> None:
    with translation.override("en"):
        text = all_text(read_docx(report_docx(finalised, day=REPORT_DAY)))

    assert "trung bình cộng tổng điểm của các giám khảo" in text
    assert "mean of the judges' totals" not in text


def test_assessment_states_figures_only(finalised) -> None:
    assert assessment(summary(finalised)) == [
        "Có 08/10 đơn vị tham gia với 17 clip dự thi, trong đó 12 clip hợp lệ (70,6%).",
        "04/10 đơn vị đạt số clip hợp lệ tối thiểu; 05/10 đơn vị gửi công văn đúng hạn.",
        "Đã trao 06 giải với tổng số tiền 10.000.000 đ; 15 giải chưa trao.",
    ]


def test_assessment_before_any_clip(contest_2022) -> None:
    assert assessment(summary(contest_2022)) == ["Đến nay chưa có clip dự thi nào."]


def test_a_contest_without_clips_still_gets_its_report(contest_2022) -> None:
    text = all_text(read_docx(report_docx(contest_2022, day=REPORT_DAY)))

    assert "Chưa có số liệu tương tác được chốt" in text
    assert "Kết quả chưa được chốt." in text


def test_filename_is_ascii(finalised) -> None:
    assert report_filename(finalised, "docx") == "bao-cao-tong-ket-sc35-2022.docx"
    assert report_filename(finalised, ".pdf") == "bao-cao-tong-ket-sc35-2022.pdf"


def test_pdf_is_the_report_with_vietnamese_intact(finalised, tmp_path) -> None:
    pdf = report_pdf(finalised, day=REPORT_DAY)

    text = pdf_text(pdf, tmp_path)
    for expected in (
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "BÁO CÁO",
        *HEADINGS,
        "Đồng Văn",  # the table wraps the unit names
        "Tổng số tiền thưởng: 10.000.000 đ",
        "Mười triệu đồng",
        "Giải Khuyến khích",
    ):
        assert expected in text, expected
    # The first page as an image, to look at when the layout changes.
    OUTPUT.mkdir(parents=True, exist_ok=True)
    first_page = ["-png", "-r", "50", "-f", "1", "-l", "1", "-singlefile"]
    pdf_path, image_path = tmp_path / "report.pdf", OUTPUT / "report-page-1"
    subprocess.run(["pdftoppm", *first_page, str(pdf_path), str(image_path)], check=True)
    png_size((OUTPUT / "report-page-1.png").read_bytes())


def test_pdf_before_finalisation_says_so(scored, tmp_path) -> None:
    assert "Kết quả chưa được chốt." in pdf_text(report_pdf(scored, day=REPORT_DAY), tmp_path)
