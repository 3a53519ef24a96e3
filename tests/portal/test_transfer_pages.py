"""The organisers' exports and imports page: downloads, and upload → preview → confirm."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from clipcontest.audit.models import AuditEvent
from clipcontest.documents.tables import sheets_csv
from clipcontest.entries.exports import COLUMNS, entries_sheet
from clipcontest.entries.models import Entry
from clipcontest.portal import transfer_views
from clipcontest.units.models import Unit

pytestmark = pytest.mark.django_db
SLUG = "sc35-2022"
PAGE = reverse("portal:organiser-exports") + f"?contest={SLUG}"


@pytest.fixture(autouse=True)
def private_data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    yield tmp_path
    translation.activate(django_settings.LANGUAGE_CODE)


def kept_files(data_dir) -> list:
    folder = data_dir / "imports"
    return sorted(folder.iterdir()) if folder.exists() else []


def export(client, what: str, ext: str):
    return client.get(reverse("portal:organiser-export", args=[what, ext]) + f"?contest={SLUG}")


def upload(client, what: str, content: bytes, name: str = "sua.csv", prefix: str = ""):
    return client.post(
        prefix + reverse("portal:organiser-import"),
        {"contest": SLUG, "what": what, "file": SimpleUploadedFile(name, content)},
    )


def confirm(client, preview=None, prefix: str = ""):
    """Press "Import these changes" on ``preview``: the form sends the plan's digest."""
    found = re.search(r'name="digest" value="(\w+)"', preview.content.decode()) if preview else None
    data = {"contest": SLUG, "digest": found.group(1) if found else ""}
    return client.post(prefix + reverse("portal:organiser-import-apply"), data, follow=True)


GENRE = [name for name, _ in COLUMNS].index("genre")


def clips_csv(contest, **changes: dict) -> bytes:
    """The clips export as CSV, with some rows changed: ``{"HG-TP-1": {3: "Tên mới"}}``."""
    sheet = entries_sheet(contest)
    rows = []
    for values in sheet.rows:
        values = list(values)
        for column, value in changes.get(values[0], {}).items():
            values[column] = value
        rows.append(tuple(values))
    return sheets_csv([type(sheet)(sheet.title, sheet.headings, tuple(rows))])


@pytest.mark.parametrize("what", ["clips", "units", "compliance"])
def test_each_export_downloads_as_xlsx_and_csv(organiser, demo_contest, what):
    xlsx = export(organiser, what, "xlsx")
    assert xlsx.status_code == 200
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert f'filename="{SLUG}-' in xlsx["Content-Disposition"]
    first = load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    assert first["A1"].value in ("Mã clip", "Mã đơn vị")

    csv = export(organiser, what, "csv")
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
    assert csv.content.startswith(b"\xef\xbb\xbf") and csv["Content-Disposition"].endswith('.csv"')


@pytest.mark.parametrize(("what", "ext"), [("jury", "xlsx"), ("clips", "docx"), ("units", "")])
def test_an_unknown_export_is_not_found(organiser, demo_contest, what, ext):
    url = f"/organiser/exports/{what}.{ext}?contest={SLUG}"
    assert organiser.get(url).status_code == 404


def test_the_page_offers_every_download_and_both_imports(organiser, demo_contest):
    html = organiser.get(PAGE).content.decode()
    for what in ("clips", "units", "compliance"):
        for ext in ("xlsx", "csv"):
            assert reverse("portal:organiser-export", args=[what, ext]) in html
    assert 'id="import-units"' in html and 'id="import-clips"' in html
    assert 'enctype="multipart/form-data"' in html


def test_upload_previews_the_changes_then_confirming_imports_them(
    organiser, demo_contest, private_data_dir
):
    content = clips_csv(demo_contest, **{"HG-TP-1": {3: "Tên đã sửa"}})

    preview = upload(organiser, "clips", content)

    html = preview.content.decode()
    assert "Tin giả về giá điện: sự thật là gì?" in html and "Tên đã sửa" in html
    assert "<del>Tin giả về giá điện: sự thật là gì?</del>" in html
    assert 'id="import-confirm"' in html
    assert Entry.objects.get(ref="HG-TP-1").title != "Tên đã sửa"
    assert len(kept_files(private_data_dir)) == 1

    done = confirm(organiser, preview)

    assert Entry.objects.get(ref="HG-TP-1").title == "Tên đã sửa"
    assert '<li class="flash flash--success">' in done.content.decode()
    assert kept_files(private_data_dir) == []
    event = AuditEvent.objects.get(action="entry.import_updated")
    assert (event.actor.username, event.reason) == ("bantochuc", "sua.csv")


def test_the_preview_counts_the_rows_already_as_stored(organiser, demo_contest):
    html = upload(organiser, "clips", clips_csv(demo_contest)).content.decode()

    assert "Không có gì thay đổi" in html or "Nothing to change" in html
    assert 'id="import-confirm"' not in html
    assert f'<span class="stat__value">{Entry.objects.count()}</span>' in html


