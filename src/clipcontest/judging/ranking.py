"""From the jury's score sheets to a ranking anyone can check by hand.

Pure rule code over frozen dataclasses, no database: the caller reads the rubric, the clips (with
their eligibility and the engagement counts frozen at the close), the submitted score sheets and
the assignments, and :func:`rank_clips` returns every clip's figures, the ranking and what keeps
the other clips out of it. The arithmetic (exact ``Decimal``, settled aggregates) lives in
:mod:`.aggregation`; this module orders the clips and explains every tie.

Scores compare exactly (as settled); the 2 decimals shown are for display only
(:func:`round_score`, half up, as people round by hand).

Ranking order: score (higher first), then the mean of each tie-break criterion in turn (rubric
order unless the rules file says otherwise; higher first), then the earlier submission, then the
ref in natural order (``MV-2`` before ``MV-10``). Refs are unique, so two clips are never fully
tied: the order is total and every tie says what decided it (``ClipResult.tie_break``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal, localcontext
from itertools import pairwise
from typing import Any, Literal

from clipcontest.common.text import Text

from .aggregation import (
    CONTEXT,
    TRIM_FROM,
    ClipFacts,
    Criterion,
    EngagementRule,
    Score,
    engagement_points,
    mean,
    settle,
    sheets_by_clip,
    std,
    trimmed_mean,
    zscores,
)
from .assignment import natural_key
from .checks import METHODS, Method, check_inputs

__all__ = [
    "METHODS",
    "TRIM_FROM",
    "ClipFacts",
    "ClipResult",
    "Criterion",
    "EngagementRule",
    "Results",
    "Score",
    "TieBreak",
    "Unranked",
    "rank_clips",
    "round_score",
]

_CENT = Decimal("0.01")

# What decided a tie, said from each side, by (placed, decided_by). ``{mine}`` and ``{theirs}``
# are the deciding values: criterion means, submission instants or refs.
_TIED = Text(vi="Bằng điểm với {other}; ", en="Tied on score with {other}; ")
TIE_BREAK_TEXTS = {
    ("above", "criterion"): Text(
        vi=_TIED.vi + "xếp trên vì trung bình {criterion} cao hơn ({mine} so với {theirs}).",
        en=_TIED.en + "placed above on a higher {criterion} mean ({mine} against {theirs}).",
    ),
    ("below", "criterion"): Text(
        vi=_TIED.vi + "xếp dưới vì trung bình {criterion} thấp hơn ({mine} so với {theirs}).",
        en=_TIED.en + "placed below on a lower {criterion} mean ({mine} against {theirs}).",
    ),
    ("above", "submitted_at"): Text(
        vi=_TIED.vi + "bằng mọi tiêu chí phụ; xếp trên vì gửi sớm hơn ({mine} so với {theirs}).",
        en=_TIED.en + "equal on every tie-break criterion; placed above as submitted earlier "
        "({mine} against {theirs}).",
    ),
    ("below", "submitted_at"): Text(
        vi=_TIED.vi + "bằng mọi tiêu chí phụ; xếp dưới vì gửi muộn hơn ({mine} so với {theirs}).",
        en=_TIED.en + "equal on every tie-break criterion; placed below as submitted later "
        "({mine} against {theirs}).",
    ),
    ("above", "ref"): Text(
        vi=_TIED.vi + "bằng mọi tiêu chí phụ và thời điểm gửi; xếp trên theo mã clip "
        "({mine} trước {theirs}).",
        en=_TIED.en + "equal on every tie-break criterion and submission time; placed above by "
        "ref ({mine} before {theirs}).",
    ),
    ("below", "ref"): Text(
        vi=_TIED.vi + "bằng mọi tiêu chí phụ và thời điểm gửi; xếp dưới theo mã clip "
        "({mine} sau {theirs}).",
        en=_TIED.en + "equal on every tie-break criterion and submission time; placed below by "
        "ref ({mine} after {theirs}).",
    ),
}
NOT_ELIGIBLE = Text(vi="Clip không hợp lệ.", en="The clip is not eligible.")
MISSING_SCORES = Text(vi="Còn thiếu điểm của: {judges}.", en="Scores still missing from: {judges}.")
NO_JUDGES = Text(
    vi="Chưa có thành viên Ban Giám khảo nào được phân công chấm clip này.",
    en="No jury member is assigned to this clip.",
)


@dataclass(frozen=True, slots=True)
class TieBreak:
    """Why a clip sits above or below its neighbour with the same score.

    ``decided_by`` is ``"criterion"`` (then ``criterion`` names it), ``"submitted_at"`` or
    ``"ref"``; ``placed`` is this clip's side of ``neighbour``.
    """

    neighbour: str
    placed: Literal["above", "below"]
    decided_by: Literal["criterion", "submitted_at", "ref"]
    criterion: str | None
    text: Text


@dataclass(frozen=True, slots=True)
class ClipResult:
    """Every figure of one clip, jury-only scores side by side with the one that ranks.

    ``jury`` is the chosen method's score; ``score`` is ``jury`` blended with ``engagement`` when
    the rules have an engagement component, else ``jury``. None where there is nothing to
    aggregate (no submitted sheet).
    """

    ref: str
    unit: str
    submitted_at: datetime
    eligible: bool
    judge_totals: Mapping[str, Decimal]
    criterion_means: Mapping[str, Decimal]
    mean: Decimal | None
    trimmed_mean: Decimal | None
    zscore: Decimal | None
    jury: Decimal | None
    engagement: Decimal | None
    score: Decimal | None
    disagreement: Decimal | None
    missing: tuple[str, ...]
    ranked: bool = False
    rank: int | None = None
    tie_break: tuple[TieBreak, ...] = ()

    @property
    def display_score(self) -> Decimal | None:
        return None if self.score is None else round_score(self.score)


@dataclass(frozen=True, slots=True)
class Unranked:
    """A clip left out of the ranking; ``reasons`` are codes, ``why`` says them in both languages.

    Codes: ``not_eligible``, ``missing_scores`` (``missing`` names the judges), ``no_judges``.
    """

    ref: str
    unit: str
    reasons: tuple[str, ...]
    missing: tuple[str, ...]
    why: tuple[Text, ...]


@dataclass(frozen=True)
class Results:
    """``ranking`` in rank order, ``unranked`` by ref; ``clips`` is both, in that order."""

    method: Method
    ranking: tuple[ClipResult, ...]
    unranked: tuple[Unranked, ...]
    clips: tuple[ClipResult, ...]

    def clip(self, ref: str) -> ClipResult:
        return next(clip for clip in self.clips if clip.ref == ref)


def round_score(value: Decimal) -> Decimal:
    """A score as shown and printed: 2 decimals, half up (``66.665`` -> ``66.67``)."""
    return value.quantize(_CENT, rounding=ROUND_HALF_UP)


def rank_clips(
    criteria: Sequence[Criterion],
    clips: Iterable[ClipFacts],
    scores: Iterable[Score],
    assignments: Mapping[str, frozenset[str]],
    *,
    method: Method = "mean",
    engagement: EngagementRule | None = None,
    tie_break: Sequence[str] | None = None,
) -> Results:
    """Aggregate the submitted sheets and rank the eligible clips whose assigned sheets are all in.

    ``tie_break`` lists the criteria compared on a tie (default: the rubric, in order). Raises
    ``ValueError`` on inconsistent input (a sheet from a judge not assigned to the clip, points
    outside a criterion's bounds, ...): a ranking over such input could not be trusted.
    """
    clips = list(clips)
    scores = list(scores)
    keys = tuple(c.key for c in criteria) if tie_break is None else tuple(tie_break)
    check_inputs(criteria, clips, scores, assignments, method, keys)
    with localcontext(CONTEXT):
        sheets = sheets_by_clip(clips, scores)
        pool = [sheet for clip in clips if clip.eligible for sheet in sheets[clip.ref]]
        round_ = _Round(
            rubric=tuple(criterion.key for criterion in criteria),
            assignments=assignments,
            method=method,
            zscores=zscores(sheets, pool),
            engagement_points=engagement_points(criteria, clips, engagement),
            engagement=engagement,
        )
        figures = [_figures(clip, sheets[clip.ref], round_) for clip in clips]
        ranking = _ranked([f for f in figures if _rankable(f)], keys)
    unranked = sorted(
        (ClipResult(**f) for f in figures if not _rankable(f)), key=lambda r: natural_key(r.ref)
    )
    return Results(
        method=method,
        ranking=ranking,
        unranked=tuple(_unranked(result) for result in unranked),
        clips=(*ranking, *unranked),
    )


@dataclass(frozen=True)
class _Round:
    """What every clip's figures share, worked out once for the whole round."""

    rubric: tuple[str, ...]
    assignments: Mapping[str, frozenset[str]]
    method: Method
    zscores: Mapping[str, Decimal]
    engagement_points: Mapping[str, Decimal]
    engagement: EngagementRule | None


def _figures(clip: ClipFacts, sheets: list[Score], round_: _Round) -> dict[str, Any]:
    """One clip's figures as ``ClipResult`` fields; the ranking adds its place once, after."""
    totals = {sheet.judge: sheet.total for sheet in sheets}
    values = list(totals.values())
    scored = {
        "mean": settle(mean(values)) if values else None,
        "trimmed_mean": settle(trimmed_mean(values)) if values else None,
        "zscore": round_.zscores.get(clip.ref),
    }
    jury = scored[round_.method]
    points = round_.engagement_points.get(clip.ref)
    rule = round_.engagement
    if rule is not None and jury is not None and points is not None:
        score = settle(rule.jury_weight * jury + rule.engagement_weight * points)
    else:
        score = jury
    assigned = round_.assignments.get(clip.ref, frozenset())
    rubric = round_.rubric if sheets else ()
    means = {key: settle(mean([s.points[key] for s in sheets])) for key in rubric}
    missing = assigned - totals.keys() if len(assigned) != len(totals) else ()
    return {
        "ref": clip.ref,
        "unit": clip.unit,
        "submitted_at": clip.submitted_at,
        "eligible": clip.eligible,
        "judge_totals": totals,
        "criterion_means": means,
        "jury": jury,
        "engagement": points,
        "score": score,
        "disagreement": settle(std(values)) if values else None,
        "missing": tuple(sorted(missing, key=natural_key)),
        **scored,
    }


def _rankable(figures: Mapping[str, Any]) -> bool:
    return figures["eligible"] and not figures["missing"] and figures["score"] is not None


class _NaturalRef:
    """A ref that sorts naturally, its key worked out only when a tie comes down to it."""

    __slots__ = ("ref",)

    def __init__(self, ref: str) -> None:
        self.ref = ref

    def __lt__(self, other: _NaturalRef) -> bool:
        return natural_key(self.ref) < natural_key(other.ref)


def _ranked(rankable: list[dict[str, Any]], keys: tuple[str, ...]) -> tuple[ClipResult, ...]:
    def order(figures: dict[str, Any]) -> tuple[object, ...]:
        means = figures["criterion_means"]
        return (
            -figures["score"],
            tuple(-means[key] for key in keys),
            figures["submitted_at"],
            _NaturalRef(figures["ref"]),
        )

    ordered = sorted(rankable, key=order)
    explained: dict[str, list[TieBreak]] = {}
    for upper, lower in pairwise(ordered):
        if upper["score"] != lower["score"]:
            continue
        decided_by, criterion, high, low = _decider(upper, lower, keys)
        sides = ((upper, lower, "above", high, low), (lower, upper, "below", low, high))
        for figures, other, placed, mine, theirs in sides:
            text = TIE_BREAK_TEXTS[placed, decided_by]
            text = text.format(other=other["ref"], criterion=criterion, mine=mine, theirs=theirs)
            tie = TieBreak(other["ref"], placed, decided_by, criterion, text)
            explained.setdefault(figures["ref"], []).append(tie)
    return tuple(
        ClipResult(
            **figures, ranked=True, rank=rank, tie_break=tuple(explained.get(figures["ref"], ()))
        )
        for rank, figures in enumerate(ordered, start=1)
    )


def _decider(
    upper: Mapping[str, Any], lower: Mapping[str, Any], keys: tuple[str, ...]
) -> tuple[Any, ...]:
    """What put ``upper`` above ``lower`` (equal scores): code, criterion, the two values."""
    for key in keys:
        high, low = upper["criterion_means"][key], lower["criterion_means"][key]
        if high != low:
            return ("criterion", key, *_shown(high, low))
    if upper["submitted_at"] != lower["submitted_at"]:
        return (
            "submitted_at",
            None,
            upper["submitted_at"].isoformat(),
            lower["submitted_at"].isoformat(),
        )
    return ("ref", None, upper["ref"], lower["ref"])


def _shown(high: Decimal, low: Decimal) -> tuple[str, str]:
    """Two different means as a reader can see they differ: 2 decimals unless that hides it."""
    if round_score(high) != round_score(low):
        return str(round_score(high)), str(round_score(low))
    return str(high.normalize()), str(low.normalize())


def _unranked(result: ClipResult) -> Unranked:
    reasons: list[tuple[str, Text]] = []
    if not result.eligible:
        reasons.append(("not_eligible", NOT_ELIGIBLE))
    if result.missing:
        judges = ", ".join(result.missing)
        reasons.append(("missing_scores", MISSING_SCORES.format(judges=judges)))
    elif result.score is None:
        reasons.append(("no_judges", NO_JUDGES))
    return Unranked(
        ref=result.ref,
        unit=result.unit,
        reasons=tuple(code for code, _ in reasons),
        missing=result.missing,
        why=tuple(text for _, text in reasons),
    )
