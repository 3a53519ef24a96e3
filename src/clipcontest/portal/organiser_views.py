"""The organisers' dashboard (deadlines, units at a glance, recent changes) and the counts."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clipcontest.accounts.permissions import staff_required
from clipcontest.contests.models import Contest
from clipcontest.contests.queries import current_contest
from clipcontest.eligibility.console import (
    UNIT_SORT_KEYS,
    UnitFilter,
    changes_since,
    countdowns,
    filter_unit_rows,
    next_sort,
    sort_unit_rows,
    unit_rows,
    unit_totals,
)
from clipcontest.eligibility.queries import contest_report
from clipcontest.entries.engagement import (
    EngagementRefused,
    entries_without_record,
    freeze_record_counts,
    refresh_contest,
)


def organiser_contest(request: HttpRequest) -> Contest:
    """The contest named by ``?contest=SLUG``, else the public one (practice runs included)."""
    slug = request.GET.get("contest") or request.POST.get("contest")
    contest = Contest.objects.filter(slug=slug).first() if slug else current_contest()
    if contest is None:
        raise Http404
    return contest


def back_to(view_name: str, contest: Contest) -> str:
    return f"{reverse(view_name)}?contest={contest.slug}"


@staff_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Compliance at a glance: deadlines, every unit against the plan, what changed lately."""
    contest = organiser_contest(request)
    now = timezone.now()
    closed = now > contest.closes_at
    report = contest_report(contest, at=now)
    every_unit = unit_rows(contest, report)
    sort = request.GET.get("sort", "code")
    wanted = UnitFilter.parse(
        below_minimum=bool(request.GET.get("below_minimum")),
        letters=request.GET.getlist("letter"),
        has_blocking=bool(request.GET.get("blocking")),
    )
    rows = sort_unit_rows(filter_unit_rows(every_unit, wanted), sort)
    context = {
        "contest": contest,
        "contests": Contest.objects.order_by("-opens_on"),
        "closed": closed,
        "without_record": entries_without_record(contest) if closed else [],
        "countdowns": countdowns(contest, now),
        "rows": rows,
        "totals": unit_totals(rows),
        "unit_count": len(every_unit),
        "filter": wanted,
        "sort": sort,
        "columns": _unit_columns(sort),
        "changes": changes_since(contest, now=now),
    }
    return render(request, "portal/organiser/dashboard.html", context)


def _unit_columns(sort: str) -> list[dict[str, str]]:
    """The units table's headers: what each one sorts by next, and how it is sorted now."""
    labels = {
        "code": _("Code"),
        "name": _("Unit"),
        "entries": _("Clips entered"),
        "eligible": _("Eligible"),
        "blocking": _("Blocking findings"),
        "letter": _("Letter"),
        "meets_minimum": _("Meets the minimum"),
    }
    return [
        {
            "key": key,
            "label": labels[key],
            "next": next_sort(sort, key),
            "aria_sort": {key: "ascending", f"-{key}": "descending"}.get(sort, ""),
            "numeric": key in ("entries", "eligible", "blocking"),
        }
        for key in UNIT_SORT_KEYS
    ]


@staff_required
@require_POST
def refresh_counts(request: HttpRequest) -> HttpResponse:
    """Read every clip's post again: fresh counts, and whether each post still exists."""
    contest = organiser_contest(request)
    report = refresh_contest(contest)
    messages.success(
        request,
        _("%(queued)s clips are being read again in the background.") % {"queued": report.queued},
    )
    return redirect(back_to("portal:organiser", contest))


@staff_required
@require_POST
def freeze_counts(request: HttpRequest) -> HttpResponse:
    """Keep each clip's counts at the close as the record; later growth changes nothing."""
    contest = organiser_contest(request)
    try:
        frozen = freeze_record_counts(contest)
    except EngagementRefused as refused:
        messages.error(request, str(refused.message))
    else:
        messages.success(request, _("Counts frozen for %(n)s clips.") % {"n": frozen})
    return redirect(back_to("portal:organiser", contest))
