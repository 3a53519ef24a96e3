"""``contest_results``: a scored demo contest, ranked and paid by hand to the đồng.

Three judges (An from HG-TP, Bình and Chi from HG-DV: none of them from a unit of the scored
clips) score six eligible clips on the 2022 rubric (content 40, creativity 25, technique 25,
reach 10; the score is the mean of the judges' totals):

    clip      An                 Bình               Chi                totals      mean
    HG-MV-2   37 20 21 10 = 88   36 21 21 10 = 88   36 20 22 10 = 88   88 88 88    88.00
    HG-KCQ-2  36 20 22 10 = 88   35 21 22 10 = 88   35 21 22 10 = 88   88 88 88    88.00
    HG-BQ-2   36 22 22  9 = 89   34 21 20  8 = 83   35 22 21  9 = 87   259 / 3  =  86.33
    HG-KCQ-1  30 20 20  8 = 78   32 20 18  8 = 78   31 19 19  7 = 76   232 / 3  =  77.33
    HG-QB-1   25 15 15  5 = 60   28 16 14  6 = 64   26 15 16  5 = 62   186 / 3  =  62.00
    HG-VX-1   20 12 13  5 = 50   22 14 12  4 = 52   21.5 13 12.5 4=51  153 / 3  =  51.00

HG-MV-2 and HG-KCQ-2 tie on 88; the first tie-break criterion, content, has means
(37+36+36)/3 = 36.33 against (36+35+35)/3 = 35.33, so HG-MV-2 is first. The 2022 prizes go
down the ranking: first 1 x 3.000.000, second 2 x 2.000.000, third 3 x 1.000.000, so

    1 HG-MV-2  first   3.000.000     4 HG-KCQ-1 third 1.000.000
    2 HG-KCQ-2 second  2.000.000     5 HG-QB-1  third 1.000.000
    3 HG-BQ-2  second  2.000.000     6 HG-VX-1  third 1.000.000

total 3.000.000 + 2 x 2.000.000 + 3 x 1.000.000 = 10.000.000 đ; the 15 consolation prizes are
unused (six ranked clips, 21 prizes). The tie decided 1.000.000 đ.

HG-BQ-2's disagreement: totals 89, 83, 87 around 86.333: squares 7.111 + 11.111 + 0.444 =
18.667, / 3 = 6.222, square root 2.49.

HG-VX-2 is assigned to An (a draft only) and Bình (nothing yet): missing scores from both.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from judging.conftest import INELIGIBLE, add_member

from clipcontest.awards.results import contest_results
from clipcontest.contests.models import Contest
from clipcontest.judging.models import Assignment, CriterionScore, JuryMember, ScoreSheet
from clipcontest.judging.scores import save_scores

pytestmark = pytest.mark.django_db

KEYS = ("content", "creativity", "technique", "reach")
SHEETS = {
    "HG-MV-2": ((37, 20, 21, 10), (36, 21, 21, 10), (36, 20, 22, 10)),
    "HG-KCQ-2": ((36, 20, 22, 10), (35, 21, 22, 10), (35, 21, 22, 10)),
    "HG-BQ-2": ((36, 22, 22, 9), (34, 21, 20, 8), (35, 22, 21, 9)),
    "HG-KCQ-1": ((30, 20, 20, 8), (32, 20, 18, 8), (31, 19, 19, 7)),
    "HG-QB-1": ((25, 15, 15, 5), (28, 16, 14, 6), (26, 15, 16, 5)),
    "HG-VX-1": ((20, 12, 13, 5), (22, 14, 12, 4), ("21.5", 13, "12.5", 4)),
}
JUDGES = ("gk.an", "gk.binh", "gk.chi")
EXPECTED = [
    (1, "HG-MV-2", "88.00", "first", 3_000_000),
    (2, "HG-KCQ-2", "88.00", "second", 2_000_000),
    (3, "HG-BQ-2", "86.33", "second", 2_000_000),
    (4, "HG-KCQ-1", "77.33", "third", 1_000_000),
    (5, "HG-QB-1", "62.00", "third", 1_000_000),
    (6, "HG-VX-1", "51.00", "third", 1_000_000),
]


def score_demo_contest(contest: Contest) -> dict[str, JuryMember]:
    """The scored contest of the module docstring; the three judges by username."""
    members = {
        "gk.an": add_member(contest, "gk.an", "HG-TP"),
        "gk.binh": add_member(contest, "gk.binh"),
        "gk.chi": add_member(contest, "gk.chi", "HG-DV"),
    }
    for ref, rows in SHEETS.items():
        for username, row in zip(JUDGES, rows, strict=True):
            score_clip(members[username], ref, row)
    for username in ("gk.an", "gk.binh"):
        Assignment.objects.create(member=members[username], entry=entry(contest, "HG-VX-2"))
    save_scores(
        assignment=Assignment.objects.get(member=members["gk.an"], entry__ref="HG-VX-2"),
        points={"content": 30},
        comment="",
        submit=False,
        by=members["gk.an"].user,
    )
    return members


def score_clip(member: JuryMember, ref: str, row) -> None:
    assignment = Assignment.objects.create(member=member, entry=entry(member.contest, ref))
    save_scores(
        assignment=assignment,
        points={key: Decimal(str(p)) for key, p in zip(KEYS, row, strict=True)},
        comment="",
        submit=True,
        by=member.user,
    )


def entry(contest: Contest, ref: str):
    return contest.entries.get(ref=ref)


@pytest.fixture
def scored(demo_contest: Contest) -> Contest:
    score_demo_contest(demo_contest)
    return demo_contest


def test_ranking_and_prizes_match_the_hand_computation(scored):
    results = contest_results(scored)

    got = [
        (clip.rank, clip.ref, str(clip.display_score), award.tier_key, award.amount)
        for clip, award in results.rows()
    ]
    assert got == EXPECTED
    assert results.allocation.total == 10_000_000
    assert [(u.tier_key, u.count) for u in results.allocation.unused] == [("consolation", 15)]
    assert results.finalised is False


def test_the_tie_on_88_is_broken_by_the_content_mean(scored):
    results = contest_results(scored).results

    first, second = results.clip("HG-MV-2"), results.clip("HG-KCQ-2")
    assert first.score == second.score == Decimal(88)
    (above,) = first.tie_break
    assert (above.neighbour, above.placed, above.decided_by, above.criterion) == (
        "HG-KCQ-2",
        "above",
        "criterion",
        "content",
    )
    assert "36.33" in above.text.en and "35.33" in above.text.en
    assert second.tie_break[0].placed == "below"


def test_each_clip_keeps_its_judges_totals_and_disagreement(scored):
    clip = contest_results(scored).results.clip("HG-BQ-2")

    assert clip.judge_totals == {"gk.an": 89, "gk.binh": 83, "gk.chi": 87}
    assert clip.mean == clip.trimmed_mean  # three totals: nothing is trimmed
    assert str(clip.disagreement.quantize(Decimal("0.01"))) == "2.49"


def test_unranked_clips_say_why(scored):
    unranked = {u.ref: u for u in contest_results(scored).results.unranked}

    assert unranked["HG-VX-2"].reasons == ("missing_scores",)
    assert unranked["HG-VX-2"].missing == ("gk.an", "gk.binh")  # a draft does not count
    assert unranked["HG-DV-1"].reasons == ("no_judges",)
    for ref in INELIGIBLE:
        assert "not_eligible" in unranked[ref].reasons


def test_json_has_the_documented_shape(scored):
    data = contest_results(scored).as_json()

    assert data["contest"] == "sc35-2022"
    assert data["method"] == "mean"
    assert data["prizes_total"] == 10_000_000
    assert data["ranking"][0] == {
        "rank": 1,
        "ref": "HG-MV-2",
        "unit": "HG-MV",
        "score": 88.0,
        "prize": "first",
        "amount": 3_000_000,
    }
    assert data["ranking"][2]["score"] == 86.33
    assert [r["ref"] for r in data["ranking"]] == [row[1] for row in EXPECTED]
    assert data["unused_prizes"] == [{"prize": "consolation", "count": 15}]
    assert {"ref": "HG-VX-2", "unit": "HG-VX", "reasons": ["missing_scores"]}.items() <= next(
        u for u in data["unranked"] if u["ref"] == "HG-VX-2"
    ).items()


def test_a_contest_without_scores_ranks_nothing_and_reports_every_prize(demo_contest):
    results = contest_results(demo_contest)

    assert results.results.ranking == ()
    assert results.allocation.total == 0
    assert sum(u.count for u in results.allocation.unused) == 21


def test_the_number_of_queries_does_not_grow_with_the_scores(demo_contest):
    with CaptureQueriesContext(connection) as empty:
        contest_results(demo_contest)
    score_demo_contest(demo_contest)
    with CaptureQueriesContext(connection) as scored:
        contest_results(demo_contest)

    assert len(scored) == len(empty)


def test_the_sheets_carry_the_stored_points_exactly_as_the_model_gives_them(scored):
    """The results read points as tenths, not through the model: the Decimals must not change."""
    stored: dict[tuple[str, str], list[tuple[str, str]]] = {}
    rows = CriterionScore.objects.filter(sheet__status=ScoreSheet.Status.SUBMITTED).order_by(
        "criterion__position"
    )
    for row in rows.select_related("sheet__assignment__entry", "sheet__assignment__member__user"):
        pair = (row.sheet.assignment.entry.ref, row.sheet.assignment.member.user.username)
        stored.setdefault(pair, []).append((row.criterion.key, str(row.points)))

    sheets = {
        (s.ref, s.judge): [(key, str(p)) for key, p in s.points.items()]
        for s in contest_results(scored).scores
    }

    assert sheets == stored
    assert sheets["HG-VX-1", "gk.chi"] == [
        ("content", "21.5"),
        ("creativity", "13.0"),
        ("technique", "12.5"),
        ("reach", "4.0"),
    ]
