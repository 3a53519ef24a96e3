"""Reading the jury's work: who is on it, what each member must score and in which order, how
far they have got, the conflicts, and the submitted scores the ranking is computed from.

Every function reads a fixed number of queries however large the jury or the contest, so the
organisers' progress page does not slow down as the scores come in.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q

from clipcontest.contests.models import Contest
from clipcontest.entries.models import Entry

from .models import Assignment, Conflict, CriterionScore, JuryMember, ResultsDecision, ScoreSheet

SUBMITTED = Q(sheet__status=ScoreSheet.Status.SUBMITTED)


def results_locked(contest: Contest) -> bool:
    """True while the latest decision on the contest's results is to finalise them."""
    latest = ResultsDecision.objects.filter(contest=contest).order_by("-at", "-pk").first()
    return latest is not None and latest.action == ResultsDecision.Action.FINALISE


def member_for(user: Any, contest: Contest) -> JuryMember | None:
    """The user's seat on the contest's jury, or None: the jury pages' one gate."""
    if not getattr(user, "is_authenticated", False):
        return None
    return JuryMember.objects.filter(contest=contest, user=user).select_related("user").first()


def conflicts_of(contest: Contest) -> set[tuple[str, str]]:
    """Every (clip ref, username) pair that must never be scored: own unit and declared ones."""
    members = list(
        JuryMember.objects.filter(contest=contest).values_list("pk", "user__username", "unit_id")
    )
    username = {pk: name for pk, name, _ in members}
    refs_by_unit: dict[int, list[str]] = {}
    for ref, unit_id in Entry.objects.filter(contest=contest).values_list("ref", "unit_id"):
        refs_by_unit.setdefault(unit_id, []).append(ref)
    pairs = {(ref, name) for _, name, unit_id in members for ref in refs_by_unit.get(unit_id, ())}
    declared = Conflict.objects.filter(member__contest=contest).values_list(
        "member_id", "unit_id", "entry__ref"
    )
    for member_id, unit_id, ref in declared:
        refs = [ref] if ref is not None else refs_by_unit.get(unit_id, [])
        pairs.update((r, username[member_id]) for r in refs)
    return pairs


def assignments_in_order(member: JuryMember) -> list[Assignment]:
    """The member's clips in the member's own shuffled order, with each clip and its sheet.

    Each member gets a different order, so no clip is always scored first (or last, by a tired
    jury); a member's order never changes between visits, nor when clips are added or removed
    (each clip's place depends on the seed, the member and the clip only). The member's id is
    mixed in so that seats created without a seed (0) still get orders of their own.
    """
    assignments = list(member.assignments.select_related("entry", "sheet"))
    return sorted(assignments, key=lambda a: _shuffle_key(member, a.entry_id))


def _shuffle_key(member: JuryMember, entry_id: int) -> bytes:
    return hashlib.sha256(f"{member.order_seed}:{member.pk}:{entry_id}".encode()).digest()


def sheet_of(assignment: Assignment) -> ScoreSheet | None:
    """The assignment's sheet, or None before the member has saved anything."""
    try:
        return assignment.sheet
    except ScoreSheet.DoesNotExist:
        return None


def progress(member: JuryMember) -> tuple[int, int]:
    """(submitted sheets, assigned clips) of one member, in one query."""
    counts = member.assignments.aggregate(
        submitted=Count("pk", filter=SUBMITTED), total=Count("pk")
    )
    return counts["submitted"], counts["total"]


def jury_progress(contest: Contest) -> list[tuple[JuryMember, int, int]]:
    """Every member with (submitted, total), by username, in one query: who needs a reminder."""
    members = (
        JuryMember.objects.filter(contest=contest)
        .select_related("user", "unit")
        .annotate(
            total=Count("assignments"),
            submitted=Count(
                "assignments",
                filter=Q(assignments__sheet__status=ScoreSheet.Status.SUBMITTED),
            ),
        )
        .order_by("user__username")
    )
    return [(member, member.submitted, member.total) for member in members]


def submitted_scores(contest: Contest) -> list[tuple[str, str, dict[str, Decimal]]]:
    """(clip ref, username, {criterion key: points}) of every submitted sheet, for the ranking.

    Drafts are left out: a score counts once its member has submitted it. Sorted by ref, then
    username; the points of each sheet in the rubric's order.
    """
    rows = (
        CriterionScore.objects.filter(
            sheet__status=ScoreSheet.Status.SUBMITTED,
            sheet__assignment__member__contest=contest,
        )
        .order_by(
            "sheet__assignment__entry__ref",
            "sheet__assignment__member__user__username",
            "criterion__position",
        )
        .values_list(
            "sheet__assignment__entry__ref",
            "sheet__assignment__member__user__username",
            "criterion__key",
            "points",
        )
    )
    sheets: dict[tuple[str, str], dict[str, Decimal]] = {}
    for ref, username, key, points in rows:
        sheets.setdefault((ref, username), {})[key] = points
    return [(ref, username, points) for (ref, username), points in sheets.items()]
