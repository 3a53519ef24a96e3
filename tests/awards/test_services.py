"""Issuing certificates: only from finalised results, once per prize, voided when a prize moves."""

from __future__ import annotations

from decimal import Decimal

import pytest

from awards.conftest import chair
from clipcontest.audit.models import AuditEvent
from clipcontest.awards.models import Certificate
from clipcontest.awards.queries import certificate_by_serial, contest_winners
from clipcontest.awards.services import AwardsRefused, issue_certificates
from clipcontest.judging.models import ScoreSheet
from clipcontest.judging.scores import save_scores
from clipcontest.judging.services import finalise_results, reopen_results

pytestmark = pytest.mark.django_db


def test_certificates_come_from_finalised_results_only(demo_contest):
    with pytest.raises(AwardsRefused) as refused:
        issue_certificates(contest=demo_contest)
    assert "chưa được chốt" in refused.value.message.vi
    assert not Certificate.objects.exists()


def test_each_prize_gets_one_certificate_with_the_facts_as_printed(finalised):
    issued = issue_certificates(contest=finalised, by=chair())

    assert issued.created == 6 and issued.voided == 0
    rows = [(c.number, c.entry.ref, c.tier_name, c.amount) for c in issued.certificates]
    assert rows == [
        (1, "HG-MV-2", "Giải Nhất", 3_000_000),
        (2, "HG-KCQ-2", "Giải Nhì", 2_000_000),
        (3, "HG-BQ-2", "Giải Nhì", 2_000_000),
        (4, "HG-KCQ-1", "Giải Ba", 1_000_000),
        (5, "HG-QB-1", "Giải Ba", 1_000_000),
        (6, "HG-VX-1", "Giải Ba", 1_000_000),
    ]
    first = issued.certificates[0]
    assert first.title == first.entry.title and first.unit_name == first.entry.unit.name
    assert first.authors == first.entry.author_names
    assert (
        first.serial.startswith("SC35-2022-001-") and len(first.serial) == len("SC35-2022-001-") + 5
    )
    assert AuditEvent.objects.filter(action="certificate.issue").count() == 6


def test_issuing_twice_changes_nothing(finalised):
    first = issue_certificates(contest=finalised)
    again = issue_certificates(contest=finalised)

    assert again.created == again.voided == 0
    assert [c.serial for c in again.certificates] == [c.serial for c in first.certificates]
    assert Certificate.objects.count() == 6


def test_a_prize_moved_by_a_reopen_voids_the_old_certificate_and_issues_a_new_one(finalised):
    issue_certificates(contest=finalised)
    reopen_results(contest=finalised, by=chair(), reason="Khiếu nại về điểm clip HG-VX-1")
    # The jury re-scores HG-VX-1 at full marks: it climbs from third to first, HG-MV-2 falls
    # to second, HG-BQ-2 to third; HG-KCQ-2 (second), HG-KCQ-1 and HG-QB-1 (third) keep theirs.
    full = {"content": 40, "creativity": 25, "technique": 25, "reach": 10}
    for sheet in ScoreSheet.objects.filter(assignment__entry__ref="HG-VX-1"):
        save_scores(
            assignment=sheet.assignment,
            points={key: Decimal(value) for key, value in full.items()},
            comment="",
            submit=True,
            by=sheet.assignment.member.user,
        )
    finalise_results(contest=finalised, by=chair(), reason="Chốt lại sau khiếu nại")

    issued = issue_certificates(contest=finalised)

    by_ref = {c.entry.ref: c for c in issued.certificates}
    assert (by_ref["HG-VX-1"].tier_key, by_ref["HG-MV-2"].tier_key) == ("first", "second")
    assert (issued.voided, issued.created) == (3, 3)
    kept = {c.entry.ref: c.number for c in issued.certificates if c.number <= 6}
    assert kept == {"HG-KCQ-2": 2, "HG-KCQ-1": 4, "HG-QB-1": 5}
    void = Certificate.objects.filter(voided_at__isnull=False)
    assert all(c.void_reason for c in void)
    old = certificate_by_serial(void.get(entry__ref="HG-VX-1").serial)
    assert old is not None and not old.valid
    assert Certificate.objects.filter(voided_at__isnull=True).count() == 6
    assert {w.ref for w in contest_winners(finalised)} == set(by_ref)
