"""A unit's official letters through the API: its own only, with their status and clips."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from factories import HCM, EntryFactory, OfficialLetterFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def letters(open_contest, units) -> dict[str, object]:
    """Letters of two units: one received in time with a scan, one late, one still to come."""
    deadline = datetime.combine(open_contest.letter_deadline, datetime.min.time(), tzinfo=HCM)
    clips = [
        EntryFactory(contest=open_contest, unit=units["HG-DV"], ref=f"HG-DV-{n}") for n in (1, 2)
    ]
    on_time = OfficialLetterFactory(
        contest=open_contest,
        unit=units["HG-DV"],
        number="12-CV/BCĐ35",
        received_at=deadline + timedelta(hours=20),  # during the deadline day: on time
        entries=clips,
    )
    on_time.scan.name = "letters/sc35-open/HG-DV/scan.pdf"
    on_time.scan_uploaded_at = timezone.now()
    on_time.save()
    return {
        "on_time": on_time,
        "late": OfficialLetterFactory(
            contest=open_contest,
            unit=units["HG-DV"],
            number="15-CV/BCĐ35",
            received_at=deadline + timedelta(days=1, hours=1),
        ),
        "coming": OfficialLetterFactory(
            contest=open_contest, unit=units["HG-DV"], number="16-CV/BCĐ35", received_at=None
        ),
        "theirs": OfficialLetterFactory(
            contest=open_contest, unit=units["HG-TP"], number="45-CV/BCĐ35"
        ),
    }


def test_unit_lists_its_letters_with_status_clips_and_scan(login, letters):
    listed = login("dong_van").get("/api/letters").json()
    by_number = {letter["number"]: letter for letter in listed}
    assert set(by_number) == {"12-CV/BCĐ35", "15-CV/BCĐ35", "16-CV/BCĐ35"}
    on_time = by_number["12-CV/BCĐ35"]
    assert on_time["status"] == "received"
    assert on_time["entries"] == ["HG-DV-1", "HG-DV-2"]
    assert on_time["has_scan"] is True and on_time["scan_uploaded_at"]
    assert on_time["unit"] == "HG-DV"
    assert by_number["15-CV/BCĐ35"]["status"] == "late"
    assert by_number["16-CV/BCĐ35"]["status"] == "not_received"
    assert by_number["16-CV/BCĐ35"]["has_scan"] is False


def test_unit_reads_one_of_its_letters(login, letters):
    letter = letters["on_time"]
    response = login("dong_van").get(f"/api/letters/{letter.pk}")
    assert response.status_code == 200
    assert response.json()["number"] == "12-CV/BCĐ35"
    assert response.json()["date"] == letter.date.isoformat()


def test_another_units_letter_is_404_like_a_made_up_one(login, letters):
    client = login("dong_van")
    theirs = client.get(f"/api/letters/{letters['theirs'].pk}")
    made_up = client.get("/api/letters/999999")
    assert theirs.status_code == made_up.status_code == 404
    assert theirs.json()["code"] == "letter_not_found"
    assert "45-CV" not in theirs.content.decode()


def test_unit_asking_for_another_units_letters_gets_none(login, letters):
    assert login("dong_van").get("/api/letters", {"unit": "HG-TP"}).json() == []


def test_letters_of_another_contest_are_not_listed(login, letters, contest_2022, units):
    OfficialLetterFactory(contest=contest_2022, unit=units["HG-DV"], number="1-CV/BCĐ35")
    numbers = {letter["number"] for letter in login("dong_van").get("/api/letters").json()}
    assert "1-CV/BCĐ35" not in numbers
    old = login("dong_van").get("/api/letters?contest=sc35-2022").json()
    assert [letter["number"] for letter in old] == ["1-CV/BCĐ35"]


def test_staff_list_every_units_letters_or_one_units(login, letters):
    secretary = login("secretary")
    assert len(secretary.get("/api/letters").json()) == 4
    only = secretary.get("/api/letters", {"unit": "HG-TP"}).json()
    assert [letter["number"] for letter in only] == ["45-CV/BCĐ35"]
    assert secretary.get(f"/api/letters/{letters['theirs'].pk}").status_code == 200


@pytest.mark.parametrize("letter_id", ["abc", "0", "-1", str(2**64)])
def test_odd_letter_ids_are_a_422_not_a_500(login, letters, letter_id):
    response = login("dong_van").get(f"/api/letters/{letter_id}")
    assert response.status_code == 422
    assert "letter_id" in response.json()["problems"]


def test_listing_letters_takes_the_same_number_of_queries_for_few_or_many(
    login, letters, open_contest, units, django_assert_max_num_queries
):
    client = login("dong_van")
    with django_assert_max_num_queries(15) as few:
        client.get("/api/letters")
    for n in range(30):
        OfficialLetterFactory(
            contest=open_contest,
            unit=units["HG-DV"],
            number=f"{100 + n}-CV/BCĐ35",
            entries=[
                EntryFactory(contest=open_contest, unit=units["HG-DV"], ref=f"HG-DV-{10 + n}")
            ],
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get("/api/letters").json()) == 33
