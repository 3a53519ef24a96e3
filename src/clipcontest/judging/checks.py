"""What :func:`.ranking.rank_clips` refuses before ranking: a rubric, sheets and assignments
that do not fit together. Pure code over the ranking's own dataclasses."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Literal

from .aggregation import ClipFacts, Criterion, Score

Method = Literal["mean", "trimmed_mean", "zscore"]
METHODS: tuple[Method, ...] = ("mean", "trimmed_mean", "zscore")


def check_inputs(
    criteria: Sequence[Criterion],
    clips: list[ClipFacts],
    scores: list[Score],
    assignments: Mapping[str, frozenset[str]],
    method: str,
    tie_break: tuple[str, ...],
) -> None:
    """Refuse input a ranking could not be trusted on; every problem named in one error."""
    maxima = {criterion.key: criterion.max_points for criterion in criteria}
    refs = {clip.ref for clip in clips}
    problems = []
    if method not in METHODS:
        problems.append(f"unknown method {method!r}")
    if not maxima or len(maxima) != len(criteria) or min(maxima.values()) <= 0:
        problems.append("the rubric needs criteria with distinct keys and positive maxima")
    if len(set(tie_break)) != len(tie_break) or not set(tie_break) <= set(maxima):
        problems.append(f"tie-break {tie_break!r} must name distinct criteria of the rubric")
    if len(refs) != len(clips):
        problems.append("a clip is listed more than once")
    naive = [clip.ref for clip in clips if clip.submitted_at.utcoffset() is None]
    problems += [f"{ref}: submitted_at must be an aware datetime" for ref in naive]
    problems += [f"assignments name an unknown clip {ref}" for ref in set(assignments) - refs]
    problems += _sheet_problems(scores, assignments, maxima)
    if problems:
        raise ValueError("; ".join(problems))


def _sheet_problems(
    scores: list[Score], assignments: Mapping[str, frozenset[str]], maxima: dict[str, Decimal]
) -> list[str]:
    """Each bad sheet, named. The points are checked once per distinct value of each criterion
    first (a jury gives few distinct values); only when one is wrong is every sheet gone over."""
    rubric = maxima.keys()
    try:
        # By type too: 5, 5.0 and Decimal(5) are equal, and only the last is allowed.
        values = {(key, type(p), p) for s in scores for key, p in s.points.items()}
        in_bounds = all(
            key not in maxima or (issubclass(kind, Decimal) and 0 <= p <= maxima[key])
            for key, kind, p in values
        )
    except TypeError:  # unhashable or not comparable: named below
        in_bounds = False
    seen: set[tuple[str, str]] = set()
    problems = []
    nothing: frozenset[str] = frozenset()
    for score in scores:
        pair = (score.ref, score.judge)
        if score.judge not in assignments.get(score.ref, nothing) or pair in seen:
            problems.append(f"sheet {pair} is not assigned, or is given twice")
        seen.add(pair)
        points = score.points
        if points.keys() != rubric or not (
            in_bounds
            or all(isinstance(p, Decimal) and 0 <= p <= maxima[key] for key, p in points.items())
        ):
            problems.append(f"sheet {pair} must give every criterion Decimal points in bounds")
    return problems
