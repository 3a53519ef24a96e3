"""The plan (Kế hoạch mục IV.2): a unit shares its clip into the provincial Facebook group and
proves it with the share's link or, for a private group, a screenshot. The entry services keep
that proof, refuse a post in another group or a file that is not a screenshot, and undo the
organisers' verification when the proof changes."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from factories import UnitFactory
from PIL import Image

from clipcontest.accounts.models import Role
from clipcontest.accounts.services import ensure_account
from clipcontest.audit.models import AuditEvent
from clipcontest.entries.models import Entry
from clipcontest.entries.screenshots import MAX_BYTES
from clipcontest.entries.services import (
    AuthorDraft,
    EntryDraft,
    EntryRefused,
    submit_entry,
    update_entry,
)

pytestmark = pytest.mark.django_db

CANONICAL = "https://www.facebook.com/groups/304102323603847/posts/1234567890123456/"
PERMALINK = "facebook.com/groups/304102323603847/permalink/1234567890123456/"
OTHER_GROUP = "https://www.facebook.com/groups/999888777666/posts/1234567890123456/"
ANOTHER_POST = "https://www.facebook.com/groups/304102323603847/posts/6543210987654321/"


def png_bytes(size: tuple[int, int] = (8, 8), fmt: str = "PNG") -> bytes:
    """A real, tiny image as a phone would save it."""
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format=fmt)
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def unit():
    return UnitFactory(code="HG-MV", name="Ban Chỉ đạo 35 Huyện ủy Mèo Vạc")


def draft(**changes) -> EntryDraft:
    values = {
        "title": "Tỉnh táo trước tin giả",
        "url": "https://www.youtube.com/watch?v=Q1w2E3r4T5y",
        "genre": "comedy",
        "theme": "refute_false_information",
        "authors": (AuthorDraft("Vàng Thị Dính"),),
        "rights_confirmed": True,
    }
    return EntryDraft(**(values | changes))


def refused(call) -> dict:
    with pytest.raises(EntryRefused) as refusal:
        call()
    return refusal.value.problems


# --- the link of the share -------------------------------------------------------------------


def test_a_share_into_the_contests_group_is_stored_as_given_and_canonical(open_contest, unit):
    entry = submit_entry(
        contest=open_contest, unit=unit, draft=draft(group_post_url=f"  {PERMALINK} ")
    )

    entry.refresh_from_db()
    assert entry.group_post_url == PERMALINK
    assert entry.group_post_canonical == CANONICAL
    assert entry.has_group_share


def test_a_share_into_another_group_is_refused_saying_why_and_nothing_is_stored(open_contest, unit):
    problems = refused(
        lambda: submit_entry(
            contest=open_contest, unit=unit, draft=draft(group_post_url=OTHER_GROUP)
        )
    )

    message = problems["group_post_url"]
    assert "999888777666" in message.vi and "Miền Cực bắc" in message.vi
    assert "another group" in message.en
    assert Entry.objects.count() == 0 and AuditEvent.objects.count() == 0


def test_editing_a_clip_to_a_share_in_another_group_changes_nothing(open_contest, unit):
    entry = submit_entry(contest=open_contest, unit=unit, draft=draft(group_post_url=CANONICAL))
    before = Entry.objects.values().get(pk=entry.pk)

    problems = refused(lambda: update_entry(entry=entry, draft=draft(group_post_url=OTHER_GROUP)))

    assert set(problems) == {"group_post_url"}
    assert Entry.objects.values().get(pk=entry.pk) == before


def test_a_contest_whose_rules_name_no_group_asks_for_no_share_link(open_contest, unit):
    open_contest.facebook_group_id = ""
    open_contest.save(update_fields=["facebook_group_id"])

    problems = refused(
        lambda: submit_entry(contest=open_contest, unit=unit, draft=draft(group_post_url=CANONICAL))
    )

    assert "no Facebook group" in problems["group_post_url"].en


def test_the_audit_log_shows_the_share_before_and_after_an_edit(open_contest, unit):
    entry = submit_entry(contest=open_contest, unit=unit, draft=draft())

    update_entry(entry=entry, draft=draft(group_post_url=CANONICAL))

    event = AuditEvent.objects.get(action="entry.updated")
    assert (event.before["group_post"], event.after["group_post"]) == ("", CANONICAL)
    assert event.after["group_screenshot"] is False


# --- the screenshot ----------------------------------------------------------------------------


def test_a_real_small_png_is_accepted_and_stored_under_its_real_format(open_contest, unit):
    upload = SimpleUploadedFile("proof.html", png_bytes(), content_type="text/html")

    entry = submit_entry(contest=open_contest, unit=unit, draft=draft(), group_screenshot=upload)

    entry.refresh_from_db()
    assert entry.group_post_screenshot.name.startswith("group-shares/")
    assert entry.group_post_screenshot.name.endswith(".png")
    assert entry.group_post_screenshot.read() == png_bytes()
    assert entry.has_group_share
    assert AuditEvent.objects.get(action="entry.submitted").after["group_screenshot"] is True


@pytest.mark.parametrize("fmt", ["JPEG", "WEBP"])
def test_jpeg_and_webp_screenshots_are_accepted_too(open_contest, unit, fmt):
    upload = SimpleUploadedFile("share", png_bytes(fmt=fmt))

    entry = submit_entry(contest=open_contest, unit=unit, draft=draft(), group_screenshot=upload)

    assert entry.group_post_screenshot.name.endswith({"JPEG": ".jpg", "WEBP": ".webp"}[fmt])


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"%PDF-1.4 not a screenshot", "not a readable JPEG, PNG or WebP"),
        (png_bytes()[:40], "not a readable JPEG, PNG or WebP"),
        (png_bytes(fmt="GIF"), "GIF images are not accepted"),
    ],
)
def test_a_file_that_is_not_a_screenshot_is_refused_and_nothing_is_stored(
    open_contest, unit, content, says
):
    upload = SimpleUploadedFile("share.png", content, content_type="image/png")

    problems = refused(
        lambda: submit_entry(
            contest=open_contest, unit=unit, draft=draft(), group_screenshot=upload
        )
    )

    assert says in problems["group_post_screenshot"].en
    assert problems["group_post_screenshot"].vi != problems["group_post_screenshot"].en
    assert Entry.objects.count() == 0


def test_a_screenshot_over_10_mb_is_refused_before_it_is_read(open_contest, unit):
    upload = SimpleUploadedFile("share.png", png_bytes() + b"\0" * MAX_BYTES)

    problems = refused(
        lambda: submit_entry(
            contest=open_contest, unit=unit, draft=draft(), group_screenshot=upload
        )
    )

    assert "10 MB" in problems["group_post_screenshot"].vi
    assert "10,0 MB" in problems["group_post_screenshot"].vi  # a decimal comma in Vietnamese
    assert Entry.objects.count() == 0


# --- the organisers' verification --------------------------------------------------------------


@pytest.fixture
def verified(open_contest, unit):
    """A clip whose share an organiser has verified."""
    entry = submit_entry(contest=open_contest, unit=unit, draft=draft(group_post_url=CANONICAL))
    organiser = ensure_account(username="bantochuc", password="mật-khẩu-thử-1", role=Role.ORGANISER)
    entry.group_share_verified_at, entry.group_share_verified_by = timezone.now(), organiser
    entry.save()
    return entry


def test_a_share_link_to_another_post_undoes_the_verification(verified):
    update_entry(entry=verified, draft=draft(group_post_url=ANOTHER_POST))

    verified.refresh_from_db()
    assert verified.group_post_canonical == ANOTHER_POST
    assert (verified.group_share_verified_at, verified.group_share_verified_by) == (None, None)


def test_removing_the_share_link_undoes_the_verification(verified):
    update_entry(entry=verified, draft=draft(group_post_url=""))

    verified.refresh_from_db()
    assert not verified.has_group_share and verified.group_share_verified_at is None


def test_the_same_share_in_another_shape_keeps_the_verification(verified):
    update_entry(entry=verified, draft=draft(group_post_url=PERMALINK, title="Tên mới"))

    verified.refresh_from_db()
    assert verified.group_post_url == PERMALINK
    assert verified.group_share_verified_at is not None


def test_a_new_screenshot_undoes_the_verification(verified):
    update_entry(
        entry=verified,
        draft=draft(group_post_url=CANONICAL),
        group_screenshot=SimpleUploadedFile("new.png", png_bytes()),
    )

    verified.refresh_from_db()
    assert verified.group_post_screenshot
    assert verified.group_share_verified_at is None
