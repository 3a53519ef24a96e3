"""The public results: the winners by prize with their clips, and the units that took part.

Nothing before finalisation is public: until the organisers finalise, the page only says that
the results are not published yet (a provisional ranking must never leak to the units).
"""

from __future__ import annotations

from collections import Counter
from itertools import groupby

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from clipcontest.awards.queries import winners
from clipcontest.awards.results import contest_results
from clipcontest.contests.models import Contest
from clipcontest.contests.queries import current_contest
from clipcontest.eligibility.queries import contest_report, unit_compliance
from clipcontest.eligibility.rules import ContestReport
from clipcontest.entries.models import Entry


def public_results(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    contest = get_object_or_404(Contest, slug=slug, practice=False) if slug else current_contest()
    if contest is None:
        raise Http404
    report = contest_report(contest)
    results = contest_results(contest, report=report)
    context: dict = {"contest": contest, "finalised": results.finalised}
    if results.finalised:
        rows = winners(results)
        entries = {
            e.ref: e for e in Entry.objects.filter(contest=contest, ref__in=[w.ref for w in rows])
        }
        context["tiers"] = [
            {"name": tier_name, "items": [(w, entries[w.ref]) for w in group]}
            for tier_name, group in groupby(rows, key=lambda w: (w.tier_name, w.tier_name_en))
        ]
        context["unused"] = [
            (results.tier(unused.tier_key), unused.count) for unused in results.allocation.unused
        ]
        context["total"] = results.allocation.total
        context["units"] = _participation(report, rows)
    return render(request, "portal/results_public.html", context)


def _participation(report: ContestReport, rows: list) -> list[dict]:
    """The units that entered clips: how many, how many eligible, how many prizes."""
    prizes = Counter(w.unit_code for w in rows)
    return [
        {
            "name": row.unit.name,
            "entered": row.verdict.entries,
            "eligible": row.verdict.eligible_entries,
            "prizes": prizes[row.unit.code],
        }
        for row in unit_compliance(report)
        if row.verdict.entries
    ]


def verify_lookup(request: HttpRequest) -> HttpResponse:
    """The form on the results page: the number typed from a certificate, to its page."""
    serial = "".join(request.GET.get("serial", "").split()).upper()
    if not serial:
        return redirect("portal:results")
    return redirect(reverse("portal:verify", args=[serial]))
