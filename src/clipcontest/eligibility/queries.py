"""The eligibility engine's inputs, read from the database in a fixed number of queries."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from django.db.models import Q, QuerySet
from django.utils import timezone

from clipcontest.contests.calendar import localise
from clipcontest.contests.models import Contest
from clipcontest.entries.models import (
    DurationSource,
    Entry,
    FindingOverride,
    OfficialLetter,
    PostedAtSource,
)
from clipcontest.units.models import Unit

from . import messages as m
from .rules import (
    ContestFacts,
    ContestReport,
    EntryFacts,
    EntryVerdict,
    LetterFacts,
    UnitVerdict,
    evaluate_contest,
)

# Every source but the unit's own word: read from the post or the file, imported or checked
# by the organisers.
TRUSTED_DURATION_SOURCES = frozenset(DurationSource.values) - {DurationSource.UNIT}
# A posting date is trusted unless only the unit gave it; dates stored before their source was
# recorded (blank) came from the post or an import.
UNTRUSTED_POSTED_SOURCES = frozenset({PostedAtSource.UNIT})
# The columns the engine reads of each entry.
ENTRY_FACT_FIELDS = (
    "ref",
    "unit_id",
    "platform",
    "canonical_url",
    "submitted_at",
    "duration_seconds",
    "duration_source",
    "posted_at",
    "posted_at_source",
    "available",
    "disqualified_at",
    "disqualification_ground",
    "disqualification_reason",
    "stands_for_video",
    "group_post_url",
    "group_post_canonical",
    "group_post_screenshot",
)


def contest_facts(contest: Contest) -> ContestFacts:
    return ContestFacts(
        slug=contest.slug,
        time_zone=contest.zone,
        opens_on=contest.opens_on,
        closes_on=contest.closes_on,
        letter_deadline=contest.letter_deadline,
        min_entries_per_unit=contest.min_entries_per_unit,
        min_seconds=contest.min_seconds,
        max_seconds=contest.max_seconds,
        platforms=frozenset(contest.platforms),
        group_name=contest.facebook_group_name or contest.facebook_group_id,
        group_required=bool(contest.facebook_group_id.strip()),
    )


class _EntryRow(NamedTuple("_EntryRow", [("pk", int)] + [(f, Any) for f in ENTRY_FACT_FIELDS])):
    """The columns :func:`entry_facts` reads of an entry, without building the model."""

    __slots__ = ()

    # The model's own rule, read off the row (a file field's value is its name here).
    has_group_share = Entry.has_group_share


def entry_facts(
    entry: Entry,
    unit_code: str,
    overrides: Iterable[tuple[str, str]] = (),
    *,
    zone: ZoneInfo | None = None,
) -> EntryFacts:
    """The engine's view of one entry; ``overrides`` are its active (code, reason) pairs.

    ``zone``: the contest's, to give the submission time in (the engine would otherwise copy
    every entry to do it).
    """
    overrides = tuple(overrides)
    disqualified = None
    if entry.disqualified_at is not None:
        disqualified = m.disqualification(
            entry.disqualification_ground, entry.disqualification_reason
        )
    return EntryFacts(
        ref=entry.ref,
        unit=unit_code,
        platform=entry.platform,
        canonical_url=entry.canonical_url,
        submitted_at=entry.submitted_at if zone is None else localise(entry.submitted_at, zone),
        duration_seconds=entry.duration_seconds,
        posted_at=entry.posted_at,
        duration_verified=entry.duration_source in TRUSTED_DURATION_SOURCES,
        available=entry.available,
        posted_verified=entry.posted_at_source not in UNTRUSTED_POSTED_SOURCES,
        disqualified=disqualified,
        overridden=frozenset(code for code, _ in overrides),
        override_reasons=overrides,
        chosen_for_video=entry.stands_for_video,
        shared_to_group=entry.has_group_share,
    )


def active_overrides(
    contest: Contest, entry_ids: list[int] | None = None
) -> dict[int, list[tuple[str, str]]]:
    """Each entry's active overrides as (code, reason) pairs, by entry id, in one query;
    ``entry_ids`` limits them to those entries."""
    found = FindingOverride.objects.filter(entry__contest=contest, withdrawn_at__isnull=True)
    if entry_ids is not None:
        found = found.filter(entry_id__in=entry_ids)
    by_entry: dict[int, list[tuple[str, str]]] = {}
    for entry_id, code, reason in found.order_by("entry_id", "code").values_list(
        "entry_id", "code", "reason"
    ):
        by_entry.setdefault(entry_id, []).append((code, reason))
    return by_entry


def contest_report(contest: Contest, *, at: datetime | None = None) -> ContestReport:
    """Every entry's findings and every active unit's compliance, as of ``at`` (default now)."""
    rows = list(Unit.objects.values_list("pk", "code", "active"))
    return _report(
        contest,
        units={pk: code for pk, code, _ in rows},
        active=[code for _, code, is_active in rows if is_active],
        entries=Entry.objects.filter(contest=contest, withdrawn_at__isnull=True),
        letters=OfficialLetter.objects.filter(contest=contest),
        at=at,
    )


def unit_report(contest: Contest, unit: Unit, *, at: datetime | None = None) -> ContestReport:
    """One unit's entries and compliance, judged exactly as :func:`contest_report` judges them.

    Why not the whole report: a unit's page and a clip's page need one unit, and the whole
    contest costs time in proportion to every clip entered (half a second at ten thousand).
    The rules look beyond the unit only for a video entered more than once (which clip stands
    for it), so of the other units' clips only those of the unit's own videos are read. The
    report's ``units`` holds this unit alone and ``entries`` the unit's own entries: the twins
    are left out, since their verdicts would need their units' letters.
    """
    return _units_report(contest, {unit.pk}, [unit.code] if unit.active else [], at)


def page_verdicts(
    contest: Contest, entries: Iterable[Entry], *, at: datetime | None = None
) -> dict[str, EntryVerdict]:
    """The verdicts of a few entries (a page of a list), by ref, as the whole contest has them.

    Judges only the units of those entries (see :func:`unit_report`): a page of 50 clips costs
    the same with 100 clips in the contest or 10,000. Withdrawn entries have no verdict.
    """
    wanted = {entry.ref: entry.unit_id for entry in entries if entry.withdrawn_at is None}
    if not wanted:
        return {}
    report = _units_report(contest, set(wanted.values()), [], at)
    return {v.entry.ref: v for v in report.entries if v.entry.ref in wanted}


def _units_report(
    contest: Contest, unit_ids: set[int], active: list[str], at: datetime | None
) -> ContestReport:
    """The report of these units alone: their entries, their letters, and the other units'
    entries of the same videos, which decide which clip stands for a video."""
    own = Entry.objects.filter(contest=contest, unit_id__in=unit_ids, withdrawn_at__isnull=True)
    units = dict(Unit.objects.values_list("pk", "code"))
    return _report(
        contest,
        units=units,
        active=active,
        entries=Entry.objects.filter(contest=contest, withdrawn_at__isnull=True).filter(
            Q(unit_id__in=unit_ids) | Q(canonical_url__in=own.values("canonical_url"))
        ),
        letters=OfficialLetter.objects.filter(contest=contest, unit_id__in=unit_ids),
        at=at,
        only_units=frozenset(units[pk] for pk in unit_ids),
    )


def entry_verdict(entry: Entry, *, at: datetime | None = None) -> EntryVerdict | None:
    """One entry's verdict (None for a withdrawn entry, or one submitted after ``at``)."""
    if entry.withdrawn_at is not None:
        return None
    report = unit_report(entry.contest, entry.unit, at=at)
    return next((v for v in report.entries if v.entry.ref == entry.ref), None)


