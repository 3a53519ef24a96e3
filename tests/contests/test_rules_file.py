"""The rules file: the shipped 2022 contest matches the plan, and bad files say what is wrong.

Bad files are mostly the shipped 2022 text with one edit, so each test shows exactly the mistake
an organiser could make and the path and message they would get back.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pydantic
import pytest

from clipcontest.contests.rules_file import (
    ContestRules,
    Problem,
    RulesFileError,
    format_path,
    load_rules_file,
    parse_rules,
)

SHIPPED = Path(__file__).resolve().parents[2] / "contests" / "sc35-2022.toml"
DATA = Path(__file__).parent / "data"
TEXT_2022 = SHIPPED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def rules() -> ContestRules:
    return load_rules_file(SHIPPED)


def edited(*changes: tuple[str, str]) -> str:
    """The 2022 text with each ``old`` (which must occur exactly once) replaced by ``new``."""
    text = TEXT_2022
    for old, new in changes:
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
        text = text.replace(old, new)
    return text


def problems_in(text: str) -> list[Problem]:
    with pytest.raises(RulesFileError) as caught:
        parse_rules(text)
    return caught.value.problems


def english(text: str) -> dict[str, str]:
    """Path -> English message, for the common case of one problem per path."""
    return {problem.path: problem.message.en for problem in problems_in(text)}


# --- the shipped 2022 contest matches the plan ---------------------------------------------------


def test_2022_contest_is_named_after_the_plan_title(rules: ContestRules) -> None:
    assert rules.slug == "sc35-2022"
    assert rules.name == (
        "Cuộc thi xây dựng video clip đấu tranh, phản bác các thông tin xấu độc "
        "trên internet và mạng xã hội năm 2022"
    )
    assert rules.title.en.startswith("2022 contest for building video clips")


def test_2022_organiser_is_ban_tuyen_giao_tinh_uy(rules: ContestRules) -> None:
    assert rules.organiser == "Ban Tuyên giáo Tỉnh ủy"
    assert rules.organiser_label.en == "Propaganda Department of the Provincial Party Committee"


def test_2022_dates_are_vietnam_local_time(rules: ContestRules) -> None:
    assert rules.time_zone == "Asia/Ho_Chi_Minh"
    assert rules.zone.utcoffset(datetime(2022, 3, 1)).total_seconds() == 7 * 3600


def test_2022_window_is_1_march_to_30_june(rules: ContestRules) -> None:
    assert rules.window.opens_on == date(2022, 3, 1)
    assert rules.window.closes_on == date(2022, 6, 30)


def test_2022_letters_due_15_june(rules: ContestRules) -> None:
    # Inclusive of the whole local day: see tests/eligibility/test_rules.py.
    assert rules.window.letter_deadline == date(2022, 6, 15)


def test_2022_awards_in_july(rules: ContestRules) -> None:
    assert rules.window.awards_month == date(2022, 7, 1)


def test_2022_each_unit_enters_at_least_2_clips(rules: ContestRules) -> None:
    assert rules.entries.min_per_unit == 2


def test_2022_clips_last_5_to_600_seconds(rules: ContestRules) -> None:
    assert (rules.entries.min_seconds, rules.entries.max_seconds) == (5, 600)


def test_2022_platforms_are_facebook_tiktok_youtube(rules: ContestRules) -> None:
    assert rules.entries.platforms == ("facebook", "tiktok", "youtube")


def test_2022_genres_are_comedy_short_film_drama_adapted_article(rules: ContestRules) -> None:
    assert [(genre.key, genre.name) for genre in rules.genres] == [
        ("comedy", "Hài"),
        ("short_film", "Phim ngắn"),
        ("drama", "Kịch"),
        ("adapted_article", "Bài viết chuyển thể"),
    ]


def test_2022_themes_refute_false_information_and_criticize_habits(rules: ContestRules) -> None:
    refute, criticize = rules.themes
    assert refute.key == "refute_false_information"
    assert "thông tin sai sự thật, tin giả, tin phản cảm" in refute.name
    assert criticize.key == "criticize_online_habits"
    assert criticize.name.startswith("Phê phán thói quen xấu")
    assert "lối sống ảo của người dùng mạng xã hội" in criticize.name


def test_2022_prizes_in_rank_order_with_counts_and_amounts(rules: ContestRules) -> None:
    assert [(p.key, p.name, p.count, p.amount) for p in rules.prizes] == [
        ("first", "Giải Nhất", 1, 3_000_000),
        ("second", "Giải Nhì", 2, 2_000_000),
        ("third", "Giải Ba", 3, 1_000_000),
        ("consolation", "Giải Khuyến khích", 15, 500_000),
    ]


def test_2022_every_prize_comes_with_a_certificate(rules: ContestRules) -> None:
    assert all(prize.certificate for prize in rules.prizes)


def test_2022_contest_awards_21_prizes(rules: ContestRules) -> None:
    assert rules.prize_count == 21


def test_2022_contest_prizes_total_17_500_000_vnd(rules: ContestRules) -> None:
    assert rules.total_prize_money == 17_500_000


def test_2022_clips_are_shared_in_the_mien_cuc_bac_group(rules: ContestRules) -> None:
    group = rules.facebook_group
    assert (group.id, group.name) == ("304102323603847", "Miền Cực bắc")
    assert group.url == "https://www.facebook.com/groups/304102323603847"


def test_2022_default_rubric_totals_100_points(rules: ContestRules) -> None:
    assert [(c.key, c.max_points) for c in rules.criteria] == [
        ("content", 40),
        ("creativity", 25),
        ("technique", 25),
        ("reach", 10),
    ]
    assert rules.max_total_points == 100


def test_2022_jury_takes_the_mean_blind(rules: ContestRules) -> None:
    assert rules.judging.combine == "mean"
    assert rules.judging.blind is True
    assert rules.judging.tie_break == ("content", "creativity", "technique", "reach")


def test_2022_has_no_public_gallery(rules: ContestRules) -> None:
    assert rules.gallery is False


def test_2022_score_is_the_jurys_alone(rules: ContestRules) -> None:
    assert rules.engagement is None


def test_2022_prizes_have_no_cap_per_unit_and_no_minimum_score(rules: ContestRules) -> None:
    assert (rules.awards.per_unit_cap, rules.awards.min_score) == (None, None)


def test_rules_are_immutable(rules: ContestRules) -> None:
    with pytest.raises(pydantic.ValidationError):
        rules.slug = "other"  # type: ignore[misc]
    with pytest.raises(pydantic.ValidationError):
        rules.prizes[0].amount = 1  # type: ignore[misc]


# --- defaults ------------------------------------------------------------------------------------


def test_optional_keys_take_their_defaults() -> None:
    rules = parse_rules(
        edited(
            ('name_en = "2022 contest', '# name_en = "'),
            ('time_zone = "Asia/Ho_Chi_Minh"\n', ""),
            ("gallery = false\n", ""),
            ('certificate = true\n\n[[prizes]]\nkey = "second"', '[[prizes]]\nkey = "second"'),
            ('combine = "mean"\n', ""),
            ("blind = true\n", ""),
            ('tie_break = ["content", "creativity", "technique", "reach"]\n', ""),
        )
    )
    assert rules.name_en == "" and rules.title.en == rules.name
    assert rules.time_zone == "Asia/Ho_Chi_Minh"
    assert rules.gallery is False
    assert rules.prizes[0].certificate is True
    assert (rules.judging.combine, rules.judging.blind) == ("mean", True)


def test_tie_break_defaults_to_the_criteria_in_order() -> None:
    text = edited(('tie_break = ["content", "creativity", "technique", "reach"]\n', ""))
    text = text.replace('key = "reach"', 'key = "impact"')
    rules = parse_rules(text)
    assert rules.judging.tie_break == ("content", "creativity", "technique", "impact")


def test_a_missing_judging_table_means_the_defaults() -> None:
    start = TEXT_2022.index("# --- Chấm thi / Judging")
    rules = parse_rules(TEXT_2022[:start])
    assert rules.judging.combine == "mean"
    assert rules.judging.tie_break == ("content", "creativity", "technique", "reach")


@pytest.mark.parametrize("method", ["trimmed_mean", "zscore"])
def test_the_jury_scores_may_combine_by_trimmed_mean_or_zscore(method: str) -> None:
    rules = parse_rules(edited(('combine = "mean"', f'combine = "{method}"')))
    assert rules.judging.combine == method


def uncommented(section: str) -> str:
    """The 2022 text with the commented-out example table ``[section]`` switched on."""
    start = TEXT_2022.index(f"# [{section}]\n")
    end = TEXT_2022.find("\n\n", start)
    block = TEXT_2022[start : end if end != -1 else len(TEXT_2022)]
    return edited((block, block.replace("# ", "")))


def test_the_engagement_example_blends_70_percent_jury_and_30_percent_engagement() -> None:
    engagement = parse_rules(uncommented("engagement")).engagement
    assert engagement is not None
    assert (engagement.jury_weight, engagement.engagement_weight) == (0.7, 0.3)
    assert (engagement.per_view, engagement.per_like) == (0, 1)
    assert (engagement.per_comment, engagement.per_share) == (0, 2)


def test_the_awards_example_caps_prizes_per_unit_and_sets_a_minimum() -> None:
    awards = parse_rules(uncommented("awards")).awards
    assert (awards.per_unit_cap, awards.min_score) == (3, 50)


ENGAGEMENT = "\n[engagement]\njury_weight = 0.7\nengagement_weight = 0.3\n"


def test_engagement_counts_left_out_weigh_nothing() -> None:
    engagement = parse_rules(TEXT_2022 + ENGAGEMENT + "per_share = 1.5\n").engagement
    assert engagement is not None
    assert (engagement.per_view, engagement.per_like, engagement.per_share) == (0, 0, 1.5)


def test_a_date_may_also_be_written_as_a_quoted_string() -> None:
    rules = parse_rules(edited(("opens_on = 2022-03-01", 'opens_on = "2022-03-01"')))
    assert rules.window.opens_on == date(2022, 3, 1)


def test_a_facebook_group_id_may_be_written_as_a_number() -> None:
    rules = parse_rules(edited(('id = "304102323603847"', "id = 304102323603847")))
    assert rules.facebook_group.id == "304102323603847"


# --- bad values ----------------------------------------------------------------------------------


def test_a_non_positive_prize_count_reads_in_both_languages() -> None:
    (problem,) = problems_in(edited(("count = 3\n", "count = 0\n")))
    assert str(problem) == "prizes[2].count: must be a positive integer / phải là số nguyên dương"


POSITIVE_INT = "must be a positive integer"
POSITIVE_NUMBER = "must be a positive number"
DATE = "must be a date (YYYY-MM-DD)"
MONTH = 'must be a month written "YYYY-MM"'
FLAG = "must be true or false"
KEY = "must be a lowercase snake_case identifier (e.g. short_film)"
FIRST_PRIZE_END = 'certificate = true\n\n[[prizes]]\nkey = "second"'
PLATFORMS = 'platforms = ["facebook", "tiktok", "youtube"]'
GROUP_URL = 'url = "https://www.facebook.com/groups/304102323603847"'


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [
        (("count = 3\n", 'count = "3"\n'), "prizes[2].count", POSITIVE_INT),
        (("count = 3\n", "count = 2.5\n"), "prizes[2].count", POSITIVE_INT),
        (("count = 3\n", "count = true\n"), "prizes[2].count", POSITIVE_INT),
        (("amount = 500_000", "amount = -500_000"), "prizes[3].amount", POSITIVE_INT),
        (("min_per_unit = 2", "min_per_unit = 0"), "entries.min_per_unit", POSITIVE_INT),
        (("max_seconds = 600", "max_seconds = 0"), "entries.max_seconds", POSITIVE_NUMBER),
        (("max_points = 40", "max_points = nan"), "criteria[0].max_points", POSITIVE_NUMBER),
        (("opens_on = 2022-03-01", 'opens_on = "1/3/2022"'), "window.opens_on", DATE),
        (("opens_on = 2022-03-01", "opens_on = 2022-03-01T08:00:00"), "window.opens_on", DATE),
        (("opens_on = 2022-03-01", 'opens_on = "2022-02-30"'), "window.opens_on", DATE),
        (('awards_month = "2022-07"', 'awards_month = "2022-13"'), "window.awards_month", MONTH),
        (('awards_month = "2022-07"', "awards_month = 2022-07-01"), "window.awards_month", MONTH),
        (("gallery = false", 'gallery = "no"'), "gallery", FLAG),
        ((FIRST_PRIZE_END, FIRST_PRIZE_END.replace("true", "1")), "prizes[0].certificate", FLAG),
        (
            ('slug = "sc35-2022"', 'slug = "SC35 2022"'),
            "slug",
            "must contain only lowercase letters, digits and hyphens (e.g. sc35-2022)",
        ),
        (('key = "short_film"', 'key = "short-film"'), "genres[1].key", KEY),
        (('tie_break = ["content",', 'tie_break = ["Content",'), "judging.tie_break[0]", KEY),
        (('name = "Kịch"', 'name = "  "'), "genres[2].name", "must be a non-empty string"),
        (
            ('time_zone = "Asia/Ho_Chi_Minh"', 'time_zone = "Asia/Hanoi"'),
            "time_zone",
            "must be an IANA time zone name (e.g. Asia/Ho_Chi_Minh)",
        ),
        (
            ('"tiktok", "youtube"]', '"tiktok", "zalo"]'),
            "entries.platforms[2]",
            "must be one of: facebook, tiktok, youtube",
        ),
        ((PLATFORMS, "platforms = []"), "entries.platforms", "must not be empty"),
        ((PLATFORMS, 'platforms = "facebook"'), "entries.platforms", "must be an array"),
        (
            ('combine = "mean"', 'combine = "average"'),
            "judging.combine",
            "must be one of: mean, trimmed_mean, zscore",
        ),
        (
            ('combine = "mean"', 'combine = "median"'),
            "judging.combine",
            "must be one of: mean, trimmed_mean, zscore",
        ),
        (
            ('id = "304102323603847"', 'id = "mien-cuc-bac"'),
            "facebook_group.id",
            "must contain only digits",
        ),
        (
            (GROUP_URL, GROUP_URL.replace("https://www.", "")),
            "facebook_group.url",
            "must be a web address starting with https:// or http://",
        ),
    ],
)
def test_a_bad_value_is_reported_at_its_path(
    change: tuple[str, str], path: str, message: str
) -> None:
    assert english(edited(change)) == {path: message}


def test_a_section_that_is_not_a_table_is_reported() -> None:
    start = TEXT_2022.index("[facebook_group]")
    end = TEXT_2022.index("# --- Thể loại")
    # A top-level key must come before the first [table], or TOML files it under that table.
    text = 'facebook_group = "Miền Cực bắc"\n' + TEXT_2022[:start] + TEXT_2022[end:]
    assert english(text) == {"facebook_group": "must be a table"}


def test_a_single_table_where_an_array_of_tables_is_needed_is_reported() -> None:
    start = TEXT_2022.index('[[themes]]\n# Toàn văn: "phản bác')
    end = TEXT_2022.index("# --- Giải thưởng")
    text = TEXT_2022[:start] + TEXT_2022[end:]
    text += '\n[themes]\nkey = "refute"\nname = "Phản bác"\nname_en = "Refute"\n'
    assert english(text) == {"themes": "must be an array"}


# --- missing and unknown keys --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (('slug = "sc35-2022"\n', ""), "slug"),
        (("closes_on = 2022-06-30\n", ""), "window.closes_on"),
        (("amount = 2_000_000\n", ""), "prizes[1].amount"),
        (('name_en = "Reach"\n', ""), "criteria[3].name_en"),
        (("[facebook_group]\n", "[facebook_grup]\n"), "facebook_group"),
    ],
)
def test_a_missing_key_is_required(change: tuple[str, str], path: str) -> None:
    assert english(edited(change))[path] == "is required"


def test_a_missing_key_reads_in_both_languages() -> None:
    (problem,) = problems_in(edited(('slug = "sc35-2022"\n', "")))
    assert str(problem) == "slug: is required / là bắt buộc"


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (("gallery = false", "galery = false"), "galery"),
        (("[window]", "[windows]"), "windows"),
        (("amount = 500_000", "ammount = 500_000"), "prizes[3].ammount"),
        (("blind = true", "blind = true\nanonymous = true"), "judging.anonymous"),
        (("min_per_unit = 2", "min_entries_per_unit = 2"), "entries.min_entries_per_unit"),
    ],
)
def test_an_unknown_key_is_an_error(change: tuple[str, str], path: str) -> None:
    problems = {problem.path: problem for problem in problems_in(edited(change))}
    assert str(problems[path]) == f"{path}: unknown key / khóa không hợp lệ"


# --- cross-field checks --------------------------------------------------------------------------


def test_window_must_not_close_before_it_opens() -> None:
    text = edited(("closes_on = 2022-06-30", "closes_on = 2022-02-28"))
    assert english(text) == {"window.closes_on": "must not be before opens_on (2022-03-01)"}


@pytest.mark.parametrize("deadline", ["2022-02-28", "2022-07-01"])
def test_letter_deadline_must_fall_within_the_window(deadline: str) -> None:
    text = edited(("letter_deadline = 2022-06-15", f"letter_deadline = {deadline}"))
    assert english(text) == {
        "window.letter_deadline": "must be within opens_on..closes_on (2022-03-01 to 2022-06-30)"
    }


def test_letter_deadline_may_be_the_first_or_last_day() -> None:
    for deadline in ("2022-03-01", "2022-06-30"):
        parse_rules(edited(("letter_deadline = 2022-06-15", f"letter_deadline = {deadline}")))


def test_awards_must_not_come_before_the_month_the_window_closes() -> None:
    text = edited(('awards_month = "2022-07"', 'awards_month = "2022-05"'))
    assert english(text) == {
        "window.awards_month": "must not be before the month of closes_on (2022-06)"
    }


def test_awards_may_be_in_the_month_the_window_closes() -> None:
    rules = parse_rules(edited(('awards_month = "2022-07"', 'awards_month = "2022-06"')))
    assert rules.window.awards_month == date(2022, 6, 1)


def test_shortest_clip_must_not_exceed_the_longest() -> None:
    text = edited(("min_seconds = 5", "min_seconds = 601"))
    assert english(text) == {"entries.max_seconds": "must not be less than min_seconds (601)"}


REFUTE = "refute_false_information"


@pytest.mark.parametrize(
    ("change", "path", "key"),
    [
        (('key = "drama"', 'key = "comedy"'), "genres[2].key", "comedy"),
        (('"criticize_online_habits"', '"refute_false_information"'), "themes[1].key", REFUTE),
        (('key = "consolation"', 'key = "third"'), "prizes[3].key", "third"),
        (('key = "reach"', 'key = "content"'), "criteria[3].key", "content"),
    ],
)
def test_keys_must_be_unique_within_a_list(change: tuple[str, str], path: str, key: str) -> None:
    problems = [str(problem) for problem in problems_in(edited(change))]
    assert f'{path}: duplicate key "{key}" / khóa "{key}" bị trùng' in problems


def test_a_platform_may_be_listed_once() -> None:
    text = edited(('"tiktok", "youtube"]', '"tiktok", "facebook"]'))
    assert english(text) == {"entries.platforms[2]": 'duplicate value "facebook"'}


def test_tie_break_names_only_known_criteria() -> None:
    text = edited(('"technique", "reach"]', '"technique", "popularity"]'))
    assert english(text) == {
        "judging.tie_break[3]": 'unknown criterion "popularity" '
        "(criteria: content, creativity, technique, reach)"
    }


def test_tie_break_names_a_criterion_once() -> None:
    text = edited(('"technique", "reach"]', '"technique", "content"]'))
    assert english(text) == {"judging.tie_break[3]": 'duplicate value "content"'}


@pytest.mark.parametrize(
    ("table", "path", "message"),
    [
        (ENGAGEMENT + "per_like = -1\n", "engagement.per_like", "must be a non-negative number"),
        (ENGAGEMENT + 'per_share = "2"\n', "engagement.per_share", "must be a non-negative number"),
        (
            ENGAGEMENT.replace("0.7", "0") + "per_like = 1\n",
            "engagement.jury_weight",
            POSITIVE_NUMBER,
        ),
        (ENGAGEMENT.replace("jury_weight = 0.7\n", ""), "engagement.jury_weight", "is required"),
        (ENGAGEMENT + "per_likes = 1\n", "engagement.per_likes", "unknown key"),
        ("\n[awards]\nper_unit_cap = 0\n", "awards.per_unit_cap", POSITIVE_INT),
        ("\n[awards]\nper_unit_cap = 1.5\n", "awards.per_unit_cap", POSITIVE_INT),
        ("\n[awards]\nmin_score = 0\n", "awards.min_score", POSITIVE_NUMBER),
        ("\n[awards]\nmin_score = true\n", "awards.min_score", POSITIVE_NUMBER),
        ("\n[awards]\ncap = 2\n", "awards.cap", "unknown key"),
    ],
)
def test_a_bad_engagement_or_awards_value_is_reported_at_its_path(
    table: str, path: str, message: str
) -> None:
    assert english(TEXT_2022 + table)[path] == message


def test_engagement_weights_must_add_up_to_1() -> None:
    text = TEXT_2022 + ENGAGEMENT.replace("0.3", "0.4") + "per_like = 1\n"
    assert english(text) == {
        "engagement": "jury_weight + engagement_weight must equal 1 (here 0.7 + 0.4 = 1.1)"
    }


def test_engagement_must_weigh_some_count() -> None:
    assert english(TEXT_2022 + ENGAGEMENT + "per_view = 0\n") == {
        "engagement": "at least one of per_view, per_like, per_comment, per_share must be above 0"
    }


def test_min_score_must_not_exceed_the_rubric_total() -> None:
    assert english(TEXT_2022 + "\n[awards]\nmin_score = 100.5\n") == {
        "awards.min_score": "must not exceed the rubric's maximum total (100)"
    }
    assert parse_rules(TEXT_2022 + "\n[awards]\nmin_score = 100\n").awards.min_score == 100


def test_a_bad_engagement_table_is_reported_with_every_other_problem() -> None:
    text = edited(("count = 3\n", "count = 0\n")) + ENGAGEMENT.replace("0.3", "0.4")
    text += "per_comment = -2\n"
    assert english(text) == {
        "prizes[2].count": "must be a positive integer",
        "engagement.per_comment": "must be a non-negative number",
        "engagement": "jury_weight + engagement_weight must equal 1 (here 0.7 + 0.4 = 1.1)",
    }


# --- every problem at once -----------------------------------------------------------------------


def test_all_problems_are_reported_together() -> None:
    text = edited(
        ("count = 3\n", "count = 0\n"),
        ("closes_on = 2022-06-30", "closes_on = 2022-02-28"),
        ('key = "consolation"', 'key = "third"'),
        ("gallery = false", "galery = false"),
    )
    assert english(text) == {
        "prizes[2].count": "must be a positive integer",
        "window.closes_on": "must not be before opens_on (2022-03-01)",
        "prizes[3].key": 'duplicate key "third"',
        "galery": "unknown key",
    }


def test_a_file_with_several_problems_lists_them_all() -> None:
    with pytest.raises(RulesFileError) as caught:
        load_rules_file(DATA / "several-problems.toml")
    paths = {problem.path for problem in caught.value.problems}
    assert paths == {
        "slug",
        "time_zone",
        "galery",
        "window.letter_deadline",
        "entries.platforms[1]",
        "prizes[2].count",
        "window.closes_on",
        "entries.max_seconds",
    }
    assert str(caught.value).startswith(f"{DATA / 'several-problems.toml'}: 8 problem(s)")
    assert (
        "  prizes[2].count: must be a positive integer / phải là số nguyên dương"
        in str(caught.value).splitlines()
    )


# --- files that cannot be read -------------------------------------------------------------------


def test_a_toml_syntax_error_is_a_problem_not_a_crash() -> None:
    with pytest.raises(RulesFileError) as caught:
        load_rules_file(DATA / "syntax-error.toml")
    (problem,) = caught.value.problems
    assert problem.path == ""
    assert problem.message.en.startswith("invalid TOML: ")
    assert "line 2" in problem.message.en
    assert problem.message.vi.startswith("cú pháp TOML không hợp lệ: ")


def test_a_missing_file_is_a_problem(tmp_path: Path) -> None:
    with pytest.raises(RulesFileError) as caught:
        load_rules_file(tmp_path / "sc35-2099.toml")
    (problem,) = caught.value.problems
    assert str(problem).startswith("file not found: ")
    assert "sc35-2099.toml" in problem.message.vi


def test_a_file_that_is_not_utf8_is_a_problem() -> None:
    with pytest.raises(RulesFileError) as caught:
        load_rules_file(DATA / "latin1.toml")
    (problem,) = caught.value.problems
    assert problem.message.en == "the file is not UTF-8 text (byte 29)"


def test_a_utf8_byte_order_mark_is_tolerated(tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + TEXT_2022.encode())
    assert load_rules_file(path).slug == "sc35-2022"


# --- next year -----------------------------------------------------------------------------------


def test_next_year_is_a_copy_of_the_file_with_new_figures() -> None:
    text = edited(
        ('slug = "sc35-2022"', 'slug = "sc35-2023"'),
        ("mạng xã hội năm 2022", "mạng xã hội năm 2023"),
        ("opens_on = 2022-03-01", "opens_on = 2023-04-01"),
        ("closes_on = 2022-06-30", "closes_on = 2023-08-31"),
        ("letter_deadline = 2022-06-15", "letter_deadline = 2023-08-25"),
        ('awards_month = "2022-07"', 'awards_month = "2023-10"'),
        ("max_seconds = 600", "max_seconds = 300"),
        ("amount = 3_000_000", "amount = 5_000_000"),
        ("count = 15\namount = 500_000", "count = 10\namount = 700_000"),
    )
    rules = parse_rules(text)
    assert rules.slug == "sc35-2023" and rules.name.endswith("năm 2023")
    assert (rules.window.opens_on, rules.window.closes_on) == (date(2023, 4, 1), date(2023, 8, 31))
    assert rules.window.letter_deadline == date(2023, 8, 25)
    assert rules.window.awards_month == date(2023, 10, 1)
    assert rules.entries.max_seconds == 300
    assert rules.prize_count == 16
    assert rules.total_prize_money == 5_000_000 + 4_000_000 + 3_000_000 + 7_000_000


def test_paths_follow_the_toml_layout() -> None:
    assert format_path(("prizes", 2, "count")) == "prizes[2].count"
    assert format_path(("window", "closes_on")) == "window.closes_on"
    assert format_path(("entries", "platforms", 0)) == "entries.platforms[0]"
    assert format_path(()) == ""
