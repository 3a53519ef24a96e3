"""An organiser opens the summary report of the demo contest: the participation table, the
charts drawn (each image loaded, not a broken icon), and the report downloaded as Word; the
same page on a phone keeps its tables inside their scrolling frames."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser
SCREENSHOTS = Path("test-results/screenshots")
# The first chart loads with the page; the others only once scrolled to (loading="lazy").
CHART_LOADED = "img => img.complete && img.naturalWidth > 0"


def log_in(page: Page, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label(re.compile("Tên đăng nhập|Username")).fill(username)
    page.get_by_label(re.compile("Mật khẩu|Password")).fill(password)
    page.get_by_role("button", name=re.compile("Đăng nhập|Log in")).click()


def test_organiser_reads_the_report_sees_the_charts_and_downloads_the_docx(
    page: Page, demo_site, tmp_path
):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    log_in(page, demo_site.url, "bantochuc", "bantochuc-2022")
    expect(page).to_have_url(re.compile(r"/organiser/"))

    page.goto(f"{demo_site.url}/organiser/report/")

    table = page.locator("#participation-table")
    expect(table.locator('tr[data-unit="HG-TP"]')).to_contain_text("Thành ủy Hà Giang")
    expect(table.locator("tfoot")).to_contain_text("17")
    expect(page.locator("#clips-eligible")).to_have_text("12")
    chart = page.locator("#chart-participation")
    chart.scroll_into_view_if_needed()
    page.wait_for_function(f"({CHART_LOADED})(document.querySelector('#chart-participation'))")
    assert chart.evaluate("img => img.naturalWidth") > 0
    page.screenshot(path=SCREENSHOTS / "report.png", full_page=True)

    with page.expect_download() as download_info:
        page.locator("#report-docx").click()
    download = download_info.value
    assert download.suggested_filename == "bao-cao-tong-ket-sc35-2022.docx"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert saved.read_bytes()[:2] == b"PK"


def test_on_a_phone_the_tables_scroll_inside_their_frame(page: Page, demo_site):
    page.set_viewport_size({"width": 375, "height": 740})
    log_in(page, demo_site.url, "bantochuc", "bantochuc-2022")

    page.goto(f"{demo_site.url}/organiser/report/")

    expect(page.locator("#participation-table")).to_be_visible()
    page_width = page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= 375  # the page itself never scrolls sideways
    for chart in page.locator("img.report-chart").all():
        chart.scroll_into_view_if_needed()
        expect(chart).to_have_js_property("complete", True)
        assert chart.evaluate(CHART_LOADED)
    page.screenshot(path=SCREENSHOTS / "report-phone.png", full_page=True)
