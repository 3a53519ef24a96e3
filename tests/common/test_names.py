"""Vietnamese names sorted the Vietnamese way: given name first, letters and tones as ICU's vi."""

import threading
import unicodedata
from dataclasses import dataclass
from operator import attrgetter

import pytest

from clipcontest.common.names import (
    name_sort_key,
    normalise_tone_placement,
    sort_names,
    sorted_by_name,
)


def test_the_given_name_decides_before_the_family_name():
    assert sort_names(["Nguyễn Văn Bình", "Trần Thị An"]) == ["Trần Thị An", "Nguyễn Văn Bình"]


def test_same_given_name_is_decided_by_the_middle_names_then_the_family_name():
    names = ["Trần Văn An", "Lê Văn An", "Nguyễn Thị An", "Phạm An"]
    assert sort_names(names) == ["Phạm An", "Nguyễn Thị An", "Lê Văn An", "Trần Văn An"]


def test_d_with_stroke_comes_after_d():
    assert sort_names(["Lê Văn Đức", "Trần Dũng"]) == ["Trần Dũng", "Lê Văn Đức"]


def test_a_with_a_tone_comes_after_plain_a():
    assert sort_names(["Võ Thị Ánh", "Hồ Thị Anh"]) == ["Hồ Thị Anh", "Võ Thị Ánh"]


def test_breve_and_circumflex_letters_come_after_a_and_before_b():
    names = ["Lý Bình", "Mai Âu", "Hà Ăn", "Tô An"]
    assert sort_names(names) == ["Tô An", "Hà Ăn", "Mai Âu", "Lý Bình"]


def test_tones_are_ordered_as_in_vietnamese_dictionaries():
    # ngang, huyền, hỏi, ngã, sắc, nặng
    names = ["Lê Hạ", "Lê Há", "Lê Hã", "Lê Hả", "Lê Hà", "Lê Ha"]
    assert sort_names(names) == ["Lê Ha", "Lê Hà", "Lê Hả", "Lê Hã", "Lê Há", "Lê Hạ"]


def test_plain_sorted_gets_vietnamese_letters_wrong_which_is_why_icu_is_used():
    names = ["Võ Ánh", "Lý Bình", "Lê Đức", "Hà Giang"]
    given_names = [name.split()[-1] for name in names]
    # Code point order puts every accented capital after the whole plain alphabet.
    assert sorted(given_names) == ["Bình", "Giang", "Ánh", "Đức"]
    assert sort_names(names) == ["Võ Ánh", "Lý Bình", "Lê Đức", "Hà Giang"]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Nguyễn Thị Hoà", "Nguyễn Thị Hòa"),
        ("Lê Thị Thuý", "Lê Thị Thúy"),
        ("Trần Khoẻ", "Trần Khỏe"),
        ("Phạm Uỷ", "Phạm Ủy"),
        ("Võ Hoạ", "Võ Họa"),
    ],
)
def test_old_and_new_tone_placement_give_the_same_key(old: str, new: str):
    assert name_sort_key(old) == name_sort_key(new)


def test_decomposed_input_gives_the_same_key_as_composed():
    name = "Nguyễn Thị Hoà"
    assert unicodedata.normalize("NFD", name) != name
    assert name_sort_key(unicodedata.normalize("NFD", name)) == name_sort_key(name)


def test_extra_spaces_do_not_change_the_key():
    assert name_sort_key("  Nguyễn   Văn\tAn ") == name_sort_key("Nguyễn Văn An")


def test_case_only_decides_between_otherwise_equal_names():
    # "trần an" is not pulled in front of "Nguyễn An" by its lower case: the family name
    # decides first, case only after everything else is equal.
    assert sort_names(["trần an", "Nguyễn An"]) == ["Nguyễn An", "trần an"]
    assert name_sort_key("nguyễn an") != name_sort_key("Nguyễn An")


def test_names_with_equal_keys_sort_the_same_whatever_the_input_order():
    names = ["Nguyễn Thị Hoà", "Nguyễn Thị Hòa", "Nguyễn  Thị Hòa"]
    assert sort_names(names) == sort_names(reversed(names))


def test_a_one_word_name_and_an_empty_name_sort_without_error():
    assert sort_names(["Bình", "", "Nguyễn An"]) == ["", "Nguyễn An", "Bình"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hoà", "Hòa"),
        ("HOÀ", "HÒA"),
        ("hoá", "hóa"),
        ("Thuý", "Thúy"),
        ("Khoẻ", "Khỏe"),
        ("Uỷ ban", "Ủy ban"),
        ("Tuỳ, Hoà.", "Tùy, Hòa."),
    ],
)
def test_old_style_tone_at_the_end_of_a_syllable_moves_to_the_first_vowel(text, expected):
    assert normalise_tone_placement(text) == expected


@pytest.mark.parametrize("text", ["hoàng", "Hoàng", "Huỳnh", "Toàn", "khuya", "Quý", "Hòa"])
def test_syllables_that_both_styles_write_alike_are_left_alone(text: str):
    assert normalise_tone_placement(text) == text


@dataclass
class Person:
    full_name: str


def test_sorted_by_name_sorts_objects_by_a_name_attribute():
    people = [Person("Nguyễn Văn Bình"), Person("Lê Đức"), Person("Trần Thị An")]
    ordered = sorted_by_name(people, key=attrgetter("full_name"))
    assert [p.full_name for p in ordered] == ["Trần Thị An", "Nguyễn Văn Bình", "Lê Đức"]


def test_sorting_from_several_threads_at_once_gives_the_same_result():
    names = ["Nguyễn Văn Bình", "Trần Thị An", "Lê Đức", "Phạm Dũng", "Võ Ánh", "Hồ Anh"] * 50
    expected = sort_names(names)
    results: list[list[str]] = []

    def work() -> None:
        for _ in range(20):
            results.append(sort_names(names))

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [expected] * 160
