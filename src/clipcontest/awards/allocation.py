"""Prizes from the ranking: tier by tier down the ranked clips, with the plan's limits.

Pure rule code, no database: the caller passes the ranking (``judging.ranking``) and the prize
tiers in rank order, and gets one :class:`Award` per ranked clip plus what could not be given.

The walk: prizes are handed out in tier order (all ``first`` prizes, then ``second``, ...), each
to the best-ranked clip not yet served. A clip whose unit already holds ``per_unit_cap`` prizes,
or whose score is below ``min_score``, is passed over and the next clip takes that prize. Money
follows the ranking only, so a prize is never split and a clip never takes two.

Ties on a prize boundary need no rule here: the ranking's order is total (score, then each
tie-break criterion's mean, then the earlier submission, then the ref, and refs are unique), so
two clips are never tied after every tie-break and the ranking already says which one is above.

Prizes nobody can take (fewer ranked clips than prizes, a minimum score, a cap) are listed in
``Allocation.unused``, never silently dropped: the committee decides what to do with them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal, NamedTuple

from clipcontest.common.text import Text
from clipcontest.judging.ranking import ClipResult

PassedOver = Literal["per_unit_cap", "min_score"]


@dataclass(frozen=True)
class PrizeTier:
    """One tier of prizes; ``amount`` is the cash of each prize, in đồng."""

    key: str
    name: Text
    count: int
    amount: int


@dataclass(frozen=True, slots=True)
class Award:
    """A ranked clip's outcome: its tier and amount, or ``tier_key`` None and ``amount`` 0.

    ``passed_over`` says why a clip got nothing while prizes were still left to give.
    """

    rank: int
    ref: str
    unit: str
    score: Decimal
    tier_key: str | None
    amount: int
    passed_over: PassedOver | None = None


class UnusedPrizes(NamedTuple):
    tier_key: str
    count: int


@dataclass(frozen=True)
class Allocation:
    awards: tuple[Award, ...]
    unused: tuple[UnusedPrizes, ...]
    total: int

    @property
    def winners(self) -> tuple[Award, ...]:
        return tuple(award for award in self.awards if award.tier_key is not None)


def allocate(
    ranking: Sequence[ClipResult],
    tiers: Sequence[PrizeTier],
    *,
    per_unit_cap: int | None = None,
    min_score: Decimal | None = None,
) -> Allocation:
    """Hand the prizes down the ranking; see the module docstring for the rules.

    ``min_score`` compares with the exact score, like the ranking (a clip shown as ``60.00``
    may be 59.995 and so below a minimum of 60). Raises ``ValueError`` unless ``ranking`` is
    the ranked clips in rank order (ranks 1, 2, ...) and the tiers are sound.
    """
    _check(ranking, tiers, per_unit_cap)
    slots = [tier for tier in tiers for _ in range(tier.count)]
    held: Counter[str] = Counter()
    awards = []
    for clip in ranking:
        reason = _passed_over(clip, held, per_unit_cap, min_score) if slots else None
        if slots and reason is None:
            tier = slots.pop(0)
            held[clip.unit] += 1
            awards.append(_award(clip, tier.key, tier.amount))
        else:
            awards.append(_award(clip, None, 0, reason))
    left = Counter(tier.key for tier in slots)
    return Allocation(
        awards=tuple(awards),
        unused=tuple(UnusedPrizes(tier.key, left[tier.key]) for tier in tiers if left[tier.key]),
        total=sum(award.amount for award in awards),
    )


def _passed_over(
    clip: ClipResult, held: Counter[str], per_unit_cap: int | None, min_score: Decimal | None
) -> PassedOver | None:
    if min_score is not None and clip.score < min_score:
        return "min_score"
    if per_unit_cap is not None and held[clip.unit] >= per_unit_cap:
        return "per_unit_cap"
    return None


def _award(
    clip: ClipResult, tier_key: str | None, amount: int, passed_over: PassedOver | None = None
) -> Award:
    return Award(clip.rank, clip.ref, clip.unit, clip.score, tier_key, amount, passed_over)


def _check(ranking: Sequence[ClipResult], tiers: Sequence[PrizeTier], cap: int | None) -> None:
    if [clip.rank for clip in ranking] != list(range(1, len(ranking) + 1)) or not all(
        clip.ranked and clip.score is not None for clip in ranking
    ):
        raise ValueError("the ranking must be the ranked clips in rank order")
    keys = [tier.key for tier in tiers]
    if len(set(keys)) != len(keys) or any(t.count < 1 or t.amount < 0 for t in tiers):
        raise ValueError("prize tiers need distinct keys, a positive count, no negative amount")
    if cap is not None and cap < 1:
        raise ValueError("per_unit_cap must be at least 1")
