"""The organisers' review of clips: one clip's page with its decisions, and the duplicates.

Each POST parses the form, calls one service of ``clipcontest.review`` (which checks, locks,
stores and writes the audit row) and says what happened, or why not, in the page's language;
then it goes back to the page it came from.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clipcontest.accounts.permissions import staff_required
from clipcontest.audit.actions import action_label
from clipcontest.audit.models import AuditEvent
from clipcontest.audit.queries import changes, history_of, shown
from clipcontest.common.dates import DateParseError, parse_date
from clipcontest.contests.models import Contest
from clipcontest.eligibility.messages import GROUNDS
from clipcontest.eligibility.overrides import can_override
from clipcontest.eligibility.queries import contest_report, entry_verdict
from clipcontest.entries.durations import DurationError, parse_duration
from clipcontest.entries.group_links import group_of
from clipcontest.entries.models import DisqualificationGround, Entry, FindingOverride
from clipcontest.judging.queries import results_locked
from clipcontest.review import services
from clipcontest.review.queries import duplicate_groups, overrides_of

from .organiser_views import back_to, organiser_contest
from .sparkline import sparkline
from .unit_views import group_screenshot_response

# The latest readings drawn in the chart; a clip read every day of the contest has ~120.
CHART_READINGS = 400
HISTORY_ROWS = 200


def _entry(contest: Contest, ref: str) -> Entry:
    return get_object_or_404(
        Entry.objects.select_related(
            "unit", "contest", "disqualified_by", "group_share_verified_by"
        ),
        contest=contest,
        ref=ref,
    )


def _clip_url(entry: Entry, anchor: str = "") -> str:
    url = f"{reverse('portal:organiser-clip', args=[entry.ref])}?contest={entry.contest.slug}"
    return f"{url}#{anchor}" if anchor else url


@staff_required
def organiser_clip(request: HttpRequest, ref: str) -> HttpResponse:
    """Everything about one clip an organiser needs to decide on it, and the forms to do so."""
    contest = organiser_contest(request)
    entry = _entry(contest, ref)
    verdict = entry_verdict(entry)
    overridable = [f for f in verdict.findings if can_override(f.code)] if verdict else []
    readings = list(
        entry.snapshots.order_by("-taken_at").values_list("taken_at", "views", "likes", "comments")[
            :CHART_READINGS
        ]
    )[::-1]
    charts = [
        (label, sparkline([(row[0], row[column]) for row in readings]))
        for column, label in ((1, _("Views")), (2, _("Likes")), (3, _("Comments")))
    ]
    twins = (
        Entry.objects.filter(
            contest=contest, canonical_url=entry.canonical_url, withdrawn_at__isnull=True
        )
        .exclude(pk=entry.pk)
        .select_related("unit")
        .order_by("submitted_at", "ref")
    )
    context = {
        "contest": contest,
        "contests": Contest.objects.order_by("-opens_on"),
        "entry": entry,
        "verdict": verdict,
        "overridable": overridable,
        "overrides": overrides_of(entry),
        "charts": [(label, chart) for label, chart in charts if chart is not None],
        "latest": readings[-1] if readings else None,
        "letters": entry.letters.order_by("date", "number"),
        "history": [
            (event, action_label(event.action), _changes(event))
            for event in history_of(entry)[:HISTORY_ROWS]
        ],
        "twins": list(twins),
        # The grounds as the unit reads them in its findings, in the page's language.
        "grounds": [(value, str(GROUNDS[value])) for value in DisqualificationGround.values],
        "ground": str(GROUNDS.get(entry.disqualification_ground, "")),
        "locked": results_locked(contest),
        "group": group_of(contest),
    }
    return render(request, "portal/organiser/clip.html", context)


def _changes(event: AuditEvent) -> list[tuple[str, str, str]]:
    """What an event changed, key by key as people read it, leaving out what stayed the same."""
    return [(c.label, shown(c.before), shown(c.after)) for c in changes(event.before, event.after)]


def _decide(
    request: HttpRequest,
    entry: Entry,
    call: Callable[[], Any],
    done: str,
    *,
    anchor: str = "",
    back: str | None = None,
) -> HttpResponse:
    """Call the service; say ``done`` or why it was refused; go back to the page."""
    try:
        call()
    except services.ReviewRefused as refused:
        messages.error(request, str(refused.message))
    else:
        messages.success(request, done)
    return redirect(back or _clip_url(entry, anchor))


@staff_required
@require_POST
def organiser_clip_duration(request: HttpRequest, ref: str) -> HttpResponse:
    entry = _entry(organiser_contest(request), ref)
    try:
        seconds = parse_duration(request.POST.get("duration", ""))
    except DurationError as error:
        messages.error(request, str(error.message))
        return redirect(_clip_url(entry, "verify"))
    return _decide(
        request,
        entry,
        lambda: services.verify_duration(
            entry=entry, seconds=seconds, note=request.POST.get("note", ""), by=request.user
        ),
        _("The duration of %(ref)s is verified.") % {"ref": entry.ref},
        anchor="verify",
    )


@staff_required
@require_POST
def organiser_clip_posted(request: HttpRequest, ref: str) -> HttpResponse:
    entry = _entry(organiser_contest(request), ref)
    raw = request.POST.get("posted_on", "").strip()
    try:
        posted_on = parse_date(raw) if raw else None
    except DateParseError as error:
        messages.error(request, str(error.message))
        return redirect(_clip_url(entry, "verify"))
    return _decide(
        request,
        entry,
        lambda: services.verify_posted_date(
            entry=entry, posted_on=posted_on, note=request.POST.get("note", ""), by=request.user
        ),
        _("The posting date of %(ref)s is verified.") % {"ref": entry.ref},
        anchor="verify",
    )


@staff_required
@require_POST
def organiser_clip_override(request: HttpRequest, ref: str) -> HttpResponse:
    entry = _entry(organiser_contest(request), ref)
    return _decide(
        request,
        entry,
        lambda: services.override_finding(
            entry=entry,
            code=request.POST.get("code", ""),
            reason=request.POST.get("reason", ""),
            by=request.user,
        ),
        _("The finding no longer counts against %(ref)s.") % {"ref": entry.ref},
        anchor="findings",
    )


@staff_required
@require_POST
def organiser_clip_override_withdraw(request: HttpRequest, ref: str, pk: int) -> HttpResponse:
    entry = _entry(organiser_contest(request), ref)
    override = get_object_or_404(
        FindingOverride.objects.select_related("entry"), pk=pk, entry=entry
    )
    return _decide(
        request,
        entry,
        lambda: services.withdraw_override(
            override=override, reason=request.POST.get("reason", ""), by=request.user
        ),
        _("The override is withdrawn: the finding counts again."),
        anchor="findings",
    )


@staff_required
@require_POST
def organiser_clip_disqualify(request: HttpRequest, ref: str) -> HttpResponse:
    entry = _entry(organiser_contest(request), ref)
    return _decide(
        request,
        entry,
        lambda: services.disqualify(
            entry=entry,
            ground=request.POST.get("ground", ""),
            reason=request.POST.get("reason", ""),
            by=request.user,
        ),
        _("%(ref)s is disqualified; its unit sees the ground and the reason.") % {"ref": entry.ref},
        anchor="decision",
    )


@staff_required
@require_POST
def organiser_clip_restore(request: HttpRequest, ref: str) -> HttpResponse:
    entry = _entry(organiser_contest(request), ref)
    return _decide(
        request,
        entry,
        lambda: services.restore(
            entry=entry, reason=request.POST.get("reason", ""), by=request.user
        ),
        _("%(ref)s is restored and judged by the rules again.") % {"ref": entry.ref},
        anchor="decision",
    )


@staff_required
@require_POST
def organiser_clip_group_verify(request: HttpRequest, ref: str) -> HttpResponse:
    entry = _entry(organiser_contest(request), ref)
    return _decide(
        request,
        entry,
        lambda: services.verify_group_share(
            entry=entry, note=request.POST.get("note", ""), by=request.user
        ),
        _("The share of %(ref)s into the group is verified.") % {"ref": entry.ref},
        anchor="group-share",
    )


@staff_required
def organiser_clip_group_screenshot(request: HttpRequest, ref: str) -> HttpResponse:
    """The unit's screenshot of its share into the group; private, like the letter scans."""
    return group_screenshot_response(_entry(organiser_contest(request), ref))


@staff_required
def organiser_duplicates(request: HttpRequest) -> HttpResponse:
    """The videos entered more than once, and which clip of each counts."""
    contest = organiser_contest(request)
    verdicts = {v.entry.ref: v for v in contest_report(contest).entries}
    groups = [
        (group, [(entry, verdicts.get(entry.ref)) for entry in group.entries])
        for group in duplicate_groups(contest)
    ]
    context = {
        "contest": contest,
        "contests": Contest.objects.order_by("-opens_on"),
        "groups": groups,
        "locked": results_locked(contest),
    }
    return render(request, "portal/organiser/duplicates.html", context)


@staff_required
@require_POST
def organiser_duplicate_choose(request: HttpRequest, ref: str) -> HttpResponse:
    contest = organiser_contest(request)
    entry = _entry(contest, ref)
    return _decide(
        request,
        entry,
        lambda: services.choose_standing_entry(
            entry=entry, reason=request.POST.get("reason", ""), by=request.user
        ),
        _("%(ref)s now counts for its video; the other clips of it do not.") % {"ref": entry.ref},
        back=f"{back_to('portal:organiser-duplicates', contest)}#clip-{entry.ref}",
    )
