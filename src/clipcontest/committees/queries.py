"""Reading the committees: their members in order, the jury merged with its accounts.

Two queries for all three committees, however many members: the page and the documents read
the same rosters, so the page shows exactly what the decisions will print.
"""

from __future__ import annotations

from dataclasses import dataclass

from clipcontest.common.names import sorted_by_name
from clipcontest.contests.models import Contest
from clipcontest.judging.models import JuryMember

from . import plan
from .models import CommitteeMember, FoundingDecision


@dataclass(frozen=True)
class Listed:
    """One line of a committee's list: the printed seat and where it comes from.

    ``member`` is the row organisers edit; a jury account with no row has only ``account``.
    """

    seat: plan.Seat
    member: CommitteeMember | None = None
    account: JuryMember | None = None


def committee_lists(contest: Contest) -> dict[str, list[Listed]]:
    """Each committee's list in the decision's order.

    Jury accounts without a row of their own are listed as plain members, by Vietnamese name
    order, after the heads, deputies and members given and before the secretary.
    """
    lists: dict[str, list[Listed]] = {committee: [] for committee in plan.COMMITTEES}
    rows = (
        CommitteeMember.objects.filter(contest=contest)
        .select_related("jury_member__user")
        .order_by("committee", "order", "pk")
    )
    for member in rows:
        seat = plan.Seat(name=member.name, position=member.position, role=member.role)
        lists[member.committee].append(Listed(seat=seat, member=member))
    unlisted = JuryMember.objects.filter(contest=contest, committee_seat__isnull=True)
    accounts = [
        Listed(seat=plan.Seat(name=str(account), position="", role=plan.MEMBER), account=account)
        for account in unlisted.select_related("user")
    ]
    jury = lists[plan.JURY]
    index = plan.insertion_index([listed.seat.role for listed in jury], plan.MEMBER)
    jury[index:index] = sorted_by_name(accounts, key=lambda listed: listed.seat.name)
    return lists


def rosters(contest: Contest) -> dict[str, tuple[plan.Seat, ...]]:
    """Each committee's seats, as the decisions print them."""
    return {
        committee: tuple(listed.seat for listed in listed_seats)
        for committee, listed_seats in committee_lists(contest).items()
    }


def founding_decisions(contest: Contest) -> dict[str, FoundingDecision]:
    """The three decisions' numbers and dates; an unsaved, empty one for a committee not yet
    numbered."""
    stored = {d.committee: d for d in FoundingDecision.objects.filter(contest=contest)}
    return {
        committee: stored.get(committee) or FoundingDecision(contest=contest, committee=committee)
        for committee in plan.COMMITTEES
    }
