"""Background work on entries, through the tasks API (django-tasks).

Tasks take ids, reload, and call a service; running one twice does no harm.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django_tasks import task


@task()
def fetch_entry(entry_id: int) -> None:
    """Read the post's details (yt-dlp) and store them on the entry."""
    from .metadata import refresh_entry

    refresh_entry(entry_id)


def schedule_fetch(entry_id: int, *, run_after: datetime | None = None) -> None:
    """Queue the fetch of one entry (called on commit by the entry services).

    ``run_after`` delays it (a scheduled refresh just before the close); the backend must
    support deferred tasks for that (the database backend does, the immediate one does not).
    """
    from .models import Entry, FetchState

    Entry.objects.filter(pk=entry_id).update(fetch_state=FetchState.QUEUED)
    enqueue_fetch(entry_id, run_after=run_after)


def enqueue_fetch(entry_id: int, *, run_after: datetime | None = None) -> None:
    """Queue the fetch of an entry already marked queued (the entry services store the state
    with the entry itself, in its own commit)."""
    queued = fetch_entry.using(run_after=run_after) if run_after is not None else fetch_entry
    queued.enqueue(entry_id)


def retries_supported() -> bool:
    """Whether a failed fetch can be tried again later.

    A backend that runs tasks immediately (tests, or a set-up without a worker) cannot wait:
    retrying at once would only hammer the platform, so the failure simply stays recorded
    until the next refresh.
    """
    return fetch_entry.get_backend().supports_defer


def max_attempts() -> int:
    return settings.CLIPCONTEST_FETCH_MAX_ATTEMPTS


def next_attempt_at(failed_attempts: int, now: datetime) -> datetime | None:
    """When to try a fetch again: 60 s, 120 s, 240 s... after ``now``.

    None once ``CLIPCONTEST_FETCH_MAX_ATTEMPTS`` attempts have failed (a post that has been
    unreachable for minutes waits for the next refresh), or when the backend cannot wait.
    """
    if failed_attempts >= max_attempts() or not retries_supported():
        return None
    return now + timedelta(seconds=30 * 2**failed_attempts)


def schedule_retry(entry_id: int, *, run_after: datetime) -> None:
    """Queue another attempt after a network failure; the entry keeps showing the failure."""
    fetch_entry.using(run_after=run_after).enqueue(entry_id)
