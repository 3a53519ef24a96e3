"""An organiser fills in the committees from the page alone: adds a member to the secretariat,
gives the demo's juror a place, numbers a decision, and sees the page as the decisions print it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from clipcontest.committees.models import CommitteeMember, FoundingDecision

from .test_jury import log_in

pytestmark = pytest.mark.browser
SCREENSHOTS = Path("test-results/screenshots")


def test_an_organiser_adds_moves_and_numbers_from_the_page(page: Page, demo_site):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    log_in(page, demo_site.url, "bantochuc", "bantochuc-2022")
    page.goto(f"{demo_site.url}/organiser/committees/?contest=sc35-2022")
    organising = page.locator("#committee-organising")
    expect(organising.get_by_role("row", name=re.compile("Hoàng Minh Đức"))).to_contain_text(
        "Trưởng ban"
    )
    expect(page.locator("#committee-jury")).to_contain_text("Trần Thị Giám Khảo")

    secretariat = page.locator("#committee-secretariat")
    secretariat.locator("details > summary").last.click()
    form = secretariat.locator("form.grid-form").first
    form.locator("input[name=full_name]").fill("Ma Thị Hoa")
    form.locator("input[name=position]").fill("Chuyên viên Văn phòng Ban Tuyên giáo Tỉnh ủy")
    form.get_by_role("button").click()
    expect(page.locator(".flash--success")).to_contain_text("Ma Thị Hoa")

    row = page.locator("#committee-secretariat").get_by_role("row", name=re.compile("Ma Thị Hoa"))
    row.get_by_role("link").click()
    page.locator("#edit input[name=place]").fill("2")
    page.locator("#edit button[type=submit]").click()
    rows = page.locator("#committee-secretariat tbody tr")
    expect(rows.nth(1)).to_contain_text("Ma Thị Hoa")

    decision = page.locator("#decision-secretariat")
    decision.locator("input[name=number]").fill("03")
    decision.get_by_role("button").click()
    expect(page.locator(".flash--success")).to_be_visible()
    page.screenshot(path=SCREENSHOTS / "organiser-committees.png", full_page=True)

    hoa = CommitteeMember.objects.get(full_name="Ma Thị Hoa")
    assert (hoa.committee, hoa.order) == ("secretariat", 2)
    assert FoundingDecision.objects.get(committee="secretariat").number == "03"
