"""The jury's pages: each member's clips in their own order and the score sheet of one clip.
(The organisers' side of the jury is in ``organiser_jury_views``.)

Blind judging (the default) means nothing on the jury's pages names a unit or an author: a clip
is shown by its place in the member's order and its title, never by its ref (refs carry the
unit's code).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from clipcontest.contests.queries import current_contest
from clipcontest.entries.engagement import record_counts
from clipcontest.judging.models import Assignment, JuryMember, ScoreSheet
from clipcontest.judging.queries import (
    assignments_in_order,
    member_for,
    results_locked,
    sheet_of,
)
from clipcontest.judging.scores import ScoresInvalid, save_scores
from clipcontest.judging.services import JudgingRefused

logger = logging.getLogger(__name__)


def jury_member_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Only someone with a seat on a jury; the view finds that seat as ``request.member``.

    The seat is the one in the public contest when there is one, else the latest contest's.
    Holding a staff role does not make anyone a juror: only a seat does.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        member = _seat_of(request.user)
        if member is None:
            raise PermissionDenied
        request.member = member
        return view(request, *args, **kwargs)

    return wrapper


def _seat_of(user: Any) -> JuryMember | None:
    contest = current_contest()
    member = member_for(user, contest) if contest is not None else None
    if member is not None:
        return member
    seats = JuryMember.objects.filter(user=user).select_related("contest", "user")
    return seats.order_by("-contest__opens_on").first()


def _state(sheet: ScoreSheet | None) -> str:
    if sheet is None:
        return "not_started"
    return "submitted" if sheet.status == ScoreSheet.Status.SUBMITTED else "draft"


@jury_member_required
def jury_home(request: HttpRequest) -> HttpResponse:
    """The member's clips in their own order, each with how far its sheet has got."""
    member: JuryMember = request.member
    contest = member.contest
    assignments = assignments_in_order(member)
    clips = [
        {"position": number, "assignment": a, "state": _state(sheet_of(a))}
        for number, a in enumerate(assignments, start=1)
    ]
    submitted = sum(1 for clip in clips if clip["state"] == "submitted")
    context = {
        "contest": contest,
        "member": member,
        "clips": clips,
        "submitted": submitted,
        "total": len(clips),
        "blind": contest.blind_judging,
        "locked": results_locked(contest),
    }
    return render(request, "portal/jury/home.html", context)


@jury_member_required
@require_http_methods(["GET", "POST"])
def jury_clip(request: HttpRequest, pk: int) -> HttpResponse:
    """One clip: its player, its facts and counts, and the member's score sheet for it.

    Only the member's own assignments open (anybody else's is a 404, not a 403: the page does
    not confirm that the clip exists). Submitting moves on to the next clip still to score.
    """
    member: JuryMember = request.member
    contest = member.contest
    assignment = get_object_or_404(
        Assignment.objects.select_related("entry", "entry__unit"), pk=pk, member=member
    )
    order = assignments_in_order(member)
    position = next(n for n, a in enumerate(order, start=1) if a.pk == assignment.pk)
    criteria = list(contest.criteria.order_by("position"))
    locked = results_locked(contest)
    problems: dict[str, Any] = {}
    error = None
    posted: dict[str, str] | None = None
    comment = ""
    if request.method == "POST" and not locked:
        submit = "submit" in request.POST
        posted = {c.key: request.POST.get(f"points-{c.key}", "") for c in criteria}
        comment = request.POST.get("comment", "")
        try:
            save_scores(
                assignment=assignment,
                points=posted,
                comment=comment,
                submit=submit,
                by=request.user,
            )
        except ScoresInvalid as invalid:
            problems = invalid.problems
            error = _("Some scores need correcting; see the marked fields.")
        except JudgingRefused as refusal:
            error = str(refusal.message)
        else:
            if submit:
                messages.success(
                    request, _("Your scores for clip %(n)s are submitted.") % {"n": position}
                )
                return redirect(_next_to_score(order, assignment))
            messages.success(request, _("Draft saved."))
            return redirect("portal:jury-clip", pk=assignment.pk)
    elif request.method == "POST":
        error = _("The results are final: scores can no longer be changed.")
    sheet = ScoreSheet.objects.filter(assignment=assignment).prefetch_related("scores").first()
    if posted is None:
        stored = {s.criterion_id: s.points for s in sheet.scores.all()} if sheet else {}
        posted = {c.key: _number(stored[c.pk]) for c in criteria if c.pk in stored}
        comment = sheet.comment if sheet else ""
    english = (get_language() or "vi").startswith("en")
    rows = [
        {
            "key": c.key,
            "name": (c.name_en if english and c.name_en else c.name),
            "description": c.description,
            "max": _number(c.max_points),
            "value": posted.get(c.key, ""),
            "error": problems.get(c.key),
        }
        for c in criteria
    ]
    entry = assignment.entry
    counts = record_counts(entry)
    latest = None if counts else entry.snapshots.order_by("-taken_at").first()
    context = {
        "contest": contest,
        "assignment": assignment,
        "entry": entry,
        "position": position,
        "total": len(order),
        "blind": contest.blind_judging,
        "locked": locked,
        "state": _state(sheet),
        "rows": rows,
        "comment": comment,
        "error": error,
        "record": counts,
        "latest": latest,
        "genre": contest.genre_name(entry.genre),
        "theme": contest.theme_name(entry.theme),
    }
    return render(request, "portal/jury/clip.html", context, status=400 if error else 200)


def _number(value: Any) -> str:
    """A decimal for an ``<input type=number>``: a point, never the locale's comma."""
    return f"{value:f}".removesuffix(".0")


def _next_to_score(order: list[Assignment], current: Assignment) -> str:
    """The next clip after ``current`` in the member's order not yet submitted, else the list."""
    at = next(n for n, a in enumerate(order) if a.pk == current.pk)
    for candidate in order[at + 1 :] + order[:at]:
        sheet = sheet_of(candidate)
        if sheet is None or sheet.status != ScoreSheet.Status.SUBMITTED:
            return reverse("portal:jury-clip", kwargs={"pk": candidate.pk})
    return reverse("portal:jury-home")
