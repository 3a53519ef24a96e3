"""The secretariat's review of clips: the one way each decision on a clip is taken.

Every function runs in one transaction: it takes the contest's row lock (as the jury's changes
do, so a review decision either lands before the results are finalised or is refused after),
re-reads the clip under lock, checks, changes, and writes the audit row with what it was
before and after and why. A refusal raises ``ReviewRefused`` and stores nothing.

Every decision is recorded against the clip itself (``obj=entry``), so the clip's history
lists them all; the action codes start with ``review.``.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from clipcontest.accounts.permissions import is_staff_member
from clipcontest.audit.services import record
from clipcontest.common.text import Text
from clipcontest.contests.calendar import localise
from clipcontest.eligibility.overrides import can_override
from clipcontest.eligibility.queries import entry_verdict
from clipcontest.entries.durations import MAX_SECONDS, format_duration
from clipcontest.entries.group_share import share_facts
from clipcontest.entries.models import (
    DisqualificationGround,
    DurationSource,
    Entry,
    FindingOverride,
    PostedAtSource,
)
from clipcontest.judging.queries import results_locked
from clipcontest.judging.services import lock_contest

from . import messages as m


class ReviewRefused(ValueError):
    """A review decision the rules do not allow; ``message`` says why in both languages."""

    def __init__(self, message: Text) -> None:
        self.message = message
        super().__init__(message.en)


# --- verifying what the post or the unit said ------------------------------------------------


@transaction.atomic
def verify_duration(*, entry: Entry, seconds: Decimal | None, note: str, by: Any) -> Entry:
    """An organiser measured the clip: the duration is trusted and no fetch replaces it."""
    _require_staff(by)
    note = _required(note, m.NOTE_REQUIRED)
    if seconds is None:
        raise ReviewRefused(m.DURATION_MISSING)
    if not Decimal(0) <= seconds <= MAX_SECONDS:
        raise ReviewRefused(m.BAD_DURATION)
    entry = _locked_entry(entry, by)
    before = _duration_facts(entry)
    entry.duration_seconds, entry.duration_source = seconds, DurationSource.VERIFIED
    entry.save(update_fields=["duration_seconds", "duration_source", "updated_at"])
    _record("review.duration_verified", entry, by, before, _duration_facts(entry), note)
    return entry


@transaction.atomic
def verify_posted_date(
    *, entry: Entry, posted_on: date | datetime | None, note: str, by: Any
) -> Entry:
    """An organiser checked when the clip was posted; that date is trusted over the post's.

    A date without a time is stored at noon, contest time, so it reads as the same day
    wherever it is shown.
    """
    _require_staff(by)
    note = _required(note, m.NOTE_REQUIRED)
    if posted_on is None:
        raise ReviewRefused(m.POSTED_MISSING)
    zone = entry.contest.zone
    if isinstance(posted_on, datetime):
        posted_at = localise(posted_on, zone)
    else:
        posted_at = datetime.combine(posted_on, time(12), tzinfo=zone)
    if posted_at.date() > localise(timezone.now(), zone).date():
        raise ReviewRefused(m.POSTED_IN_FUTURE.format(posted=posted_at.strftime("%d/%m/%Y")))
    entry = _locked_entry(entry, by)
    before = _posted_facts(entry)
    entry.posted_at, entry.posted_at_source = posted_at, PostedAtSource.VERIFIED
    entry.save(update_fields=["posted_at", "posted_at_source", "updated_at"])
    _record("review.posted_date_verified", entry, by, before, _posted_facts(entry), note)
    return entry


@transaction.atomic
def verify_group_share(*, entry: Entry, note: str, by: Any) -> Entry:
    """An organiser checked the unit's share into the contest's group (Kế hoạch mục IV.2).

    There must be a link or a screenshot to check; the unit replacing either undoes this
    (``entries.group_share``), since the organisers verified something else.
    """
    _require_staff(by)
    note = _required(note, m.NOTE_REQUIRED)
    entry = _locked_entry(entry, by)
    if not entry.has_group_share:
        raise ReviewRefused(m.NO_GROUP_SHARE.format(ref=entry.ref))
    if entry.group_share_verified_at is not None:
        raise ReviewRefused(m.GROUP_SHARE_VERIFIED_ALREADY.format(ref=entry.ref))
    before = _share_facts(entry)
    entry.group_share_verified_at, entry.group_share_verified_by = timezone.now(), by
    entry.save(update_fields=["group_share_verified_at", "group_share_verified_by", "updated_at"])
    _record("review.group_share_verified", entry, by, before, _share_facts(entry), note)
    return entry


# --- findings set aside -----------------------------------------------------------------------


@transaction.atomic
def override_finding(*, entry: Entry, code: str, reason: str, by: Any) -> FindingOverride:
    """The finding ``code`` no longer counts against this clip; it stays shown, struck through.

    Only a finding the clip has now can be overridden, and not a disqualification (restore
    the clip), a duplicate (choose which clip stands) or a finding about the unit.
    """
    _require_staff(by)
    reason = _required(reason, m.REASON_REQUIRED)
    code = code.strip()
    if code == "disqualified":
        raise ReviewRefused(m.CANNOT_OVERRIDE_DISQUALIFIED)
    if code == "duplicate_video":
        raise ReviewRefused(m.CANNOT_OVERRIDE_DUPLICATE)
    if not can_override(code):
        raise ReviewRefused(m.CANNOT_OVERRIDE_UNIT.format(code=code))
    entry = _locked_entry(entry, by)
    active = entry.finding_overrides.filter(code=code, withdrawn_at__isnull=True)
    if active.exists():
        raise ReviewRefused(m.ALREADY_OVERRIDDEN.format(code=code, ref=entry.ref))
    verdict = entry_verdict(entry)
    if verdict is None or code not in {f.code for f in verdict.findings}:
        raise ReviewRefused(m.NO_SUCH_FINDING.format(code=code, ref=entry.ref))
    override = FindingOverride.objects.create(
        entry=entry, code=code, reason=reason, by=by, at=timezone.now()
    )
    _record(
        "review.finding_overridden",
        entry,
        by,
        {"finding": code, "overridden": False},
        {"finding": code, "overridden": True, "override": override.pk},
        reason,
    )
    return override


@transaction.atomic
def withdraw_override(*, override: FindingOverride, reason: str, by: Any) -> FindingOverride:
    """The finding counts again; the override stays on record with who withdrew it and why."""
    _require_staff(by)
    reason = _required(reason, m.REASON_REQUIRED)
    entry = _locked_entry(override.entry, by)
    override = FindingOverride.objects.select_for_update().get(pk=override.pk)
    if override.withdrawn_at is not None:
        raise ReviewRefused(m.OVERRIDE_ALREADY_WITHDRAWN)
    override.withdrawn_at, override.withdrawn_by = timezone.now(), by
    override.withdraw_reason = reason
    override.save(update_fields=["withdrawn_at", "withdrawn_by", "withdraw_reason"])
    _record(
        "review.override_withdrawn",
        entry,
        by,
        {"finding": override.code, "overridden": True, "override_reason": override.reason},
        {"finding": override.code, "overridden": False},
        reason,
    )
    return override


# --- disqualifying and restoring --------------------------------------------------------------


@transaction.atomic
def disqualify(*, entry: Entry, ground: str, reason: str, by: Any) -> Entry:
    """Take the clip out of the contest; its unit sees the ground and the reason."""
    _require_staff(by)
    reason = _required(reason, m.REASON_REQUIRED)
    if ground not in DisqualificationGround.values:
        raise ReviewRefused(m.UNKNOWN_GROUND)
    entry = _locked_entry(entry, by)
    if entry.is_disqualified:
        raise ReviewRefused(m.ALREADY_DISQUALIFIED.format(ref=entry.ref))
    before = _disqualification_facts(entry)
    entry.disqualified_at, entry.disqualified_by = timezone.now(), by
    entry.disqualification_ground, entry.disqualification_reason = ground, reason
    entry.save(update_fields=[*_DISQUALIFICATION_FIELDS, "updated_at"])
    _record("review.disqualified", entry, by, before, _disqualification_facts(entry), reason)
    return entry


@transaction.atomic
def restore(*, entry: Entry, reason: str, by: Any) -> Entry:
    """Bring a disqualified clip back; the rules judge it again like any other."""
    _require_staff(by)
    reason = _required(reason, m.REASON_REQUIRED)
    entry = _locked_entry(entry, by)
    if not entry.is_disqualified:
        raise ReviewRefused(m.NOT_DISQUALIFIED.format(ref=entry.ref))
    before = _disqualification_facts(entry)
    entry.disqualified_at, entry.disqualified_by = None, None
    entry.disqualification_ground, entry.disqualification_reason = "", ""
    entry.save(update_fields=[*_DISQUALIFICATION_FIELDS, "updated_at"])
    _record("review.restored", entry, by, before, _disqualification_facts(entry), reason)
    return entry


# --- which clip of a video counts -------------------------------------------------------------


@transaction.atomic
def choose_standing_entry(*, entry: Entry, reason: str, by: Any) -> Entry:
    """Among the clips of one video, this one counts; the others are blocked as duplicates."""
    _require_staff(by)
    reason = _required(reason, m.REASON_REQUIRED)
    entry = _locked_entry(entry, by)
    if entry.is_disqualified:
        raise ReviewRefused(m.DISQUALIFIED_CANNOT_STAND.format(ref=entry.ref))
    if entry.stands_for_video:
        raise ReviewRefused(m.ALREADY_STANDS.format(ref=entry.ref))
    twins = Entry.objects.select_for_update().filter(
        contest=entry.contest, canonical_url=entry.canonical_url, withdrawn_at__isnull=True
    )
    others = list(twins.exclude(pk=entry.pk).order_by("submitted_at", "ref"))
    if not others:
        raise ReviewRefused(m.NO_DUPLICATES.format(ref=entry.ref))
    before = {"chosen": next((o.ref for o in others if o.stands_for_video), None)}
    # Clear the others first: the database allows one standing clip per video at any moment.
    Entry.objects.filter(pk__in=[o.pk for o in others]).update(stands_for_video=False)
    entry.stands_for_video = True
    entry.save(update_fields=["stands_for_video", "updated_at"])
    after = {"chosen": entry.ref, "others": [o.ref for o in others]}
    _record("review.standing_chosen", entry, by, before, after, reason)
    return entry


# --- helpers ------------------------------------------------------------------------------------

_DISQUALIFICATION_FIELDS = [
    "disqualified_at",
    "disqualified_by",
    "disqualification_ground",
    "disqualification_reason",
]


def _require_staff(by: Any) -> None:
    if not is_staff_member(by):
        raise ReviewRefused(m.STAFF_ONLY)


def _required(text: str, message: Text) -> str:
    text = (text or "").strip()
    if not text:
        raise ReviewRefused(message)
    if "\x00" in text:  # PostgreSQL cannot store it (a server error), and no person types it
        raise ReviewRefused(m.NUL_CHARACTER)
    return text


def _locked_entry(entry: Entry, by: Any) -> Entry:
    """The clip re-read under lock, after the checks every decision shares."""
    _require_staff(by)
    lock_contest(entry.contest)
    if results_locked(entry.contest):
        raise ReviewRefused(m.RESULTS_LOCKED)
    fresh = Entry.objects.select_for_update().select_related("contest").get(pk=entry.pk)
    if fresh.is_withdrawn:
        raise ReviewRefused(m.WITHDRAWN.format(ref=fresh.ref))
    return fresh


def _record(action: str, entry: Entry, by: Any, before: dict, after: dict, why: str) -> None:
    record(
        action=action,
        obj=entry,
        actor=by,
        contest=entry.contest,
        before={"ref": entry.ref, **before},
        after={"ref": entry.ref, **after},
        reason=why,
    )


def _duration_facts(entry: Entry) -> dict[str, object]:
    seconds = entry.duration_seconds
    return {
        "duration": format_duration(seconds) if seconds is not None else None,
        "duration_seconds": str(seconds) if seconds is not None else None,
        "duration_source": entry.duration_source,
    }


def _posted_facts(entry: Entry) -> dict[str, object]:
    posted = entry.posted_at
    return {
        "posted_at": localise(posted, entry.contest.zone).isoformat() if posted else None,
        "posted_at_source": entry.posted_at_source,
    }


def _share_facts(entry: Entry) -> dict[str, object]:
    return {**share_facts(entry), "group_share_verified": entry.group_share_verified_at is not None}


def _disqualification_facts(entry: Entry) -> dict[str, object]:
    return {
        "disqualified": entry.is_disqualified,
        "ground": entry.disqualification_ground,
        "reason": entry.disqualification_reason,
    }
