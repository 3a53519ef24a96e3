"""From the jury's score sheets to a ranking anyone can check by hand.

Pure rule code over frozen dataclasses, no database: the caller reads the rubric, the clips (with
their eligibility and the engagement counts frozen at the close), the submitted score sheets and
the assignments, and :func:`rank_clips` returns every clip's figures, the ranking and what keeps
the other clips out of it. The ranking decides who gets money, so:

- Arithmetic is ``Decimal`` in a private context (50 significant digits), never floats, and
  never the caller's context. Every sum runs in a fixed order (judges and refs sorted), so the
  result does not depend on the order of the input.
- Aggregates are settled to 24 decimal places. A mean of totals is a rational number the
  context rounds correctly, so equal means are equal Decimals; but a z-score or a blended score
  takes several rounded steps, and two clips tied in exact arithmetic could otherwise differ in
  the 50th digit and be "decided" by rounding noise instead of the tie-break.
- Scores compare exactly (as settled); the 2 decimals shown are for display only
  (:func:`round_score`, half up, as people round by hand).

Ranking order: score (higher first), then the mean of each tie-break criterion in turn (rubric
order unless the rules file says otherwise; higher first), then the earlier submission, then the
ref in natural order (``MV-2`` before ``MV-10``). Refs are unique, so two clips are never fully
tied: the order is total and every tie says what decided it (``ClipResult.tie_break``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal, localcontext
from itertools import pairwise
from typing import Any, Literal

from clipcontest.common.text import Text

from .assignment import natural_key

Method = Literal["mean", "trimmed_mean", "zscore"]
METHODS: tuple[Method, ...] = ("mean", "trimmed_mean", "zscore")
# The trimmed mean drops the highest and the lowest total only from this many totals on: with
# fewer, dropping two would throw away too much of the jury.
TRIM_FROM = 5

_CONTEXT = Context(prec=50, rounding=ROUND_HALF_EVEN)
_SETTLED = Decimal("1e-24")
_CENT = Decimal("0.01")
_ZERO = Decimal(0)

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


@dataclass(frozen=True)
class Criterion:
    """One line of the rubric; a sequence of them, in rubric order, is the rubric."""

    key: str
    max_points: Decimal


@dataclass(frozen=True)
class ClipFacts:
    """A clip as the ranking needs it; the counts are those frozen at the close (None: unknown)."""

    ref: str
    unit: str
    submitted_at: datetime
    eligible: bool = True
    views: int | None = None
    likes: int | None = None
    comments: int | None = None
    shares: int | None = None


@dataclass(frozen=True)
class Score:
    """A submitted score sheet: one judge's points for one clip, by criterion key."""

    ref: str
    judge: str
    points: Mapping[str, Decimal]

    @property
    def total(self) -> Decimal:
        return sum((self.points[key] for key in sorted(self.points)), _ZERO)


@dataclass(frozen=True)
class EngagementRule:
    """Blend ``jury_weight * jury + engagement_weight * engagement`` (weights summing to 1).

    A clip's engagement points are the weighted sum of its frozen counts, scaled so that the
    most engaging eligible clip gets the rubric's maximum total; an unknown count adds nothing.
    """

    jury_weight: Decimal
    engagement_weight: Decimal
    per_view: Decimal = _ZERO
    per_like: Decimal = _ZERO
    per_comment: Decimal = _ZERO
    per_share: Decimal = _ZERO

    def __post_init__(self) -> None:
        blend = (self.jury_weight, self.engagement_weight)
        weights = (self.per_view, self.per_like, self.per_comment, self.per_share)
        if sum(blend) != 1 or min(blend) <= 0 or min(weights) < 0 or max(weights) == 0:
            raise ValueError("weights: two positive ones summing to 1, the per-count ones >= 0")

    def raw(self, clip: ClipFacts) -> Decimal:
        counts = (clip.views, clip.likes, clip.comments, clip.shares)
        weights = (self.per_view, self.per_like, self.per_comment, self.per_share)
        return sum((w * (c or 0) for w, c in zip(weights, counts, strict=True)), _ZERO)


@dataclass(frozen=True)
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


@dataclass(frozen=True)
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


