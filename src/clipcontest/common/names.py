"""Vietnamese personal names in the order Vietnamese lists put them.

A Vietnamese name is family name, middle names, given name ("Nguyễn Văn An"), and lists of
people (certificates, payout lists, class registers) are ordered by the given name, then the
middle names, then the family name: half of any list is called Nguyễn, so the family name is
the least useful thing to sort by.

Comparing is done by ICU's Vietnamese collator, not by code points: plain ``sorted()`` puts
"Ánh" after "Bình" and "Đức" after "Giang", because the accented letters sit far from A and D
in Unicode. ICU puts Ă and Â after A, Đ after D, and orders the tones the way Vietnamese
dictionaries do (ngang, huyền, hỏi, ngã, sắc, nặng).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

T = TypeVar("T")
# ICU's collation strengths (icu.Collator.SECONDARY, TERTIARY), so ICU loads only when used.
SECONDARY, TERTIARY = 1, 2

# Old-style ("Hoà", "Thuý") and new-style ("Hòa", "Thúy") tone placement are both in use, often
# in the same spreadsheet, and are the same name. For comparing, which one wins does not matter
# as long as both map to one; we map to the new style. Only a syllable-final oa, oe, uy moves
# its mark: in "hoàng" or "Huỳnh" both styles already agree. After q the u belongs to the
# consonant, so "Quý" is already the same in both styles and stays as it is.
_TONE_MARKS = "\u0300\u0301\u0309\u0303\u0323"  # huyền, sắc, hỏi, ngã, nặng
_NOT_A_LETTER_NEXT = r"(?![^\W\d_])"
_OLD_STYLE_TONE = re.compile(
    rf"[oO][aAeE][{_TONE_MARKS}]{_NOT_A_LETTER_NEXT}"
    rf"|(?<![qQ])[uU][yY][{_TONE_MARKS}]{_NOT_A_LETTER_NEXT}"
)

_local = threading.local()


def normalise_tone_placement(text: str) -> str:
    """Move the tone of a syllable-final oa, oe, uy onto the first vowel: "Hoà" -> "Hòa".

    The result is NFC. Syllables that go on after the vowels ("hoàng", "Huỳnh", "khuya") and
    "qu" + y ("Quý") are left alone, since the two styles write those the same way.
    """
    decomposed = unicodedata.normalize("NFD", text)
    # In NFD the tone mark follows its vowel (after any hat or breve, none of which oa, oe, uy
    # carry), so "oà" is "o", "a", grave: move the grave in front of the "a".
    moved = _OLD_STYLE_TONE.sub(lambda m: m[0][0] + m[0][2] + m[0][1], decomposed)
    return unicodedata.normalize("NFC", moved)


def clean_name(full_name: str) -> str:
    """NFC, single spaces between words, none at the ends."""
    return " ".join(unicodedata.normalize("NFC", full_name).split())


def name_sort_key(full_name: str) -> tuple[bytes, ...]:
    """The key that puts a Vietnamese name in its place: given name, middle names, family name.

    Two spellings of one name get equal keys: NFD or NFC, extra spaces, old- or new-style tone
    placement ("Hoà"/"Hòa"). Letter case decides only between names that are otherwise equal:
    the first part of the key ignores case and compares given, middle and family name in turn;
    the last part compares the case of the whole reordered name.
    """
    words = normalise_tone_placement(clean_name(full_name)).split()
    if not words:
        return (b"",)
    given, middle, family = words[-1], " ".join(words[1:-1]), words[0] if len(words) > 1 else ""
    caseless = _collator(SECONDARY)
    return (
        caseless.getSortKey(given),
        caseless.getSortKey(middle),
        caseless.getSortKey(family),
        _collator(TERTIARY).getSortKey(f"{given} {middle} {family}"),
    )


def sort_names(names: Iterable[str]) -> list[str]:
    """Names in Vietnamese order; names with equal keys keep a fixed order by their exact text."""
    return sorted(names, key=lambda name: (name_sort_key(name), name))


def sorted_by_name(items: Iterable[T], key: Callable[[T], str]) -> list[T]:
    """Objects in Vietnamese order of ``key(item)``, e.g. ``key=attrgetter("full_name")``.

    Items whose names have equal keys are ordered by the exact name text, then keep their input
    order, so the result does not depend on how the database happened to return rows.
    """
    return sorted(items, key=lambda item: (name_sort_key(key(item)), key(item)))


def _collator(strength: int) -> Any:
    """This thread's Vietnamese collator at ``strength``, created on first use.

    One collator per thread rather than one shared behind a lock. ICU4C only promises that
    *const* calls on a collator are safe from several threads, and a collator is a mutable
    object (``setStrength`` and friends) whose PyICU wrapper does not say which calls are
    const; a lock would serialise every sort in a threaded server, while a collator costs
    little memory and well under a millisecond to create.
    """
    collators: dict[int, Any] | None = getattr(_local, "collators", None)
    if collators is None:
        collators = _local.collators = {}
    if strength not in collators:
        import icu  # on first use: ICU adds 7 MB to every web worker that never sorts a name

        collator = icu.Collator.createInstance(icu.Locale("vi_VN"))
        collator.setStrength(strength)
        collators[strength] = collator
    return collators[strength]
