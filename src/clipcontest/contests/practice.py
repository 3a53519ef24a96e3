"""A practice run of a contest: the same rules with the window moved around today.

Units learn the portal (and the demo shows it) without touching the real contest's record.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from .rules_file import ContestRules, parse_rules


def shift_window(text: str, *, today: date) -> str:
    """The rules file ``text`` with its window moved so that it is open ``today``.

    The window runs 30 days each side of today, letters are due in 10 days and the awards
    month follows the close, so every countdown in the portal has something to show.
    """
    window = parse_rules(text).window
    moves = {
        window.opens_on: today - timedelta(days=30),
        window.closes_on: today + timedelta(days=30),
        window.letter_deadline: today + timedelta(days=10),
    }
    for old, new in moves.items():
        text = text.replace(old.isoformat(), new.isoformat())
    awards = (today + timedelta(days=62)).strftime("%Y-%m")
    return re.sub(r'awards_month\s*=\s*"\d{4}-\d{2}"', f'awards_month = "{awards}"', text)


def practice_rules(text: str, *, today: date) -> ContestRules:
    """A practice run of the contest in ``text``: open today, its own slug, marked practice."""
    text = re.sub(r"^practice\s*=.*$", "", shift_window(text, today=today), flags=re.M)
    # Top-level keys must come before the first [table]: put them next to the slug.
    text = re.sub(
        r'^slug\s*=\s*"([^"]+)"',
        r'slug = "\1-practice"\npractice = true',
        text,
        count=1,
        flags=re.M,
    )
    text = re.sub(r'^(name\s*=\s*")([^"]+)"', r'\1\2 (chạy thử)"', text, count=1, flags=re.M)
    text = re.sub(r'^(name_en\s*=\s*")([^"]+)"', r'\1\2 (practice run)"', text, count=1, flags=re.M)
    return parse_rules(text)
