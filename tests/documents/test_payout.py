"""The payout list the accountant pays the prizes from, as XLSX and CSV.

The demo contest is scored and finalised as in ``awards/test_results.py``: six prizes,
10.000.000 đ, ranked by hand there. The workbook is read back with openpyxl the way Excel
would read it (values, types, formats, print setup), and its XML is searched for formulas.
"""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date
from decimal import Decimal

import pytest
from judging.conftest import fast_password_hashing  # noqa: F401  (the jury is scored here)
from openpyxl import load_workbook
from openpyxl.cell.cell import MergedCell

from clipcontest.awards.queries import Winner
from clipcontest.awards.services import AwardsRefused
from clipcontest.contests.models import Contest
from clipcontest.contests.queries import letterhead_of
from clipcontest.documents.payout import (
    AMOUNT_COLUMN,
    HEADER_ROW,
    HEADINGS,
    TITLE,
    Payout,
    payout_csv,
    payout_workbook,
    payout_xlsx,
    total_line,
)
from clipcontest.documents.spreadsheet import AMOUNT_FORMAT, amount_format, csv_safe
from clipcontest.entries.models import Entry
from clipcontest.units.models import Person, Unit

pytestmark = pytest.mark.django_db

DAY = date(2022, 7, 5)
KHOI = "Ban Chỉ đạo 35 Đảng ủy Khối các cơ quan tỉnh"
# STT, unit, ref, title, authors, prize, amount, amount in words, signature.
EXPECTED_ROWS = [
    [1, "Ban Chỉ đạo 35 Huyện ủy Mèo Vạc", "HG-MV-2", "Bình luận ác ý – cái giá phải trả",
     "Hoàng Văn Páo", "Giải Nhất", 3_000_000, "Ba triệu đồng", None],
    [2, KHOI, "HG-KCQ-2", "Thông tin chính thống ở đâu?",
     "Phùng Văn Lực", "Giải Nhì", 2_000_000, "Hai triệu đồng", None],
    [3, "Ban Chỉ đạo 35 Huyện ủy Bắc Quang", "HG-BQ-2", "Cam sành và tin đồn hàng giả",
     "Nông Văn Thắng, La Thị Huyền", "Giải Nhì", 2_000_000, "Hai triệu đồng", None],
    [4, KHOI, "HG-KCQ-1", "Công chức và mạng xã hội",
     "Đặng Thu Trang", "Giải Ba", 1_000_000, "Một triệu đồng", None],
    [5, "Ban Chỉ đạo 35 Huyện ủy Quản Bạ", "HG-QB-1", "Cổng trời Quản Bạ và lời đồn thất thiệt",
     "Lù Thị Mai, Cháng Văn Sử", "Giải Ba", 1_000_000, "Một triệu đồng", None],
    [6, "Ban Chỉ đạo 35 Huyện ủy Vị Xuyên", "HG-VX-1", "Vị Xuyên – ký ức không thể xuyên tạc",
     "Đỗ Thị Hương, Bùi Văn Tuấn", "Giải Ba", 1_000_000, "Một triệu đồng", None],
]  # fmt: skip
EVIL_TITLE = '=HYPERLINK("http://evil")'


@pytest.fixture
def payable(finalised: Contest) -> Contest:
    """The finalised demo contest with its letterhead filled in by the organisers."""
    letterhead = letterhead_of(finalised)
    letterhead.superior_body = "Tỉnh ủy Hà Giang"
    letterhead.place = "Hà Giang"
    letterhead.signer_name = "Nguyễn Văn Thành"
    letterhead.save()
    return finalised


def sheet_of(data: bytes):
    return load_workbook(io.BytesIO(data)).active


def table_rows(sheet) -> list[list[object]]:
    """The rows under the heading, up to and including the total row."""
    rows = []
    for row in sheet.iter_rows(min_row=HEADER_ROW + 1, max_col=len(HEADINGS), values_only=True):
        rows.append(list(row))
        if row[1] == "Tổng cộng":
            return rows
    raise AssertionError("no total row")


