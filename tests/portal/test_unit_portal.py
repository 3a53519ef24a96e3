"""The unit portal: a unit enters, edits and withdraws its clips, and sees why each counts."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from media import write_video

from clipcontest.entries.models import DurationSource, Entry

pytestmark = pytest.mark.django_db

YOUTUBE = "https://www.youtube.com/watch?v=Q1w2E3r4T5y"
TIKTOK = "https://www.tiktok.com/@bcd35/video/7081234567890123456"


def clip_form(**overrides) -> dict[str, object]:
    data: dict[str, object] = {
        "url": YOUTUBE,
        "title": "Tin giả về giá điện",
        "genre": "comedy",
        "theme": "refute_false_information",
        "duration": "",
        "rights_confirmed": "on",
        "authors-TOTAL_FORMS": "3",
        "authors-INITIAL_FORMS": "0",
        "authors-0-name": "Nguyễn Thị Lan",
        "authors-0-category": "collaborator_35",
        "authors-1-name": "Trần Văn Hùng",
        "authors-1-category": "",
        "authors-2-name": "",
        "authors-2-category": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def add_clip(client, **overrides):
    return client.post(reverse("portal:unit-entry-add"), clip_form(**overrides))


def test_unit_enters_a_clip_by_link_and_it_is_stored_with_its_authors(
    open_contest, rep_a, unit_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = add_clip(rep_a)

    entry = Entry.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:unit-entry", args=[entry.ref])
    assert (entry.ref, entry.unit, entry.platform, entry.video_id) == (
        "HG-MV-1",
        unit_a,
        "youtube",
        "Q1w2E3r4T5y",
    )
    assert entry.author_names == ["Nguyễn Thị Lan", "Trần Văn Hùng"]
    assert entry.author_links.first().person.category == "collaborator_35"
    assert entry.rights_confirmed
    assert entry.fetch_state == "queued"  # the post is read in the background


def test_clip_without_the_rights_confirmation_is_refused_and_nothing_is_stored(open_contest, rep_a):
    response = add_clip(rep_a, rights_confirmed=None)
    assert response.status_code == 200
    assert "bản quyền" in response.content.decode()
    assert Entry.objects.count() == 0


def test_bad_link_is_refused_with_the_reason_and_nothing_is_stored(open_contest, rep_a):
    response = add_clip(rep_a, url="https://youtube.com.evil.example/watch?v=Q1w2E3r4T5y")
    assert "chỉ trông giống" in response.content.decode()
    assert Entry.objects.count() == 0


def test_same_video_twice_for_one_unit_is_refused_in_any_link_form(open_contest, rep_a):
    add_clip(rep_a)
    response = add_clip(rep_a, url="https://youtu.be/Q1w2E3r4T5y", title="Lần hai")
    assert "HG-MV-1" in response.content.decode()
    assert Entry.objects.count() == 1


def test_link_check_while_typing_says_platform_refusal_and_already_entered(
    open_contest, rep_a, rep_b
):
    check = reverse("portal:unit-link-check")
    assert 'data-platform="tiktok"' in rep_a.get(check, {"url": TIKTOK}).content.decode()
    refused = rep_a.get(check, {"url": "https://vimeo.com/123"}).content.decode()
    assert 'data-code="unsupported_platform"' in refused
    add_clip(rep_a)
    assert 'data-code="already_entered"' in rep_a.get(check, {"url": YOUTUBE}).content.decode()
    other = rep_b.get(check, {"url": "https://youtu.be/Q1w2E3r4T5y"}).content.decode()
    assert "Another unit" in other or "Đơn vị khác" in other or "đơn vị khác" in other
    assert "HG-MV" not in other  # which unit stays private


def test_typed_duration_is_stored_as_the_units_word_and_flagged_unverified(open_contest, rep_a):
    add_clip(rep_a, duration="4:05")
    entry = Entry.objects.get()
    assert (entry.duration_seconds, entry.duration_source) == (Decimal("245"), DurationSource.UNIT)
    page = rep_a.get(reverse("portal:unit-home")).content.decode()
    assert 'data-code="duration_unverified"' in page


def test_typed_duration_over_10_minutes_shows_not_eligible_with_the_reason(open_contest, rep_a):
    add_clip(rep_a, duration="10:30")
    page = rep_a.get(reverse("portal:unit-home")).content.decode()
    assert 'data-code="duration_too_long"' in page
    assert "badge--bad" in page


def test_uploaded_video_is_probed_and_its_duration_decides(open_contest, rep_a, tmp_path):
    video = write_video(tmp_path / "short.mp4", 3)
    upload = SimpleUploadedFile("short.mp4", video.read_bytes(), content_type="video/mp4")
    add_clip(rep_a, url="", video_file=upload)
    entry = Entry.objects.get()
    assert (entry.duration_seconds, entry.duration_source) == (Decimal("3.000"), "probed")
    assert entry.video_file.name.startswith(f"videos/{entry.contest.slug}/HG-MV/")
    page = rep_a.get(reverse("portal:unit-home")).content.decode()
    assert 'data-code="duration_too_short"' in page and 'data-code="link_missing"' in page


def test_upload_that_is_not_a_video_is_refused_and_nothing_is_stored(open_contest, rep_a):
    upload = SimpleUploadedFile("clip.mp4", b"%PDF-1.4 a letter, not a clip")
    response = add_clip(rep_a, url="", video_file=upload)
    assert response.status_code == 200
    assert "không phải là video" in response.content.decode()
    assert Entry.objects.count() == 0


def test_upload_over_the_size_limit_is_refused(open_contest, rep_a, settings, tmp_path):
    settings.CLIPCONTEST_MAX_UPLOAD_BYTES = 1000
    video = write_video(tmp_path / "big.mp4", 5, size=128)
    upload = SimpleUploadedFile("big.mp4", video.read_bytes())
    assert "quá lớn" in add_clip(rep_a, url="", video_file=upload).content.decode()
    assert Entry.objects.count() == 0


def test_unit_edits_its_clip_while_the_window_is_open(open_contest, rep_a):
    add_clip(rep_a)
    edit = reverse("portal:unit-entry-edit", args=["HG-MV-1"])
    assert rep_a.get(edit).status_code == 200
    response = rep_a.post(edit, clip_form(title="Tiêu đề mới", url=TIKTOK))
    entry = Entry.objects.get()
    assert response.status_code == 302
    assert (entry.title, entry.platform) == ("Tiêu đề mới", "tiktok")


def test_unit_withdraws_a_clip_and_it_no_longer_counts(open_contest, rep_a):
    add_clip(rep_a)
    rep_a.post(reverse("portal:unit-entry-withdraw", args=["HG-MV-1"]))
    assert Entry.objects.get().withdrawn_at is not None
    page = rep_a.get(reverse("portal:unit-home")).content.decode()
    assert "badge--muted" in page
    # The same video may be entered again after a withdrawal.
    assert add_clip(rep_a).status_code == 302
    assert Entry.objects.filter(withdrawn_at__isnull=True).count() == 1


def test_after_the_window_closes_clips_are_read_only(open_contest, rep_a):
    add_clip(rep_a)
    open_contest.closes_on = timezone.localdate() - timedelta(days=1)
    open_contest.opens_on = open_contest.closes_on - timedelta(days=60)
    open_contest.save()
    detail = rep_a.get(reverse("portal:unit-entry", args=["HG-MV-1"])).content.decode()
    assert reverse("portal:unit-entry-edit", args=["HG-MV-1"]) not in detail
    response = rep_a.post(reverse("portal:unit-entry-edit", args=["HG-MV-1"]), clip_form(title="x"))
    assert response.status_code == 302 and Entry.objects.get().title != "x"
    rep_a.post(reverse("portal:unit-entry-withdraw", args=["HG-MV-1"]))
    assert Entry.objects.get().withdrawn_at is None
    assert add_clip(rep_a, url=TIKTOK).status_code == 200
    assert Entry.objects.count() == 1


def test_home_shows_the_standing_against_the_minimum_and_the_countdowns(open_contest, rep_a):
    add_clip(rep_a)
    page = rep_a.get(reverse("portal:unit-home")).content.decode()
    assert "1/2" in page  # one eligible clip of the minimum of two
    assert ">10<" in page.replace(" ", "")  # days left to the letter deadline
    assert ">30<" in page.replace(" ", "")  # days left to the close


def test_fetch_progress_polls_while_posts_are_read_and_refreshes_when_done(open_contest, rep_a):
    add_clip(rep_a)
    progress = rep_a.get(reverse("portal:unit-fetch-progress"))
    assert "hx-trigger" in progress.content.decode()
    Entry.objects.update(fetch_state="done")
    assert rep_a.get(reverse("portal:unit-fetch-progress"))["HX-Refresh"] == "true"
