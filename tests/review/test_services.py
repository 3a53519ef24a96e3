"""The secretariat's review decisions: each one changes the clip, its verdict and the audit log
together, or refuses with a reason in both languages and changes nothing."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from factories import HCM, EntryFactory, OfficialLetterFactory, UnitFactory

from clipcontest.accounts.models import Role
from clipcontest.accounts.services import ensure_account
from clipcontest.audit.models import AuditEvent
from clipcontest.audit.queries import history_of
from clipcontest.eligibility.queries import contest_report
from clipcontest.entries.models import Entry, FindingOverride
from clipcontest.judging.models import ResultsDecision
from clipcontest.review.queries import duplicate_groups
from clipcontest.review.services import (
    ReviewRefused,
    choose_standing_entry,
    disqualify,
    override_finding,
    restore,
    verify_duration,
    verify_posted_date,
    withdraw_override,
)

pytestmark = pytest.mark.django_db
AFTER = datetime(2022, 8, 1, tzinfo=HCM)
SHARE = "https://www.facebook.com/groups/304102323603847/posts/1234567890123456/"


@pytest.fixture
def secretary():
    return ensure_account(username="thuky", password="mật-khẩu-thử-1", role=Role.SECRETARY)


@pytest.fixture
def unit():
    return UnitFactory(code="HG-MV")


@pytest.fixture
def clip(contest_2022, unit):
    """An eligible clip listed in a received letter and shared into the contest's group."""
    entry = EntryFactory(
        contest=contest_2022,
        unit=unit,
        ref="HG-MV-1",
        group_post_url=SHARE,
        group_post_canonical=SHARE,
    )
    OfficialLetterFactory(contest=contest_2022, unit=unit, entries=[entry])
    return entry


def verdict(entry):
    report = contest_report(entry.contest, at=AFTER)
    return next(v for v in report.entries if v.entry.ref == entry.ref)


def codes(entry) -> set[str]:
    return {f.code for f in verdict(entry).findings}


def events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action))


def assert_refused(says: str, service, **arguments) -> None:
    """``service(**arguments)`` is refused, saying ``says``, and stores nothing at all."""
    entry = arguments.get("entry") or arguments["override"].entry
    before = Entry.objects.values().get(pk=entry.pk)
    events_before = AuditEvent.objects.count()
    overrides_before = list(FindingOverride.objects.values())
    with pytest.raises(ReviewRefused) as refused:
        service(**arguments)
    assert says in refused.value.message.vi + refused.value.message.en
    assert refused.value.message.vi != refused.value.message.en
    assert Entry.objects.values().get(pk=entry.pk) == before
    assert AuditEvent.objects.count() == events_before
    assert list(FindingOverride.objects.values()) == overrides_before


# --- verifying --------------------------------------------------------------------------------


def test_verified_duration_is_trusted_and_audited_with_before_after_and_note(clip, secretary):
    Entry.objects.filter(pk=clip.pk).update(duration_seconds=60, duration_source="unit")
    clip.refresh_from_db()
    assert "duration_unverified" in codes(clip)

    verify_duration(entry=clip, seconds=Decimal("59.5"), note="Đã xem trên YouTube", by=secretary)

    clip.refresh_from_db()
    assert (clip.duration_seconds, clip.duration_source) == (Decimal("59.5"), "verified")
    assert "duration_unverified" not in codes(clip)
    (event,) = events("review.duration_verified")
    assert event.actor == secretary and event.reason == "Đã xem trên YouTube"
    assert event.before["duration_source"] == "unit" and event.after["duration"] == "0:59.5"


def test_a_verified_duration_can_make_a_clip_too_long(clip, secretary):
    verify_duration(entry=clip, seconds=Decimal("600.5"), note="Đo lại", by=secretary)
    assert "duration_too_long" in codes(clip)


def test_verifying_without_a_note_is_refused(clip, secretary):
    assert_refused(
        "Cần ghi chú", verify_duration, entry=clip, seconds=Decimal(60), note=" ", by=secretary
    )


def test_a_negative_duration_is_refused(clip, secretary):
    assert_refused(
        "between 0 and", verify_duration, entry=clip, seconds=Decimal(-1), note="x", by=secretary
    )


def test_verified_posting_date_is_stored_at_noon_contest_time(clip, secretary):
    Entry.objects.filter(pk=clip.pk).update(posted_at=None)
    clip.refresh_from_db()
    assert "posted_date_unknown" in codes(clip)

    verify_posted_date(
        entry=clip, posted_on=date(2022, 6, 30), note="Ảnh chụp bài đăng", by=secretary
    )

    clip.refresh_from_db()
    assert clip.posted_at == datetime(2022, 6, 30, 12, tzinfo=HCM)
    assert clip.posted_at_source == "verified"
    assert codes(clip) == set()
    (event,) = events("review.posted_date_verified")
    assert event.before["posted_at"] is None and event.after["posted_at_source"] == "verified"


