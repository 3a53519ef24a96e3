"""A jury member, as a new user would: logs in, scores three clips blind with the keyboard
focus on the first criterion, sees the progress 3/5; the organiser then sees that progress
and the three clips in the ranking."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from clipcontest.contests.models import Contest
from clipcontest.judging.models import Assignment, JuryMember
from clipcontest.units.models import Unit

pytestmark = pytest.mark.browser
SCREENSHOTS = Path("test-results/screenshots")
CLIPS = ["HG-BQ-2", "HG-DV-1", "HG-KCQ-1", "HG-MV-2", "HG-TP-2"]
SCORES = {"content": "32.5", "creativity": "20", "technique": "18.5", "reach": "7"}


@pytest.fixture
def site(demo_site):
    """The demo (which seats its jury account on the 2022 contest), cut down to five clips."""
    contest = Contest.objects.get(practice=False)
    member = JuryMember.objects.get(contest=contest, user__username="giamkhao")
    Assignment.objects.filter(member=member).exclude(entry__ref__in=CLIPS).delete()
    assert Assignment.objects.filter(member=member).count() == len(CLIPS)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return demo_site


def log_in(page: Page, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label(re.compile("Tên đăng nhập|Username")).fill(username)
    page.get_by_label(re.compile("Mật khẩu|Password")).fill(password)
    page.get_by_role("button", name=re.compile("Đăng nhập|Log in")).click()


def test_jury_member_scores_three_clips_and_the_organiser_sees_the_progress(page: Page, site):
    log_in(page, site.url, "giamkhao", "giamkhao-2022")

    expect(page).to_have_url(re.compile(r"/jury/$"))
    expect(page.locator("progress#jury-progress-bar")).to_have_attribute("value", "0")
    html = page.content()
    for unit in Unit.objects.all():
        assert unit.name not in html and unit.code not in html
    page.screenshot(path=SCREENSHOTS / "jury-home.png", full_page=True)

    page.locator(".jury-clips a").first.click()
    for number in range(1, 4):
        expect(page.get_by_role("heading", level=1)).to_contain_text(f"Clip {number} —")
        expect(page.locator("#points-content")).to_be_focused()
        for key, value in SCORES.items():
            page.locator(f"#points-{key}").fill(value)
        if number == 1:
            page.screenshot(path=SCREENSHOTS / "jury-clip.png", full_page=True)
        page.get_by_role("button", name=re.compile("^(Submit|Gửi điểm)$")).click()
        expect(page.locator(".flash--success")).to_be_visible()

    page.get_by_role("link", name=re.compile("All my clips|Tất cả clip")).click()
    expect(page.locator(".jury-progress")).to_contain_text("3/5")
    expect(page.locator("progress#jury-progress-bar")).to_have_attribute("value", "3")
    page.screenshot(path=SCREENSHOTS / "jury-progress.png", full_page=True)

    page.get_by_role("button", name=re.compile("Đăng xuất|Log out")).click()
    log_in(page, site.url, "bantochuc", "bantochuc-2022")
    page.goto(f"{site.url}/organiser/jury/")
    row = page.get_by_role("row", name=re.compile("Trần Thị Giám Khảo"))
    expect(row).to_contain_text("3/5")
    page.screenshot(path=SCREENSHOTS / "jury-organiser.png", full_page=True)

    response = page.goto(f"{site.url}/organiser/results/")
    assert response is not None and response.status == 200
    # 32.5 + 20 + 18.5 + 7: the three submitted clips are ranked with the member's total.
    expect(page.locator("main")).to_contain_text(re.compile(r"78[,.]00"))
    page.screenshot(path=SCREENSHOTS / "jury-results.png", full_page=True)
