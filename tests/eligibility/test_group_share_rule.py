"""Kế hoạch mục IV.2: each unit shares its clip into the provincial Facebook group. A clip
without the link or a screenshot of that share is flagged ``not_shared_to_group``, a warning
only (the organisers decide), and only when the rules name a group."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from clipcontest.eligibility.facts import ContestFacts, EntryFacts, LetterFacts, Severity
from clipcontest.eligibility.rules import evaluate_contest, group_share_findings

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
CONTEST = ContestFacts(
    slug="sc35-2022",
    time_zone=HCM,
    opens_on=date(2022, 3, 1),
    closes_on=date(2022, 6, 30),
    letter_deadline=date(2022, 6, 15),
    min_entries_per_unit=1,
    min_seconds=Decimal(5),
    max_seconds=Decimal(600),
    platforms=frozenset({"facebook", "tiktok", "youtube"}),
    group_name="Miền Cực bắc",
    group_required=True,
)
NO_GROUP = replace(CONTEST, group_name="", group_required=False)


def entry(**changes) -> EntryFacts:
    values = {
        "ref": "U1-1",
        "unit": "U1",
        "platform": "youtube",
        "canonical_url": "https://www.youtube.com/watch?v=Q1w2E3r4T5y",
        "submitted_at": datetime(2022, 4, 2, 9, tzinfo=HCM),
        "duration_seconds": Decimal(120),
        "posted_at": datetime(2022, 4, 1, 9, tzinfo=HCM),
    }
    return EntryFacts(**(values | changes))


def judge(contest: ContestFacts, clip: EntryFacts):
    letter = LetterFacts("U1", "1-CV", datetime(2022, 6, 3, tzinfo=HCM), frozenset({"U1-1"}))
    report = evaluate_contest(contest, [clip], [letter], ["U1"], at=datetime(2022, 8, 1))
    return report.entries[0]


def test_clip_not_shared_to_the_group_is_warned_naming_the_group():
    (finding,) = group_share_findings(entry(shared_to_group=False), CONTEST)

    assert finding.code == "not_shared_to_group"
    assert finding.severity is Severity.WARNING
    assert "“Miền Cực bắc”" in finding.message.vi and "“Miền Cực bắc”" in finding.message.en
    assert "Chưa có đường dẫn hoặc ảnh chụp" in finding.message.vi


def test_clip_not_shared_to_the_group_stays_eligible():
    verdict = judge(CONTEST, entry(shared_to_group=False))

    assert [f.code for f in verdict.findings] == ["not_shared_to_group"]
    assert verdict.eligible


def test_clip_shared_by_link_or_screenshot_has_no_finding():
    assert group_share_findings(entry(shared_to_group=True), CONTEST) == []
    assert judge(CONTEST, entry(shared_to_group=True)).findings == ()


def test_rules_without_a_group_ask_for_no_share():
    assert group_share_findings(entry(shared_to_group=False), NO_GROUP) == []
    assert judge(NO_GROUP, entry(shared_to_group=False)).findings == ()


def test_the_finding_can_be_overridden_by_the_organisers():
    verdict = judge(
        CONTEST,
        entry(
            shared_to_group=False,
            overridden=frozenset({"not_shared_to_group"}),
            override_reasons=(("not_shared_to_group", "Nhóm riêng tư, đã gọi điện xác nhận"),),
        ),
    )

    assert verdict.findings == ()
    assert [f.code for f in verdict.overridden] == ["not_shared_to_group"]


@pytest.mark.django_db
def test_check_json_reports_the_demo_clips_without_a_share_as_warnings(demo_contest):
    out = io.StringIO()
    call_command("check", contest=demo_contest.slug, json=True, at="2022-07-31 12:00", stdout=out)

    entries = json.loads(out.getvalue())["entries"]
    warned = [e for e in entries if any(f["code"] == "not_shared_to_group" for f in e["findings"])]
    assert len(warned) == len(entries)  # the demo gives no share for any clip
    finding = next(f for f in warned[0]["findings"] if f["code"] == "not_shared_to_group")
    assert finding["severity"] == "warning"
    assert "Miền Cực bắc" in finding["messages"]["vi"]
    assert any(e["eligible"] for e in warned)  # a warning never makes a clip ineligible
