"""The clips export: Vietnamese headings the import reads back, values people can read and
filter, text that no spreadsheet runs, and a file that imports back as "nothing to change"."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from factories import HCM, EntryFactory, PersonFactory
from openpyxl import load_workbook

from clipcontest.documents.tables import sheets_csv, sheets_xlsx
from clipcontest.entries.exports import HEADINGS, entries_sheet
from clipcontest.entries.imports import ENTRY_COLUMNS, plan_entries
from clipcontest.entries.models import DurationSource, Entry, EntryAuthor

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://evil.example","Bấm vào")'


def xlsx_rows(content: bytes) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    return list(sheet.iter_rows(values_only=True))


def csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read the accents"
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def clip(contest, unit, **values) -> Entry:
    return EntryFactory(contest=contest, unit=unit, **values)


def test_the_first_row_is_the_vietnamese_headings_the_import_knows(demo_contest):
    content = sheets_xlsx([entries_sheet(demo_contest)])

    headings = xlsx_rows(content)[0]

    assert headings[:5] == ("Mã clip", "Mã đơn vị", "Tên đơn vị", "Tên clip", "Đường dẫn")
    assert "Thời lượng (giây)" in headings and "Đã rút" in headings
    assert csv_rows(sheets_csv([entries_sheet(demo_contest)]))[0] == list(HEADINGS)
    known = {alias for column in ENTRY_COLUMNS for alias in (column.name, *column.aliases)}
    assert {"mã clip", "mã đơn vị", "tên clip", "đường dẫn", "thể loại", "chủ đề"} <= known


def test_a_clip_row_reads_as_the_organisers_write_it(contest_2022, units):
    entry = clip(
        contest_2022,
        units["HG-TP"],
        ref="HG-TP-1",
        genre="short_film",
        duration_seconds=Decimal("75.500"),
        posted_at=datetime(2022, 3, 12, tzinfo=HCM),
        submitted_at=datetime(2022, 3, 14, 9, 30, tzinfo=HCM),
        withdrawn_at=timezone.now(),
    )
    for position, name in enumerate(["Nguyễn Thị Lan", "Trần Văn Hùng"]):
        person = PersonFactory(unit=units["HG-TP"], name=name)
        EntryAuthor.objects.create(entry=entry, person=person, position=position)

    row = dict(zip(HEADINGS, xlsx_rows(sheets_xlsx([entries_sheet(contest_2022)]))[1], strict=True))

    assert row["Mã đơn vị"] == "HG-TP" and row["Tên đơn vị"] == units["HG-TP"].name
    assert (row["Nền tảng"], row["Thể loại"]) == ("YouTube", "Phim ngắn")
    assert row["Thời lượng (giây)"] == 75.5
    assert row["Ngày đăng"] == datetime(2022, 3, 12)  # a real date, local time: it sorts
    assert row["Thời gian gửi"] == datetime(2022, 3, 14, 9, 30)
    assert row["Tác giả"] == "Nguyễn Thị Lan; Trần Văn Hùng"
    assert row["Đã rút"] == "Có"
    csv_values = csv_rows(sheets_csv([entries_sheet(contest_2022)]))[1]
    csv_row = dict(zip(HEADINGS, csv_values, strict=True))
    assert (csv_row["Ngày đăng"], csv_row["Thời gian gửi"]) == ("12/03/2022", "14/03/2022 09:30")
    assert csv_row["Thời lượng (giây)"] == "75.5"


def test_a_title_that_looks_like_a_formula_comes_out_as_inert_text(contest_2022, units):
    clip(contest_2022, units["HG-TP"], title=HYPERLINK)

    xlsx = sheets_xlsx([entries_sheet(contest_2022)])
    cell = load_workbook(io.BytesIO(xlsx)).worksheets[0]["D2"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == (HYPERLINK, "s", True)
    assert b"<f>" not in xlsx_sheet_xml(xlsx)
    csv_title = csv_rows(sheets_csv([entries_sheet(contest_2022)]))[1][3]
    assert csv_title == "'" + HYPERLINK


def xlsx_sheet_xml(content: bytes) -> bytes:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return archive.read("xl/worksheets/sheet1.xml")


@pytest.mark.parametrize("ext", ["xlsx", "csv"])
def test_an_exported_file_imports_back_as_nothing_to_change(demo_contest, ext):
    """The awkward clips too: a formula-like title, a duration with decimals that an organiser
    verified, a submission time with microseconds, a withdrawn clip whose video the unit
    entered again, and a clip entered by its file alone (no link)."""
    unit = Entry.objects.filter(contest=demo_contest).first().unit
    Entry.objects.filter(ref="HG-TP-1").update(
        title=HYPERLINK,
        duration_seconds=Decimal("224.125"),
        duration_source=DurationSource.VERIFIED,
        submitted_at=datetime(2022, 3, 14, 9, 30, 15, 123456, tzinfo=HCM),
    )
    again = clip(demo_contest, unit, ref="X-1", video_id="Again000001")
    clip(
        demo_contest,
        unit,
        ref="X-2",
        video_id="Again000001",
        withdrawn_at=datetime(2022, 4, 3, tzinfo=HCM),
        canonical_url=again.canonical_url,
    )
    clip(demo_contest, unit, ref="X-3", url="", platform="", video_id="", canonical_url="file:a1")
    write = sheets_xlsx if ext == "xlsx" else sheets_csv

    plan = plan_entries(write([entries_sheet(demo_contest)]), f"clip.{ext}", demo_contest)

    assert plan.nothing_to_change, [c.fields for c in plan.updates]
    assert plan.unchanged == Entry.objects.filter(contest=demo_contest).count()
    assert Entry.objects.get(ref="HG-TP-1").duration_source == DurationSource.VERIFIED


def test_the_export_reads_the_same_number_of_queries_for_3_clips_or_30(contest_2022, units):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            entries_sheet(contest_2022)
        return len(captured)

    for _ in range(3):
        entry = clip(contest_2022, units["HG-DV"])
        EntryAuthor.objects.create(entry=entry, person=PersonFactory(unit=units["HG-DV"]))
    few = queries()
    for index in range(27):
        entry = clip(contest_2022, units["HG-TP" if index % 2 else "HG-KCQ"])
        EntryAuthor.objects.create(entry=entry, person=PersonFactory(unit=entry.unit))

    assert queries() == few == 2


def test_the_import_takes_off_exactly_the_guard_the_csv_export_puts_on():
    from clipcontest.common import transfer
    from clipcontest.documents import spreadsheet

    assert transfer.FORMULA_TRIGGERS == spreadsheet.FORMULA_TRIGGERS
    for text in ("=1+1", "+84 912", "-5 độ", "@user", "'quoted", "Bình thường"):
        guarded = spreadsheet.csv_safe(text)
        assert transfer._unguard(guarded) == text
