"""What the organisers' console reads: units at a glance, deadlines, recent changes, clip search.

The eligibility report (``queries.contest_report``) is computed once per page and passed in;
everything here either works on it as plain values (sorting, filtering, totals, countdowns) or
reads the database in a fixed number of queries, so a page costs the same with 20 clips or
10,000.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from operator import attrgetter

from django.db.models import Q

from clipcontest.contests.calendar import end_of_day, localise
from clipcontest.contests.models import Contest
from clipcontest.entries.models import Entry, EntryAuthor, FetchState
from clipcontest.units.models import Unit

# What changed lately lives in its own module to keep each short; the console offers it too.
from .recent_changes import Change, ChangeKind, UnitChanges, changes_since  # noqa: F401
from .rules import CLIP_FINDING_CODES, ContestReport, LetterStatus, Severity

# --- the units table -------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitRow:
    code: str
    name: str
    entries: int
    eligible: int
    blocking: int  # blocking findings on the unit's clips; the minimum has its own column
    letter: LetterStatus
    meets_minimum: bool


@dataclass(frozen=True)
class UnitTotals:
    units: int
    entries: int
    eligible: int
    blocking: int
    letters_received: int
    letters_late: int
    letters_missing: int
    meeting_minimum: int


@dataclass(frozen=True)
class UnitFilter:
    """Which units to show; every condition set must hold (an empty filter shows all)."""

    below_minimum: bool = False
    letters: frozenset[LetterStatus] = frozenset()
    has_blocking: bool = False

    @classmethod
    def parse(
        cls, *, below_minimum: bool = False, letters: Iterable[str] = (), has_blocking: bool = False
    ) -> UnitFilter:
        """Unknown letter states (a hand-edited address) are ignored, not an error."""
        known = {status.value: status for status in LetterStatus}
        return cls(
            below_minimum=below_minimum,
            letters=frozenset(known[value] for value in letters if value in known),
            has_blocking=has_blocking,
        )


UNIT_SORT_KEYS = ("code", "name", "entries", "eligible", "blocking", "letter", "meets_minimum")
# Sorting by the letter puts the units that need chasing first.
_LETTER_ORDER = {LetterStatus.MISSING: 0, LetterStatus.LATE: 1, LetterStatus.RECEIVED: 2}


def rows_from_report(report: ContestReport, names: Mapping[str, str]) -> list[UnitRow]:
    """One row per unit of the report: every active unit, and any other unit that has clips."""
    blocking: dict[str, int] = {}
    for verdict in report.entries:
        count = sum(f.severity is Severity.BLOCKING for f in verdict.findings)
        blocking[verdict.entry.unit] = blocking.get(verdict.entry.unit, 0) + count
    return [
        UnitRow(
            code=unit.code,
            name=names.get(unit.code, unit.code),
            entries=unit.entries,
            eligible=unit.eligible_entries,
            blocking=blocking.get(unit.code, 0),
            letter=unit.letter,
            meets_minimum=unit.meets_minimum,
        )
        for unit in report.units
    ]


def unit_rows(contest: Contest, report: ContestReport) -> list[UnitRow]:
    """The units table of ``contest`` (one query for the names), in order of code."""
    codes = [unit.code for unit in report.units]
    names = dict(Unit.objects.filter(code__in=codes).values_list("code", "name"))
    return rows_from_report(report, names)


def filter_unit_rows(rows: Iterable[UnitRow], wanted: UnitFilter) -> list[UnitRow]:
    return [
        row
        for row in rows
        if (not wanted.below_minimum or not row.meets_minimum)
        and (not wanted.letters or row.letter in wanted.letters)
        and (not wanted.has_blocking or row.blocking > 0)
    ]


def sort_unit_rows(rows: Iterable[UnitRow], sort: str) -> list[UnitRow]:
    """Rows ordered by a column, ``-column`` for descending; ties (and bad keys) by code."""
    key = sort.removeprefix("-")
    if key not in UNIT_SORT_KEYS:
        key, sort = "code", "code"
    by_code = sorted(rows, key=lambda row: row.code)
    if key == "code":
        return by_code[::-1] if sort.startswith("-") else by_code
    # Python's sort is stable: ties keep the code order in both directions.
    return sorted(by_code, key=_sort_value(key), reverse=sort.startswith("-"))


def _sort_value(key: str) -> Callable[[UnitRow], object]:
    if key == "name":
        import icu  # here: ICU adds 7 MB to every web worker that never sorts by name

        collator = icu.Collator.createInstance(icu.Locale("vi_VN"))
        return lambda row: collator.getSortKey(row.name)
    if key == "letter":
        return lambda row: _LETTER_ORDER[row.letter]
    return attrgetter(key)


def next_sort(current: str, column: str) -> str:
    """What clicking a column header asks for: its column ascending, or reversed if already so."""
    return f"-{column}" if current == column else column


def unit_totals(rows: Sequence[UnitRow]) -> UnitTotals:
    letters = [row.letter for row in rows]
    return UnitTotals(
        units=len(rows),
        entries=sum(row.entries for row in rows),
        eligible=sum(row.eligible for row in rows),
        blocking=sum(row.blocking for row in rows),
        letters_received=letters.count(LetterStatus.RECEIVED),
        letters_late=letters.count(LetterStatus.LATE),
        letters_missing=letters.count(LetterStatus.MISSING),
        meeting_minimum=sum(row.meets_minimum for row in rows),
    )


# --- deadlines -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Countdown:
    """Time left to a deadline that includes its whole local day."""

    deadline: datetime
    days: int
    hours: int
    today: bool  # the deadline's own day, not yet over: "today", whatever the hours say
    passed: bool


def countdown(deadline: datetime, now: datetime) -> Countdown:
    now = localise(now, deadline.tzinfo)  # type: ignore[arg-type]
    if now > deadline:
        return Countdown(deadline, 0, 0, today=False, passed=True)
    left = deadline - now
    return Countdown(
        deadline,
        left.days,
        left.seconds // 3600,
        today=now.date() == deadline.date(),
        passed=False,
    )


@dataclass(frozen=True)
class Countdowns:
    letters: Countdown
    close: Countdown


def countdowns(contest: Contest, now: datetime) -> Countdowns:
    """To the letter deadline and to the close of submissions, each at the end of its local day."""
    zone = contest.zone
    return Countdowns(
        letters=countdown(end_of_day(contest.letter_deadline, zone), now),
        close=countdown(end_of_day(contest.closes_on, zone), now),
    )


# --- the clips list --------------------------------------------------------------------------


class Eligibility(StrEnum):
    ELIGIBLE = "eligible"
    NOT_ELIGIBLE = "not_eligible"
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True)
class ClipFilters:
    unit: str = ""
    platform: str = ""
    genre: str = ""
    theme: str = ""
    eligibility: str = ""
    finding: str = ""
    fetch_state: str = ""
    text: str = ""

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> ClipFilters:
        """From the page's GET parameters; unknown states are dropped, not an error."""
        values = {name: (query.get(name) or "").strip()[:200] for name in cls.__dataclass_fields__}
        if values["eligibility"] not in {choice.value for choice in Eligibility}:
            values["eligibility"] = ""
        if values["fetch_state"] not in FetchState.values:
            values["fetch_state"] = ""
        values["unit"] = values["unit"].upper()
        return cls(**values)

    @property
    def active(self) -> bool:
        return any(getattr(self, name) for name in self.__dataclass_fields__)


