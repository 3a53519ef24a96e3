"""A visitor reads the contest, its rules, prizes and the units' compliance, in both languages."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_home_page_shows_the_2022_contest_rules_prizes_and_compliance_in_vietnamese(
    page: Page, demo_site
):
    page.goto(demo_site.url)

    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("heading", level=1)).to_contain_text("video clip")
    facts = page.locator("dl.facts")
    expect(facts).to_contain_text("01/03/2022")
    expect(facts).to_contain_text("30/06/2022")
    expect(facts).to_contain_text("15/06/2022")
    expect(page.locator(".prizes")).to_contain_text("Giải Nhất")
    expect(page.locator(".prizes")).to_contain_text("3.000.000 đ")
    expect(page.locator(".prize--total")).to_contain_text("17.500.000 đ")

    table = page.locator("#compliance-table")
    expect(table.locator("tbody tr")).to_have_count(10)
    dong_van = table.locator("tr[data-unit='HG-DV']")
    expect(dong_van.locator("td.num").nth(0)).to_have_text("2")
    expect(dong_van.locator("td.num").nth(1)).to_have_text("2")
    expect(dong_van.locator(".badge").nth(1)).to_have_class(re.compile("badge--ok"))
    meo_vac = table.locator("tr[data-unit='HG-MV']")
    expect(meo_vac.locator(".badge").nth(0)).to_have_class(re.compile("badge--bad"))
    expect(meo_vac.locator(".badge").nth(1)).to_have_class(re.compile("badge--warn"))


def test_visitor_switches_the_home_page_to_english_and_back(page: Page, demo_site):
    page.goto(demo_site.url)
    page.get_by_role("button", name="English").click()
    expect(page).to_have_url(f"{demo_site.url}/en/")

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Prizes")).to_be_visible()
    expect(page.locator(".prizes")).to_contain_text("First prize")

    page.get_by_role("button", name="Tiếng Việt").click()
    expect(page).to_have_url(f"{demo_site.url}/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.locator(".prizes")).to_contain_text("Giải Nhất")


def test_home_page_is_readable_on_a_phone(page: Page, demo_site):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(demo_site.url)

    # The page itself never scrolls sideways; only the table scrolls inside its wrapper.
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    expect(page.locator("#compliance-table")).to_be_attached()


def test_demo_organiser_logs_in_and_out(page: Page, demo_site):
    page.goto(demo_site.url)
    page.get_by_role("link", name=re.compile("Đăng nhập|Log in")).click()
    page.get_by_label(re.compile("Tên đăng nhập|Username")).fill("bantochuc")
    page.get_by_label(re.compile("Mật khẩu|Password")).fill("bantochuc-2022")
    page.get_by_role("button", name=re.compile("Đăng nhập|Log in")).click()

    expect(page.locator(".user-name")).to_contain_text("Tổ Chức")
    page.get_by_role("button", name=re.compile("Đăng xuất|Thoát|Log out")).click()
    expect(page.get_by_role("link", name=re.compile("Đăng nhập|Log in"))).to_be_visible()


def test_wrong_password_is_refused_with_a_message(page: Page, demo_site):
    page.goto(f"{demo_site.url}/accounts/login/")
    page.get_by_label(re.compile("Tên đăng nhập|Username")).fill("bantochuc")
    page.get_by_label(re.compile("Mật khẩu|Password")).fill("wrong")
    page.get_by_role("button", name=re.compile("Đăng nhập|Log in")).click()
    expect(page.get_by_role("alert")).to_be_visible()
