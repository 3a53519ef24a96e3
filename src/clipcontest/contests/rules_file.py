"""A contest's rules, read from a TOML "rules file" and validated before anything uses them.

A contest is data, not code: next year's contest is a new file such as ``contests/sc35-2023.toml``
written by an organiser, not a programmer. So a bad file must never half-load and never fail on
the first mistake only: :func:`parse_rules` returns an immutable :class:`ContestRules` or raises
:class:`RulesFileError` carrying *every* problem, each with the key path that holds it
(``prizes[2].count``, 0-based like the TOML array) and a message in Vietnamese and English.

Validation has two passes. Pydantic checks the shape (missing keys, unknown keys, types, ranges)
and reports each failure at its own path; checks between keys of one table (the engagement
weights) are that table's validators, which pydantic runs whenever the table itself is valid.
The checks across sections (date order, duplicate keys, tie-break keys, the minimum score
against the rubric) then run on the raw document, using the same per-value checks, so that they
still report when an unrelated key elsewhere is broken (:mod:`.rules_checks`). Nothing here
touches the database.
"""

from __future__ import annotations

import pathlib
import tomllib
from collections.abc import Iterable
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from clipcontest.common.text import Text

from .rules_checks import ABSENT, Problem, cross_field_problems, lookup, raw_keys
from .rules_checks import problem as _problem
from .rules_values import (
    MESSAGES,
    Combine,
    Digits,
    Flag,
    Key,
    LocalDate,
    Month,
    NonNegativeNumber,
    OptionalPositiveInt,
    OptionalPositiveNumber,
    OptionalText,
    PlatformName,
    PositiveInt,
    PositiveNumber,
    RequiredText,
    Slug,
    TimeZoneName,
    Url,
)

DEFAULT_TIME_ZONE = "Asia/Ho_Chi_Minh"


class RulesFileError(Exception):
    """The rules file cannot be used; ``problems`` lists everything found, not only the first."""

    def __init__(self, problems: Iterable[Problem], source: str | None = None) -> None:
        self.problems: list[Problem] = list(problems)
        self.source = source
        super().__init__(self._summary())

    def _summary(self) -> str:
        where = f"{self.source}: " if self.source else ""
        lines = [f"{where}{len(self.problems)} problem(s) in the rules file"]
        return "\n".join([*lines, *(f"  {problem}" for problem in self.problems)])


# --- the validated rules -------------------------------------------------------------------------


class _Frozen(BaseModel):
    """Immutable, and an unknown key is an error: a typo must not pass silently."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Named(_Frozen):
    """Something with a stable key for the database and a name in both languages."""

    key: Key
    name: RequiredText
    name_en: RequiredText

    @property
    def label(self) -> Text:
        return Text(vi=self.name, en=self.name_en)


class Genre(Named):
    """A form a clip may take (comedy, short film, ...)."""


class Theme(Named):
    """A subject a clip must address."""


class Prize(Named):
    """One prize tier; its position in ``ContestRules.prizes`` is its rank."""

    count: PositiveInt
    amount: PositiveInt
    certificate: Flag = True

    @property
    def total(self) -> int:
        """Cash for the whole tier, in VND."""
        return self.count * self.amount


class Criterion(Named):
    """One line of the jury's rubric."""

    max_points: PositiveNumber
    description: OptionalText = ""
    description_en: OptionalText = ""


class Window(_Frozen):
    """Calendar dates in the contest's time zone; every bound is inclusive of its whole day."""

    opens_on: LocalDate
    closes_on: LocalDate
    letter_deadline: LocalDate
    awards_month: Month


class Entries(_Frozen):
    """What a participating unit must send and what a clip must be."""

    min_per_unit: PositiveInt
    min_seconds: PositiveNumber
    max_seconds: PositiveNumber
    platforms: tuple[PlatformName, ...] = Field(min_length=1)


class FacebookGroup(_Frozen):
    """The provincial group where units share their clips."""

    id: Digits
    name: RequiredText
    url: Url


class Judging(_Frozen):
    """How the jury's scores become a ranking."""

    combine: Combine = "mean"
    blind: Flag = True
    tie_break: tuple[Key, ...] = ()


class Engagement(_Frozen):
    """Blends engagement into the jury's score; off unless the ``[engagement]`` table is present.

    Engagement points are the weighted sum of the counts frozen at the close of submissions,
    scaled so that the most engaging eligible clip gets the rubric's maximum total.
    """

    jury_weight: PositiveNumber
    engagement_weight: PositiveNumber
    per_view: NonNegativeNumber = 0.0
    per_like: NonNegativeNumber = 0.0
    per_comment: NonNegativeNumber = 0.0
    per_share: NonNegativeNumber = 0.0


