"""Time in a contest: local calendar days, and deadlines that include their whole day.

The plan's dates (1 March to 30 June, letters by 15 June) are calendar days in the contest's
time zone; a moment belongs to them when it falls on or before the end of that local day.
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo


def localise(moment: datetime, zone: ZoneInfo) -> datetime:
    """Aware time in the contest's zone; a naive time is taken to be local already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=zone)
    return moment.astimezone(zone)


def end_of_day(day: date, zone: ZoneInfo) -> datetime:
    """The last instant of ``day`` in ``zone``: deadlines in the plan include their day."""
    return datetime.combine(day, time.max, tzinfo=zone)


def start_of_day(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time.min, tzinfo=zone)


def days_left(deadline: datetime, now: datetime) -> int:
    """Whole days a unit still has before ``deadline`` (0 once it has passed).

    Counted in calendar days of the deadline's zone, as people count them: on 14 June the letter
    due at the end of 15 June has 1 day left, on 15 June 0 days (but it is still on time).
    """
    if now > deadline:
        return 0
    return (deadline.date() - localise(now, deadline.tzinfo).date()).days
