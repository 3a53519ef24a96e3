"""An organiser runs the March-June phase from the console alone: finds the units below the
minimum, reminds them, verifies a duration only the unit vouched for, disqualifies a clip with a
reason that its unit then reads, and finds all of it in the audit log."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from clipcontest.audit.models import AuditEvent
from clipcontest.contests.models import Contest
from clipcontest.entries.models import DurationSource
from clipcontest.entries.services import AuthorDraft, EntryDraft, submit_entry
from clipcontest.reminders.models import Reminder
from clipcontest.units.models import Unit

from .test_jury import log_in

pytestmark = pytest.mark.browser
SCREENSHOTS = Path("test-results/screenshots")
REASON = "Nội dung không thuộc chủ đề phản bác thông tin sai trái"


def log_out(page: Page) -> None:
    page.get_by_role("button", name=re.compile("Đăng xuất|Log out")).click()


def test_an_organiser_reminds_verifies_and_disqualifies_and_the_unit_sees_why(
    page: Page, demo_site
):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    # The 2022 window is closed, so Đồng Văn works in the demo's practice run (open today):
    # two clips, the first with a duration only the unit typed.
    practice = Contest.objects.get(practice=True)
    dong_van = Unit.objects.get(code="HG-DV")
    typed, other = (
        submit_entry(
            contest=practice,
            unit=dong_van,
            draft=EntryDraft(
                title=title,
                url=url,
                genre="short_film",
                theme="refute_false_information",
                authors=(AuthorDraft("Giàng Thị Mỷ"),),
                duration_seconds=Decimal(75),
                rights_confirmed=True,
            ),
        )
        for title, url in (
            ("Đá nói", "https://www.youtube.com/watch?v=Zz9Yy8Xx7Ww"),
            ("Chợ phiên", "https://www.youtube.com/watch?v=Aa1Bb2Cc3Dd"),
        )
    )
    log_in(page, demo_site.url, "bantochuc", "bantochuc-2022")

    # 1. The units below the minimum of two eligible clips, from the dashboard's filter.
    page.goto(f"{demo_site.url}/organiser/")
    page.get_by_label(re.compile("dưới mức tối thiểu|below the minimum")).check()
    page.locator("#units form button[type=submit]").click()
    below = page.locator("#units tbody tr[data-unit]")
    expect(below.first).to_be_visible()
    codes = below.evaluate_all("rows => rows.map(r => r.dataset.unit)")
    assert "HG-YM" in codes and "HG-TP" not in codes
    page.screenshot(path=SCREENSHOTS / "console-dashboard.png", full_page=True)

    # 2. A reminder to one of them, by hand.
    page.goto(f"{demo_site.url}/organiser/reminders/")
    section = page.locator("section#below_minimum")
    section.locator("#below_minimum-HG-YM").check()
    section.get_by_role("button", name=re.compile("Gửi thư nhắc|Send a reminder")).click()
    expect(page.locator(".flash--success")).to_be_visible()
    expect(page.locator("#reminder-history")).to_contain_text("HG-YM")
    assert [m.to for m in mail.outbox] == [["bcd35.yenminh@example.vn"]]

    # 3. The duration only the unit vouched for, verified by hand.
    page.goto(f"{demo_site.url}/organiser/clips/?contest={practice.slug}&unit=HG-DV")
    page.get_by_role("link", name=typed.ref, exact=True).click()
    expect(page.locator("#findings")).to_contain_text(re.compile("xác minh|verif"))
    page.locator("#verify-duration").fill("1:15")
    page.locator("#verify-duration-note").fill("Đã xem hết bài đăng")
    page.get_by_role("button", name=re.compile("Xác minh thời lượng|Verify the duration")).click()
    expect(page.locator(".flash--success")).to_be_visible()
    expect(page.locator("#fact-duration .badge--ok")).to_be_visible()

    # 4. A clip disqualified with the reason its unit will read.
    page.goto(f"{demo_site.url}/organiser/clips/{other.ref}/?contest={practice.slug}")
    page.locator("#disqualify-ground").select_option("off_topic")
    page.locator("#disqualify-reason").fill(REASON)
    page.locator("#decision").get_by_role("button").click()
    expect(page.locator("#disqualification")).to_contain_text(REASON)
    page.screenshot(path=SCREENSHOTS / "console-clip.png", full_page=True)

    # The unit sees the outcome and the reason in its own portal.
    log_out(page)
    log_in(page, demo_site.url, "donvi.dongvan", "dongvan-2022")
    page.goto(f"{demo_site.url}/unit/clips/{other.ref}/")
    expect(page.locator("main")).to_contain_text(REASON)
    expect(page.locator("main")).to_contain_text(re.compile("Bị loại|Disqualified"))

    # The audit log shows the reminder, the verification and the disqualification.
    log_out(page)
    log_in(page, demo_site.url, "bantochuc", "bantochuc-2022")
    page.goto(f"{demo_site.url}/organiser/audit/")
    expect(page.locator("main table")).to_contain_text("HG-YM")
    page.goto(f"{demo_site.url}/organiser/audit/?contest={practice.slug}")
    log = page.locator("main table")
    for needle in (typed.ref, "Đã xem hết bài đăng", REASON):
        expect(log).to_contain_text(needle)
    page.screenshot(path=SCREENSHOTS / "console-audit.png", full_page=True)

    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"reminder.sent", "review.duration_verified", "review.disqualified"} <= actions
    assert Reminder.objects.filter(unit__code="HG-YM", manual=True).count() == 1
    typed.refresh_from_db()
    assert typed.duration_source == DurationSource.VERIFIED
