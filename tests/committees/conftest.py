"""The people who edit the committees, and jury accounts to put on the jury."""

from __future__ import annotations

import pytest

from clipcontest.accounts.models import Role
from clipcontest.accounts.services import ensure_account
from clipcontest.contests.models import Contest
from clipcontest.judging.models import JuryMember


@pytest.fixture(autouse=True)
def fast_password_hashing(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def organiser(db):
    return ensure_account(username="bantochuc", password="x-2022-x", role=Role.ORGANISER)


def seat_judge(contest: Contest, username: str, full_name: str) -> JuryMember:
    user = ensure_account(
        username=username, password="x-2022-x", role=Role.JURY_MEMBER, full_name=full_name
    )
    return JuryMember.objects.create(contest=contest, user=user)
