"""The organisers' clip list: every clip of the contest, searched and filtered, 50 to a page.

The eligibility report is computed once; the list is the references that pass the filters and
only the page's 50 clips are loaded, so the page costs the same number of queries with 20 clips
or 10,000.
"""

from __future__ import annotations

from django.core.paginator import Paginator
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
    search_clips,
)
from clipcontest.eligibility.queries import contest_report
from clipcontest.entries.links import Platform
from clipcontest.entries.models import FetchState
from clipcontest.units.models import Unit

from .organiser_views import organiser_contest

PAGE_SIZE = 50
PLATFORM_LABELS = {platform.value: platform.label for platform in Platform}


@staff_required
def organiser_clips(request: HttpRequest) -> HttpResponse:
    contest = organiser_contest(request)
    report = contest_report(contest)
    filters = ClipFilters.from_query(request.GET)
    refs = search_clips(contest, report, filters)
    page = Paginator(refs, PAGE_SIZE).get_page(request.GET.get("page"))
    verdicts = {verdict.entry.ref: verdict for verdict in report.entries}
    rows = [(entry, verdicts.get(entry.ref)) for entry in clips_by_ref(contest, page.object_list)]
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


def _choices(contest: Contest, report) -> dict[str, list[tuple[str, str]]]:
    """What each filter offers: the contest's own vocabulary and what the report found."""
    codes = [unit.code for unit in report.units]
    return {
        "units": list(
            Unit.objects.filter(code__in=codes).order_by("code").values_list("code", "name")
        ),
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
