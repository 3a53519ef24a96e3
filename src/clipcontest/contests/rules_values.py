"""The values a rules file may hold, and what is said when one is wrong (in both languages).

Plain check functions rather than pydantic constraints: they raise our own error types (hence
our own bilingual messages), refuse the lax coercions pydantic would allow ("3" -> 3,
true -> 1), and the rules file's cross-field pass reuses them on the raw document.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from typing import Annotated, Literal
from urllib.parse import urlsplit
from zoneinfo import available_timezones

from pydantic import PlainValidator
from pydantic_core import PydanticCustomError

from clipcontest.common.text import Text

PLATFORMS = ("facebook", "tiktok", "youtube")
COMBINE_METHODS = ("mean", "trimmed_mean", "zscore")

Platform = Literal["facebook", "tiktok", "youtube"]
CombineMethod = Literal["mean", "trimmed_mean", "zscore"]

# Keyed by pydantic's error type or by our own (raised through ``_fail``); ``{name}`` placeholders
# are filled from the error's context.
MESSAGES: dict[str, Text] = {
    "missing": Text(vi="là bắt buộc", en="is required"),
    "extra_forbidden": Text(vi="khóa không hợp lệ", en="unknown key"),
    "model_type": Text(vi="phải là một bảng (table)", en="must be a table"),
    "tuple_type": Text(vi="phải là một mảng (array)", en="must be an array"),
    "too_short": Text(vi="không được để trống", en="must not be empty"),
    "positive_int": Text(vi="phải là số nguyên dương", en="must be a positive integer"),
    "positive_number": Text(vi="phải là số dương", en="must be a positive number"),
    "non_negative_number": Text(vi="phải là số không âm", en="must be a non-negative number"),
    "date": Text(vi="phải là ngày (YYYY-MM-DD)", en="must be a date (YYYY-MM-DD)"),
    "month": Text(vi='phải là tháng dạng "YYYY-MM"', en='must be a month written "YYYY-MM"'),
    "text": Text(vi="phải là chuỗi ký tự không rỗng", en="must be a non-empty string"),
    "optional_text": Text(vi="phải là chuỗi ký tự", en="must be a string"),
    "flag": Text(vi="phải là true hoặc false", en="must be true or false"),
    "slug": Text(
        vi="chỉ được gồm chữ thường không dấu, chữ số và dấu gạch ngang (ví dụ sc35-2022)",
        en="must contain only lowercase letters, digits and hyphens (e.g. sc35-2022)",
    ),
    "key": Text(
        vi="phải là mã viết thường không dấu, nối bằng dấu gạch dưới (ví dụ short_film)",
        en="must be a lowercase snake_case identifier (e.g. short_film)",
    ),
    "time_zone": Text(
        vi="phải là tên múi giờ IANA (ví dụ Asia/Ho_Chi_Minh)",
        en="must be an IANA time zone name (e.g. Asia/Ho_Chi_Minh)",
    ),
    "choice": Text(vi="phải là một trong: {allowed}", en="must be one of: {allowed}"),
    "digits": Text(vi="chỉ được gồm chữ số", en="must contain only digits"),
    "url": Text(
        vi="phải là địa chỉ web bắt đầu bằng https:// hoặc http://",
        en="must be a web address starting with https:// or http://",
    ),
    "closes_before_opens": Text(
        vi="không được trước opens_on ({opens_on})", en="must not be before opens_on ({opens_on})"
    ),
    "letter_outside_window": Text(
        vi="phải nằm trong khoảng opens_on..closes_on ({opens_on} đến {closes_on})",
        en="must be within opens_on..closes_on ({opens_on} to {closes_on})",
    ),
    "awards_before_close": Text(
        vi="không được trước tháng của closes_on ({month})",
        en="must not be before the month of closes_on ({month})",
    ),
    "max_below_min": Text(
        vi="không được nhỏ hơn min_seconds ({min_seconds})",
        en="must not be less than min_seconds ({min_seconds})",
    ),
    "duplicate_key": Text(vi='khóa "{value}" bị trùng', en='duplicate key "{value}"'),
    "duplicate_value": Text(vi='giá trị "{value}" bị trùng', en='duplicate value "{value}"'),
    "unknown_criterion": Text(
        vi='không có tiêu chí "{value}" (các tiêu chí: {known})',
        en='unknown criterion "{value}" (criteria: {known})',
    ),
    "weights_sum": Text(
        vi="jury_weight + engagement_weight phải bằng 1 (đang là {jury} + {engagement} = {total})",
        en="jury_weight + engagement_weight must equal 1 (here {jury} + {engagement} = {total})",
    ),
    "no_engagement_points": Text(
        vi="cần ít nhất một trong per_view, per_like, per_comment, per_share lớn hơn 0",
        en="at least one of per_view, per_like, per_comment, per_share must be above 0",
    ),
    "min_score_above_rubric": Text(
        vi="không được lớn hơn tổng điểm tối đa của các tiêu chí ({total})",
        en="must not exceed the rubric's maximum total ({total})",
    ),
    "toml": Text(vi="cú pháp TOML không hợp lệ: {detail}", en="invalid TOML: {detail}"),
    "file_missing": Text(vi="không tìm thấy tệp {file}", en="file not found: {file}"),
    "file_unreadable": Text(vi="không đọc được tệp: {detail}", en="cannot read the file: {detail}"),
    "not_utf8": Text(
        vi="tệp không phải văn bản UTF-8 (byte {position})",
        en="the file is not UTF-8 text (byte {position})",
    ),
    "invalid": Text(vi="giá trị không hợp lệ ({detail})", en="invalid value ({detail})"),
}
# Pydantic names the same failure differently depending on the container.
MESSAGES["dict_type"] = MESSAGES["model_attributes_type"] = MESSAGES["model_type"]
MESSAGES["list_type"] = MESSAGES["tuple_type"]


# --- per-value checks ----------------------------------------------------------------------------


def _fail(code: str, **context: str) -> PydanticCustomError:
    return PydanticCustomError(code, MESSAGES[code].en, context)


def _positive_int(value: object) -> int:
    if type(value) is not int or value <= 0:
        raise _fail("positive_int")
    return value


def check_positive_number(value: object) -> float:
    number_types = (int, float)
    if type(value) not in number_types or not math.isfinite(value) or value <= 0:
        raise _fail("positive_number")
    return float(value)


def check_non_negative_number(value: object) -> float:
    number_types = (int, float)
    if type(value) not in number_types or not math.isfinite(value) or value < 0:
        raise _fail("non_negative_number")
    return float(value)


def exact(value: float) -> Decimal:
    """A number as the organiser wrote it: 0.7 is exactly 7/10, not the nearest binary float."""
    return Decimal(str(value))


def _flag(value: object) -> bool:
    if type(value) is not bool:
        raise _fail("flag")
    return value


def _text(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _fail("text")
    return value.strip()


def _optional_text(value: object) -> str:
    if not isinstance(value, str):
        raise _fail("optional_text")
    return value.strip()


def _matching(pattern: str, code: str) -> Callable[[object], str]:
    compiled = re.compile(pattern)

    def check(value: object) -> str:
        if not isinstance(value, str) or not compiled.fullmatch(value):
            raise _fail(code)
        return value

    return check


_slug = _matching(r"[a-z0-9]+(?:-[a-z0-9]+)*", "slug")
check_key = _matching(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*", "key")


def check_local_date(value: object) -> date:
    """A TOML date (``2022-03-01``), or the same written as a string; never a date-time."""
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    raise _fail("date")


def check_month(value: object) -> date:
    """``"2022-07"`` -> ``date(2022, 7, 1)``; TOML has no bare year-month, so it is a string."""
    match = re.fullmatch(r"(\d{4})-(\d{2})", value) if isinstance(value, str) else None
    if match is None or not 1 <= int(match[2]) <= 12:
        raise _fail("month")
    return date(int(match[1]), int(match[2]), 1)


@cache
def _known_time_zones() -> frozenset[str]:
    return frozenset(available_timezones())


def _time_zone(value: object) -> str:
    if not isinstance(value, str) or value not in _known_time_zones():
        raise _fail("time_zone")
    return value


def _choice(allowed: tuple[str, ...]) -> Callable[[object], str]:
    def check(value: object) -> str:
        if value not in allowed:
            raise _fail("choice", allowed=", ".join(allowed))
        return value

    return check


def _digits(value: object) -> str:
    """A Facebook id; accepted as a TOML integer too, since organisers will write it bare."""
    if type(value) is int and value > 0:
        return str(value)
    if not isinstance(value, str) or not re.fullmatch(r"\d+", value):
        raise _fail("digits")
    return value


def _url(value: object) -> str:
    parts = urlsplit(value) if isinstance(value, str) else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
        raise _fail("url")
    return value


PositiveInt = Annotated[int, PlainValidator(_positive_int)]
PositiveNumber = Annotated[float, PlainValidator(check_positive_number)]
NonNegativeNumber = Annotated[float, PlainValidator(check_non_negative_number)]
# Optional keys: TOML has no null, so the check only ever sees a value actually written.
OptionalPositiveInt = Annotated[int | None, PlainValidator(_positive_int)]
OptionalPositiveNumber = Annotated[float | None, PlainValidator(check_positive_number)]
Flag = Annotated[bool, PlainValidator(_flag)]
RequiredText = Annotated[str, PlainValidator(_text)]
OptionalText = Annotated[str, PlainValidator(_optional_text)]
Slug = Annotated[str, PlainValidator(_slug)]
Key = Annotated[str, PlainValidator(check_key)]
LocalDate = Annotated[date, PlainValidator(check_local_date)]
Month = Annotated[date, PlainValidator(check_month)]
TimeZoneName = Annotated[str, PlainValidator(_time_zone)]
PlatformName = Annotated[Platform, PlainValidator(_choice(PLATFORMS))]
Combine = Annotated[CombineMethod, PlainValidator(_choice(COMBINE_METHODS))]
Digits = Annotated[str, PlainValidator(_digits)]
Url = Annotated[str, PlainValidator(_url)]
