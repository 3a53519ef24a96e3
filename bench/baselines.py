"""The floors we compare against: the least work that gives the same answer.

* Results: the submitted criterion scores read with one SQL query into numpy, each sheet's total,
  each clip's mean and criterion means, and one ``lexsort`` by mean then the tie-break
  criteria. No eligibility, no explanations, no prizes: the bare arithmetic and the sort.
* Assignment: the same flow network ``clipcontest.judging.assignment`` builds (same arcs, same
  costs), handed straight to OR-Tools' ``SimpleMinCostFlow``; its optimum is the cost our
  assignment must reach to be optimal.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from django.db import connection
from ortools.graph.python import min_cost_flow

from clipcontest.contests.models import Contest
from clipcontest.judging import assignment as solver
from clipcontest.judging.models import CriterionScore, ScoreSheet

# --- results --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScoreArrays:
    clip: np.ndarray  # per criterion score: the clip's index
    sheet: np.ndarray  # per criterion score: the sheet's index
    criterion: np.ndarray  # per criterion score: the criterion's position (0-based)
    points: np.ndarray
    clips: int
    criteria: int


def read_scores(contest: Contest) -> ScoreArrays:
    """The contest's submitted criterion scores as arrays, with one SQL query, no Decimals."""
    positions = {
        pk: index
        for index, pk in enumerate(
            contest.criteria.order_by("position").values_list("pk", flat=True)
        )
    }
    rows = CriterionScore.objects.filter(
        sheet__assignment__member__contest=contest,
        sheet__status=ScoreSheet.Status.SUBMITTED,
    ).values_list("sheet__assignment__entry_id", "sheet_id", "criterion_id", "points")
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        data = np.array(cursor.fetchall(), dtype=np.float64)
    clip_ids, clip = np.unique(data[:, 0], return_inverse=True)
    _, sheet = np.unique(data[:, 1], return_inverse=True)
    lookup = np.zeros(int(data[:, 2].max()) + 1, dtype=np.int64)
    for pk, index in positions.items():
        if pk < len(lookup):
            lookup[pk] = index
    return ScoreArrays(
        clip=clip,
        sheet=sheet,
        criterion=lookup[data[:, 2].astype(np.int64)],
        points=data[:, 3],
        clips=len(clip_ids),
        criteria=len(positions),
    )


def aggregate_and_sort(scores: ScoreArrays) -> np.ndarray:
    """Clip indices best first: mean of the judges' totals, then criterion means in order."""
    sheet_total = np.bincount(scores.sheet, weights=scores.points)
    sheet_clip = np.zeros(len(sheet_total), dtype=np.int64)
    sheet_clip[scores.sheet] = scores.clip
    mean = np.bincount(sheet_clip, weights=sheet_total, minlength=scores.clips) / np.maximum(
        np.bincount(sheet_clip, minlength=scores.clips), 1
    )
    cell = scores.clip * scores.criteria + scores.criterion
    size = scores.clips * scores.criteria
    criterion_mean = (
        np.bincount(cell, weights=scores.points, minlength=size)
        / np.maximum(np.bincount(cell, minlength=size), 1)
    ).reshape(scores.clips, scores.criteria)
    # lexsort's last key is the primary one: the mean, then the first tie-break criterion.
    keys = [-criterion_mean[:, c] for c in reversed(range(scores.criteria))] + [-mean]
    return np.lexsort(keys)


def numpy_results(contest: Contest) -> tuple[float, float]:
    """(seconds with the SQL read, seconds of the in-memory aggregation and sort alone)."""
    started = time.perf_counter()
    scores = read_scores(contest)
    read = time.perf_counter()
    aggregate_and_sort(scores)
    done = time.perf_counter()
    return done - started, done - read


# --- assignment -----------------------------------------------------------------------------


@dataclass(frozen=True)
class AssignmentProblem:
    entries: list[str]
    judges: list[str]
    conflicts: set[tuple[str, str]]
    per_entry: int


def assignment_problem(clips: int, judges: int, per_entry: int, units: int = 20):
    """``clips`` clips of ``units`` units, ``judges`` members each from one of those units:
    a member's own unit is a conflict, so with 20 units 5% of the pairs are conflicts."""
    entries = [f"U{n % units:02d}-{n // units + 1}" for n in range(clips)]
    names = [f"gk{n:03d}" for n in range(judges)]
    conflicts = {
        (entry, judge)
        for n, entry in enumerate(entries)
        for j, judge in enumerate(names)
        if n % units == j % units
    }
    return AssignmentProblem(entries, names, conflicts, per_entry)


