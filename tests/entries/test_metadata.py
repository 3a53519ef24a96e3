"""Reading a clip's post: yt-dlp and PyAV run for real against videos served on 127.0.0.1.

Each test states the entry before and after. The network guard is tested with loopback
forbidden (the production setting): a refused link must cost no request at all.
"""

from __future__ import annotations

import logging
import signal
import socket
from datetime import datetime, timedelta
from decimal import Decimal

import av
import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from factories import HCM
from yt_dlp import YoutubeDL
from yt_dlp.utils import YoutubeDLError

from clipcontest.eligibility.queries import contest_report
from clipcontest.entries.fetching import FetchFailed, PostInfo, fetch_post
from clipcontest.entries.metadata import refresh_entry, resolve_short_link, store_post
from clipcontest.entries.models import DurationSource, Entry, FetchState
from clipcontest.entries.netguard import (
    FetchRefused,
    ProbeLimit,
    RemoteMedia,
    check_url_allowed,
    guarded,
    is_public_address,
)
from clipcontest.entries.tasks import schedule_fetch

# --- fetch_post ----------------------------------------------------------------------------------


def test_page_with_json_ld_gives_title_duration_posted_day_and_counts(clip_server):
    post = fetch_post(clip_server.page("post.html"))

    assert post.title == "Clip về Hà Giang"
    assert post.uploader == "Ban Chỉ đạo 35 Huyện ủy Đồng Văn"
    assert (post.duration_seconds, post.duration_source) == (Decimal("7.000"), "fetched")
    # A date without a time is that day in Vietnam, stored at local noon.
    assert post.posted_at == datetime(2022, 4, 5, 12, 0, tzinfo=HCM)
    assert (post.views, post.likes, post.comments) == (1234, 56, 7)
    assert post.thumbnail_url == clip_server.url("thumb.jpg")
    assert post.webpage_url == clip_server.url("post.html")


def test_upload_time_with_an_offset_is_kept_to_the_minute(clip_server):
    post = fetch_post(clip_server.page("timed.html", uploaded="2022-06-30T23:30:00+07:00"))
    assert post.posted_at == datetime(2022, 6, 30, 23, 30, tzinfo=HCM)


def test_bare_mp4_has_no_duration_in_its_metadata_so_pyav_measures_it(clip_server):
    post = fetch_post(clip_server.url("clip3.mp4"))

    assert (post.duration_seconds, post.duration_source) == (Decimal("3.000"), "probed")
    assert post.posted_at is None  # Last-Modified is when the file changed, not a posting date
    assert (post.views, post.likes, post.comments) == (None, None, None)


def test_page_without_duration_is_measured_from_its_video(clip_server):
    post = fetch_post(clip_server.page("noduration.html", video="clip3.mp4", duration=None))
    assert (post.duration_seconds, post.duration_source) == (Decimal("3.000"), "probed")


def test_server_that_ignores_ranges_is_probed_from_the_whole_small_file(clip_server):
    post = fetch_post(clip_server.url("norange/clip7.mp4"))
    assert post.duration_seconds == Decimal("7.000")


def test_probe_reads_the_header_and_index_not_the_whole_video(clip_server):
    size = (clip_server.root / "big.mp4").stat().st_size
    assert size > 6 * RemoteMedia.BLOCK

    assert fetch_post(clip_server.url("big.mp4")).duration_seconds == Decimal("6.000")

    source = RemoteMedia(clip_server.url("big.mp4"), headers={}, timeout=5)
    with av.open(source) as container:
        assert container.duration == 6 * av.time_base
    assert source.fetched < size / 2 and source.requests <= 4


def test_probe_stops_at_its_byte_cap(clip_server):
    with pytest.raises(ProbeLimit):
        RemoteMedia(clip_server.url("norange/big.mp4"), headers={}, timeout=5, max_bytes=100_000)


@pytest.mark.parametrize("path", ["missing.html", "gone/post.html"])
def test_removed_post_is_unavailable_for_good(clip_server, path):
    with pytest.raises(FetchFailed) as failed:
        fetch_post(clip_server.url(path))

    assert failed.value.permanent and failed.value.unavailable
    assert "HTTP 4" in failed.value.reason.en and "HTTP 4" in failed.value.reason.vi


def test_connection_refused_is_worth_retrying(settings, closed_port):
    settings.CLIPCONTEST_FETCH_ALLOW_PRIVATE = True
    with pytest.raises(FetchFailed) as failed:
        fetch_post(f"http://127.0.0.1:{closed_port}/post.html")

    assert not failed.value.permanent and not failed.value.unavailable
    assert "refused" in failed.value.reason.en


