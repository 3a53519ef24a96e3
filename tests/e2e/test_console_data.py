"""An organiser corrects clips through a spreadsheet (export, edit, preview, import) and decides
which of two clips of the same video counts, from the console pages alone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from clipcontest.entries.exports import HEADING_OF
from clipcontest.entries.models import Entry

from .test_jury import log_in

pytestmark = pytest.mark.browser
SCREENSHOTS = Path("test-results/screenshots")
NEW_TITLE = "Tin giả về giá điện: sự thật là gì? (bản sửa)"


def test_an_organiser_exports_edits_previews_and_imports_the_clips(page: Page, demo_site, tmp_path):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    log_in(page, demo_site.url, "bantochuc", "bantochuc-2022")
    page.goto(f"{demo_site.url}/organiser/")
    page.locator("main a[href*='/organiser/exports/']").click()

    with page.expect_download() as download:
        page.locator("#export-clips-xlsx").click()
    exported = tmp_path / download.value.suggested_filename
    download.value.save_as(exported)
    assert exported.suffix == ".xlsx"

    workbook = load_workbook(exported)
    sheet = workbook.active
    headers = [cell.value for cell in sheet[1]]
    title_column = headers.index(HEADING_OF["title"]) + 1
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == "HG-TP-1")
    sheet.cell(row, title_column).value = NEW_TITLE
    edited = tmp_path / "clips-edited.xlsx"
    workbook.save(edited)

    page.locator("#import-clips input[type=file]").set_input_files(edited)
    page.locator("#import-clips button").click()
    updates = page.locator("#import-updates")
    expect(updates).to_contain_text("HG-TP-1")
    expect(updates).to_contain_text(NEW_TITLE)
    page.screenshot(path=SCREENSHOTS / "console-import-preview.png", full_page=True)
    assert Entry.objects.get(ref="HG-TP-1").title != NEW_TITLE  # a preview stores nothing

    page.locator("#import-confirm button").click()
    expect(page.locator(".flash--success")).to_be_visible()
    assert Entry.objects.get(ref="HG-TP-1").title == NEW_TITLE


def test_an_organiser_decides_which_clip_of_a_shared_video_counts(page: Page, demo_site):
    log_in(page, demo_site.url, "bantochuc", "bantochuc-2022")
    page.goto(f"{demo_site.url}/organiser/")
    page.locator("main a[href*='/organiser/duplicates/']").click()

    # The demo's HG-TP-1 and HG-BQ-1 are the same YouTube video; the earlier one stands.
    expect(page.locator("#clip-HG-TP-1")).to_have_attribute("data-stands", "true")
    later = page.locator("#clip-HG-BQ-1")
    later.locator("summary").click()
    later.get_by_label(re.compile("Lý do|Reason")).fill("Bắc Quang là tác giả gốc của video")
    later.get_by_role("button", name=re.compile("HG-BQ-1")).click()

    expect(page.locator("#clip-HG-BQ-1")).to_have_attribute("data-stands", "true")
    expect(page.locator("#clip-HG-TP-1")).not_to_have_attribute("data-stands", "true")
    assert Entry.objects.get(ref="HG-BQ-1").stands_for_video
