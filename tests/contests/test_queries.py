"""Which contest a page shows when several are loaded."""

from __future__ import annotations

from datetime import date

import pytest
from factories import RULES_2022

from clipcontest.contests.practice import practice_rules, shift_window
from clipcontest.contests.queries import current_contest, portal_contest
from clipcontest.contests.rules_file import load_rules_file, parse_rules
from clipcontest.contests.services import load_contest

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 26)


def test_without_contests_there_is_none():
    assert current_contest() is None and portal_contest() is None


def test_public_pages_show_the_last_real_contest_not_a_practice_run(settings):
    real = load_contest(load_rules_file(RULES_2022)).contest
    practice = load_contest(
        practice_rules(RULES_2022.read_text(encoding="utf-8"), today=date.today())
    ).contest
    assert practice.practice and practice.slug == "sc35-2022-practice"
    assert current_contest() == real
    # Units work in the practice run while no real contest is open.
    assert portal_contest() == practice


def test_a_running_real_contest_wins_over_a_practice_run():
    text = RULES_2022.read_text(encoding="utf-8")
    load_contest(practice_rules(text, today=date.today()))
    running = load_contest(parse_rules(shift_window(text, today=date.today()))).contest
    assert current_contest() == running == portal_contest()


def test_practice_run_keeps_every_rule_but_the_dates():
    text = RULES_2022.read_text(encoding="utf-8")
    original, practice = parse_rules(text), practice_rules(text, today=TODAY)
    assert practice.window.opens_on < TODAY < practice.window.closes_on
    assert practice.window.letter_deadline == date(2026, 12, 6)
    assert practice.prizes == original.prizes and practice.entries == original.entries
    assert practice.name.endswith("(chạy thử)")