@dataclass(frozen=True)
class RawFlow:
    seconds: float
    optimal_cost: int
    weight: int
    preference: np.ndarray  # entries x judges: each clip-member arc's cost
    entries: list[str]
    judges: list[str]


def raw_flow(problem: AssignmentProblem) -> RawFlow:
    """Solve the solver's own network with OR-Tools directly; time the build and the solve.

    The arrays (arcs, costs) are prepared first and not timed: what is timed is what OR-Tools
    does with them, the floor for any assignment built on it.
    """
    entries = sorted(problem.entries, key=solver.natural_key)
    judges = sorted(problem.judges, key=solver.natural_key)
    entry_index = {e: i for i, e in enumerate(entries)}
    judge_index = {j: i for i, j in enumerate(judges)}
    conflict = np.zeros((len(entries), len(judges)), dtype=bool)
    for entry, judge in problem.conflicts:
        conflict[entry_index[entry], judge_index[judge]] = True
    k = problem.per_entry
    rows, columns = np.nonzero(~conflict)
    needed = np.full(len(entries), k, dtype=np.int64)
    base = np.zeros(len(judges), dtype=np.int64)
    available = (~conflict).sum(axis=0).astype(np.int64)
    total = int(needed.sum())
    span = solver._preference_range(total, base, available, len(entries) + len(judges) + 1)
    preference = solver._preference(
        solver._name_hashes(entries)[rows], solver._name_hashes(judges)[columns], span
    )
    weight = total * (span - 1) + 1
    level = -(-len(entries) * k // len(judges)) + 1
    units = np.clip(level - base, 0, available)
    judge_of_unit = np.repeat(np.arange(len(judges)), units)
    unit_number = np.arange(len(judge_of_unit)) - np.repeat(np.cumsum(units) - units, units) + 1
    beyond = np.flatnonzero(available > units)
    sink = len(entries) + len(judges)
    started = time.perf_counter()
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(
        rows.astype(np.int32),
        (len(entries) + columns).astype(np.int32),
        np.ones(len(rows), dtype=np.int64),
        preference,
    )
    flow.add_arcs_with_capacity_and_unit_cost(
        (len(entries) + judge_of_unit).astype(np.int32),
        np.full(len(judge_of_unit), sink, dtype=np.int32),
        np.ones(len(judge_of_unit), dtype=np.int64),
        weight * unit_number,
    )
    flow.add_arcs_with_capacity_and_unit_cost(
        (len(entries) + beyond).astype(np.int32),
        np.full(len(beyond), sink, dtype=np.int32),
        (available - units)[beyond],
        weight * (units[beyond] + 1),
    )
    flow.set_nodes_supplies(
        np.append(np.arange(len(entries)), sink).astype(np.int32),
        np.append(needed, -total).astype(np.int64),
    )
    status = flow.solve()
    seconds = time.perf_counter() - started
    if status != flow.OPTIMAL:
        raise RuntimeError(f"OR-Tools returned {status}")
    return RawFlow(
        seconds=seconds,
        optimal_cost=int(flow.optimal_cost()),
        weight=weight,
        preference=_matrix(rows, columns, preference, conflict.shape),
        entries=entries,
        judges=judges,
    )


def assignment_cost(result: solver.Assignment, raw: RawFlow) -> int:
    """Our assignment's cost in the raw network: preferences plus the convex load costs."""
    entry_index = {e: i for i, e in enumerate(raw.entries)}
    judge_index = {j: i for i, j in enumerate(raw.judges)}
    cost = 0
    for judge, refs in result.by_judge.items():
        load = len(refs)
        cost += raw.weight * load * (load + 1) // 2
        column = judge_index[judge]
        cost += int(raw.preference[[entry_index[ref] for ref in refs], column].sum())
    return cost


def _matrix(rows: np.ndarray, columns: np.ndarray, values: np.ndarray, shape) -> np.ndarray:
    matrix = np.zeros(shape, dtype=np.int64)
    matrix[rows, columns] = values
    return matrix