def test_a_posting_date_in_the_future_is_refused(clip, secretary):
    tomorrow = timezone.localdate() + timedelta(days=2)
    assert_refused(
        "future", verify_posted_date, entry=clip, posted_on=tomorrow, note="x", by=secretary
    )


# --- overrides --------------------------------------------------------------------------------


def test_an_override_sets_a_finding_aside_and_keeps_it_shown_with_its_reason(
    contest_2022, unit, secretary
):
    clip = EntryFactory(contest=contest_2022, unit=unit, ref="HG-MV-1")
    assert "not_in_letter" in codes(clip)

    override = override_finding(
        entry=clip, code="not_in_letter", reason="Công văn gửi qua e-mail", by=secretary
    )

    assert "not_in_letter" not in codes(clip)
    assert [(f.code, f.override_reason) for f in verdict(clip).overridden] == [
        ("not_in_letter", "Công văn gửi qua e-mail")
    ]
    assert (override.by, override.is_active) == (secretary, True)
    (event,) = events("review.finding_overridden")
    assert event.object_id == str(clip.pk) and event.after["overridden"] is True


def test_withdrawing_an_override_brings_the_finding_back_and_keeps_the_row(
    contest_2022, unit, secretary
):
    clip = EntryFactory(contest=contest_2022, unit=unit, ref="HG-MV-1")
    override = override_finding(entry=clip, code="not_in_letter", reason="Có", by=secretary)

    withdraw_override(override=override, reason="Nhầm công văn", by=secretary)

    assert "not_in_letter" in codes(clip)
    override.refresh_from_db()
    assert override.withdrawn_by == secretary and override.withdraw_reason == "Nhầm công văn"
    assert_refused(
        "already withdrawn", withdraw_override, override=override, reason="lại", by=secretary
    )
    # Overridden again later: a new row, the old one stays as it was.
    override_finding(entry=clip, code="not_in_letter", reason="Đã nhận bản giấy", by=secretary)
    assert FindingOverride.objects.filter(entry=clip).count() == 2


def test_a_finding_the_clip_does_not_have_cannot_be_overridden(clip, secretary):
    assert_refused(
        "duration_too_long",
        override_finding,
        entry=clip,
        code="duration_too_long",
        reason="x",
        by=secretary,
    )


def test_a_finding_overridden_twice_is_refused(contest_2022, unit, secretary):
    clip = EntryFactory(contest=contest_2022, unit=unit, ref="HG-MV-1")
    override_finding(entry=clip, code="not_in_letter", reason="Có", by=secretary)
    assert_refused(
        "already overridden",
        override_finding,
        entry=clip,
        code="not_in_letter",
        reason="x",
        by=secretary,
    )


@pytest.mark.parametrize(
    ("code", "says"),
    [
        ("disqualified", "restore the clip"),
        ("duplicate_video", "duplicates page"),
        ("below_minimum", "about the unit"),
    ],
)
def test_findings_decided_elsewhere_cannot_be_overridden(clip, secretary, code, says):
    assert_refused(says, override_finding, entry=clip, code=code, reason="x", by=secretary)


def test_an_override_without_a_reason_is_refused(contest_2022, unit, secretary):
    clip = EntryFactory(contest=contest_2022, unit=unit, ref="HG-MV-1")
    assert_refused(
        "Cần ghi rõ lý do",
        override_finding,
        entry=clip,
        code="not_in_letter",
        reason="",
        by=secretary,
    )


# --- disqualify and restore -------------------------------------------------------------------


def test_a_disqualified_clip_is_blocked_with_ground_and_reason_then_restored(clip, secretary):
    disqualify(entry=clip, ground="off_topic", reason="Không nói về mạng xã hội", by=secretary)

    clip.refresh_from_db()
    assert clip.is_disqualified and clip.disqualified_by == secretary
    finding = verdict(clip).findings[0]
    assert finding.code == "disqualified"
    assert "không đúng chủ đề" in finding.message.vi
    assert "Không nói về mạng xã hội" in finding.message.en

    restore(entry=clip, reason="Ban Giám khảo xem lại: đúng chủ đề", by=secretary)

    clip.refresh_from_db()
    assert not clip.is_disqualified and clip.disqualification_ground == ""
    assert verdict(clip).eligible
    assert [e.action for e in history_of(clip)] == ["review.restored", "review.disqualified"]
    restored = events("review.restored")[0]
    assert restored.before["ground"] == "off_topic" and restored.after["disqualified"] is False


