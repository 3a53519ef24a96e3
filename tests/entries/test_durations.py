"""Clip durations as people write them in a spreadsheet, and back to the way the plan says them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clipcontest.entries.durations import DurationError, format_duration, parse_duration

# The largest duration an entry can store (DecimalField max_digits=9, decimal_places=3).
LARGEST_STORABLE = Decimal("999999.999")


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("75", Decimal(75)),
        ("75.5", Decimal("75.5")),
        ("75,5", Decimal("75.5")),
        ("0.001", Decimal("0.001")),
        (" 600 ", Decimal(600)),
        ("1:15", Decimal(75)),
        ("0:01:15", Decimal(75)),
        ("10:00", Decimal(600)),
        ("9:59", Decimal(599)),
        ("0:05", Decimal(5)),
        ("1:15.5", Decimal("75.5")),
        ("1:15,25", Decimal("75.25")),
        ("1:00:00", Decimal(3600)),
        ("12:30", Decimal(750)),
    ],
)
def test_duration_is_read_from_seconds_or_clock_forms(text: str, seconds: Decimal):
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "   ", "\t"])
def test_empty_duration_means_not_known_yet(text: str):
    assert parse_duration(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "1:60",  # 60 seconds is the next minute
        "1:5",  # seconds take two digits in m:ss
        "1:00:60",
        "1:60:00",  # 60 minutes is the next hour in h:mm:ss
        "abc",
        "-5",
        "75s",
        "1.5.2",
        "75.1234",  # more than millisecond precision
        "1:2:3:4",
        "10 phút",
        ":15",
    ],
)
def test_malformed_duration_is_refused_with_a_message_quoting_the_cell(text: str):
    with pytest.raises(DurationError) as caught:
        parse_duration(text)
    assert repr(text) in caught.value.message.en
    assert repr(text) in caught.value.message.vi


@pytest.mark.parametrize("text", ["1000000", "9999999", "999:59:59", "277:46:40"])
def test_duration_longer_than_an_entry_can_store_is_refused(text: str):
    with pytest.raises(DurationError):
        parse_duration(text)


def test_largest_storable_duration_is_accepted():
    assert parse_duration("999999.999") == LARGEST_STORABLE
    assert parse_duration("277:46:39.999") == LARGEST_STORABLE


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (Decimal(5), "0:05"),
        (Decimal(75), "1:15"),
        (Decimal("75.5"), "1:15.5"),
        (Decimal("75.500"), "1:15.5"),
        (Decimal(600), "10:00"),
        (Decimal(3600), "1:00:00"),
        (Decimal("3725.25"), "1:02:05.25"),
    ],
)
def test_duration_is_written_as_minutes_and_seconds(seconds: Decimal, text: str):
    assert format_duration(seconds) == text


@given(st.decimals(min_value=0, max_value=LARGEST_STORABLE, places=3))
def test_formatted_duration_reads_back_as_the_same_number_of_seconds(seconds: Decimal):
    assert parse_duration(format_duration(seconds)) == seconds


@given(st.text())
def test_any_text_is_a_duration_none_or_a_duration_error(text: str):
    try:
        result = parse_duration(text)
    except DurationError:
        return
    assert result is None or (isinstance(result, Decimal) and 0 <= result <= LARGEST_STORABLE)


@given(st.from_regex(r"\A[0-9:.,\s]{0,12}\Z"))
def test_digits_and_separators_are_a_duration_none_or_a_duration_error(text: str):
    try:
        result = parse_duration(text)
    except DurationError:
        return
    assert result is None or result >= 0
