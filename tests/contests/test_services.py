"""Loading a rules file stores exactly what it says, including the optional scoring rules."""

from __future__ import annotations

from decimal import Decimal

import pytest
from factories import RULES_2022

from clipcontest.contests.rules_file import parse_rules
from clipcontest.contests.services import load_contest

pytestmark = pytest.mark.django_db


def test_2022_contest_has_no_engagement_component_and_no_prize_limits():
    contest = load_contest(parse_rules(RULES_2022.read_text(encoding="utf-8"))).contest
    assert (contest.engagement_weight, contest.engagement_jury_weight) == (None, None)
    assert (contest.prize_cap_per_unit, contest.prize_min_score) == (None, None)
    assert contest.combine == "mean"


def test_engagement_blend_and_prize_limits_are_stored_exactly_as_written():
    text = RULES_2022.read_text(encoding="utf-8") + (
        "\n[engagement]\njury_weight = 0.7\nengagement_weight = 0.3\nper_like = 1\nper_share = 2\n"
        "\n[awards]\nper_unit_cap = 2\nmin_score = 50.5\n"
    )
    contest = load_contest(parse_rules(text)).contest
    contest.refresh_from_db()
    assert (contest.engagement_jury_weight, contest.engagement_weight) == (
        Decimal("0.7"),
        Decimal("0.3"),
    )
    assert (contest.engagement_per_like, contest.engagement_per_share) == (Decimal(1), Decimal(2))
    assert contest.engagement_per_view == 0
    assert (contest.prize_cap_per_unit, contest.prize_min_score) == (2, Decimal("50.5"))
