"""Managing the jury one member at a time, from the organisers' pages.

The spreadsheet import (``imports.import_jury``) and these functions share one set of row
checks and one way of storing a member, so a member added by hand is held to the same rules as
one imported (a valid username, a jury account, a known unit) and leaves the same audit row.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from clipcontest.audit.services import record
from clipcontest.common.tabular import ImportFailed, Problem, Row, RowCheck
from clipcontest.common.text import Text
from clipcontest.contests.models import Contest
from clipcontest.units.models import Unit

from . import services
from .imports import LOCKED, accounts_named, clean_jury_row, store_jury
from .models import Conflict, JuryMember, ScoreSheet
from .queries import results_locked

HAS_SUBMITTED_SCORES = Text(
    vi="{name} đã gửi điểm {count} clip: điểm này là một phần của kết quả nên không thể xoá "
    "thành viên. Hãy khai báo xung đột cho những clip cần chấm lại.",
    en="{name} has submitted scores for {count} clips: they are part of the results, so the "
    "member cannot be removed. Declare conflicts for the clips that need other judges.",
)


def add_jury_member(
    *, contest: Contest, username: str, name: str, email: str, unit_code: str = "", by: Any
) -> JuryMember:
    """Seat one member (creating their account without a password, to be invited).

    Raises ``ImportFailed`` with the problems by field name (``username``, ``name``, ``email``,
    ``unit``) and stores nothing; an existing member is updated, as the import would.
    """
    services.require_staff(by)
    values = {"username": username.strip(), "name": " ".join(name.split()), "email": email.strip()}
    values["unit"] = unit_code.strip()
    check = RowCheck(Row(number=1, values=values))
    row = clean_jury_row(
        check, {u.code: u for u in Unit.objects.all()}, accounts_named([values["username"]]), {}
    )
    problems = list(check.problems)
    if results_locked(contest):
        problems.insert(0, Problem(None, None, LOCKED))
    if problems:
        raise ImportFailed([Problem(None, p.column, p.message) for p in problems])
    store_jury(contest, [row], "", by)
    return JuryMember.objects.select_related("user").get(
        contest=contest, user__username__iexact=values["username"]
    )


@transaction.atomic
def remove_jury_member(*, member: JuryMember, by: Any, reason: str) -> None:
    """Take a member off the jury with their unsubmitted drafts; refused once they have scored.

    Submitted scores are part of the results and are never thrown away by removing a person.
    """
    services.require_staff(by)
    reason = reason.strip()
    if not reason:
        raise services.JudgingRefused(services.REASON_REQUIRED)
    contest = member.contest
    services.lock_contest(contest)
    services.refuse_if_locked(contest)
    sheets = ScoreSheet.objects.filter(assignment__member=member)
    submitted = sheets.filter(status=ScoreSheet.Status.SUBMITTED).count()
    if submitted:
        raise services.JudgingRefused(
            HAS_SUBMITTED_SCORES.format(name=str(member), count=submitted)
        )
    drafts = sheets.count()
    username = member.user.get_username()
    record(
        action="jury.remove",
        obj=member,
        actor=by,
        contest=contest,
        before={
            "judge": username,
            "assignments": member.assignments.count(),
            "drafts": drafts,
        },
        after=None,
        reason=reason,
    )
    sheets.delete()
    member.delete()


@transaction.atomic
def withdraw_conflict(*, conflict: Conflict, by: Any, reason: str) -> None:
    """Lift a declared conflict; the next assignment may give the member those clips again."""
    services.require_staff(by)
    reason = reason.strip()
    if not reason:
        raise services.JudgingRefused(services.REASON_REQUIRED)
    contest = conflict.member.contest
    services.lock_contest(contest)
    services.refuse_if_locked(contest)
    record(
        action="jury.conflict_withdrawn",
        obj=conflict,
        actor=by,
        contest=contest,
        before={
            "judge": conflict.member.user.get_username(),
            "unit": conflict.unit.code if conflict.unit else None,
            "entry": conflict.entry.ref if conflict.entry else None,
            "reason": conflict.reason,
        },
        after=None,
        reason=reason,
    )
    conflict.delete()