# --- the network guard ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.1.10", False),
        ("169.254.169.254", False),  # the cloud metadata service
        ("100.64.0.1", False),  # carrier-grade NAT
        ("0.0.0.0", False),
        ("224.0.0.1", False),
        ("240.0.0.1", False),
        ("::1", False),
        ("::", False),
        ("fe80::1%eth0", False),
        ("fd00::1", False),
        ("ff02::1", False),
        ("::ffff:127.0.0.1", False),
        ("::ffff:10.0.0.1", False),
        ("8.8.8.8", True),
        ("14.160.0.1", True),
        ("2001:4860:4860::8888", True),
    ],
)
def test_only_public_addresses_are_fetched(address, public):
    assert is_public_address(address) is public


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://example.com/clip.mp4", "gopher://x/", "javascript:1"]
)
def test_only_http_links_are_fetched_even_when_private_addresses_are_allowed(settings, url):
    settings.CLIPCONTEST_FETCH_ALLOW_PRIVATE = True
    with pytest.raises(FetchRefused) as refused:
        check_url_allowed(url)
    assert "http" in refused.value.message.en and "http" in refused.value.message.vi


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::1]", "0x7f000001"])
def test_loopback_is_refused_by_address_whatever_its_spelling(settings, host):
    settings.CLIPCONTEST_FETCH_ALLOW_PRIVATE = False
    with pytest.raises(FetchRefused) as refused:
        check_url_allowed(f"http://{host}:8000/clip.html")
    assert "private or local" in refused.value.message.en


def test_every_address_a_name_resolves_to_must_be_public(settings, monkeypatch):
    """One private address among public ones is enough to refuse (DNS is the outside network,
    so it is the one thing faked here)."""
    settings.CLIPCONTEST_FETCH_ALLOW_PRIVATE = False
    answers = {
        "mixed.example": ["93.184.216.34", "10.0.0.7"],
        "public.example": ["93.184.216.34", "2606:2800:220:1::1"],
    }

    def fake_getaddrinfo(host, port, *args, **kwargs):
        return [
            (socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port))
            for a in answers[host]
        ]

    monkeypatch.setattr(socket, "getaddrinfo", fake_getaddrinfo)
    with pytest.raises(FetchRefused) as refused:
        check_url_allowed("https://mixed.example/video")
    assert "10.0.0.7" in refused.value.message.en
    check_url_allowed("https://public.example/video")


def test_loopback_link_is_refused_before_any_request(clip_server, settings):
    settings.CLIPCONTEST_FETCH_ALLOW_PRIVATE = False
    with pytest.raises(FetchFailed) as failed:
        fetch_post(clip_server.page("post.html"))

    assert failed.value.permanent and not failed.value.unavailable
    assert "127.0.0.1" in failed.value.reason.en
    assert clip_server.requests == []


def test_every_connection_yt_dlp_opens_is_checked_so_redirects_are_too(clip_server, settings):
    """The guard sees the address each connection goes to, not only the first URL."""
    settings.CLIPCONTEST_FETCH_ALLOW_PRIVATE = False
    quiet = {"quiet": True, "no_warnings": True, "logger": logging.getLogger("yt-dlp")}
    with guarded() as guard, pytest.raises(YoutubeDLError), YoutubeDL(quiet) as ydl:
        ydl.extract_info(clip_server.url("post.html"), download=False)

    assert isinstance(guard.refusal, FetchRefused)
    assert clip_server.requests == []


def test_guard_only_watches_its_own_block(clip_server, settings):
    settings.CLIPCONTEST_FETCH_ALLOW_PRIVATE = False
    with guarded(), pytest.raises(FetchRefused):
        socket.create_connection(("127.0.0.1", clip_server.port), timeout=2)
    socket.create_connection(("127.0.0.1", clip_server.port), timeout=2).close()


def test_probe_follows_no_redirect_out_of_http(clip_server):
    with pytest.raises(FetchRefused):
        RemoteMedia(clip_server.url("redirect?to=ftp://127.0.0.1/clip7.mp4"), headers={}, timeout=5)


# --- refresh_entry: what is stored ---------------------------------------------------------------


