"""The ways the jury's work changes: conflicts, assignment, score sheets, finalising the results.

Each function runs in one transaction, writes its audit row in that transaction, and takes the
contest's row lock first, so that a score saved at the moment the results are finalised either
lands before the decision or is refused after it (never in between). Once the latest decision
is "finalise", scores and assignments are locked until an organiser reopens with a reason.

Scores themselves are in ``scores.py``. The reads these rules need (``results_locked``,
``conflicts_of``) live in ``queries.py``.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from clipcontest.accounts.models import Role
from clipcontest.accounts.permissions import is_staff_member, role_of
from clipcontest.audit.services import record
from clipcontest.common.text import Text
from clipcontest.contests.models import Contest
from clipcontest.eligibility.queries import contest_report
from clipcontest.entries.models import Entry
from clipcontest.units.models import Unit

from . import assignment as solver
from .models import Assignment, Conflict, JuryMember, ResultsDecision
from .queries import conflicts_of, results_locked

RESULTS_ARE_LOCKED = Text(
    vi="Kết quả đã được chốt: không thể thay đổi điểm hay phân công. Hãy mở lại kết quả (ghi rõ "
    "lý do) trước khi sửa.",
    en="The results are finalised: scores and assignments are locked. Reopen the results (with "
    "a reason) to change them.",
)
ALREADY_FINALISED = Text(vi="Kết quả đã được chốt rồi.", en="The results are already finalised.")
NOT_FINALISED = Text(
    vi="Kết quả chưa được chốt nên không cần mở lại.",
    en="The results are not finalised, so there is nothing to reopen.",
)
REASON_REQUIRED = Text(vi="Cần ghi rõ lý do.", en="A reason is required.")
STAFF_ONLY = Text(
    vi="Chỉ Ban Tổ chức hoặc Thư ký mới được làm việc này.",
    en="Only the organisers or the secretariat may do this.",
)
ORGANISER_ONLY = Text(
    vi="Chỉ Ban Tổ chức mới được chốt hoặc mở lại kết quả.",
    en="Only the organisers may finalise or reopen the results.",
)
BAD_PER_ENTRY = Text(
    vi="Số giám khảo mỗi clip phải từ 1 trở lên (đã nhập {value}).",
    en="The number of jury members per clip must be at least 1 (got {value}).",
)
CONFLICT_TARGET = Text(
    vi="Hãy nêu đúng một đơn vị hoặc một clip.", en="Name exactly one unit or one clip."
)
ENTRY_OF_OTHER_CONTEST = Text(
    vi="Clip {ref} không thuộc cuộc thi này.", en="Clip {ref} is not in this contest."
)


class JudgingRefused(ValueError):
    """A change the rules do not allow; ``message`` says why in both languages."""

    def __init__(self, message: Text) -> None:
        self.message = message
        super().__init__(message.en)


class ResultsLocked(JudgingRefused):
    def __init__(self) -> None:
        super().__init__(RESULTS_ARE_LOCKED)


# --- results ---------------------------------------------------------------------------------


@transaction.atomic
def finalise_results(*, contest: Contest, by: Any, reason: str) -> ResultsDecision:
    """Lock every score and assignment of the contest; documents that pay money need this."""
    return _decide(contest, by, reason, ResultsDecision.Action.FINALISE)


@transaction.atomic
def reopen_results(*, contest: Contest, by: Any, reason: str) -> ResultsDecision:
    """Unlock the scores again; the reason stays on record next to the finalisation."""
    return _decide(contest, by, reason, ResultsDecision.Action.REOPEN)


def _decide(contest: Contest, by: Any, reason: str, action: str) -> ResultsDecision:
    if not (getattr(by, "is_superuser", False) or role_of(by) == Role.ORGANISER):
        raise JudgingRefused(ORGANISER_ONLY)
    reason = reason.strip()
    if not reason:
        raise JudgingRefused(REASON_REQUIRED)
    lock_contest(contest)
    locked = results_locked(contest)
    if action == ResultsDecision.Action.FINALISE and locked:
        raise JudgingRefused(ALREADY_FINALISED)
    if action == ResultsDecision.Action.REOPEN and not locked:
        raise JudgingRefused(NOT_FINALISED)
    decision = ResultsDecision.objects.create(
        contest=contest, action=action, at=timezone.now(), by=by, reason=reason
    )
    record(
        action=f"results.{action}",
        obj=decision,
        actor=by,
        contest=contest,
        before={"locked": locked},
        after={"locked": not locked},
        reason=reason,
    )
    return decision


def lock_contest(contest: Contest) -> None:
    """Serialise the changes of one contest's judging (a no-op on SQLite, which has one writer)."""
    list(Contest.objects.select_for_update().filter(pk=contest.pk).values_list("pk", flat=True))


def refuse_if_locked(contest: Contest) -> None:
    if results_locked(contest):
        raise ResultsLocked()


def require_staff(by: Any) -> None:
    if not is_staff_member(by):
        raise JudgingRefused(STAFF_ONLY)


# --- conflicts -------------------------------------------------------------------------------


