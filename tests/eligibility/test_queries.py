"""Reading the eligibility engine's inputs from the database in a fixed number of queries."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from factories import HCM, EntryFactory, OfficialLetterFactory, UnitFactory

from clipcontest.accounts.models import Role
from clipcontest.accounts.services import ensure_account
from clipcontest.eligibility.queries import (
    contest_report,
    entry_verdict,
    page_verdicts,
    unit_compliance,
    unit_report,
)
from clipcontest.entries.models import Entry, FindingOverride, OfficialLetter, Platform
from clipcontest.units.models import Unit

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


@pytest.fixture
def organiser(db):
    return ensure_account(username="bantochuc", password="x-2022-x", role=Role.ORGANISER)


def _mixed_contest(contest, organiser) -> None:
    """Clips whose verdicts depend on other units: videos entered twice (the earlier clip, the
    organisers' choice, a disqualified first clip), an override, a unit without a letter."""
    add_entries(contest, 60, units=6)
    entries = {e.ref: e for e in Entry.objects.filter(contest=contest)}
    # Q03-10 repeats Q04-1's video (unit of n=9 is Q03, the first clip n=0 is Q00): choose it.
    Entry.objects.filter(ref="Q03-10").update(stands_for_video=True)
    # The first clip of another repeated video is disqualified: the second one stands.
    Entry.objects.filter(ref="Q04-11").update(
        disqualified_at=AFTER_THE_CONTEST, disqualification_ground="other"
    )
    FindingOverride.objects.create(
        entry=entries["Q01-8"],
        code="duration_too_short",
        reason="Checked",
        by=organiser,
        at=AFTER_THE_CONTEST,
    )
    OfficialLetter.objects.filter(unit__code="Q05").delete()
    Entry.objects.filter(ref="Q02-27").update(withdrawn_at=AFTER_THE_CONTEST)


def test_a_units_report_judges_its_clips_exactly_as_the_whole_contest_does(contest_2022, organiser):
    """Rule: a video counts once, whichever page asks (the unit's own page reads the unit)."""
    _mixed_contest(contest_2022, organiser)
    whole = contest_report(contest_2022, at=AFTER_THE_CONTEST)
    duplicates = sum(f.code == "duplicate_video" for v in whole.entries for f in v.findings)
    assert duplicates >= 4  # the comparison below covers clips that lose their video

    for unit in Unit.objects.all():
        mine = unit_report(contest_2022, unit, at=AFTER_THE_CONTEST)
        assert mine.entries == tuple(v for v in whole.entries if v.entry.unit == unit.code)
        assert mine.units == tuple(u for u in whole.units if u.code == unit.code)


def test_one_clips_verdict_is_the_whole_contests_verdict_of_it(contest_2022, organiser):
    _mixed_contest(contest_2022, organiser)
    whole = {v.entry.ref: v for v in contest_report(contest_2022, at=AFTER_THE_CONTEST).entries}

    for entry in Entry.objects.filter(contest=contest_2022):
        assert entry_verdict(entry, at=AFTER_THE_CONTEST) == whole.get(entry.ref), entry.ref
    assert entry_verdict(Entry.objects.get(ref="Q02-27"), at=AFTER_THE_CONTEST) is None


def test_a_units_report_reads_a_fixed_number_of_queries(contest_2022, organiser):
    def queries_for(count: int) -> int:
        OfficialLetter.objects.all().delete()
        Entry.objects.all().delete()
        Unit.objects.all().delete()
        add_entries(contest_2022, count)
        unit = Unit.objects.get(code="Q03")
        with CaptureQueriesContext(connection) as captured:
            unit_report(contest_2022, unit, at=AFTER_THE_CONTEST)
        return len(captured.captured_queries)

    assert queries_for(20) == queries_for(200) <= REPORT_QUERIES + 1


def test_a_pages_verdicts_are_the_whole_contests_verdicts_of_its_clips(contest_2022, organiser):
    _mixed_contest(contest_2022, organiser)
    whole = {v.entry.ref: v for v in contest_report(contest_2022, at=AFTER_THE_CONTEST).entries}
    entries = list(Entry.objects.filter(contest=contest_2022).order_by("pk"))

    for start in range(0, len(entries), 7):  # pages of 7, each mixing units and videos
        page = entries[start : start + 7]
        verdicts = page_verdicts(contest_2022, page, at=AFTER_THE_CONTEST)
        assert verdicts == {e.ref: whole[e.ref] for e in page if e.ref in whole}
    assert page_verdicts(contest_2022, [], at=AFTER_THE_CONTEST) == {}


def test_the_clip_finding_codes_are_every_code_the_clip_rules_give():
    """The clip list's finding filter offers this list without judging the contest: a new
    rule's code must be added to it."""
    import inspect
    import re

    from clipcontest.eligibility import rules

    source = inspect.getsource(rules)
    given = set(re.findall(r'Finding\(\s*"([a-z_]+)"', source))
    unit_codes = {"below_minimum", "letter_missing", "letter_late"}
    assert given - unit_codes == rules.CLIP_FINDING_CODES
