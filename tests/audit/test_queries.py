"""Reading the audit log: one contest's events filtered, one object's history, what changed."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import pytest
from django.utils import translation
from factories import HCM, RULES_2022, EntryFactory, UnitFactory

import clipcontest
from clipcontest.accounts.models import Role
from clipcontest.accounts.services import ensure_account
from clipcontest.audit.actions import ACTION_LABELS, action_label
from clipcontest.audit.models import AuditEvent
from clipcontest.audit.queries import (
    Change,
    changes,
    events,
    history_of,
    shown,
    stored_actions,
)
from clipcontest.contests.rules_file import parse_rules
from clipcontest.contests.services import load_contest
from clipcontest.judging.models import ResultsDecision

SOURCE = Path(clipcontest.__file__).parent
# action="entry.submitted", ... else "scores.save", _record("review.restored", ...
ACTION_CODE = re.compile(r'(?:action=|_record\(|else )\s*"([a-z_]+\.[a-z_]+)"')

# --- what changed (pure) ------------------------------------------------------------------------


def test_changes_lists_only_the_keys_whose_value_differs_in_the_order_written():
    before = {"title": "Cũ", "genre": "comedy", "authors": ["A"], "withdrawn": False}
    after = {"title": "Mới", "genre": "comedy", "authors": ["A", "B"], "withdrawn": False}

    assert changes(before, after) == [
        Change("title", "Cũ", "Mới"),
        Change("authors", ["A"], ["A", "B"]),
    ]


def test_a_creation_lists_every_field_it_set_and_a_key_missing_on_one_side_counts_as_empty():
    assert changes(None, {"number": "12-CV", "place": ""}) == [Change("number", None, "12-CV")]
    assert changes({"locked": True}, {"locked": True, "extra": 1}) == [Change("extra", None, 1)]
    assert changes({"a": 1, "b": None, "c": []}, {"a": 1, "b": "", "c": None}) == []
    assert changes(None, None) == []


def test_values_are_shown_on_one_line_with_a_dash_for_nothing():
    assert shown(None) == shown("") == shown([]) == "—"
    assert shown(["Vàng Thị Dính", "Hoàng Văn Páo"]) == "Vàng Thị Dính, Hoàng Văn Páo"
    assert shown({"views": 10, "likes": None}) == "views: 10; likes: —"
    assert shown("2022-06-14T15:30:00+07:00") == "14/06/2022 15:30"
    assert shown("2022-06-09") == "09/06/2022"
    assert shown("HG-MV-2022-06-09") == "HG-MV-2022-06-09"
    assert Change("x", None, 1).added and not Change("x", 1, None).added
    with translation.override("en"):
        assert (shown(True), shown(False)) == ("yes", "no")
        assert Change("received_at", None, "2022-06-10").label == "received at"
        assert Change("new_key", None, 1).label == "new key"


def test_every_action_code_written_in_the_code_has_a_label_and_unknown_ones_show_as_themselves():
    written = {
        code
        for path in SOURCE.rglob("*.py")
        if "audit" not in path.parts
        for code in ACTION_CODE.findall(path.read_text(encoding="utf-8"))
    }
    written |= {f"results.{action}" for action in ResultsDecision.Action.values}
    assert {"entry.submitted", "letter.unreceived", "scores.save", "jury.assign"} <= written
    assert written - set(ACTION_LABELS) == set()
    assert action_label("something.new") == "something.new"


# --- the queries ---------------------------------------------------------------------------------


def other_contest():
    text = re.sub(r"(?m)^slug = .*$", 'slug = "sc35-other"', RULES_2022.read_text("utf-8"), count=1)
    return load_contest(parse_rules(text)).contest


def add(contest, at, *, action="entry.updated", actor=None, obj=("entries.entry", "1"), repr=""):
    return AuditEvent.objects.create(
        at=at,
        contest=contest,
        action=action,
        actor=actor,
        object_type=obj[0],
        object_id=obj[1],
        object_repr=repr,
    )


@pytest.fixture
def people(db):
    return {
        name: ensure_account(username=name, password="x-y-z-123!", role=role)
        for name, role in (("bantochuc", Role.ORGANISER), ("thuky", Role.SECRETARY))
    }


@pytest.fixture
def log(contest_2022, people):
    """Six events around 10 June 2022 (Hà Nội time), one in another contest, one in none."""
    return {
        "early": add(contest_2022, datetime(2022, 6, 9, 23, 59, tzinfo=HCM), action="x.a"),
        "morning": add(
            contest_2022,
            datetime(2022, 6, 10, 0, 0, tzinfo=HCM),
            actor=people["thuky"],
            obj=("entries.officialletter", "7"),
            repr="12-CV/BCĐ35 (HG-MV)",
        ),
        "evening": add(
            contest_2022,
            datetime(2022, 6, 10, 23, 59, tzinfo=HCM),
            actor=people["bantochuc"],
            repr="HG-MV-3 — Phản bác thông tin sai",
        ),
        "late": add(contest_2022, datetime(2022, 6, 11, 0, 0, tzinfo=HCM), action="x.a"),
        "unit": add(
            None, datetime(2022, 6, 10, 12, 0, tzinfo=HCM), action="unit.x", obj=("units.unit", "3")
        ),
        "elsewhere": add(other_contest(), datetime(2022, 6, 10, 12, 0, tzinfo=HCM)),
    }


def keys(found, log):
    names = {event.pk: name for name, event in log.items()}
    return [names[event.pk] for event in found]


def test_a_contests_log_is_newest_first_with_the_events_of_no_contest_and_none_of_another(
    contest_2022, log
):
    assert keys(events(contest_2022), log) == ["late", "evening", "unit", "morning", "early"]


def test_the_dates_are_whole_local_days_inclusive(contest_2022, log):
    found = events(contest_2022, since=date(2022, 6, 10), until=date(2022, 6, 10))
    assert keys(found, log) == ["evening", "unit", "morning"]
    assert keys(events(contest_2022, since=date(2022, 6, 11)), log) == ["late"]


def test_filters_by_action_who_kind_of_object_and_its_code_or_id(contest_2022, log):
    assert keys(events(contest_2022, action="x.a"), log) == ["late", "early"]
    assert keys(events(contest_2022, actor="BanToChuc"), log) == ["evening"]
    assert keys(events(contest_2022, object_type="entries.officialletter"), log) == ["morning"]
    assert keys(events(contest_2022, object_text="hg-mv-3"), log) == ["evening"]
    assert keys(events(contest_2022, object_text="7"), log) == ["morning"]
    assert keys(events(contest_2022, action="x.a", since=date(2022, 6, 10)), log) == ["late"]


def test_reading_the_log_with_its_actors_and_contests_takes_one_query(
    contest_2022, log, django_assert_num_queries
):
    with django_assert_num_queries(1):
        [(e.actor and e.actor.username, e.contest and e.contest.slug) for e in events(contest_2022)]


def test_the_actions_offered_are_the_named_ones_and_any_other_stored(contest_2022, log):
    offered = stored_actions(contest_2022)
    assert {"x.a", "unit.x", "entry.submitted"} <= set(offered)
    assert offered == sorted(offered)


def test_history_of_an_object_is_its_own_events_newest_first(contest_2022):
    entry, other = EntryFactory(unit=UnitFactory()), EntryFactory(unit=UnitFactory())
    first = add(contest_2022, datetime(2022, 4, 2, 9, 0, tzinfo=HCM), obj=entry_key(entry))
    second = add(contest_2022, datetime(2022, 4, 3, 9, 0, tzinfo=HCM), obj=entry_key(entry))
    add(contest_2022, datetime(2022, 4, 4, 9, 0, tzinfo=HCM), obj=entry_key(other))
    add(contest_2022, datetime(2022, 4, 5, 9, 0, tzinfo=HCM), obj=("units.unit", str(entry.pk)))

    assert list(history_of(entry)) == [second, first]


def entry_key(entry):
    return ("entries.entry", str(entry.pk))