class Awards(_Frozen):
    """Limits on who may take a prize; both off unless written."""

    per_unit_cap: OptionalPositiveInt = None
    min_score: OptionalPositiveNumber = None


class ContestRules(_Frozen):
    """One contest, validated. Build it with :func:`parse_rules` or :func:`load_rules_file`.

    Building it directly skips the cross-field checks, which live in this module's second pass.
    """

    slug: Slug
    name: RequiredText
    name_en: OptionalText = ""
    organiser: RequiredText
    organiser_en: OptionalText = ""
    time_zone: TimeZoneName = DEFAULT_TIME_ZONE
    gallery: Flag = False
    # A practice run (for training the units) never shows as the public contest.
    practice: Flag = False
    window: Window
    entries: Entries
    facebook_group: FacebookGroup
    genres: tuple[Genre, ...] = Field(min_length=1)
    themes: tuple[Theme, ...] = Field(min_length=1)
    prizes: tuple[Prize, ...] = Field(min_length=1)
    criteria: tuple[Criterion, ...] = Field(min_length=1)
    judging: Judging = Judging()
    engagement: Engagement | None = None
    awards: Awards = Awards()

    @model_validator(mode="before")
    @classmethod
    def _default_tie_break(cls, data: Any) -> Any:
        """Without an explicit tie_break, ties are broken by the criteria in rubric order."""
        keys = raw_keys(lookup(data, "criteria"))
        judging = lookup(data, "judging")
        judging = {} if judging is ABSENT else judging
        if keys is None or not isinstance(judging, dict) or "tie_break" in judging:
            return data
        return {**data, "judging": {**judging, "tie_break": keys}}

    @property
    def title(self) -> Text:
        return Text(vi=self.name, en=self.name_en or self.name)

    @property
    def organiser_label(self) -> Text:
        return Text(vi=self.organiser, en=self.organiser_en or self.organiser)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def total_prize_money(self) -> int:
        """Cash over all prizes in VND, the figure the budget line must cover."""
        return sum(prize.total for prize in self.prizes)

    @property
    def prize_count(self) -> int:
        return sum(prize.count for prize in self.prizes)

    @property
    def max_total_points(self) -> float:
        return sum(criterion.max_points for criterion in self.criteria)


# --- parsing -------------------------------------------------------------------------------------


def load_rules_file(path: pathlib.Path) -> ContestRules:
    """Read a rules file as UTF-8 (a leading BOM from Windows editors is tolerated)."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise RulesFileError([_problem("", "file_missing", file=str(path))], str(path)) from None
    except UnicodeDecodeError as error:
        problem = _problem("", "not_utf8", position=str(error.start))
        raise RulesFileError([problem], str(path)) from None
    except OSError as error:
        problem = _problem("", "file_unreadable", detail=str(error))
        raise RulesFileError([problem], str(path)) from None
    try:
        return parse_rules(text)
    except RulesFileError as error:
        raise RulesFileError(error.problems, str(path)) from None


def parse_rules(text: str) -> ContestRules:
    """Parse and validate a rules file's text; raise :class:`RulesFileError` with every problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise RulesFileError([_problem("", "toml", detail=str(error))]) from None
    rules, problems = _validate_shape(data)
    problems += list(cross_field_problems(data))
    if problems or rules is None:
        raise RulesFileError(problems)
    return rules


def _validate_shape(data: dict[str, Any]) -> tuple[ContestRules | None, list[Problem]]:
    try:
        return ContestRules.model_validate(data), []
    except ValidationError as error:
        return None, [_from_pydantic(item) for item in error.errors(include_url=False)]


def _from_pydantic(error: Any) -> Problem:
    """Translate one pydantic error into our path format and bilingual message."""
    message = MESSAGES.get(error["type"])
    context = {name: str(value) for name, value in error.get("ctx", {}).items()}
    if message is None:
        return Problem(format_path(error["loc"]), MESSAGES["invalid"].format(detail=error["msg"]))
    return Problem(format_path(error["loc"]), message.format(**context))


def format_path(loc: Iterable[str | int]) -> str:
    """``("prizes", 2, "count")`` -> ``"prizes[2].count"``."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path
