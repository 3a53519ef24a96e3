"""A unit representative of the demo, as a new user would, proves that a clip was shared into the
provincial group (Kế hoạch mục IV.2): a link into another group is refused with the reason; the
link of the share in the group of the rules file is saved and the warning goes.

The 2022 contest is closed, so, like every unit in the demo, the representative works in the
practice run the demo opens today (same rules, same group)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from clipcontest.contests.models import Contest
from clipcontest.entries.models import Entry
from clipcontest.entries.services import AuthorDraft, EntryDraft, submit_entry
from clipcontest.units.models import Unit

from .test_jury import log_in

pytestmark = pytest.mark.browser
SCREENSHOTS = Path("test-results/screenshots")
SHARE = "https://www.facebook.com/groups/304102323603847/posts/1234567890123456/"
OTHER_GROUP = "https://www.facebook.com/groups/999888777666/posts/1234567890123456/"


@pytest.fixture
def practice_clip(demo_site, settings):
    """A clip of Đồng Văn in the practice run, entered without proof of the share."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    return submit_entry(
        contest=Contest.objects.get(practice=True),
        unit=Unit.objects.get(code="HG-DV"),
        draft=EntryDraft(
            title="Đồng Văn nói không với tin giả",
            url="https://www.youtube.com/watch?v=Q1w2E3r4T5y",
            genre="comedy",
            theme="refute_false_information",
            authors=(AuthorDraft("Sùng Mí Chá"),),
            rights_confirmed=True,
        ),
    )


def test_unit_adds_the_share_into_the_group_and_the_warning_goes(
    page: Page, demo_site, practice_clip
):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    log_in(page, demo_site.url, "donvi.dongvan", "dongvan-2022")
    page.goto(f"{demo_site.url}/unit/clips/{practice_clip.ref}/")
    warning = page.locator("[data-code='not_shared_to_group']")
    expect(warning).to_contain_text("Miền Cực bắc")

    page.get_by_role("button", name=re.compile("^(Sửa|Edit)$")).click()
    expect(page.locator("#group-share")).to_contain_text("Miền Cực bắc")
    page.locator("#id_group_post_url").fill(OTHER_GROUP)
    page.get_by_role("button", name=re.compile("^(Lưu|Save)$")).click()
    expect(page.locator("#group-share .field-error")).to_contain_text(
        re.compile("nhóm khác \\(999888777666\\)|another group \\(999888777666\\)")
    )
    page.screenshot(path=SCREENSHOTS / "unit-group-share-refused.png", full_page=True)
    assert Entry.objects.get(pk=practice_clip.pk).group_post_url == ""

    page.locator("#id_group_post_url").fill(SHARE)
    page.get_by_role("button", name=re.compile("^(Lưu|Save)$")).click()
    expect(page.locator(".flash--success")).to_be_visible()
    expect(page.locator("#group-share a").first).to_have_attribute("href", SHARE)
    expect(page.locator("[data-code='not_shared_to_group']")).to_have_count(0)
    page.screenshot(path=SCREENSHOTS / "unit-group-share-saved.png", full_page=True)
    assert Entry.objects.get(pk=practice_clip.pk).group_post_canonical == SHARE
