"""The compliance export: each unit against the minimum and the letter, each clip's findings,
in Vietnamese, as two sheets of one workbook or one CSV, in a fixed number of queries."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from factories import HCM, EntryFactory
from openpyxl import load_workbook

from clipcontest.documents.tables import sheets_csv, sheets_xlsx
from clipcontest.eligibility.exports import compliance_sheets
from clipcontest.eligibility.queries import contest_report
from clipcontest.entries.models import Entry

pytestmark = pytest.mark.django_db

AFTER_THE_CLOSE = datetime(2022, 7, 1, 12, tzinfo=HCM)
HYPERLINK = '=HYPERLINK("http://evil.example","Bấm vào")'


def workbook(contest):
    content = sheets_xlsx(compliance_sheets(contest, at=AFTER_THE_CLOSE))
    return load_workbook(io.BytesIO(content))


def by_code(sheet) -> dict[str, dict]:
    rows = list(sheet.iter_rows(values_only=True))
    return {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}


def test_compliance_workbook_has_a_units_sheet_and_a_clips_sheet_in_vietnamese(demo_contest):
    book = workbook(demo_contest)

    assert book.sheetnames == ["Đơn vị", "Clip"]
    units, clips = book.worksheets
    assert [cell.value for cell in units[1]] == [
        "Mã đơn vị",
        "Tên đơn vị",
        "Số clip dự thi",
        "Số clip hợp lệ",
        "Đạt tối thiểu",
        "Công văn",
        "Mã lỗi/cảnh báo",
        "Lỗi/cảnh báo",
    ]
    assert [cell.value for cell in clips[1]][:4] == ["Mã clip", "Mã đơn vị", "Tên clip", "Hợp lệ"]


def test_a_unit_without_clips_or_letter_is_below_the_minimum_with_its_letter_missing(
    demo_contest,
):
    units = by_code(workbook(demo_contest).worksheets[0])

    quiet = next(row for row in units.values() if row["Số clip dự thi"] == 0)
    assert (quiet["Đạt tối thiểu"], quiet["Công văn"]) == ("Không", "Chưa nhận")
    assert "below_minimum" in quiet["Mã lỗi/cảnh báo"]
    assert "chưa đủ tối thiểu" in quiet["Lỗi/cảnh báo"]
    assert {row["Công văn"] for row in units.values()} <= {"Đã nhận", "Nhận muộn", "Chưa nhận"}


def test_each_clip_says_whether_it_is_eligible_and_why_not(demo_contest):
    Entry.objects.filter(ref="HG-TP-1").update(duration_seconds=3)

    clips = by_code(workbook(demo_contest).worksheets[1])

    short = clips["HG-TP-1"]
    assert (short["Mã đơn vị"], short["Hợp lệ"]) == ("HG-TP", "Không")
    assert "duration_too_short" in short["Mã lỗi/cảnh báo"].split(", ")
    assert "ngắn hơn mức tối thiểu" in short["Lỗi/cảnh báo"]
    assert len(clips) == len(contest_report(demo_contest, at=AFTER_THE_CLOSE).entries)


def test_compliance_csv_holds_both_tables_one_after_the_other(demo_contest):
    content = sheets_csv(compliance_sheets(demo_contest, at=AFTER_THE_CLOSE))

    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    gap = rows.index([])
    assert rows[0][0] == "Mã đơn vị" and rows[gap + 1][:2] == ["Mã clip", "Mã đơn vị"]


def test_a_clip_title_that_looks_like_a_formula_stays_text(demo_contest):
    Entry.objects.filter(ref="HG-TP-1").update(title=HYPERLINK)

    clips = workbook(demo_contest).worksheets[1]
    cell = next(row[2] for row in clips.iter_rows(min_row=2) if row[0].value == "HG-TP-1")
    assert (cell.value, cell.data_type, cell.quotePrefix) == (HYPERLINK, "s", True)


def test_the_compliance_export_costs_the_same_queries_for_more_clips(demo_contest):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            compliance_sheets(demo_contest, at=AFTER_THE_CLOSE)
        return len(captured)

    few = queries()
    unit = Entry.objects.first().unit
    EntryFactory.create_batch(20, contest=demo_contest, unit=unit)

    assert queries() == few
