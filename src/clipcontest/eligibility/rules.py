"""The contest's eligibility rules as pure functions over plain values.

Nothing here touches the database or the clock: the caller passes the contest, the entries,
the letters and the moment ("as of") to judge at, so the same input always gives the same
verdict, and every rule of the plan can be tested on its own. ``queries.py`` builds the inputs
from the models.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from zoneinfo import ZoneInfo

from clipcontest.common.text import Text
from clipcontest.contests.calendar import end_of_day, localise
from clipcontest.entries.durations import format_duration

from . import messages as m


class Severity(StrEnum):
    BLOCKING = "blocking"
    WARNING = "warning"


class LetterStatus(StrEnum):
    RECEIVED = "received"
    LATE = "late"
    MISSING = "missing"


@dataclass(frozen=True)
class ContestFacts:
    slug: str
    time_zone: ZoneInfo
    opens_on: date
    closes_on: date
    letter_deadline: date
    min_entries_per_unit: int
    min_seconds: Decimal
    max_seconds: Decimal
    platforms: frozenset[str]

    def local_date(self, moment: datetime) -> date:
        """The calendar day of ``moment`` in the contest's zone; naive means local time."""
        return localise(moment, self.time_zone).date()


@dataclass(frozen=True)
class EntryFacts:
    ref: str
    unit: str
    platform: str
    canonical_url: str
    submitted_at: datetime
    duration_seconds: Decimal | None = None
    posted_at: datetime | None = None
    duration_verified: bool = True  # False when only the unit's word stands behind it
    available: bool | None = None  # False once the post is found deleted or private


@dataclass(frozen=True)
class LetterFacts:
    unit: str
    number: str
    received_at: datetime | None
    entry_refs: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    message: Text

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": str(self.severity),
            "message": str(self.message),
            "messages": self.message.as_dict(),
        }


@dataclass(frozen=True)
class EntryVerdict:
    entry: EntryFacts
    findings: tuple[Finding, ...]

    @property
    def eligible(self) -> bool:
        """Eligible means no blocking finding; warnings are for the organisers to weigh."""
        return not any(f.severity is Severity.BLOCKING for f in self.findings)


@dataclass(frozen=True)
class UnitVerdict:
    code: str
    entries: int
    eligible_entries: int
    meets_minimum: bool
    letter: LetterStatus
    findings: tuple[Finding, ...] = field(default=())


@dataclass(frozen=True)
class ContestReport:
    contest: str
    at: datetime
    entries: tuple[EntryVerdict, ...]
    units: tuple[UnitVerdict, ...]

    def as_json(self) -> dict[str, object]:
        return {
            "contest": self.contest,
            "at": self.at.isoformat(),
            "entries": [
                {
                    "ref": v.entry.ref,
                    "unit": v.entry.unit,
                    "eligible": v.eligible,
                    "findings": [f.as_dict() for f in v.findings],
                }
                for v in self.entries
            ],
            "units": [
                {
                    "code": u.code,
                    "entries": u.entries,
                    "eligible_entries": u.eligible_entries,
                    "meets_minimum": u.meets_minimum,
                    "letter": str(u.letter),
                    "findings": [f.as_dict() for f in u.findings],
                }
                for u in self.units
            ],
        }


# --- one function per rule -------------------------------------------------------------------


def duration_findings(entry: EntryFacts, contest: ContestFacts) -> list[Finding]:
    """Each clip lasts at least 5 seconds and at most 10 minutes, both bounds included.

    A duration only the unit vouches for (typed or imported, not read from the post or the
    file) counts, but is flagged until an organiser verifies it.
    """
    seconds = entry.duration_seconds
    if seconds is None:
        return [Finding("duration_unknown", Severity.WARNING, m.DURATION_UNKNOWN)]
    unverified = (
        [Finding("duration_unverified", Severity.WARNING, m.DURATION_UNVERIFIED)]
        if not entry.duration_verified
        else []
    )
    values = {
        "duration": format_duration(seconds),
        "min": format_duration(contest.min_seconds),
        "max": format_duration(contest.max_seconds),
    }
    if seconds < contest.min_seconds:
        return [Finding("duration_too_short", Severity.BLOCKING, m.TOO_SHORT.format(**values))]
    if seconds > contest.max_seconds:
        return [Finding("duration_too_long", Severity.BLOCKING, m.TOO_LONG.format(**values))]
    return unverified


