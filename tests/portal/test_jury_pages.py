"""The jury's pages on the demo contest: blind, each member's own order, drafts and
submissions, bounds, who may open what; and the organisers' progress page with reminders."""

from __future__ import annotations

import zlib

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from clipcontest.accounts.models import Role
from clipcontest.accounts.services import ensure_account
from clipcontest.entries.models import Entry
from clipcontest.judging.models import Assignment, JuryMember, ResultsDecision, ScoreSheet
from clipcontest.judging.queries import assignments_in_order
from clipcontest.units.models import Unit

PASSWORD = "Ha-Giang-2022!"
BINH_CLIPS = ["HG-BQ-2", "HG-DV-1", "HG-MV-2", "HG-TP-2", "HG-VX-1"]
DUNG_CLIPS = ["HG-DV-2", "HG-KCQ-1", "HG-QB-1"]
FULL_MARKS = {"content": "32.5", "creativity": "20", "technique": "18,5", "reach": "7"}


@pytest.fixture(autouse=True)
def fast_password_hashing(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def seat(contest, username: str, refs: list[str]) -> JuryMember:
    user = ensure_account(
        username=username,
        password=PASSWORD,
        role=Role.JURY_MEMBER,
        full_name=f"Giám khảo {username}",
        email=f"{username}@example.org",
    )
    member = JuryMember.objects.create(
        contest=contest, user=user, order_seed=zlib.crc32(username.encode()) & 0x7FFFFFFF
    )
    for entry in Entry.objects.filter(contest=contest, ref__in=refs):
        Assignment.objects.create(member=member, entry=entry)
    return member


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def binh(demo_contest) -> JuryMember:
    return seat(demo_contest, "gk.binh", BINH_CLIPS)


@pytest.fixture
def dung(demo_contest) -> JuryMember:
    return seat(demo_contest, "gk.dung", DUNG_CLIPS)


@pytest.fixture
def as_binh(binh) -> Client:
    return client_of(binh.user)


def sheet_post(points: dict[str, str], *, submit: bool, comment: str = "") -> dict[str, str]:
    data = {f"points-{key}": value for key, value in points.items()}
    data["comment"] = comment
    data["submit" if submit else "draft"] = "1"
    return data


def first_clip(member: JuryMember) -> Assignment:
    return assignments_in_order(member)[0]


# --- blind judging ---------------------------------------------------------------------------


def test_blind_pages_name_no_unit_and_no_author(as_binh, binh, demo_contest):
    pages = [as_binh.get("/jury/").content.decode()]
    pages += [
        as_binh.get(f"/jury/clips/{a.pk}/").content.decode() for a in assignments_in_order(binh)
    ]
    units = Unit.objects.filter(entries__contest=demo_contest).distinct()
    authors = {name for e in Entry.objects.filter(contest=demo_contest) for name in e.author_names}
    assert units.count() >= 5 and authors
    for html in pages:
        lowered = html.lower()
        for unit in units:
            assert unit.name.lower() not in lowered
            assert unit.code.lower() not in lowered
        for author in authors:
            assert author.lower() not in lowered
        assert "may still show the account" in html or "vẫn có thể hiển thị tài khoản" in html


def test_without_blind_judging_the_clip_page_names_its_unit(as_binh, binh, demo_contest):
    demo_contest.blind_judging = False
    demo_contest.save()
    assignment = first_clip(binh)

    html = as_binh.get(f"/jury/clips/{assignment.pk}/").content.decode()

    assert assignment.entry.ref in html
    assert assignment.entry.unit.name in html


# --- the member's own order --------------------------------------------------------------------


def test_the_list_follows_the_members_own_stable_order(as_binh, binh, dung):
    titles = [a.entry.title for a in assignments_in_order(binh)]

    first = as_binh.get("/jury/").content.decode()
    second = as_binh.get("/jury/").content.decode()

    assert (
        first[first.index('<ol class="jury-clips">') :]
        == second[second.index('<ol class="jury-clips">') :]
    )
    positions = [first.index(title) for title in titles]
    assert positions == sorted(positions)
    for assignment in dung.assignments.all():
        assert assignment.entry.title not in first
    assert "0/5" in first


def test_the_list_shows_each_clips_state(as_binh, binh, django_assert_max_num_queries):
    order = assignments_in_order(binh)
    as_binh.post(f"/jury/clips/{order[0].pk}/", sheet_post({"content": "30"}, submit=False))
    as_binh.post(f"/jury/clips/{order[1].pk}/", sheet_post(FULL_MARKS, submit=True))

    with django_assert_max_num_queries(12):
        html = as_binh.get("/jury/").content.decode()

    assert html.count("badge--warn") == 1
    assert html.count("badge--ok") == 1
    assert html.count("badge--muted") == 3
    assert '<progress id="jury-progress-bar" value="1" max="5">' in html


# --- scoring --------------------------------------------------------------------------------------


def test_a_draft_then_a_submission_moves_on_to_the_next_clip(as_binh, binh):
    order = assignments_in_order(binh)
    url = f"/jury/clips/{order[0].pk}/"

    response = as_binh.post(url, sheet_post({"content": "30"}, submit=False, comment="Tốt"))

    assert response.status_code == 302 and response.url.endswith(url)
    sheet = ScoreSheet.objects.get(assignment=order[0])
    assert sheet.status == ScoreSheet.Status.DRAFT and sheet.comment == "Tốt"
    page = as_binh.get(url).content.decode()
    assert 'value="30"' in page and "Tốt" in page

    response = as_binh.post(url, sheet_post(FULL_MARKS, submit=True, comment="Tốt"))

    assert response.status_code == 302
    assert response.url.endswith(f"/jury/clips/{order[1].pk}/")
    sheet.refresh_from_db()
    assert sheet.status == ScoreSheet.Status.SUBMITTED
    assert {s.criterion.key: str(s.points) for s in sheet.scores.all()} == {
        "content": "32.5",
        "creativity": "20.0",
        "technique": "18.5",
        "reach": "7.0",
    }


def test_the_last_submission_goes_back_to_the_list(as_binh, binh):
    order = assignments_in_order(binh)
    for assignment in order[:-1]:
        as_binh.post(f"/jury/clips/{assignment.pk}/", sheet_post(FULL_MARKS, submit=True))

    response = as_binh.post(f"/jury/clips/{order[-1].pk}/", sheet_post(FULL_MARKS, submit=True))

    assert response.url.endswith("/jury/")
    assert "5/5" in as_binh.get("/jury/").content.decode()


def test_scores_out_of_bounds_are_shown_by_their_field_and_nothing_is_stored(as_binh, binh):
    assignment = first_clip(binh)

    response = as_binh.post(
        f"/jury/clips/{assignment.pk}/",
        sheet_post({**FULL_MARKS, "content": "41", "reach": "7.25"}, submit=True),
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="points-content-errors"' in html and 'id="points-reach-errors"' in html
    assert 'aria-invalid="true"' in html and 'value="41"' in html
    assert 'id="points-creativity-errors"' not in html
    assert not ScoreSheet.objects.filter(assignment=assignment).exists()


def test_the_score_form_has_bounds_and_focus_on_the_first_criterion(as_binh, binh):
    html = as_binh.get(f"/jury/clips/{first_clip(binh).pk}/").content.decode()

    assert 'name="points-content" value="" min="0" max="40" step="0.1"' in html
    assert 'max="10" step="0.1"' in html
    assert html.count("autofocus") == 1
    assert 'loading="lazy"' in html or "cannot be embedded" in html


def test_finalised_results_make_the_sheet_read_only(as_binh, binh, demo_contest):
    ResultsDecision.objects.create(
        contest=demo_contest,
        action=ResultsDecision.Action.FINALISE,
        at=timezone.now(),
        by=binh.user,
        reason="Xong",
    )
    url = f"/jury/clips/{first_clip(binh).pk}/"

    html = as_binh.get(url).content.decode()
    response = as_binh.post(url, sheet_post(FULL_MARKS, submit=True))

    assert "<fieldset disabled>" in html and 'name="submit"' not in html
    assert response.status_code == 400
    assert not ScoreSheet.objects.exists()


# --- who may open what ---------------------------------------------------------------------------


def test_another_members_assignment_is_not_found(as_binh, dung):
    response = as_binh.get(f"/jury/clips/{first_clip(dung).pk}/")

    assert response.status_code == 404


def test_no_member_sees_another_members_scores(as_binh, binh, dung):
    shared = Entry.objects.get(ref="HG-DV-2")
    Assignment.objects.create(member=binh, entry=shared)
    theirs = Assignment.objects.get(member=dung, entry=shared)
    client_of(dung.user).post(
        f"/jury/clips/{theirs.pk}/",
        sheet_post({**FULL_MARKS, "content": "39.9"}, submit=True, comment="Bí mật"),
    )
    mine = Assignment.objects.get(member=binh, entry=shared)

    html = as_binh.get(f"/jury/clips/{mine.pk}/").content.decode()

    assert "39.9" not in html and "39,9" not in html and "Bí mật" not in html


@pytest.mark.parametrize("path", ["/jury/", "/jury/clips/{pk}/"])
def test_only_jury_members_open_the_jury_pages(binh, path, demo_contest):
    url = path.format(pk=first_clip(binh).pk)
    representative = ensure_account(
        username="hg-mv",
        password=PASSWORD,
        role=Role.UNIT_REPRESENTATIVE,
        unit=Unit.objects.get(code="HG-MV"),
    )
    organiser = ensure_account(username="bantochuc", password=PASSWORD, role=Role.ORGANISER)

    assert client_of(representative).get(url).status_code == 403
    assert client_of(organiser).get(url).status_code == 403
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and anonymous.url.startswith("/accounts/login/")


def test_an_organiser_with_a_seat_scores_like_any_member(demo_contest):
    seat(demo_contest, "gk.dung", DUNG_CLIPS)
    organiser = ensure_account(username="gk.dung", password=PASSWORD, role=Role.ORGANISER)

    assert client_of(organiser).get("/jury/").status_code == 200


# --- the organisers' page ------------------------------------------------------------------------


@pytest.fixture
def organiser(db) -> Client:
    return client_of(ensure_account(username="bantochuc", password=PASSWORD, role=Role.ORGANISER))


def test_organisers_see_each_members_progress(organiser, as_binh, binh, dung):
    as_binh.post(f"/jury/clips/{first_clip(binh).pk}/", sheet_post(FULL_MARKS, submit=True))

    html = organiser.get("/organiser/jury/").content.decode()

    assert "Giám khảo gk.binh" in html and "Giám khảo gk.dung" in html
    assert "1/5" in html and "0/3" in html
    assert html.count('type="hidden" name="member"') == 2  # one reminder form each


def test_a_reminder_is_emailed_in_both_languages(organiser, binh, dung, demo_contest):
    response = organiser.post(
        "/organiser/jury/", {"member": binh.pk, "contest": demo_contest.slug}, follow=True
    )

    assert response.status_code == 200
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["gk.binh@example.org"]
    assert "Nhắc chấm điểm" in message.subject and "reminder" in message.subject
    assert "0/5" in message.body and "0 of 5" in message.body
    assert "/jury/" in message.body
    assert "gk.binh" in response.content.decode()


def test_no_reminder_for_a_member_who_has_finished(organiser, demo_contest):
    member = seat(demo_contest, "gk.an", [])

    organiser.post("/organiser/jury/", {"member": member.pk, "contest": demo_contest.slug})

    assert mail.outbox == []


def test_the_organisers_jury_page_is_for_staff_only(binh, as_binh):
    assert as_binh.get("/organiser/jury/").status_code == 403
    assert as_binh.post("/organiser/jury/", {"member": binh.pk}).status_code == 403
    assert mail.outbox == []
