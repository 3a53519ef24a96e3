"""Someone scans the QR code of a certificate and sees that it is genuine."""

from __future__ import annotations

import pytest
from awards.conftest import chair, fast_password_hashing  # noqa: F401 - a fixture
from playwright.sync_api import Page, expect

from clipcontest.awards.services import issue_certificates
from clipcontest.documents.certificates import verification_url

pytestmark = pytest.mark.browser


def test_the_address_printed_on_a_certificate_opens_its_verification_page(
    page: Page, live_server, transactional_db, finalised
):
    first = issue_certificates(contest=finalised, by=chair()).certificates[0]
    url = verification_url(first, live_server.url)  # what the QR code encodes and the PDF prints

    page.goto(url)

    expect(page.locator("html")).to_have_attribute("lang", "vi")
    facts = page.locator("dl.verify-facts")
    expect(facts).to_contain_text("Giải Nhất")
    expect(facts).to_contain_text(first.title)
    expect(facts).to_contain_text(first.serial)
    expect(facts).to_contain_text("3.000.000 đ")
    expect(page.locator(".verify-status")).to_have_class("flash flash--success verify-status")


def test_a_mistyped_number_is_reported_not_found(page: Page, live_server, transactional_db):
    response = page.goto(f"{live_server.url}/en/verify/SC35-2022-001-XXXXX/")

    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("No certificate has this number")
