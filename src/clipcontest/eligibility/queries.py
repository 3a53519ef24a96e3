"""The eligibility engine's inputs, read from the database in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from clipcontest.contests.models import Contest
from clipcontest.entries.models import DurationSource, Entry, OfficialLetter
from clipcontest.units.models import Unit

from .rules import (
    ContestFacts,
    ContestReport,
    EntryFacts,
    LetterFacts,
    UnitVerdict,
    evaluate_contest,
)

# Every source but the unit's own word: read from the post or the file, imported or checked
# by the organisers.
TRUSTED_DURATION_SOURCES = frozenset(DurationSource.values) - {DurationSource.UNIT}


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
    )


def entry_facts(entry: Entry, unit_code: str) -> EntryFacts:
    return EntryFacts(
        ref=entry.ref,
        unit=unit_code,
        platform=entry.platform,
        canonical_url=entry.canonical_url,
        submitted_at=entry.submitted_at,
        duration_seconds=entry.duration_seconds,
        posted_at=entry.posted_at,
        duration_verified=entry.duration_source in TRUSTED_DURATION_SOURCES,
        available=entry.available,
    )


def contest_report(contest: Contest, *, at: datetime | None = None) -> ContestReport:
    """Every entry's findings and every active unit's compliance, as of ``at`` (default now)."""
    units = dict(Unit.objects.values_list("pk", "code"))
    active = Unit.objects.filter(active=True).values_list("code", flat=True)
    entries = [
        entry_facts(e, units[e.unit_id])
        for e in Entry.objects.filter(contest=contest, withdrawn_at__isnull=True).only(
            "ref",
            "unit_id",
            "platform",
            "canonical_url",
            "submitted_at",
            "duration_seconds",
            "duration_source",
            "posted_at",
            "available",
        )
    ]
    listed: dict[int, set[str]] = {}
    through = OfficialLetter.entries.through.objects.filter(officialletter__contest=contest)
    for letter_id, ref in through.values_list("officialletter_id", "entry__ref"):
        listed.setdefault(letter_id, set()).add(ref)
    letters = [
        LetterFacts(
            unit=units[unit_id],
            number=number,
            received_at=received_at,
            entry_refs=frozenset(listed.get(pk, ())),
        )
        for pk, unit_id, number, received_at in OfficialLetter.objects.filter(
            contest=contest
        ).values_list("pk", "unit_id", "number", "received_at")
    ]
    return evaluate_contest(
        contest_facts(contest), entries, letters, list(active), at=at or timezone.now()
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
