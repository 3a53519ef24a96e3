"""Who scores which clip: coverage, conflicts, balance, kept pairs, determinism, infeasibility.

Pure functions over plain names, no database. The generated contests go up to the issue's
2,000 clips x 60 jury members; the 10,000 x 200 size is a benchmark, not a test.
"""

from __future__ import annotations

import json
import math
import random
import subprocess
import sys
from functools import cache
from itertools import combinations

import pytest

from clipcontest.judging.assignment import (
    Assignment,
    AssignmentInfeasible,
    assign,
    default_assignment,
)

# (clips, jury members, members per clip, conflict rate)
GENERATED = [(50, 7, 3, 0.05), (500, 20, 3, 0.05), (2000, 60, 3, 0.05)]


def generated_contest(
    clips: int, judges: int, *, conflict_rate: float, seed: int = 35
) -> tuple[list[str], list[str], list[tuple[str, str]]]:
    rng = random.Random(seed)
    entries = [f"MV-{n}" for n in range(1, clips + 1)]
    jury = [f"judge{n:02d}" for n in range(1, judges + 1)]
    conflicts = [(e, j) for e in entries for j in jury if rng.random() < conflict_rate]
    return entries, jury, conflicts


@cache
def solved(clips: int, judges: int, per_entry: int, conflict_rate: float):
    entries, jury, conflicts = generated_contest(clips, judges, conflict_rate=conflict_rate)
    return entries, jury, conflicts, assign(entries, jury, per_entry=per_entry, conflicts=conflicts)


def sizes(case: tuple[int, int, int, float]) -> str:
    clips, judges, per_entry, _ = case
    return f"{clips}x{judges}xK{per_entry}"


def reasons_of(excinfo: pytest.ExceptionInfo[AssignmentInfeasible]) -> list[str]:
    return [reason.en for reason in excinfo.value.reasons]


@pytest.mark.parametrize("case", GENERATED, ids=sizes)
def test_every_clip_gets_exactly_k_distinct_judges(case):
    entries, jury, _, result = solved(*case)
    per_entry = case[2]

    assert list(result.by_entry) == entries
    for judges in result.by_entry.values():
        assert len(judges) == len(set(judges)) == per_entry
        assert set(judges) <= set(jury)
    # The two views agree.
    pairs_by_judge = {(e, j) for j, clips in result.by_judge.items() for e in clips}
    assert pairs_by_judge == {(e, j) for e, judges in result.by_entry.items() for j in judges}


@pytest.mark.parametrize("case", GENERATED, ids=sizes)
def test_no_clip_is_given_to_a_judge_with_a_conflict(case):
    _, _, conflicts, result = solved(*case)

    assigned = {(e, j) for e, judges in result.by_entry.items() for j in judges}
    assert conflicts
    assert not assigned & set(conflicts)


@pytest.mark.parametrize("case", GENERATED, ids=sizes)
def test_loads_differ_by_at_most_one(case):
    _, jury, _, result = solved(*case)

    assert list(result.loads) == jury
    assert max(result.loads.values()) - min(result.loads.values()) <= 1
    assert sum(result.loads.values()) == case[0] * case[2]


@pytest.mark.parametrize(("clips", "judges", "per_entry"), [(10, 3, 2), (7, 5, 3), (40, 6, 4)])
def test_max_load_is_the_ceiling_of_the_work_over_the_jury_without_conflicts(
    clips, judges, per_entry
):
    entries, jury, _ = generated_contest(clips, judges, conflict_rate=0)

    loads = assign(entries, jury, per_entry=per_entry).loads

    assert max(loads.values()) == math.ceil(clips * per_entry / judges)
    assert min(loads.values()) == clips * per_entry // judges


