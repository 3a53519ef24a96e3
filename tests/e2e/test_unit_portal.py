"""A unit representative, as a new user would: logs in, adds two clips by link, sees a third
refused for its duration with the reason, prepares the letter, uploads its scan; another unit's
representative cannot open the first unit's clip by its address."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from factories import UnitFactory
from playwright.sync_api import Page, expect

from clipcontest.accounts.models import Role
from clipcontest.accounts.services import ensure_account
from clipcontest.entries.models import Entry, OfficialLetter

pytestmark = pytest.mark.browser
SCREENSHOTS = Path("test-results/screenshots")
PASSWORD = "Mèo-Vạc-2022!"


@pytest.fixture
def site(transactional_db, live_server, open_contest, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    meo_vac = UnitFactory(
        code="HG-MV",
        name="Ban Chỉ đạo 35 Huyện ủy Mèo Vạc",
        place="Mèo Vạc",
        superior_body="HUYỆN ỦY MÈO VẠC",
    )
    dong_van = UnitFactory(code="HG-DV", name="Ban Chỉ đạo 35 Huyện ủy Đồng Văn")
    ensure_account(username="hg-mv", password=PASSWORD, role=Role.UNIT_REPRESENTATIVE, unit=meo_vac)
    ensure_account(
        username="hg-dv", password=PASSWORD, role=Role.UNIT_REPRESENTATIVE, unit=dong_van
    )
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return live_server


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label(re.compile("Tên đăng nhập|Username")).fill(username)
    page.get_by_label(re.compile("Mật khẩu|Password")).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Đăng nhập|Log in")).click()


def add_clip(page: Page, *, url: str, title: str, author: str, duration: str = "") -> None:
    page.get_by_role("button", name=re.compile("Thêm clip")).click()
    page.get_by_label(re.compile("Đường dẫn")).fill(url)
    expect(page.locator("#link-check")).to_contain_text(re.compile("nhận diện|recognised"))
    page.get_by_label(re.compile("Tên clip")).fill(title)
    page.get_by_label(re.compile("Thể loại")).select_option("short_film")
    page.get_by_label(re.compile("Chủ đề")).select_option("refute_false_information")
    page.locator("#id_authors-0-name").fill(author)
    page.locator("#id_authors-0-category").select_option("collaborator_35")
    if duration:
        page.locator("details > summary").click()
        page.locator("#id_duration").fill(duration)
    page.locator("#id_rights_confirmed").check()
    page.get_by_role("button", name=re.compile("Gửi clip dự thi|Enter the clip")).click()


def test_unit_representative_enters_clips_and_sends_the_letter(page: Page, site, tmp_path):
    log_in(page, site.url, "hg-mv")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mèo Vạc")
    page.screenshot(path=SCREENSHOTS / "unit-home-empty.png", full_page=True)

    add_clip(
        page,
        url="https://www.youtube.com/watch?v=Q1w2E3r4T5y",
        title="Mèo Vạc nói không với tin giả",
        author="Vàng Thị Dính",
        duration="4:05",
    )
    expect(page.locator(".flash--success")).to_be_visible()
    page.get_by_role("link", name=re.compile("Clip của đơn vị|Our clips")).first.click()
    add_clip(
        page,
        url="https://vt.tiktok.com/ZSabc123/",
        title="Bình luận ác ý",
        author="Hoàng Văn Páo",
        duration="0:58",
    )
    page.get_by_role("link", name=re.compile("Clip của đơn vị|Our clips")).first.click()

    # A third clip, typed as 12 minutes: refused as not eligible, with the reason.
    add_clip(
        page,
        url="https://www.facebook.com/reel/734567890123456",
        title="Phim dài quá",
        author="Lù Thị Mai",
        duration="12:00",
    )
    page.get_by_role("link", name=re.compile("Clip của đơn vị|Our clips")).first.click()
    long_clip = page.locator(".entry-card", has_text="Phim dài quá")
    expect(long_clip.locator(".badge")).to_have_class(re.compile("badge--bad"))
    expect(long_clip.locator("[data-code='duration_too_long']")).to_contain_text("12:00")
    expect(page.locator("#stat-eligible .stat__value")).to_have_text("2/2")
    page.screenshot(path=SCREENSHOTS / "unit-home-clips.png", full_page=True)

    # The letter: prepared, downloaded, signed scan uploaded.
    page.get_by_role("button", name=re.compile("Soạn công văn|Prepare a letter")).click()
    page.get_by_label(re.compile("Số, ký hiệu|Number and symbol")).fill("12-CV/BCĐ35")
    page.get_by_label(re.compile("Ngày ban hành|Date of the letter")).fill("2022-06-09")
    page.get_by_label(re.compile("Người ký|Signed by")).first.fill("Hoàng Văn Páo")
    page.get_by_role("button", name=re.compile("Soạn công văn|Write the letter")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("12-CV/BCĐ35")
    with page.expect_download() as download:
        page.get_by_role("button", name="PDF", exact=True).click()
    assert download.value.suggested_filename.endswith(".pdf")
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"%PDF-1.4\n% signed and scanned\n")
    page.locator("input[type=file]").set_input_files(str(scan))
    page.get_by_role("button", name=re.compile("Tải bản quét|Upload the scan")).click()
    expect(page.locator(".flash--success")).to_be_visible()
    page.screenshot(path=SCREENSHOTS / "unit-letter.png", full_page=True)

    letter = OfficialLetter.objects.get()
    assert letter.scan and letter.entries.count() == 3
    assert Entry.objects.filter(unit__code="HG-MV").count() == 3


def test_another_units_representative_cannot_open_the_clip_by_its_address(
    page: Page, site, browser
):
    log_in(page, site.url, "hg-mv")
    add_clip(
        page,
        url="https://www.youtube.com/watch?v=Q1w2E3r4T5y",
        title="Clip riêng của Mèo Vạc",
        author="Vàng Thị Dính",
    )
    clip_address = page.url

    other = browser.new_context().new_page()
    log_in(other, site.url, "hg-dv")
    response = other.goto(clip_address)
    assert response.status == 404
    expect(other.locator("body")).not_to_contain_text("Clip riêng của Mèo Vạc")
