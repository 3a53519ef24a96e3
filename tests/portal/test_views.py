"""The public contest page: what a visitor sees, in both languages, at a fixed query cost."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from clipcontest.entries.models import Entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("demo", stdout=io.StringIO())


def test_home_without_a_contest_says_how_to_load_one(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "contest load contests/sc35-2022.toml" in response.content.decode()


def test_home_shows_the_contest_dates_prizes_and_compliance_in_vietnamese(client, demo):
    html = client.get("/").content.decode()
    assert '<html lang="vi"' in html
    assert "Cuộc thi xây dựng video clip" in html
    for text in (
        "01/03/2022",
        "30/06/2022",
        "15/06/2022",
        "Giải Nhất",
        "Giải Khuyến khích",
        "3.000.000 đ",
        "500.000 đ",
        "17.500.000 đ",
        "Miền Cực bắc",
    ):
        assert text in html, text
    assert html.count('<tr data-unit="') == 10


def test_home_in_english_uses_the_english_names(client, demo):
    html = client.get("/en/").content.decode()
    assert '<html lang="en"' in html
    assert "First prize" in html and "Consolation prize" in html
    assert "5 seconds" in html and "10 minutes" in html


def test_contest_page_by_slug_and_unknown_slug(client, demo):
    assert client.get(reverse("portal:contest", args=["sc35-2022"])).status_code == 200
    assert client.get(reverse("portal:contest", args=["no-such-contest"])).status_code == 404


def test_home_page_query_count_does_not_grow_with_the_entries(
    client, demo, django_assert_max_num_queries
):
    with django_assert_max_num_queries(15) as before:
        client.get("/")
    template = Entry.objects.first()
    Entry.objects.bulk_create(
        Entry(
            contest=template.contest,
            unit=template.unit,
            ref=f"BULK-{n}",
            title=f"Clip {n}",
            url=template.url,
            platform=template.platform,
            video_id=f"{n:011d}",
            canonical_url=f"https://www.youtube.com/watch?v={n:011d}",
            genre=template.genre,
            theme=template.theme,
            submitted_at=template.submitted_at,
        )
        for n in range(200)
    )
    with django_assert_max_num_queries(len(before.captured_queries)):
        client.get("/")
