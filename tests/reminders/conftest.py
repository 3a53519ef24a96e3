"""The 2022 contest with five units, each standing differently against the plan.

- HG-TP: 2 eligible clips, letter received on 3 June: nothing to remind.
- HG-YM: 1 eligible clip, letter received: below the minimum. Has a representative.
- HG-BQ: 2 eligible clips, no letter: letter missing.
- HG-HSP: no clips, no letter, and no e-mail address anywhere: reported, never mailed.
- HG-QB: does not take part (inactive): never reminded.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from factories import EntryFactory, OfficialLetterFactory, UnitFactory

from clipcontest.accounts.models import Role
from clipcontest.accounts.services import ensure_account
from clipcontest.contests.models import Contest
from clipcontest.units.models import Unit

SITE = "https://clip.example.vn"


@dataclass
class World:
    contest: Contest
    units: dict[str, Unit]


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.CLIPCONTEST_SITE_URL = SITE
    settings.CLIPCONTEST_REMINDER_DAYS = (7, 3, 1)


@pytest.fixture
def world(contest_2022) -> World:
    return build_world(contest_2022)


def build_world(contest_2022: Contest) -> World:
    units = {
        "HG-TP": UnitFactory(code="HG-TP", name="Ban Chỉ đạo 35 Thành ủy Hà Giang"),
        "HG-YM": UnitFactory(code="HG-YM", name="Ban Chỉ đạo 35 Huyện ủy Yên Minh"),
        "HG-BQ": UnitFactory(code="HG-BQ", name="Ban Chỉ đạo 35 Huyện ủy Bắc Quang"),
        "HG-HSP": UnitFactory(code="HG-HSP", name="Ban Chỉ đạo 35 Hoàng Su Phì", email=""),
        "HG-QB": UnitFactory(code="HG-QB", name="Ban Chỉ đạo 35 Quản Bạ", active=False),
    }
    tp = [EntryFactory(contest=contest_2022, unit=units["HG-TP"]) for _ in range(2)]
    OfficialLetterFactory(contest=contest_2022, unit=units["HG-TP"], entries=tp)
    ym = [EntryFactory(contest=contest_2022, unit=units["HG-YM"])]
    OfficialLetterFactory(contest=contest_2022, unit=units["HG-YM"], entries=ym)
    for _ in range(2):
        EntryFactory(contest=contest_2022, unit=units["HG-BQ"])
    ensure_account(
        username="hg-ym",
        password="mật-khẩu-thử-1",
        role=Role.UNIT_REPRESENTATIVE,
        email="dai.dien.yenminh@example.vn",
        unit=units["HG-YM"],
    )
    return World(contest_2022, units)
