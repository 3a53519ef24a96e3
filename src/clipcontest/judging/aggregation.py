"""How a clip's score sheets become one number: mean, trimmed mean, z-score, engagement blend.

Pure arithmetic over frozen dataclasses for :mod:`.ranking`, which orders the clips and says
why. ``Decimal`` in a private context (50 significant digits), never floats and never the
caller's context; every sum runs in a fixed order (judges and refs sorted), so a result does
not depend on the order of the input. Aggregates are settled to 24 decimal places
(:func:`settle`): a mean of totals is a rational number the context rounds correctly, so equal
means are equal Decimals, but a z-score or a blended score takes several rounded steps, and
two clips tied in exact arithmetic could otherwise differ in the 50th digit and be "decided" by
rounding noise instead of the tie-break.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_EVEN, Context, Decimal
from functools import reduce

from .assignment import natural_key

# The trimmed mean drops the highest and the lowest total only from this many totals on: with
# fewer, dropping two would throw away too much of the jury.
TRIM_FROM = 5

CONTEXT = Context(prec=50, rounding=ROUND_HALF_EVEN)
_SETTLED = Decimal("1e-24")
_ZERO = Decimal(0)


@dataclass(frozen=True)
class Criterion:
    """One line of the rubric; a sequence of them, in rubric order, is the rubric."""

    key: str
    max_points: Decimal


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
class Score:
    """A submitted score sheet: one judge's points for one clip, by criterion key."""

    ref: str
    judge: str
    points: Mapping[str, Decimal]

    # Worked out once, as the sheet is made, in the private context: the z-scores, the means and
    # the pages all read it.
    total: Decimal = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        points = self.points
        try:
            total = reduce(CONTEXT.add, [points[key] for key in sorted(points)], _ZERO)
        except (TypeError, ArithmeticError):  # not Decimals: the ranking refuses such a sheet
            total = None
        object.__setattr__(self, "total", total)


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


def sheets_by_clip(clips: list[ClipFacts], scores: list[Score]) -> dict[str, list[Score]]:
    """Each clip's sheets, by judge: every later sum runs in this one order."""
    sheets: dict[str, list[Score]] = {clip.ref: [] for clip in clips}
    for score in scores:
        sheets[score.ref].append(score)
    # A jury has a few hundred members at most: each name's sort key is worked out once.
    judges = {judge: natural_key(judge) for judge in {score.judge for score in scores}}
    for clip_sheets in sheets.values():
        if len(clip_sheets) > 1:
            clip_sheets.sort(key=lambda sheet: judges[sheet.judge])
    return sheets


def mean(values: Sequence[Decimal]) -> Decimal:
    return sum(values, _ZERO) / len(values)


def std(values: Sequence[Decimal]) -> Decimal:
    """Population standard deviation: the jury is the whole population, not a sample of it."""
    centre = mean(values)
    return mean([(value - centre) ** 2 for value in values]).sqrt()


def settle(value: Decimal) -> Decimal:
    """Cut rounding noise at 24 places; an exact result (``Decimal("70")``) keeps its form."""
    return value.quantize(_SETTLED) if value.as_tuple().exponent < -24 else value


def trimmed_mean(totals: Sequence[Decimal]) -> Decimal:
    ordered = sorted(totals)
    return mean(ordered[1:-1] if len(ordered) >= TRIM_FROM else ordered)


def zscores(sheets: Mapping[str, list[Score]], pool: list[Score]) -> dict[str, Decimal]:
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
    scale = {judge: (mean(totals), std(totals)) for judge, totals in by_judge.items()}
    everything = [sheet.total for sheet in pool]
    centre, spread = mean(everything), std(everything)
    zscores = {}
    for ref, clip_sheets in sheets.items():
        if clip_sheets:
            z = mean([_z(sheet, scale.get(sheet.judge)) for sheet in clip_sheets])
            zscores[ref] = settle(centre + z * spread)
    return zscores


def _z(sheet: Score, scale: tuple[Decimal, Decimal] | None) -> Decimal:
    if scale is None or scale[1] == 0:
        return _ZERO
    return (sheet.total - scale[0]) / scale[1]


def engagement_points(
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
    return {ref: settle(min(full, value * full / top)) for ref, value in raw.items()}
