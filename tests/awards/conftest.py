"""The organiser who finalises the awards tests' results (the ``finalised`` fixture is shared,
in ``tests/conftest.py``); the jury fixtures of the judging tests apply here too."""

from __future__ import annotations

from judging.conftest import fast_password_hashing  # noqa: F401

from clipcontest.accounts.models import Role
from clipcontest.accounts.services import ensure_account


def chair():
    """The organiser who finalises (and reopens) the results in these tests."""
    return ensure_account(
        username="chu.tich", password="Ha-Giang-2022!", role=Role.ORGANISER, full_name="Chủ tịch"
    )
