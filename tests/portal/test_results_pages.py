"""The organisers' results pages: who may see them, what they show, and finalising."""

from __future__ import annotations

import re

import pytest
from awards.test_results import score_clip, score_demo_contest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from factories import EntryFactory

from clipcontest.accounts.models import Role
from clipcontest.accounts.services import ensure_account
from clipcontest.entries.models import OfficialLetter
from clipcontest.judging.models import ResultsDecision
from clipcontest.judging.queries import results_locked
from clipcontest.portal import results_views
from clipcontest.units.models import Unit

pytestmark = pytest.mark.django_db

SLUG = "sc35-2022"
RESULTS = reverse("portal:organiser-results") + f"?contest={SLUG}"
DECIDE = reverse("portal:organiser-results-decide")


def result_url(ref: str) -> str:
    return reverse("portal:organiser-result", args=[ref]) + f"?contest={SLUG}"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def members(demo_contest):
    return score_demo_contest(demo_contest)


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_staff_see_the_ranking_with_prizes_and_the_unranked(members, organiser, secretary):
    for client in (organiser, secretary):
        page = client.get(RESULTS).content.decode()

        assert page.index('data-ref="HG-MV-2"') < page.index('data-ref="HG-KCQ-2"')
        assert "<strong>88" in page
        assert "3.000.000" in page and "10.000.000" in page
        assert "gk.an, gk.binh" in page  # HG-VX-2 waits for these two
        assert 'id="decide-form"' in page


@pytest.mark.parametrize("url", [RESULTS, result_url("HG-MV-2")])
def test_a_unit_representative_and_a_jury_member_are_refused(members, url):
    rep = ensure_account(
        username="hg-vx",
        password="mật-khẩu-thử-1",
        role=Role.UNIT_REPRESENTATIVE,
        unit=Unit.objects.get(code="HG-VX"),
    )
    for user in (rep, members["gk.binh"].user):
        assert client_of(user).get(url).status_code == 403
    assert client_of(rep).post(DECIDE, {"contest": SLUG, "action": "finalise"}).status_code == 403


def test_one_clip_is_explained_with_each_judges_total(members, organiser):
    page = organiser.get(result_url("HG-BQ-2")).content.decode()

    for username, total in (("gk.an", "89"), ("gk.binh", "83"), ("gk.chi", "87")):
        row = page[page.index(f'data-judge="{username}"') :]
        assert f'judge-total">{total}<' in row[: row.index("</tr>")]
    assert "Giám khảo gk.an" in page  # organisers see the judges' names
    assert 'id="clip-rank">3<' in page


def test_the_tie_break_is_explained_on_both_clips(members, organiser):
    above = organiser.get(result_url("HG-MV-2"))
    below = organiser.get(result_url("HG-KCQ-2"))

    assert b'class="tie-break"' in above.content and b"HG-KCQ-2" in above.content
    assert b"HG-MV-2" in below.content and b'class="tie-break"' in below.content


def test_an_unknown_clip_is_404(members, organiser):
    assert organiser.get(result_url("HG-ZZ-9")).status_code == 404


def test_an_organiser_finalises_and_reopens_with_a_reason(members, organiser, demo_contest):
    response = organiser.post(DECIDE, {"contest": SLUG, "action": "finalise", "reason": "Họp"})

    assert response.status_code == 302 and response["Location"] == RESULTS
    assert results_locked(demo_contest)
    page = organiser.get(RESULTS).content.decode()
    assert 'value="reopen"' in page

    organiser.post(DECIDE, {"contest": SLUG, "action": "reopen", "reason": "Sửa"})
    assert not results_locked(demo_contest)


def test_a_refusal_is_shown_and_nothing_changes(members, organiser, secretary, demo_contest):
    no_reason = organiser.post(DECIDE, {"contest": SLUG, "action": "finalise"}, follow=True)
    by_secretary = secretary.post(
        DECIDE, {"contest": SLUG, "action": "finalise", "reason": "x"}, follow=True
    )

    assert "Cần ghi rõ lý do." in no_reason.content.decode()
    assert "Chỉ Ban Tổ chức mới được chốt" in by_secretary.content.decode()
    assert not ResultsDecision.objects.exists()


def add_scored_clips(contest, members, count: int) -> None:
    """``count`` more eligible clips of HG-VX, listed in its letter and scored by all three."""
    unit = Unit.objects.get(code="HG-VX")
    letter = OfficialLetter.objects.filter(contest=contest, unit=unit).first()
    for n in range(count):
        clip = EntryFactory(contest=contest, unit=unit, ref=f"HG-VX-{10 + n}")
        if letter is not None:
            letter.entries.add(clip)
        for member in members.values():
            score_clip(member, clip.ref, (20 + n % 10, 15, 15, 5))


def test_the_results_page_reads_the_same_number_of_queries_for_6_and_30_clips(
    members, organiser, demo_contest
):
    with CaptureQueriesContext(connection) as six:
        assert organiser.get(RESULTS).status_code == 200
    add_scored_clips(demo_contest, members, 24)
    with CaptureQueriesContext(connection) as thirty:
        page = organiser.get(RESULTS).content.decode()

    ranking = page[page.index('id="ranking-table"') : page.index('id="unranked-table"')]
    assert ranking.count("data-ref=") == 30
    assert len(thirty) == len(six)


def test_the_ranking_is_shown_a_page_at_a_time_with_the_contest_totals_on_each(
    members, organiser, demo_contest, monkeypatch
):
    monkeypatch.setattr(results_views, "PAGE_SIZE", 4)
    add_scored_clips(demo_contest, members, 1)  # 7 ranked: pages of 4 and 3

    first = organiser.get(RESULTS).content.decode()
    second = organiser.get(RESULTS + "&page=2").content.decode()

    def ranked(page: str) -> list[str]:
        table = page[page.index('id="ranking-table"') : page.index('id="unranked-table"')]
        return re.findall(r'<tr data-ref="([^"]+)"', table)

    assert len(ranked(first)) == 4 and len(ranked(second)) == 3
    assert not set(ranked(first)) & set(ranked(second))
    assert ranked(first)[0] == "HG-MV-2" and "page=2" in first
    totals = [re.search(r'id="prizes-total">([^<]+)<', page).group(1) for page in (first, second)]
    assert totals[0] == totals[1] != "0 đ"  # the whole contest's prize money on every page
    assert all("gk.an, gk.binh" in page for page in (first, second))  # and the unranked clips


def test_the_tie_break_of_each_shown_row_is_explained_on_the_ranking(members, organiser):
    page = organiser.get(RESULTS).content.decode()

    for ref, other in (("HG-MV-2", "HG-KCQ-2"), ("HG-KCQ-2", "HG-MV-2")):
        row = page[page.index(f'<tr data-ref="{ref}"') :]
        row = row[: row.index("</tr>")]
        assert 'class="tie-break' in row and other in row
