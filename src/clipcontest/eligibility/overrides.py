"""The organisers' review inside the engine: which entry stands for a video, which findings
they set aside. Pure, like ``rules.py``, which calls these while judging the contest."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime

from .facts import EntryFacts, Finding

# Findings an organiser can never set aside: a disqualification is undone by restoring the
# clip, and which of the clips of one video counts is chosen on the duplicates page.
NOT_OVERRIDABLE = frozenset({"disqualified", "duplicate_video"})
# Findings about a unit, not a clip: they follow from the clips' verdicts.
UNIT_FINDINGS = frozenset({"below_minimum", "letter_missing", "letter_late"})


def can_override(code: str) -> bool:
    """An organiser may override any finding of a clip except the ones decided elsewhere."""
    return code not in NOT_OVERRIDABLE and code not in UNIT_FINDINGS


def apply_overrides(
    entry: EntryFacts, findings: Iterable[Finding]
) -> tuple[tuple[Finding, ...], tuple[Finding, ...]]:
    """Split the findings into those that count and those an organiser overrode (with why).

    An override of a finding the clip does not have (any more) changes nothing; it comes back
    into force if the finding does.
    """
    reasons = dict(entry.override_reasons)
    counted: list[Finding] = []
    overridden: list[Finding] = []
    for finding in findings:
        if finding.code in entry.overridden and can_override(finding.code):
            overridden.append(replace(finding, override_reason=reasons.get(finding.code, "")))
        else:
            counted.append(finding)
    return tuple(counted), tuple(overridden)


def standing_entries_by_video(entries: Iterable[EntryFacts]) -> dict[str, EntryFacts]:
    """For each canonical video, the entry that counts.

    A disqualified clip never keeps a video from the others while one is not disqualified.
    Among those, the one the organisers chose, else the earliest submission (ties broken by
    reference). Submission times must be aware (``evaluate_contest`` localises them first).
    """
    standing: dict[str, EntryFacts] = {}
    for entry in sorted(entries, key=_standing_order):
        standing.setdefault(entry.canonical_url, entry)
    return standing


def _standing_order(entry: EntryFacts) -> tuple[bool, bool, datetime, str]:
    return (
        entry.disqualified is not None,
        not entry.chosen_for_video,
        entry.submitted_at,
        entry.ref,
    )
