"""Changing who sits on the committees and numbering the decisions that found them.

Each change is one function: it checks everything first (``checks.py``: ``CommitteeRefused``
names every problem by field, in both languages, and nothing is stored), then writes the
change and its audit row in one transaction, with the contest's row locked so that two
organisers cannot give one committee two heads or two members the same place.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.db import transaction

from clipcontest.audit.services import record
from clipcontest.contests.models import Contest
from clipcontest.contests.queries import letterhead_of
from clipcontest.judging.models import JuryMember

from . import plan
from .checks import (
    BAD_PLACE,
    REORDER_MISMATCH,
    CommitteeRefused,
    clean_member,
    committee_key,
    decision_problems,
    require_staff,
)
from .models import CommitteeMember, FoundingDecision

__all__ = [
    "BAD_PLACE",
    "CommitteeRefused",
    "add_committee_member",
    "edit_committee_member",
    "remove_committee_member",
    "reorder_committee",
    "set_founding_decision",
]


@transaction.atomic
def add_committee_member(
    *,
    contest: Contest,
    committee: str,
    full_name: str,
    position: str,
    role: str,
    jury_member: JuryMember | None = None,
    by: Any,
) -> CommitteeMember:
    """Put one person on a committee, listed after the others of their role.

    A jury row may name a jury account instead of a person: its name is then the account's.
    """
    require_staff(by)
    _lock(contest)
    values = clean_member(contest, committee, full_name, position, role, jury_member)
    members = list(_members(contest, values["committee"]))
    index = plan.insertion_index([m.role for m in members], values["role"])
    member = CommitteeMember(contest=contest, **values)
    member.save()
    _renumber([*members[:index], member, *members[index:]])
    record(
        action="committee.member_added",
        obj=member,
        actor=by,
        contest=contest,
        after=_snapshot(member),
    )
    return member


@transaction.atomic
def edit_committee_member(
    *,
    member: CommitteeMember,
    full_name: str,
    position: str,
    role: str,
    place: int | None = None,
    by: Any,
) -> CommitteeMember:
    """Change a member's name, position or role, and move them to ``place`` (1 = first).

    With no place, a member whose role changes moves to the end of their new role's group
    (a new head goes to the top), as a new member would.
    """
    require_staff(by)
    _lock(member.contest)
    member = CommitteeMember.objects.select_related("jury_member__user").get(pk=member.pk)
    before = _snapshot(member)
    values = clean_member(
        member.contest,
        member.committee,
        full_name,
        position,
        role,
        member.jury_member,
        editing=member,
    )
    others = [m for m in _members(member.contest, member.committee) if m.pk != member.pk]
    if place is not None and not 1 <= place <= len(others) + 1:
        raise CommitteeRefused({"place": BAD_PLACE.format(count=len(others) + 1)})
    role_changed = values["role"] != member.role
    member.full_name, member.position, member.role = (
        values["full_name"],
        values["position"],
        values["role"],
    )
    member.save(update_fields=["full_name", "position", "role"])
    if place is not None:
        index = place - 1
    elif role_changed:
        index = plan.insertion_index([m.role for m in others], member.role)
    else:
        index = sum(1 for m in others if (m.order, m.pk) < (member.order, member.pk))
    _renumber([*others[:index], member, *others[index:]])
    member.refresh_from_db(fields=["order"])
    record(
        action="committee.member_edited",
        obj=member,
        actor=by,
        contest=member.contest,
        before=before,
        after=_snapshot(member),
    )
    return member


@transaction.atomic
def remove_committee_member(*, member: CommitteeMember, by: Any) -> None:
    """Take a person off a committee; a jury account stays on the jury as a plain member."""
    require_staff(by)
    contest = member.contest
    _lock(contest)
    member = CommitteeMember.objects.select_related("jury_member__user").get(pk=member.pk)
    record(
        action="committee.member_removed",
        obj=member,
        actor=by,
        contest=contest,
        before=_snapshot(member),
    )
    member.delete()
    _renumber(list(_members(contest, member.committee)))


@transaction.atomic
def reorder_committee(
    *, contest: Contest, committee: str, member_ids: Sequence[int], by: Any
) -> list[CommitteeMember]:
    """List a committee's members in the order given (every member, each once)."""
    require_staff(by)
    _lock(contest)
    committee = committee_key(committee)
    members = {m.pk: m for m in _members(contest, committee)}
    if sorted(member_ids) != sorted(members):
        raise CommitteeRefused({"order": REORDER_MISMATCH})
    before = [members[pk].name for pk in sorted(members, key=lambda pk: members[pk].order)]
    ordered = [members[pk] for pk in member_ids]
    _renumber(ordered)
    record(
        action="committee.reordered",
        obj=contest,
        actor=by,
        contest=contest,
        before={"committee": committee, "order": before},
        after={"committee": committee, "order": [m.name for m in ordered]},
    )
    return ordered


@transaction.atomic
def set_founding_decision(
    *, contest: Contest, committee: str, number: str, day: date | None, by: Any
) -> FoundingDecision:
    """Record the number and date the office gave the decision founding ``committee``.

    The number is digits only (the document adds ``-QĐ/BTGTU`` or ``-QĐ/BTC``), never one the
    same register already gave another of the three decisions; the jury and the secretariat
    are founded no earlier than the organising committee that founds them.
    """
    require_staff(by)
    _lock(contest)
    committee = committee_key(committee)
    number = number.strip()
    decisions = {d.committee: d for d in FoundingDecision.objects.filter(contest=contest)}
    problems = decision_problems(
        committee, number, day, decisions, abbreviation=letterhead_of(contest).abbreviation
    )
    if problems:
        raise CommitteeRefused(problems)
    decision = decisions.get(committee) or FoundingDecision(contest=contest, committee=committee)
    before = {"number": decision.number, "day": _iso(decision.day)} if decision.pk else None
    decision.number, decision.day = number, day
    decision.save()
    record(
        action="committee.decision_numbered",
        obj=decision,
        actor=by,
        contest=contest,
        before=before,
        after={"committee": committee, "number": number, "day": _iso(day)},
    )
    return decision


# --- storing -----------------------------------------------------------------------------------


def _lock(contest: Contest) -> None:
    """Serialise the changes of one contest's committees (a no-op on SQLite: one writer)."""
    list(Contest.objects.select_for_update().filter(pk=contest.pk).values_list("pk", flat=True))


def _members(contest: Contest, committee: str) -> Iterable[CommitteeMember]:
    return (
        CommitteeMember.objects.filter(contest=contest, committee=committee)
        .select_related("jury_member__user")
        .order_by("order", "pk")
    )


def _renumber(members: Sequence[CommitteeMember]) -> None:
    """1, 2, 3 ... in the order given, writing only the rows whose place changed."""
    changed = []
    for number, member in enumerate(members, start=1):
        if member.order != number:
            member.order = number
            changed.append(member)
    CommitteeMember.objects.bulk_update(changed, ["order"])


def _snapshot(member: CommitteeMember) -> dict[str, Any]:
    account = member.jury_member.user.get_username() if member.jury_member_id else None
    return {
        "committee": member.committee,
        "name": member.name,
        "position": member.position,
        "role": member.role,
        "order": member.order,
        "jury_account": account,
    }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
