"""Who is reminded of what, and when: the rules of ``due_reminders`` on plain values.

The 2022 plan: letters by 15 June, clips by 30 June, at least 2 eligible clips per unit;
reminders 7, 3 and 1 days before each deadline.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from zoneinfo import ZoneInfo

from clipcontest.eligibility.rules import ContestFacts, LetterStatus, UnitVerdict
from clipcontest.reminders.choices import Deadline, Kind
from clipcontest.reminders.due import (
    due_reminders,
    manual_notice,
    reminder_day,
    reminder_days,
    schedule,
)

CONTEST = ContestFacts(
    slug="sc35-2022",
    time_zone=ZoneInfo("Asia/Ho_Chi_Minh"),
    opens_on=date(2022, 3, 1),
    closes_on=date(2022, 6, 30),
    letter_deadline=date(2022, 6, 15),
    min_entries_per_unit=2,
    min_seconds=Decimal(5),
    max_seconds=Decimal(600),
    platforms=frozenset({"facebook", "tiktok", "youtube"}),
)
DAYS = (7, 3, 1)


def unit(code: str, eligible: int, letter: LetterStatus = LetterStatus.RECEIVED) -> UnitVerdict:
    return UnitVerdict(
        code=code,
        entries=eligible,
        eligible_entries=eligible,
        meets_minimum=eligible >= 2,
        letter=letter,
    )


COMPLIANT = unit("HG-TP", 3)
BELOW = unit("HG-YM", 1)
NO_LETTER = unit("HG-BQ", 2, LetterStatus.MISSING)
BOTH = unit("HG-HSP", 0, LetterStatus.MISSING)


def due_on(day: date, units=(COMPLIANT, BELOW, NO_LETTER, BOTH), **kwargs):
    return due_reminders(units, CONTEST, today=day, days=DAYS, **kwargs)


def test_a_unit_below_the_minimum_is_reminded_7_days_before_the_letter_deadline():
    due = due_on(date(2022, 6, 8), units=[BELOW])

    assert [(d.unit, d.kind, d.deadline, d.days_before, d.days_left) for d in due] == [
        ("HG-YM", Kind.BELOW_MINIMUM, Deadline.LETTER, 7, 7)
    ]
    assert (due[0].eligible, due[0].minimum, due[0].deadline_on) == (1, 2, date(2022, 6, 15))


def test_a_unit_without_a_received_letter_is_reminded_of_the_letter():
    due = due_on(date(2022, 6, 12), units=[NO_LETTER])

    assert [(d.kind, d.deadline, d.days_before) for d in due] == [
        (Kind.LETTER_MISSING, Deadline.LETTER, 3)
    ]


def test_a_unit_that_lacks_both_gets_both_items():
    due = due_on(date(2022, 6, 14), units=[BOTH])

    assert {(d.kind, d.days_before) for d in due} == {
        (Kind.BELOW_MINIMUM, 1),
        (Kind.LETTER_MISSING, 1),
    }


def test_a_compliant_unit_is_never_reminded():
    for day in range(1, 31):
        assert due_on(date(2022, 6, day), units=[COMPLIANT]) == []


def test_a_late_letter_counts_as_received():
    late = unit("HG-MV", 2, LetterStatus.LATE)
    assert due_on(date(2022, 6, 29), units=[late]) == []


def test_reminders_before_the_close_use_the_close_date():
    due = due_on(date(2022, 6, 23), units=[BELOW])

    assert [(d.deadline, d.deadline_on, d.days_before) for d in due] == [
        (Deadline.CLOSE, date(2022, 6, 30), 7)
    ]


def test_nothing_is_due_before_the_first_reminder_day():
    assert due_on(date(2022, 6, 7)) == []
    assert due_on(date(2022, 4, 1)) == []


def test_nothing_is_due_after_the_close():
    assert due_on(date(2022, 7, 1)) == []


def test_a_reminder_already_sent_is_not_due_again():
    sent = {("HG-YM", "below_minimum", "letter", 7)}

    assert due_on(date(2022, 6, 8), units=[BELOW], already_sent=sent) == []
    # The days between two reminder days only catch up what was missed.
    assert due_on(date(2022, 6, 10), units=[BELOW], already_sent=sent) == []
    assert [d.days_before for d in due_on(date(2022, 6, 12), units=[BELOW], already_sent=sent)] == [
        3
    ]


def test_a_missed_reminder_day_is_caught_up_with_the_nearest_one():
    # The worker was down on 8 June (7 days before): on the 10th the 7-day reminder goes out,
    # and says how many days are really left.
    due = due_on(date(2022, 6, 10), units=[BELOW])

    assert [(d.days_before, d.days_left) for d in due] == [(7, 5)]


def test_on_the_deadline_day_a_unit_not_yet_reminded_gets_the_last_reminder():
    assert [(d.days_before, d.days_left) for d in due_on(date(2022, 6, 15), units=[BELOW])] == [
        (1, 0)
    ]


def test_a_reminder_day_of_0_sends_on_the_deadline_day_itself():
    due = due_reminders([BELOW], CONTEST, today=date(2022, 6, 15), days=(0,))
    assert [(d.days_before, d.days_left) for d in due] == [(0, 0)]
    assert due_reminders([BELOW], CONTEST, today=date(2022, 6, 14), days=(0,)) == []


def test_both_deadlines_can_be_due_the_same_day_with_long_notice():
    due = due_reminders([BELOW], CONTEST, today=date(2022, 6, 1), days=(30,))

    assert [(d.deadline, d.days_left) for d in due] == [
        (Deadline.LETTER, 14),
        (Deadline.CLOSE, 29),
    ]


def test_the_list_is_ordered_by_unit_then_deadline():
    due = due_on(date(2022, 6, 14))

    assert [d.unit for d in due] == ["HG-BQ", "HG-HSP", "HG-HSP", "HG-YM"]


def test_reminder_day_is_the_nearest_day_not_yet_passed():
    assert reminder_day(7, DAYS) == 7
    assert reminder_day(4, DAYS) == 7
    assert reminder_day(3, DAYS) == 3
    assert reminder_day(0, DAYS) == 1
    assert reminder_day(8, DAYS) is None
    assert reminder_day(-1, DAYS) is None


def test_the_setting_drops_negatives_and_repeats():
    assert reminder_days([1, 7, 3, 3, -2]) == (7, 3, 1)


def test_a_manual_reminder_points_to_the_next_deadline():
    before = manual_notice(BELOW, CONTEST, Kind.BELOW_MINIMUM, today=date(2022, 6, 1))
    after = manual_notice(BELOW, CONTEST, Kind.BELOW_MINIMUM, today=date(2022, 6, 20))
    closed = manual_notice(BELOW, CONTEST, Kind.BELOW_MINIMUM, today=date(2022, 7, 2))

    assert (before.deadline, before.days_before) == (Deadline.LETTER, 14)
    assert (after.deadline, after.days_before) == (Deadline.CLOSE, 10)
    assert (closed.deadline, closed.days_before, closed.days_left) == (Deadline.CLOSE, None, -2)


def test_a_manual_reminder_of_something_the_unit_has_is_refused():
    assert manual_notice(COMPLIANT, CONTEST, Kind.BELOW_MINIMUM, today=date(2022, 6, 1)) is None
    assert manual_notice(BELOW, CONTEST, Kind.LETTER_MISSING, today=date(2022, 6, 1)) is None


def test_the_schedule_lists_each_deadline_with_its_reminder_days():
    plan = schedule(CONTEST, DAYS)

    assert plan == [
        (
            Deadline.LETTER,
            date(2022, 6, 15),
            [(7, date(2022, 6, 8)), (3, date(2022, 6, 12)), (1, date(2022, 6, 14))],
        ),
        (
            Deadline.CLOSE,
            date(2022, 6, 30),
            [(7, date(2022, 6, 23)), (3, date(2022, 6, 27)), (1, date(2022, 6, 29))],
        ),
    ]