def all_values(sheet) -> list[object]:
    return [value for row in sheet.iter_rows(values_only=True) for value in row if value]


def test_one_row_per_prize_in_rank_order_with_amounts_in_figures_and_words(
    payable: Contest,
) -> None:
    sheet = sheet_of(payout_xlsx(payable, day=DAY))

    assert [cell.value for cell in sheet[HEADER_ROW]] == list(HEADINGS)
    *rows, total = table_rows(sheet)
    assert rows == EXPECTED_ROWS
    assert total[1] == "Tổng cộng"
    assert total[AMOUNT_COLUMN - 1] == 10_000_000
    assert total[AMOUNT_COLUMN] == "Mười triệu đồng"
    assert "Bằng chữ: Mười triệu đồng." in all_values(sheet)


def test_title_block_names_the_bodies_the_list_and_the_contest(payable: Contest) -> None:
    values = all_values(sheet_of(payout_xlsx(payable, day=DAY)))

    assert values[:4] == ["TỈNH ỦY HÀ GIANG", "BAN TUYÊN GIÁO TỈNH ỦY", TITLE, payable.name]


def test_signatures_follow_the_table_with_the_letterheads_authority(payable: Contest) -> None:
    values = all_values(sheet_of(payout_xlsx(payable, day=DAY)))

    signatures = values[values.index("Bằng chữ: Mười triệu đồng.") + 1 :]
    assert signatures == [
        "Hà Giang, ngày 05 tháng 7 năm 2022",
        "Người lập biểu",
        "Kế toán",
        "TRƯỞNG BAN",
        "(Ký, ghi rõ họ tên)",
        "(Ký, ghi rõ họ tên)",
        "Nguyễn Văn Thành",
    ]


def test_deputy_approves_for_the_head(payable: Contest) -> None:
    letterhead = letterhead_of(payable)
    letterhead.signer_is_deputy = True
    letterhead.save()

    values = all_values(sheet_of(payout_xlsx(payable, day=DAY)))

    assert values.index("K/T TRƯỞNG BAN") < values.index("PHÓ TRƯỞNG BAN")


def test_amounts_are_numbers_shown_with_dots_whatever_the_locale(payable: Contest) -> None:
    sheet = sheet_of(payout_xlsx(payable, day=DAY))

    for row in range(HEADER_ROW + 1, HEADER_ROW + 8):  # six prizes and the total
        cell = sheet.cell(row, AMOUNT_COLUMN)
        assert isinstance(cell.value, int)
        assert cell.number_format == AMOUNT_FORMAT
    # The dots are literal text between the digit groups, chosen by the amount's size.
    assert AMOUNT_FORMAT == '[>=1000000]#"."000"."000;[>=1000]#"."000;0'


def test_an_amount_of_a_billion_or_more_falls_back_to_the_readers_separator() -> None:
    assert amount_format([999_999_999]) == AMOUNT_FORMAT
    assert amount_format([1_000_000_000]) == "#,##0"


def test_heading_is_bold_and_every_cell_of_the_table_is_boxed(payable: Contest) -> None:
    sheet = sheet_of(payout_xlsx(payable, day=DAY))

    assert all(cell.font.b for cell in sheet[HEADER_ROW])
    for row in sheet.iter_rows(min_row=HEADER_ROW, max_row=HEADER_ROW + 7, max_col=len(HEADINGS)):
        for cell in row:
            assert cell.border.top.style == cell.border.bottom.style == "thin", cell.coordinate
            if not isinstance(cell, MergedCell):  # inside "Tổng cộng" only the outline is drawn
                assert cell.border.left.style == cell.border.right.style == "thin", cell.coordinate
    assert sheet.cell(HEADER_ROW + 1, 4).alignment.wrap_text
    assert sheet.column_dimensions["D"].width == 30  # "Tên clip"


def test_prints_on_a4_landscape_one_page_wide_with_the_heading_on_every_page(
    payable: Contest,
) -> None:
    sheet = sheet_of(payout_xlsx(payable, day=DAY))

    setup = sheet.page_setup
    assert (setup.orientation, int(setup.paperSize)) == ("landscape", 9)  # 9: A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)
    assert sheet.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
    assert sheet.freeze_panes == f"A{HEADER_ROW + 1}"


