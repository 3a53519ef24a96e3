"""The units export: the import's own Vietnamese headings, kinds in words, inert text, and a
file that imports back as "nothing to change"."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from factories import UnitFactory
from openpyxl import load_workbook

from clipcontest.documents.tables import sheets_csv, sheets_xlsx
from clipcontest.units.exports import units_sheet
from clipcontest.units.imports import import_units, plan_units
from clipcontest.units.models import Unit

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://evil.example","Bấm vào")'


def xlsx_rows(content: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(content)).worksheets[0].iter_rows(values_only=True))


def csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_units_export_has_vietnamese_headings_and_kinds_in_words(units):
    rows = xlsx_rows(sheets_xlsx([units_sheet()]))

    assert rows[0] == ("Mã đơn vị", "Tên đơn vị", "Loại đơn vị", "Thư điện tử")
    assert rows[1] == ("HG-DV", "Ban Chỉ đạo 35 Huyện ủy Đồng Văn", "Huyện ủy", "hg-dv@example.vn")
    assert [row[2] for row in rows[1:]] == ["Huyện ủy", "Đảng ủy trực thuộc", "Thành ủy"]
    assert csv_rows(sheets_csv([units_sheet()]))[0] == list(rows[0])


def test_a_unit_name_that_looks_like_a_formula_stays_text(db):
    UnitFactory(code="HG-X", name=HYPERLINK)

    cell = load_workbook(io.BytesIO(sheets_xlsx([units_sheet()]))).worksheets[0]["B2"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == (HYPERLINK, "s", True)
    assert csv_rows(sheets_csv([units_sheet()]))[1][1] == "'" + HYPERLINK


@pytest.mark.parametrize("ext", ["xlsx", "csv"])
def test_an_exported_units_file_imports_back_as_nothing_to_change(units, ext):
    UnitFactory(code="HG-X", name="-5 đơn vị thử", email="")
    write = sheets_xlsx if ext == "xlsx" else sheets_csv

    plan = plan_units(write([units_sheet()]), f"don-vi.{ext}")

    assert plan.nothing_to_change
    assert plan.unchanged == Unit.objects.count() == 4


def test_an_edited_export_changes_only_what_was_edited(units):
    rows = csv_rows(sheets_csv([units_sheet()]))
    rows[1][1] = "Ban Chỉ đạo 35 huyện Đồng Văn (mới)"

    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    result = import_units(buffer.getvalue().encode(), "don-vi.csv")

    assert (result.created, result.updated) == (0, 1)
    assert Unit.objects.get(code="HG-DV").name == "Ban Chỉ đạo 35 huyện Đồng Văn (mới)"


def test_the_units_export_is_one_query_whatever_the_number_of_units(db):
    UnitFactory.create_batch(3)
    with CaptureQueriesContext(connection) as few:
        units_sheet()
    UnitFactory.create_batch(30)
    with CaptureQueriesContext(connection) as many:
        sheet = units_sheet()

    assert len(sheet.rows) == 33
    assert len(few) == len(many) == 1
