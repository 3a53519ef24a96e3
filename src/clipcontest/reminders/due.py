"""Which unit needs which reminder on a given day: pure functions over the eligibility report.

The plan gives two deadlines (letters by 15 June, clips by 30 June). A unit that is below the
minimum of eligible clips, or whose official letter has not been received, is reminded N days
before each of them, for every N of ``CLIPCONTEST_REMINDER_DAYS``. Nothing here reads the
database or the clock: the caller passes the unit verdicts, the contest, "today" and the
reminders already sent, so every rule can be tested on its own.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from clipcontest.eligibility.rules import ContestFacts, LetterStatus, UnitVerdict

from .choices import Deadline, Kind

# Earliest first: a day that is due for both deadlines lists the letter first.
DEADLINES = (Deadline.LETTER, Deadline.CLOSE)
# The key that makes an automatic reminder unique: (unit code, kind, deadline, days before).
SentKey = tuple[str, str, str, int]


@dataclass(frozen=True)
class Due:
    """One thing a unit is reminded of: what it lacks, and by when it must put it right."""

    unit: str
    kind: Kind
    deadline: Deadline
    deadline_on: date
    # The reminder day this belongs to (7, 3, 1 ...); None for a manual reminder after the
    # deadline has passed.
    days_before: int | None
    days_left: int
    eligible: int
    minimum: int

    @property
    def key(self) -> SentKey:
        return (self.unit, str(self.kind), str(self.deadline), self.days_before or 0)


def deadline_date(contest: ContestFacts, deadline: Deadline) -> date:
    return contest.letter_deadline if deadline is Deadline.LETTER else contest.closes_on


def lacks(verdict: UnitVerdict, kind: Kind) -> bool:
    """Below the minimum of eligible clips; or no letter received at all.

    A late letter is still a received letter: the unit has done what it can, the organisers
    decide what a late letter is worth.
    """
    if kind is Kind.BELOW_MINIMUM:
        return not verdict.meets_minimum
    return verdict.letter is LetterStatus.MISSING


def reminder_day(days_left: int, days: Iterable[int]) -> int | None:
    """The reminder day a unit ``days_left`` days before a deadline should have had by now.

    On day N itself that is N. A day the reminders did not run (a worker down, a unit that
    only fell below the minimum on day 5) is caught up with the nearest day still ahead of
    it, so a unit is never left unreminded, and never gets two reminders for the same day.
    None once the deadline has passed or before the first reminder day.
    """
    if days_left < 0:
        return None
    reached = [n for n in days if n >= days_left]
    return min(reached) if reached else None


def reminder_days(days: Iterable[int]) -> tuple[int, ...]:
    """The setting as used: no negatives, no repeats, the earliest reminder first."""
    return tuple(sorted({int(n) for n in days if int(n) >= 0}, reverse=True))


def due_reminders(
    units: Iterable[UnitVerdict],
    contest: ContestFacts,
    *,
    today: date,
    days: Iterable[int],
    already_sent: Collection[SentKey] = (),
) -> list[Due]:
    """Every automatic reminder to send ``today``, one per unit, kind and deadline.

    ``already_sent`` holds the keys of the automatic reminders sent before; they are not due
    again.
    """
    wanted = reminder_days(days)
    units = list(units)
    due: list[Due] = []
    for deadline in DEADLINES:
        deadline_on = deadline_date(contest, deadline)
        days_left = (deadline_on - today).days
        day = reminder_day(days_left, wanted)
        if day is None:
            continue
        for verdict in units:
            for kind in Kind:
                if not lacks(verdict, kind):
                    continue
                item = _due(verdict, contest, kind, deadline, day, days_left)
                if item.key not in already_sent:
                    due.append(item)
    return sorted(due, key=lambda d: (d.unit, DEADLINES.index(d.deadline), d.kind))


def next_deadline(contest: ContestFacts, today: date) -> Deadline:
    """The deadline a reminder sent ``today`` points to: the letters', then the close."""
    return Deadline.LETTER if today <= contest.letter_deadline else Deadline.CLOSE


def manual_notice(
    verdict: UnitVerdict, contest: ContestFacts, kind: Kind, *, today: date
) -> Due | None:
    """What an organiser's reminder to this unit says; None when the unit does not lack it."""
    if not lacks(verdict, kind):
        return None
    deadline = next_deadline(contest, today)
    days_left = (deadline_date(contest, deadline) - today).days
    return _due(verdict, contest, kind, deadline, days_left if days_left >= 0 else None, days_left)


def schedule(
    contest: ContestFacts, days: Iterable[int]
) -> list[tuple[Deadline, date, list[tuple[int, date]]]]:
    """Each deadline with the days its automatic reminders go out, for the organisers' page."""
    wanted = reminder_days(days)
    plan = []
    for deadline in DEADLINES:
        on = deadline_date(contest, deadline)
        plan.append((deadline, on, [(n, on - timedelta(days=n)) for n in wanted]))
    return plan


def _due(
    verdict: UnitVerdict,
    contest: ContestFacts,
    kind: Kind,
    deadline: Deadline,
    day: int | None,
    days_left: int,
) -> Due:
    return Due(
        unit=verdict.code,
        kind=kind,
        deadline=deadline,
        deadline_on=deadline_date(contest, deadline),
        days_before=day,
        days_left=days_left,
        eligible=verdict.eligible_entries,
        minimum=contest.min_entries_per_unit,
    )
