"""Input the schema refuses: a 422 naming the field in both languages (a 400 for non-JSON).

Nothing reaches the services, nothing is stored, and nothing ends in a 500.
"""

from __future__ import annotations

import pytest

from clipcontest.entries.models import Entry

from .helpers import a_clip, post, problems

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("changes", "field", "english"),
    [
        ({"title": 5}, "title", "Must be a string."),
        ({"title": "x" * 501}, "title", "Longer than 500 characters."),
        ({"url": "https://youtu.be/" + "a" * 2040}, "url", "Longer than 2048 characters."),
        ({"title": "nul\x00byte"}, "title", "Must not contain the NUL character."),
        ({"authors": [{"name": "A"}] * 21}, "authors", "More than 20 items."),
        ({"authors": [{"name": "A" * 201}]}, "authors[0].name", "Longer than 200 characters."),
        ({"authors": "Nguyễn Thị Lan"}, "authors", "Must be a list."),
        ({"authors": [{"name": "A", "age": 40}]}, "authors[0].age", "This field is not part"),
        ({"duration_seconds": -1}, "duration_seconds", "Must be at least 0."),
        ({"duration_seconds": "abc"}, "duration_seconds", "Must be a number."),
        ({"duration_seconds": "NaN"}, "duration_seconds", "Must be a number."),
        ({"duration_seconds": "1.2345"}, "duration_seconds", "At most 3 digits after"),
        ({"duration_seconds": 10**7}, "duration_seconds", "At most"),
        ({"rights_confirmed": "maybe"}, "rights_confirmed", "Must be true or false."),
        ({"rights_confimed": True}, "rights_confimed", "This field is not part"),
        ({"title": None}, "title", "Must be a string."),
    ],
)
def test_badly_typed_input_is_a_422_naming_the_field(
    dong_van, open_contest, changes, field, english
):
    found = problems(post(dong_van, "/api/entries", a_clip(**changes)))
    assert field in found, found
    assert found[field]["en"].startswith(english)
    assert found[field]["vi"] != found[field]["en"]
    assert not Entry.objects.exists()


def test_missing_fields_are_a_422(dong_van, open_contest):
    found = problems(post(dong_van, "/api/entries", {"title": "Chỉ có tên"}))
    assert {"url", "genre", "theme"} <= set(found)
    assert found["url"]["en"] == "This field is missing."


@pytest.mark.parametrize("body", ["[]", '"clip"', "42"])
def test_a_body_that_is_not_an_object_is_a_422(dong_van, open_contest, body):
    problems(post(dong_van, "/api/entries", body))


@pytest.mark.parametrize("body", ["{not json", b"\xff\xfe{}"])
def test_a_body_that_is_not_json_is_a_400_in_both_languages(dong_van, open_contest, body):
    response = dong_van.post("/api/entries", data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "bad_body"
    assert set(response.json()["message"]) == {"vi", "en"}


def test_an_empty_body_is_a_422(dong_van, open_contest):
    response = dong_van.post("/api/entries", data="", content_type="application/json")
    assert response.status_code == 422
