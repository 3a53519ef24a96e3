"""Which contest a page is about, when several are loaded (last year's, this year's, a
practice run for training the units)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from clipcontest.common.text import ascii_fold

from .models import Contest, Letterhead


def _most_relevant(contests: QuerySet[Contest]) -> Contest | None:
    """The contest running today, else the one that opened last, else the next to open."""
    today = timezone.localdate()
    running = contests.filter(opens_on__lte=today, closes_on__gte=today).order_by("-opens_on")
    opened = contests.filter(opens_on__lte=today).order_by("-opens_on")
    return running.first() or opened.first() or contests.order_by("opens_on").first()


def current_contest() -> Contest | None:
    """The contest the public pages show: never a practice run."""
    return _most_relevant(Contest.objects.filter(practice=False))


def portal_contest() -> Contest | None:
    """The contest units work in: the real one while it runs, else a running practice run."""
    today = timezone.localdate()
    real = current_contest()
    if real is not None and real.opens_on <= today <= real.closes_on:
        return real
    practice = Contest.objects.filter(practice=True, opens_on__lte=today, closes_on__gte=today)
    return practice.order_by("-opens_on").first() or real


def letterhead_of(contest: Contest) -> Letterhead:
    """The contest's letterhead, made from the organising body's name the first time it is asked.

    A new contest gets a usable letterhead at once (the body as loaded from the rules file,
    the head signing); the organisers then correct it in their pages.
    """
    letterhead, _ = Letterhead.objects.get_or_create(
        contest=contest,
        defaults={"body": contest.organiser.upper(), "abbreviation": _abbreviation(contest)},
    )
    return letterhead


def _abbreviation(contest: Contest) -> str:
    """``Ban Tuyên giáo Tỉnh ủy`` -> ``BTGTU``: the initials, as document numbers spell them."""
    initials = "".join(word[0] for word in contest.organiser.split() if word[:1].isalpha())
    return ascii_fold(initials).upper() or "BTC"
