"""An organiser, as a new user would, turns on two-factor login from the QR page, logs out, and
logs in again with the password and then the code of the app; a wrong code is refused. No page
on the way breaks the Content-Security-Policy."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from accounts.totp import code_from_key, key_from_secret, wrong_code
from playwright.sync_api import ConsoleMessage, Page, expect

from clipcontest.audit.models import AuditEvent

from .test_jury import log_in

pytestmark = pytest.mark.browser
SCREENSHOTS = Path("test-results/screenshots")


def test_an_organiser_turns_on_two_factor_and_logs_in_with_a_code(page: Page, demo_site):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    blocked: list[str] = []

    def watch(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            blocked.append(message.text)

    page.on("console", watch)
    base = demo_site.url
    log_in(page, base, "bantochuc", "bantochuc-2022")
    expect(page).to_have_url(re.compile(r"/organiser/"))

    page.goto(f"{base}/accounts/password_change/")
    page.locator("#two-factor-link").click()
    qr = page.locator("#two-factor-qr")
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.naturalWidth") > 0  # the QR code is drawn, not blocked
    page.screenshot(path=SCREENSHOTS / "two-factor-setup.png", full_page=True)
    key = key_from_secret(page.locator("#two-factor-secret").inner_text())

    form = page.locator("#two-factor-setup form")
    form.get_by_label(re.compile("6")).fill(code_from_key(key))
    form.get_by_role("button").click()
    expect(page.locator(".flash--success")).to_be_visible()
    expect(page.locator("#two-factor-status .badge--ok")).to_be_visible()

    page.locator("header form[action$='/logout/'] button").click()
    log_in(page, base, "bantochuc", "bantochuc-2022")
    expect(page).to_have_url(re.compile(r"/accounts/login/code/$"))

    # The code just used to turn it on is spent; the app's next one is what a person types.
    next_code = code_from_key(key, steps_ahead=1)
    page.get_by_label(re.compile("6")).fill(wrong_code(next_code))
    page.get_by_role("button", name=re.compile("Đăng nhập|Log in")).last.click()
    expect(page.locator(".field-error")).to_contain_text(re.compile("Mã xác thực không đúng"))
    expect(page).to_have_url(re.compile(r"/accounts/login/code/$"))
    page.screenshot(path=SCREENSHOTS / "two-factor-wrong-code.png", full_page=True)

    page.wait_for_timeout(1100)  # django-otp's pause after a wrong code (1 s)
    page.get_by_label(re.compile("6")).fill(next_code)
    page.get_by_role("button", name=re.compile("Đăng nhập|Log in")).last.click()
    expect(page).to_have_url(re.compile(r"/organiser/$"))
    expect(page.locator("header .user-name")).to_be_visible()

    actions = list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))
    assert actions.count("auth.2fa_enabled") == 1 and actions.count("auth.2fa_failed") == 1
    assert AuditEvent.objects.filter(action="auth.login", after__two_factor=True).count() == 1
    assert not blocked, blocked