@dataclass(frozen=True)
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
    _check_inputs(criteria, clips, scores, assignments, method, keys)
    with localcontext(_CONTEXT):
        sheets = _sheets_by_clip(clips, scores)
        pool = [sheet for clip in clips if clip.eligible for sheet in sheets[clip.ref]]
        round_ = _Round(
            rubric=tuple(criterion.key for criterion in criteria),
            assignments=assignments,
            method=method,
            zscores=_zscores(sheets, pool),
            engagement_points=_engagement_points(criteria, clips, engagement),
            engagement=engagement,
        )
        results = [_clip_result(clip, sheets[clip.ref], round_) for clip in clips]
        ranking = _ranked(results, keys)
    unranked = sorted((r for r in results if not _rankable(r)), key=lambda r: natural_key(r.ref))
    return Results(
        method=method,
        ranking=ranking,
        unranked=tuple(_unranked(result) for result in unranked),
        clips=(*ranking, *unranked),
    )


def _check_inputs(
    criteria: Sequence[Criterion],
    clips: list[ClipFacts],
    scores: list[Score],
    assignments: Mapping[str, frozenset[str]],
    method: str,
    tie_break: tuple[str, ...],
) -> None:
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
    seen: set[tuple[str, str]] = set()
    for score in scores:
        pair = (score.ref, score.judge)
        if score.judge not in assignments.get(score.ref, frozenset()) or pair in seen:
            problems.append(f"sheet {pair} is not assigned, or is given twice")
        seen.add(pair)
        if set(score.points) != set(maxima) or not all(
            isinstance(p, Decimal) and 0 <= p <= maxima[key] for key, p in score.points.items()
        ):
            problems.append(f"sheet {pair} must give every criterion Decimal points in bounds")
    if problems:
        raise ValueError("; ".join(problems))


def _sheets_by_clip(clips: list[ClipFacts], scores: list[Score]) -> dict[str, list[Score]]:
    """Each clip's sheets, by judge: every later sum runs in this one order."""
    sheets: dict[str, list[Score]] = {clip.ref: [] for clip in clips}
    for score in sorted(scores, key=lambda s: (natural_key(s.ref), natural_key(s.judge))):
        sheets[score.ref].append(score)
    return sheets


def _mean(values: Sequence[Decimal]) -> Decimal:
    return sum(values, _ZERO) / len(values)


def _std(values: Sequence[Decimal]) -> Decimal:
    """Population standard deviation: the jury is the whole population, not a sample of it."""
    centre = _mean(values)
    return _mean([(value - centre) ** 2 for value in values]).sqrt()


def _settle(value: Decimal) -> Decimal:
    """Cut rounding noise at 24 places; an exact result (``Decimal("70")``) keeps its form."""
    return value.quantize(_SETTLED) if value.as_tuple().exponent < -24 else value


def _trimmed_mean(totals: Sequence[Decimal]) -> Decimal:
    ordered = sorted(totals)
    return _mean(ordered[1:-1] if len(ordered) >= TRIM_FROM else ordered)


def _zscores(sheets: Mapping[str, list[Score]], pool: list[Score]) -> dict[str, Decimal]:
    """Each clip's z-score, rescaled to the rubric: ``mean_all + mean_z * std_all``.

    A judge's totals are standardised over the sheets that judge gave to eligible clips (a
    disqualified clip must not shift anyone's scale), with the population standard deviation;
    a judge with one such sheet, or who gave every clip the same total, says nothing about
    their own scale and contributes 0. A clip's z is the mean over its judges. ``mean_all`` and
    ``std_all`` run over every sheet of an eligible clip, so a clip the jury finds average
    scores the average total, and one standard deviation above it scores one overall standard
    deviation more.
    """
    if not pool:
        return {}
    by_judge: dict[str, list[Decimal]] = {}
    for sheet in pool:
        by_judge.setdefault(sheet.judge, []).append(sheet.total)
    scale = {judge: (_mean(totals), _std(totals)) for judge, totals in by_judge.items()}
    everything = [sheet.total for sheet in pool]
    centre, spread = _mean(everything), _std(everything)
    zscores = {}
    for ref, clip_sheets in sheets.items():
        if clip_sheets:
            z = _mean([_z(sheet, scale.get(sheet.judge)) for sheet in clip_sheets])
            zscores[ref] = _settle(centre + z * spread)
    return zscores


def _z(sheet: Score, scale: tuple[Decimal, Decimal] | None) -> Decimal:
    if scale is None or scale[1] == 0:
        return _ZERO
    return (sheet.total - scale[0]) / scale[1]


