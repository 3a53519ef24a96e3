"""The plain values the eligibility rules judge: a contest, its entries and letters, findings.

Frozen dataclasses with no database behind them, built by ``queries.py`` (or by hand in the
tests) and judged by ``rules.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from zoneinfo import ZoneInfo

from clipcontest.common.text import Text
from clipcontest.contests.calendar import localise


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
    # The Facebook group of the rules file: each clip is shared into it when there is one.
    group_name: str = ""
    group_required: bool = False

    def local_date(self, moment: datetime) -> date:
        """The calendar day of ``moment`` in the contest's zone; naive means local time."""
        return localise(moment, self.time_zone).date()


@dataclass(frozen=True, slots=True)
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
    posted_verified: bool = True  # False when only the unit's word stands behind the date
    # The organisers' review: the ground and reason of a disqualification, the finding codes
    # they overrode (with their reasons, as (code, reason) pairs), and whether they chose this
    # entry to stand among the entries of its video.
    disqualified: Text | None = None
    overridden: frozenset[str] = frozenset()
    override_reasons: tuple[tuple[str, str], ...] = ()
    chosen_for_video: bool = False
    # The unit gave the link or a screenshot of the clip's share into the contest's group.
    shared_to_group: bool = True


@dataclass(frozen=True, slots=True)
class LetterFacts:
    unit: str
    number: str
    received_at: datetime | None
    entry_refs: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    severity: Severity
    message: Text
    override_reason: str = ""  # set only on the findings an organiser overrode

    def as_dict(self) -> dict[str, object]:
        data: dict[str, object] = {
            "code": self.code,
            "severity": str(self.severity),
            "message": str(self.message),
            "messages": self.message.as_dict(),
        }
        if self.override_reason:
            data["override_reason"] = self.override_reason
        return data
