"""Background work on entries, through the tasks API (django-tasks).

Tasks take ids, reload, and call a service; running one twice does no harm.
"""

from __future__ import annotations

from django_tasks import task


@task()
def fetch_entry(entry_id: int) -> None:
    """Read the post's details (yt-dlp) and store them on the entry."""
    from .metadata import refresh_entry

    refresh_entry(entry_id)


def schedule_fetch(entry_id: int) -> None:
    """Queue the fetch of one entry (called on commit by the entry services)."""
    from .models import Entry, FetchState

    Entry.objects.filter(pk=entry_id).update(fetch_state=FetchState.QUEUED)
    fetch_entry.enqueue(entry_id)
