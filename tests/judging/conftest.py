"""A jury for the demo contest, and the people who run it.

The demo contest has 12 eligible clips (HG-BQ-2, HG-DV-1, HG-DV-2, HG-KCQ-1, HG-KCQ-2, HG-MV-2,
HG-QB-1, HG-TP-1..3, HG-VX-1, HG-VX-2) and 5 ineligible ones.
"""

from __future__ import annotations

import zlib
from decimal import Decimal

import pytest
from django.contrib.auth.models import AbstractUser

from clipcontest.accounts.models import Role
from clipcontest.accounts.services import ensure_account
from clipcontest.contests.models import Contest
from clipcontest.judging.models import Assignment, JuryMember
from clipcontest.units.models import Unit

PASSWORD = "Ha-Giang-2022!"
ELIGIBLE = [
    "HG-BQ-2",
    "HG-DV-1",
    "HG-DV-2",
    "HG-KCQ-1",
    "HG-KCQ-2",
    "HG-MV-2",
    "HG-QB-1",
    "HG-TP-1",
    "HG-TP-2",
    "HG-TP-3",
    "HG-VX-1",
    "HG-VX-2",
]
INELIGIBLE = ["HG-BQ-1", "HG-KCQ-3", "HG-MV-1", "HG-QB-2", "HG-YM-1"]
# Full marks are 40, 25, 25 and 10 in 2022.
FULL = {
    "content": Decimal("40"),
    "creativity": Decimal("25"),
    "technique": Decimal("25"),
    "reach": Decimal("10"),
}
GOOD = {
    "content": Decimal("32.5"),
    "creativity": Decimal("20"),
    "technique": Decimal("18.5"),
    "reach": Decimal("7"),
}


@pytest.fixture(autouse=True)
def fast_password_hashing(settings) -> None:
    """Hashing is meant to be slow; these tests hash many passwords and test no hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def organiser(db) -> AbstractUser:
    return ensure_account(
        username="bantochuc", password=PASSWORD, role=Role.ORGANISER, full_name="Nguyễn Văn Tổ"
    )


@pytest.fixture
def secretary(db) -> AbstractUser:
    return ensure_account(username="thuky", password=PASSWORD, role=Role.SECRETARY)


def add_member(contest: Contest, username: str, unit: str | None = None) -> JuryMember:
    """A jury member with an account of their own, from ``unit`` (a code) if given."""
    seat_unit = Unit.objects.get(code=unit) if unit else None
    user = ensure_account(
        username=username,
        password=PASSWORD,
        role=Role.JURY_MEMBER,
        full_name=f"Giám khảo {username}",
        unit=seat_unit,
    )
    return JuryMember.objects.create(
        contest=contest,
        user=user,
        unit=seat_unit,
        order_seed=zlib.crc32(username.encode()) & 0x7FFFFFFF,
    )


@pytest.fixture
def jury(demo_contest: Contest) -> dict[str, JuryMember]:
    """Four members: An is from the city (HG-TP), Chi from Đồng Văn (HG-DV), two from no unit."""
    return {
        member.user.username: member
        for member in (
            add_member(demo_contest, "gk.an", "HG-TP"),
            add_member(demo_contest, "gk.binh"),
            add_member(demo_contest, "gk.chi", "HG-DV"),
            add_member(demo_contest, "gk.dung"),
        )
    }


def stored_pairs(contest: Contest) -> set[tuple[str, str]]:
    """(ref, username) of every assignment stored for the contest."""
    return set(
        Assignment.objects.filter(member__contest=contest).values_list(
            "entry__ref", "member__user__username"
        )
    )


def assignment_of(member: JuryMember, ref: str) -> Assignment:
    return Assignment.objects.get(member=member, entry__ref=ref)
