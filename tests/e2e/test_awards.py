"""An organiser, as a new user would, makes the certificates and the payout list from the
finalised results, downloads them, and the public sees the winners and verifies a certificate."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from awards.conftest import chair
from awards.test_results import score_demo_contest
from playwright.sync_api import Page, expect

from clipcontest.awards.models import Certificate
from clipcontest.contests.models import Contest
from clipcontest.judging.models import JuryMember
from clipcontest.judging.services import finalise_results

from .test_jury import log_in

pytestmark = pytest.mark.browser
SCREENSHOTS = Path("test-results/screenshots")


@pytest.fixture
def finalised_site(demo_site, settings):
    # No worker in the browser tests: the document is made as soon as it is asked for.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    contest = Contest.objects.get(slug="sc35-2022")
    # The demo's own juror has every clip still to score; this round is the three judges' alone.
    JuryMember.objects.filter(contest=contest, user__username="giamkhao").delete()
    score_demo_contest(contest)
    finalise_results(contest=contest, by=chair(), reason="Họp Ban Giám khảo ngày 05/7/2022")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return demo_site


def test_certificates_and_payout_from_the_pages_then_the_public_verifies(
    page: Page, finalised_site, tmp_path
):
    log_in(page, finalised_site.url, "bantochuc", "bantochuc-2022")
    page.get_by_role("link", name=re.compile("^(Giải thưởng|Awards)$")).click()

    page.get_by_role("button", name=re.compile("Giấy chứng nhận|Certificates")).click()
    link = page.locator(".batch-download").first
    expect(link).to_contain_text("sc35-2022-giay-chung-nhan.zip")
    with page.expect_download() as download:
        link.click()
    saved = tmp_path / "gcn.zip"
    download.value.save_as(saved)
    with zipfile.ZipFile(saved) as archive:
        assert len([n for n in archive.namelist() if n.endswith(".pdf")]) == 6

    page.get_by_role(
        "button", name=re.compile(r"Danh sách chi trả \(XLSX\)|Payout list \(XLSX\)")
    ).click()
    expect(page.locator(".batch-download").first).to_contain_text(".xlsx")
    page.screenshot(path=SCREENSHOTS / "organiser-documents.png", full_page=True)

    serial = Certificate.objects.get(number=1).serial
    page.get_by_role("button", name=re.compile("Đăng xuất|Log out")).click()
    page.goto(f"{finalised_site.url}/results/")
    expect(page.get_by_role("heading", name="Giải Nhất")).to_be_visible()
    page.get_by_label(re.compile("Số in trên giấy chứng nhận|Number printed")).fill(serial.lower())
    page.get_by_role("button", name=re.compile("^(Xác thực|Verify)$")).click()
    expect(page.locator("main")).to_contain_text(serial)
    expect(page.locator("main")).to_contain_text("Giải Nhất")
    page.screenshot(path=SCREENSHOTS / "public-verify.png", full_page=True)
