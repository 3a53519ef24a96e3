"""Managing the jury by hand: the same checks as the import, nothing lost, every change audited."""

from __future__ import annotations

import pytest

from clipcontest.audit.models import AuditEvent
from clipcontest.common.tabular import ImportFailed
from clipcontest.judging.members import add_jury_member, remove_jury_member, withdraw_conflict
from clipcontest.judging.models import Conflict, JuryMember, ScoreSheet
from clipcontest.judging.scores import save_scores
from clipcontest.judging.services import (
    JudgingRefused,
    assign_jury,
    declare_conflict,
    finalise_results,
)
from clipcontest.units.models import Unit

from .conftest import GOOD, assignment_of, stored_pairs

pytestmark = pytest.mark.django_db


def test_a_member_added_by_hand_from_a_unit_never_gets_that_units_clips(
    demo_contest, jury, organiser
):
    member = add_jury_member(
        contest=demo_contest,
        username="gk.lan",
        name="Lò Thị Lan",
        email="lan@example.org",
        unit_code="hg-dv",
        by=organiser,
    )
    assign_jury(contest=demo_contest, per_entry=None, by=organiser)

    assert member.unit.code == "HG-DV" and not member.user.has_usable_password()
    assert (member.user.first_name, member.user.last_name) == ("Lò Thị", "Lan")
    refs = {ref for ref, username in stored_pairs(demo_contest) if username == "gk.lan"}
    assert refs and not any(ref.startswith("HG-DV-") for ref in refs)
    assert AuditEvent.objects.filter(action="jury.import").exists()


def test_adding_checks_every_field_and_stores_nothing(demo_contest, organiser):
    with pytest.raises(ImportFailed) as failed:
        add_jury_member(
            contest=demo_contest,
            username="gk lan!",
            name="",
            email="not-an-address",
            unit_code="HG-XX",
            by=organiser,
        )

    assert {p.column for p in failed.value.problems} == {"username", "name", "email", "unit"}
    assert all(p.message.vi and p.message.en for p in failed.value.problems)
    assert not JuryMember.objects.exists()


def test_an_account_of_another_role_cannot_be_seated(demo_contest, organiser):
    with pytest.raises(ImportFailed) as failed:
        add_jury_member(
            contest=demo_contest, username="bantochuc", name="Tổ", email="a@b.vn", by=organiser
        )
    assert failed.value.problems[0].column == "username"


def test_only_staff_manage_the_jury(demo_contest, jury):
    with pytest.raises(JudgingRefused):
        add_jury_member(
            contest=demo_contest,
            username="gk.x",
            name="X Y",
            email="x@y.vn",
            by=jury["gk.an"].user,
        )


def test_removing_a_member_takes_their_drafts_and_is_audited(demo_contest, jury, organiser):
    assign_jury(contest=demo_contest, per_entry=None, by=organiser)
    binh = jury["gk.binh"]
    save_scores(
        assignment=assignment_of(binh, "HG-MV-2"),
        points=GOOD,
        comment="",
        submit=False,
        by=binh.user,
    )

    remove_jury_member(member=binh, by=organiser, reason="Ốm, không tham gia được")

    assert not JuryMember.objects.filter(pk=binh.pk).exists()
    assert not ScoreSheet.objects.filter(assignment__member_id=binh.pk).exists()
    event = AuditEvent.objects.get(action="jury.remove")
    assert event.reason == "Ốm, không tham gia được" and event.before["drafts"] == 1


def test_a_member_who_submitted_scores_stays(demo_contest, jury, organiser):
    assign_jury(contest=demo_contest, per_entry=None, by=organiser)
    binh = jury["gk.binh"]
    save_scores(
        assignment=assignment_of(binh, "HG-MV-2"),
        points=GOOD,
        comment="",
        submit=True,
        by=binh.user,
    )

    with pytest.raises(JudgingRefused) as refused:
        remove_jury_member(member=binh, by=organiser, reason="Thay người")

    assert "1 clip" in refused.value.message.vi
    assert JuryMember.objects.filter(pk=binh.pk).exists()


def test_removing_needs_a_reason_and_open_results(demo_contest, jury, organiser):
    with pytest.raises(JudgingRefused):
        remove_jury_member(member=jury["gk.an"], by=organiser, reason="  ")
    finalise_results(contest=demo_contest, by=organiser, reason="Họp Ban Giám khảo")
    with pytest.raises(JudgingRefused):
        remove_jury_member(member=jury["gk.an"], by=organiser, reason="Thay người")
    assert JuryMember.objects.count() == 4


def test_a_withdrawn_conflict_lets_the_next_assignment_give_the_clips_back(
    demo_contest, jury, organiser
):
    binh = jury["gk.binh"]
    conflict = declare_conflict(
        member=binh, unit=Unit.objects.get(code="HG-MV"), reason="Người nhà", by=organiser
    )
    assign_jury(contest=demo_contest, per_entry=None, by=organiser)
    assert ("HG-MV-2", "gk.binh") not in stored_pairs(demo_contest)

    withdraw_conflict(conflict=conflict, by=organiser, reason="Khai nhầm")
    assign_jury(contest=demo_contest, per_entry=None, by=organiser)

    assert ("HG-MV-2", "gk.binh") in stored_pairs(demo_contest)
    assert not Conflict.objects.exists()
    event = AuditEvent.objects.get(action="jury.conflict_withdrawn")
    assert event.before["unit"] == "HG-MV" and event.reason == "Khai nhầm"
