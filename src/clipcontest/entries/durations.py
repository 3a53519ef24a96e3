"""Clip durations as people write them (``75``, ``75.5``, ``1:15``, ``0:01:15``) and back.

Durations are kept as ``Decimal`` seconds so that the inclusive bounds of the rules (5 s and
600 s) compare exactly: 600 is eligible, 600.001 is not.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from clipcontest.common.text import Text

_CLOCK = re.compile(r"^(?:(\d{1,3}):)?(\d{1,3}):(\d{2}(?:[.,]\d{1,3})?)$")
_SECONDS = re.compile(r"^\d{1,7}(?:[.,]\d{1,3})?$")
# The longest duration an entry can store (9 digits, 3 after the point); anything longer is a
# typing mistake, and must be reported as one rather than overflow the database column.
MAX_SECONDS = Decimal("999999.999")

INVALID_DURATION = Text(
    vi="thời lượng không hợp lệ: {value!r} (ghi số giây, ví dụ 75 hoặc 75,5, hoặc m:ss / h:mm:ss)",
    en="invalid duration: {value!r} (write seconds, e.g. 75 or 75.5, or m:ss / h:mm:ss)",
)


class DurationError(ValueError):
    def __init__(self, value: str) -> None:
        self.message = INVALID_DURATION.format(value=value)
        super().__init__(self.message.en)


def parse_duration(value: str) -> Decimal | None:
    """Seconds from a cell; an empty cell means the duration is not known yet."""
    text = value.strip()
    if not text:
        return None
    if _SECONDS.match(text):
        total = _decimal(text.replace(",", "."), value)
    else:
        match = _CLOCK.match(text)
        if not match:
            raise DurationError(value)
        hours, minutes, seconds = match.groups()
        minutes_i, seconds_d = int(minutes), _decimal(seconds.replace(",", "."), value)
        if seconds_d >= 60 or (hours is not None and minutes_i >= 60):
            raise DurationError(value)
        total = int(hours or 0) * 3600 + minutes_i * 60 + seconds_d
    if total > MAX_SECONDS:
        raise DurationError(value)
    return total


def _decimal(text: str, original: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation as exc:  # pragma: no cover - the regexes only let digits through
        raise DurationError(original) from exc


def format_duration(seconds: Decimal) -> str:
    """``m:ss`` (or ``h:mm:ss``), the way the plan speaks of clips (5 giây, 10 phút)."""
    whole = int(seconds)
    fraction = seconds - whole
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    tail = f"{secs:02d}"
    if fraction:
        tail += str(fraction.normalize())[1:]
    return f"{hours}:{minutes:02d}:{tail}" if hours else f"{minutes}:{tail}"
