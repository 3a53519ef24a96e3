"""Who sits on the committees: one head each, names required, the decision's order, the jury
accounts, the decisions' numbers and dates; every change audited, every refusal stores nothing."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from clipcontest.accounts.models import Role
from clipcontest.accounts.services import ensure_account
from clipcontest.audit.models import AuditEvent
from clipcontest.committees.models import CommitteeMember, FoundingDecision
from clipcontest.committees.plan import insertion_index
from clipcontest.committees.queries import committee_lists, rosters
from clipcontest.committees.services import (
    CommitteeRefused,
    add_committee_member,
    edit_committee_member,
    remove_committee_member,
    reorder_committee,
    set_founding_decision,
)

from .conftest import seat_judge

pytestmark = pytest.mark.django_db
POSITION = "Phó Trưởng Ban Tuyên giáo Tỉnh ủy"


def add(contest, by, name, role="member", committee="organising", **kwargs):
    return add_committee_member(
        contest=contest,
        committee=committee,
        full_name=name,
        position=kwargs.pop("position", POSITION),
        role=role,
        by=by,
        **kwargs,
    )


def names(contest, committee="organising"):
    return [seat.name for seat in rosters(contest)[committee]]


def test_members_are_listed_head_deputies_members_secretary_whatever_the_order_added(
    contest_2022, organiser
):
    add(contest_2022, organiser, "Đặng Quốc Huy", "member")
    add(contest_2022, organiser, "Nông Thanh Tùng", "secretary")
    add(contest_2022, organiser, "Lục Văn Quyết", "deputy")
    add(contest_2022, organiser, "Hoàng Minh Đức", "head")
    add(contest_2022, organiser, "Triệu Thị Lan", "member")

    assert names(contest_2022) == [
        "Hoàng Minh Đức",
        "Lục Văn Quyết",
        "Đặng Quốc Huy",
        "Triệu Thị Lan",
        "Nông Thanh Tùng",
    ]
    orders = CommitteeMember.objects.order_by("order").values_list("order", flat=True)
    assert list(orders) == [1, 2, 3, 4, 5]


def test_a_new_member_goes_after_everyone_of_their_role_or_before():
    assert insertion_index([], "member") == 0
    assert insertion_index(["member", "secretary"], "head") == 0
    assert insertion_index(["head", "member", "secretary"], "deputy") == 1
    assert insertion_index(["head", "member", "secretary"], "member") == 2
    assert insertion_index(["head", "member", "secretary"], "secretary") == 3


def test_a_committee_has_one_head_and_the_refusal_names_the_head(contest_2022, organiser):
    add(contest_2022, organiser, "Hoàng Minh Đức", "head")

    with pytest.raises(CommitteeRefused) as refused:
        add(contest_2022, organiser, "Lục Văn Quyết", "head")

    message = refused.value.problems["role"]
    assert "Ban Tổ chức đã có trưởng ban là Hoàng Minh Đức" in message.vi
    assert "already has a head, Hoàng Minh Đức" in message.en
    assert names(contest_2022) == ["Hoàng Minh Đức"]
    # Another committee has its own head.
    add(contest_2022, organiser, "Vương Thị Mai", "head", committee="secretariat")


def test_the_database_refuses_a_second_head_too(contest_2022, organiser):
    add(contest_2022, organiser, "Hoàng Minh Đức", "head")

    with pytest.raises(IntegrityError), transaction.atomic():
        CommitteeMember.objects.create(
            contest=contest_2022, committee="organising", full_name="Lục Văn Quyết", role="head"
        )


def test_a_name_is_required_and_every_problem_is_said_at_once(contest_2022, organiser):
    with pytest.raises(CommitteeRefused) as refused:
        add(contest_2022, organiser, "   ", "chairman", position="x" * 301)

    problems = refused.value.problems
    assert set(problems) == {"full_name", "role", "position"}
    assert problems["full_name"].vi == "Cần nhập họ và tên."
    with translation.override("en"):
        assert str(problems["full_name"]) == "A full name is required."
    assert not CommitteeMember.objects.exists()
    assert not AuditEvent.objects.exists()


def test_names_and_positions_are_stored_with_single_spaces(contest_2022, organiser):
    member = add(contest_2022, organiser, "  Hoàng   Minh Đức ", position=" Phó  Trưởng Ban ")

    assert (member.full_name, member.position) == ("Hoàng Minh Đức", "Phó Trưởng Ban")


def test_an_unknown_committee_is_refused(contest_2022, organiser):
    with pytest.raises(CommitteeRefused) as refused:
        add(contest_2022, organiser, "Hoàng Minh Đức", committee="press")
    assert "press" in refused.value.message.vi


def test_only_the_organisers_and_the_secretariat_change_the_committees(contest_2022, units):
    representative = ensure_account(
        username="hg-dv", password="x-2022-x", role=Role.UNIT_REPRESENTATIVE, unit=units["HG-DV"]
    )
    with pytest.raises(CommitteeRefused) as refused:
        add(contest_2022, representative, "Hoàng Minh Đức")
    assert "Chỉ Ban Tổ chức hoặc Thư ký" in refused.value.message.vi
    assert not CommitteeMember.objects.exists()


def test_each_change_is_audited_with_before_and_after(contest_2022, organiser):
    member = add(contest_2022, organiser, "Hoàng Minh Đức", "member")
    edit_committee_member(
        member=member, full_name="Hoàng Minh Đức", position="Trưởng ban", role="head", by=organiser
    )
    remove_committee_member(member=member, by=organiser)

    events = list(AuditEvent.objects.order_by("pk"))
    assert [e.action for e in events] == [
        "committee.member_added",
        "committee.member_edited",
        "committee.member_removed",
    ]
    assert events[0].after["name"] == "Hoàng Minh Đức" and events[0].actor == organiser
    assert (events[1].before["role"], events[1].after["role"]) == ("member", "head")
    assert events[2].before["position"] == "Trưởng ban" and events[2].contest == contest_2022


# --- moving members ----------------------------------------------------------------------------


@pytest.fixture
def committee(contest_2022, organiser):
    return [
        add(contest_2022, organiser, name, role)
        for name, role in (
            ("Hoàng Minh Đức", "head"),
            ("Lục Văn Quyết", "deputy"),
            ("Đặng Quốc Huy", "member"),
            ("Triệu Thị Lan", "member"),
            ("Nông Thanh Tùng", "secretary"),
        )
    ]


def test_an_edit_moves_a_member_to_the_place_given(contest_2022, organiser, committee):
    lan = committee[3]
    edit_committee_member(
        member=lan, full_name=lan.full_name, position="", role="member", place=2, by=organiser
    )

    assert names(contest_2022) == [
        "Hoàng Minh Đức",
        "Triệu Thị Lan",
        "Lục Văn Quyết",
        "Đặng Quốc Huy",
        "Nông Thanh Tùng",
    ]


def test_a_member_whose_role_changes_joins_their_new_roles_group(
    contest_2022, organiser, committee
):
    tung = committee[4]
    edit_committee_member(
        member=tung, full_name=tung.full_name, position="", role="deputy", by=organiser
    )

    assert names(contest_2022)[:3] == ["Hoàng Minh Đức", "Lục Văn Quyết", "Nông Thanh Tùng"]


def test_an_edit_that_keeps_the_role_keeps_the_place(contest_2022, organiser, committee):
    huy = committee[2]
    edit_committee_member(
        member=huy, full_name="Đặng Quốc Huy", position="Công an tỉnh", role="member", by=organiser
    )

    assert names(contest_2022)[2] == "Đặng Quốc Huy"


def test_a_place_outside_the_list_is_refused_and_nothing_changes(
    contest_2022, organiser, committee
):
    huy = committee[2]
    with pytest.raises(CommitteeRefused) as refused:
        edit_committee_member(
            member=huy, full_name="Đổi Tên", position="", role="member", place=6, by=organiser
        )
    assert refused.value.problems["place"].vi == "Thứ tự phải là một số từ 1 đến 5."
    assert CommitteeMember.objects.get(pk=huy.pk).full_name == "Đặng Quốc Huy"


def test_removing_a_member_closes_the_gap(contest_2022, organiser, committee):
    remove_committee_member(member=committee[1], by=organiser)

    orders = list(CommitteeMember.objects.order_by("order").values_list("order", flat=True))
    assert orders == [1, 2, 3, 4]


def test_reordering_lists_every_member_exactly_once(contest_2022, organiser, committee):
    ids = [m.pk for m in reversed(committee)]
    reorder_committee(contest=contest_2022, committee="organising", member_ids=ids, by=organiser)
    assert names(contest_2022)[0] == "Nông Thanh Tùng"

    with pytest.raises(CommitteeRefused):
        reorder_committee(
            contest=contest_2022, committee="organising", member_ids=ids[:-1], by=organiser
        )
    with pytest.raises(CommitteeRefused):
        reorder_committee(
            contest=contest_2022, committee="organising", member_ids=[*ids, ids[0]], by=organiser
        )
    assert names(contest_2022)[0] == "Nông Thanh Tùng"


# --- the jury ----------------------------------------------------------------------------------


def test_jury_accounts_without_a_row_are_plain_members_by_vietnamese_name_order(
    contest_2022, organiser
):
    seat_judge(contest_2022, "gk.yen", "Lò Thị Yến")
    seat_judge(contest_2022, "gk.anh", "Phạm Văn Ánh")
    add(contest_2022, organiser, "Ma Văn Chủ", "head", committee="jury")
    add(contest_2022, organiser, "Sầm Thư Ký", "secretary", committee="jury")

    jury = rosters(contest_2022)["jury"]

    assert [(seat.name, seat.role) for seat in jury] == [
        ("Ma Văn Chủ", "head"),
        ("Phạm Văn Ánh", "member"),  # Ánh before Yến: given names first
        ("Lò Thị Yến", "member"),
        ("Sầm Thư Ký", "secretary"),
    ]


def test_a_jury_row_takes_its_name_from_the_account(contest_2022, organiser):
    judge = seat_judge(contest_2022, "gk.yen", "Lò Thị Yến")

    member = add(
        contest_2022, organiser, "", "head", committee="jury", jury_member=judge,
        position="Trưởng phòng Văn hóa",
    )  # fmt: skip

    assert member.name == "Lò Thị Yến" and member.full_name == ""
    listed = committee_lists(contest_2022)["jury"]
    assert [(item.seat.name, item.seat.position) for item in listed] == [
        ("Lò Thị Yến", "Trưởng phòng Văn hóa")
    ]
    judge.user.first_name, judge.user.last_name = "Lò Thị", "Hà"
    judge.user.save()
    assert names(contest_2022, "jury") == ["Lò Thị Hà"]


def test_a_jury_account_is_listed_once_and_only_on_the_jury(contest_2022, organiser):
    judge = seat_judge(contest_2022, "gk.yen", "Lò Thị Yến")
    add(contest_2022, organiser, "", committee="jury", jury_member=judge)

    with pytest.raises(CommitteeRefused) as twice:
        add(contest_2022, organiser, "", committee="jury", jury_member=judge)
    with pytest.raises(CommitteeRefused) as elsewhere:
        add(contest_2022, organiser, "", committee="secretariat", jury_member=judge)

    assert "đã có trong danh sách Ban Giám khảo" in twice.value.problems["jury_member"].vi
    assert "Chỉ thành viên Ban Giám khảo" in elsewhere.value.problems["jury_member"].vi
    assert CommitteeMember.objects.count() == 1


def test_a_judge_taken_off_the_jury_leaves_the_decision_too(contest_2022, organiser):
    judge = seat_judge(contest_2022, "gk.yen", "Lò Thị Yến")
    add(contest_2022, organiser, "", committee="jury", jury_member=judge)

    judge.delete()

    assert names(contest_2022, "jury") == []


# --- the decisions' numbers and dates ----------------------------------------------------------


def decide(contest, by, committee, number, day=None):
    return set_founding_decision(
        contest=contest, committee=committee, number=number, day=day, by=by
    )


def test_a_decision_number_is_digits_only(contest_2022, organiser):
    with pytest.raises(CommitteeRefused) as refused:
        decide(contest_2022, organiser, "organising", "15-QĐ/BTGTU")

    assert "“-QĐ/BTGTU” được thêm tự động" in refused.value.problems["number"].vi
    assert not FoundingDecision.objects.exists()


def test_the_jury_and_the_secretariat_share_the_organising_committees_register(
    contest_2022, organiser
):
    decide(contest_2022, organiser, "organising", "1")  # the department's register: no clash
    decide(contest_2022, organiser, "jury", "01")

    with pytest.raises(CommitteeRefused) as refused:
        decide(contest_2022, organiser, "secretariat", "1")

    assert refused.value.problems["number"].vi == (
        "Số 1-QĐ/BTC đã dùng cho quyết định thành lập Ban Giám khảo."
    )
    decide(contest_2022, organiser, "secretariat", "02")
    assert dict(FoundingDecision.objects.values_list("committee", "number")) == {
        "organising": "1",
        "jury": "01",
        "secretariat": "02",
    }


def test_the_organising_committee_is_founded_before_the_committees_it_founds(
    contest_2022, organiser
):
    decide(contest_2022, organiser, "organising", "125", date(2022, 2, 14))

    with pytest.raises(CommitteeRefused) as early:
        decide(contest_2022, organiser, "jury", "01", date(2022, 2, 13))
    assert "Ban Tổ chức được thành lập ngày 14/02/2022" in early.value.problems["day"].vi

    decide(contest_2022, organiser, "jury", "01", date(2022, 2, 21))
    with pytest.raises(CommitteeRefused) as late:
        decide(contest_2022, organiser, "organising", "125", date(2022, 2, 22))
    assert "Ban Giám khảo được thành lập ngày 21/02/2022" in late.value.problems["day"].vi


def test_a_decision_can_be_renumbered_and_its_number_cleared(contest_2022, organiser):
    decide(contest_2022, organiser, "jury", "01", date(2022, 2, 21))
    decide(contest_2022, organiser, "jury", "", None)

    decision = FoundingDecision.objects.get()
    assert (decision.number, decision.day) == ("", None)
    last = AuditEvent.objects.filter(action="committee.decision_numbered").order_by("pk").last()
    assert last.before == {"number": "01", "day": "2022-02-21"}