def test_text_typed_by_units_stays_text_never_a_formula(payable: Contest) -> None:
    Entry.objects.filter(contest=payable, ref="HG-QB-1").update(title=EVIL_TITLE)
    Person.objects.filter(name="Đặng Thu Trang").update(name="-2+3")
    Unit.objects.filter(code="HG-VX").update(name="@SUM(A1:A9)")

    data = payout_xlsx(payable, day=DAY)

    sheet = sheet_of(data)
    title, author, unit = sheet["D12"], sheet["E11"], sheet["B13"]
    assert (title.value, author.value, unit.value) == (EVIL_TITLE, "-2+3", "@SUM(A1:A9)")
    for cell in (title, author, unit):
        assert cell.data_type == "s"
        assert cell.quotePrefix  # stays text when someone edits the cell
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()


def test_csv_has_a_bom_and_the_same_rows(payable: Contest) -> None:
    data = payout_csv(payable)

    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == list(HEADINGS)
    assert rows[1:-1] == [
        ["" if value is None else str(value) for value in row] for row in EXPECTED_ROWS
    ]
    assert rows[-1] == ["", "Tổng cộng", "", "", "", "", "10000000", "Mười triệu đồng", ""]


def test_csv_prefixes_text_that_starts_like_a_formula(payable: Contest) -> None:
    Entry.objects.filter(contest=payable, ref="HG-QB-1").update(title=EVIL_TITLE)

    rows = list(csv.reader(io.StringIO(payout_csv(payable).decode("utf-8-sig"))))

    assert rows[5][3] == "'" + EVIL_TITLE
    assert [csv_safe(text) for text in ("+1", "@a", "\tb", "\rc", "Bình")] == [
        "'+1",
        "'@a",
        "'\tb",
        "'\rc",
        "Bình",
    ]


def test_no_payout_list_before_the_results_are_finalised(demo_contest: Contest) -> None:
    with pytest.raises(AwardsRefused) as refused:
        payout_xlsx(demo_contest)
    assert "chưa được chốt" in refused.value.message.vi
    with pytest.raises(AwardsRefused):
        payout_csv(demo_contest)


def test_all_21_prizes_of_2022_add_up_to_17_500_000(contest_2022: Contest) -> None:
    prizes = [
        Winner(
            rank=rank,
            ref=f"HG-TP-{rank}",
            title=f"Clip {rank}",
            unit_code="HG-TP",
            unit_name="Ban Chỉ đạo 35 Thành ủy Hà Giang",
            authors=("Nguyễn Thị Lan",),
            tier_key=tier.key,
            tier_name=tier.name,
            tier_name_en=tier.name_en,
            amount=tier.amount,
            score=Decimal(100 - rank),
            certificate=True,
        )
        for rank, tier in enumerate(
            (t for t in contest_2022.prize_tiers.order_by("position") for _ in range(t.count)),
            start=1,
        )
    ]
    payout = Payout(
        contest_name=contest_2022.name,
        letterhead=letterhead_of(contest_2022),
        winners=tuple(prizes),
        total=sum(prize.amount for prize in prizes),
        day=DAY,
    )

    sheet = payout_workbook(payout).active

    *rows, total = table_rows(sheet)
    assert len(rows) == 21
    assert total[AMOUNT_COLUMN - 1] == 17_500_000
    assert total[AMOUNT_COLUMN] == "Mười bảy triệu năm trăm nghìn đồng"
    assert "Bằng chữ: Mười bảy triệu năm trăm nghìn đồng." in all_values(sheet)


def test_total_line_uses_the_letterheads_word_for_zero_tens() -> None:
    assert total_line(17_500_000) == "Bằng chữ: Mười bảy triệu năm trăm nghìn đồng."
    assert total_line(1_005_000, "lẻ") == "Bằng chữ: Một triệu không trăm lẻ năm nghìn đồng."
