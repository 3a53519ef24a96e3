"""The unit portal: a unit representative's clips, letters and standing against the plan.

Every query is scoped to ``request.unit`` (set by ``unit_representative_required``), so a
reference or letter id of another unit typed into the address bar finds nothing (404).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from clipcontest.accounts.permissions import unit_representative_required
from clipcontest.contests.calendar import days_left
from clipcontest.contests.models import Contest
from clipcontest.contests.queries import portal_contest
from clipcontest.eligibility.queries import entry_verdict, unit_report
from clipcontest.entries.group_links import group_of
from clipcontest.entries.models import Entry, FetchState
from clipcontest.entries.probe import ProbeRefused, probe_upload
from clipcontest.entries.screenshots import content_type_of
from clipcontest.entries.services import (
    EntryRefused,
    check_link,
    submit_entry,
    update_entry,
    withdraw_entry,
)

from .forms import EntryForm, author_formset, authors_of

IN_PROGRESS = (FetchState.PENDING, FetchState.QUEUED, FetchState.FETCHING)


def unit_contest() -> Contest:
    contest = portal_contest()
    if contest is None:
        raise Http404
    return contest


def _own_entry(request: HttpRequest, contest: Contest, ref: str) -> Entry:
    # With its contest and unit: the clip's verdict (``entry_verdict``) reads both.
    entries = Entry.objects.select_related("contest", "unit")
    return get_object_or_404(entries, contest=contest, unit=request.unit, ref=ref)


@unit_representative_required
def unit_home(request: HttpRequest) -> HttpResponse:
    contest = unit_contest()
    now = timezone.now()
    report = unit_report(contest, request.unit, at=now)
    verdicts = {v.entry.ref: v for v in report.entries}
    unit_verdict = next(u for u in report.units if u.code == request.unit.code)
    entries = list(
        Entry.objects.filter(contest=contest, unit=request.unit)
        .prefetch_related("author_links__person")
        .order_by("withdrawn_at", "submitted_at")
    )
    rows = [(entry, verdicts.get(entry.ref)) for entry in entries]
    context = {
        "contest": contest,
        "unit": request.unit,
        "rows": rows,
        "verdict": unit_verdict,
        "open": contest.accepts_entries_at(now),
        "days_to_letters": days_left(contest.letters_due_at, now),
        "days_to_close": days_left(contest.closes_at, now),
        "letters": request.unit.letters.filter(contest=contest).order_by("-date"),
        **_fetch_progress(entries),
    }
    return render(request, "portal/unit/home.html", context)


def _fetch_progress(entries: list[Entry]) -> dict[str, int]:
    active = [e for e in entries if not e.is_withdrawn and e.url]
    waiting = sum(e.fetch_state in IN_PROGRESS for e in active)
    return {
        "fetch_total": len(active),
        "fetch_waiting": waiting,
        "fetch_done": len(active) - waiting,
    }


@unit_representative_required
def fetch_progress(request: HttpRequest) -> HttpResponse:
    """Polled by the portal while posts are being read, so the unit sees them arrive."""
    contest = unit_contest()
    entries = list(Entry.objects.filter(contest=contest, unit=request.unit))
    progress = _fetch_progress(entries)
    response = render(request, "portal/unit/_fetch_progress.html", progress)
    if not progress["fetch_waiting"]:
        response["HX-Refresh"] = "true"  # everything is read: show the clips' new findings
    return response


@unit_representative_required
def link_check(request: HttpRequest) -> HttpResponse:
    """Feedback while the unit types a link: platform, refusal and why, already entered."""
    contest = unit_contest()
    url = request.GET.get("url", "")[:4096]
    exclude = None
    if request.GET.get("ref"):
        exclude = Entry.objects.filter(
            contest=contest, unit=request.unit, ref=request.GET["ref"]
        ).first()
    result = check_link(contest, request.unit, url, exclude=exclude) if url.strip() else None
    return render(request, "portal/unit/_link_check.html", {"check": result})


@unit_representative_required
def entry_add(request: HttpRequest) -> HttpResponse:
    contest = unit_contest()
    form = EntryForm(request.POST or None, request.FILES or None, contest=contest)
    authors = author_formset(request.POST or None)
    if request.method == "POST" and form.is_valid() & authors.is_valid():
        entry = _save(request, form, authors, contest=contest)
        if entry is not None:
            messages.success(request, _("The clip %(ref)s was entered.") % {"ref": entry.ref})
            return redirect("portal:unit-entry", ref=entry.ref)
    context = {"contest": contest, "form": form, "authors": authors, "entry": None}
    return render(request, "portal/unit/entry_form.html", context)


@unit_representative_required
def entry_edit(request: HttpRequest, ref: str) -> HttpResponse:
    contest = unit_contest()
    entry = _own_entry(request, contest, ref)
    if entry.is_withdrawn or not contest.accepts_entries_at(timezone.now()):
        messages.error(request, _("This clip can no longer be changed."))
        return redirect("portal:unit-entry", ref=entry.ref)
    form = EntryForm(
        request.POST or None,
        request.FILES or None,
        contest=contest,
        initial=EntryForm.initial_for(entry),
    )
    authors = author_formset(request.POST or None, entry=entry)
    valid = request.method == "POST" and form.is_valid() & authors.is_valid()
    if valid and _save(request, form, authors, contest=contest, entry=entry) is not None:
        messages.success(request, _("The clip %(ref)s was saved.") % {"ref": entry.ref})
        return redirect("portal:unit-entry", ref=entry.ref)
    context = {"contest": contest, "form": form, "authors": authors, "entry": entry}
    return render(request, "portal/unit/entry_form.html", context)


def _save(request, form, authors, *, contest: Contest, entry: Entry | None = None) -> Entry | None:
    """Probe the upload, then submit or update; put every refusal on the form."""
    upload = form.cleaned_data.get("video_file")
    probed = None
    if upload:
        try:
            probed = probe_upload(upload).duration_seconds
        except ProbeRefused as refused:
            form.add_error("video_file", str(refused.message))
            return None
    draft = form.draft(authors_of(authors))
    screenshot = form.cleaned_data.get("group_post_screenshot") or None
    try:
        if entry is None:
            return submit_entry(
                contest=contest,
                unit=request.unit,
                draft=draft,
                video_file=upload or None,
                probed_seconds=probed,
                by=request.user,
                group_screenshot=screenshot,
            )
        return update_entry(
            entry=entry,
            draft=draft,
            video_file=upload or None,
            probed_seconds=probed,
            by=request.user,
            group_screenshot=screenshot,
        )
    except EntryRefused as refused:
        for field, message in refused.problems.items():
            if field == "authors":
                authors._non_form_errors = authors.error_class([str(message)])
            else:
                form.add_error(None if field == "__all__" else field, str(message))
        return None


@unit_representative_required
def entry_detail(request: HttpRequest, ref: str) -> HttpResponse:
    contest = unit_contest()
    entry = _own_entry(request, contest, ref)
    verdict = entry_verdict(entry)
    context = {
        "contest": contest,
        "entry": entry,
        "verdict": verdict,
        "editable": not entry.is_withdrawn and contest.accepts_entries_at(timezone.now()),
        "letters": entry.letters.order_by("date"),
        "snapshots": entry.snapshots.order_by("-taken_at")[:10],
        "group": group_of(contest),
    }
    return render(request, "portal/unit/entry_detail.html", context)


@unit_representative_required
def entry_group_screenshot(request: HttpRequest, ref: str) -> HttpResponse:
    """The screenshot of the share into the group, to the clip's own unit only."""
    return group_screenshot_response(_own_entry(request, unit_contest(), ref))


def group_screenshot_response(entry: Entry) -> FileResponse:
    """A private screenshot, shown in the browser as the image type it was stored as.

    Its type comes from the suffix the upload check chose, never from the unit's file name,
    and nothing in it may run: the response forbids scripts and is not kept in shared caches.
    """
    if not entry.group_post_screenshot:
        raise Http404
    name = entry.group_post_screenshot.name
    response = FileResponse(
        entry.group_post_screenshot.open("rb"), content_type=content_type_of(name)
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@unit_representative_required
def entry_withdraw(request: HttpRequest, ref: str) -> HttpResponse:
    contest = unit_contest()
    entry = _own_entry(request, contest, ref)
    if request.method == "POST":
        try:
            withdraw_entry(entry=entry, by=request.user)
        except EntryRefused as refused:
            for message in refused.problems.values():
                messages.error(request, str(message))
            return redirect("portal:unit-entry", ref=entry.ref)
        messages.success(request, _("The clip %(ref)s was withdrawn.") % {"ref": entry.ref})
        return redirect("portal:unit-home")
    return render(request, "portal/unit/entry_withdraw.html", {"contest": contest, "entry": entry})