def test_disqualifying_twice_or_restoring_a_clip_in_good_standing_is_refused(clip, secretary):
    assert_refused("not disqualified", restore, entry=clip, reason="x", by=secretary)
    disqualify(entry=clip, ground="copyright", reason="Khiếu nại", by=secretary)
    clip.refresh_from_db()
    assert_refused(
        "already disqualified", disqualify, entry=clip, ground="other", reason="x", by=secretary
    )


def test_disqualifying_needs_a_known_ground_and_a_reason(clip, secretary):
    assert_refused("ground", disqualify, entry=clip, ground="ugly", reason="x", by=secretary)
    assert_refused(
        "A reason is required", disqualify, entry=clip, ground="other", reason=" ", by=secretary
    )


def test_a_withdrawn_clip_is_not_reviewed(clip, secretary):
    Entry.objects.filter(pk=clip.pk).update(withdrawn_at=timezone.now())
    clip.refresh_from_db()
    assert_refused("withdrawn", disqualify, entry=clip, ground="other", reason="x", by=secretary)


# --- who may, and when ------------------------------------------------------------------------


def test_nothing_changes_while_the_results_are_finalised(clip, secretary):
    ResultsDecision.objects.create(
        contest=clip.contest, action="finalise", at=timezone.now(), by=secretary, reason="Chốt"
    )
    assert_refused("finalised", disqualify, entry=clip, ground="other", reason="x", by=secretary)
    assert_refused(
        "Kết quả đã được chốt",
        verify_duration,
        entry=clip,
        seconds=Decimal(9),
        note="x",
        by=secretary,
    )


def test_a_unit_representative_cannot_review(clip, unit):
    rep = ensure_account(
        username="hg-mv", password="mật-khẩu-thử-1", role=Role.UNIT_REPRESENTATIVE, unit=unit
    )
    assert_refused("secretariat", disqualify, entry=clip, ground="other", reason="x", by=rep)


# --- duplicates -------------------------------------------------------------------------------


@pytest.fixture
def twins(contest_2022, unit):
    first = EntryFactory(contest=contest_2022, unit=unit, ref="HG-MV-1")
    second = EntryFactory(
        contest=contest_2022,
        unit=UnitFactory(code="HG-DV"),
        ref="HG-DV-1",
        canonical_url=first.canonical_url,
        submitted_at=first.submitted_at + timedelta(days=1),
    )
    EntryFactory(contest=contest_2022, unit=unit, ref="HG-MV-2")  # a video of its own
    return first, second


def test_duplicate_groups_list_the_clips_of_a_video_and_which_stands(twins):
    first, _ = twins
    (group,) = duplicate_groups(first.contest)
    assert [e.ref for e in group.entries] == ["HG-MV-1", "HG-DV-1"]
    assert (group.standing.ref, group.chosen) == ("HG-MV-1", False)
    assert group.units == ["HG-DV", "HG-MV"]


def test_choosing_the_standing_clip_moves_the_duplicate_finding(twins, secretary):
    first, second = twins
    choose_standing_entry(entry=second, reason="Đơn vị Đồng Văn là tác giả", by=secretary)

    assert "duplicate_video" in codes(first) and "duplicate_video" not in codes(second)
    (group,) = duplicate_groups(first.contest)
    assert (group.standing.ref, group.chosen) == ("HG-DV-1", True)

    # Choosing the other one clears the first choice (one standing clip per video).
    first.refresh_from_db()
    choose_standing_entry(entry=first, reason="Xem lại", by=secretary)
    assert list(Entry.objects.filter(stands_for_video=True).values_list("ref", flat=True)) == [
        "HG-MV-1"
    ]
    last = events("review.standing_chosen")[0]
    assert last.before["chosen"] == "HG-DV-1" and last.after["chosen"] == "HG-MV-1"


def test_a_clip_without_twins_or_disqualified_cannot_be_chosen(twins, secretary):
    _, second = twins
    alone = Entry.objects.get(ref="HG-MV-2")
    assert_refused("no other clip", choose_standing_entry, entry=alone, reason="x", by=secretary)
    disqualify(entry=second, ground="duplicate", reason="Trùng", by=secretary)
    second.refresh_from_db()
    assert_refused(
        "restore it first", choose_standing_entry, entry=second, reason="x", by=secretary
    )