def needs_report(filters: ClipFilters) -> bool:
    """Whether the filters ask about eligibility, which only the whole report answers."""
    return bool(
        filters.eligibility in (Eligibility.ELIGIBLE, Eligibility.NOT_ELIGIBLE) or filters.finding
    )


def search_clips(contest: Contest, report: ContestReport | None, filters: ClipFilters) -> list[str]:
    """The references of the clips that pass ``filters``, in the list's order.

    One query for the columns the database holds; eligibility and findings come from
    ``report``, filtered here rather than sent back as a list of 10,000 references. ``report``
    may be None when the filters do not ask about eligibility (:func:`needs_report`).
    """
    clips = Entry.objects.filter(contest=contest)
    for name, lookup in (
        ("unit", "unit__code"),
        ("platform", "platform"),
        ("genre", "genre"),
        ("theme", "theme"),
        ("fetch_state", "fetch_state"),
    ):
        if value := getattr(filters, name):
            clips = clips.filter(**{lookup: value})
    if filters.eligibility == Eligibility.WITHDRAWN:
        clips = clips.filter(withdrawn_at__isnull=False)
    elif filters.eligibility or filters.finding:
        clips = clips.filter(withdrawn_at__isnull=True)
    if text := filters.text:
        authors = EntryAuthor.objects.filter(person__name__icontains=text).values("entry_id")
        clips = clips.filter(
            Q(ref__icontains=text)
            | Q(title__icontains=text)
            | Q(url__icontains=text)
            | Q(canonical_url__icontains=text)
            | Q(pk__in=authors)
        )
    refs = list(clips.order_by("unit__code", "submitted_at", "pk").values_list("ref", flat=True))
    if needs_report(filters):
        if report is None:
            raise ValueError("these filters ask about eligibility: pass the contest's report")
        wanted = set(_refs_in_report(report, filters))
        refs = [ref for ref in refs if ref in wanted]
    return refs


def _refs_in_report(report: ContestReport, filters: ClipFilters) -> Iterable[str]:
    for verdict in report.entries:
        if filters.eligibility == Eligibility.ELIGIBLE and not verdict.eligible:
            continue
        if filters.eligibility == Eligibility.NOT_ELIGIBLE and verdict.eligible:
            continue
        if filters.finding and all(f.code != filters.finding for f in verdict.findings):
            continue
        yield verdict.entry.ref


def clips_by_ref(contest: Contest, refs: Sequence[str]) -> list[Entry]:
    """One page of the list (a few dozen references), in the order given; one query."""
    found = Entry.objects.filter(contest=contest, ref__in=list(refs)).select_related("unit")
    by_ref = {entry.ref: entry for entry in found}
    return [by_ref[ref] for ref in refs if ref in by_ref]


def finding_codes(report: ContestReport | None = None) -> list[str]:
    """The finding codes that occur in the report, for the filter's choices; without a report,
    every code the engine can give a clip (the list's first page does not judge the contest)."""
    if report is None:
        return sorted(CLIP_FINDING_CODES)
    return sorted({f.code for verdict in report.entries for f in verdict.findings})