@transaction.atomic
def declare_conflict(
    *,
    member: JuryMember,
    unit: Unit | None = None,
    entry: Entry | None = None,
    reason: str,
    by: Any,
) -> Conflict:
    """Record that ``member`` must not score ``unit``'s clips (or one clip), effective at once.

    Unscored assignments the conflict rules out are removed now rather than at the next
    assignment, so the member never opens a clip they should not see. A clip already scored
    stays: the next ``assign_jury`` names it, for the organisers to settle.
    """
    require_staff(by)
    if (unit is None) == (entry is None):
        raise JudgingRefused(CONFLICT_TARGET)
    if entry is not None and entry.contest_id != member.contest_id:
        raise JudgingRefused(ENTRY_OF_OTHER_CONTEST.format(ref=entry.ref))
    reason = reason.strip()
    if not reason:
        raise JudgingRefused(REASON_REQUIRED)
    contest = member.contest
    lock_contest(contest)
    refuse_if_locked(contest)
    conflict = Conflict.objects.filter(member=member, unit=unit, entry=entry).first()
    created = conflict is None
    if created:
        conflict = Conflict.objects.create(member=member, unit=unit, entry=entry, reason=reason)
    removed = drop_conflicting_assignments(contest=contest)
    if created or removed:
        record(
            action="jury.conflict",
            obj=conflict,
            actor=by,
            contest=contest,
            after={
                "judge": member.user.username,
                "unit": unit.code if unit else None,
                "entry": entry.ref if entry else None,
                "removed": [list(pair) for pair in removed],
            },
            reason=reason,
        )
    return conflict


def drop_conflicting_assignments(*, contest: Contest) -> list[tuple[str, str]]:
    """Delete the unscored assignments that are now conflicts; the (ref, username) pairs gone.

    Runs inside the caller's transaction, which records the change.
    """
    conflicts = conflicts_of(contest)
    doomed = [
        (pk, (ref, username))
        for pk, ref, username in Assignment.objects.filter(
            member__contest=contest, sheet__isnull=True
        ).values_list("pk", "entry__ref", "member__user__username")
        if (ref, username) in conflicts
    ]
    Assignment.objects.filter(pk__in=[pk for pk, _ in doomed]).delete()
    return sorted(pair for _, pair in doomed)


# --- assignment ------------------------------------------------------------------------------


@transaction.atomic
def assign_jury(*, contest: Contest, per_entry: int | None, by: Any) -> solver.Assignment:
    """Decide who scores which eligible clip and store it, keeping every pair already scored.

    ``per_entry=None``: every member scores every eligible clip except their conflicts (the
    usual jury of 5-7). Otherwise each clip gets exactly ``per_entry`` members, loads balanced.
    Unscored assignments no longer wanted are deleted; a scored one never is (a clip that has
    since become ineligible keeps its scored pairs, which the ranking ignores). Raises
    ``AssignmentInfeasible`` (nothing stored) when the rules cannot be met.
    """
    require_staff(by)
    if per_entry is not None and per_entry < 1:
        raise JudgingRefused(BAD_PER_ENTRY.format(value=per_entry))
    lock_contest(contest)
    refuse_if_locked(contest)
    judges = list(
        JuryMember.objects.filter(contest=contest).values_list("user__username", flat=True)
    )
    eligible = [v.entry.ref for v in contest_report(contest).entries if v.eligible]
    conflicts = conflicts_of(contest)
    current = {
        (ref, username): (pk, scored)
        for pk, ref, username, scored in Assignment.objects.filter(
            member__contest=contest
        ).values_list("pk", "entry__ref", "member__user__username", "sheet__pk")
    }
    eligible_set = set(eligible)
    keep = {pair for pair, (_, sheet) in current.items() if sheet and pair[0] in eligible_set}
    if per_entry is None:
        result = _everyone_scores_everything(eligible, judges, conflicts, keep)
    else:
        result = solver.assign(
            eligible, judges, per_entry=per_entry, conflicts=conflicts, keep=keep
        )
    wanted = {(ref, judge) for judge, refs in result.by_judge.items() for ref in refs}
    removed = sorted(
        pair for pair, (_, sheet) in current.items() if pair not in wanted and not sheet
    )
    added = sorted(wanted - current.keys())
    Assignment.objects.filter(pk__in=[current[pair][0] for pair in removed]).delete()
    _create_assignments(contest, added)
    record(
        action="jury.assign",
        obj=contest,
        actor=by,
        contest=contest,
        before={"assignments": len(current)},
        after={
            "per_entry": per_entry,
            "assignments": len(current) - len(removed) + len(added),
            "added": [list(pair) for pair in added],
            "removed": [list(pair) for pair in removed],
        },
    )
    return result


def _everyone_scores_everything(
    entries: list[str], judges: list[str], conflicts: set[tuple[str, str]], keep: set
) -> solver.Assignment:
    """The default assignment; a scored pair now in conflict is for the organisers to settle."""
    in_conflict = sorted(keep & conflicts, key=lambda pair: solver.natural_key(pair[0]))
    if in_conflict:
        raise solver.AssignmentInfeasible(
            [
                solver.KEPT_PAIR_IN_CONFLICT.format(ref=ref, judge=judge)
                for ref, judge in in_conflict
            ]
        )
    return solver.default_assignment(entries, judges, conflicts)


def _create_assignments(contest: Contest, pairs: list[tuple[str, str]]) -> None:
    if not pairs:
        return
    members = {
        m.user.username: m
        for m in JuryMember.objects.filter(contest=contest).select_related("user")
    }
    entries = {
        entry.ref: entry
        for entry in Entry.objects.filter(contest=contest, ref__in={ref for ref, _ in pairs})
    }
    Assignment.objects.bulk_create(
        Assignment(member=members[judge], entry=entries[ref]) for ref, judge in pairs
    )