def _engagement_points(
    criteria: Sequence[Criterion], clips: list[ClipFacts], rule: EngagementRule | None
) -> dict[str, Decimal]:
    """Engagement on the rubric's scale: the most engaging eligible clip gets the full total.

    An ineligible clip is capped at the full total rather than setting the scale.
    """
    if rule is None:
        return {}
    full = sum((criterion.max_points for criterion in criteria), _ZERO)
    raw = {clip.ref: rule.raw(clip) for clip in clips}
    top = max((raw[clip.ref] for clip in clips if clip.eligible), default=_ZERO)
    if top == 0:
        return dict.fromkeys(raw, _ZERO)
    return {ref: _settle(min(full, value * full / top)) for ref, value in raw.items()}


@dataclass(frozen=True)
class _Round:
    """What every clip's figures share, worked out once for the whole round."""

    rubric: tuple[str, ...]
    assignments: Mapping[str, frozenset[str]]
    method: Method
    zscores: Mapping[str, Decimal]
    engagement_points: Mapping[str, Decimal]
    engagement: EngagementRule | None


def _clip_result(clip: ClipFacts, sheets: list[Score], round_: _Round) -> ClipResult:
    totals = {sheet.judge: sheet.total for sheet in sheets}
    values = list(totals.values())
    scored = {
        "mean": _settle(_mean(values)) if values else None,
        "trimmed_mean": _settle(_trimmed_mean(values)) if values else None,
        "zscore": round_.zscores.get(clip.ref),
    }
    jury = scored[round_.method]
    points = round_.engagement_points.get(clip.ref)
    rule = round_.engagement
    if rule is not None and jury is not None and points is not None:
        score = _settle(rule.jury_weight * jury + rule.engagement_weight * points)
    else:
        score = jury
    assigned = round_.assignments.get(clip.ref, frozenset())
    rubric = round_.rubric if sheets else ()
    means = {key: _settle(_mean([s.points[key] for s in sheets])) for key in rubric}
    return ClipResult(
        ref=clip.ref,
        unit=clip.unit,
        submitted_at=clip.submitted_at,
        eligible=clip.eligible,
        judge_totals=totals,
        criterion_means=means,
        jury=jury,
        engagement=points,
        score=score,
        disagreement=_settle(_std(values)) if values else None,
        missing=tuple(sorted(assigned - totals.keys(), key=natural_key)),
        **scored,
    )


def _rankable(result: ClipResult) -> bool:
    return result.eligible and not result.missing and result.score is not None


def _ranked(results: list[ClipResult], keys: tuple[str, ...]) -> tuple[ClipResult, ...]:
    def order(result: ClipResult) -> tuple[object, ...]:
        means = tuple(-result.criterion_means[key] for key in keys)
        return (-result.score, means, result.submitted_at, natural_key(result.ref))

    ordered = sorted((result for result in results if _rankable(result)), key=order)
    explained: dict[str, list[TieBreak]] = {result.ref: [] for result in ordered}
    for upper, lower in pairwise(ordered):
        if upper.score != lower.score:
            continue
        decided_by, criterion, high, low = _decider(upper, lower, keys)
        sides = ((upper, lower, "above", high, low), (lower, upper, "below", low, high))
        for result, other, placed, mine, theirs in sides:
            text = TIE_BREAK_TEXTS[placed, decided_by]
            text = text.format(other=other.ref, criterion=criterion, mine=mine, theirs=theirs)
            explained[result.ref].append(TieBreak(other.ref, placed, decided_by, criterion, text))
    return tuple(
        replace(result, ranked=True, rank=rank, tie_break=tuple(explained[result.ref]))
        for rank, result in enumerate(ordered, start=1)
    )


def _decider(upper: ClipResult, lower: ClipResult, keys: tuple[str, ...]) -> tuple[Any, ...]:
    """What put ``upper`` above ``lower`` (equal scores): code, criterion, the two values."""
    for key in keys:
        high, low = upper.criterion_means[key], lower.criterion_means[key]
        if high != low:
            return ("criterion", key, *_shown(high, low))
    if upper.submitted_at != lower.submitted_at:
        return (
            "submitted_at",
            None,
            upper.submitted_at.isoformat(),
            lower.submitted_at.isoformat(),
        )
    return ("ref", None, upper.ref, lower.ref)


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