def best_loads_by_brute_force(entries, jury, per_entry, conflicts, keep):
    """Every reachable load vector, clip by clip; the best is the lexicographically smallest
    when sorted from the largest load down. None when some clip has no possible panel."""
    reachable = {tuple(0 for _ in jury)}
    for entry in entries:
        kept = {j for e, j in keep if e == entry}
        free = [j for j in jury if (entry, j) not in conflicts]
        panels = [set(p) for p in combinations(free, per_entry) if kept <= set(p)]
        if not panels:
            return None
        reachable = {
            tuple(load + (judge in panel) for load, judge in zip(loads, jury, strict=True))
            for loads in reachable
            for panel in panels
        }
    return min(sorted(loads, reverse=True) for loads in reachable)


def test_loads_are_optimal_against_brute_force_on_small_contests():
    rng = random.Random(2022)
    infeasible = 0
    for _ in range(300):
        jury = [f"j{n}" for n in range(rng.randint(1, 5))]
        entries = [f"MV-{n}" for n in range(rng.randint(1, 6))]
        per_entry = rng.randint(1, max(1, min(3, len(jury))))
        rate = rng.choice([0, 0.2, 0.4])
        conflicts = {(e, j) for e in entries for j in jury if rng.random() < rate}
        keep = set()
        for entry in entries:
            free = [j for j in jury if (entry, j) not in conflicts]
            keep |= {(entry, j) for j in rng.sample(free, min(len(free), rng.randint(0, 1)))}
        if any(sum(e == entry for e, _ in keep) > per_entry for entry in entries):
            continue
        best = best_loads_by_brute_force(entries, jury, per_entry, conflicts, keep)

        if best is None:
            infeasible += 1
            with pytest.raises(AssignmentInfeasible):
                assign(entries, jury, per_entry=per_entry, conflicts=conflicts, keep=keep)
            continue
        result = assign(entries, jury, per_entry=per_entry, conflicts=conflicts, keep=keep)
        assert sorted(result.loads.values(), reverse=True) == best
        assert {(e, j) for e, js in result.by_entry.items() for j in js} >= keep
    assert infeasible  # the cases above did include impossible contests


def test_a_judge_free_of_most_conflicts_takes_the_work_the_others_cannot():
    entries = [f"MV-{n}" for n in range(1, 31)]
    # Only "an" may score the first 25 clips: far above the even level of 10.
    conflicts = [(e, j) for e in entries[:25] for j in ("binh", "chi")]

    loads = assign(entries, ["an", "binh", "chi"], per_entry=1, conflicts=conflicts).loads

    assert loads["an"] == 25
    assert sorted([loads["binh"], loads["chi"]]) == [2, 3]


def test_judges_who_must_carry_most_of_the_work_still_share_it_evenly():
    entries = [f"MV-{n}" for n in range(1, 41)]
    # 36 clips only "an" and "binh" may score, far above the even level of 14 each.
    conflicts = [(e, "chi") for e in entries[:36]] + [
        (e, j) for e in entries[36:] for j in ("an", "binh")
    ]

    loads = assign(entries, ["an", "binh", "chi"], per_entry=1, conflicts=conflicts).loads

    assert loads == {"an": 18, "binh": 18, "chi": 4}


def test_kept_pairs_stay_and_count_toward_k_and_the_judges_load():
    entries, jury, conflicts = generated_contest(60, 6, conflict_rate=0.1)
    free = [(e, j) for e in entries for j in jury if (e, j) not in set(conflicts)]
    # "judge01" has already scored twenty clips; "judge02" one.
    keep = [pair for pair in free if pair[1] == "judge01"][:20]
    keep.append(next(pair for pair in free if pair[1] == "judge02"))

    result = assign(entries, jury, per_entry=2, conflicts=conflicts, keep=keep)

    assigned = {(e, j) for e, judges in result.by_entry.items() for j in judges}
    assert set(keep) <= assigned
    assert all(len(judges) == 2 for judges in result.by_entry.values())
    assert set(result.loads.values()) == {20}  # 120 reviews over 6 members, kept ones included


