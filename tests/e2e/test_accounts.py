"""The organiser invites the units; a unit's representative follows the e-mailed link, chooses a
password and is logged in."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.browser
SCREENSHOTS = Path("test-results/screenshots")
LINK = re.compile(r"https?://\S+/accounts/invitation/\S+")


def test_organiser_invites_the_units_and_a_representative_sets_a_password_from_the_link(
    page: Page, browser: Browser, demo_site, mailoutbox
):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(f"{demo_site.url}/accounts/login/?next=/accounts/units/")
    page.get_by_label(re.compile("Tên đăng nhập|Username")).fill("bantochuc")
    page.get_by_label(re.compile("Mật khẩu|Password")).fill("bantochuc-2022")
    page.get_by_role("button", name=re.compile("Đăng nhập|Log in")).click()

    table = page.locator("#unit-accounts-table")
    expect(table.locator("tbody tr")).to_have_count(10)
    # Đồng Văn's demo representative already uses the account: nothing to tick there.
    expect(table.locator("tr[data-unit='HG-DV'] .badge--ok")).to_be_visible()
    expect(table.locator("tr[data-unit='HG-DV'] input[type=checkbox]")).to_have_count(0)
    expect(table.locator("input[type=checkbox]:checked")).to_have_count(9)
    page.screenshot(path=SCREENSHOTS / "accounts-invitations.png", full_page=True)

    page.get_by_role("button", name=re.compile("Tạo tài khoản|Create accounts")).click()

    expect(page.locator("#sent-table tbody tr")).to_have_count(9)
    expect(page.locator("#sent-table tr[data-unit='HG-MV']")).to_contain_text("hg-mv")
    page.screenshot(path=SCREENSHOTS / "accounts-invitations-sent.png", full_page=True)
    assert len(mailoutbox) == 9
    mail = next(m for m in mailoutbox if m.to == ["bcd35.meovac@example.vn"])
    link = LINK.search(mail.body).group(0)

    representative = browser.new_context().new_page()
    representative.goto(link)
    expect(representative.locator("article")).to_contain_text("Mèo Vạc")
    expect(representative.locator("#id_username_shown")).to_have_value("hg-mv")
    representative.locator("#id_new_password1").fill("Meo-Vac-2022!")
    representative.locator("#id_new_password2").fill("Meo-Vac-2022!")
    representative.get_by_role("button", name=re.compile("Đặt mật khẩu|Set my password")).click()

    expect(representative).to_have_url(f"{demo_site.url}/unit/")
    expect(representative.locator(".user-name")).to_contain_text("hg-mv")
    representative.screenshot(path=SCREENSHOTS / "accounts-invitation-accepted.png")
    representative.context.close()
