"""The public gallery: the eligible clips with their players, when the rules file turns it on.

Only what each unit published is shown: the clip's title, its unit, its platform and genre,
and the post's own player. No author, no contact, nothing the unit did not put online itself.
Eligibility is the engine's as of now, so a clip the organisers disqualify leaves the gallery
at once. The page reads a fixed number of queries whatever the number of clips: the report,
then the ids of the filtered clips, then one page of them.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from clipcontest.contests.models import Contest
from clipcontest.eligibility.queries import contest_report
from clipcontest.entries.models import Entry
from clipcontest.units.models import Unit

PAGE_SIZE = 12
# The columns the gallery shows, and nothing else of an entry (no authors, no uploader).
SHOWN = (
    "ref",
    "title",
    "platform",
    "video_id",
    "canonical_url",
    "genre",
    "unit__code",
    "unit__name",
)


def contest_gallery(request: HttpRequest, slug: str) -> HttpResponse:
    contest = get_object_or_404(Contest, slug=slug, practice=False)
    if not contest.gallery:
        raise Http404  # the rules file keeps the clips off the public site
    report = contest_report(contest)
    eligible = {verdict.entry.ref for verdict in report.entries if verdict.eligible}
    unit_codes = {verdict.entry.unit for verdict in report.entries if verdict.eligible}
    units = list(Unit.objects.filter(code__in=unit_codes).order_by("code").only("code", "name"))
    genre = _chosen(request.GET.get("genre", ""), {g["key"] for g in contest.genres})
    unit = _chosen(request.GET.get("unit", "").strip().upper(), unit_codes)
    rows = Entry.objects.filter(contest=contest, withdrawn_at__isnull=True)
    if genre:
        rows = rows.filter(genre=genre)
    if unit:
        rows = rows.filter(unit__code=unit)
    ids = [
        pk
        for pk, ref in rows.order_by("unit__code", "submitted_at", "id").values_list("pk", "ref")
        if ref in eligible
    ]
    page = Paginator(ids, PAGE_SIZE).get_page(request.GET.get("page"))
    shown = Entry.objects.filter(pk__in=list(page.object_list)).select_related("unit").only(*SHOWN)
    by_id = {entry.pk: entry for entry in shown}
    context = {
        "contest": contest,
        "page": page,
        "entries": [by_id[pk] for pk in page.object_list],
        "units": units,
        "genre": genre,
        "unit": unit,
        "filtered": bool(genre or unit),
    }
    return render(request, "portal/gallery.html", context)


def _chosen(value: str, allowed: set[str]) -> str:
    """A filter's value if the contest knows it, else no filter (never an error page)."""
    return value if value in allowed else ""