def test_a_judge_who_already_scored_more_than_the_even_share_gets_nothing_new():
    entries = [f"MV-{n}" for n in range(1, 13)]
    keep = [(e, "an") for e in entries[:8]]

    result = assign(entries, ["an", "binh", "chi"], per_entry=1, keep=keep)

    assert result.by_judge["an"] == entries[:8]
    assert result.loads == {"an": 8, "binh": 2, "chi": 2}


def test_same_result_whatever_the_order_of_the_input():
    entries, jury, conflicts = generated_contest(200, 12, conflict_rate=0.1)
    already_scored = [(e, jury[n % len(jury)]) for n, e in enumerate(entries[::7])]
    keep = [pair for pair in already_scored if pair not in set(conflicts)]
    first = assign(entries, jury, per_entry=3, conflicts=conflicts, keep=keep)

    rng = random.Random(7)
    for _ in range(3):
        shuffled = [list(entries), list(jury), list(conflicts), list(keep)]
        for items in shuffled:
            rng.shuffle(items)
        again = assign(
            shuffled[0],
            shuffled[1],
            per_entry=3,
            conflicts=set(shuffled[2]),
            keep=tuple(shuffled[3]),
        )
        assert again == first


def test_same_result_in_processes_with_different_string_hashing():
    script = (
        "import json, sys\n"
        "from clipcontest.judging.assignment import assign\n"
        "e, j, c = json.load(sys.stdin)\n"
        "print(json.dumps(assign(e, j, per_entry=3, conflicts=[tuple(p) for p in c]).as_json()))"
    )
    contest = json.dumps(generated_contest(50, 7, conflict_rate=0.1))
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script],
            input=contest,
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    }
    assert len(outputs) == 1


def test_json_lists_every_judge_in_order_even_one_without_clips():
    result = assign(["MV-10", "MV-2", "MV-1"], ["chi", "an", "binh"], per_entry=1)

    document = result.as_json()
    assert [row["judge"] for row in document["assignments"]] == ["an", "binh", "chi"]
    assert sorted(e for row in document["assignments"] for e in row["entries"]) == [
        "MV-1",
        "MV-10",
        "MV-2",
    ]
    assert json.loads(json.dumps(document)) == document

    idle = assign(["MV-1"], ["an", "binh", "chi"], per_entry=1).as_json()["assignments"]
    assert [row["judge"] for row in idle] == ["an", "binh", "chi"]
    assert sorted(len(row["entries"]) for row in idle) == [0, 0, 1]


def test_clips_are_listed_in_natural_order():
    result = assign(["MV-10", "MV-2", "MV-1"], ["an"], per_entry=1)

    assert result.by_judge == {"an": ["MV-1", "MV-2", "MV-10"]}
    assert list(result.by_entry) == ["MV-1", "MV-2", "MV-10"]


def test_infeasible_when_a_clip_has_too_few_judges_without_a_conflict():
    jury = ["an", "binh", "chi", "dung", "em"]
    conflicts = [("MV-2", "an"), ("MV-2", "binh"), ("MV-2", "chi"), ("MV-1", "an")]

    with pytest.raises(AssignmentInfeasible) as excinfo:
        assign(["MV-1", "MV-2"], jury, per_entry=3, conflicts=conflicts)

    assert reasons_of(excinfo) == [
        "Clip MV-2 has only 2 jury members without a conflict (needs 3)."
    ]
    assert excinfo.value.reasons[0].vi == (
        "Clip MV-2 chỉ có 2 thành viên Ban Giám khảo không có xung đột lợi ích (cần 3)."
    )


def test_infeasible_when_k_exceeds_the_jury():
    with pytest.raises(AssignmentInfeasible) as excinfo:
        assign(["MV-1", "MV-2"], ["an", "binh"], per_entry=3)

    # Said once for the jury, not repeated for every clip.
    assert reasons_of(excinfo) == ["Each clip needs 3 jury members but the jury has only 2."]


