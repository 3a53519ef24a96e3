"""The rules file's checks across keys and sections, on the raw TOML document.

They run on the raw document, not on the validated rules, so that they still report when an
unrelated key elsewhere is broken: a value that its own check refuses is skipped here (pydantic
has already reported it), and every problem found is reported at the key path that holds it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pydantic_core import PydanticCustomError

from clipcontest.common.text import Text

from .rules_values import (
    MESSAGES,
    check_key,
    check_local_date,
    check_month,
    check_non_negative_number,
    check_positive_number,
    exact,
)


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a rules file, at the key path an organiser can find in the file."""

    path: str
    message: Text

    def __str__(self) -> str:
        text = self.message.both()
        return f"{self.path}: {text}" if self.path else text


def problem(path: str, code: str, **context: str) -> Problem:
    return Problem(path, MESSAGES[code].format(**context))


ABSENT = object()


def lookup(data: object, *keys: str) -> Any:
    for key in keys:
        if not isinstance(data, dict) or key not in data:
            return ABSENT
        data = data[key]
    return data


def _valid(check: Callable[[object], Any], value: object) -> Any:
    """``check(value)``, or None when it fails: pydantic has already reported that failure."""
    try:
        return None if value is ABSENT else check(value)
    except PydanticCustomError:
        return None


def _checked(check: Callable[[object], Any], data: object, *keys: str) -> Any:
    return _valid(check, lookup(data, *keys))


def raw_keys(items: object) -> list[str] | None:
    """The ``key`` of every table in an array, or None unless every one has a string key."""
    if not isinstance(items, list):
        return None
    keys = [item.get("key") if isinstance(item, dict) else None for item in items]
    return keys if all(isinstance(key, str) for key in keys) else None


_ENGAGEMENT_WEIGHTS = ("jury_weight", "engagement_weight")
_ENGAGEMENT_POINTS = ("per_view", "per_like", "per_comment", "per_share")


def cross_field_problems(data: dict[str, Any]) -> Iterator[Problem]:
    yield from _window_problems(data)
    yield from _duration_problems(data)
    for section in ("genres", "themes", "prizes", "criteria"):
        yield from _duplicate_keys(data, section)
    yield from _duplicate_values(lookup(data, "entries", "platforms"), "entries.platforms")
    yield from _tie_break_problems(data)
    yield from _engagement_problems(data)
    yield from _min_score_problems(data)


def _window_problems(data: dict[str, Any]) -> Iterator[Problem]:
    opens, closes, letters = (
        _checked(check_local_date, data, "window", key)
        for key in ("opens_on", "closes_on", "letter_deadline")
    )
    awards = _checked(check_month, data, "window", "awards_month")
    if opens and closes and opens > closes:
        yield problem("window.closes_on", "closes_before_opens", opens_on=str(opens))
    elif opens and closes and letters and not opens <= letters <= closes:
        bounds = {"opens_on": str(opens), "closes_on": str(closes)}
        yield problem("window.letter_deadline", "letter_outside_window", **bounds)
    if closes and awards and awards < closes.replace(day=1):
        month = f"{closes:%Y-%m}"
        yield problem("window.awards_month", "awards_before_close", month=month)


def _duration_problems(data: dict[str, Any]) -> Iterator[Problem]:
    shortest = _checked(check_positive_number, data, "entries", "min_seconds")
    longest = _checked(check_positive_number, data, "entries", "max_seconds")
    if shortest and longest and longest < shortest:
        yield problem("entries.max_seconds", "max_below_min", min_seconds=f"{shortest:g}")


def _repeated(values: list[object]) -> Iterator[tuple[int, str]]:
    """Index and value of each string that already appeared earlier in ``values``."""
    seen: set[str] = set()
    for index, value in enumerate(values):
        if isinstance(value, str) and value in seen:
            yield index, value
        if isinstance(value, str):
            seen.add(value)


def _duplicate_keys(data: dict[str, Any], section: str) -> Iterator[Problem]:
    items = lookup(data, section)
    if isinstance(items, list):
        keys = [item.get("key") if isinstance(item, dict) else None for item in items]
        for index, key in _repeated(keys):
            yield problem(f"{section}[{index}].key", "duplicate_key", value=key)


def _duplicate_values(values: object, path: str) -> Iterator[Problem]:
    if isinstance(values, list):
        for index, value in _repeated(values):
            yield problem(f"{path}[{index}]", "duplicate_value", value=value)


def _tie_break_problems(data: dict[str, Any]) -> Iterator[Problem]:
    tie_break = lookup(data, "judging", "tie_break")
    known = raw_keys(lookup(data, "criteria"))
    yield from _duplicate_values(tie_break, "judging.tie_break")
    if not isinstance(tie_break, list) or known is None:
        return
    for index, value in enumerate(tie_break):
        if _valid(check_key, value) and value not in known:
            path = f"judging.tie_break[{index}]"
            yield problem(path, "unknown_criterion", value=value, known=", ".join(known))


def _engagement_problems(data: dict[str, Any]) -> Iterator[Problem]:
    table = lookup(data, "engagement")
    if not isinstance(table, dict):
        return
    # Reported at ``engagement``: either weight may be the wrong one. Compared as written
    # (0.7 is 7/10), never as binary floats.
    jury, blend = (_checked(check_positive_number, table, key) for key in _ENGAGEMENT_WEIGHTS)
    if jury and blend and exact(jury) + exact(blend) != 1:
        numbers = {"jury": _written(jury), "engagement": _written(blend)}
        total = _written(exact(jury) + exact(blend))
        yield problem("engagement", "weights_sum", total=total, **numbers)
    # Nothing counting would give every clip 0 engagement points: surely a slip.
    points = [_valid(check_non_negative_number, table.get(key, 0)) for key in _ENGAGEMENT_POINTS]
    if all(value is not None for value in points) and not any(points):
        yield problem("engagement", "no_engagement_points")


def _written(number: float | Decimal) -> str:
    """``100.0`` -> ``"100"``, ``0.7`` -> ``"0.7"``: as an organiser would write it."""
    return format(exact(number).normalize(), "f")


def _min_score_problems(data: dict[str, Any]) -> Iterator[Problem]:
    min_score = _checked(check_positive_number, data, "awards", "min_score")
    criteria = lookup(data, "criteria")
    if min_score is None or not isinstance(criteria, list):
        return
    # A minimum above the best possible score would leave every prize unused.
    maxima = [_checked(check_positive_number, item, "max_points") for item in criteria]
    if maxima and all(maxima):
        total = sum((exact(value) for value in maxima), Decimal(0))
        if exact(min_score) > total:
            yield problem("awards.min_score", "min_score_above_rubric", total=_written(total))
