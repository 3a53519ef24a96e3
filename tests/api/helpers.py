"""What the API tests share: a valid clip, requests with a JSON body, and checks of the answers."""

from __future__ import annotations

import json

from django.test import Client

from clipcontest.entries.models import Entry

VIDEO = "https://youtu.be/dQw4w9WgXcQ"
OTHER_VIDEO = "https://www.youtube.com/watch?v=aB3dE5fG7hI"


def a_clip(**changes) -> dict:
    clip = {
        "title": "Tin giả về giá điện: sự thật là gì?",
        "url": VIDEO,
        "genre": "comedy",
        "theme": "refute_false_information",
        "authors": [
            {"name": "Nguyễn Thị Lan", "category": "party_member"},
            {"name": "Trần Văn Hùng"},
        ],
        "rights_confirmed": True,
    }
    return {**clip, **changes}


def post(client: Client, url: str, body: object = None, **extra):
    data = body if isinstance(body, str) else json.dumps(a_clip() if body is None else body)
    return client.post(url, data=data, content_type="application/json", **extra)


def put(client: Client, url: str, body: object):
    return client.put(url, data=json.dumps(body), content_type="application/json")


def enter(client: Client, **changes) -> dict:
    response = post(client, "/api/entries", a_clip(**changes))
    assert response.status_code == 201, response.content
    return response.json()


def problems(response) -> dict[str, dict[str, str]]:
    assert response.status_code == 422, response.content
    found = response.json()["problems"]
    for name, message in found.items():
        assert set(message) == {"vi", "en"}, name
        assert message["vi"] and message["en"], name
    return found


def snapshot(ref: str) -> dict:
    entry = Entry.objects.get(ref=ref)
    return {
        "title": entry.title,
        "url": entry.url,
        "withdrawn_at": entry.withdrawn_at,
        "authors": entry.author_names,
        "updated_at": entry.updated_at,
    }
