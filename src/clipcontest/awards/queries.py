"""What the awards documents and pages read: the winners with everything printed about them."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from clipcontest.contests.models import Contest
from clipcontest.entries.models import Entry, EntryAuthor

from .models import Certificate
from .results import ContestResults, contest_results


@dataclass(frozen=True)
class Winner:
    """A prize-winning clip as the documents print it.

    ``authors`` keep the order the unit gave (the credit order); ``tier_name`` is the tier's
    Vietnamese name ("Giải Nhất"), ``amount`` in đồng.
    """

    rank: int
    ref: str
    title: str
    unit_code: str
    unit_name: str
    authors: tuple[str, ...]
    tier_key: str
    tier_name: str
    tier_name_en: str
    amount: int
    score: Decimal
    certificate: bool


def winners(results: ContestResults) -> list[Winner]:
    """The winners in rank order (so tier by tier), in two queries whatever their number."""
    awarded = results.allocation.winners
    entries = {
        entry.ref: entry
        for entry in Entry.objects.filter(
            contest=results.contest, ref__in=[award.ref for award in awarded]
        )
        .select_related("unit")
        .prefetch_related(
            Prefetch("author_links", queryset=EntryAuthor.objects.select_related("person"))
        )
    }
    rows = []
    for award in awarded:
        entry = entries[award.ref]
        tier = results.tier(award.tier_key)
        assert tier is not None  # the allocation only hands out the contest's own tiers
        rows.append(
            Winner(
                rank=award.rank,
                ref=award.ref,
                title=entry.title,
                unit_code=entry.unit.code,
                unit_name=entry.unit.name,
                authors=tuple(entry.author_names),
                tier_key=tier.key,
                tier_name=tier.name,
                tier_name_en=tier.name_en or tier.name,
                amount=award.amount,
                score=award.score,
                certificate=tier.certificate,
            )
        )
    return rows


def contest_winners(contest: Contest) -> list[Winner]:
    return winners(contest_results(contest))


def valid_certificates(contest: Contest) -> QuerySet[Certificate]:
    """The certificates in force, in their printed order."""
    return Certificate.objects.filter(contest=contest, voided_at__isnull=True).order_by("number")


def certificate_by_serial(serial: str) -> Certificate | None:
    """A certificate for the public verification page, void or not (the page says which)."""
    found = Certificate.objects.select_related("contest").filter(serial=serial.strip().upper())
    return found.first()
