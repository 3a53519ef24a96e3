"""Fixtures shared by every test.

Spreadsheet builders (``csv_bytes``, ``xlsx_bytes``) and the model factories live in
``tests/factories.py``; the fixtures here put the 2022 contest and its units in the database.
"""

from __future__ import annotations

import pytest
from django.utils import timezone
from factories import DEMO, RULES_2022, UnitFactory

from clipcontest.contests.models import Contest
from clipcontest.contests.rules_file import load_rules_file, parse_rules
from clipcontest.contests.services import load_contest
from clipcontest.units.models import Unit

# The local video platform (``clip_server``, ``local_entry``, ...) for the fetching tests.
pytest_plugins = ["clipserver"]


@pytest.fixture
def contest_2022(db) -> Contest:
    """The 2022 contest, loaded from ``contests/sc35-2022.toml``."""
    return load_contest(load_rules_file(RULES_2022)).contest


@pytest.fixture
def units(db) -> dict[str, Unit]:
    """Three participating units, by code: a city, a district and an affiliated committee."""
    return {
        unit.code: unit
        for unit in (
            UnitFactory(code="HG-TP", name="Ban Chỉ đạo 35 Thành ủy Hà Giang", kind="city"),
            UnitFactory(code="HG-DV", name="Ban Chỉ đạo 35 Huyện ủy Đồng Văn", kind="district"),
            UnitFactory(code="HG-KCQ", name="Ban Chỉ đạo 35 Đảng ủy Khối", kind="affiliated"),
        )
    }


@pytest.fixture
def demo_contest(contest_2022: Contest) -> Contest:
    """The 2022 contest with the demo units, clips and letters imported."""
    from clipcontest.entries.imports import import_entries
    from clipcontest.entries.letter_imports import import_letters
    from clipcontest.units.imports import import_units

    import_units((DEMO / "units.csv").read_bytes(), "units.csv")
    import_entries((DEMO / "entries.csv").read_bytes(), "entries.csv", contest=contest_2022)
    import_letters((DEMO / "letters.csv").read_bytes(), "letters.csv", contest=contest_2022)
    return contest_2022


@pytest.fixture
def open_contest(db):
    """The 2022 rules with the window moved around today, so units can still enter clips."""
    from clipcontest.contests.practice import shift_window

    text = shift_window(RULES_2022.read_text(encoding="utf-8"), today=timezone.localdate())
    return load_contest(parse_rules(text)).contest


@pytest.fixture
def finalised(demo_contest: Contest) -> Contest:
    """The demo contest scored as in ``awards/test_results.py`` and finalised.

    Six ranked clips: 1 first, 2 second and 3 third prizes, 10.000.000 đ in all; the 15
    consolation prizes unused.
    """
    from awards.conftest import chair
    from awards.test_results import score_demo_contest

    from clipcontest.judging.services import finalise_results

    score_demo_contest(demo_contest)
    finalise_results(contest=demo_contest, by=chair(), reason="Họp Ban Giám khảo ngày 05/7/2022")
    return demo_contest


@pytest.fixture(autouse=True)
def every_test_starts_in_vietnamese():
    """A request under /en/ leaves English active in the test thread; the next test must not
    inherit it (Vietnamese is the default language)."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()
