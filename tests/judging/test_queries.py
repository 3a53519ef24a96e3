"""Reading the jury's work: each member's own order, progress, and the scores for the ranking."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from factories import EntryFactory, UnitFactory

from clipcontest.entries.models import Entry
from clipcontest.judging.models import Assignment, ScoreSheet
from clipcontest.judging.queries import (
    assignments_in_order,
    jury_progress,
    member_for,
    progress,
    sheet_of,
    submitted_scores,
)
from clipcontest.judging.scores import save_scores
from clipcontest.judging.services import assign_jury

from .conftest import ELIGIBLE, GOOD, add_member, assignment_of

pytestmark = pytest.mark.django_db


def refs_in_order(member) -> list[str]:
    return [a.entry.ref for a in assignments_in_order(member)]


def test_member_for_finds_the_users_seat_on_that_contests_jury_only(demo_contest, jury, organiser):
    assert member_for(jury["gk.an"].user, demo_contest) == jury["gk.an"]
    assert member_for(organiser, demo_contest) is None


def test_each_member_has_a_shuffled_order_of_their_own_that_stays_the_same(
    demo_contest, jury, organiser
):
    assign_jury(contest=demo_contest, per_entry=None, by=organiser)
    binh, dung = jury["gk.binh"], jury["gk.dung"]

    binh_order, dung_order = refs_in_order(binh), refs_in_order(dung)

    assert sorted(binh_order) == sorted(dung_order) == sorted(ELIGIBLE)  # the same clips ...
    assert binh_order != dung_order  # ... in different orders
    assert binh_order != sorted(ELIGIBLE)
    assert refs_in_order(binh) == binh_order
    # Taking a clip away leaves the others where they were.
    assignment_of(binh, binh_order[3]).delete()
    assert refs_in_order(binh) == binh_order[:3] + binh_order[4:]


def test_no_clip_comes_first_for_every_member(demo_contest, organiser):
    members = [add_member(demo_contest, f"gk.{n}") for n in range(8)]
    assign_jury(contest=demo_contest, per_entry=None, by=organiser)

    firsts = {refs_in_order(member)[0] for member in members}

    assert len(firsts) > 1


def test_the_order_comes_with_each_clip_and_its_sheet_in_one_query(
    demo_contest, jury, organiser, django_assert_num_queries
):
    assign_jury(contest=demo_contest, per_entry=None, by=organiser)
    binh = jury["gk.binh"]
    save_scores(
        assignment=assignment_of(binh, "HG-TP-1"),
        points=GOOD,
        comment="",
        submit=True,
        by=binh.user,
    )

    with django_assert_num_queries(1):
        assignments = assignments_in_order(binh)
        sheets = {a.entry.ref: sheet_of(a) for a in assignments}

    assert sheets.pop("HG-TP-1").status == ScoreSheet.Status.SUBMITTED
    assert set(sheets.values()) == {None}


def test_progress_counts_submitted_sheets_not_drafts(demo_contest, jury, organiser):
    assign_jury(contest=demo_contest, per_entry=None, by=organiser)
    binh = jury["gk.binh"]
    for ref in ("HG-TP-1", "HG-TP-2"):
        save_scores(
            assignment=assignment_of(binh, ref), points=GOOD, comment="", submit=True, by=binh.user
        )
    save_scores(
        assignment=assignment_of(binh, "HG-TP-3"),
        points={"content": 1},
        comment="",
        submit=False,
        by=binh.user,
    )

    assert progress(binh) == (2, 12)
    assert progress(jury["gk.an"]) == (0, 9)
    assert [(m.user.username, done, total) for m, done, total in jury_progress(demo_contest)] == [
        ("gk.an", 0, 9),
        ("gk.binh", 2, 12),
        ("gk.chi", 0, 10),
        ("gk.dung", 0, 12),
    ]


def a_scored_contest(contest, clips: int, name: str) -> list:
    """``clips`` clips, four members each assigned every clip, a third of the sheets submitted."""
    unit = UnitFactory(code=f"HG-{name}")
    Entry.objects.bulk_create(
        EntryFactory.build(contest=contest, unit=unit, ref=f"{name}-{n}") for n in range(clips)
    )
    members = [add_member(contest, f"gk.{name.lower()}{n}") for n in range(4)]
    entries = list(Entry.objects.filter(unit=unit))
    Assignment.objects.bulk_create(Assignment(member=m, entry=e) for m in members for e in entries)
    ScoreSheet.objects.bulk_create(
        ScoreSheet(assignment=a, status=ScoreSheet.Status.SUBMITTED)
        for a in Assignment.objects.filter(member__in=members)[: clips * 4 // 3]
    )
    return members


def queries_for_progress(contest, members) -> int:
    with CaptureQueriesContext(connection) as captured:
        rows = jury_progress(contest)
        for member, _, _ in rows:
            member.user.get_username()
            member.unit  # noqa: B018 - touching it must not query
        progress(members[0])
    return len(captured.captured_queries)


def test_progress_reads_a_constant_number_of_queries_with_20_or_200_assignments(contest_2022):
    small = a_scored_contest(contest_2022, 5, "S")  # 4 members x 5 clips = 20 assignments
    few = queries_for_progress(contest_2022, small)
    ScoreSheet.objects.all().delete()
    Assignment.objects.all().delete()

    large = a_scored_contest(contest_2022, 50, "L")  # 4 x 50 = 200 (and four idle members)
    many = queries_for_progress(contest_2022, large)

    assert few == many == 2
    assert sum(total for _, _, total in jury_progress(contest_2022)) == 200


def test_submitted_scores_are_the_submitted_sheets_only_with_exact_points(
    demo_contest, jury, organiser
):
    assign_jury(contest=demo_contest, per_entry=None, by=organiser)
    binh, dung = jury["gk.binh"], jury["gk.dung"]
    save_scores(
        assignment=assignment_of(dung, "HG-TP-2"),
        points=GOOD,
        comment="",
        submit=True,
        by=dung.user,
    )
    save_scores(
        assignment=assignment_of(binh, "HG-TP-2"),
        points={"content": "40", "creativity": "25", "technique": "0", "reach": "0,5"},
        comment="",
        submit=True,
        by=binh.user,
    )
    save_scores(
        assignment=assignment_of(binh, "HG-DV-1"),
        points={"content": 1},
        comment="",
        submit=False,
        by=binh.user,
    )

    scores = submitted_scores(demo_contest)

    assert scores == [
        (
            "HG-TP-2",
            "gk.binh",
            {
                "content": Decimal("40"),
                "creativity": Decimal("25"),
                "technique": Decimal("0"),
                "reach": Decimal("0.5"),
            },
        ),
        ("HG-TP-2", "gk.dung", GOOD),
    ]
    assert list(scores[0][2]) == ["content", "creativity", "technique", "reach"]
    assert all(isinstance(p, Decimal) for _, _, points in scores for p in points.values())
