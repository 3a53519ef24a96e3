"""The organisers' review inside the rules: disqualification, overrides, which duplicate stands,
verified dates. One test per rule, on plain values (no database)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from decimal import Decimal

from clipcontest.common.text import Text
from clipcontest.eligibility import messages as m
from clipcontest.eligibility.overrides import can_override, standing_entries_by_video
from clipcontest.eligibility.rules import Severity

from .test_rules import HCM, IN_TIME, codes, entry, judge, listed

COPYRIGHT = m.disqualification("copyright", "Nhạc nền của đài VTV, có khiếu nại ngày 02/5")


def verdict_of(report, ref: str):
    return next(v for v in report.entries if v.entry.ref == ref)


# --- disqualification -----------------------------------------------------------------------


def test_disqualified_clip_is_blocked_by_a_disqualified_finding():
    report = judge(entry(disqualified=COPYRIGHT), letters=(listed("U1-1"),))

    verdict = report.entries[0]
    assert not verdict.eligible
    (finding,) = verdict.findings
    assert (finding.code, finding.severity) == ("disqualified", Severity.BLOCKING)


def test_disqualified_finding_states_the_ground_and_the_organisers_reason_in_both_languages():
    report = judge(entry(disqualified=COPYRIGHT))

    message = verdict_of(report, "U1-1").findings[0].message
    assert "khiếu nại về bản quyền" in message.vi
    assert "copyright complaint" in message.en
    for text in (message.vi, message.en):
        assert "Nhạc nền của đài VTV, có khiếu nại ngày 02/5" in text


def test_unknown_ground_is_still_shown_as_itself_rather_than_lost():
    assert m.disqualification("spam", "x").en == "Ground: spam. Reason: x"


def test_disqualified_clip_does_not_count_towards_the_units_minimum():
    report = judge(entry("U1-1"), entry("U1-2", disqualified=COPYRIGHT))
    assert report.units[0].eligible_entries == 1
    assert "below_minimum" in {f.code for f in report.units[0].findings}


def test_disqualification_cannot_be_overridden():
    report = judge(entry(disqualified=COPYRIGHT, overridden=frozenset({"disqualified"})))
    assert "disqualified" in codes(report, "U1-1")
    assert verdict_of(report, "U1-1").overridden == ()
    assert not can_override("disqualified")


# --- overrides --------------------------------------------------------------------------------


def test_overridden_finding_no_longer_counts_but_is_kept_with_its_reason():
    late_post = datetime(2022, 7, 1, 8, tzinfo=HCM)
    report = judge(
        entry(
            posted_at=late_post,
            overridden=frozenset({"posted_after_window"}),
            override_reasons=(("posted_after_window", "Giờ đăng theo UTC, vẫn là 30/6"),),
        ),
        letters=(listed("U1-1"),),
    )

    verdict = verdict_of(report, "U1-1")
    assert verdict.eligible and verdict.findings == ()
    (kept,) = verdict.overridden
    assert kept.code == "posted_after_window"
    assert kept.override_reason == "Giờ đăng theo UTC, vẫn là 30/6"
    assert report.units[0].eligible_entries == 1


def test_override_of_a_finding_the_clip_does_not_have_changes_nothing():
    report = judge(entry(overridden=frozenset({"duration_too_long"})), letters=(listed("U1-1"),))
    verdict = verdict_of(report, "U1-1")
    assert verdict.findings == () and verdict.overridden == ()


def test_override_applies_only_to_its_own_finding():
    report = judge(entry(duration_seconds=Decimal(3), overridden=frozenset({"not_in_letter"})))
    assert codes(report, "U1-1") == {"duration_too_short"}
    assert [f.code for f in verdict_of(report, "U1-1").overridden] == ["not_in_letter"]


def test_unit_level_findings_cannot_be_overridden():
    for code in ("below_minimum", "letter_missing", "letter_late"):
        assert not can_override(code)
    report = judge(entry(overridden=frozenset({"below_minimum", "letter_missing"})))
    assert {f.code for f in report.units[0].findings} == {"below_minimum", "letter_missing"}


def test_overridden_findings_leave_the_report_json_as_they_leave_the_verdict():
    report = judge(
        entry(overridden=frozenset({"not_in_letter"}), override_reasons=(("not_in_letter", "Có"),))
    )
    (row,) = report.as_json()["entries"]
    assert row["findings"] == [] and row["eligible"] is True


def test_an_overridden_finding_says_why_when_written_out():
    report = judge(
        entry(overridden=frozenset({"not_in_letter"}), override_reasons=(("not_in_letter", "Có"),))
    )
    (finding,) = verdict_of(report, "U1-1").overridden
    assert finding.as_dict()["override_reason"] == "Có"
    assert "override_reason" not in replace(finding, override_reason="").as_dict()


# --- duplicates: the organiser's choice stands ------------------------------------------------


def test_without_a_choice_the_earliest_clip_of_a_video_stands():
    first = entry("U1-1")
    later = entry(
        "U2-1", "U2", canonical_url=first.canonical_url, submitted_at=IN_TIME + timedelta(1)
    )
    report = judge(first, later)
    assert "duplicate_video" not in codes(report, "U1-1")
    assert "duplicate_video" in codes(report, "U2-1")


def test_the_clip_the_organiser_chose_stands_and_the_earliest_is_blocked_as_duplicate():
    first = entry("U1-1")
    chosen = entry(
        "U2-1",
        "U2",
        canonical_url=first.canonical_url,
        submitted_at=IN_TIME + timedelta(days=1),
        chosen_for_video=True,
    )
    report = judge(first, chosen)

    assert "duplicate_video" not in codes(report, "U2-1")
    duplicate = next(f for f in verdict_of(report, "U1-1").findings if f.code == "duplicate_video")
    assert "U2-1" in duplicate.message.en and "chose" in duplicate.message.en
    assert "Ban Tổ chức đã chọn" in duplicate.message.vi


def test_duplicate_video_cannot_be_overridden_only_chosen():
    first = entry("U1-1")
    later = entry(
        "U2-1",
        "U2",
        canonical_url=first.canonical_url,
        submitted_at=IN_TIME + timedelta(days=1),
        overridden=frozenset({"duplicate_video"}),
    )
    assert "duplicate_video" in codes(judge(first, later), "U2-1")
    assert not can_override("duplicate_video")


def test_a_disqualified_clip_does_not_keep_its_video_from_the_others():
    first = entry("U1-1", disqualified=COPYRIGHT)
    later = entry(
        "U2-1", "U2", canonical_url=first.canonical_url, submitted_at=IN_TIME + timedelta(1)
    )
    report = judge(first, later)
    assert "duplicate_video" not in codes(report, "U2-1")
    assert "duplicate_video" in codes(report, "U1-1")


def test_a_chosen_clip_that_is_later_disqualified_no_longer_holds_the_video():
    first = entry("U1-1")
    chosen = entry(
        "U2-1",
        "U2",
        canonical_url=first.canonical_url,
        submitted_at=IN_TIME + timedelta(days=1),
        chosen_for_video=True,
        disqualified=COPYRIGHT,
    )
    standing = standing_entries_by_video([first, chosen])
    assert standing[first.canonical_url].ref == "U1-1"


def test_standing_clip_is_the_same_whatever_the_input_order():
    first = entry("U1-1")
    chosen = entry("U2-1", "U2", canonical_url=first.canonical_url, chosen_for_video=True)
    assert judge(first, chosen).as_json() == judge(chosen, first).as_json()


# --- verified posting dates -------------------------------------------------------------------


def test_posting_date_only_the_unit_gave_is_flagged_posted_date_unverified():
    report = judge(entry(posted_verified=False), letters=(listed("U1-1"),))
    verdict = verdict_of(report, "U1-1")
    assert codes(report, "U1-1") == {"posted_date_unverified"}
    assert verdict.eligible  # a warning: the date counts until checked


def test_posting_date_the_organiser_verified_is_trusted_without_a_warning():
    report = judge(entry(posted_verified=True), letters=(listed("U1-1"),))
    assert codes(report, "U1-1") == set()


def test_unverified_date_outside_the_window_is_blocked_for_the_window_not_flagged_twice():
    report = judge(entry(posted_at=datetime(2022, 2, 1, tzinfo=HCM), posted_verified=False))
    assert "posted_before_window" in codes(report, "U1-1")
    assert "posted_date_unverified" not in codes(report, "U1-1")


def test_disqualification_text_is_a_pair_of_languages():
    assert isinstance(COPYRIGHT, Text) and COPYRIGHT.vi != COPYRIGHT.en
