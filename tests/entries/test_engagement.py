"""Counts over time: every fetch adds a snapshot, and the counts at the close are frozen.

The 2022 contest closes at the end of 30 June 2022 (Vietnam time). Fetches are run for real
against the local server, with the clock given to ``refresh_entry`` so that snapshots fall
before or after the close.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from factories import HCM

from clipcontest.entries.engagement import (
    EngagementRefused,
    engagement_history,
    entries_without_record,
    freeze_record_counts,
    record_counts,
    refresh_contest,
)
from clipcontest.entries.metadata import refresh_entry

pytestmark = pytest.mark.django_db

BEFORE_CLOSE = datetime(2022, 6, 29, 20, 0, tzinfo=HCM)
LAST_MINUTE = datetime(2022, 6, 30, 23, 59, tzinfo=HCM)
AFTER_CLOSE = datetime(2022, 7, 1, 0, 5, tzinfo=HCM)


def fetch_with_views(server, entry, views: int, at: datetime) -> None:
    server.page("post.html", views=views)
    refresh_entry(entry.pk, now=at)


def test_each_fetch_adds_a_snapshot_and_the_history_keeps_them_in_order(clip_server, local_entry):
    entry = local_entry(clip_server.page("post.html"))

    fetch_with_views(clip_server, entry, 100, BEFORE_CLOSE)
    fetch_with_views(clip_server, entry, 250, LAST_MINUTE)

    history = engagement_history(entry)
    assert [(s.taken_at, s.views) for s in history] == [(BEFORE_CLOSE, 100), (LAST_MINUTE, 250)]
    assert record_counts(entry) is None  # nothing frozen before the freeze


def test_post_that_shows_no_counts_adds_no_snapshot(clip_server, local_entry):
    entry = local_entry(clip_server.url("clip7.mp4"))
    refresh_entry(entry.pk)
    assert entry.snapshots.count() == 0 and engagement_history(entry) == []


def test_freeze_keeps_the_last_counts_before_the_close(clip_server, local_entry, contest_2022):
    entry = local_entry(clip_server.page("post.html"))
    fetch_with_views(clip_server, entry, 100, BEFORE_CLOSE)
    fetch_with_views(clip_server, entry, 250, LAST_MINUTE)
    fetch_with_views(clip_server, entry, 9000, AFTER_CLOSE)  # bought views, too late

    assert freeze_record_counts(contest_2022) == 1

    record = record_counts(entry)
    assert (record.taken_at, record.views) == (LAST_MINUTE, 250)


def test_later_refreshes_and_freezes_never_move_the_record(clip_server, local_entry, contest_2022):
    entry = local_entry(clip_server.page("post.html"))
    fetch_with_views(clip_server, entry, 100, BEFORE_CLOSE)
    freeze_record_counts(contest_2022)
    frozen = record_counts(entry)

    fetch_with_views(clip_server, entry, 5000, AFTER_CLOSE + timedelta(days=3))
    assert freeze_record_counts(contest_2022) == 0

    assert record_counts(entry) == frozen and record_counts(entry).views == 100
    assert [s.views for s in engagement_history(entry)] == [100, 5000]


def test_clip_without_counts_before_the_close_gets_no_record_and_is_reported(
    clip_server, local_entry, contest_2022
):
    counted = local_entry(clip_server.page("post.html"))
    late = local_entry(clip_server.page("late.html"))
    fetch_with_views(clip_server, counted, 100, BEFORE_CLOSE)
    refresh_entry(late.pk, now=AFTER_CLOSE)

    assert freeze_record_counts(contest_2022) == 1

    assert record_counts(late) is None
    assert entries_without_record(contest_2022) == [late]


def test_withdrawn_clip_is_not_frozen(clip_server, local_entry, contest_2022):
    entry = local_entry(clip_server.page("post.html"))
    fetch_with_views(clip_server, entry, 100, BEFORE_CLOSE)
    entry.withdrawn_at = BEFORE_CLOSE
    entry.save()

    assert freeze_record_counts(contest_2022) == 0
    assert record_counts(entry) is None


def test_counts_cannot_be_frozen_while_the_window_is_open(contest_2022):
    with pytest.raises(EngagementRefused) as refused:
        freeze_record_counts(contest_2022, at=contest_2022.closes_at)
    assert "30/06/2022" in refused.value.message.en and "30/06/2022" in refused.value.message.vi


def test_refresh_queues_every_active_clip_with_a_link(
    clip_server, local_entry, contest_2022, db_task_backend, django_capture_on_commit_callbacks
):
    tired = local_entry(clip_server.page("post.html"), fetch_attempts=4, fetch_state="failed")
    fresh = local_entry(clip_server.page("other.html"))
    local_entry("", canonical_url="file:abc")  # entered by its file: nothing to fetch
    local_entry(clip_server.page("old.html"), withdrawn_at=BEFORE_CLOSE)

    with django_capture_on_commit_callbacks(execute=True):
        report = refresh_contest(contest_2022)

    assert (report.queued, report.without_link, report.run_after) == (2, 1, None)
    queued = sorted(r.args_kwargs["args"][0] for r in DBTaskResult.objects.all())
    assert queued == sorted([tired.pk, fresh.pk])
    tired.refresh_from_db()
    assert (tired.fetch_state, tired.fetch_attempts) == ("queued", 0)


def test_refresh_can_be_scheduled_for_later(
    clip_server, local_entry, contest_2022, db_task_backend, django_capture_on_commit_callbacks
):
    local_entry(clip_server.page("post.html"))
    later = timezone.now() + timedelta(hours=5)

    with django_capture_on_commit_callbacks(execute=True):
        report = refresh_contest(contest_2022, at=later)

    assert report.run_after == later
    assert DBTaskResult.objects.get().run_after == later


def test_refresh_with_the_immediate_backend_fetches_at_once(
    clip_server, local_entry, contest_2022, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    entry = local_entry(clip_server.page("post.html"))

    with django_capture_on_commit_callbacks(execute=True):
        refresh_contest(contest_2022)

    entry.refresh_from_db()
    assert entry.fetch_state == "done" and entry.snapshots.count() == 1
    with pytest.raises(EngagementRefused):  # it cannot wait until later
        refresh_contest(contest_2022, at=timezone.now() + timedelta(hours=1))
