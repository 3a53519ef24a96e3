"""Who founds which committee and how its members are called, as the plan has it.

The plan (section IV.1): the Propaganda Department (the contest's letterhead: its body, its
abbreviation, its signer) founds the organising committee (Ban Tổ chức); the organising
committee founds the jury (Ban Giám khảo) and the secretariat (Tổ Thư ký), numbering those two
decisions in its own register ("01-QĐ/BTC") and signing them by its head. Plain values only:
the services, the pages and the documents all read it from here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

ORGANISING, JURY, SECRETARIAT = "organising", "jury", "secretariat"
COMMITTEES = (ORGANISING, JURY, SECRETARIAT)
HEAD, DEPUTY, MEMBER, SECRETARY = "head", "deputy", "member", "secretary"
ROLES = (HEAD, DEPUTY, MEMBER, SECRETARY)  # the order a decision lists them in

# The organising committee's own register, in which it numbers the decisions it issues.
ORGANISING_ABBREVIATION = "BTC"
ORGANISING_BODY = "Ban Tổ chức cuộc thi"

COMMITTEE_NAMES = {ORGANISING: "Ban Tổ chức", JURY: "Ban Giám khảo", SECRETARIAT: "Tổ Thư ký"}
# The role as the annex's "Nhiệm vụ" column says it: a team (tổ) has a leader, not a head.
ROLE_TITLES = {
    ORGANISING: {
        HEAD: "Trưởng ban",
        DEPUTY: "Phó Trưởng ban",
        MEMBER: "Ủy viên",
        SECRETARY: "Thư ký",
    },
    JURY: {HEAD: "Trưởng ban", DEPUTY: "Phó Trưởng ban", MEMBER: "Thành viên", SECRETARY: "Thư ký"},
    SECRETARIAT: {HEAD: "Tổ trưởng", DEPUTY: "Tổ phó", MEMBER: "Thành viên", SECRETARY: "Thư ký"},
}


@dataclass(frozen=True)
class Seat:
    """One line of a decision's annex: who, their position and workplace, their role."""

    name: str
    position: str
    role: str


def issued_by_organising_committee(committee: str) -> bool:
    """Only the organising committee is founded by the Propaganda Department itself."""
    return committee != ORGANISING


def register_of(committee: str, letterhead_abbreviation: str) -> str:
    """The register the decision is numbered in: ``BTGTU`` (the department's) or ``BTC``."""
    if issued_by_organising_committee(committee):
        return ORGANISING_ABBREVIATION
    return letterhead_abbreviation.strip()


def role_title(committee: str, role: str) -> str:
    return ROLE_TITLES[committee][role]


def head_of(seats: Sequence[Seat]) -> str:
    """The head's name, or "" while the committee has none (who signs for the committee)."""
    return next((seat.name for seat in seats if seat.role == HEAD), "")


def insertion_index(roles: Sequence[str], role: str) -> int:
    """Where a new member with ``role`` goes: after everyone listed before or with that role.

    A new head goes first, a new deputy after the deputies, a secretary last, so a committee
    built one member at a time is listed in the order a decision expects without reordering.
    """
    rank = ROLES.index(role)
    after = [index for index, other in enumerate(roles) if ROLES.index(other) <= rank]
    return after[-1] + 1 if after else 0
