"""Amounts as payment documents write them: ``3.000.000 đ`` and in Vietnamese words.

Every expected string below was written by hand from Vietnamese accounting usage, not produced by
the code under test. Tests are grouped by the rule they check.
"""

import unicodedata
from decimal import Decimal

import pytest

from clipcontest.common.money import amount_in_words, format_number, format_vnd


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (0, "Không đồng"),
        (5, "Năm đồng"),
        (9, "Chín đồng"),
        (100, "Một trăm đồng"),
        (999, "Chín trăm chín mươi chín đồng"),
        (123, "Một trăm hai mươi ba đồng"),
    ],
)
def test_small_amounts_are_written_digit_by_digit(amount: int, expected: str):
    assert amount_in_words(amount) == expected


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (10, "Mười đồng"),
        (11, "Mười một đồng"),
        (14, "Mười bốn đồng"),
        (15, "Mười lăm đồng"),
        (19, "Mười chín đồng"),
        (110, "Một trăm mười đồng"),
        (111, "Một trăm mười một đồng"),
        (115, "Một trăm mười lăm đồng"),
        (15_000, "Mười lăm nghìn đồng"),
    ],
)
def test_after_muoi_only_five_changes_to_lam(amount: int, expected: str):
    assert amount_in_words(amount) == expected


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (20, "Hai mươi đồng"),
        (21, "Hai mươi mốt đồng"),
        (24, "Hai mươi tư đồng"),
        (25, "Hai mươi lăm đồng"),
        (31, "Ba mươi mốt đồng"),
        (44, "Bốn mươi tư đồng"),
        (55, "Năm mươi lăm đồng"),
        (91, "Chín mươi mốt đồng"),
        (121, "Một trăm hai mươi mốt đồng"),
        (21_000, "Hai mươi mốt nghìn đồng"),
    ],
)
def test_after_muoi_one_is_mot_four_is_tu_and_five_is_lam(amount: int, expected: str):
    assert amount_in_words(amount) == expected


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (101, "Một trăm linh một đồng"),
        (104, "Một trăm linh bốn đồng"),
        (105, "Một trăm linh năm đồng"),
        (109, "Một trăm linh chín đồng"),
        (105_000, "Một trăm linh năm nghìn đồng"),
    ],
)
def test_zero_tens_after_hundreds_is_linh_and_the_unit_keeps_its_plain_name(
    amount: int, expected: str
):
    assert amount_in_words(amount) == expected


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (1005, "Một nghìn không trăm linh năm đồng"),
        (1010, "Một nghìn không trăm mười đồng"),
        (2021, "Hai nghìn không trăm hai mươi mốt đồng"),
        (1_005_000, "Một triệu không trăm linh năm nghìn đồng"),
        (2_001_000, "Hai triệu không trăm linh một nghìn đồng"),
        (2_050_000, "Hai triệu không trăm năm mươi nghìn đồng"),
        (1_000_000_005, "Một tỷ không trăm linh năm đồng"),
    ],
)
def test_a_zero_hundreds_group_inside_the_number_keeps_khong_tram(amount: int, expected: str):
    assert amount_in_words(amount) == expected


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (1000, "Một nghìn đồng"),
        (1100, "Một nghìn một trăm đồng"),
        (1_000_000, "Một triệu đồng"),
        (1_000_005, "Một triệu không trăm linh năm đồng"),
        (1_500_000, "Một triệu năm trăm nghìn đồng"),
        (1_000_000_000, "Một tỷ đồng"),
        (1_250_000_000, "Một tỷ hai trăm năm mươi triệu đồng"),
    ],
)
def test_an_all_zero_group_is_left_out(amount: int, expected: str):
    assert amount_in_words(amount) == expected


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (10_000, "Mười nghìn đồng"),
        (100_000, "Một trăm nghìn đồng"),
        (500_000, "Năm trăm nghìn đồng"),
        (2_000_000, "Hai triệu đồng"),
        (3_000_000, "Ba triệu đồng"),
        (17_500_000, "Mười bảy triệu năm trăm nghìn đồng"),
        (21_000_000, "Hai mươi mốt triệu đồng"),
        (
            123_456_789,
            "Một trăm hai mươi ba triệu bốn trăm năm mươi sáu nghìn bảy trăm tám mươi chín đồng",
        ),
    ],
)
def test_the_leading_group_says_only_what_it_has(amount: int, expected: str):
    assert amount_in_words(amount) == expected


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (1_000_000_000_000, "Một nghìn tỷ đồng"),
        (1_000_000_000_000_000, "Một triệu tỷ đồng"),
        (1_005_000_000_000, "Một nghìn không trăm linh năm tỷ đồng"),
        (1_000_000_000_001, "Một nghìn tỷ không trăm linh một đồng"),
        (2_000_000_000_000_000_000, "Hai tỷ tỷ đồng"),
    ],
)
def test_scales_past_ty_repeat_in_front_of_ty(amount: int, expected: str):
    assert amount_in_words(amount) == expected


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (105, "Một trăm lẻ năm đồng"),
        (1005, "Một nghìn không trăm lẻ năm đồng"),
        (1_005_000, "Một triệu không trăm lẻ năm nghìn đồng"),
        (110, "Một trăm mười đồng"),
        (2021, "Hai nghìn không trăm hai mươi mốt đồng"),
    ],
)
def test_the_southern_le_replaces_linh_only_for_zero_tens(amount: int, expected: str):
    assert amount_in_words(amount, zero_tens="lẻ") == expected


