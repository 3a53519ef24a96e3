"""The organisers' results pages: the ranking with its prizes, one clip explained, and the
finalise / reopen decision.

Staff only (organisers and the secretariat): these pages name the judges. Finalising and
reopening are for organisers alone, which the service enforces; its refusal is shown as is.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clipcontest.accounts.permissions import staff_required
from clipcontest.awards.results import contest_results
from clipcontest.judging.ranking import METHODS
from clipcontest.judging.services import JudgingRefused, finalise_results, reopen_results

from .organiser_views import back_to, organiser_contest

# Ranked clips per page: thousands of rows would be too long to read and to render; the totals
# and the unranked clips stay whole-contest figures on every page.
PAGE_SIZE = 100


@staff_required
def organiser_results(request: HttpRequest) -> HttpResponse:
    contest = organiser_contest(request)
    results = contest_results(contest)
    page = Paginator(results.rows(), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {
            "clip": clip,
            "award": award,
            "title": results.titles.get(clip.ref, ""),
            "tier": results.tier(award.tier_key),
        }
        for clip, award in page.object_list
    ]
    unused = [(results.tier(u.tier_key), u.count) for u in results.allocation.unused]
    context = {
        "contest": contest,
        "results": results,
        "page": page,
        "rows": rows,
        "unused": unused,
    }
    return render(request, "portal/organiser/results.html", context)


@staff_required
def organiser_result(request: HttpRequest, ref: str) -> HttpResponse:
    contest = organiser_contest(request)
    results = contest_results(contest)
    clip = next((c for c in results.results.clips if c.ref == ref), None)
    if clip is None:
        raise Http404
    sheets = [
        {
            "judge": results.judges.get(sheet.judge, sheet.judge),
            "username": sheet.judge,
            "points": [sheet.points[criterion.key] for criterion in results.criteria],
            "total": sheet.total,
        }
        for sheet in results.sheets_of(ref)
    ]
    award = results.award(ref)
    context = {
        "contest": contest,
        "results": results,
        "clip": clip,
        "title": results.titles.get(ref, ""),
        "sheets": sheets,
        "means": [
            (criterion, clip.criterion_means.get(criterion.key)) for criterion in results.criteria
        ],
        "aggregates": [
            (method, getattr(clip, method), method == results.results.method) for method in METHODS
        ],
        "award": award,
        "tier": results.tier(award.tier_key) if award else None,
        "unranked": next((u for u in results.results.unranked if u.ref == ref), None),
    }
    return render(request, "portal/organiser/result.html", context)


@staff_required
@require_POST
def organiser_results_decide(request: HttpRequest) -> HttpResponse:
    """Finalise or reopen the results; the service checks the role and the reason."""
    contest = organiser_contest(request)
    action = request.POST.get("action")
    if action not in ("finalise", "reopen"):
        raise Http404
    service = finalise_results if action == "finalise" else reopen_results
    try:
        service(contest=contest, by=request.user, reason=request.POST.get("reason", ""))
    except JudgingRefused as refusal:
        messages.error(request, str(refusal.message))
    else:
        done = (
            _("The results are finalised.")
            if action == "finalise"
            else _("The results are reopened.")
        )
        messages.success(request, done)
    return redirect(back_to("portal:organiser-results", contest))
