"""The jury's work through its services: conflicts, assignment, score sheets and finalising.

Runs on the demo contest (12 eligible clips) with four members: An from the city (HG-TP), Chi
from Đồng Văn (HG-DV), Bình and Dũng from no unit.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from clipcontest.audit.models import AuditEvent
from clipcontest.entries.models import Entry
from clipcontest.judging.assignment import AssignmentInfeasible
from clipcontest.judging.models import Assignment, Conflict, ResultsDecision, ScoreSheet
from clipcontest.judging.queries import conflicts_of, results_locked
from clipcontest.judging.scores import ScoresInvalid, save_scores
from clipcontest.judging.services import (
    JudgingRefused,
    ResultsLocked,
    assign_jury,
    declare_conflict,
    finalise_results,
    reopen_results,
)
from clipcontest.units.models import Unit

from .conftest import ELIGIBLE, GOOD, INELIGIBLE, add_member, assignment_of, stored_pairs

pytestmark = pytest.mark.django_db


def refs_of(contest, username: str) -> set[str]:
    return {ref for ref, judge in stored_pairs(contest) if judge == username}


def unit_refs(code: str) -> set[str]:
    return {ref for ref in ELIGIBLE if ref.startswith(f"{code}-")}


def scores_of(sheet: ScoreSheet) -> dict[str, Decimal]:
    return {s.criterion.key: s.points for s in sheet.scores.select_related("criterion")}


# --- conflicts -----------------------------------------------------------------------------------


def test_conflicts_are_the_members_own_unit_and_the_declared_ones_expanded_to_clips(
    demo_contest, jury, organiser
):
    declare_conflict(
        member=jury["gk.binh"],
        unit=Unit.objects.get(code="HG-VX"),
        reason="vợ là tác giả",
        by=organiser,
    )
    declare_conflict(
        member=jury["gk.dung"],
        entry=Entry.objects.get(ref="HG-QB-1"),
        reason="người quen",
        by=organiser,
    )

    conflicts = conflicts_of(demo_contest)

    assert {ref for ref, judge in conflicts if judge == "gk.an"} == {
        "HG-TP-1",
        "HG-TP-2",
        "HG-TP-3",
    }
    assert {ref for ref, judge in conflicts if judge == "gk.chi"} == {"HG-DV-1", "HG-DV-2"}
    assert {ref for ref, judge in conflicts if judge == "gk.binh"} == {"HG-VX-1", "HG-VX-2"}
    assert {ref for ref, judge in conflicts if judge == "gk.dung"} == {"HG-QB-1"}


def test_a_conflict_names_a_unit_or_a_clip_with_a_reason_and_is_audited(jury, organiser):
    member = jury["gk.binh"]
    unit, entry = Unit.objects.get(code="HG-VX"), Entry.objects.get(ref="HG-QB-1")
    for kwargs in ({}, {"unit": unit, "entry": entry}):
        with pytest.raises(JudgingRefused) as refused:
            declare_conflict(member=member, reason="x", by=organiser, **kwargs)
        assert "exactly one unit or one clip" in refused.value.message.en
    with pytest.raises(JudgingRefused) as refused:
        declare_conflict(member=member, unit=unit, reason="  ", by=organiser)
    assert refused.value.message.en == "A reason is required."
    with pytest.raises(JudgingRefused):
        declare_conflict(member=member, unit=unit, reason="x", by=member.user)  # not staff
    assert not Conflict.objects.exists()

    conflict = declare_conflict(member=member, unit=unit, reason="em trai", by=organiser)

    event = AuditEvent.objects.get(action="jury.conflict")
    assert (event.actor, event.reason, event.after["unit"]) == (organiser, "em trai", "HG-VX")
    # Declaring it again does not store a second row.
    assert declare_conflict(member=member, unit=unit, reason="em trai", by=organiser) == conflict
    assert Conflict.objects.count() == 1


def test_a_declared_conflict_removes_the_unscored_assignment_at_once(demo_contest, jury, organiser):
    assign_jury(contest=demo_contest, per_entry=None, by=organiser)
    assert "HG-QB-1" in refs_of(demo_contest, "gk.dung")

    declare_conflict(
        member=jury["gk.dung"],
        entry=Entry.objects.get(ref="HG-QB-1"),
        reason="người quen",
        by=organiser,
    )

    assert "HG-QB-1" not in refs_of(demo_contest, "gk.dung")
    assert AuditEvent.objects.get(action="jury.conflict").after["removed"] == [
        ["HG-QB-1", "gk.dung"]
    ]


# --- assignment ----------------------------------------------------------------------------------


def test_by_default_every_member_scores_every_eligible_clip_except_their_own_units(
    demo_contest, jury, organiser
):
    result = assign_jury(contest=demo_contest, per_entry=None, by=organiser)

    assert refs_of(demo_contest, "gk.binh") == set(ELIGIBLE)
    assert refs_of(demo_contest, "gk.dung") == set(ELIGIBLE)
    assert refs_of(demo_contest, "gk.an") == set(ELIGIBLE) - unit_refs("HG-TP")
    assert refs_of(demo_contest, "gk.chi") == set(ELIGIBLE) - unit_refs("HG-DV")
    assert {(r, j) for j, refs in result.by_judge.items() for r in refs} == stored_pairs(
        demo_contest
    )


def test_only_eligible_clips_are_assigned(demo_contest, jury, organiser):
    result = assign_jury(contest=demo_contest, per_entry=2, by=organiser)

    assert sorted(result.by_entry) == sorted(ELIGIBLE)
    assert not {ref for ref, _ in stored_pairs(demo_contest)} & set(INELIGIBLE)


def test_k_per_entry_gives_each_clip_exactly_k_members_with_even_loads_and_no_own_unit(
    demo_contest, jury, organiser
):
    result = assign_jury(contest=demo_contest, per_entry=3, by=organiser)

    pairs = stored_pairs(demo_contest)
    for ref in ELIGIBLE:
        assert len({judge for r, judge in pairs if r == ref}) == 3
    loads = result.loads
    assert set(loads) == set(jury)
    assert sum(loads.values()) == 36
    assert max(loads.values()) - min(loads.values()) <= 1
    assert not refs_of(demo_contest, "gk.an") & unit_refs("HG-TP")
    assert not refs_of(demo_contest, "gk.chi") & unit_refs("HG-DV")


def test_declared_conflicts_are_respected_by_both_assignments(demo_contest, jury, organiser):
    declare_conflict(
        member=jury["gk.binh"], unit=Unit.objects.get(code="HG-VX"), reason="x", by=organiser
    )
    declare_conflict(
        member=jury["gk.dung"], entry=Entry.objects.get(ref="HG-QB-1"), reason="y", by=organiser
    )
    for per_entry in (None, 2):
        assign_jury(contest=demo_contest, per_entry=per_entry, by=organiser)

        assert not refs_of(demo_contest, "gk.binh") & {"HG-VX-1", "HG-VX-2"}
        assert "HG-QB-1" not in refs_of(demo_contest, "gk.dung")


def test_assignment_is_deterministic_and_a_second_run_changes_nothing(
    demo_contest, jury, organiser
):
    first = assign_jury(contest=demo_contest, per_entry=2, by=organiser)
    stored = stored_pairs(demo_contest)

    second = assign_jury(contest=demo_contest, per_entry=2, by=organiser)

    assert second == first
    assert stored_pairs(demo_contest) == stored
    last = AuditEvent.objects.filter(action="jury.assign").first()
    assert (last.after["added"], last.after["removed"]) == ([], [])


def test_reassigning_after_scores_keeps_the_scored_pairs_and_drops_the_others(
    demo_contest, jury, organiser
):
    assign_jury(contest=demo_contest, per_entry=None, by=organiser)
    binh, dung = jury["gk.binh"], jury["gk.dung"]
    # Bình has a draft of HG-TP-1, Dũng has submitted HG-DV-1 and HG-TP-1.
    save_scores(
        assignment=assignment_of(binh, "HG-TP-1"),
        points={"content": 30},
        comment="",
        submit=False,
        by=binh.user,
    )
    for ref in ("HG-DV-1", "HG-TP-1"):
        save_scores(
            assignment=assignment_of(dung, ref), points=GOOD, comment="", submit=True, by=dung.user
        )

    result = assign_jury(contest=demo_contest, per_entry=2, by=organiser)

    pairs = stored_pairs(demo_contest)
    assert {("HG-TP-1", "gk.binh"), ("HG-DV-1", "gk.dung"), ("HG-TP-1", "gk.dung")} <= pairs
    assert result.by_entry["HG-TP-1"] == ["gk.binh", "gk.dung"]
    assert all(len(judges) == 2 for judges in result.by_entry.values())
    assert pairs == {(r, j) for r, judges in result.by_entry.items() for j in judges}
    assert ScoreSheet.objects.count() == 3


def test_an_infeasible_assignment_says_which_clip_and_stores_nothing(demo_contest, jury, organiser):
    assign_jury(contest=demo_contest, per_entry=None, by=organiser)
    before = stored_pairs(demo_contest)
    # Bình is now also conflicted with Vị Xuyên: only Dũng and Chi remain for its clips.
    declare_conflict(
        member=jury["gk.binh"], unit=Unit.objects.get(code="HG-VX"), reason="x", by=organiser
    )
    declare_conflict(
        member=jury["gk.dung"], unit=Unit.objects.get(code="HG-VX"), reason="y", by=organiser
    )
    after_conflicts = stored_pairs(demo_contest)

    with pytest.raises(AssignmentInfeasible) as infeasible:
        assign_jury(contest=demo_contest, per_entry=3, by=organiser)

    reasons = [reason.en for reason in infeasible.value.reasons]
    assert "Clip HG-VX-1 has only 2 jury members without a conflict (needs 3)." in reasons
    assert "Clip HG-VX-2 has only 2 jury members without a conflict (needs 3)." in reasons
    assert "Clip HG-TP-1 has only 3 jury members without a conflict (needs 3)." not in reasons
    assert stored_pairs(demo_contest) == after_conflicts
    assert after_conflicts < before


def test_a_member_of_a_unit_never_gets_that_units_clips_even_when_others_must_take_them(
    demo_contest, organiser
):
    an = add_member(demo_contest, "gk.an", "HG-TP")
    add_member(demo_contest, "gk.binh")

    with pytest.raises(AssignmentInfeasible) as infeasible:
        assign_jury(contest=demo_contest, per_entry=2, by=organiser)

    assert {reason.en for reason in infeasible.value.reasons} == {
        f"Clip {ref} has only 1 jury members without a conflict (needs 2)."
        for ref in sorted(unit_refs("HG-TP"))
    }
    assign_jury(contest=demo_contest, per_entry=1, by=organiser)
    assert not refs_of(demo_contest, "gk.an") & unit_refs("HG-TP")
    assert an.assignments.count() >= 1


def test_assignment_needs_staff_and_a_sensible_k(demo_contest, jury, organiser):
    with pytest.raises(JudgingRefused) as refused:
        assign_jury(contest=demo_contest, per_entry=0, by=organiser)
    assert "at least 1" in refused.value.message.en
    with pytest.raises(JudgingRefused):
        assign_jury(contest=demo_contest, per_entry=None, by=jury["gk.an"].user)
    assert not Assignment.objects.exists()


# --- scores --------------------------------------------------------------------------------------


@pytest.fixture
def assigned(demo_contest, jury, organiser):
    assign_jury(contest=demo_contest, per_entry=None, by=organiser)
    return jury


def test_a_member_saves_a_draft_then_submits_it_and_both_are_audited(assigned):
    binh = assigned["gk.binh"]
    assignment = assignment_of(binh, "HG-TP-1")

    draft = save_scores(
        assignment=assignment,
        points={"content": Decimal("30"), "creativity": "18,5"},
        comment="Hay",
        submit=False,
        by=binh.user,
    )
    assert (draft.status, draft.submitted_at) == (ScoreSheet.Status.DRAFT, None)
    assert scores_of(draft) == {"content": Decimal("30.0"), "creativity": Decimal("18.5")}

    sheet = save_scores(
        assignment=assignment, points=GOOD, comment=" Hay, rõ ý ", submit=True, by=binh.user
    )

    sheet.refresh_from_db()
    assert sheet.pk == draft.pk
    assert (sheet.status, sheet.comment) == (ScoreSheet.Status.SUBMITTED, "Hay, rõ ý")
    assert sheet.submitted_at is not None
    assert scores_of(sheet) == GOOD
    saved, submitted = AuditEvent.objects.filter(action__startswith="scores.").order_by("pk")
    assert (saved.action, saved.before, saved.actor) == ("scores.save", None, binh.user)
    assert submitted.action == "scores.submit"
    assert submitted.before["points"] == {"content": "30.0", "creativity": "18.5"}
    assert submitted.after == {
        "entry": "HG-TP-1",
        "judge": "gk.binh",
        "status": "submitted",
        "comment": "Hay, rõ ý",
        "points": {"content": "32.5", "creativity": "20.0", "reach": "7.0", "technique": "18.5"},
    }


@pytest.mark.parametrize(
    ("points", "message"),
    [
        ({"content": Decimal("-1")}, "must be between 0 and 40"),
        ({"content": Decimal("40.5")}, "must be between 0 and 40"),
        ({"reach": Decimal("10.1")}, "must be between 0 and 10"),
        ({"creativity": Decimal("7.25")}, "at most one decimal place"),
        ({"technique": "mười"}, "is not a number"),
        ({"charm": Decimal("5")}, "not one of the contest's criteria"),
    ],
)
def test_a_score_outside_its_bounds_is_refused_with_a_message(assigned, points, message):
    binh = assigned["gk.binh"]

    with pytest.raises(ScoresInvalid) as refused:
        save_scores(
            assignment=assignment_of(binh, "HG-TP-1"),
            points=points,
            comment="",
            submit=False,
            by=binh.user,
        )

    [(key, text)] = refused.value.problems.items()
    assert key == next(iter(points))
    assert message in text.en
    assert message in refused.value.message.en
    assert not ScoreSheet.objects.exists()


def test_full_marks_and_zero_are_within_bounds(assigned):
    binh = assigned["gk.binh"]
    points = {"content": 40, "creativity": Decimal("25.0"), "technique": 0, "reach": "10"}

    sheet = save_scores(
        assignment=assignment_of(binh, "HG-TP-1"),
        points=points,
        comment="",
        submit=True,
        by=binh.user,
    )

    assert scores_of(sheet) == {
        "content": Decimal("40"),
        "creativity": Decimal("25"),
        "technique": Decimal("0"),
        "reach": Decimal("10"),
    }


def test_a_partial_draft_is_allowed_but_a_partial_submit_is_refused(assigned):
    binh = assigned["gk.binh"]
    assignment = assignment_of(binh, "HG-TP-1")
    save_scores(
        assignment=assignment, points={"content": 30}, comment="", submit=False, by=binh.user
    )

    with pytest.raises(ScoresInvalid) as refused:
        save_scores(
            assignment=assignment,
            points={"content": 30, "creativity": 20},
            comment="",
            submit=True,
            by=binh.user,
        )

    assert set(refused.value.problems) == {"technique", "reach"}
    assert "required before the sheet is submitted" in refused.value.problems["reach"].en
    sheet = ScoreSheet.objects.get()
    assert (sheet.status, scores_of(sheet)) == (ScoreSheet.Status.DRAFT, {"content": 30})


def test_a_submitted_sheet_can_be_corrected_but_not_turned_back_into_a_draft(assigned):
    binh = assigned["gk.binh"]
    assignment = assignment_of(binh, "HG-TP-1")
    save_scores(assignment=assignment, points=GOOD, comment="", submit=True, by=binh.user)

    with pytest.raises(JudgingRefused) as refused:
        save_scores(assignment=assignment, points=GOOD, comment="", submit=False, by=binh.user)
    assert "cannot go back to a draft" in refused.value.message.en

    sheet = save_scores(
        assignment=assignment, points={**GOOD, "reach": 9}, comment="", submit=True, by=binh.user
    )
    assert scores_of(sheet)["reach"] == 9
    assert AuditEvent.objects.filter(action="scores.submit").count() == 2


def test_saving_the_same_scores_again_records_nothing(assigned):
    binh = assigned["gk.binh"]
    assignment = assignment_of(binh, "HG-TP-1")
    first = save_scores(assignment=assignment, points=GOOD, comment="", submit=True, by=binh.user)

    again = save_scores(assignment=assignment, points=GOOD, comment="", submit=True, by=binh.user)

    assert again.submitted_at == first.submitted_at
    assert AuditEvent.objects.filter(action__startswith="scores.").count() == 1


def test_scoring_another_members_clip_is_refused(assigned, organiser):
    binh, dung = assigned["gk.binh"], assigned["gk.dung"]

    for intruder in (dung.user, organiser):
        with pytest.raises(JudgingRefused) as refused:
            save_scores(
                assignment=assignment_of(binh, "HG-TP-1"),
                points=GOOD,
                comment="",
                submit=True,
                by=intruder,
            )
        assert refused.value.message.en == "This clip is not assigned to you."
    assert not ScoreSheet.objects.exists()


# --- finalising ----------------------------------------------------------------------------------


def test_finalising_locks_scores_and_assignment_and_reopening_with_a_reason_unlocks(
    demo_contest, assigned, organiser
):
    binh = assigned["gk.binh"]
    assignment = assignment_of(binh, "HG-TP-1")
    save_scores(assignment=assignment, points=GOOD, comment="", submit=True, by=binh.user)

    finalise_results(contest=demo_contest, by=organiser, reason="Họp Ban Giám khảo 15/7")

    assert results_locked(demo_contest)
    with pytest.raises(ResultsLocked):
        save_scores(assignment=assignment, points=FULL_MARKS, comment="", submit=True, by=binh.user)
    with pytest.raises(ResultsLocked):
        assign_jury(contest=demo_contest, per_entry=2, by=organiser)
    with pytest.raises(ResultsLocked):
        declare_conflict(member=binh, entry=assignment.entry, reason="x", by=organiser)
    with pytest.raises(JudgingRefused) as refused:
        reopen_results(contest=demo_contest, by=organiser, reason=" ")
    assert refused.value.message.en == "A reason is required."
    assert results_locked(demo_contest)

    reopen_results(contest=demo_contest, by=organiser, reason="Sai điểm clip HG-TP-1")

    assert not results_locked(demo_contest)
    save_scores(assignment=assignment, points=FULL_MARKS, comment="", submit=True, by=binh.user)
    finalised, reopened = AuditEvent.objects.filter(action__startswith="results.").order_by("pk")
    assert (finalised.action, finalised.actor, finalised.reason) == (
        "results.finalise",
        organiser,
        "Họp Ban Giám khảo 15/7",
    )
    assert (reopened.action, reopened.reason) == ("results.reopen", "Sai điểm clip HG-TP-1")
    assert list(ResultsDecision.objects.order_by("pk").values_list("action", flat=True)) == [
        "finalise",
        "reopen",
    ]


def test_only_an_organiser_finalises_once_and_reopens_only_what_is_finalised(
    demo_contest, organiser, secretary
):
    with pytest.raises(JudgingRefused) as refused:
        finalise_results(contest=demo_contest, by=secretary, reason="x")
    assert "Only the organisers" in refused.value.message.en
    with pytest.raises(JudgingRefused) as refused:
        reopen_results(contest=demo_contest, by=organiser, reason="x")
    assert "nothing to reopen" in refused.value.message.en
    with pytest.raises(JudgingRefused) as refused:
        finalise_results(contest=demo_contest, by=organiser, reason="")
    assert refused.value.message.en == "A reason is required."

    finalise_results(contest=demo_contest, by=organiser, reason="x")
    with pytest.raises(JudgingRefused) as refused:
        finalise_results(contest=demo_contest, by=organiser, reason="x")
    assert "already finalised" in refused.value.message.en
    assert ResultsDecision.objects.count() == 1


FULL_MARKS = {"content": 40, "creativity": 25, "technique": 25, "reach": 10}
