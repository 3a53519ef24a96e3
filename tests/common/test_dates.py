"""Dates as Vietnamese offices write them and as ISO 8601; naive times are contest-local."""

from __future__ import annotations

import contextlib
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clipcontest.common.dates import DateParseError, parse_date, parse_datetime

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.mark.parametrize(
    "text",
    ["15/06/2022", "15/6/2022", "2022-06-15", "15.06.2022", "15-06-2022", " 15/06/2022 "],
)
def test_date_is_read_day_first_or_iso(text: str):
    assert parse_date(text) == date(2022, 6, 15)


@pytest.mark.parametrize(
    "text",
    [
        "31/02/2022",
        "2022-02-31",
        "15/13/2022",
        "06/15/2022",
        "abc",
        "",
        "15/06/22",
        "2022-06-15T10:30",
    ],
)
def test_impossible_or_malformed_date_is_refused_quoting_the_cell(text: str):
    with pytest.raises(DateParseError) as caught:
        parse_date(text)
    assert repr(text) in caught.value.message.en
    assert "dd/mm/yyyy" in caught.value.message.vi


def test_day_first_is_not_confused_with_month_first():
    assert parse_date("01/03/2022") == date(2022, 3, 1)


def test_naive_datetime_is_contest_local_time():
    moment = parse_datetime("2022-06-30 23:59:59", HCM)
    assert moment == datetime(2022, 6, 30, 23, 59, 59, tzinfo=HCM)
    assert moment == datetime(2022, 6, 30, 16, 59, 59, tzinfo=UTC)


def test_utc_instant_written_with_z_is_kept_as_that_instant():
    moment = parse_datetime("2022-06-30T16:59:59Z", HCM)
    assert moment.utcoffset() == timedelta(0)
    assert moment == datetime(2022, 6, 30, 23, 59, 59, tzinfo=HCM)


def test_explicit_offset_is_kept():
    moment = parse_datetime("2022-06-30T23:59:59+07:00", HCM)
    assert moment.utcoffset() == timedelta(hours=7)
    assert moment == datetime(2022, 6, 30, 16, 59, 59, tzinfo=UTC)
    assert parse_datetime("2022-06-30T17:30:00+00:00", HCM) > moment


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30/06/2022 23:59", datetime(2022, 6, 30, 23, 59, tzinfo=HCM)),
        ("30/06/2022 23:59:30", datetime(2022, 6, 30, 23, 59, 30, tzinfo=HCM)),
        ("1/7/2022 0:00", datetime(2022, 7, 1, 0, 0, tzinfo=HCM)),
        ("30/06/2022", datetime(2022, 6, 30, tzinfo=HCM)),
        ("2022-06-30", datetime(2022, 6, 30, tzinfo=HCM)),
        ("2022-07-01 00:00:01", datetime(2022, 7, 1, 0, 0, 1, tzinfo=HCM)),
    ],
)
def test_local_datetime_forms(text: str, expected: datetime):
    parsed = parse_datetime(text, HCM)
    assert parsed == expected
    assert parsed.tzinfo is not None


def test_naive_time_uses_the_zone_it_is_given():
    other = timezone(timedelta(hours=-5))
    assert parse_datetime("2022-06-30 12:00", other) == datetime(2022, 6, 30, 17, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "text", ["30/06/2022 24:00", "31/06/2022 10:00", "2022-06-30T25:00", "yesterday", "", "30/06"]
)
def test_malformed_datetime_is_refused_quoting_the_cell(text: str):
    with pytest.raises(DateParseError) as caught:
        parse_datetime(text, HCM)
    assert repr(text) in caught.value.message.en


@given(st.text())
def test_any_text_is_a_date_or_a_date_parse_error(text: str):
    with contextlib.suppress(DateParseError):
        assert isinstance(parse_date(text), date)


@given(st.text())
def test_any_text_is_an_aware_datetime_or_a_date_parse_error(text: str):
    with contextlib.suppress(DateParseError):
        assert parse_datetime(text, HCM).tzinfo is not None


@given(st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 12, 31)))
def test_day_first_local_time_reads_back_to_the_minute(moment: datetime):
    moment = moment.replace(second=0, microsecond=0)
    assert parse_datetime(moment.strftime("%d/%m/%Y %H:%M"), HCM) == moment.replace(tzinfo=HCM)