def posting_findings(entry: EntryFacts, contest: ContestFacts) -> list[Finding]:
    """The clip is posted within the submission window, compared by local calendar day."""
    if entry.posted_at is None:
        return [Finding("posted_date_unknown", Severity.WARNING, m.POSTED_UNKNOWN)]
    posted_on = contest.local_date(entry.posted_at)
    values = {
        "posted": _day(posted_on),
        "opens": _day(contest.opens_on),
        "closes": _day(contest.closes_on),
    }
    if posted_on < contest.opens_on:
        return [
            Finding("posted_before_window", Severity.BLOCKING, m.POSTED_BEFORE.format(**values))
        ]
    if posted_on > contest.closes_on:
        return [Finding("posted_after_window", Severity.BLOCKING, m.POSTED_AFTER.format(**values))]
    return []


def submission_findings(entry: EntryFacts, contest: ContestFacts) -> list[Finding]:
    """Entries are accepted until the end of the window's last day, local time."""
    if localise(entry.submitted_at, contest.time_zone) > end_of_day(
        contest.closes_on, contest.time_zone
    ):
        submitted = localise(entry.submitted_at, contest.time_zone)
        return [
            Finding(
                "submitted_after_deadline",
                Severity.BLOCKING,
                m.SUBMITTED_LATE.format(
                    submitted=submitted.strftime("%d/%m/%Y %H:%M"), closes=_day(contest.closes_on)
                ),
            )
        ]
    return []


def platform_findings(entry: EntryFacts, contest: ContestFacts) -> list[Finding]:
    """Only the platforms the contest lists (Facebook, TikTok, YouTube in 2022).

    A clip entered by its file alone is not posted yet: the plan requires the unit's own post.
    """
    if not entry.platform:
        return [Finding("link_missing", Severity.BLOCKING, m.LINK_MISSING)]
    if entry.platform in contest.platforms:
        return []
    allowed = ", ".join(sorted(contest.platforms))
    return [
        Finding(
            "platform_not_allowed",
            Severity.BLOCKING,
            m.PLATFORM_NOT_ALLOWED.format(platform=entry.platform, allowed=allowed),
        )
    ]


def duplicate_findings(entry: EntryFacts, first: EntryFacts) -> list[Finding]:
    """A video counts once: the earliest submission keeps it, later ones are blocked."""
    if first.ref == entry.ref:
        return []
    return [
        Finding(
            "duplicate_video", Severity.BLOCKING, m.DUPLICATE.format(ref=first.ref, unit=first.unit)
        )
    ]


def availability_findings(entry: EntryFacts) -> list[Finding]:
    """A post found deleted or private is for the organisers to decide on, not automatic."""
    if entry.available is False:
        return [Finding("video_unavailable", Severity.WARNING, m.VIDEO_UNAVAILABLE)]
    return []


def letter_findings(entry: EntryFacts, listed_refs: frozenset[str]) -> list[Finding]:
    """Clips may be posted until 30 June but listed by 15 June, so this only warns."""
    if entry.ref in listed_refs:
        return []
    return [Finding("not_in_letter", Severity.WARNING, m.NOT_IN_LETTER)]


def letter_status(letters: Iterable[LetterFacts], contest: ContestFacts) -> LetterStatus:
    """Received by the end of the deadline day is on time; after it, late; none, missing."""
    received = [lt.received_at for lt in letters if lt.received_at is not None]
    if not received:
        return LetterStatus.MISSING
    deadline = end_of_day(contest.letter_deadline, contest.time_zone)
    if any(localise(r, contest.time_zone) <= deadline for r in received):
        return LetterStatus.RECEIVED
    return LetterStatus.LATE


