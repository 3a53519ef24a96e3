"""The organisers' console: the units table, deadlines, what changed, and the clip search.

The table's rows come from a real eligibility report (``evaluate_contest`` on plain facts), so
"below the minimum" and "letter late" mean what the rules say they mean.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from factories import EntryFactory, OfficialLetterFactory, PersonFactory, UnitFactory

from clipcontest.audit.services import record
from clipcontest.contests.models import Contest
from clipcontest.eligibility.console import (
    ChangeKind,
    ClipFilters,
    UnitFilter,
    changes_since,
    countdown,
    countdowns,
    filter_unit_rows,
    finding_codes,
    next_sort,
    rows_from_report,
    search_clips,
    sort_unit_rows,
    unit_totals,
)
from clipcontest.eligibility.queries import contest_report
from clipcontest.eligibility.rules import (
    ContestFacts,
    EntryFacts,
    LetterFacts,
    LetterStatus,
    evaluate_contest,
)
from clipcontest.entries.models import EntryAuthor, Platform

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
CONTEST = ContestFacts(
    slug="sc35-2022",
    time_zone=HCM,
    opens_on=date(2022, 3, 1),
    closes_on=date(2022, 6, 30),
    letter_deadline=date(2022, 6, 15),
    min_entries_per_unit=2,
    min_seconds=Decimal(5),
    max_seconds=Decimal(600),
    platforms=frozenset({"facebook", "tiktok", "youtube"}),
)
IN_TIME = datetime(2022, 5, 1, 9, tzinfo=HCM)
NAMES = {"A": "Ban Chỉ đạo 35 Mèo Vạc", "B": "Ban Chỉ đạo 35 Đồng Văn", "C": "Ban Chỉ đạo 35 Dân"}


def clip(ref: str, unit: str, seconds: int = 60) -> EntryFacts:
    return EntryFacts(
        ref=ref,
        unit=unit,
        platform="youtube",
        canonical_url=f"https://www.youtube.com/watch?v={ref}",
        submitted_at=IN_TIME,
        duration_seconds=Decimal(seconds),
        posted_at=IN_TIME,
    )


def letter(unit: str, received_at: datetime, *refs: str) -> LetterFacts:
    return LetterFacts(unit, f"{unit}-CV", received_at, frozenset(refs))


@pytest.fixture
def rows():
    """A: two good clips, letter on time. B: one good and one too short, letter a day late.
    C: no clips, no letter."""
    report = evaluate_contest(
        CONTEST,
        [clip("A-1", "A"), clip("A-2", "A"), clip("B-1", "B"), clip("B-2", "B", seconds=3)],
        [
            letter("A", datetime(2022, 6, 15, 23, 0, tzinfo=HCM), "A-1", "A-2"),
            letter("B", datetime(2022, 6, 16, 8, 0, tzinfo=HCM), "B-1", "B-2"),
        ],
        ["A", "B", "C"],
        at=datetime(2022, 7, 1, tzinfo=HCM),
    )
    return {row.code: row for row in rows_from_report(report, NAMES)}


# --- the units table -------------------------------------------------------------------------


def test_a_unit_with_two_eligible_clips_meets_the_minimum_of_2(rows):
    assert (rows["A"].entries, rows["A"].eligible, rows["A"].meets_minimum) == (2, 2, True)


def test_a_unit_with_one_eligible_clip_of_two_is_below_the_minimum_of_2(rows):
    assert (rows["B"].entries, rows["B"].eligible, rows["B"].meets_minimum) == (2, 1, False)


def test_a_letter_received_on_the_deadline_day_late_in_the_evening_is_on_time(rows):
    assert rows["A"].letter is LetterStatus.RECEIVED


def test_a_letter_received_the_day_after_the_deadline_is_late_not_missing(rows):
    assert rows["B"].letter is LetterStatus.LATE


def test_a_unit_without_any_letter_has_it_missing(rows):
    assert rows["C"].letter is LetterStatus.MISSING


def test_blocking_findings_count_those_on_the_units_clips(rows):
    # B-2 is too short (blocking); being below the minimum is its own column, not counted here.
    assert (rows["A"].blocking, rows["B"].blocking, rows["C"].blocking) == (0, 1, 0)


def test_rows_carry_the_units_names(rows):
    assert rows["B"].name == "Ban Chỉ đạo 35 Đồng Văn"


def test_filter_below_the_minimum_keeps_the_units_short_of_eligible_clips(rows):
    shown = filter_unit_rows(rows.values(), UnitFilter(below_minimum=True))
    assert [row.code for row in shown] == ["B", "C"]


def test_filter_letter_missing_or_late_keeps_either(rows):
    wanted = UnitFilter.parse(letters=["missing", "late"])
    assert [row.code for row in filter_unit_rows(rows.values(), wanted)] == ["B", "C"]
    only_late = UnitFilter.parse(letters=["late"])
    assert [row.code for row in filter_unit_rows(rows.values(), only_late)] == ["B"]


def test_filter_with_blocking_findings(rows):
    shown = filter_unit_rows(rows.values(), UnitFilter(has_blocking=True))
    assert [row.code for row in shown] == ["B"]


def test_filters_combine_every_condition_must_hold(rows):
    wanted = UnitFilter.parse(below_minimum=True, letters=["missing"])
    assert [row.code for row in filter_unit_rows(rows.values(), wanted)] == ["C"]


def test_an_empty_filter_shows_every_unit_and_unknown_letter_states_are_ignored(rows):
    wanted = UnitFilter.parse(letters=["lost", ""])
    assert wanted == UnitFilter()
    assert len(filter_unit_rows(rows.values(), wanted)) == 3


@pytest.mark.parametrize(
    ("sort", "order"),
    [
        ("code", ["A", "B", "C"]),
        ("-code", ["C", "B", "A"]),
        ("entries", ["C", "A", "B"]),  # A and B tie at 2: by code
        ("-entries", ["A", "B", "C"]),  # ties keep the code order when reversed too
        ("eligible", ["C", "B", "A"]),
        ("blocking", ["A", "C", "B"]),
        ("letter", ["C", "B", "A"]),  # missing, late, received: the ones to chase first
        ("-letter", ["A", "B", "C"]),
        ("meets_minimum", ["B", "C", "A"]),
        ("nonsense", ["A", "B", "C"]),
    ],
)
def test_the_units_table_sorts_by_any_column_both_ways(rows, sort, order):
    assert [row.code for row in sort_unit_rows(rows.values(), sort)] == order


def test_names_sort_the_vietnamese_way_with_d_stroke_after_d(rows):
    # Code points put "Đ" after "M"; Vietnamese puts it right after "D".
    assert [row.code for row in sort_unit_rows(rows.values(), "name")] == ["C", "B", "A"]


def test_clicking_the_sorted_column_again_reverses_it():
    assert next_sort("code", "code") == "-code"
    assert next_sort("-code", "code") == "code"
    assert next_sort("code", "letter") == "letter"


def test_totals_add_up_the_rows_shown(rows):
    totals = unit_totals(list(rows.values()))
    assert (totals.units, totals.entries, totals.eligible, totals.blocking) == (3, 4, 3, 1)
    assert (totals.letters_received, totals.letters_late, totals.letters_missing) == (1, 1, 1)
    assert totals.meeting_minimum == 1
    assert unit_totals([]).units == 0


# --- deadlines -------------------------------------------------------------------------------

DEADLINE = datetime(2022, 6, 15, 23, 59, 59, 999999, tzinfo=HCM)  # end of 15 June, local


def test_countdown_at_2359_local_on_the_deadline_day_is_today():
    left = countdown(DEADLINE, datetime(2022, 6, 15, 23, 59, tzinfo=HCM))
    assert (left.today, left.passed, left.days, left.hours) == (True, False, 0, 0)


def test_countdown_counts_in_the_contests_zone_whatever_zone_now_is_in():
    # 16:59 UTC is 23:59 in Hà Nội: still the deadline day. 17:00 UTC is the next day there.
    assert countdown(DEADLINE, datetime(2022, 6, 15, 16, 59, tzinfo=UTC)).today
    assert countdown(DEADLINE, datetime(2022, 6, 15, 17, 0, tzinfo=UTC)).passed


def test_countdown_the_day_before_gives_days_and_hours_to_the_end_of_the_deadline_day():
    left = countdown(DEADLINE, datetime(2022, 6, 14, 10, 0, tzinfo=HCM))
    assert (left.today, left.passed, left.days, left.hours) == (False, False, 1, 13)


def test_countdown_on_the_deadline_morning_is_today_with_hours_left():
    left = countdown(DEADLINE, datetime(2022, 6, 15, 8, 0, tzinfo=HCM))
    assert (left.today, left.days, left.hours) == (True, 0, 15)


def test_countdown_after_midnight_local_has_passed():
    left = countdown(DEADLINE, datetime(2022, 6, 16, 0, 0, 1, tzinfo=HCM))
    assert (left.passed, left.today, left.days, left.hours) == (True, False, 0, 0)


def test_countdowns_run_to_the_end_of_the_letter_deadline_and_of_the_closing_day():
    contest = Contest(
        time_zone="Asia/Ho_Chi_Minh",
        letter_deadline=date(2022, 6, 15),
        closes_on=date(2022, 6, 30),
    )
    both = countdowns(contest, datetime(2022, 6, 20, 12, tzinfo=HCM))
    assert both.letters.passed
    assert not both.close.passed and (both.close.days, both.close.hours) == (10, 11)
    assert both.close.deadline == datetime(2022, 6, 30, 23, 59, 59, 999999, tzinfo=HCM)


# --- the clip filters ------------------------------------------------------------------------


def test_clip_filters_from_the_address_drop_unknown_states_and_trim():
    filters = ClipFilters.from_query(
        {"unit": " hg-dv ", "eligibility": "maybe", "fetch_state": "lost", "text": "  Mèo  "}
    )
    assert filters == ClipFilters(unit="HG-DV", text="Mèo")
    assert filters.active and not ClipFilters().active


# --- reading the database --------------------------------------------------------------------


@pytest.fixture
def two_units(db):
    return UnitFactory(code="HG-MV"), UnitFactory(code="HG-DV")


@pytest.mark.django_db
def test_search_filters_by_unit_platform_genre_theme_and_fetch_state(contest_2022, two_units):
    mv, dv = two_units
    EntryFactory(contest=contest_2022, unit=mv, ref="MV-1", genre="comedy")
    EntryFactory(contest=contest_2022, unit=mv, ref="MV-2", genre="music", fetch_state="failed")
    EntryFactory(
        contest=contest_2022,
        unit=dv,
        ref="DV-1",
        platform=Platform.TIKTOK,
        theme="other_theme",
    )
    report = contest_report(contest_2022)

    def found(**values):
        return search_clips(contest_2022, report, ClipFilters(**values))

    assert found() == ["DV-1", "MV-1", "MV-2"]
    assert found(unit="HG-MV") == ["MV-1", "MV-2"]
    assert found(platform="tiktok") == ["DV-1"]
    assert found(genre="music") == ["MV-2"]
    assert found(theme="other_theme") == ["DV-1"]
    assert found(fetch_state="failed") == ["MV-2"]
    assert found(unit="HG-MV", genre="comedy") == ["MV-1"]


@pytest.mark.django_db
def test_search_by_text_finds_the_ref_title_link_or_an_authors_name(contest_2022, two_units):
    mv, _ = two_units
    one = EntryFactory(contest=contest_2022, unit=mv, ref="MV-1", title="Sự thật về rừng")
    EntryFactory(contest=contest_2022, unit=mv, ref="MV-2", video_id="Zz9Yy8Xx7Ww")
    three = EntryFactory(contest=contest_2022, unit=mv, ref="MV-3")
    EntryAuthor.objects.create(entry=three, person=PersonFactory(unit=mv, name="Vàng Thị Dính"))
    EntryAuthor.objects.create(entry=one, person=PersonFactory(unit=mv, name="Lò Văn Dính"))
    report = contest_report(contest_2022)

    def found(text):
        return search_clips(contest_2022, report, ClipFilters(text=text))

    assert found("MV-2") == ["MV-2"]
    assert found("thật về") == ["MV-1"]
    assert found("Zz9Yy8Xx7Ww") == ["MV-2"]
    assert found("Vàng Thị") == ["MV-3"]
    assert found("Dính") == ["MV-1", "MV-3"]  # two authors, each clip once


@pytest.mark.django_db
def test_search_by_eligibility_and_finding_comes_from_the_report(contest_2022, two_units):
    mv, _ = two_units
    EntryFactory(contest=contest_2022, unit=mv, ref="OK-1")
    EntryFactory(contest=contest_2022, unit=mv, ref="SHORT-1", duration_seconds=3)
    EntryFactory(contest=contest_2022, unit=mv, ref="GONE-1", withdrawn_at=timezone.now())
    report = contest_report(contest_2022)

    def found(**values):
        return search_clips(contest_2022, report, ClipFilters(**values))

    assert found(eligibility="eligible") == ["OK-1"]
    assert found(eligibility="not_eligible") == ["SHORT-1"]
    assert found(eligibility="withdrawn") == ["GONE-1"]
    assert found(finding="duration_too_short") == ["SHORT-1"]
    assert found(finding="duration_too_short", eligibility="eligible") == []
    assert "duration_too_short" in finding_codes(report)


@pytest.mark.django_db
def test_changes_since_yesterday_are_grouped_by_unit_and_said_once(contest_2022, two_units):
    mv, dv = two_units
    now = timezone.now()
    old = EntryFactory(contest=contest_2022, unit=mv, ref="MV-OLD")
    type(old).objects.filter(pk=old.pk).update(created_at=now - timedelta(days=3))
    new = EntryFactory(contest=contest_2022, unit=mv, ref="MV-NEW")
    gone = EntryFactory(contest=contest_2022, unit=dv, ref="DV-GONE", withdrawn_at=now)
    type(gone).objects.filter(pk=gone.pk).update(created_at=now - timedelta(days=3))
    received = OfficialLetterFactory(
        contest=contest_2022, unit=dv, number="08-CV", received_at=now - timedelta(hours=2)
    )
    # The service's audit rows say the same as the rows: each change is listed once.
    record(action="entry.imported", obj=new, contest=contest_2022, after={"title": new.title})
    record(action="entry.withdrawn", obj=gone, contest=contest_2022, before={"withdrawn": False})
    record(action="letter.received", obj=received, contest=contest_2022)
    record(action="review.override", obj=old, contest=contest_2022, reason="Đã xác minh")
    record(action="jury.assign", obj=contest_2022, contest=contest_2022)
    record(action="committee.member_added", obj=contest_2022, contest=contest_2022)

    with CaptureQueriesContext(connection) as queries:
        groups = {group.code: group for group in changes_since(contest_2022)}

    assert len(queries) <= 5
    assert set(groups) == {"HG-MV", "HG-DV"}  # the jury's work is not the intake's news
    assert [c.label for c in groups["HG-MV"].new] == ["MV-NEW"]
    assert [(c.label, c.reason) for c in groups["HG-MV"].reviews] == [("MV-OLD", "Đã xác minh")]
    assert [c.label for c in groups["HG-DV"].withdrawn] == ["DV-GONE"]
    assert [c.label for c in groups["HG-DV"].letters] == ["08-CV"]
    assert groups["HG-DV"].new == [] and groups["HG-DV"].other == []


@pytest.mark.django_db
def test_changes_older_than_the_window_are_not_news(contest_2022, two_units):
    mv, _ = two_units
    entry = EntryFactory(contest=contest_2022, unit=mv)
    later = timezone.now() + timedelta(days=2)
    assert changes_since(contest_2022, now=later) == []
    groups = changes_since(contest_2022, later - timedelta(days=3), now=later)
    assert [c.kind for c in groups[0].changes] == [ChangeKind.NEW]
    assert groups[0].changes[0].label == entry.ref
