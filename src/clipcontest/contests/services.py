"""Storing a validated rules file as a contest."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from .models import Contest, Criterion, PrizeTier
from .rules_file import ContestRules


@dataclass(frozen=True)
class ContestLoaded:
    contest: Contest
    created: bool


@transaction.atomic
def load_contest(rules: ContestRules, *, rules_text: str = "") -> ContestLoaded:
    """Create the contest of ``rules.slug`` or bring it in line with the file.

    Prize tiers and criteria not in the file any more are removed, so the stored contest and
    the file never disagree. The file has been validated already (``parse_rules``).
    """
    window, entries, group, judging = (
        rules.window,
        rules.entries,
        rules.facebook_group,
        rules.judging,
    )
    contest, created = Contest.objects.update_or_create(
        slug=rules.slug,
        defaults={
            "name": rules.name,
            "name_en": rules.name_en,
            "organiser": rules.organiser,
            "organiser_en": rules.organiser_en,
            "time_zone": rules.time_zone,
            "opens_on": window.opens_on,
            "closes_on": window.closes_on,
            "letter_deadline": window.letter_deadline,
            "awards_month": window.awards_month.strftime("%Y-%m"),
            "min_entries_per_unit": entries.min_per_unit,
            "min_seconds": _decimal(entries.min_seconds),
            "max_seconds": _decimal(entries.max_seconds),
            "platforms": list(entries.platforms),
            "genres": [g.model_dump(include={"key", "name", "name_en"}) for g in rules.genres],
            "themes": [t.model_dump(include={"key", "name", "name_en"}) for t in rules.themes],
            "facebook_group_id": group.id,
            "facebook_group_name": group.name,
            "facebook_group_url": group.url,
            "combine": judging.combine,
            "blind_judging": judging.blind,
            "tie_break": list(judging.tie_break),
            **_engagement_fields(rules),
            "prize_cap_per_unit": rules.awards.per_unit_cap,
            "prize_min_score": _optional_decimal(rules.awards.min_score),
            "gallery": rules.gallery,
            "practice": rules.practice,
            "rules_text": rules_text,
        },
    )
    _sync_prize_tiers(contest, rules)
    _sync_criteria(contest, rules)
    return ContestLoaded(contest=contest, created=created)


def _sync_prize_tiers(contest: Contest, rules: ContestRules) -> None:
    keys = [prize.key for prize in rules.prizes]
    contest.prize_tiers.exclude(key__in=keys).delete()
    for position, prize in enumerate(rules.prizes, start=1):
        PrizeTier.objects.update_or_create(
            contest=contest,
            key=prize.key,
            defaults={
                "position": position,
                "name": prize.name,
                "name_en": prize.name_en,
                "count": prize.count,
                "amount": prize.amount,
                "certificate": prize.certificate,
            },
        )


def _sync_criteria(contest: Contest, rules: ContestRules) -> None:
    keys = [criterion.key for criterion in rules.criteria]
    contest.criteria.exclude(key__in=keys).delete()
    for position, criterion in enumerate(rules.criteria, start=1):
        Criterion.objects.update_or_create(
            contest=contest,
            key=criterion.key,
            defaults={
                "position": position,
                "name": criterion.name,
                "name_en": criterion.name_en,
                "max_points": _decimal(criterion.max_points),
                "description": criterion.description,
            },
        )


def _engagement_fields(rules: ContestRules) -> dict[str, Decimal | None]:
    engagement = rules.engagement
    if engagement is None:
        return {
            "engagement_jury_weight": None,
            "engagement_weight": None,
            **{f"engagement_per_{kind}": Decimal(0) for kind in ENGAGEMENT_KINDS},
        }
    return {
        "engagement_jury_weight": _decimal(engagement.jury_weight),
        "engagement_weight": _decimal(engagement.engagement_weight),
        **{
            f"engagement_per_{kind}": _decimal(getattr(engagement, f"per_{kind}"))
            for kind in ENGAGEMENT_KINDS
        },
    }


ENGAGEMENT_KINDS = ("view", "like", "comment", "share")


def _optional_decimal(value: float | None) -> Decimal | None:
    return None if value is None else _decimal(value)


def _decimal(value: float) -> Decimal:
    """Exact as written in the file: 5.5 stays 5.5, not 5.4999999."""
    return Decimal(str(value))
