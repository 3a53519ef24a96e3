"""``GET /api/links/check``: what a unit is told about a link while it types it."""

from __future__ import annotations

import pytest

from .helpers import VIDEO, enter, problems

pytestmark = pytest.mark.django_db


def test_link_check_recognises_a_link(dong_van, open_contest):
    response = dong_van.get("/api/links/check", {"url": "youtu.be/dQw4w9WgXcQ?si=abc"})
    assert response.status_code == 200
    assert response.json() == {
        "url": "youtu.be/dQw4w9WgXcQ?si=abc",
        "valid": True,
        "platform": "youtube",
        "video_id": "dQw4w9WgXcQ",
        "canonical_url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "error": None,
        "already_entered_as": None,
        "entered_by_other_units": 0,
    }


def test_link_check_explains_a_bad_link_in_both_languages(dong_van, open_contest):
    checked = dong_van.get("/api/links/check", {"url": "https://vimeo.com/123"}).json()
    assert checked["valid"] is False
    assert checked["error"]["code"] == "unsupported_platform"
    assert set(checked["error"]["message"]) == {"vi", "en"}


def test_link_check_names_the_units_own_clip_and_counts_the_others(
    dong_van, thanh_pho, open_contest
):
    enter(thanh_pho)
    before = dong_van.get("/api/links/check", {"url": VIDEO}).json()
    assert (before["already_entered_as"], before["entered_by_other_units"]) == (None, 1)
    ref = enter(dong_van)["ref"]
    after = dong_van.get("/api/links/check", {"url": VIDEO}).json()
    assert (after["already_entered_as"], after["entered_by_other_units"]) == (ref, 1)


def test_link_check_needs_a_url(dong_van, open_contest):
    assert "url" in problems(dong_van.get("/api/links/check"))