def _report(
    contest: Contest,
    *,
    units: dict[int, str],
    active: list[str],
    entries: QuerySet[Entry],
    letters: QuerySet[OfficialLetter],
    at: datetime | None,
    only_units: frozenset[str] | None = None,
) -> ContestReport:
    """The engine run over the given entries and letters, read as plain rows.

    Plain rows, not model instances: at ten thousand clips building instances cost more than
    the rules themselves.
    """
    rows = [_EntryRow._make(row) for row in entries.values_list("pk", *ENTRY_FACT_FIELDS)]
    overrides = active_overrides(contest, [row.pk for row in rows] if only_units else None)
    zone = contest.zone
    facts = [
        entry_facts(row, units[row.unit_id], overrides.get(row.pk, ()), zone=zone)  # type: ignore[arg-type]
        for row in rows
    ]
    listed: dict[int, set[str]] = {}
    through = OfficialLetter.entries.through.objects.filter(officialletter__in=letters)
    for letter_id, ref in through.values_list("officialletter_id", "entry__ref"):
        listed.setdefault(letter_id, set()).add(ref)
    letter_facts = [
        LetterFacts(
            unit=units[unit_id],
            number=number,
            received_at=received_at,
            entry_refs=frozenset(listed.get(pk, ())),
        )
        for pk, unit_id, number, received_at in letters.values_list(
            "pk", "unit_id", "number", "received_at"
        )
    ]
    report = evaluate_contest(
        contest_facts(contest), facts, letter_facts, active, at=at or timezone.now()
    )
    if only_units is None:
        return report
    return replace(
        report,
        entries=tuple(v for v in report.entries if v.entry.unit in only_units),
        units=tuple(u for u in report.units if u.code in only_units),
    )


@dataclass(frozen=True)
class UnitCompliance:
    """A unit and how it stands against the plan, for tables people read."""

    unit: Unit
    verdict: UnitVerdict


def unit_compliance(report: ContestReport) -> list[UnitCompliance]:
    """The report's unit verdicts with their units, in the report's order (by code)."""
    units = Unit.objects.in_bulk([u.code for u in report.units], field_name="code")
    return [UnitCompliance(units[v.code], v) for v in report.units if v.code in units]
