"""Who scores which clip: every clip gets K distinct jury members, with loads as even as possible.

Pure rule code over plain strings (clip refs and usernames), no database: the caller reads the
eligible clips, the jury, the conflicts and the already scored pairs, and stores the result.

The model is a min-cost flow with convex costs per jury member (OR-Tools' SimpleMinCostFlow):

    clip --(capacity 1, absent for a conflict)--> member --(unit arcs)--> sink

Each clip supplies the number of members it still needs (K minus its kept pairs). A member's
i-th unit of load costs i, counting the kept pairs first, so the flow minimises the sum of the
squared loads. The load vectors reachable this way form an integral base polyhedron (an
M-convex set), where the minimiser of the sum of squares is "decreasingly minimal" (Frank and
Murota): the largest load is as small as it can be, then the next, and so on, and the smallest
load is as large as it can be. Hence max - min <= 1 whenever any assignment achieves it.

Ties. Many assignments share the best balance. Each (clip, member) pair carries a small
preference in [0, 1024), a fixed hash of the two names, and the balance cost is scaled so
that the sum of all preferences can never outweigh one unit of balance. Among the most balanced
assignments the flow picks the one with the smallest total preference: a pseudo-random, well
mixed choice of panels that depends only on the names. Any tie left after that is decided by the
solver on a graph built in one canonical order (clips and members in natural order, conflicts
and kept pairs as sets), and OR-Tools is deterministic, so the same input always gives the same
result, whatever the order of the input.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from clipcontest.common.text import Text

# numpy and OR-Tools are imported when an assignment is worked out, not when the views load.
if TYPE_CHECKING:
    import numpy as np

PREFERENCE_RANGE = 1024
# The solver scales costs by the number of nodes; stay well inside int64.
_COST_LIMIT = 2**62

JURY_TOO_SMALL = Text(
    vi="Mỗi clip cần {k} thành viên Ban Giám khảo nhưng Ban Giám khảo chỉ có {n} người.",
    en="Each clip needs {k} jury members but the jury has only {n}.",
)
TOO_FEW_WITHOUT_CONFLICT = Text(
    vi="Clip {ref} chỉ có {n} thành viên Ban Giám khảo không có xung đột lợi ích (cần {k}).",
    en="Clip {ref} has only {n} jury members without a conflict (needs {k}).",
)
KEPT_PAIR_IN_CONFLICT = Text(
    vi="Thành viên Ban Giám khảo {judge} đã chấm clip {ref} nhưng có xung đột lợi ích với clip "
    "này.",
    en="Jury member {judge} has already scored clip {ref} but has a conflict with it.",
)
KEPT_TOO_MANY = Text(
    vi="Clip {ref} đã được {n} thành viên Ban Giám khảo chấm, nhiều hơn {k} người mỗi clip.",
    en="Clip {ref} has already been scored by {n} jury members, more than {k} per clip.",
)
JURY_EMPTY = Text(
    vi="Ban Giám khảo chưa có thành viên nào.",
    en="The jury has no members yet.",
)
NO_JUDGE_WITHOUT_CONFLICT = Text(
    vi="Clip {ref} không có thành viên Ban Giám khảo nào không có xung đột lợi ích.",
    en="Clip {ref} has no jury member without a conflict.",
)
SOLVER_FAILED = Text(
    vi="Không tìm được cách phân công đủ thành viên Ban Giám khảo cho mọi clip (bộ giải trả về "
    "{status}).",
    en="No assignment gives every clip enough jury members (the solver returned {status}).",
)


class AssignmentInfeasible(Exception):
    """No assignment meets the rules; ``reasons`` says why, one message per problem found."""

    def __init__(self, reasons: list[Text]) -> None:
        super().__init__("\n".join(reason.both() for reason in reasons))
        self.reasons = reasons


@dataclass(frozen=True)
class Assignment:
    """Who scores what. Both maps list every clip and every member, in natural order."""

    by_judge: dict[str, list[str]]
    by_entry: dict[str, list[str]]

    @property
    def loads(self) -> dict[str, int]:
        return {judge: len(entries) for judge, entries in self.by_judge.items()}

    def as_json(self) -> dict[str, list[dict[str, object]]]:
        return {
            "assignments": [
                {"judge": judge, "entries": list(entries)}
                for judge, entries in self.by_judge.items()
            ]
        }


def natural_key(name: str) -> tuple[tuple[str | int, ...], str]:
    """Sort ``MV-2`` before ``MV-10``; the name itself breaks ties such as ``MV-02``/``MV-2``."""
    parts = re.split(r"(\d+)", name)
    # re.split alternates text and digits, so every position compares like with like.
    return tuple(int(part) if index % 2 else part for index, part in enumerate(parts)), name


@dataclass(frozen=True)
class _Problem:
    entries: list[str]
    judges: list[str]
    conflict: np.ndarray  # bool, entries x judges
    kept: np.ndarray  # bool, entries x judges
    kept_in_conflict: list[tuple[str, str]]

    @classmethod
    def build(
        cls,
        entries: Sequence[str],
        judges: Sequence[str],
        conflicts: Iterable[tuple[str, str]],
        keep: Iterable[tuple[str, str]],
    ) -> _Problem:
        import numpy as np

        entry_order = _in_natural_order(entries, "clip")
        judge_order = _in_natural_order(judges, "jury member")
        entry_index = {entry: row for row, entry in enumerate(entry_order)}
        judge_index = {judge: column for column, judge in enumerate(judge_order)}
        shape = (len(entry_order), len(judge_order))
        conflict = np.zeros(shape, dtype=bool)
        # A conflict with a clip or member outside this round (say, an ineligible clip) is moot.
        for entry, judge in conflicts:
            if entry in entry_index and judge in judge_index:
                conflict[entry_index[entry], judge_index[judge]] = True
        kept = np.zeros(shape, dtype=bool)
        for entry, judge in keep:
            if entry not in entry_index or judge not in judge_index:
                raise ValueError(f"kept pair ({entry!r}, {judge!r}) names an unknown clip or judge")
            kept[entry_index[entry], judge_index[judge]] = True
        rows, columns = np.nonzero(kept & conflict)
        kept_in_conflict = [
            (entry_order[r], judge_order[c]) for r, c in zip(rows, columns, strict=True)
        ]
        return cls(entry_order, judge_order, conflict, kept, kept_in_conflict)


def _in_natural_order(names: Sequence[str], what: str) -> list[str]:
    repeated = sorted(name for name, count in Counter(names).items() if count > 1)
    if repeated:
        raise ValueError(f"{what} listed more than once: {', '.join(repeated)}")
    return sorted(names, key=natural_key)


def assign(
    entries: Sequence[str],
    judges: Sequence[str],
    *,
    per_entry: int,
    conflicts: Collection[tuple[str, str]] = (),
    keep: Collection[tuple[str, str]] = (),
) -> Assignment:
    """Give each clip exactly ``per_entry`` distinct members, none in conflict, loads balanced.

    ``keep`` pairs (already scored) stay in the result and count toward the clip's
    ``per_entry`` and the member's load. Raises ``AssignmentInfeasible`` listing every reason
    found by the cheap checks; with no capacity per member, those checks are exact.
    """
    if per_entry < 1:
        raise ValueError("per_entry must be at least 1")
    problem = _Problem.build(entries, judges, conflicts, keep)
    reasons = _infeasibility_reasons(problem, per_entry)
    if reasons:
        raise AssignmentInfeasible(reasons)
    new_pairs = _solve_balanced_flow(problem, per_entry)
    return _assignment(problem, problem.kept | new_pairs)


def default_assignment(
    entries: Sequence[str],
    judges: Sequence[str],
    conflicts: Collection[tuple[str, str]] = (),
) -> Assignment:
    """Every member scores every clip except their conflicts: the usual jury of 5-7 people."""
    problem = _Problem.build(entries, judges, conflicts, ())
    if problem.entries and not problem.judges:
        raise AssignmentInfeasible([JURY_EMPTY])
    reasons = [
        NO_JUDGE_WITHOUT_CONFLICT.format(ref=entry)
        for entry, row in zip(problem.entries, problem.conflict, strict=True)
        if row.all()
    ]
    if reasons:
        raise AssignmentInfeasible(reasons)
    return _assignment(problem, ~problem.conflict)


def _infeasibility_reasons(problem: _Problem, per_entry: int) -> list[Text]:
    judge_count = len(problem.judges)
    reasons: list[Text] = []
    if problem.entries and per_entry > judge_count:
        reasons.append(JURY_TOO_SMALL.format(k=per_entry, n=judge_count))
    reasons += [
        KEPT_PAIR_IN_CONFLICT.format(ref=entry, judge=judge)
        for entry, judge in problem.kept_in_conflict
    ]
    kept_counts = problem.kept.sum(axis=1)
    free_counts = judge_count - problem.conflict.sum(axis=1)
    for entry, kept, free in zip(problem.entries, kept_counts, free_counts, strict=True):
        if kept > per_entry:
            reasons.append(KEPT_TOO_MANY.format(ref=entry, n=kept, k=per_entry))
        # Too small a jury was said once above; repeating it for every clip would bury it.
        if free < per_entry <= judge_count:
            reasons.append(TOO_FEW_WITHOUT_CONFLICT.format(ref=entry, n=free, k=per_entry))
    return reasons


def _solve_balanced_flow(problem: _Problem, per_entry: int) -> np.ndarray:
    """The new (clip, member) pairs, as a bool matrix, of the most balanced assignment.

    Only the unit arcs near the balanced level are built (a few per member); above them a
    single arc carries the remaining capacity at the marginal cost of the first unit beyond.
    That cost never exceeds the true one and equals it for that first unit, so when no member
    takes more than one unit from it the flow is optimal for the true costs; otherwise the
    level is raised and the flow solved again (rare: it takes heavily skewed conflicts).
    """
    import numpy as np

    entry_count, judge_count = problem.kept.shape
    needed = per_entry - problem.kept.sum(axis=1)
    open_pairs = ~problem.conflict & ~problem.kept & (needed > 0)[:, None]
    total_needed = int(needed.sum())
    if total_needed == 0:
        return np.zeros_like(problem.kept)
    rows, columns = np.nonzero(open_pairs)
    base = problem.kept.sum(axis=0).astype(np.int64)
    available = open_pairs.sum(axis=0).astype(np.int64)
    node_count = entry_count + judge_count + 1
    preference_range = _preference_range(total_needed, base, available, node_count)
    preference = _preference(
        _name_hashes(problem.entries)[rows], _name_hashes(problem.judges)[columns], preference_range
    )
    # One unit of balance outweighs every preference together.
    weight = total_needed * (preference_range - 1) + 1
    balanced_level = -(-entry_count * per_entry // judge_count)
    headroom = 1
    while True:
        units = np.clip(balanced_level + headroom - base, 0, available)
        flows = _min_cost_flow(rows, columns, preference, needed, base, units, available, weight)
        if flows is not None:
            break
        headroom *= 4
    chosen = flows > 0
    new_pairs = np.zeros_like(problem.kept)
    new_pairs[rows[chosen], columns[chosen]] = True
    return new_pairs


def _min_cost_flow(
    rows: np.ndarray,
    columns: np.ndarray,
    preference: np.ndarray,
    needed: np.ndarray,
    base: np.ndarray,
    units: np.ndarray,
    available: np.ndarray,
    weight: int,
) -> np.ndarray | None:
    """The flow on each (clip, member) arc, or None when the level was set too low."""
    import numpy as np
    from ortools.graph.python import min_cost_flow

    entry_count, judge_count = len(needed), len(base)
    sink = entry_count + judge_count
    solver = min_cost_flow.SimpleMinCostFlow()
    solver.add_arcs_with_capacity_and_unit_cost(
        rows.astype(np.int32),
        (entry_count + columns).astype(np.int32),
        np.ones(len(rows), dtype=np.int64),
        preference,
    )
    judge_of_unit = np.repeat(np.arange(judge_count), units)
    first_unit = np.repeat(np.cumsum(units) - units, units)
    unit_number = np.arange(len(judge_of_unit)) - first_unit + 1
    solver.add_arcs_with_capacity_and_unit_cost(
        (entry_count + judge_of_unit).astype(np.int32),
        np.full(len(judge_of_unit), sink, dtype=np.int32),
        np.ones(len(judge_of_unit), dtype=np.int64),
        weight * (base[judge_of_unit] + unit_number),
    )
    beyond = np.flatnonzero(available > units)
    overflow_arcs = solver.add_arcs_with_capacity_and_unit_cost(
        (entry_count + beyond).astype(np.int32),
        np.full(len(beyond), sink, dtype=np.int32),
        (available - units)[beyond],
        weight * (base[beyond] + units[beyond] + 1),
    )
    supplying = np.flatnonzero(needed > 0)
    solver.set_nodes_supplies(
        np.append(supplying, sink).astype(np.int32),
        np.append(needed[supplying], -needed[supplying].sum()).astype(np.int64),
    )
    status = solver.solve()
    if status != solver.OPTIMAL:
        raise AssignmentInfeasible([SOLVER_FAILED.format(status=status.name)])
    if len(beyond) and solver.flows(np.asarray(overflow_arcs)).max() > 1:
        return None
    return solver.flows(np.arange(len(rows)))


def _preference_range(
    total_needed: int, base: np.ndarray, available: np.ndarray, node_count: int
) -> int:
    """The widest preference range (up to 1024) whose scaled costs stay inside the solver's."""
    largest_marginal = int((base + available).max()) + 1
    budget = _COST_LIMIT // (node_count + 1) // largest_marginal
    return int(max(1, min(PREFERENCE_RANGE, (budget - 1) // total_needed + 1)))


def _preference(
    entry_hash: np.ndarray, judge_hash: np.ndarray, preference_range: int
) -> np.ndarray:
    """A fixed pseudo-random preference per (clip, member) pair, from the two names only."""
    import numpy as np

    mixed = entry_hash ^ (judge_hash * np.uint64(0x9E3779B97F4A7C15))
    # The splitmix64 finaliser: every bit of both names reaches the low bits we keep.
    mixed ^= mixed >> np.uint64(30)
    mixed *= np.uint64(0xBF58476D1CE4E5B9)
    mixed ^= mixed >> np.uint64(27)
    mixed *= np.uint64(0x94D049BB133111EB)
    mixed ^= mixed >> np.uint64(31)
    return (mixed % np.uint64(preference_range)).astype(np.int64)


def _name_hashes(names: list[str]) -> np.ndarray:
    import numpy as np

    # Python's hash() of a str changes between processes; blake2b does not.
    return np.array(
        [
            int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), "little")
            for name in names
        ],
        dtype=np.uint64,
    )


def _assignment(problem: _Problem, pairs: np.ndarray) -> Assignment:
    import numpy as np

    entries, judges = problem.entries, problem.judges
    return Assignment(
        by_judge={
            judge: [entries[row] for row in np.flatnonzero(pairs[:, column])]
            for column, judge in enumerate(judges)
        },
        by_entry={
            entry: [judges[column] for column in np.flatnonzero(pairs[row])]
            for row, entry in enumerate(entries)
        },
    )
