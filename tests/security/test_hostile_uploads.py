"""Hostile uploads: not a video, a truncated MP4, zero bytes, over the size limit, and file names
that try a path. Through the unit's clip form (the video file and the screenshot of the share
into the group) and the letter's scan upload.

A refused file gives a clear message on the page, stores nothing (no row, no file on disk). An
accepted file is stored under a random name of the server's choosing: nothing of the name the
browser sent survives but, for a video, a known extension; a scan and a screenshot get the
extension of what their bytes are.
"""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import av
import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from media import write_video
from PIL import Image

from clipcontest.entries import letters as letter_rules
from clipcontest.entries import screenshots
from clipcontest.entries.letters import LetterDraft, draft_letter
from clipcontest.entries.models import Entry, OfficialLetter
from clipcontest.entries.probe import EMPTY, NO_DURATION, NOT_A_VIDEO, TOO_LARGE, TRUNCATED
from clipcontest.entries.screenshots import NOT_AN_IMAGE, TOO_BIG

from .hostile_helpers import db_state, record_figures

pytestmark = pytest.mark.django_db

# Names that try a path, a device, an invisible override or a different type.
HOSTILE_NAMES = (
    "../../etc/passwd.{ext}",
    "..\\..\\windows\\system32\\x.{ext}",
    "C:\\x.{ext}",
    "/etc/cron.d/x.{ext}",
    "%2e%2e%2fx.{ext}",
    "a\x00b.{ext}",
    "clip\u202egnp.{ext}.exe",
    "CON.{ext}",
    "x" * 300 + ".{ext}",
    "<script>alert(1)</script>.{ext}",
    "proof.html",
)


@pytest.fixture(autouse=True)
def vietnamese_pages():
    """A request to /en/ leaves English active in the thread; each test starts in Vietnamese."""
    translation.activate("vi")
    yield
    translation.activate("vi")


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(media: Path) -> list[Path]:
    return sorted(path for path in media.rglob("*") if path.is_file()) if media.exists() else []


@pytest.fixture(scope="module")
def video(tmp_path_factory) -> bytes:
    return write_video(tmp_path_factory.mktemp("video") / "clip.mp4", 3).read_bytes()


@pytest.fixture(scope="module")
def streaming_video(tmp_path_factory) -> bytes:
    """An MP4 with its index in front (``faststart``): cut short, it still declares 3 s."""
    path = tmp_path_factory.mktemp("video") / "faststart.mp4"
    with av.open(str(path), mode="w", options={"movflags": "faststart"}) as container:
        stream = container.add_stream("libx264", rate=10)
        stream.width = stream.height = 64
        stream.pix_fmt = "yuv420p"
        for index in range(30):
            frame = av.VideoFrame(64, 64, "rgb24")
            frame.planes[0].update(bytes([index * 7 % 256]) * (64 * 64 * 3))
            frame = frame.reformat(format="yuv420p")
            frame.pts = index
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return path.read_bytes()


def empty_file_message() -> str:
    """Django's own refusal of an empty upload, as the Vietnamese page says it."""
    with translation.override("vi"):
        return str(forms.FileField().error_messages["empty"])


