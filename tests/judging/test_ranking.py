"""From score sheets to a ranking: every figure computed by hand in the comments, to the cent.

Pure functions over plain values, no database. The rubric is the 2022 default (content 40,
creativity 25, technique 25, reach 10: 100 points). Jury members are called an, binh, chi, ...
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clipcontest.judging.ranking import (
    METHODS,
    ClipFacts,
    Criterion,
    EngagementRule,
    Score,
    rank_clips,
    round_score,
)

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
NINE_AM = datetime(2022, 6, 1, 9, 0, tzinfo=HCM)
RUBRIC = (
    Criterion("content", Decimal(40)),
    Criterion("creativity", Decimal(25)),
    Criterion("technique", Decimal(25)),
    Criterion("reach", Decimal(10)),
)
KEYS = tuple(criterion.key for criterion in RUBRIC)


def d(value: object) -> Decimal:
    return Decimal(str(value))


def sheet(ref: str, judge: str, *points: object) -> Score:
    """A sheet with its points in rubric order: content, creativity, technique, reach."""
    return Score(ref, judge, dict(zip(KEYS, map(d, points), strict=True)))


def by_total(ref: str, judge: str, total: object) -> Score:
    """A sheet worth ``total``, spread over the rubric in its proportions (40/25/25/10)."""
    total = d(total)
    return sheet(ref, judge, total * d("0.4"), total * d("0.25"), total * d("0.25"), total / 10)


def clip(ref: str, unit: str = "HG-TP", *, minutes: int = 0, **facts: object) -> ClipFacts:
    return ClipFacts(ref, unit, NINE_AM + timedelta(minutes=minutes), **facts)


def rank(clips, scores, assignments=None, **options):
    """Rank with every judge who gave a sheet assigned to that clip, unless told otherwise."""
    if assignments is None:
        assignments = {}
        for score in scores:
            assignments[score.ref] = assignments.get(score.ref, frozenset()) | {score.judge}
    return rank_clips(RUBRIC, clips, scores, assignments, **options)


def order(results) -> list[str]:
    return [result.ref for result in results.ranking]


# --- aggregation ---------------------------------------------------------------------------------


def test_a_judges_total_is_the_sum_of_the_criteria() -> None:
    results = rank([clip("MV-1")], [sheet("MV-1", "an", "32", "20", "18.5", "10")])
    assert results.clip("MV-1").judge_totals == {"an": Decimal("80.5")}


def test_score_is_the_mean_of_the_judges_totals() -> None:
    scores = [
        sheet("MV-1", "an", "32", "20", "18.5", "10"),  # 80.5
        sheet("MV-1", "binh", "30", "18", "16", "8"),  # 72
        sheet("MV-1", "chi", "28", "17", "15", "7.5"),  # 67.5
    ]
    result = rank([clip("MV-1")], scores).clip("MV-1")
    # (80.5 + 72 + 67.5) / 3 = 220 / 3 = 73.333..., kept to 24 decimal places
    assert result.mean == result.score == Decimal("73.333333333333333333333333")
    assert result.display_score == Decimal("73.33")
    # content (32 + 30 + 28) / 3 = 30; creativity 55 / 3; technique 49.5 / 3; reach 25.5 / 3
    assert result.criterion_means == {
        "content": Decimal(30),
        "creativity": Decimal("18.333333333333333333333333"),
        "technique": Decimal("16.5"),
        "reach": Decimal("8.5"),
    }
    assert round_score(result.criterion_means["creativity"]) == Decimal("18.33")


def test_displayed_score_rounds_half_up_to_two_decimals() -> None:
    scores = [
        by_total("MV-1", judge, total)
        for judge, total in zip("abcd", [66, 67, 66.5, 67], strict=True)
    ]
    # (66 + 67 + 66.5 + 67) / 4 = 266.5 / 4 = 66.625: shown 66.63 (half up), not 66.62
    result = rank([clip("MV-1")], scores).clip("MV-1")
    assert result.score == Decimal("66.625")
    assert result.display_score == Decimal("66.63")
    assert round_score(Decimal("66.665")) == Decimal("66.67")


def test_scores_compare_exactly_not_as_displayed() -> None:
    scores = [
        *(
            by_total("MV-1", judge, total)
            for judge, total in zip("abc", [73, 73.5, 73.5], strict=True)
        ),
        by_total("MV-2", "a", "73.34"),
    ]
    results = rank([clip("MV-1"), clip("MV-2")], scores)
    # MV-1: 220 / 3 = 73.3333 shows 73.33; MV-2: 73.34. Compared exactly: MV-2 first.
    assert order(results) == ["MV-2", "MV-1"]
    # Both differ, so neither is a tie needing an explanation.
    assert all(result.tie_break == () for result in results.ranking)


def test_trimmed_mean_with_5_judges_drops_the_highest_and_the_lowest_total() -> None:
    totals = {"an": 90, "binh": 80, "chi": 75, "dung": 70, "em": 40}
    scores = [by_total("MV-1", judge, total) for judge, total in totals.items()]
    result = rank([clip("MV-1")], scores, method="trimmed_mean").clip("MV-1")
    # mean (90 + 80 + 75 + 70 + 40) / 5 = 355 / 5 = 71
    # trimmed: without 90 and 40, (80 + 75 + 70) / 3 = 225 / 3 = 75
    assert result.mean == Decimal(71)
    assert result.trimmed_mean == result.score == Decimal(75)


def test_trimmed_mean_with_4_judges_is_the_plain_mean() -> None:
    totals = {"an": 90, "binh": 80, "chi": 70, "dung": 40}
    scores = [by_total("MV-1", judge, total) for judge, total in totals.items()]
    result = rank([clip("MV-1")], scores, method="trimmed_mean").clip("MV-1")
    # fewer than 5 totals: nothing dropped, (90 + 80 + 70 + 40) / 4 = 280 / 4 = 70
    assert result.trimmed_mean == result.mean == result.score == Decimal(70)


def zscore_round() -> tuple[list[ClipFacts], list[Score]]:
    """Judges who score different clips on different scales.

    an scores A 40, B 50;  binh scores B 50, C 40;  chi scores A 70, C 70;  dung scores C 100.
    """
    totals = [("A", "an", 40), ("B", "an", 50), ("B", "binh", 50), ("C", "binh", 40)]
    totals += [("A", "chi", 70), ("C", "chi", 70), ("C", "dung", 100)]
    return [clip(ref) for ref in "ABC"], [by_total(*row) for row in totals]


def test_zscore_standardises_each_judge_then_rescales_to_the_rubric() -> None:
    clips, scores = zscore_round()
    results = rank(clips, scores, method="zscore")
    a, b, c = (results.clip(ref) for ref in "ABC")
    # Each judge over the clips they scored, population standard deviation:
    #   an:   A 40, B 50 -> mean 45, std 5   -> z(A) = -1, z(B) = +1
    #   binh: B 50, C 40 -> mean 45, std 5   -> z(B) = +1, z(C) = -1
    #   chi:  A 70, C 70 -> std 0            -> says nothing about its scale: 0 for A and C
    #   dung: C 100 only -> a single clip    -> 0 for C
    # Mean z per clip: A (-1 + 0) / 2 = -0.5;  B (1 + 1) / 2 = 1;  C (-1 + 0 + 0) / 3 = -1/3
    # Every total: 40, 50, 50, 40, 70, 70, 100 -> mean 420 / 7 = 60;
    #   deviations -20 -10 -10 -20 10 10 40 -> squares 400 100 100 400 100 100 1600 = 2800;
    #   2800 / 7 = 400 -> std 20
    # Rescaled, 60 + z * 20:  A 60 - 10 = 50;  B 60 + 20 = 80;  C 60 - 20/3 = 53.333...
    assert a.zscore == Decimal(50)
    assert b.zscore == Decimal(80)
    assert c.zscore == Decimal("53.333333333333333333333333")
    assert c.display_score == Decimal("53.33")
    # B, scored top by both harsh judges, wins on z-scores; on the mean C wins.
    assert order(results) == ["B", "C", "A"]
    assert order(rank(clips, scores)) == ["C", "A", "B"]


def test_all_three_methods_are_side_by_side_whatever_the_choice() -> None:
    clips, scores = zscore_round()
    for method in METHODS:
        c = rank(clips, scores, method=method).clip("C")
        # C: (40 + 70 + 100) / 3 = 70; fewer than 5 totals, so the trimmed mean is the same.
        assert (c.mean, c.trimmed_mean, round_score(c.zscore)) == (70, 70, Decimal("53.33"))
        assert (
            c.score == {"mean": c.mean, "trimmed_mean": c.trimmed_mean, "zscore": c.zscore}[method]
        )


def test_an_ineligible_clip_does_not_move_the_zscores_of_the_others() -> None:
    clips, scores = zscore_round()
    outlier = [clip("D", eligible=False)]
    more = [*scores, by_total("D", "an", 100), by_total("D", "binh", 10)]
    before = rank(clips, scores, method="zscore")
    after = rank(clips + outlier, more, method="zscore")
    assert [r.zscore for r in after.ranking] == [r.zscore for r in before.ranking]


def test_disagreement_is_the_population_standard_deviation_of_the_totals() -> None:
    scores = [by_total("MV-1", j, t) for j, t in zip("abcd", [60, 60, 80, 80], strict=True)]
    scores += [by_total("MV-2", j, t) for j, t in zip("abc", [60, 70, 80], strict=True)]
    scores += [by_total("MV-3", "a", 75)]
    results = rank([clip("MV-1"), clip("MV-2"), clip("MV-3")], scores)
    # MV-1: mean 70, every total 10 away -> variance 100 -> 10
    assert results.clip("MV-1").disagreement == Decimal(10)
    # MV-2: mean 70, squares 100 + 0 + 100 = 200, / 3 -> sqrt(66.67) = 8.1649...
    assert round_score(results.clip("MV-2").disagreement) == Decimal("8.16")
    # MV-3: one judge agrees with themselves
    assert results.clip("MV-3").disagreement == 0


# --- ties ----------------------------------------------------------------------------------------


def test_full_tie_is_broken_by_the_first_criterion() -> None:
    scores = [
        *(sheet("MV-1", judge, 30, 20, 20, 10) for judge in ("an", "binh")),  # 80 each
        *(sheet("MV-2", judge, 32, 18, 20, 10) for judge in ("an", "binh")),  # 80 each
    ]
    results = rank([clip("MV-1"), clip("MV-2")], scores)
    # Same score 80, same judges: content mean 32 > 30, so MV-2 goes first despite its ref.
    assert order(results) == ["MV-2", "MV-1"]
    (above,) = results.clip("MV-2").tie_break
    assert (above.neighbour, above.placed, above.decided_by, above.criterion) == (
        "MV-1",
        "above",
        "criterion",
        "content",
    )
    assert above.text.en == (
        "Tied on score with MV-1; placed above on a higher content mean (32.00 against 30.00)."
    )
    assert above.text.vi == (
        "Bằng điểm với MV-1; xếp trên vì trung bình content cao hơn (32.00 so với 30.00)."
    )
    (below,) = results.clip("MV-1").tie_break
    assert (below.neighbour, below.placed, below.criterion) == ("MV-2", "below", "content")
    assert below.text.en.endswith("placed below on a lower content mean (30.00 against 32.00).")


def test_tie_broken_by_a_later_criterion() -> None:
    scores = [sheet("MV-1", "an", 30, 20, 20, 10), sheet("MV-2", "an", 30, 20, 22, 8)]
    results = rank([clip("MV-1"), clip("MV-2")], scores)
    # 80 each; content 30 = 30, creativity 20 = 20, technique 22 > 20: MV-2 first.
    assert order(results) == ["MV-2", "MV-1"]
    (tie,) = results.clip("MV-2").tie_break
    assert (tie.decided_by, tie.criterion) == ("criterion", "technique")


def test_tie_break_follows_the_order_of_the_rules_file() -> None:
    scores = [sheet("MV-1", "an", 32, 20, 20, 8), sheet("MV-2", "an", 30, 20, 20, 10)]
    clips = [clip("MV-1"), clip("MV-2")]
    # 80 each. Rubric order: content 32 > 30 puts MV-1 first; reach first: 10 > 8, MV-2.
    assert order(rank(clips, scores)) == ["MV-1", "MV-2"]
    reach_first = ("reach", "content", "creativity", "technique")
    assert order(rank(clips, scores, tie_break=reach_first)) == ["MV-2", "MV-1"]


def test_tie_broken_by_the_earlier_submission() -> None:
    scores = [
        sheet("MV-1", "an", 30, 20, 20, 10),
        sheet("MV-1", "binh", 30, 20, 22, 8),
        *(sheet("MV-2", judge, 30, 20, 21, 9) for judge in ("an", "binh")),
    ]
    # Different sheets, the same means on every criterion (30, 20, 21, 9) and the same 80.
    results = rank([clip("MV-1", minutes=60), clip("MV-2")], scores)
    assert order(results) == ["MV-2", "MV-1"]
    (tie,) = results.clip("MV-2").tie_break
    assert (tie.decided_by, tie.criterion) == ("submitted_at", None)
    assert tie.text.en.endswith(
        "placed above as submitted earlier (2022-06-01T09:00:00+07:00 against "
        "2022-06-01T10:00:00+07:00)."
    )


def test_tie_broken_by_the_ref_in_natural_order() -> None:
    scores = [sheet(ref, "an", 30, 20, 20, 10) for ref in ("MV-10", "MV-2")]
    results = rank([clip("MV-10"), clip("MV-2")], scores)
    # Everything equal, same instant: MV-2 comes before MV-10 (numbers compare as numbers).
    assert order(results) == ["MV-2", "MV-10"]
    (tie,) = results.clip("MV-2").tie_break
    assert tie.decided_by == "ref"
    assert tie.text.en.endswith("placed above by ref (MV-2 before MV-10).")


def test_a_clip_tied_on_both_sides_explains_both() -> None:
    scores = [
        sheet("MV-1", "an", 34, 20, 16, 10),
        sheet("MV-2", "an", 32, 20, 18, 10),
        sheet("MV-3", "an", 30, 20, 20, 10),
        sheet("MV-4", "an", 30, 20, 20, 9),
    ]
    results = rank([clip(f"MV-{n}") for n in range(1, 5)], scores)
    assert order(results) == ["MV-1", "MV-2", "MV-3", "MV-4"]
    middle = results.clip("MV-2").tie_break
    assert [(t.neighbour, t.placed) for t in middle] == [("MV-1", "below"), ("MV-3", "above")]
    # MV-4 (79) is not tied with MV-3 (80): no explanation between them.
    assert [t.neighbour for t in results.clip("MV-3").tie_break] == ["MV-2"]
    assert results.clip("MV-4").tie_break == ()


# --- who is ranked -------------------------------------------------------------------------------


def test_a_judge_who_scored_nothing_leaves_their_clips_unranked() -> None:
    clips = [clip("MV-1"), clip("MV-2"), clip("MV-3")]
    everyone = frozenset({"an", "binh", "chi"})
    # chi has a conflict with MV-3, so is not assigned to it; chi has submitted nothing.
    assignments = {"MV-1": everyone, "MV-2": everyone, "MV-3": frozenset({"an", "binh"})}
    scores = [by_total(ref, "an", 70) for ref in ("MV-1", "MV-2", "MV-3")]
    scores += [by_total(ref, "binh", 80) for ref in ("MV-1", "MV-2", "MV-3")]
    results = rank(clips, scores, assignments)
    assert order(results) == ["MV-3"]
    assert [(u.ref, u.reasons, u.missing) for u in results.unranked] == [
        ("MV-1", ("missing_scores",), ("chi",)),
        ("MV-2", ("missing_scores",), ("chi",)),
    ]
    assert results.unranked[0].why[0].en == "Scores still missing from: chi."
    assert results.unranked[0].why[0].vi == "Còn thiếu điểm của: chi."
    # The clip's figures are still there for the organiser, from the sheets that are in.
    mv1 = results.clip("MV-1")
    assert (mv1.ranked, mv1.rank, mv1.score, mv1.missing) == (False, None, 75, ("chi",))


def test_an_ineligible_clip_is_never_ranked_even_with_the_best_score() -> None:
    scores = [by_total("MV-1", "an", 95), by_total("MV-2", "an", 60)]
    results = rank([clip("MV-1", eligible=False), clip("MV-2")], scores)
    assert order(results) == ["MV-2"]
    assert results.clip("MV-2").rank == 1
    (unranked,) = results.unranked
    assert (unranked.ref, unranked.reasons) == ("MV-1", ("not_eligible",))
    assert unranked.why[0].en == "The clip is not eligible."
    assert results.clip("MV-1").score == 95


def test_a_clip_nobody_is_assigned_to_is_not_ranked() -> None:
    results = rank([clip("MV-1"), clip("MV-2")], [by_total("MV-1", "an", 70)])
    assert order(results) == ["MV-1"]
    assert [(u.ref, u.reasons) for u in results.unranked] == [("MV-2", ("no_judges",))]


def test_results_list_every_clip_ranked_ones_first() -> None:
    scores = [by_total("MV-3", "an", 50), by_total("MV-1", "an", 70)]
    results = rank([clip("MV-2"), clip("MV-3"), clip("MV-1")], scores)
    assert [(r.ref, r.rank) for r in results.clips] == [("MV-1", 1), ("MV-3", 2), ("MV-2", None)]


# --- engagement ----------------------------------------------------------------------------------

SEVENTY_THIRTY = EngagementRule(
    jury_weight=Decimal("0.7"),
    engagement_weight=Decimal("0.3"),
    per_like=Decimal(1),
    per_share=Decimal(2),
)


def test_engagement_blend_70_30_with_a_like_worth_1_and_a_share_2() -> None:
    clips = [
        clip("A", views=5000, likes=100, comments=30, shares=50),  # 100 + 2 x 50 = 200
        clip("B", views=900, likes=40, comments=3, shares=10),  # 40 + 2 x 10 = 60
        clip("C"),  # counts unknown: 0
        clip("D", eligible=False, likes=1000),  # 1000, but ineligible: does not set the scale
    ]
    scores = [
        by_total(ref, judge, t)
        for ref, t in zip("ABCD", [80, 90, 70, 99], strict=True)
        for judge in "xy"
    ]
    results = rank(clips, scores, engagement=SEVENTY_THIRTY)
    a, b, c, d = (results.clip(ref) for ref in "ABCD")
    # Top eligible engagement 200 gets the full 100 points: A 100, B 60/200 x 100 = 30, C 0.
    assert (a.engagement, b.engagement, c.engagement) == (100, 30, 0)
    assert d.engagement == 100  # capped at the full scale
    # A 0.7 x 80 + 0.3 x 100 = 86;  B 0.7 x 90 + 0.3 x 30 = 72;  C 0.7 x 70 = 49
    assert (a.score, b.score, c.score) == (86, 72, 49)
    assert (a.jury, b.jury, b.mean) == (80, 90, 90)
    assert order(results) == ["A", "B", "C"]


def test_engagement_weights_must_sum_to_1() -> None:
    with pytest.raises(ValueError, match="summing to 1"):
        EngagementRule(jury_weight=Decimal("0.7"), engagement_weight=Decimal("0.4"))


def test_without_an_engagement_rule_the_score_is_the_jurys() -> None:
    result = rank([clip("A", likes=10**6)], [by_total("A", "an", 80)]).clip("A")
    assert (result.engagement, result.score) == (None, 80)


# --- input the ranking refuses -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scores", "assignments", "message"),
    [
        ([by_total("MV-1", "an", 80)], {"MV-1": frozenset({"binh"})}, "not assigned"),
        ([by_total("MV-1", "an", 80)] * 2, {"MV-1": frozenset({"an"})}, "given twice"),
        ([sheet("MV-1", "an", 41, 20, 20, 10)], {"MV-1": frozenset({"an"})}, "in bounds"),
        ([Score("MV-1", "an", {"content": d(40)})], {"MV-1": frozenset({"an"})}, "in bounds"),
        ([], {"MV-9": frozenset({"an"})}, "unknown clip MV-9"),
    ],
)
def test_inconsistent_input_is_refused(scores, assignments, message) -> None:
    with pytest.raises(ValueError, match=message):
        rank_clips(RUBRIC, [clip("MV-1")], scores, assignments)


def test_a_naive_submission_time_is_refused() -> None:
    naive = ClipFacts("MV-1", "HG-TP", datetime(2022, 6, 1, 9, 0))
    with pytest.raises(ValueError, match="aware"):
        rank_clips(RUBRIC, [naive], [], {})


# --- properties ----------------------------------------------------------------------------------


@st.composite
def rounds(draw):
    """Up to 12 clips, 5 judges, a few coarse scores and instants, so that ties are common."""
    refs = [f"MV-{n}" for n in range(1, draw(st.integers(1, 12)) + 1)]
    judges = ["an", "binh", "chi", "dung", "em"][: draw(st.integers(1, 5))]
    clips, scores, assignments = [], [], {}
    for ref in refs:
        instant = NINE_AM + timedelta(minutes=draw(st.sampled_from([0, 0, 5])))
        unit = draw(st.sampled_from(["HG-TP", "HG-DV"]))
        clips.append(ClipFacts(ref, unit, instant, eligible=draw(st.booleans())))
        assignments[ref] = frozenset(draw(st.sets(st.sampled_from(judges), min_size=1)))
        for judge in sorted(assignments[ref]):
            if draw(st.integers(0, 9)):  # one sheet in ten still missing
                points = [draw(st.sampled_from([0, 10])), draw(st.sampled_from([15, 25]))]
                scores.append(sheet(ref, judge, *points, 25, draw(st.sampled_from([5, 10]))))
    return clips, scores, assignments


@settings(max_examples=150, deadline=None)
@given(round_=rounds(), method=st.sampled_from(METHODS), shuffle=st.randoms(use_true_random=False))
def test_ranking_is_a_stable_permutation_of_the_rankable_clips(round_, method, shuffle) -> None:
    clips, scores, assignments = round_
    results = rank_clips(RUBRIC, clips, scores, assignments, method=method)

    scored = {(score.ref, score.judge) for score in scores}
    rankable = {
        c.ref
        for c in clips
        if c.eligible and all((c.ref, judge) in scored for judge in assignments[c.ref])
    }
    assert sorted(order(results)) == sorted(rankable)
    assert [r.rank for r in results.ranking] == list(range(1, len(rankable) + 1))
    assert all(r.ranked for r in results.ranking)
    assert {u.ref for u in results.unranked} == {c.ref for c in clips} - rankable
    assert all(upper.score >= lower.score for upper, lower in pairwise(results.ranking))

    shuffled = [list(clips), list(scores), list(assignments.items())]
    for items in shuffled:
        shuffle.shuffle(items)
    again = rank_clips(RUBRIC, shuffled[0], shuffled[1], dict(shuffled[2]), method=method)
    assert again == results
