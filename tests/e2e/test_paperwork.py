"""The contest's own paperwork from the pages: anyone reads the rules (Thể lệ) written from the
rules file, and an organiser downloads the rules and the three founding decisions."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from docx import Document
from playwright.sync_api import Page, expect

from .test_jury import log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def site(demo_site, settings):
    # No worker in the browser tests: the document is made as soon as it is asked for.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    return demo_site


def test_the_public_reads_the_rules_from_the_contest_page(page: Page, site):
    page.goto(f"{site.url}/contests/sc35-2022/")
    page.locator("main a[href$='/contests/sc35-2022/rules/']").click()

    main = page.locator("main")
    expect(main).to_contain_text(re.compile("Thể lệ cuộc thi", re.I))
    expect(main).to_contain_text("3.000.000")  # the first prize, in figures
    expect(main).to_contain_text("Ba triệu đồng")  # and in words
    expect(main).to_contain_text("Miền Cực bắc")  # the group to share into


def test_an_organiser_downloads_the_rules_and_the_founding_decisions(page: Page, site, tmp_path):
    log_in(page, site.url, "bantochuc", "bantochuc-2022")
    page.goto(f"{site.url}/organiser/documents/?contest=sc35-2022")

    page.get_by_role("button", name=re.compile(r"Thể lệ.*\(DOCX\)|Contest rules \(DOCX\)")).click()
    link = page.locator(".batch-download").first
    expect(link).to_contain_text(".docx")
    with page.expect_download() as download:
        link.click()
    rules = Document(download.value.path())
    text = "\n".join(paragraph.text for paragraph in rules.paragraphs)
    assert "THỂ LỆ" in text.upper() and "10 phút" in text

    page.get_by_role("button", name=re.compile("thành lập|Founding decisions")).click()
    link = page.locator(".batch-download").first
    expect(link).to_contain_text(".zip")
    with page.expect_download() as download:
        link.click()
    with zipfile.ZipFile(download.value.path()) as archive:
        decisions = [name for name in archive.namelist() if name.endswith(".docx")]
        titles = {
            name: " ".join(p.text for p in Document(io.BytesIO(archive.read(name))).paragraphs)
            for name in decisions
        }
    assert len(decisions) == 3
    joined = " ".join(titles.values()).upper()
    for committee in ("BAN TỔ CHỨC", "BAN GIÁM KHẢO", "TỔ THƯ KÝ"):
        assert committee in joined