def png(size: tuple[int, int] = (8, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def clip_form(**files) -> dict[str, object]:
    return {
        "url": "https://www.youtube.com/watch?v=Q1w2E3r4T5y",
        "group_post_url": "",
        "title": "Tin giả về giá điện",
        "genre": "comedy",
        "theme": "refute_false_information",
        "duration": "",
        "rights_confirmed": "on",
        "authors-TOTAL_FORMS": "1",
        "authors-INITIAL_FORMS": "0",
        "authors-0-name": "Nguyễn Thị Lan",
        "authors-0-category": "",
        **files,
    }


def refused_videos(video: bytes, streaming: bytes) -> list[tuple[str, str, bytes, str]]:
    """(case, name, bytes, the message the form must show) for the clip's video file."""
    return [
        ("text named .mp4", "clip.mp4", b"hello, not a video\n" * 50, NOT_A_VIDEO.vi),
        ("HTML named .mp4", "clip.mp4", b"<html><script>alert(1)</script></html>", NOT_A_VIDEO.vi),
        ("PNG named .mp4", "clip.mp4", png(), NO_DURATION.vi),  # FFmpeg reads a still
        ("MP4 cut in half", "clip.mp4", video[: len(video) // 2], NOT_A_VIDEO.vi),
        ("MP4 cut to its header", "clip.mp4", video[:100], NOT_A_VIDEO.vi),
        ("streaming MP4 cut in half", "clip.mp4", streaming[: len(streaming) // 2], TRUNCATED.vi),
        (
            "streaming MP4, three quarters",
            "clip.mp4",
            streaming[: len(streaming) * 3 // 4],
            TRUNCATED.vi,
        ),
        ("zero bytes", "clip.mp4", b"", empty_file_message()),
    ]


def test_the_clip_form_refuses_each_bad_video_with_its_message_storing_nothing(
    open_contest, rep_a, media, video, streaming_video
):
    before = db_state()
    cases = refused_videos(video, streaming_video)
    for case, name, content, message in cases:
        response = rep_a.post(
            reverse("portal:unit-entry-add"),
            clip_form(video_file=SimpleUploadedFile(name, content, content_type="video/mp4")),
        )
        assert response.status_code == 200, case
        errors = response.context["form"].errors.get("video_file")
        assert errors, case
        assert escape(message) in response.content.decode() or message in errors[0], (case, errors)
    assert db_state() == before and stored_files(media) == []
    record_figures(uploads_refused_video=len(cases))


def test_a_video_over_the_size_limit_is_refused_before_it_is_read(
    open_contest, rep_a, media, settings, video
):
    settings.CLIPCONTEST_MAX_UPLOAD_BYTES = len(video) - 1
    before = db_state()
    response = rep_a.post(
        "/en" + reverse("portal:unit-entry-add"),
        clip_form(video_file=SimpleUploadedFile("clip.mp4", video, content_type="video/mp4")),
    )
    expected = TOO_LARGE.format(size="0", limit="0").en
    assert response.context["form"].errors["video_file"] == [expected]
    assert db_state() == before and stored_files(media) == []
    assert EMPTY.en != expected  # the two refusals are told apart


@pytest.mark.parametrize("pattern", HOSTILE_NAMES)
def test_a_video_under_a_hostile_name_is_stored_under_a_random_name(
    open_contest, rep_a, media, video, pattern
):
    name = pattern.format(ext="mp4")
    response = rep_a.post(
        reverse("portal:unit-entry-add"),
        clip_form(video_file=SimpleUploadedFile(name, video, content_type="video/mp4")),
    )
    assert response.status_code == 302, response.content.decode()[-1500:]
    stored = Entry.objects.get().video_file.name
    slug = open_contest.slug
    assert re.fullmatch(rf"videos/{slug}/HG-MV/[A-Za-z0-9]{{16}}(\.mp4)?", stored), stored
    assert [path.relative_to(media).as_posix() for path in stored_files(media)] == [stored]


def test_the_clip_form_refuses_each_bad_screenshot_storing_nothing(
    open_contest, rep_a, media, monkeypatch
):
    monkeypatch.setattr(screenshots, "MAX_BYTES", 1000)
    big = png((200, 200)) + b"\x00" * 2000
    cases = [
        ("text named .png", "share.png", b"not an image at all", NOT_AN_IMAGE.vi),
        ("truncated PNG", "share.png", png((64, 64))[:40], NOT_AN_IMAGE.vi),
        ("HTML named .png", "share.png", b"<svg onload=alert(1)>", NOT_AN_IMAGE.vi),
        ("zero bytes", "share.png", b"", empty_file_message()),
        ("over the size limit", "share.png", big, TOO_BIG.vi.split("{size}")[0]),
    ]
    before = db_state()
    for case, name, content, message in cases:
        upload = SimpleUploadedFile(name, content, content_type="image/png")
        response = rep_a.post(
            reverse("portal:unit-entry-add"), clip_form(group_post_screenshot=upload)
        )
        assert response.status_code == 200, case
        errors = response.context["form"].errors.get("group_post_screenshot")
        assert errors and message in errors[0], (case, errors)
    assert db_state() == before and stored_files(media) == []
    record_figures(uploads_refused_screenshot=len(cases))


@pytest.mark.parametrize("pattern", HOSTILE_NAMES)
def test_a_screenshot_under_a_hostile_name_is_stored_as_what_its_bytes_are(
    open_contest, rep_a, media, pattern
):
    upload = SimpleUploadedFile(pattern.format(ext="png"), png(), content_type="image/png")
    response = rep_a.post(reverse("portal:unit-entry-add"), clip_form(group_post_screenshot=upload))
    assert response.status_code == 302
    stored = Entry.objects.get().group_post_screenshot.name
    assert re.fullmatch(rf"group-shares/{open_contest.slug}/HG-MV/[A-Za-z0-9]{{16}}\.png", stored)


@pytest.fixture
def letter(open_contest, unit_a, rep_a) -> OfficialLetter:
    from clipcontest.entries.services import AuthorDraft, EntryDraft, submit_entry

    entry = submit_entry(
        contest=open_contest,
        unit=unit_a,
        draft=EntryDraft(
            title="Clip 1",
            url="https://www.youtube.com/watch?v=Q1w2E3r4T5y",
            genre="drama",
            theme="criticize_online_habits",
            authors=(AuthorDraft("Hoàng Văn Páo"),),
            rights_confirmed=True,
        ),
    )
    draft = LetterDraft("12-CV/BCĐ35", date(2022, 6, 9), "Mèo Vạc", "Hoàng Văn Páo")
    return draft_letter(contest=open_contest, unit=unit_a, draft=draft, entries=[entry])


def upload_scan(client, letter, name: str, content: bytes, prefix: str = ""):
    with translation.override("vi"):  # the address without a prefix; ``prefix`` picks one
        url = reverse("portal:unit-letter-scan", args=[letter.pk])
    return client.post(
        prefix + url,
        {"scan": SimpleUploadedFile(name, content)},
        follow=True,
    )


def test_the_scan_upload_refuses_each_bad_file_with_its_message_storing_nothing(
    rep_a, letter, media, video, monkeypatch
):
    cases = [
        ("Windows program", "scan.pdf", b"MZ\x90\x00 not a scan", letter_rules.NOT_A_SCAN.en),
        ("HTML named .pdf", "scan.pdf", b"<html><script>alert(1)</script>", "must be a PDF"),
        ("truncated MP4", "scan.pdf", video[:500], "must be a PDF"),
        ("zero bytes", "scan.pdf", b"", "Choose the scanned file first."),
        ("over the size limit", "scan.pdf", b"%PDF-1.4\n" + b"0" * 2000, "too large"),
    ]
    monkeypatch.setattr(letter_rules, "MAX_SCAN_BYTES", 1000)
    before = db_state()
    for case, name, content, message in cases:
        page = upload_scan(rep_a, letter, name, content, prefix="/en").content.decode()
        assert "flash--error" in page and escape(message) in page, case
        letter.refresh_from_db()
        assert not letter.scan, case
    assert db_state() == before and stored_files(media) == []
    record_figures(uploads_refused_scan=len(cases))


@pytest.mark.parametrize("pattern", HOSTILE_NAMES)
def test_a_scan_under_a_hostile_name_is_stored_and_served_as_what_its_bytes_are(
    rep_a, organiser, letter, media, pattern
):
    """A file starting like a PDF is stored and served as a PDF, never as the HTML its name
    says: served as HTML, its script would run in an organiser's session."""
    content = b"%PDF-1.4\n<html><script>alert(document.cookie)</script></html>\n%%EOF\n"
    upload_scan(rep_a, letter, pattern.format(ext="pdf"), content)
    letter.refresh_from_db()
    assert re.fullmatch(
        rf"letters/{letter.contest.slug}/HG-MV/[A-Za-z0-9]{{16}}\.pdf", letter.scan.name
    )
    served = organiser.get(reverse("portal:organiser-letter-scan", args=[letter.pk]))
    assert served["Content-Type"] == "application/pdf"


def test_the_figures_of_uploads_tried_are_written(video, streaming_video):
    refused = len(refused_videos(video, streaming_video)) + 1 + 5 + 5
    record_figures(uploads_tried=refused + 3 * len(HOSTILE_NAMES), upload_names=len(HOSTILE_NAMES))
