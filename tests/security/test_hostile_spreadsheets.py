"""Hostile spreadsheets: wrong encodings and BOMs, merged cells, formulas, hidden sheets, huge
files, a zip bomb, damaged XML, NUL bytes, duplicate rows, missing and repeated columns.

Each file is tried on every importer (units, clips, letters, jury, paper scores) and on the
organisers' import page. Every one is refused with ``ImportFailed`` (or the page's list of
problems) naming what is wrong in both languages, no server error, and the database unchanged.
The files are built from one row each importer accepts (``test_each_good_row_imports`` checks
that it does), so a refusal is the hostile change's doing.
"""

from __future__ import annotations

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape
from factories import csv_bytes, xlsx_bytes

from clipcontest.common.tabular import ImportFailed

from .hostile_files import HOSTILE_SHEETS, HostileSheet, zip_bomb
from .hostile_helpers import record_figures
from .hostile_importers import IMPORTERS, Importer, full_state, staff_fixture  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db
SLUG = "sc35-2022"


def _importers_of(case: HostileSheet) -> list[Importer]:
    return [i for i in IMPORTERS if case.importers is None or i.name in case.importers]


def _names_the_problem(failed: ImportFailed, case: HostileSheet) -> bool:
    said = [problem.message.en.casefold() for problem in failed.problems]
    return any(expect.casefold() in text for expect in case.expect for text in said)


@pytest.mark.parametrize("importer", IMPORTERS, ids=lambda importer: importer.name)
@pytest.mark.parametrize("build", [csv_bytes, xlsx_bytes], ids=["csv", "xlsx"])
def test_each_good_row_imports(demo_contest, staff, importer, build):
    """The control: the row every hostile file starts from is one the importer accepts."""
    name = "good.csv" if build is csv_bytes else "good.xlsx"
    before = full_state()
    importer.run(build([importer.head, importer.row]), name, demo_contest, staff)
    assert full_state() != before


@pytest.mark.parametrize("case", HOSTILE_SHEETS, ids=lambda case: case.name)
def test_every_importer_refuses_the_hostile_file_naming_the_problem_storing_nothing(
    demo_contest, staff, case
):
    before = full_state()
    for importer in _importers_of(case):
        filename, content = case.build(importer.head, importer.row)
        with pytest.raises(ImportFailed) as refused:
            importer.run(content, filename, demo_contest, staff)
        failed = refused.value
        assert failed.problems, importer.name
        assert _names_the_problem(failed, case), (importer.name, str(failed)[:500])
        for problem in failed.problems:
            assert problem.message.vi and problem.message.en
            assert problem.message.vi != problem.message.en
        assert full_state() == before, importer.name


@pytest.mark.parametrize("case", HOSTILE_SHEETS, ids=lambda case: case.name)
def test_the_import_page_refuses_the_hostile_file_showing_the_problem_storing_nothing(
    demo_contest, staff, organiser, settings, tmp_path, case
):
    settings.DATA_DIR = tmp_path
    before = full_state()
    for importer in filter(lambda importer: importer.page, _importers_of(case)):
        filename, content = case.build(importer.head, importer.row)
        response = organiser.post(
            reverse("portal:organiser-import"),
            {"contest": SLUG, "what": importer.page, "file": SimpleUploadedFile(filename, content)},
            follow=True,
        )
        assert response.status_code == 200
        html = response.content.decode()
        assert 'id="import-confirm"' not in html
        if len(content) > 5 * 1024 * 1024:  # the page's limit: not even read
            assert "flash--error" in html and 'id="import-problems"' not in html
        else:
            assert 'id="import-problems"' in html, (importer.page, html[-2000:])
            with pytest.raises(ImportFailed) as refused:
                importer.run(content, filename, demo_contest, staff)
            first = refused.value.problems[0].message
            assert escape(first.vi) in html
            assert "<script>alert(1)</script>" not in html
        assert not list((tmp_path / "imports").glob("*")), "a refused file was kept"
        applied = organiser.post(
            reverse("portal:organiser-import-apply"), {"contest": SLUG}, follow=True
        )
        assert "tải lên lại" in applied.content.decode()
        assert full_state() == before, importer.page


def test_the_zip_bomb_is_refused_from_its_directory_without_being_inflated(monkeypatch):
    from clipcontest.common.tabular import Column, read_table

    def never(*args, **kwargs):
        raise AssertionError("openpyxl opened the zip bomb")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    content = zip_bomb()
    rows, problems = read_table(content, "bomb.xlsx", [Column("code")])
    assert len(content) < 1024 * 1024
    assert rows == [] and "unpacks to more than 128 MB" in problems[0].message.en
    assert "128 MB" in problems[0].message.vi


def test_the_figures_of_spreadsheets_tried_are_written():
    runs = sum(len(_importers_of(case)) for case in HOSTILE_SHEETS)
    pages = sum(len([i for i in _importers_of(case) if i.page]) for case in HOSTILE_SHEETS)
    assert len(HOSTILE_SHEETS) >= 30
    record_figures(
        spreadsheets_tried=len(HOSTILE_SHEETS),
        spreadsheet_importer_runs=runs,
        spreadsheet_page_uploads=pages,
    )
