"""The public results page: nothing before finalisation, then the winners by prize."""

from __future__ import annotations

import pytest
from django.urls import reverse

from clipcontest.judging.services import reopen_results

pytestmark = pytest.mark.django_db


def test_nothing_is_public_before_the_results_are_finalised(client, demo_contest):
    from awards.test_results import score_demo_contest

    score_demo_contest(demo_contest)

    html = client.get(reverse("portal:results")).content.decode()

    assert "chưa được công bố" in html
    assert "HG-MV-2" not in html and "88" not in html
    for entry in demo_contest.entries.all():
        assert entry.title not in html


def test_finalised_results_show_the_winners_by_prize_and_the_units(client, finalised):
    html = client.get(reverse("portal:results")).content.decode()

    first = finalised.entries.get(ref="HG-MV-2")
    assert "Giải Nhất" in html and "Giải Nhì" in html and "Giải Ba" in html
    assert html.index("Giải Nhất") < html.index(first.title) < html.index("Giải Nhì")
    assert "3.000.000 đ" in html and "10.000.000 đ" in html
    assert "15 × Giải Khuyến khích" in html  # unused prizes are said, not hidden
    assert first.unit.name in html
    assert "youtube-nocookie.com/embed/" in html or "facebook.com/plugins" in html


def test_a_reopened_contest_is_private_again(client, finalised):
    from awards.conftest import chair

    reopen_results(contest=finalised, by=chair(), reason="Khiếu nại")

    html = client.get(reverse("portal:contest-results", args=[finalised.slug])).content.decode()
    assert "Giải Nhất" not in html or "chưa được công bố" in html
    assert finalised.entries.get(ref="HG-MV-2").title not in html


def test_the_verification_form_goes_to_the_certificate_page(client, finalised):
    response = client.get(reverse("portal:verify-lookup"), {"serial": " sc35-2022-001-abcde "})

    assert response.status_code == 302
    assert response["Location"] == reverse("portal:verify", args=["SC35-2022-001-ABCDE"])


def test_the_english_page(client, finalised):
    html = client.get("/en/results/").content.decode()
    assert "First prize" in html or "first" in html.lower()
    assert "The units that took part" in html
