"""The JSON the API reads and writes, as ninja schemas (they also make the OpenAPI document).

Input limits match the database columns, so an over-long value is a 422 here instead of a
database error (or a silent truncation) later. Text may not hold NUL characters: PostgreSQL
refuses them, and no person types one.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from ninja import P, QueryEx, Schema
from pydantic import AfterValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

MAX_AUTHORS = 20


def _without_nul(value: str) -> str:
    if "\x00" in value:
        raise PydanticCustomError("nul_character", "must not contain the NUL character")
    return value


def _text(max_length: int):
    """A string of at most ``max_length`` characters and without NUL."""
    return Annotated[str, Field(max_length=max_length), AfterValidator(_without_nul)]


TitleText = _text(500)
UrlText = _text(2048)
NameText = _text(200)
CategoryKey = _text(32)
GenreKey = _text(40)
ThemeKey = _text(60)


# --- shared --------------------------------------------------------------------------------------


class Message(Schema):
    vi: str
    en: str


class ErrorOut(Schema):
    code: str = Field(examples=["not_found"])
    message: Message


class ProblemsOut(Schema):
    problems: dict[str, Message] = Field(
        description="What is wrong, by field name (``__all__`` for the entry as a whole).",
        examples=[{"rights_confirmed": {"vi": "Đơn vị cần xác nhận …", "en": "The unit must …"}}],
    )


# --- the contest ---------------------------------------------------------------------------------


class VocabularyItem(Schema):
    key: str
    name: str
    name_en: str = ""


class PrizeOut(Schema):
    key: str
    name: str
    name_en: str
    count: int
    amount: int = Field(description="Cash per prize, in đồng.")
    total: int = Field(description="count × amount, in đồng.")
    certificate: bool


class FacebookGroupOut(Schema):
    id: str
    name: str
    url: str


class ContestOut(Schema):
    slug: str
    name: str
    name_en: str
    organiser: str
    organiser_en: str
    time_zone: str
    opens_on: date
    closes_on: date = Field(description="The last day on which clips are accepted (included).")
    letter_deadline: date
    awards_month: str
    accepts_entries: bool = Field(description="Whether the window is open right now.")
    min_entries_per_unit: int
    min_seconds: float
    max_seconds: float
    platforms: list[str]
    genres: list[VocabularyItem]
    themes: list[VocabularyItem]
    prizes: list[PrizeOut]
    prize_money_total: int = Field(description="All prizes together, in đồng.")
    facebook_group: FacebookGroupOut


# --- entries -------------------------------------------------------------------------------------


class AuthorIn(Schema):
    model_config = ConfigDict(extra="forbid")

    name: NameText
    category: CategoryKey = Field(
        "", description="One of the plan's participant categories (e.g. ``party_member``)."
    )


class EntryIn(Schema):
    """A clip as a unit enters it; ``PUT`` takes the same body and replaces every field."""

    model_config = ConfigDict(extra="forbid")

    title: TitleText
    url: UrlText = Field(description="The link of the post on Facebook, TikTok or YouTube.")
    genre: GenreKey = Field(description="A genre key of the contest, e.g. ``comedy``.")
    theme: ThemeKey = Field(description="A theme key of the contest.")
    authors: list[AuthorIn] = Field(default_factory=list, max_length=MAX_AUTHORS)
    duration_seconds: Decimal | None = Field(
        None,
        ge=0,
        max_digits=9,
        decimal_places=3,
        description="Only when the post's duration cannot be read; marked unverified.",
    )
    rights_confirmed: bool = Field(
        False, description="The unit takes responsibility for the content and copyright."
    )
    group_post_url: UrlText = Field(
        "",
        description="The link of the clip's share into the contest's Facebook group "
        "(``facebook.com/groups/<group>/posts/<id>``); a post in another group is refused.",
    )


class AuthorOut(Schema):
    name: str
    category: str


class FindingOut(Schema):
    code: str = Field(examples=["duration_too_long"])
    severity: str = Field(description="``blocking`` makes the clip ineligible; ``warning`` not.")
    message: Message


class EntryOut(Schema):
    ref: str
    unit: str = Field(description="The unit's code.")
    title: str
    url: str
    platform: str
    video_id: str
    canonical_url: str = Field(description="Empty for a clip entered by its file alone.")
    genre: str
    theme: str
    authors: list[AuthorOut]
    duration_seconds: float | None
    duration_source: str
    posted_at: datetime | None
    submitted_at: datetime
    rights_confirmed: bool
    group_post_url: str = Field(description="The share into the contest's group, as given.")
    withdrawn: bool
    withdrawn_at: datetime | None
    has_video_file: bool
    fetch_state: str
    fetch_error: str
    eligible: bool = Field(description="No blocking finding (always false once withdrawn).")
    findings: list[FindingOut]


class LinkErrorOut(Schema):
    code: str = Field(examples=["lookalike_host"])
    message: Message


class LinkCheckOut(Schema):
    url: str
    valid: bool
    platform: str | None
    video_id: str | None = Field(description="Null for a short link, resolved when fetched.")
    canonical_url: str | None
    error: LinkErrorOut | None
    already_entered_as: str | None = Field(
        description="The ref of the caller's own clip of the same video, if any."
    )
    entered_by_other_units: int = Field(description="How many other units entered this video.")


# --- letters -------------------------------------------------------------------------------------


class LetterOut(Schema):
    id: int
    unit: str
    number: str
    date: date
    received_at: datetime | None
    status: str = Field(
        description="``received`` (by the deadline), ``late``, or ``not_received`` yet."
    )
    entries: list[str] = Field(description="The refs of the clips the letter lists.")
    has_scan: bool
    scan_uploaded_at: datetime | None


# --- query parameters -------------------------------------------------------------------------

ContestParam = QueryEx[
    str | None,
    P(description="The contest's slug; the current contest when left out.", max_length=64),
]
UnitParam = QueryEx[
    str | None,
    P(description="Staff only: one unit's code (a unit always sees its own).", max_length=32),
]
