"""The share into the provincial group in the pages (Kế hoạch mục IV.2): a unit adds the link
or a screenshot to its clip and the warning goes; a post in another group is refused on the
form with the reason; the screenshot is private to the unit and the organisers, who mark the
share verified on the clip's page."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from entries.test_group_share import png_bytes

from clipcontest.audit.models import AuditEvent
from clipcontest.entries.models import Entry
from clipcontest.entries.services import AuthorDraft, EntryDraft, submit_entry

from .test_unit_portal import clip_form

pytestmark = pytest.mark.django_db

SHARE = "https://www.facebook.com/groups/304102323603847/posts/1234567890123456/"
PERMALINK = "https://m.facebook.com/groups/304102323603847/permalink/1234567890123456/"
OTHER_GROUP = "https://www.facebook.com/groups/999888777666/posts/1234567890123456/"


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def default_language_after_each_test(settings):
    """A request under /en/ leaves English active in this thread, and reverse() would follow."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def clip(open_contest, unit_a):
    """Unit A's clip, entered without any proof of the share into the group."""
    return submit_entry(
        contest=open_contest,
        unit=unit_a,
        draft=EntryDraft(
            title="Tin giả về giá điện",
            url="https://www.youtube.com/watch?v=Q1w2E3r4T5y",
            genre="comedy",
            theme="refute_false_information",
            authors=(AuthorDraft("Nguyễn Thị Lan"),),
            rights_confirmed=True,
        ),
    )


def text_of(response) -> str:
    assert response.status_code == 200
    return unescape(response.content.decode())


def codes_on(html: str) -> set[str]:
    return set(re.findall(r'data-code="([a-z_]+)"', html))


def clip_page(client, entry) -> str:
    return text_of(client.get(reverse("portal:unit-entry", args=[entry.ref])))


def edit(client, entry, files=None, **changes):
    data = clip_form(**changes) | (files or {})
    return client.post(reverse("portal:unit-entry-edit", args=[entry.ref]), data)


# --- the unit's pages -------------------------------------------------------------------------


def test_the_form_names_the_group_of_the_rules_file(rep_a, clip):
    form = text_of(rep_a.get(reverse("portal:unit-entry-edit", args=[clip.ref])))

    assert 'name="group_post_url"' in form and 'name="group_post_screenshot"' in form
    assert "Miền Cực bắc" in form


def test_unit_adds_the_share_link_and_the_warning_disappears_from_its_clip_page(rep_a, clip):
    assert "not_shared_to_group" in codes_on(clip_page(rep_a, clip))
    assert "Chưa có đường dẫn hoặc ảnh chụp bài chia sẻ" in clip_page(rep_a, clip)

    response = edit(rep_a, clip, group_post_url=PERMALINK)

    assert response.status_code == 302
    page = clip_page(rep_a, clip)
    assert "not_shared_to_group" not in codes_on(page)
    assert SHARE in page  # the link shown is the canonical one
    clip.refresh_from_db()
    assert (clip.group_post_url, clip.group_post_canonical) == (PERMALINK, SHARE)


def test_a_share_into_another_group_is_refused_on_the_form_with_the_reason(rep_a, clip):
    page = text_of(edit(rep_a, clip, group_post_url=OTHER_GROUP, title="Tiêu đề mới"))

    assert "nhóm khác (999888777666)" in page and "Miền Cực bắc" in page
    clip.refresh_from_db()
    assert (clip.title, clip.group_post_url) == ("Tin giả về giá điện", "")


def test_the_reason_is_in_english_on_the_english_page(rep_a, clip):
    url = "/en" + reverse("portal:unit-entry-edit", args=[clip.ref])
    page = text_of(rep_a.post(url, clip_form(group_post_url=OTHER_GROUP)))

    assert "This post is in another group (999888777666)" in page


def test_unit_uploads_a_screenshot_and_the_warning_disappears(rep_a, clip):
    files = {"group_post_screenshot": SimpleUploadedFile("share.png", png_bytes())}

    assert edit(rep_a, clip, files).status_code == 302

    page = clip_page(rep_a, clip)
    assert "not_shared_to_group" not in codes_on(page)
    assert reverse("portal:unit-entry-group-screenshot", args=[clip.ref]) in page


def test_a_file_that_is_not_an_image_is_refused_on_the_form(rep_a, clip):
    files = {"group_post_screenshot": SimpleUploadedFile("share.png", b"not an image at all")}

    page = text_of(edit(rep_a, clip, files))

    assert "không phải ảnh JPEG, PNG hoặc WebP" in page
    clip.refresh_from_db()
    assert not clip.group_post_screenshot


