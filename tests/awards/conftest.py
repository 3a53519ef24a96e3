"""A scored and finalised demo contest, for the awards and the documents made from it.

The scores are those of ``awards/test_results.py`` (six ranked clips: 1 first, 2 second and 3
third prizes, 10.000.000 đ; the 15 consolation prizes unused).
"""

from __future__ import annotations

import pytest
from judging.conftest import fast_password_hashing  # noqa: F401

from clipcontest.accounts.models import Role
from clipcontest.accounts.services import ensure_account
from clipcontest.contests.models import Contest
from clipcontest.judging.services import finalise_results


@pytest.fixture
def finalised(demo_contest: Contest) -> Contest:
    from awards.test_results import score_demo_contest

    score_demo_contest(demo_contest)
    finalise_results(contest=demo_contest, by=chair(), reason="Họp Ban Giám khảo ngày 05/7/2022")
    return demo_contest


def chair():
    """The organiser who finalises (and reopens) the results in these tests."""
    return ensure_account(
        username="chu.tich", password="Ha-Giang-2022!", role=Role.ORGANISER, full_name="Chủ tịch"
    )
