"""The public gallery: only when the rules file turns it on, only eligible clips, only what the
units published (no author, no e-mail), filterable, and as fast with many clips as with few."""

from __future__ import annotations

from decimal import Decimal
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from factories import RULES_2022, EntryFactory, PersonFactory

from clipcontest.contests.models import Contest
from clipcontest.contests.rules_file import parse_rules
from clipcontest.contests.services import load_contest
from clipcontest.entries.models import EntryAuthor

pytestmark = pytest.mark.django_db


@pytest.fixture
def gallery_contest(db) -> Contest:
    """The 2022 rules with ``gallery = true``."""
    text = RULES_2022.read_text(encoding="utf-8").replace("gallery = false", "gallery = true")
    return load_contest(parse_rules(text)).contest


def gallery_url(contest: Contest, **params: str) -> str:
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return reverse("portal:contest-gallery", args=[contest.slug]) + (f"?{query}" if query else "")


def clip(contest: Contest, unit, title: str, **fields):
    entry = EntryFactory(contest=contest, unit=unit, title=title, **fields)
    author = PersonFactory(unit=unit, name=f"Tác giả của {title}")
    EntryAuthor.objects.create(entry=entry, person=author)
    return entry


@pytest.fixture
def clips(gallery_contest, unit_a, unit_b):
    """Two eligible clips of Mèo Vạc, one of Đồng Văn; one too long, one withdrawn."""
    return {
        "comedy": clip(gallery_contest, unit_a, "Hài: tin giả về lũ", genre="comedy"),
        "film": clip(gallery_contest, unit_a, "Phim ngắn về mạng xã hội", genre="short_film"),
        "drama": clip(gallery_contest, unit_b, "Kịch: lời đồn cổng trời", genre="drama"),
        "too_long": clip(gallery_contest, unit_b, "Clip quá dài", duration_seconds=Decimal(700)),
        "withdrawn": clip(gallery_contest, unit_b, "Clip đã rút", withdrawn_at=timezone.now()),
    }


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return unescape(response.content.decode())


def test_the_gallery_is_not_found_when_the_rules_file_keeps_it_off(client, contest_2022):
    assert contest_2022.gallery is False
    assert client.get(gallery_url(contest_2022)).status_code == 404
    contest_page = page(client, reverse("portal:contest", args=[contest_2022.slug]))
    assert gallery_url(contest_2022) not in contest_page


def test_the_contest_page_links_to_the_gallery_when_it_is_on(client, gallery_contest):
    contest_page = page(client, reverse("portal:contest", args=[gallery_contest.slug]))
    assert gallery_url(gallery_contest) in contest_page


def test_the_gallery_shows_the_eligible_clips_only_with_their_players(client, clips):
    html = page(client, gallery_url(clips["comedy"].contest))

    for key in ("comedy", "film", "drama"):
        assert clips[key].title in html
    assert "Clip quá dài" not in html and "Clip đã rút" not in html
    assert f"youtube-nocookie.com/embed/{clips['comedy'].video_id}" in html
    assert html.count("<article") == 3


def test_each_clip_shows_its_unit_platform_and_genre(client, clips):
    html = page(client, gallery_url(clips["drama"].contest, unit="HG-DV"))

    assert "Kịch: lời đồn cổng trời" in html
    assert "Ban Chỉ đạo 35 Huyện ủy Đồng Văn" in html
    assert "YouTube" in html and "Kịch" in html


def test_no_author_name_or_email_reaches_the_public(client, clips, unit_a):
    clips["comedy"].uploader = "Nguyễn Văn Riêng Tư"
    clips["comedy"].save()

    html = page(client, gallery_url(clips["comedy"].contest))

    assert "Tác giả của" not in html
    assert "Nguyễn Văn Riêng Tư" not in html
    assert unit_a.email and unit_a.email not in html
    assert "@example.vn" not in html


def test_filter_by_genre(client, clips):
    html = page(client, gallery_url(clips["film"].contest, genre="short_film"))

    assert "Phim ngắn về mạng xã hội" in html
    assert "Hài: tin giả về lũ" not in html and "Kịch: lời đồn cổng trời" not in html


def test_filter_by_unit(client, clips):
    html = page(client, gallery_url(clips["comedy"].contest, unit="hg-mv"))

    assert "Hài: tin giả về lũ" in html and "Phim ngắn về mạng xã hội" in html
    assert "Kịch: lời đồn cổng trời" not in html


def test_an_unknown_filter_value_shows_every_clip_rather_than_an_error(client, clips):
    html = page(client, gallery_url(clips["comedy"].contest, genre="horror", unit="NOWHERE"))

    assert html.count("<article") == 3


def test_only_units_with_an_eligible_clip_are_offered_as_a_filter(client, gallery_contest, unit_a):
    clip(gallery_contest, unit_a, "Clip hợp lệ duy nhất")

    html = page(client, gallery_url(gallery_contest))

    assert 'value="HG-MV"' in html and 'value="HG-DV"' not in html


def test_the_gallery_is_paginated_and_keeps_the_filter(client, gallery_contest, unit_a):
    for number in range(14):
        clip(gallery_contest, unit_a, f"Clip hài số {number:02d}", genre="comedy")

    first = page(client, gallery_url(gallery_contest, genre="comedy"))
    second = page(client, gallery_url(gallery_contest, genre="comedy", page="2"))

    assert first.count("<article") == 12 and second.count("<article") == 2
    assert "genre=comedy&page=2" in first
    assert "Clip hài số 13" in second and "Clip hài số 13" not in first


def test_the_number_of_queries_does_not_grow_with_the_clips(client, gallery_contest, unit_a):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(gallery_url(gallery_contest)).status_code == 200
        return len(captured)

    for number in range(3):
        clip(gallery_contest, unit_a, f"Clip ít {number}")
    few = queries()
    for number in range(30):
        clip(gallery_contest, unit_a, f"Clip nhiều {number}")
    many = queries()

    assert few == many
    assert many <= 10


def test_a_practice_run_has_no_public_gallery(client, gallery_contest):
    Contest.objects.filter(pk=gallery_contest.pk).update(practice=True)
    assert client.get(gallery_url(gallery_contest)).status_code == 404
