"""The organisers' committees page: list, add, change, move and remove members, give the jury
accounts a position, number and date the decisions, and ask for the documents."""

from __future__ import annotations

from html import unescape

import pytest
from committees.conftest import seat_judge
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from factories import RULES_2022

from clipcontest.committees.models import CommitteeMember, FoundingDecision
from clipcontest.committees.services import add_committee_member
from clipcontest.contests.practice import practice_rules
from clipcontest.contests.services import load_contest
from clipcontest.documents.models import DocumentBatch

pytestmark = pytest.mark.django_db
SLUG = "sc35-2022"


@pytest.fixture(autouse=True)
def default_language_after_each_test():
    """A request under /en/ leaves English active in this thread, and reverse() would follow."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def practice_contest(contest_2022):
    """Another contest: the practice run of the 2022 rules (slug sc35-2022-practice)."""
    rules = practice_rules(RULES_2022.read_text(encoding="utf-8"), today=timezone.localdate())
    return load_contest(rules).contest


@pytest.fixture
def chair(organiser):
    return get_user_model().objects.get(username="bantochuc")


def post(client, name, data=None, **kwargs):
    url = reverse(f"portal:{name}", kwargs=kwargs or None)
    return client.post(url, {"contest": SLUG, **(data or {})}, follow=True)


def page(client, language="") -> str:
    prefix = f"/{language}" if language else ""
    return unescape(client.get(f"{prefix}/organiser/committees/?contest={SLUG}").content.decode())


def member(contest, by, name, role="member", committee="organising", position=""):
    return add_committee_member(
        contest=contest, committee=committee, full_name=name, position=position, role=role, by=by
    )


def test_the_page_lists_the_three_committees_with_the_jury_accounts(organiser, chair, contest_2022):
    member(contest_2022, chair, "Hoàng Minh Đức", "head", position="Phó Trưởng Ban Tuyên giáo")
    member(contest_2022, chair, "Vương Thị Mai", "head", committee="secretariat")
    seat_judge(contest_2022, "gk.first", "Giám khảo Đầu Tiên")
    page(organiser)  # the session and the letterhead, made on the first visit
    with CaptureQueriesContext(connection) as few:
        page(organiser)
    for number in range(8):
        judge = seat_judge(contest_2022, f"gk.{number}", f"Giám khảo Số {number}")
        member(contest_2022, chair, f"Ủy Viên Số {number}")
        if number % 2:
            add_committee_member(
                contest=contest_2022, committee="jury", full_name="", position="Nhà báo",
                role="member", jury_member=judge, by=chair,
            )  # fmt: skip

    with CaptureQueriesContext(connection) as many:
        html = page(organiser)

    assert len(many) == len(few)  # the page does not grow with the committees
    for expected in ("Hoàng Minh Đức", "Phó Trưởng Ban Tuyên giáo", "Trưởng ban", "Tổ trưởng"):
        assert expected in html
    assert all(f"Giám khảo Số {n}" in html for n in range(8))
    assert 'name="jury_member"' in html  # each account without a row can be given a position
    assert 'value="committees"' in html  # the button that makes the decisions


def test_an_organiser_adds_a_member(organiser, contest_2022):
    response = post(
        organiser,
        "organiser-committee-add",
        {
            "committee": "secretariat",
            "full_name": "Sầm Thị Ngọc Ánh",
            "position": "Chuyên viên Văn phòng Ban",
            "role": "member",
        },
    )

    stored = CommitteeMember.objects.get()
    assert (stored.committee, stored.full_name, stored.role) == (
        "secretariat",
        "Sầm Thị Ngọc Ánh",
        "member",
    )
    assert "Sầm Thị Ngọc Ánh" in unescape(response.content.decode())


def test_a_member_without_a_name_is_refused_and_the_form_keeps_what_was_typed(
    organiser, contest_2022
):
    response = post(
        organiser,
        "organiser-committee-add",
        {"committee": "organising", "full_name": " ", "position": "Công an tỉnh", "role": "head"},
    )

    html = unescape(response.content.decode())
    assert "Cần nhập họ và tên." in html and 'value="Công an tỉnh"' in html
    assert not CommitteeMember.objects.exists()


def test_the_errors_are_in_english_on_the_english_page(organiser, contest_2022):
    organiser.post(
        "/en/organiser/committees/add/",
        {"contest": SLUG, "committee": "jury", "full_name": "", "role": "member"},
    )
    assert "A full name is required." in page(organiser, "en")


def test_a_second_head_is_refused_with_the_reason(organiser, chair, contest_2022):
    member(contest_2022, chair, "Hoàng Minh Đức", "head")

    response = post(
        organiser,
        "organiser-committee-add",
        {"committee": "organising", "full_name": "Lục Văn Quyết", "role": "head"},
    )

    assert "Ban Tổ chức đã có trưởng ban là Hoàng Minh Đức" in unescape(response.content.decode())
    assert CommitteeMember.objects.count() == 1


def test_a_jury_account_is_given_a_position_and_a_role(organiser, contest_2022):
    judge = seat_judge(contest_2022, "gk.yen", "Lò Thị Yến")

    post(
        organiser,
        "organiser-committee-add",
        {
            "committee": "jury",
            "jury_member": judge.pk,
            "position": "Trưởng phòng Văn hóa",
            "role": "head",
        },
    )

    row = CommitteeMember.objects.get()
    assert (row.jury_member, row.name, row.role) == (judge, "Lò Thị Yến", "head")


def test_a_jury_account_of_another_contest_is_not_found(organiser, contest_2022, practice_contest):
    judge = seat_judge(practice_contest, "gk.yen", "Lò Thị Yến")

    response = organiser.post(
        reverse("portal:organiser-committee-add"),
        {"contest": SLUG, "committee": "jury", "jury_member": judge.pk, "role": "member"},
    )

    assert response.status_code == 404
    assert not CommitteeMember.objects.exists()


def test_the_edit_form_shows_the_member_and_saves_the_change(organiser, chair, contest_2022):
    member(contest_2022, chair, "Hoàng Minh Đức", "head")
    tung = member(contest_2022, chair, "Nông Thanh Tùng", "member", position="Chuyên viên")
    url = reverse("portal:organiser-committee-edit", kwargs={"pk": tung.pk})

    form = unescape(organiser.get(f"{url}?contest={SLUG}").content.decode())
    assert 'value="Nông Thanh Tùng"' in form and 'value="Chuyên viên"' in form

    post(
        organiser,
        "organiser-committee-edit",
        {"full_name": "Nông Thanh Tùng", "position": "Chuyên viên chính", "role": "member",
         "place": "1"},
        pk=tung.pk,
    )  # fmt: skip

    tung.refresh_from_db()
    assert (tung.position, tung.order) == ("Chuyên viên chính", 1)


def test_a_bad_place_is_refused_in_the_edit_form(organiser, chair, contest_2022):
    tung = member(contest_2022, chair, "Nông Thanh Tùng")

    response = post(
        organiser,
        "organiser-committee-edit",
        {"full_name": "Tên Khác", "position": "", "role": "member", "place": "hai"},
        pk=tung.pk,
    )

    assert "Thứ tự phải là một số từ 1 đến 1." in unescape(response.content.decode())
    tung.refresh_from_db()
    assert tung.full_name == "Nông Thanh Tùng"


def test_an_organiser_removes_a_member(organiser, chair, contest_2022):
    tung = member(contest_2022, chair, "Nông Thanh Tùng")

    post(organiser, "organiser-committee-remove", pk=tung.pk)

    assert not CommitteeMember.objects.exists()


def test_a_member_of_another_contest_is_not_found(organiser, chair, contest_2022, practice_contest):
    other = member(practice_contest, chair, "Nông Thanh Tùng")

    response = organiser.post(
        reverse("portal:organiser-committee-remove", kwargs={"pk": other.pk}), {"contest": SLUG}
    )

    assert response.status_code == 404 and CommitteeMember.objects.filter(pk=other.pk).exists()


def test_the_decisions_number_and_date_are_saved_or_refused_with_the_reason(
    organiser, contest_2022
):
    post(
        organiser,
        "organiser-committees",
        {"committee": "organising", "number": "125", "day": "2022-02-14"},
    )
    response = post(
        organiser, "organiser-committees", {"committee": "jury", "number": "1/BTC", "day": ""}
    )

    decision = FoundingDecision.objects.get()
    assert (decision.committee, decision.number, str(decision.day)) == (
        "organising",
        "125",
        "2022-02-14",
    )
    assert "“-QĐ/BTC” được thêm tự động" in unescape(response.content.decode())
    assert 'value="2022-02-14"' in page(organiser)


def test_a_bad_date_is_refused(organiser, contest_2022):
    response = post(
        organiser, "organiser-committees", {"committee": "jury", "number": "1", "day": "32/13/2022"}
    )

    assert "ngày không hợp lệ" in unescape(response.content.decode())
    assert not FoundingDecision.objects.exists()


def test_the_decisions_are_asked_for_from_the_documents_page(organiser, contest_2022):
    organiser.post(reverse("portal:organiser-documents"), {"contest": SLUG, "kind": "committees"})

    batch = DocumentBatch.objects.get()
    assert batch.kind == DocumentBatch.Kind.COMMITTEES
    assert f'id="batch-{batch.pk}"' in page(organiser)  # its progress, then its download


def test_the_secretariat_edits_the_committees_too(secretary, contest_2022):
    post(
        secretary,
        "organiser-committee-add",
        {"committee": "secretariat", "full_name": "Giàng A Lềnh", "role": "member"},
    )
    assert CommitteeMember.objects.get().full_name == "Giàng A Lềnh"


@pytest.mark.parametrize("visitor", ["rep_a", "jury"])
def test_unit_representatives_and_the_jury_are_refused_and_nothing_is_stored(
    request, visitor, chair, contest_2022
):
    client = request.getfixturevalue(visitor)
    tung = member(contest_2022, chair, "Nông Thanh Tùng")
    edit = reverse("portal:organiser-committee-edit", kwargs={"pk": tung.pk})
    remove = reverse("portal:organiser-committee-remove", kwargs={"pk": tung.pk})
    add = reverse("portal:organiser-committee-add")
    committees = reverse("portal:organiser-committees")

    assert client.get(f"{committees}?contest={SLUG}").status_code == 403
    assert client.get(f"{edit}?contest={SLUG}").status_code == 403
    for url, data in (
        (add, {"committee": "organising", "full_name": "Kẻ Lạ", "role": "head"}),
        (edit, {"full_name": "Kẻ Lạ", "role": "head"}),
        (remove, {}),
        (committees, {"committee": "organising", "number": "9"}),
    ):
        assert client.post(url, {"contest": SLUG, **data}).status_code == 403
    assert list(CommitteeMember.objects.values_list("full_name", "role")) == [
        ("Nông Thanh Tùng", "member")
    ]
    assert not FoundingDecision.objects.exists()