@pytest.mark.django_db
def test_fetch_stores_the_post_and_keeps_what_the_unit_typed(clip_server, local_entry):
    entry = local_entry(
        clip_server.page("post.html"),
        title="Tiêu đề đơn vị nhập",
        genre="comedy",
        theme="refute_false_information",
        duration_seconds=Decimal("95"),
        duration_source=DurationSource.UNIT,
    )

    refresh_entry(entry.pk)

    entry.refresh_from_db()
    assert (entry.title, entry.genre, entry.theme) == (
        "Tiêu đề đơn vị nhập",
        "comedy",
        "refute_false_information",
    )
    assert entry.post_title == "Clip về Hà Giang"
    assert entry.uploader == "Ban Chỉ đạo 35 Huyện ủy Đồng Văn"
    assert (entry.duration_seconds, entry.duration_source) == (Decimal("7.000"), "fetched")
    assert entry.posted_at == datetime(2022, 4, 5, 12, 0, tzinfo=HCM)
    assert entry.available is True and entry.availability_checked_at is not None
    assert (entry.fetch_state, entry.fetch_error, entry.fetch_attempts) == ("done", "", 0)
    assert entry.fetched_at is not None
    assert [(s.views, s.likes, s.comments) for s in entry.snapshots.all()] == [(1234, 56, 7)]


@pytest.mark.django_db
def test_verified_duration_and_its_date_are_never_overwritten(clip_server, local_entry):
    posted = datetime(2022, 3, 20, 8, 0, tzinfo=HCM)
    entry = local_entry(
        clip_server.page("post.html"),
        duration_seconds=Decimal("9.500"),
        duration_source=DurationSource.VERIFIED,
        posted_at=posted,
    )

    refresh_entry(entry.pk)

    entry.refresh_from_db()
    assert (entry.duration_seconds, entry.duration_source) == (Decimal("9.500"), "verified")
    assert entry.posted_at == posted
    assert entry.post_title == "Clip về Hà Giang" and entry.fetch_state == "done"


@pytest.mark.django_db
def test_fetched_date_replaces_an_imported_one(clip_server, local_entry):
    entry = local_entry(clip_server.page("post.html"), posted_at=datetime(2022, 1, 1, tzinfo=HCM))
    refresh_entry(entry.pk)
    entry.refresh_from_db()
    assert entry.posted_at == datetime(2022, 4, 5, 12, 0, tzinfo=HCM)


@pytest.mark.django_db
def test_withdrawn_entry_is_not_fetched(clip_server, local_entry):
    entry = local_entry(clip_server.page("post.html"), withdrawn_at=timezone.now())

    assert refresh_entry(entry.pk) is None

    entry.refresh_from_db()
    assert entry.fetch_state == "pending" and clip_server.requests == []


@pytest.mark.django_db
def test_removed_post_marks_the_entry_unavailable_and_keeps_it(
    clip_server, local_entry, db_task_backend, django_capture_on_commit_callbacks
):
    entry = local_entry(clip_server.url("gone/post.html"), duration_seconds=Decimal("120"))

    with django_capture_on_commit_callbacks(execute=True):
        refresh_entry(entry.pk)

    entry.refresh_from_db()
    assert entry.available is False and entry.availability_checked_at is not None
    assert entry.fetch_state == "failed" and "HTTP 410" in entry.fetch_error
    assert entry.duration_seconds == Decimal("120")
    assert not DBTaskResult.objects.exists()  # gone for good: no retry


@pytest.mark.django_db
def test_network_failure_is_retried_later_with_backoff(
    settings, local_entry, closed_port, db_task_backend, django_capture_on_commit_callbacks
):
    settings.CLIPCONTEST_FETCH_ALLOW_PRIVATE = True
    entry = local_entry(f"http://127.0.0.1:{closed_port}/post.html")
    before = timezone.now()

    with django_capture_on_commit_callbacks(execute=True):
        refresh_entry(entry.pk)

    entry.refresh_from_db()
    assert (entry.fetch_state, entry.fetch_attempts, entry.available) == ("failed", 1, None)
    assert "refused" in entry.fetch_error and "attempt 1 of 4" in entry.fetch_error
    retry = DBTaskResult.objects.get()
    assert retry.args_kwargs == {"args": [entry.pk], "kwargs": {}}
    assert retry.run_after >= before + timedelta(seconds=60)
    assert retry.run_after <= timezone.now() + timedelta(seconds=60)


