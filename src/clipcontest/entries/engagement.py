"""Views, likes and comments over time, and the counts frozen at the close of submissions.

Every successful fetch of a post adds a snapshot, so each clip keeps its history. Once the
window has closed, the last snapshot taken at or before the close becomes the record: the
counts the contest judges by. Growth after the close, bought or not, changes nothing, and the
database allows one record per entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import partial

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from clipcontest.common.text import Text
from clipcontest.contests.models import Contest

from .models import EngagementSnapshot, Entry
from .tasks import retries_supported, schedule_fetch

NOT_CLOSED = Text(
    vi="Cuộc thi chưa hết hạn nhận clip (hết ngày {closes}); chưa thể chốt số liệu tương tác.",
    en="Submissions are still open (until the end of {closes}); counts cannot be frozen yet.",
)
CANNOT_DEFER = Text(
    vi="Hàng đợi tác vụ hiện tại không hẹn giờ được; hãy dùng hàng đợi cơ sở dữ liệu.",
    en="The current task backend cannot run tasks later; use the database backend.",
)


class EngagementRefused(ValueError):
    def __init__(self, message: Text) -> None:
        self.message = message
        super().__init__(message.en)


@dataclass(frozen=True)
class RefreshReport:
    """What a refresh of all clips queued; the fetches themselves run in the background."""

    queued: int
    without_link: int  # clips entered by their file alone: nothing to fetch
    run_after: datetime | None


def record_snapshot(
    entry: Entry, *, views: int | None, likes: int | None, comments: int | None, at: datetime
) -> EngagementSnapshot | None:
    """Keep the counts the post showed at ``at``; a post that shows none adds nothing."""
    if views is None and likes is None and comments is None:
        return None
    return EngagementSnapshot.objects.create(
        entry=entry, taken_at=at, views=views, likes=likes, comments=comments
    )


def active_entries_with_link(contest: Contest):
    return Entry.objects.filter(contest=contest, withdrawn_at__isnull=True).exclude(url="")


def refresh_contest(contest: Contest, *, at: datetime | None = None) -> RefreshReport:
    """Queue a fetch of every active clip with a link: fresh counts, and a fresh look at
    whether each post still exists (a deleted one gets the ``video_unavailable`` warning).

    ``at`` runs the fetches no earlier than that moment (a refresh scheduled just before the
    close, so the record is recent); default now. Every clip gets its full retries again.
    Side effects: the fetches are queued on commit.
    """
    now = timezone.now()
    run_after = at if at is not None and at > now else None
    if run_after is not None and not retries_supported():
        raise EngagementRefused(CANNOT_DEFER)
    entries = Entry.objects.filter(contest=contest, withdrawn_at__isnull=True)
    ids = list(active_entries_with_link(contest).values_list("pk", flat=True))
    Entry.objects.filter(pk__in=ids).update(fetch_attempts=0)
    for entry_id in ids:
        transaction.on_commit(partial(schedule_fetch, entry_id, run_after=run_after))
    return RefreshReport(
        queued=len(ids), without_link=entries.filter(url="").count(), run_after=run_after
    )


@transaction.atomic
def freeze_record_counts(contest: Contest, *, at: datetime | None = None) -> int:
    """Mark, for each active entry, its last snapshot taken at or before the close as the record.

    Runs only after the close (``at``, default now). An entry that already has a record keeps
    it, so running this again, or after later refreshes, changes nothing; an entry with no
    snapshot before the close gets none (``entries_without_record`` lists them). Returns how
    many records were frozen now.
    """
    if (at or timezone.now()) <= contest.closes_at:
        raise EngagementRefused(NOT_CLOSED.format(closes=contest.closes_on.strftime("%d/%m/%Y")))
    latest = (
        EngagementSnapshot.objects.filter(entry=OuterRef("pk"), taken_at__lte=contest.closes_at)
        .order_by("-taken_at", "-pk")
        .values("pk")[:1]
    )
    candidates = (
        Entry.objects.filter(contest=contest, withdrawn_at__isnull=True)
        .exclude(snapshots__is_record=True)
        .annotate(latest=Subquery(latest))
        .values_list("latest", flat=True)
    )
    ids = [pk for pk in candidates if pk is not None]
    return EngagementSnapshot.objects.filter(pk__in=ids, is_record=False).update(is_record=True)


def entries_without_record(contest: Contest) -> list[Entry]:
    """Active clips with a link that have no frozen counts (no snapshot before the close)."""
    return list(
        active_entries_with_link(contest)
        .exclude(snapshots__is_record=True)
        .order_by("unit__code", "ref")
    )


def engagement_history(entry: Entry) -> list[EngagementSnapshot]:
    """Every snapshot of the clip, oldest first."""
    return list(entry.snapshots.order_by("taken_at", "pk"))


def record_counts(entry: Entry) -> EngagementSnapshot | None:
    """The counts frozen at the close, or None before the freeze (or without any snapshot)."""
    return entry.snapshots.filter(is_record=True).first()
