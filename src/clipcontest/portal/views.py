"""Public pages: the contest, its rules and prizes, and how the units comply."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from clipcontest.contests.models import Contest
from clipcontest.contests.queries import current_contest
from clipcontest.eligibility.queries import contest_report, unit_compliance


def home(request: HttpRequest) -> HttpResponse:
    """The contest that is running (or ran last); a fresh install explains how to load one."""
    contest = current_contest()
    if contest is None:
        return render(request, "portal/no_contest.html")
    return _contest_page(request, contest)


def contest_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return _contest_page(request, get_object_or_404(Contest, slug=slug))


def _contest_page(request: HttpRequest, contest: Contest) -> HttpResponse:
    report = contest_report(contest)
    rows = unit_compliance(report)
    prizes = list(contest.prize_tiers.all())
    context = {
        "contest": contest,
        "prizes": prizes,
        "prize_total": sum(p.total for p in prizes),
        "prize_count": sum(p.count for p in prizes),
        "criteria": list(contest.criteria.all()),
        "rows": rows,
        "totals": {
            "units": len(rows),
            "entries": sum(r.verdict.entries for r in rows),
            "eligible": sum(r.verdict.eligible_entries for r in rows),
            "meeting": sum(r.verdict.meets_minimum for r in rows),
            "letters": sum(r.verdict.letter != "missing" for r in rows),
        },
        "report": report,
    }
    return render(request, "portal/contest.html", context)
