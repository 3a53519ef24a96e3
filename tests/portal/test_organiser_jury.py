"""The organisers' jury page: add and remove members, declare and withdraw conflicts, assign."""

from __future__ import annotations

from html import unescape

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import translation

from clipcontest.judging.models import Assignment, Conflict, JuryMember

from .test_jury_pages import BINH_CLIPS, DUNG_CLIPS, client_of, seat

pytestmark = pytest.mark.django_db
SLUG = "sc35-2022"


@pytest.fixture
def binh(demo_contest):
    return seat(demo_contest, "gk.binh", BINH_CLIPS)


@pytest.fixture
def dung(demo_contest):
    return seat(demo_contest, "gk.dung", DUNG_CLIPS)


@pytest.fixture(autouse=True)
def default_language_after_each_test():
    """A request under /en/ leaves English active in this thread, and reverse() would follow."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def post(client, name, data=None, **kwargs):
    url = reverse(f"portal:{name}", kwargs=kwargs or None)
    return client.post(url, {"contest": SLUG, **(data or {})}, follow=True)


def test_an_organiser_adds_a_member_from_the_page(organiser, demo_contest):
    response = post(
        organiser,
        "organiser-jury-add",
        {"username": "gk.lan", "name": "Lò Thị Lan", "email": "lan@example.org", "unit": "HG-DV"},
    )

    member = JuryMember.objects.get(user__username="gk.lan")
    assert member.unit.code == "HG-DV"
    html = response.content.decode()
    assert "Lò Thị Lan" in html and "Gửi thư mời" in html


def test_a_bad_member_keeps_what_was_typed_and_says_what_is_wrong(organiser, demo_contest):
    response = post(
        organiser,
        "organiser-jury-add",
        {"username": "gk lan", "name": "Lò Thị Lan", "email": "lan@", "unit": ""},
    )

    html = unescape(response.content.decode())
    assert 'value="Lò Thị Lan"' in html and 'value="gk lan"' in html
    assert "tên đăng nhập 'gk lan' không hợp lệ" in html
    assert "địa chỉ e-mail không hợp lệ" in html
    assert not JuryMember.objects.exists()


def test_the_errors_are_in_english_on_the_english_page(organiser, demo_contest):
    organiser.post(
        "/en/organiser/jury/add/",
        {"contest": SLUG, "username": "x", "name": "", "email": "a@b.vn"},
    )
    html = organiser.get(f"/en/organiser/jury/?contest={SLUG}").content.decode()
    assert "must not be empty" in html


def test_an_invitation_is_sent_to_a_new_member(organiser, demo_contest):
    post(
        organiser,
        "organiser-jury-add",
        {"username": "gk.lan", "name": "Lò Thị Lan", "email": "lan@example.org"},
    )
    member = JuryMember.objects.get(user__username="gk.lan")

    post(organiser, "organiser-jury-invite", pk=member.pk)

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["lan@example.org"]
    assert "/accounts/invitation/" in mail.outbox[0].body or "invitation" in mail.outbox[0].body


def test_removing_a_member_needs_a_reason(organiser, binh):
    response = post(organiser, "organiser-jury-remove", {"reason": ""}, pk=binh.pk)
    assert "Cần ghi rõ lý do" in response.content.decode()
    assert JuryMember.objects.filter(pk=binh.pk).exists()

    post(organiser, "organiser-jury-remove", {"reason": "Ốm"}, pk=binh.pk)
    assert not JuryMember.objects.filter(pk=binh.pk).exists()


def test_a_conflict_with_a_clip_removes_its_unscored_assignment(organiser, binh):
    response = post(
        organiser,
        "organiser-conflict-add",
        {"member": binh.pk, "target": "hg-mv-2", "reason": "Tác giả là con"},
    )

    assert not Assignment.objects.filter(member=binh, entry__ref="HG-MV-2").exists()
    html = response.content.decode()
    assert "Tác giả là con" in html and "HG-MV-2" in html

    conflict = Conflict.objects.get()
    post(organiser, "organiser-conflict-remove", {"reason": "Nhầm"}, pk=conflict.pk)
    assert not Conflict.objects.exists()


def test_a_conflict_with_a_unit(organiser, binh):
    post(
        organiser,
        "organiser-conflict-add",
        {"member": binh.pk, "target": "unit:HG-VX", "reason": "Công tác tại Vị Xuyên"},
    )
    assert Conflict.objects.get().unit.code == "HG-VX"
    assert not Assignment.objects.filter(member=binh, entry__unit__code="HG-VX").exists()


def test_an_unknown_clip_is_named_and_nothing_stored(organiser, binh):
    response = post(
        organiser, "organiser-conflict-add", {"member": binh.pk, "target": "HG-XX-9", "reason": "?"}
    )
    assert "HG-XX-9" in response.content.decode()
    assert not Conflict.objects.exists()


def test_assigning_from_the_page_gives_each_clip_k_members(organiser, binh, dung, demo_contest):
    seat(demo_contest, "gk.chi", [])

    response = post(organiser, "organiser-jury-assign", {"per_entry": "2"})

    html = response.content.decode()
    per_clip = {}
    for ref in Assignment.objects.values_list("entry__ref", flat=True):
        per_clip[ref] = per_clip.get(ref, 0) + 1
    assert len(per_clip) == 12 and set(per_clip.values()) == {2}
    assert "12 clip" in html


def test_an_infeasible_assignment_says_why_and_changes_nothing(organiser, binh, demo_contest):
    before = set(Assignment.objects.values_list("pk", flat=True))

    response = post(organiser, "organiser-jury-assign", {"per_entry": "3"})

    assert "chỉ có" in response.content.decode() or "không có" in response.content.decode()
    assert set(Assignment.objects.values_list("pk", flat=True)) == before


def test_the_jury_actions_are_for_staff_only(binh):
    as_binh = client_of(binh.user)
    for name, kwargs in [
        ("organiser-jury-add", {}),
        ("organiser-jury-assign", {}),
        ("organiser-jury-remove", {"pk": binh.pk}),
    ]:
        assert post(as_binh, name, {"per_entry": "1"}, **kwargs).status_code == 403
    assert JuryMember.objects.filter(pk=binh.pk).exists()
