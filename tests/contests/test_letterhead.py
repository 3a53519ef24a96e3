"""The letterhead: bodies and signers are data (the bodies were renamed in 2025), not code."""

from __future__ import annotations

import pytest

from clipcontest.contests.queries import letterhead_of

pytestmark = pytest.mark.django_db


def test_a_new_contest_gets_a_letterhead_from_its_organising_body(contest_2022):
    letterhead = letterhead_of(contest_2022)

    assert letterhead.body == "BAN TUYÊN GIÁO TỈNH ỦY"
    assert letterhead.abbreviation == "BTGTU"
    assert letterhead_of(contest_2022).pk == letterhead.pk


def test_the_head_signs_as_truong_ban(contest_2022):
    assert letterhead_of(contest_2022).authority_lines() == ["TRƯỞNG BAN"]


def test_a_deputy_signs_for_the_head(contest_2022):
    letterhead = letterhead_of(contest_2022)
    letterhead.signer_is_deputy = True

    assert letterhead.authority_lines() == ["K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"]


def test_renamed_titles_are_used_as_edited(contest_2022):
    letterhead = letterhead_of(contest_2022)
    letterhead.head_title, letterhead.signer_is_deputy = "Trưởng ban", False

    assert letterhead.authority_lines() == ["TRƯỞNG BAN"]
