"""An organiser, as a new user would, runs the jury from the pages alone: seats a member from a
unit, declares a conflict, assigns the clips, finalises the results and reopens them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from clipcontest.audit.models import AuditEvent
from clipcontest.judging.models import Assignment, Conflict, JuryMember

from .test_jury import log_in

pytestmark = pytest.mark.browser
SCREENSHOTS = Path("test-results/screenshots")


def test_an_organiser_seats_a_member_declares_a_conflict_and_assigns(page: Page, demo_site):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    log_in(page, demo_site.url, "bantochuc", "bantochuc-2022")
    page.goto(f"{demo_site.url}/organiser/jury/")

    form = page.locator("#add-member form")
    form.get_by_label(re.compile("Tên đăng nhập|Username")).fill("gk.lan")
    form.get_by_label(re.compile("Họ và tên|Full name")).fill("Lò Thị Lan")
    form.get_by_label(re.compile("E-mail")).fill("lan@example.org")
    form.get_by_label(re.compile("Thuộc đơn vị|Belongs to unit")).select_option("HG-DV")
    form.get_by_role("button").click()
    expect(page.locator(".flash--success")).to_contain_text("Lò Thị Lan")
    expect(page.get_by_role("row", name=re.compile("Lò Thị Lan"))).to_contain_text("HG-DV")

    conflicts = page.locator("#conflicts form")
    conflicts.get_by_label(re.compile("Thành viên Ban Giám khảo|Jury member")).select_option(
        str(JuryMember.objects.get(user__username="giamkhao").pk)
    )
    conflicts.get_by_label(re.compile("Không chấm|Does not score")).fill("HG-MV-2")
    conflicts.get_by_label(re.compile("Lý do|Reason")).fill("Tác giả là người nhà")
    conflicts.get_by_role("button").click()
    expect(page.locator("#conflicts table")).to_contain_text("Tác giả là người nhà")

    page.locator("#assignment form").get_by_role("button").click()
    expect(page.locator(".flash--success")).to_be_visible()
    page.screenshot(path=SCREENSHOTS / "organiser-jury-management.png", full_page=True)

    lan = JuryMember.objects.get(user__username="gk.lan")
    refs = set(Assignment.objects.filter(member=lan).values_list("entry__ref", flat=True))
    assert refs and not any(ref.startswith("HG-DV-") for ref in refs)
    assert not Assignment.objects.filter(
        member__user__username="giamkhao", entry__ref="HG-MV-2"
    ).exists()
    assert Conflict.objects.get().reason == "Tác giả là người nhà"

    page.goto(f"{demo_site.url}/organiser/results/")
    page.locator("#decide-reason").fill("Họp Ban Giám khảo ngày 05/7/2022")
    page.locator("#decide-form button").click()
    page.goto(f"{demo_site.url}/organiser/jury/")
    expect(page.locator("main")).not_to_contain_text(
        re.compile("Thêm vào Ban Giám khảo|Add to the jury")
    )
    expect(page.locator(".flash--warning")).to_be_visible()

    page.goto(f"{demo_site.url}/organiser/results/")
    page.locator("#decide-reason").fill("Xem lại điểm clip HG-VX-1")
    page.locator("#decide-form button").click()
    page.goto(f"{demo_site.url}/organiser/jury/")
    expect(page.locator("#add-member")).to_be_visible()
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "jury.import",
        "jury.conflict",
        "jury.assign",
        "results.finalise",
        "results.reopen",
    } <= actions
