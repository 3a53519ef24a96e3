"""Money as Vietnamese official documents write it: ``3.000.000 đ`` and in words.

Money is an integer number of đồng everywhere in clipcontest (the đồng has no minor unit), so
these functions take ``int`` and refuse floats: a float that reaches a payout list is a bug
upstream, not something to round quietly here.

Payment documents (payout lists, receipts, the award decision) repeat every amount in words, in
the form accountants use: "Một triệu không trăm linh năm nghìn đồng". The rules below are that
usage, written out because general-purpose libraries get several of them wrong (num2words says
"một nghìn năm" for 1005 and drops "không trăm" inside the number).
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal

CURRENCY_SUFFIX = " đ"
CURRENCY_WORD = "đồng"

# "linh" (northern) and "lẻ" (southern) both say "and no tens": 105 is "một trăm linh năm" in
# Hà Nội and "một trăm lẻ năm" in Sài Gòn. Neither is wrong, so the choice is a setting.
ZERO_TENS_WORDS = ("linh", "lẻ")

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_BILLION = 1_000_000_000


def format_number(n: int) -> str:
    """A whole number with dots between thousands, as Vietnamese writes it: 1234 -> "1.234"."""
    _require_int(n)
    digits = f"{abs(n):,}".replace(",", ".")
    return f"-{digits}" if n < 0 else digits


def format_vnd(amount: int) -> str:
    """An amount in đồng: 3000000 -> "3.000.000 đ" (a normal space, so it may wrap in prose)."""
    return format_number(amount) + CURRENCY_SUFFIX


def amount_in_words(amount: int, *, zero_tens: str = "linh", currency: bool = True) -> str:
    """The amount in Vietnamese words, capitalised, as payment documents write it.

    - Digits go in groups of three with the scale words nghìn, triệu, tỷ; past tỷ the scales
      repeat in front of it (10^12 is "một nghìn tỷ", 10^15 "một triệu tỷ").
    - An all-zero group is left out ("Một triệu đồng", not "... không nghìn ...").
    - A group after the first non-zero one always says its hundreds, even when they are zero,
      so the reader can tell 1.005.000 ("một triệu không trăm linh năm nghìn") from 1.500.000.
    - Zero tens before a non-zero unit is ``zero_tens`` ("linh" or "lẻ", a regional choice).
    - After "mươi" (20 and up) a unit 1 is "mốt", 4 is "tư" and 5 is "lăm"; after "mười" only 5
      changes ("mười lăm", but "mười một", "mười bốn"); after "linh" none do ("linh năm").

    ``amount`` must be a non-negative whole number of đồng (an ``int``, or a ``Decimal`` with no
    fraction, as a database column may hand back); a negative amount is a ValueError because
    documents state a payment, never a debt, in words. ``currency=False`` leaves off " đồng".
    """
    amount = _whole_dong(amount)
    zero_tens = unicodedata.normalize("NFC", zero_tens)
    if zero_tens not in ZERO_TENS_WORDS:
        raise ValueError(f"zero_tens must be one of {ZERO_TENS_WORDS}, not {zero_tens!r}")
    if amount < 0:
        raise ValueError(f"cannot write a negative amount in words: {amount}")
    words = _number_words(amount, zero_tens=zero_tens, inside=False) if amount else [_DIGITS[0]]
    if currency:
        words.append(CURRENCY_WORD)
    text = " ".join(words)
    return text[0].upper() + text[1:]


def _require_int(n: object) -> None:
    # bool is an int subclass; True đồng is always a mistake.
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"expected a whole number of đồng (int), got {type(n).__name__}")


def _whole_dong(amount: object) -> int:
    if isinstance(amount, Decimal) and amount.is_finite():
        if amount != amount.to_integral_value():
            raise ValueError(f"an amount in đồng has no fraction: {amount}")
        return int(amount)
    _require_int(amount)
    return amount  # type: ignore[return-value]


def _number_words(n: int, *, zero_tens: str, inside: bool) -> list[str]:
    """Words for 0 < n; ``inside`` means a non-zero digit stands to the left of n."""
    if n >= _BILLION:
        # Everything above tỷ is itself a number of tỷ: 1.005 * 10^12 is
        # "một nghìn không trăm linh năm tỷ", not "một nghìn tỷ không trăm linh năm tỷ".
        high, low = divmod(n, _BILLION)
        words = [*_number_words(high, zero_tens=zero_tens, inside=inside), "tỷ"]
        if low:
            words += _number_words(low, zero_tens=zero_tens, inside=True)
        return words
    words: list[str] = []
    for divisor, scale in ((1_000_000, "triệu"), (1_000, "nghìn"), (1, "")):
        group = n // divisor % 1000
        if not group:
            continue
        words += _group_words(group, zero_tens=zero_tens, full=inside)
        if scale:
            words.append(scale)
        inside = True
    return words


def _group_words(group: int, *, zero_tens: str, full: bool) -> list[str]:
    """Words for one group of three digits, 0 < group < 1000.

    ``full`` groups (any group after the first non-zero one) always say their hundreds, and
    with them the zero tens: 5 after "một triệu" is "không trăm linh năm".
    """
    hundreds, rest = divmod(group, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if full or hundreds:
        words += [_DIGITS[hundreds], "trăm"]
        if tens == 0 and units:
            words.append(zero_tens)
    if tens == 0:
        if units:
            words.append(_DIGITS[units])
    elif tens == 1:
        words.append("mười")
        if units:
            words.append("lăm" if units == 5 else _DIGITS[units])
    else:
        words += [_DIGITS[tens], "mươi"]
        if units:
            words.append({1: "mốt", 4: "tư", 5: "lăm"}.get(units, _DIGITS[units]))
    return words
