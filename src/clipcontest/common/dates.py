"""Dates and times as Vietnamese offices write them (``15/06/2022``) and as ISO 8601.

A time without an offset is local time in the contest's zone: that is what a secretary means
when she types ``30/06/2022 23:59``.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from clipcontest.common.text import Text

_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$")

INVALID_DATE = Text(
    vi="ngày không hợp lệ: {value!r} (ghi dd/mm/yyyy hoặc yyyy-mm-dd)",
    en="invalid date: {value!r} (write dd/mm/yyyy or yyyy-mm-dd)",
)
INVALID_DATETIME = Text(
    vi="thời điểm không hợp lệ: {value!r} (ghi dd/mm/yyyy hh:mm hoặc 2022-06-30T23:59+07:00)",
    en="invalid date and time: {value!r} (write dd/mm/yyyy hh:mm or 2022-06-30T23:59+07:00)",
)


class DateParseError(ValueError):
    def __init__(self, message: Text) -> None:
        self.message = message
        super().__init__(message.en)


def parse_date(value: str) -> date:
    text = value.strip()
    match = _DMY.match(text)
    try:
        if match and match.group(4) is None:
            day, month, year = (int(g) for g in match.groups()[:3])
            return date(year, month, day)
        if not match:
            parsed = datetime.fromisoformat(text)
            if parsed.time() == time() and parsed.tzinfo is None:
                return parsed.date()
    except ValueError:
        pass
    raise DateParseError(INVALID_DATE.format(value=value))


def parse_datetime(value: str, zone: ZoneInfo) -> datetime:
    """An aware datetime; a date alone means the start of that local day."""
    text = value.strip()
    match = _DMY.match(text)
    try:
        if match:
            day, month, year, hour, minute, second = match.groups()
            parsed = datetime(
                int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0)
            )
        else:
            parsed = datetime.fromisoformat(text)
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=zone)
        # A moment is stored and compared in UTC: 01/01/0001 00:00 in Hà Nội has no UTC time.
        parsed.astimezone(UTC)
    except (ValueError, OverflowError):
        raise DateParseError(INVALID_DATETIME.format(value=value)) from None
    return parsed