# --- the whole contest -----------------------------------------------------------------------


def first_entries_by_video(entries: Iterable[EntryFacts]) -> dict[str, EntryFacts]:
    """For each canonical video, the entry submitted first (ties broken by reference).

    Submission times must be aware (``evaluate_contest`` localises them first).
    """
    first: dict[str, EntryFacts] = {}
    for entry in sorted(entries, key=_submission_order):
        first.setdefault(entry.canonical_url, entry)
    return first


def entry_findings(
    entry: EntryFacts,
    contest: ContestFacts,
    *,
    first_of_video: EntryFacts,
    listed_refs: frozenset[str],
) -> tuple[Finding, ...]:
    return (
        *platform_findings(entry, contest),
        *duration_findings(entry, contest),
        *posting_findings(entry, contest),
        *submission_findings(entry, contest),
        *duplicate_findings(entry, first_of_video),
        *availability_findings(entry),
        *letter_findings(entry, listed_refs),
    )


def evaluate_contest(
    contest: ContestFacts,
    entries: Sequence[EntryFacts],
    letters: Sequence[LetterFacts],
    unit_codes: Iterable[str],
    *,
    at: datetime,
) -> ContestReport:
    """Judge every entry and unit as things stood at ``at``.

    Entries submitted and letters received after ``at`` did not exist yet, which is what lets
    an organiser replay the contest on any past day (``clipcontest check --at``).
    """
    zone = contest.time_zone
    at = localise(at, zone)
    current = [
        replace(e, submitted_at=localise(e.submitted_at, zone))
        for e in entries
        if localise(e.submitted_at, zone) <= at
    ]
    received = [
        lt
        for lt in letters
        if lt.received_at is not None and localise(lt.received_at, contest.time_zone) <= at
    ]
    first = first_entries_by_video(current)
    listed = frozenset(ref for lt in received for ref in lt.entry_refs)
    verdicts = tuple(
        EntryVerdict(
            e, entry_findings(e, contest, first_of_video=first[e.canonical_url], listed_refs=listed)
        )
        for e in sorted(current, key=lambda e: (e.unit, _submission_order(e)))
    )
    codes = sorted(set(unit_codes) | {e.unit for e in current})
    units = tuple(_unit_verdict(code, verdicts, received, contest) for code in codes)
    return ContestReport(contest=contest.slug, at=at, entries=verdicts, units=units)


def _unit_verdict(
    code: str,
    verdicts: Sequence[EntryVerdict],
    letters: Sequence[LetterFacts],
    contest: ContestFacts,
) -> UnitVerdict:
    own = [v for v in verdicts if v.entry.unit == code]
    eligible = sum(v.eligible for v in own)
    status = letter_status((lt for lt in letters if lt.unit == code), contest)
    findings: list[Finding] = []
    if eligible < contest.min_entries_per_unit:
        findings.append(
            Finding(
                "below_minimum",
                Severity.BLOCKING,
                m.BELOW_MINIMUM.format(eligible=eligible, minimum=contest.min_entries_per_unit),
            )
        )
    if status is LetterStatus.MISSING:
        findings.append(
            Finding(
                "letter_missing",
                Severity.WARNING,
                m.LETTER_MISSING.format(deadline=_day(contest.letter_deadline)),
            )
        )
    elif status is LetterStatus.LATE:
        findings.append(
            Finding(
                "letter_late",
                Severity.WARNING,
                m.LETTER_LATE.format(deadline=_day(contest.letter_deadline)),
            )
        )
    return UnitVerdict(
        code=code,
        entries=len(own),
        eligible_entries=eligible,
        meets_minimum=eligible >= contest.min_entries_per_unit,
        letter=status,
        findings=tuple(findings),
    )


def _submission_order(entry: EntryFacts) -> tuple[datetime, str]:
    return (entry.submitted_at, entry.ref)


def _day(day: date) -> str:
    return day.strftime("%d/%m/%Y")
