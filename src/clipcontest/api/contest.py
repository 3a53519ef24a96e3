"""``GET /api/contest``: the contest's public facts, as the rules file set them."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router

from clipcontest.contests.models import Contest

from .auth import ANYONE, caller_of
from .schemas import ContestOut, ContestParam, ErrorOut
from .scope import contest_for

router = Router(tags=["contest"])


@router.get(
    "/contest",
    auth=ANYONE,
    response={200: ContestOut, 401: ErrorOut, 404: ErrorOut},
    summary="The contest: dates, durations, platforms, genres, themes and prizes",
)
def get_contest(request: HttpRequest, contest: ContestParam = None) -> dict:
    """The contest the caller works in, or the one named by ``?contest=SLUG``."""
    return contest_facts(contest_for(contest, caller_of(request.auth)))


def contest_facts(contest: Contest) -> dict:
    prizes = [
        {
            "key": tier.key,
            "name": tier.name,
            "name_en": tier.name_en,
            "count": tier.count,
            "amount": tier.amount,
            "total": tier.total,
            "certificate": tier.certificate,
        }
        for tier in contest.prize_tiers.all()
    ]
    return {
        "slug": contest.slug,
        "name": contest.name,
        "name_en": contest.name_en,
        "organiser": contest.organiser,
        "organiser_en": contest.organiser_en,
        "time_zone": contest.time_zone,
        "opens_on": contest.opens_on,
        "closes_on": contest.closes_on,
        "letter_deadline": contest.letter_deadline,
        "awards_month": contest.awards_month,
        "accepts_entries": contest.accepts_entries_at(timezone.now()),
        "min_entries_per_unit": contest.min_entries_per_unit,
        "min_seconds": float(contest.min_seconds),
        "max_seconds": float(contest.max_seconds),
        "platforms": list(contest.platforms),
        "genres": list(contest.genres),
        "themes": list(contest.themes),
        "prizes": prizes,
        "prize_money_total": sum(prize["total"] for prize in prizes),
        "facebook_group": {
            "id": contest.facebook_group_id,
            "name": contest.facebook_group_name,
            "url": contest.facebook_group_url,
        },
    }
