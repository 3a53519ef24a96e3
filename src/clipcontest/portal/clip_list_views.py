"""The organisers' clip list: every clip of the contest, searched and filtered, 50 to a page.

The list is the references that pass the filters and only the page's 50 clips are loaded, so
the page costs the same number of queries with 20 clips or 10,000. The whole contest is judged
only when a filter asks about eligibility; otherwise only the page's clips are (with their
units' letters and the other clips of the same videos), which gives them the same verdicts at a
fraction of the time.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from clipcontest.accounts.permissions import staff_required
from clipcontest.contests.models import Contest, vocabulary_choices
from clipcontest.eligibility.console import (
    ClipFilters,
    Eligibility,
    clips_by_ref,
    finding_codes,
    needs_report,
    search_clips,
)
from clipcontest.eligibility.queries import contest_report, page_verdicts
from clipcontest.eligibility.rules import ContestReport
from clipcontest.entries.links import Platform
from clipcontest.entries.models import FetchState
from clipcontest.units.models import Unit

from .organiser_views import organiser_contest

PAGE_SIZE = 50
PLATFORM_LABELS = {platform.value: platform.label for platform in Platform}


@staff_required
def organiser_clips(request: HttpRequest) -> HttpResponse:
    contest = organiser_contest(request)
    filters = ClipFilters.from_query(request.GET)
    report = contest_report(contest) if needs_report(filters) else None
    refs = search_clips(contest, report, filters)
    page = Paginator(refs, PAGE_SIZE).get_page(request.GET.get("page"))
    entries = clips_by_ref(contest, page.object_list)
    if report is not None:
        verdicts = {verdict.entry.ref: verdict for verdict in report.entries}
    else:
        verdicts = page_verdicts(contest, entries)
    rows = [(entry, verdicts.get(entry.ref)) for entry in entries]
    context = {
        "contest": contest,
        "contests": Contest.objects.order_by("-opens_on"),
        "filters": filters,
        "page": page,
        "rows": rows,
        "found": len(refs),
        "choices": _choices(contest, report),
    }
    return render(request, "portal/organiser/clips.html", context)


def _choices(contest: Contest, report: ContestReport | None) -> dict[str, list[tuple[str, str]]]:
    """What each filter offers: the contest's own vocabulary, the units taking part (active, or
    with clips in it) and the findings (those the report found, if the contest was judged)."""
    units = Unit.objects.filter(Q(active=True) | Q(entries__contest=contest)).distinct()
    return {
        "units": list(units.order_by("code").values_list("code", "name")),
        "platforms": [(key, PLATFORM_LABELS.get(key, key)) for key in contest.platforms],
        "genres": vocabulary_choices(contest.genres),
        "themes": vocabulary_choices(contest.themes),
        "eligibility": [
            (Eligibility.ELIGIBLE.value, _("Eligible")),
            (Eligibility.NOT_ELIGIBLE.value, _("Not eligible")),
            (Eligibility.WITHDRAWN.value, _("Withdrawn")),
        ],
        "findings": [(code, code) for code in finding_codes(report)],
        "fetch_states": list(FetchState.choices),
    }