def test_infeasible_when_a_kept_pair_is_a_conflict():
    with pytest.raises(AssignmentInfeasible) as excinfo:
        assign(
            ["MV-1"],
            ["an", "binh", "chi"],
            per_entry=2,
            conflicts=[("MV-1", "binh")],
            keep=[("MV-1", "binh")],
        )

    assert reasons_of(excinfo) == [
        "Jury member binh has already scored clip MV-1 but has a conflict with it."
    ]


def test_infeasible_when_kept_pairs_give_a_clip_more_than_k_judges():
    keep = [("MV-1", "an"), ("MV-1", "binh"), ("MV-1", "chi")]

    with pytest.raises(AssignmentInfeasible) as excinfo:
        assign(["MV-1"], ["an", "binh", "chi"], per_entry=2, keep=keep)

    assert reasons_of(excinfo) == [
        "Clip MV-1 has already been scored by 3 jury members, more than 2 per clip."
    ]


def test_infeasibility_names_every_clip_at_fault():
    jury = ["an", "binh", "chi"]
    conflicts = [("MV-3", "an"), ("MV-3", "binh"), ("MV-10", "chi")]

    with pytest.raises(AssignmentInfeasible) as excinfo:
        assign(["MV-10", "MV-3", "MV-1"], jury, per_entry=3, conflicts=conflicts)

    assert reasons_of(excinfo) == [
        "Clip MV-3 has only 1 jury members without a conflict (needs 3).",
        "Clip MV-10 has only 2 jury members without a conflict (needs 3).",
    ]
    assert "MV-3" in str(excinfo.value)


def test_conflicts_outside_the_round_are_ignored():
    result = assign(["MV-1"], ["an"], per_entry=1, conflicts=[("MV-9", "an"), ("MV-1", "zed")])

    assert result.by_entry == {"MV-1": ["an"]}


@pytest.mark.parametrize(
    ("entries", "judges", "per_entry", "keep", "message"),
    [
        (["MV-1"], ["an"], 0, (), "per_entry"),
        (["MV-1", "MV-1"], ["an"], 1, (), "MV-1"),
        (["MV-1"], ["an", "an"], 1, (), "an"),
        (["MV-1"], ["an"], 1, [("MV-9", "an")], "MV-9"),
    ],
    ids=["k-below-one", "repeated-clip", "repeated-judge", "kept-unknown-clip"],
)
def test_malformed_input_is_a_programming_error(entries, judges, per_entry, keep, message):
    with pytest.raises(ValueError, match=message):
        assign(entries, judges, per_entry=per_entry, keep=keep)


def test_an_empty_round_lists_the_jury_with_no_clips():
    result = assign([], ["binh", "an"], per_entry=3)

    assert result == Assignment(by_judge={"an": [], "binh": []}, by_entry={})


def test_by_default_every_judge_scores_every_clip_except_their_conflicts():
    result = default_assignment(
        ["MV-2", "MV-1"], ["binh", "an", "chi"], conflicts=[("MV-1", "binh")]
    )

    assert result.by_entry == {"MV-1": ["an", "chi"], "MV-2": ["an", "binh", "chi"]}
    assert result.loads == {"an": 2, "binh": 1, "chi": 2}
    assert result.as_json()["assignments"][1] == {"judge": "binh", "entries": ["MV-2"]}


def test_by_default_a_clip_every_judge_conflicts_with_is_infeasible():
    conflicts = [("MV-2", "an"), ("MV-2", "binh")]

    with pytest.raises(AssignmentInfeasible) as excinfo:
        default_assignment(["MV-1", "MV-2"], ["an", "binh"], conflicts)

    assert reasons_of(excinfo) == ["Clip MV-2 has no jury member without a conflict."]

    with pytest.raises(AssignmentInfeasible) as excinfo:
        default_assignment(["MV-1"], [])
    assert reasons_of(excinfo) == ["The jury has no members yet."]