def test_le_typed_decomposed_is_accepted():
    assert amount_in_words(105, zero_tens=unicodedata.normalize("NFD", "lẻ")) == (
        "Một trăm lẻ năm đồng"
    )


@pytest.mark.parametrize("zero_tens", ["le", "linh ", "Linh", "không", ""])
def test_zero_tens_other_than_linh_or_le_is_refused(zero_tens: str):
    with pytest.raises(ValueError, match="zero_tens"):
        amount_in_words(105, zero_tens=zero_tens)


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (0, "Không"),
        (2021, "Hai nghìn không trăm hai mươi mốt"),
        (3_000_000, "Ba triệu"),
    ],
)
def test_without_currency_the_words_are_still_capitalised(amount: int, expected: str):
    assert amount_in_words(amount, currency=False) == expected


def test_a_negative_amount_is_refused():
    with pytest.raises(ValueError, match="negative"):
        amount_in_words(-1)


@pytest.mark.parametrize("amount", [1.5, 1000.0, True, False, "1000", None])
def test_an_amount_that_is_not_a_whole_number_of_dong_is_a_type_error(amount: object):
    with pytest.raises(TypeError):
        amount_in_words(amount)  # type: ignore[arg-type]


def test_a_decimal_with_a_fraction_is_refused():
    with pytest.raises(ValueError, match="fraction"):
        amount_in_words(Decimal("1000.5"))  # type: ignore[arg-type]


def test_a_whole_decimal_is_read_as_dong():
    assert amount_in_words(Decimal("1005.00")) == "Một nghìn không trăm linh năm đồng"  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (3_000_000, "3.000.000 đ"),
        (17_500_000, "17.500.000 đ"),
        (1000, "1.000 đ"),
        (999, "999 đ"),
        (0, "0 đ"),
        (-2_000_000, "-2.000.000 đ"),
    ],
)
def test_format_vnd_puts_dots_between_thousands_and_a_plain_space_before_d(
    amount: int, expected: str
):
    assert format_vnd(amount) == expected


@pytest.mark.parametrize(
    ("n", "expected"),
    [(1234, "1.234"), (1_234_567, "1.234.567"), (12, "12"), (0, "0"), (-1234, "-1.234")],
)
def test_format_number_puts_dots_between_thousands(n: int, expected: str):
    assert format_number(n) == expected


@pytest.mark.parametrize("func", [format_vnd, format_number])
@pytest.mark.parametrize("value", [1.5, True, "1000", Decimal("1000")])
def test_formatting_takes_only_ints(func, value: object):
    with pytest.raises(TypeError):
        func(value)
