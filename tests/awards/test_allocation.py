"""Prizes down the ranking, tier by tier: the 2022 structure, boundaries, caps and leftovers.

Pure functions, no database. Each ranking comes from ``rank_clips`` with one judge and a
two-line rubric (content 60, craft 40), so a clip's score is its content plus its craft.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from clipcontest.awards.allocation import Award, PrizeTier, UnusedPrizes, allocate
from clipcontest.common.text import Text
from clipcontest.judging.ranking import ClipFacts, ClipResult, Criterion, Score, rank_clips

RUBRIC = (Criterion("content", Decimal(60)), Criterion("craft", Decimal(40)))
SUBMITTED = datetime(2022, 6, 1, 2, 0, tzinfo=UTC)
TIERS_2022 = (
    PrizeTier("first", Text(vi="Giải Nhất", en="First prize"), 1, 3_000_000),
    PrizeTier("second", Text(vi="Giải Nhì", en="Second prize"), 2, 2_000_000),
    PrizeTier("third", Text(vi="Giải Ba", en="Third prize"), 3, 1_000_000),
    PrizeTier("consolation", Text(vi="Giải Khuyến khích", en="Consolation prize"), 15, 500_000),
)


def ranking_of(*clips: tuple[str, str, object, object]) -> tuple[ClipResult, ...]:
    """``(ref, unit, content, craft)`` per clip, all scored by one judge."""
    facts = [ClipFacts(ref, unit, SUBMITTED) for ref, unit, _, _ in clips]
    scores = [
        Score(ref, "an", {"content": Decimal(str(content)), "craft": Decimal(str(craft))})
        for ref, _, content, craft in clips
    ]
    assignments = {ref: frozenset({"an"}) for ref, *_ in clips}
    return rank_clips(RUBRIC, facts, scores, assignments).ranking


def scored(count: int, unit: str = "HG-TP") -> tuple[ClipResult, ...]:
    """``count`` clips MV-1, MV-2, ... scoring 99, 98, ... (so ranked in ref order)."""
    return ranking_of(*((f"MV-{n}", unit, 60, 40 - n) for n in range(1, count + 1)))


def prizes(allocation) -> list[tuple[int, str | None, int]]:
    return [(award.rank, award.tier_key, award.amount) for award in allocation.awards]


def test_2022_prize_structure_totals_17_500_000_with_21_winners() -> None:
    assert 1 * 3_000_000 + 2 * 2_000_000 + 3 * 1_000_000 + 15 * 500_000 == 17_500_000
    allocation = allocate(scored(25), TIERS_2022)
    assert allocation.total == 17_500_000
    assert len(allocation.winners) == 21
    assert allocation.unused == ()
    tiers = [award.tier_key for award in allocation.awards]
    assert tiers == (["first"] + ["second"] * 2 + ["third"] * 3 + ["consolation"] * 15 + [None] * 4)
    assert allocation.awards[0] == Award(1, "MV-1", "HG-TP", Decimal(99), "first", 3_000_000)
    assert allocation.awards[21] == Award(22, "MV-22", "HG-TP", Decimal(78), None, 0)


def test_every_ranked_clip_gets_one_line_and_no_clip_two_prizes() -> None:
    allocation = allocate(scored(30), TIERS_2022)
    assert [award.rank for award in allocation.awards] == list(range(1, 31))
    assert len({award.ref for award in allocation.winners}) == 21


def test_fewer_ranked_clips_than_prizes_reports_the_unused_ones() -> None:
    allocation = allocate(scored(5), TIERS_2022)
    # first 1, second 2, and only 2 of the 3 third prizes are given; no consolation at all.
    assert prizes(allocation) == [
        (1, "first", 3_000_000),
        (2, "second", 2_000_000),
        (3, "second", 2_000_000),
        (4, "third", 1_000_000),
        (5, "third", 1_000_000),
    ]
    assert allocation.unused == (UnusedPrizes("third", 1), UnusedPrizes("consolation", 15))
    assert allocation.total == 3_000_000 + 2 * 2_000_000 + 2 * 1_000_000


def test_no_ranked_clip_leaves_every_prize_unused() -> None:
    allocation = allocate((), TIERS_2022)
    assert allocation.awards == () and allocation.total == 0
    assert [(u.tier_key, u.count) for u in allocation.unused] == [
        ("first", 1),
        ("second", 2),
        ("third", 3),
        ("consolation", 15),
    ]


def test_a_tie_on_a_prize_boundary_is_decided_by_the_tie_break() -> None:
    ranking = ranking_of(
        ("MV-1", "HG-TP", 55, 35),  # 90
        ("MV-2", "HG-DV", 40, 40),  # 80, content 40
        ("MV-3", "HG-KCQ", 50, 30),  # 80, content 50: above MV-2
        ("MV-4", "HG-TP", 40, 30),  # 70
    )
    tiers = (TIERS_2022[0], PrizeTier("second", Text("Giải Nhì", "Second prize"), 1, 2_000_000))
    allocation = allocate(ranking, tiers)
    # One second prize for two clips tied on 80: the higher content mean takes it.
    assert [(a.ref, a.tier_key) for a in allocation.awards] == [
        ("MV-1", "first"),
        ("MV-3", "second"),
        ("MV-2", None),
        ("MV-4", None),
    ]
    (tie,) = ranking[2].tie_break
    assert (tie.neighbour, tie.placed, tie.criterion) == ("MV-3", "below", "content")


def test_per_unit_cap_passes_the_prize_to_the_next_clip() -> None:
    ranking = ranking_of(
        ("MV-1", "HG-TP", 60, 35),  # 95
        ("MV-2", "HG-TP", 60, 30),  # 90
        ("MV-3", "HG-TP", 60, 25),  # 85: HG-TP already holds 2 prizes
        ("MV-4", "HG-DV", 60, 20),  # 80: takes the prize MV-3 would have had
        ("MV-5", "HG-DV", 60, 15),  # 75
    )
    allocation = allocate(ranking, TIERS_2022, per_unit_cap=2)
    assert [(a.ref, a.tier_key, a.passed_over) for a in allocation.awards] == [
        ("MV-1", "first", None),
        ("MV-2", "second", None),
        ("MV-3", None, "per_unit_cap"),
        ("MV-4", "second", None),
        ("MV-5", "third", None),
    ]
    assert allocation.unused == (UnusedPrizes("third", 2), UnusedPrizes("consolation", 15))


def test_min_score_keeps_prizes_from_clips_below_it() -> None:
    ranking = ranking_of(
        ("MV-1", "HG-TP", 50, 30),  # 80
        ("MV-2", "HG-DV", 35, 25),  # 60
        ("MV-3", "HG-KCQ", 30, 20),  # 50: exactly the minimum still qualifies
        ("MV-4", "HG-TP", 30, "19.9"),  # 49.9
    )
    allocation = allocate(ranking, TIERS_2022, min_score=Decimal(50))
    assert [(a.ref, a.tier_key, a.passed_over) for a in allocation.awards] == [
        ("MV-1", "first", None),
        ("MV-2", "second", None),
        ("MV-3", "second", None),
        ("MV-4", None, "min_score"),
    ]
    assert allocation.unused == (UnusedPrizes("third", 3), UnusedPrizes("consolation", 15))
    assert allocation.total == 7_000_000


def test_clips_after_the_last_prize_are_not_passed_over_but_simply_unawarded() -> None:
    allocation = allocate(scored(23, unit="HG-TP"), TIERS_2022, per_unit_cap=21)
    assert [a.passed_over for a in allocation.awards[21:]] == [None, None]


@pytest.mark.parametrize(
    ("ranking", "tiers", "cap"),
    [
        (scored(3)[1:], TIERS_2022, None),  # does not start at rank 1
        (scored(3)[::-1], TIERS_2022, None),  # not in rank order
        (scored(3), TIERS_2022 + TIERS_2022[:1], None),  # a tier key twice
        (scored(3), TIERS_2022, 0),
    ],
)
def test_a_ranking_or_tiers_that_make_no_sense_are_refused(ranking, tiers, cap) -> None:
    with pytest.raises(ValueError):
        allocate(ranking, tiers, per_unit_cap=cap)