# --- the screenshot is private -------------------------------------------------------------------


@pytest.fixture
def with_screenshot(clip):
    from clipcontest.entries.services import update_entry

    draft = EntryDraft(
        title=clip.title,
        url=clip.url,
        genre=clip.genre,
        theme=clip.theme,
        authors=(AuthorDraft("Nguyễn Thị Lan"),),
        rights_confirmed=True,
    )
    upload = SimpleUploadedFile("proof.html", png_bytes(), content_type="text/html")
    return update_entry(entry=clip, draft=draft, group_screenshot=upload)


def unit_url(entry) -> str:
    return reverse("portal:unit-entry-group-screenshot", args=[entry.ref])


def staff_url(entry) -> str:
    url = reverse("portal:organiser-clip-group-screenshot", args=[entry.ref])
    return f"{url}?contest={entry.contest.slug}"


@pytest.mark.parametrize(("visitor", "url_of"), [("rep_a", unit_url), ("organiser", staff_url)])
def test_the_screenshot_is_served_to_its_own_unit_and_to_the_organisers(
    request, with_screenshot, visitor, url_of
):
    response = request.getfixturevalue(visitor).get(url_of(with_screenshot))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"  # never the text/html the browser claimed
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == png_bytes()


def test_the_secretariat_sees_the_screenshot_too(secretary, with_screenshot):
    assert secretary.get(staff_url(with_screenshot)).status_code == 200


def test_another_unit_and_the_jury_cannot_see_the_screenshot(rep_b, jury, with_screenshot):
    assert rep_b.get(unit_url(with_screenshot)).status_code == 404
    assert rep_b.get(staff_url(with_screenshot)).status_code == 403
    assert jury.get(unit_url(with_screenshot)).status_code == 403
    assert jury.get(staff_url(with_screenshot)).status_code == 403


def test_a_clip_without_a_screenshot_has_none_to_serve(rep_a, organiser, clip):
    assert rep_a.get(unit_url(clip)).status_code == 404
    assert organiser.get(staff_url(clip)).status_code == 404


# --- the organisers verify the share ------------------------------------------------------------


def organiser_page(client, entry) -> str:
    url = reverse("portal:organiser-clip", args=[entry.ref])
    return text_of(client.get(url, {"contest": entry.contest.slug}))


def test_organisers_see_the_link_and_the_thumbnail_and_mark_the_share_verified(
    organiser, with_screenshot
):
    Entry.objects.filter(pk=with_screenshot.pk).update(
        group_post_url=SHARE, group_post_canonical=SHARE
    )
    page = organiser_page(organiser, with_screenshot)
    assert f'href="{SHARE}"' in page
    assert f'<img src="{staff_url(with_screenshot)}"' in page
    verify = reverse("portal:organiser-clip-group-verify", args=[with_screenshot.ref])
    assert verify in page

    response = organiser.post(
        verify,
        {"contest": with_screenshot.contest.slug, "note": "Đã thấy bài trong nhóm"},
        follow=True,
    )

    page = text_of(response)
    assert verify not in page  # verified once: the form is gone
    assert "bantochuc" in page.split('id="group-share-verified"')[1].split("</dd>")[0]
    assert AuditEvent.objects.filter(action="review.group_share_verified").count() == 1
    with_screenshot.refresh_from_db()
    assert with_screenshot.group_share_verified_at is not None


def test_verifying_without_a_note_is_refused_with_a_message(organiser, with_screenshot):
    verify = reverse("portal:organiser-clip-group-verify", args=[with_screenshot.ref])

    response = organiser.post(
        verify, {"contest": with_screenshot.contest.slug, "note": ""}, follow=True
    )

    assert "Cần ghi chú đã xác minh bằng cách nào" in text_of(response)
    with_screenshot.refresh_from_db()
    assert with_screenshot.group_share_verified_at is None


def share_fact(page: str) -> str:
    return page.split('id="group-share"')[1].split("</dd>")[0]


def test_the_unit_sees_whether_the_organisers_verified_its_share(rep_a, organiser, with_screenshot):
    assert "badge--ok" not in share_fact(clip_page(rep_a, with_screenshot))
    organiser.post(
        reverse("portal:organiser-clip-group-verify", args=[with_screenshot.ref]),
        {"contest": with_screenshot.contest.slug, "note": "Đã xem ảnh chụp"},
    )

    assert "badge--ok" in share_fact(clip_page(rep_a, with_screenshot))
