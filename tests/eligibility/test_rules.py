"""Every eligibility rule of the 2022 plan, one test per rule, on plain values (no database)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from clipcontest.eligibility.rules import (
    ContestFacts,
    EntryFacts,
    LetterFacts,
    LetterStatus,
    Severity,
    evaluate_contest,
)

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
CONTEST_2022 = ContestFacts(
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
IN_TIME = datetime(2022, 5, 1, 9, 0, tzinfo=HCM)
LETTER_ON_TIME = datetime(2022, 6, 10, 9, 0, tzinfo=HCM)


def entry(ref: str = "U1-1", unit: str = "U1", **overrides: object) -> EntryFacts:
    values: dict[str, object] = {
        "platform": "youtube",
        "canonical_url": f"https://www.youtube.com/watch?v={ref:_<11}"[:43],
        "submitted_at": IN_TIME,
        "duration_seconds": Decimal(60),
        "posted_at": IN_TIME,
    }
    values.update(overrides)
    return EntryFacts(ref=ref, unit=unit, **values)  # type: ignore[arg-type]


def judge(
    *entries: EntryFacts,
    letters: tuple[LetterFacts, ...] = (),
    at: datetime = datetime(2022, 7, 1, 12, tzinfo=HCM),
    units: tuple[str, ...] = (),
):
    return evaluate_contest(CONTEST_2022, list(entries), list(letters), units, at=at)


def codes(report, ref: str) -> set[str]:
    verdict = next(v for v in report.entries if v.entry.ref == ref)
    return {f.code for f in verdict.findings}


def listed(*refs: str, unit: str = "U1", received_at: datetime | None = LETTER_ON_TIME):
    return LetterFacts(
        unit=unit, number="1-CV", received_at=received_at, entry_refs=frozenset(refs)
    )


def test_clip_in_every_rule_is_eligible_without_findings():
    report = judge(entry(), letters=(listed("U1-1"),))
    assert report.entries[0].eligible
    assert report.entries[0].findings == ()


# --- duration: at least 5 seconds, at most 10 minutes, both included --------------------------


@pytest.mark.parametrize("seconds", ["5", "5.000", "600", "600.0", "59.5"])
def test_clip_within_5_to_600_seconds_inclusive_is_eligible(seconds):
    report = judge(entry(duration_seconds=Decimal(seconds)))
    assert not codes(report, "U1-1") & {"duration_too_short", "duration_too_long"}
    assert report.entries[0].eligible


def test_clip_of_exactly_600_seconds_is_eligible():
    assert judge(entry(duration_seconds=Decimal(600))).entries[0].eligible


def test_clip_of_exactly_5_seconds_is_eligible():
    assert judge(entry(duration_seconds=Decimal(5))).entries[0].eligible


@pytest.mark.parametrize("seconds", ["0", "4", "4.999"])
def test_clip_shorter_than_5_seconds_is_blocked_as_duration_too_short(seconds):
    report = judge(entry(duration_seconds=Decimal(seconds)))
    assert "duration_too_short" in codes(report, "U1-1")
    assert not report.entries[0].eligible


@pytest.mark.parametrize("seconds", ["600.001", "601", "3600"])
def test_clip_longer_than_10_minutes_is_blocked_as_duration_too_long(seconds):
    report = judge(entry(duration_seconds=Decimal(seconds)))
    assert "duration_too_long" in codes(report, "U1-1")
    assert not report.entries[0].eligible


def test_clip_of_unknown_duration_is_flagged_duration_unknown_but_not_blocked():
    report = judge(entry(duration_seconds=None))
    finding = next(f for f in report.entries[0].findings if f.code == "duration_unknown")
    assert finding.severity is Severity.WARNING
    assert report.entries[0].eligible


def test_duration_message_names_the_duration_and_the_limit_in_both_languages():
    report = judge(entry(duration_seconds=Decimal(601)))
    message = next(f for f in report.entries[0].findings if f.code == "duration_too_long").message
    assert "10:01" in message.vi and "10:00" in message.vi
    assert "10:01" in message.en and "longer" in message.en


# --- the window: 1 March to 30 June 2022, local time -------------------------------------------


def test_clip_posted_on_1_march_local_time_is_in_the_window():
    # 2022-02-28T17:00Z is already 1 March in Hanoi.
    report = judge(entry(posted_at=datetime(2022, 2, 28, 17, 0, tzinfo=UTC)))
    assert "posted_before_window" not in codes(report, "U1-1")


def test_clip_posted_before_1_march_is_blocked_as_posted_before_window():
    report = judge(entry(posted_at=datetime(2022, 2, 28, 16, 59, tzinfo=UTC)))
    assert "posted_before_window" in codes(report, "U1-1")
    assert not report.entries[0].eligible


def test_clip_posted_after_30_june_is_blocked_as_posted_after_window():
    report = judge(entry(posted_at=datetime(2022, 7, 1, 0, 0, 1)))  # naive = local
    assert "posted_after_window" in codes(report, "U1-1")


def test_clip_posted_on_30_june_late_evening_is_in_the_window():
    report = judge(entry(posted_at=datetime(2022, 6, 30, 16, 59, 59, tzinfo=UTC)))
    assert "posted_after_window" not in codes(report, "U1-1")


def test_clip_of_unknown_posting_date_is_flagged_posted_date_unknown_as_a_warning():
    report = judge(entry(posted_at=None))
    assert "posted_date_unknown" in codes(report, "U1-1")
    assert report.entries[0].eligible


@pytest.mark.parametrize(
    "submitted_at",
    [
        datetime(2022, 6, 30, 23, 59, 59, tzinfo=HCM),
        datetime.fromisoformat("2022-06-30T23:59:59+07:00"),
        datetime.fromisoformat("2022-06-30T16:59:59+00:00"),
        datetime(2022, 6, 30, 23, 59, 59),  # naive means local
    ],
)
def test_submission_until_end_of_30_june_local_time_is_in_time(submitted_at):
    report = judge(entry(submitted_at=submitted_at))
    assert "submitted_after_deadline" not in codes(report, "U1-1")


@pytest.mark.parametrize(
    "submitted_at",
    [
        datetime.fromisoformat("2022-06-30T17:30:00+00:00"),
        datetime(2022, 7, 1, 0, 0, 1),  # naive means local
    ],
)
def test_submission_after_30_june_local_time_is_blocked_as_submitted_after_deadline(submitted_at):
    report = judge(entry(submitted_at=submitted_at), at=datetime(2022, 7, 2, tzinfo=HCM))
    assert "submitted_after_deadline" in codes(report, "U1-1")
    assert not report.entries[0].eligible


# --- platforms ----------------------------------------------------------------------------------


def test_clip_on_a_platform_the_contest_does_not_list_is_blocked_as_platform_not_allowed():
    contest = ContestFacts(**{**CONTEST_2022.__dict__, "platforms": frozenset({"youtube"})})
    report = evaluate_contest(
        contest, [entry(platform="tiktok")], [], [], at=datetime(2022, 7, 1, tzinfo=HCM)
    )
    assert "platform_not_allowed" in codes(report, "U1-1")
    assert not report.entries[0].eligible


@pytest.mark.parametrize("platform", ["facebook", "tiktok", "youtube"])
def test_facebook_tiktok_and_youtube_are_the_2022_platforms(platform):
    assert "platform_not_allowed" not in codes(judge(entry(platform=platform)), "U1-1")


# --- duplicates ----------------------------------------------------------------------------------


def test_same_video_from_two_units_keeps_the_earliest_submission_and_blocks_the_later():
    video = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    early = entry("U2-1", "U2", canonical_url=video, submitted_at=datetime(2022, 4, 1, tzinfo=HCM))
    late = entry("U1-1", "U1", canonical_url=video, submitted_at=datetime(2022, 4, 2, tzinfo=HCM))
    report = judge(late, early)
    assert "duplicate_video" not in codes(report, "U2-1")
    assert "duplicate_video" in codes(report, "U1-1")
    message = next(
        f
        for f in next(v for v in report.entries if v.entry.ref == "U1-1").findings
        if f.code == "duplicate_video"
    ).message
    assert "U2-1" in message.vi and "U2-1" in message.en


def test_duplicate_compares_submission_instants_across_time_zones():
    video = "https://www.tiktok.com/@/video/7000000000000000001"
    # 08:00 in Hanoi is 01:00 UTC: the UTC-written entry was actually submitted later.
    local = entry(
        "A-1", "A", canonical_url=video, platform="tiktok", submitted_at=datetime(2022, 4, 1, 8, 0)
    )
    utc = entry(
        "B-1",
        "B",
        canonical_url=video,
        platform="tiktok",
        submitted_at=datetime(2022, 4, 1, 2, 0, tzinfo=UTC),
    )
    report = judge(utc, local)
    assert "duplicate_video" in codes(report, "B-1")
    assert "duplicate_video" not in codes(report, "A-1")


# --- the official letter -------------------------------------------------------------------------


def test_clip_listed_in_no_received_letter_gets_not_in_letter_warning_only():
    report = judge(entry())
    finding = next(f for f in report.entries[0].findings if f.code == "not_in_letter")
    assert finding.severity is Severity.WARNING
    assert report.entries[0].eligible


def test_letter_not_yet_received_does_not_list_its_clips():
    report = judge(entry(), letters=(listed("U1-1", received_at=None),))
    assert "not_in_letter" in codes(report, "U1-1")
    assert report.units[0].letter is LetterStatus.MISSING


def test_letter_received_by_end_of_15_june_local_time_is_received():
    report = judge(
        entry(), letters=(listed("U1-1", received_at=datetime(2022, 6, 15, 16, 59, tzinfo=UTC)),)
    )
    assert report.units[0].letter is LetterStatus.RECEIVED


def test_letter_received_after_15_june_is_late():
    report = judge(
        entry(), letters=(listed("U1-1", received_at=datetime(2022, 6, 15, 17, 0, tzinfo=UTC)),)
    )
    assert report.units[0].letter is LetterStatus.LATE
    assert "not_in_letter" not in codes(report, "U1-1")
    assert "letter_late" in {f.code for f in report.units[0].findings}


def test_unit_without_any_letter_is_missing():
    report = judge(entry())
    assert report.units[0].letter is LetterStatus.MISSING
    assert "letter_missing" in {f.code for f in report.units[0].findings}


# --- per unit: at least 2 eligible clips ----------------------------------------------------------


def test_unit_with_two_eligible_clips_meets_the_minimum_of_2():
    report = judge(entry("U1-1"), entry("U1-2"))
    assert report.units[0].eligible_entries == 2
    assert report.units[0].meets_minimum


def test_unit_with_one_eligible_clip_is_below_the_minimum_of_2():
    report = judge(entry("U1-1"), entry("U1-2", duration_seconds=Decimal(700)))
    unit = report.units[0]
    assert (unit.entries, unit.eligible_entries, unit.meets_minimum) == (2, 1, False)
    assert "below_minimum" in {f.code for f in unit.findings}


def test_unit_without_clips_is_listed_and_below_the_minimum():
    report = judge(entry("U1-1"), units=("U1", "U9"))
    u9 = next(u for u in report.units if u.code == "U9")
    assert (u9.entries, u9.eligible_entries, u9.meets_minimum) == (0, 0, False)


# --- as of a moment ------------------------------------------------------------------------


def test_check_as_of_a_past_moment_ignores_later_entries_and_letters():
    later = entry("U1-2", submitted_at=datetime(2022, 6, 1, tzinfo=HCM))
    letter = listed("U1-1", "U1-2", received_at=datetime(2022, 6, 2, tzinfo=HCM))
    report = judge(entry("U1-1"), later, letters=(letter,), at=datetime(2022, 5, 15, tzinfo=HCM))
    assert [v.entry.ref for v in report.entries] == ["U1-1"]
    assert report.units[0].letter is LetterStatus.MISSING
    assert "not_in_letter" in codes(report, "U1-1")


def test_report_json_has_the_documented_schema():
    data = judge(entry(duration_seconds=Decimal(4)), letters=(listed("U1-1"),)).as_json()
    assert data["contest"] == "sc35-2022"
    (row,) = data["entries"]
    assert {"ref", "unit", "eligible", "findings"} <= row.keys()
    assert row["findings"][0].keys() >= {"code", "severity", "message"}
    assert row["findings"][0]["severity"] == "blocking"
    (unit,) = data["units"]
    assert unit["letter"] == "received"
    assert {"code", "eligible_entries", "meets_minimum", "letter"} <= unit.keys()


def test_same_input_gives_the_same_report():
    entries = [entry("U1-1"), entry("U2-1", "U2", duration_seconds=None)]
    assert judge(*entries).as_json() == judge(*reversed(entries)).as_json()


# --- what the unit portal adds -------------------------------------------------------------------


def test_clip_entered_by_file_alone_is_blocked_as_link_missing_until_it_is_posted():
    report = judge(entry(platform="", canonical_url="file:abc"))
    assert "link_missing" in codes(report, "U1-1")
    assert not report.entries[0].eligible


def test_duration_typed_by_the_unit_counts_but_is_flagged_duration_unverified():
    report = judge(entry(duration_seconds=Decimal(60), duration_verified=False))
    finding = next(f for f in report.entries[0].findings if f.code == "duration_unverified")
    assert finding.severity is Severity.WARNING
    assert report.entries[0].eligible


def test_unverified_duration_out_of_bounds_is_still_blocked():
    report = judge(entry(duration_seconds=Decimal(700), duration_verified=False))
    assert "duration_too_long" in codes(report, "U1-1")
    assert not report.entries[0].eligible


def test_post_found_deleted_or_private_gets_video_unavailable_warning_for_the_organisers():
    report = judge(entry(available=False))
    finding = next(f for f in report.entries[0].findings if f.code == "video_unavailable")
    assert finding.severity is Severity.WARNING
    assert "video_unavailable" not in codes(judge(entry(available=None)), "U1-1")
