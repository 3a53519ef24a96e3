"""The contest's eligibility rules as pure functions over plain values.

Nothing here touches the database or the clock: the caller passes the contest, the entries,
the letters and the moment ("as of") to judge at, so the same input always gives the same
verdict, and every rule of the plan can be tested on its own. ``queries.py`` builds the inputs
from the models; ``facts.py`` defines them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from clipcontest.contests.calendar import end_of_day, localise
from clipcontest.entries.durations import format_duration

from . import messages as m
from .facts import ContestFacts, EntryFacts, Finding, LetterFacts, LetterStatus, Severity
from .overrides import apply_overrides, standing_entries_by_video


@dataclass(frozen=True, slots=True)
class EntryVerdict:
    entry: EntryFacts
    findings: tuple[Finding, ...]
    # What the organisers overrode: no longer counted, still shown (struck through) with why.
    overridden: tuple[Finding, ...] = ()

    @property
    def eligible(self) -> bool:
        """Eligible means no blocking finding; warnings are for the organisers to weigh."""
        return not any(f.severity is Severity.BLOCKING for f in self.findings)


@dataclass(frozen=True, slots=True)
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
                    "overridden": [f.as_dict() for f in v.overridden],
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
    if contest.min_seconds <= seconds <= contest.max_seconds:
        return unverified
    # Written out only for a clip out of bounds (most clips are not).
    values = {
        "duration": format_duration(seconds),
        "min": format_duration(contest.min_seconds),
        "max": format_duration(contest.max_seconds),
    }
    if seconds < contest.min_seconds:
        return [Finding("duration_too_short", Severity.BLOCKING, m.TOO_SHORT.format(**values))]
    return [Finding("duration_too_long", Severity.BLOCKING, m.TOO_LONG.format(**values))]


def posting_findings(entry: EntryFacts, contest: ContestFacts) -> list[Finding]:
    """The clip is posted within the submission window, compared by local calendar day.

    A date only the unit vouches for counts but is flagged until an organiser verifies it; a
    date the organiser verified is trusted like one read from the post.
    """
    if entry.posted_at is None:
        return [Finding("posted_date_unknown", Severity.WARNING, m.POSTED_UNKNOWN)]
    posted_on = contest.local_date(entry.posted_at)
    if contest.opens_on <= posted_on <= contest.closes_on:
        if not entry.posted_verified:
            return [Finding("posted_date_unverified", Severity.WARNING, m.POSTED_UNVERIFIED)]
        return []
    # The dates are written out only for a clip that has the finding (most clips do not).
    values = {
        "posted": _day(posted_on),
        "opens": _day(contest.opens_on),
        "closes": _day(contest.closes_on),
    }
    if posted_on < contest.opens_on:
        return [
            Finding("posted_before_window", Severity.BLOCKING, m.POSTED_BEFORE.format(**values))
        ]
    return [Finding("posted_after_window", Severity.BLOCKING, m.POSTED_AFTER.format(**values))]


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
    """A video counts once: the entry the organisers chose keeps it, else the earliest one.

    ``first`` is the entry that stands for the video (``standing_entries_by_video``).
    """
    if first.ref == entry.ref:
        return []
    message = m.DUPLICATE_CHOSEN if first.chosen_for_video else m.DUPLICATE
    return [
        Finding(
            "duplicate_video", Severity.BLOCKING, message.format(ref=first.ref, unit=first.unit)
        )
    ]


def disqualification_findings(entry: EntryFacts) -> list[Finding]:
    """A clip the organisers disqualified is out, and its unit is told on what ground and why."""
    if entry.disqualified is None:
        return []
    return [Finding("disqualified", Severity.BLOCKING, m.disqualified(entry.disqualified))]


def availability_findings(entry: EntryFacts) -> list[Finding]:
    """A post found deleted or private is for the organisers to decide on, not automatic."""
    if entry.available is False:
        return [Finding("video_unavailable", Severity.WARNING, m.VIDEO_UNAVAILABLE)]
    return []


def group_share_findings(entry: EntryFacts, contest: ContestFacts) -> list[Finding]:
    """Each clip is shared into the provincial Facebook group (Kế hoạch mục IV.2).

    The unit proves it with the share's link or a screenshot. Without either the clip is
    flagged, not blocked: the organisers decide. A contest whose rules name no group asks for
    no share.
    """
    if not contest.group_required or entry.shared_to_group:
        return []
    return [_not_shared_to_group(contest.group_name)]


@lru_cache(maxsize=16)
def _not_shared_to_group(group_name: str) -> Finding:
    """One finding (immutable) for every clip of a contest: until the shares are in, it is on
    nearly every clip, and ten thousand copies of one message cost memory and time."""
    return Finding(
        "not_shared_to_group", Severity.WARNING, m.NOT_SHARED_TO_GROUP.format(group=group_name)
    )


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


# Every code a clip's findings can carry (the unit's own are in ``_unit_verdict``): the clip
# list offers them as a filter without judging the whole contest first.
CLIP_FINDING_CODES = frozenset(
    {
        "disqualified",
        "link_missing",
        "platform_not_allowed",
        "duration_unknown",
        "duration_unverified",
        "duration_too_short",
        "duration_too_long",
        "posted_date_unknown",
        "posted_before_window",
        "posted_after_window",
        "posted_date_unverified",
        "submitted_after_deadline",
        "duplicate_video",
        "video_unavailable",
        "not_shared_to_group",
        "not_in_letter",
    }
)

# The API names the unit holding a video through this older name.
first_entries_by_video = standing_entries_by_video


def entry_findings(
    entry: EntryFacts,
    contest: ContestFacts,
    *,
    first_of_video: EntryFacts,
    listed_refs: frozenset[str],
) -> tuple[Finding, ...]:
    return (
        *disqualification_findings(entry),
        *platform_findings(entry, contest),
        *duration_findings(entry, contest),
        *posting_findings(entry, contest),
        *submission_findings(entry, contest),
        *duplicate_findings(entry, first_of_video),
        *availability_findings(entry),
        *group_share_findings(entry, contest),
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
    current = [e for e in (_localised(e, zone) for e in entries) if e.submitted_at <= at]
    received = [
        lt
        for lt in letters
        if lt.received_at is not None and localise(lt.received_at, contest.time_zone) <= at
    ]
    first = standing_entries_by_video(current)
    listed = frozenset(ref for lt in received for ref in lt.entry_refs)
    verdicts = tuple(
        EntryVerdict(
            e,
            *apply_overrides(
                e,
                entry_findings(
                    e, contest, first_of_video=first[e.canonical_url], listed_refs=listed
                ),
            ),
        )
        for e in sorted(current, key=lambda e: (e.unit, _submission_order(e)))
    )
    codes = sorted(set(unit_codes) | {e.unit for e in current})
    # Grouped once: filtering every entry for every unit grows with units x entries.
    by_unit: dict[str, list[EntryVerdict]] = {}
    for verdict in verdicts:
        by_unit.setdefault(verdict.entry.unit, []).append(verdict)
    letters_of: dict[str, list[LetterFacts]] = {}
    for letter in received:
        letters_of.setdefault(letter.unit, []).append(letter)
    units = tuple(
        _unit_verdict(code, by_unit.get(code, []), letters_of.get(code, []), contest)
        for code in codes
    )
    return ContestReport(contest=contest.slug, at=at, entries=verdicts, units=units)


def _unit_verdict(
    code: str,
    own: Sequence[EntryVerdict],
    letters: Sequence[LetterFacts],
    contest: ContestFacts,
) -> UnitVerdict:
    """``own`` and ``letters``: the unit's own entries (in report order) and letters."""
    eligible = sum(v.eligible for v in own)
    status = letter_status(letters, contest)
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


def _localised(entry: EntryFacts, zone: ZoneInfo) -> EntryFacts:
    """The entry with its submission time in the contest's zone; as it is when already so
    (the database reader localises as it reads: copying ten thousand entries costs time)."""
    local = localise(entry.submitted_at, zone)
    return entry if local is entry.submitted_at else replace(entry, submitted_at=local)


def _submission_order(entry: EntryFacts) -> tuple[datetime, str]:
    return (entry.submitted_at, entry.ref)


def _day(day: date) -> str:
    return day.strftime("%d/%m/%Y")