def test_a_bad_file_shows_every_problem_by_row_and_stores_nothing(
    organiser, demo_contest, private_data_dir
):
    content = clips_csv(demo_contest, **{"HG-TP-2": {GENRE: "Ca nhạc"}, "HG-DV-1": {3: ""}})
    before = list(Entry.objects.values_list("ref", "title", "genre"))

    html = upload(organiser, "clips", content).content.decode()

    assert 'id="import-problems"' in html and 'id="import-confirm"' not in html
    assert "&#x27;Ca nhạc&#x27; không có trong danh sách" in html
    assert "không được để trống" in html
    refs = [values[0] for values in entries_sheet(demo_contest).rows]
    genre_row = refs.index("HG-TP-2") + 2  # the heading is row 1
    assert f'<td class="num">{genre_row}</td>\n        <td>Thể loại</td>' in html
    assert list(Entry.objects.values_list("ref", "title", "genre")) == before
    assert kept_files(private_data_dir) == []


def test_the_problems_are_in_english_on_the_english_page(organiser, demo_contest):
    content = clips_csv(demo_contest, **{"HG-TP-2": {GENRE: "Ca nhạc"}})
    html = upload(organiser, "clips", content, prefix="/en").content.decode()
    assert "is not in the contest&#x27;s list" in html and "Genre" in html


def test_a_preview_made_stale_is_refused_and_shown_again(organiser, demo_contest):
    preview = upload(organiser, "clips", clips_csv(demo_contest, **{"HG-TP-1": {3: "Tên đã sửa"}}))
    Entry.objects.filter(ref="HG-TP-1").update(duration_seconds=Decimal("200"))

    refused = confirm(organiser, preview)

    html = refused.content.decode()
    assert "flash--warning" in html and 'id="import-confirm"' in html
    # The new preview starts from what is stored now: the file would undo the new duration.
    assert "<del>3:20</del> → <ins>3:45</ins>" in html
    assert Entry.objects.get(ref="HG-TP-1").title != "Tên đã sửa"
    confirm(organiser, refused)  # the organiser confirms the new preview
    assert Entry.objects.get(ref="HG-TP-1").title == "Tên đã sửa"


def test_confirming_an_older_preview_from_another_tab_imports_nothing(organiser, demo_contest):
    first = upload(organiser, "clips", clips_csv(demo_contest, **{"HG-TP-1": {3: "Tab một"}}))
    upload(organiser, "clips", clips_csv(demo_contest, **{"HG-TP-1": {3: "Tab hai"}}))

    html = confirm(organiser, first).content.decode()

    assert Entry.objects.get(ref="HG-TP-1").title not in ("Tab một", "Tab hai")
    assert "flash--warning" in html and "<ins>Tab hai</ins>" in html


def test_confirming_without_a_preview_stores_nothing(organiser, demo_contest):
    html = confirm(organiser).content.decode()
    assert "tải lên lại" in html or "upload it again" in html


def test_a_units_file_is_previewed_and_imported(organiser, demo_contest):
    content = "Mã đơn vị,Tên đơn vị,Loại đơn vị\r\nHG-NEW,Ban Chỉ đạo 35 mới,huyện ủy\r\n"

    preview = upload(organiser, "units", content.encode(), name="don-vi.csv")
    html = preview.content.decode()
    assert "HG-NEW" in html and "Huyện ủy" in html
    confirm(organiser, preview)
    assert Unit.objects.get(code="HG-NEW").kind == Unit.Kind.DISTRICT


def test_a_file_over_the_size_limit_is_not_read(
    organiser, demo_contest, monkeypatch, private_data_dir
):
    monkeypatch.setattr(transfer_views, "MAX_IMPORT_BYTES", 100)
    response = organiser.post(
        reverse("portal:organiser-import"),
        {"contest": SLUG, "what": "clips", "file": SimpleUploadedFile("x.csv", b"x" * 101)},
        follow=True,
    )
    html = response.content.decode()
    assert '<li class="flash flash--error">' in html and "x.csv" not in html
    assert 'id="import-confirm"' not in html and not kept_files(private_data_dir)


@pytest.mark.parametrize("visitor", ["rep_a", "jury"])
def test_unit_representatives_and_jury_members_can_neither_export_nor_import(
    request, demo_contest, visitor
):
    client = request.getfixturevalue(visitor)
    assert client.get(PAGE).status_code == 403
    assert export(client, "clips", "xlsx").status_code == 403
    content = clips_csv(demo_contest, **{"HG-TP-1": {3: "Chiếm quyền"}})
    assert upload(client, "clips", content).status_code == 403
    assert confirm(client).status_code == 403
    assert Entry.objects.get(ref="HG-TP-1").title != "Chiếm quyền"


def test_the_secretariat_may_import(secretary, demo_contest):
    content = clips_csv(demo_contest, **{"HG-TP-1": {3: "Thư ký sửa"}})
    confirm(secretary, upload(secretary, "clips", content))
    assert Entry.objects.get(ref="HG-TP-1").title == "Thư ký sửa"
