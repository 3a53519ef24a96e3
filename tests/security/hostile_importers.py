"""The five importers the hostile files and the random rows are tried on, each with one row
it accepts; the organiser and the paper jury member they run with; and the state they must
leave alone when they refuse.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model

from clipcontest.accounts.models import Role
from clipcontest.accounts.services import ensure_account
from clipcontest.entries.imports import import_entries
from clipcontest.entries.letter_imports import import_letters
from clipcontest.entries.models import Entry
from clipcontest.judging.imports import import_jury, import_scores
from clipcontest.judging.models import Assignment, CriterionScore, JuryMember, ScoreSheet
from clipcontest.units.imports import import_units

from .hostile_helpers import db_state


@dataclass(frozen=True)
class Importer:
    name: str
    head: list[str]
    row: list[str]
    run: Callable[..., object]
    page: str | None = None  # what the organisers' import page calls it


IMPORTERS = (
    Importer(
        "units",
        ["code", "name", "kind", "email"],
        ["HG-NEW", "Ban Chỉ đạo 35 Huyện ủy Mới", "district", "moi@example.vn"],
        lambda content, name, contest, by: import_units(content, name, by=by),
        page="units",
    ),
    Importer(
        "entries",
        [
            "unit",
            "title",
            "ref",
            "url",
            "genre",
            "theme",
            "authors",
            "duration",
            "posted_at",
            "submitted_at",
        ],
        [
            "HG-TP",
            "Clip mới về tin giả",
            "",
            "https://www.youtube.com/watch?v=zZ9yY8xX7wV",
            "comedy",
            "refute_false_information",
            "Nguyễn Văn Mới",
            "1:30",
            "2022-05-01",
            "2022-05-02 10:00",
        ],
        lambda content, name, contest, by: import_entries(content, name, contest=contest, by=by),
        page="clips",
    ),
    Importer(
        "letters",
        ["unit", "number", "date", "received_at", "entries"],
        ["HG-TP", "99-CV/BCĐ35", "2022-06-20", "2022-06-21 08:00", "HG-TP-1"],
        lambda content, name, contest, by: import_letters(content, name, contest=contest, by=by),
    ),
    Importer(
        "jury",
        ["username", "name", "email", "unit"],
        ["gk.moi", "Nguyễn Văn Mới", "moi@example.vn", ""],
        lambda content, name, contest, by: import_jury(content, name, contest=contest, by=by),
    ),
    Importer(
        "scores",
        ["entry", "judge", "content", "creativity", "technique", "reach", "comment"],
        ["HG-TP-1", "gk.an", "30", "20", "18", "7", "Rõ thông điệp"],
        lambda content, name, contest, by: import_scores(content, name, contest=contest, by=by),
    ),
)


@pytest.fixture(name="staff")
def staff_fixture(demo_contest):
    """An organiser, and a paper jury member with HG-TP-1 to score."""
    organiser = ensure_account(username="bt.nhap", password="x", role=Role.ORGANISER)
    judge = ensure_account(username="gk.an", password="x", role=Role.JURY_MEMBER)
    seat = JuryMember.objects.create(contest=demo_contest, user=judge, order_seed=1)
    Assignment.objects.create(member=seat, entry=Entry.objects.get(ref="HG-TP-1"))
    return organiser


def full_state() -> dict[str, int]:
    extra = (get_user_model(), JuryMember, Assignment, ScoreSheet, CriterionScore)
    return {**db_state(), **{model.__name__: model.objects.count() for model in extra}}
