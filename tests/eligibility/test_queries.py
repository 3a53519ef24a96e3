"""Reading the eligibility engine's inputs from the database in a fixed number of queries."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from factories import HCM, EntryFactory, OfficialLetterFactory, UnitFactory

from clipcontest.eligibility.queries import contest_report, unit_compliance
from clipcontest.entries.models import Entry, OfficialLetter, Platform

pytestmark = pytest.mark.django_db

AFTER_THE_CONTEST = datetime(2022, 8, 1, tzinfo=HCM)
# Units (with which are active), overrides, entries, letter-entry links, letters: one query each.
REPORT_QUERIES = 5
SHARE = "https://www.facebook.com/groups/304102323603847/posts/1234567890123456/"


def add_entries(contest, count: int, *, units: int = 10) -> None:
    """``count`` entries over ``units`` units, each unit with a received letter, in bulk."""
    unit_rows = [UnitFactory(code=f"Q{n:02d}") for n in range(units)]
    start = datetime(2022, 3, 2, 9, tzinfo=HCM)
    entries = Entry.objects.bulk_create(
        Entry(
            contest=contest,
            unit=unit_rows[n % units],
            ref=f"{unit_rows[n % units].code}-{n + 1}",
            title=f"Clip {n}",
            url=f"https://youtu.be/v{n:010d}",
            platform=Platform.YOUTUBE,
            video_id=f"v{n:010d}",
            # Every tenth entry repeats an earlier video, so duplicates are part of the work.
            canonical_url=f"https://www.youtube.com/watch?v=v{(n - 9 if n % 10 == 9 else n):010d}",
            genre="comedy",
            theme="refute_false_information",
            duration_seconds=(3 if n % 7 == 0 else 120),
            duration_source="imported",
            posted_at=start,
            submitted_at=start + timedelta(minutes=n),
        )
        for n in range(count)
    )
    for unit in unit_rows:
        OfficialLetterFactory(
            contest=contest,
            unit=unit,
            number=f"{unit.code}-CV",
            entries=[e for e in entries if e.unit_id == unit.pk],
        )


@pytest.mark.parametrize("count", [20, 200])
def test_contest_report_uses_a_fixed_number_of_queries_whatever_the_number_of_entries(
    contest_2022, django_assert_max_num_queries, count
):
    add_entries(contest_2022, count)

    with django_assert_max_num_queries(REPORT_QUERIES):
        report = contest_report(contest_2022, at=AFTER_THE_CONTEST)

    assert len(report.entries) == count
    assert len(report.units) == 10
    assert all(u.letter == "received" for u in report.units)


def test_contest_report_runs_the_same_queries_for_20_and_200_entries(contest_2022):
    def queries_for(count: int) -> int:
        OfficialLetter.objects.all().delete()
        Entry.objects.all().delete()
        add_entries(contest_2022, count)
        with CaptureQueriesContext(connection) as captured:
            contest_report(contest_2022, at=AFTER_THE_CONTEST)
        return len(captured.captured_queries)

    assert queries_for(20) == queries_for(200) <= REPORT_QUERIES


def test_contest_report_reads_the_stored_facts_of_each_entry(contest_2022):
    unit = UnitFactory(code="HG-TP")
    first = EntryFactory(
        contest=contest_2022,
        unit=unit,
        ref="HG-TP-1",
        duration_seconds=600,
        group_post_url=SHARE,
        group_post_canonical=SHARE,
    )
    EntryFactory(
        contest=contest_2022,
        unit=UnitFactory(code="HG-BQ"),
        ref="HG-BQ-1",
        canonical_url=first.canonical_url,
        submitted_at=first.submitted_at + timedelta(days=1),
        duration_seconds=None,
    )
    OfficialLetterFactory(contest=contest_2022, unit=unit, entries=[first])

    report = contest_report(contest_2022, at=AFTER_THE_CONTEST)

    verdicts = {v.entry.ref: v for v in report.entries}
    assert verdicts["HG-TP-1"].findings == ()
    assert {f.code for f in verdicts["HG-BQ-1"].findings} == {
        "duplicate_video",
        "duration_unknown",
        "not_in_letter",
        "not_shared_to_group",
    }
    assert [(u.code, u.eligible_entries, str(u.letter)) for u in report.units] == [
        ("HG-BQ", 0, "missing"),
        ("HG-TP", 1, "received"),
    ]


def test_contest_report_ignores_entries_and_letters_of_other_contests(contest_2022, tmp_path):
    from factories import RULES_2022

    from clipcontest.contests.rules_file import load_rules_file
    from clipcontest.contests.services import load_contest

    rules = tmp_path / "sc35-2023.toml"
    rules.write_text(
        RULES_2022.read_text(encoding="utf-8").replace('"sc35-2022"', '"sc35-2023"'),
        encoding="utf-8",
    )
    other = load_contest(load_rules_file(rules)).contest
    unit = UnitFactory(code="HG-TP")
    mine = EntryFactory(contest=contest_2022, unit=unit, ref="HG-TP-1", group_post_canonical=SHARE)
    theirs = EntryFactory(contest=other, unit=unit, ref="HG-TP-1", canonical_url=mine.canonical_url)
    OfficialLetterFactory(contest=other, unit=unit, entries=[theirs])

    report = contest_report(contest_2022, at=AFTER_THE_CONTEST)

    assert [v.entry.ref for v in report.entries] == ["HG-TP-1"]
    assert [f.code for f in report.entries[0].findings] == ["not_in_letter"]
    assert [str(u.letter) for u in report.units] == ["missing"]


def test_inactive_unit_without_entries_is_left_out_of_the_report(contest_2022):
    UnitFactory(code="HG-TP")
    UnitFactory(code="HG-OLD", active=False)
    report = contest_report(contest_2022, at=AFTER_THE_CONTEST)
    assert [u.code for u in report.units] == ["HG-TP"]


def test_unit_compliance_pairs_each_verdict_with_its_unit_in_one_query(
    contest_2022, django_assert_num_queries
):
    add_entries(contest_2022, 30)
    report = contest_report(contest_2022, at=AFTER_THE_CONTEST)
    with django_assert_num_queries(1):
        rows = unit_compliance(report)
    assert [row.unit.code for row in rows] == [u.code for u in report.units]