@pytest.mark.django_db
def test_no_retry_after_the_last_attempt(
    settings, local_entry, closed_port, db_task_backend, django_capture_on_commit_callbacks
):
    settings.CLIPCONTEST_FETCH_ALLOW_PRIVATE = True
    entry = local_entry(f"http://127.0.0.1:{closed_port}/post.html", fetch_attempts=3)

    with django_capture_on_commit_callbacks(execute=True):
        refresh_entry(entry.pk)

    entry.refresh_from_db()
    assert (entry.fetch_state, entry.fetch_attempts) == ("failed", 4)
    assert "attempt" not in entry.fetch_error
    assert not DBTaskResult.objects.exists()


@pytest.mark.django_db
def test_refused_link_is_recorded_without_retry(
    clip_server, settings, local_entry, db_task_backend, django_capture_on_commit_callbacks
):
    settings.CLIPCONTEST_FETCH_ALLOW_PRIVATE = False
    entry = local_entry(clip_server.page("post.html"))

    with django_capture_on_commit_callbacks(execute=True):
        refresh_entry(entry.pk)

    entry.refresh_from_db()
    assert entry.fetch_state == "failed" and entry.available is None
    assert "private or local" in entry.fetch_error and "nội bộ" in entry.fetch_error
    assert not DBTaskResult.objects.exists() and clip_server.requests == []


# --- short links ---------------------------------------------------------------------------------


def _short_link_entry(local_entry, code: str) -> Entry:
    url = f"https://fb.watch/{code}/"
    return local_entry(url, platform="facebook", video_id="", canonical_url=url)


@pytest.mark.django_db
def test_short_link_gets_the_video_id_it_leads_to(local_entry):
    entry = _short_link_entry(local_entry, "AbC123")

    assert resolve_short_link(entry, "https://www.facebook.com/watch/?v=1234567890") is None

    assert entry.video_id == "1234567890"
    assert entry.canonical_url == "https://www.facebook.com/watch/?v=1234567890"


@pytest.mark.django_db
def test_short_link_to_a_video_the_unit_entered_already_is_kept_and_flagged(local_entry):
    first = local_entry(
        "https://www.facebook.com/watch/?v=1234567890",
        platform="facebook",
        video_id="1234567890",
        canonical_url="https://www.facebook.com/watch/?v=1234567890",
    )
    entry = _short_link_entry(local_entry, "AbC123")
    post = PostInfo(
        title="Clip",
        uploader="",
        duration_seconds=Decimal("42"),
        duration_source=DurationSource.FETCHED,
        posted_at=None,
        views=10,
        likes=None,
        comments=None,
        thumbnail_url="",
        webpage_url="https://www.facebook.com/watch/?v=1234567890",
        availability=None,
    )

    store_post(entry.pk, entry.url, post, timezone.now())

    entry.refresh_from_db()
    assert (entry.video_id, entry.canonical_url) == ("", "https://fb.watch/AbC123/")
    assert first.ref in entry.fetch_error
    assert "same video" in entry.fetch_error and "cùng video" in entry.fetch_error
    assert entry.duration_seconds == Decimal("42.000") and entry.fetch_state == "done"


# --- the eligibility engine sees what was fetched -------------------------------------------------


def _codes(contest, ref: str) -> set[str]:
    report = contest_report(contest)
    return {f.code for v in report.entries if v.entry.ref == ref for f in v.findings}


@pytest.mark.django_db
def test_three_second_clip_is_too_short_once_fetched(clip_server, local_entry, contest_2022):
    entry = local_entry(clip_server.page("short.html", video="clip3.mp4", duration="PT3S"))
    assert "duration_too_short" not in _codes(contest_2022, entry.ref)

    refresh_entry(entry.pk)

    assert "duration_too_short" in _codes(contest_2022, entry.ref)


@pytest.mark.django_db
def test_deleted_post_gets_the_video_unavailable_warning(clip_server, local_entry, contest_2022):
    entry = local_entry(clip_server.url("deleted.html"))

    refresh_entry(entry.pk)

    assert "video_unavailable" in _codes(contest_2022, entry.ref)


# --- the real worker -----------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_fetch_task_runs_through_the_database_worker(clip_server, local_entry, db_task_backend):
    entry = local_entry(clip_server.page("post.html"))
    schedule_fetch(entry.pk)
    assert Entry.objects.get(pk=entry.pk).fetch_state == FetchState.QUEUED

    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    finally:
        for number, handler in handlers.items():  # the worker installs its own
            signal.signal(number, handler)

    entry.refresh_from_db()
    assert (entry.fetch_state, entry.duration_seconds) == ("done", Decimal("7.000"))
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
