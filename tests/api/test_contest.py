"""``GET /api/contest``: the contest's public facts, the current one unless another is named."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_contest_facts_come_from_the_rules_file(dong_van, contest_2022):
    facts = dong_van.get("/api/contest").json()
    assert facts["slug"] == "sc35-2022"
    assert (facts["opens_on"], facts["closes_on"]) == ("2022-03-01", "2022-06-30")
    assert facts["letter_deadline"] == "2022-06-15"
    assert (facts["min_seconds"], facts["max_seconds"]) == (5, 600)
    assert facts["min_entries_per_unit"] == 2
    assert facts["platforms"] == ["facebook", "tiktok", "youtube"]
    assert [g["key"] for g in facts["genres"]] == [
        "comedy",
        "short_film",
        "drama",
        "adapted_article",
    ]
    assert len(facts["themes"]) == 2
    assert facts["prizes"][0] == {
        "key": "first",
        "name": "Giải Nhất",
        "name_en": "First prize",
        "count": 1,
        "amount": 3_000_000,
        "total": 3_000_000,
        "certificate": True,
    }
    assert facts["prize_money_total"] == 17_500_000
    assert facts["accepts_entries"] is False


def test_contest_is_the_current_one_unless_named(dong_van, contest_2022, open_contest):
    assert dong_van.get("/api/contest").json()["slug"] == "sc35-open"
    assert dong_van.get("/api/contest").json()["accepts_entries"] is True
    assert dong_van.get("/api/contest?contest=sc35-2022").json()["slug"] == "sc35-2022"


@pytest.mark.parametrize("slug", ["no-such-contest", "../etc", "x" * 64])
def test_unknown_contest_is_404_in_both_languages(dong_van, open_contest, slug):
    for url in ("/api/contest", "/api/entries", "/api/letters"):
        response = dong_van.get(url, {"contest": slug})
        assert response.status_code == 404
        assert response.json()["code"] == "contest_not_found"
        assert set(response.json()["message"]) == {"vi", "en"}


def test_without_any_contest_the_api_says_so(dong_van):
    response = dong_van.get("/api/entries")
    assert response.status_code == 404
    assert response.json()["code"] == "no_contest"


def test_json_is_utf_8_with_vietnamese_letters_as_they_are(dong_van, contest_2022):
    response = dong_van.get("/api/contest")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "Giải Nhất" in response.content.decode("utf-8")


def test_unit_works_in_the_practice_run_while_no_real_contest_is_open(dong_van, contest_2022):
    from datetime import date

    from factories import RULES_2022

    from clipcontest.contests.practice import practice_rules
    from clipcontest.contests.services import load_contest

    practice = practice_rules(RULES_2022.read_text(encoding="utf-8"), today=date.today())
    load_contest(practice)
    assert dong_van.get("/api/contest").json()["slug"] == practice.slug
    assert dong_van.get("/api/entries").status_code == 200
