"""Storing what a clip's post says on the entry; the whole job of the fetch task.

The post is the authority on what it shows (title, duration, date, counts), but the entry and
everything the unit typed are always kept, and a duration an organiser verified is never
replaced. A failed fetch is recorded with its reason: a removed or private post marks the
entry unavailable (a warning for the organisers to decide on), a network problem is retried
with backoff. Reading the post itself is ``fetching.py``.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from clipcontest.common.text import Text

from .engagement import record_snapshot
from .fetching import UNEXPECTED, FetchFailed, PostInfo, fetch_post, short_detail
from .links import LinkError, parse_link
from .models import DurationSource, Entry, FetchState, PostedAtSource
from .tasks import max_attempts, next_attempt_at, schedule_retry

logger = logging.getLogger(__name__)

RETRYING = Text(
    vi="{reason} (lần {attempt}/{limit}; sẽ thử lại sau {when})",
    en="{reason} (attempt {attempt} of {limit}; trying again after {when})",
)

DUPLICATE = Text(
    vi="Đường dẫn rút gọn này dẫn tới cùng video với clip {ref} của đơn vị; clip được giữ "
    "nguyên, hãy rút một trong hai.",
    en="This short link leads to the same video as the unit's entry {ref}; the entry is kept "
    "as it is, withdraw one of the two.",
)


# --- storing it on the entry ------------------------------------------------------------------


def refresh_entry(entry_id: int, *, now: datetime | None = None) -> Entry | None:
    """Fetch the entry's post and store what it says; the whole job of the fetch task.

    Skips a withdrawn entry or one without a link. Running it twice adds a second engagement
    snapshot only when the counts changed in between (``SAME_READING``). Side effect: after
    a network failure a retry is queued on commit, with backoff (60 s, 120 s, 240 s...) until
    ``CLIPCONTEST_FETCH_MAX_ATTEMPTS``.
    """
    entry = Entry.objects.select_related("contest").filter(pk=entry_id).first()
    if entry is None or entry.is_withdrawn or not entry.url:
        return None
    Entry.objects.filter(pk=entry.pk, url=entry.url).update(fetch_state=FetchState.FETCHING)
    try:
        post = fetch_post(entry.url, zone=entry.contest.zone)
    except FetchFailed as failure:
        return _store_failure(entry.pk, entry.url, failure, now or timezone.now())
    except Exception as error:  # a bug in an extractor must not leave the clip "fetching"
        logger.exception("fetching entry %s failed unexpectedly", entry.ref)
        failure = FetchFailed(UNEXPECTED.format(detail=short_detail(repr(error))), permanent=False)
        return _store_failure(entry.pk, entry.url, failure, now or timezone.now())
    return store_post(entry.pk, entry.url, post, now or timezone.now())


def _locked(entry_id: int, url: str) -> Entry | None:
    """The entry, locked, unless it was withdrawn or given another link while we fetched."""
    entry = Entry.objects.select_for_update().filter(pk=entry_id).first()
    if entry is None or entry.is_withdrawn or entry.url != url:
        return None
    return entry


_POST_FIELDS = [
    "post_title", "uploader", "thumbnail_url", "duration_seconds", "duration_source", "posted_at",
    "posted_at_source", "available", "availability_checked_at", "fetched_at", "fetch_state",
    "fetch_error", "fetch_attempts", "updated_at",
]  # fmt: skip
_LINK_FIELDS = ["video_id", "canonical_url", "platform"]


@transaction.atomic
def store_post(entry_id: int, url: str, post: PostInfo, now: datetime) -> Entry | None:
    """Store a post read from ``url`` on the entry, with a snapshot of its counts.

    Nothing is stored when the entry was withdrawn or given another link while the post was
    being read (the newer link has its own fetch queued). While the contest's results are
    finalised, what eligibility judges (duration, posting date, the video's link) stays as it
    was judged: a post edited after the results must not move a prize without a reopen.
    """
    entry = _locked(entry_id, url)
    if entry is None:
        return None
    final = results_final(entry)
    _apply_post(entry, post, now, keep_judged_facts=final)
    problem = None if final else resolve_short_link(entry, post.webpage_url)
    entry.fetch_error = problem.both() if problem else ""
    try:
        with transaction.atomic():  # another clip may have taken the canonical link meanwhile
            entry.save(update_fields=_POST_FIELDS + _LINK_FIELDS)
    except IntegrityError:  # the twin appeared after our check: keep the link as it was
        for name, value in Entry.objects.values(*_LINK_FIELDS).get(pk=entry.pk).items():
            setattr(entry, name, value)
        problem = resolve_short_link(entry, post.webpage_url)
        entry.fetch_error = problem.both() if problem else ""
        entry.save(update_fields=_POST_FIELDS)
    _snapshot_once(entry, post, now)
    return entry


# Counts equal to the entry's reading this recent are that reading again: a fetch task run a
# second time (its worker was killed after storing, or the task was doubled) adds no snapshot.
SAME_READING = timedelta(minutes=10)


def _snapshot_once(entry: Entry, post: PostInfo, now: datetime) -> None:
    counts = (post.views, post.likes, post.comments)
    latest = entry.snapshots.order_by("-taken_at", "-pk").first()
    same = latest is not None and (latest.views, latest.likes, latest.comments) == counts
    if same and abs(now - latest.taken_at) < SAME_READING:
        return
    record_snapshot(entry, views=post.views, likes=post.likes, comments=post.comments, at=now)


def results_final(entry: Entry) -> bool:
    """Whether the latest decision on the entry's contest results is to finalise them.

    The decision is the jury's (``judging``, later in the flow than ``entries``), so it is read
    through the contest's reverse relation rather than imported; ``judging.queries.
    results_locked`` asks the same question.
    """
    latest = entry.contest.decisions.order_by("-at", "-pk").values_list("action", flat=True)
    return latest.first() == "finalise"


def _apply_post(entry: Entry, post: PostInfo, now: datetime, *, keep_judged_facts: bool) -> None:
    """The post wins over imported or typed facts, except what an organiser verified (and,
    with ``keep_judged_facts``, the duration and date the finalised results were judged on)."""
    verified = entry.duration_source == DurationSource.VERIFIED
    entry.post_title = post.title[:500] or entry.post_title
    entry.uploader = post.uploader[:300] or entry.uploader
    if post.thumbnail_url.startswith(("http://", "https://")) and len(post.thumbnail_url) <= 1000:
        entry.thumbnail_url = post.thumbnail_url
    if post.duration_seconds is not None and not (verified or keep_judged_facts):
        entry.duration_seconds, entry.duration_source = post.duration_seconds, post.duration_source
    # A date an organiser verified stays. Before dates had a source, a verified duration meant
    # the organiser had checked the entry's date too.
    keep_date = (
        keep_judged_facts
        or entry.posted_at_source == PostedAtSource.VERIFIED
        or (verified and not entry.posted_at_source and entry.posted_at is not None)
    )
    if post.posted_at is not None and not keep_date:
        entry.posted_at, entry.posted_at_source = post.posted_at, PostedAtSource.FETCHED
    entry.available, entry.availability_checked_at = True, now
    entry.fetched_at, entry.fetch_state, entry.fetch_attempts = now, FetchState.DONE, 0


def resolve_short_link(entry: Entry, webpage_url: str) -> Text | None:
    """A short link (fb.watch, vm.tiktok.com...) gets the video id and canonical link it leads to.

    When the unit already entered that video under another entry, both are kept unchanged and
    the returned message says so; the organisers or the unit decide which one to withdraw.
    """
    if entry.video_id or not webpage_url:
        return None
    try:
        link = parse_link(webpage_url)
    except LinkError:
        return None
    if link.video_id is None:
        return None
    units_clips = Entry.objects.filter(unit_id=entry.unit_id, contest_id=entry.contest_id)
    same = units_clips.filter(canonical_url=link.canonical_url, withdrawn_at__isnull=True)
    twin = same.exclude(pk=entry.pk).first()
    if twin is not None:
        return DUPLICATE.format(ref=twin.ref)
    entry.video_id, entry.canonical_url = link.video_id, link.canonical_url
    entry.platform = str(link.platform)
    return None


@transaction.atomic
def _store_failure(entry_id: int, url: str, failure: FetchFailed, now: datetime) -> Entry | None:
    entry = _locked(entry_id, url)
    if entry is None:
        return None
    entry.fetch_attempts += 1
    entry.fetch_state, reason = FetchState.FAILED, failure.reason
    retry_at = None if failure.permanent else next_attempt_at(entry.fetch_attempts, now)
    if failure.unavailable:
        entry.available, entry.availability_checked_at = False, now
    elif retry_at is not None:
        when = f"{retry_at.astimezone(entry.contest.zone):%H:%M %d/%m/%Y}"
        values = {"attempt": entry.fetch_attempts, "limit": max_attempts(), "when": when}
        reason = Text(
            vi=RETRYING.vi.format(reason=reason.vi, **values),
            en=RETRYING.en.format(reason=reason.en, **values),
        )
        transaction.on_commit(lambda: schedule_retry(entry_id, run_after=retry_at))
    entry.fetch_error = reason.both()
    entry.save(
        update_fields=[
            "fetch_attempts", "fetch_state", "fetch_error", "available",
            "availability_checked_at", "updated_at",
        ]
    )  # fmt: skip
    return entry
