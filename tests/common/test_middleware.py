"""A NUL character never reaches a view: every parameter and JSON body that carries one gets a
clear bilingual 400 and nothing is stored (PostgreSQL cannot even store it)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from clipcontest.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_a_nul_in_the_query_string_is_refused(client):
    response = client.get("/", {"q": "a\x00b"})

    assert response.status_code == 400
    text = response.content.decode()
    assert "NUL" in text and "không được chấp nhận" in text and "not accepted" in text


def test_a_nul_in_a_form_field_is_refused_and_nothing_is_written(client):
    users, events = get_user_model().objects.count(), AuditEvent.objects.count()

    response = client.post("/accounts/login/", {"username": "ban\x00tochuc", "password": "x"})

    assert response.status_code == 400
    assert (get_user_model().objects.count(), AuditEvent.objects.count()) == (users, events)


def test_the_api_names_the_field_that_holds_a_nul_instead(client):
    """The REST API's schemas already answer 422 naming the field; the guard leaves JSON alone."""
    response = client.post(
        "/api/entries", data='{"title": "a\\u0000b"}', content_type="application/json"
    )

    assert response.status_code != 400


def test_ordinary_requests_pass(client):
    assert client.get("/", {"q": "Mèo Vạc"}).status_code == 200
    response = client.post("/accounts/login/", {"username": "bantochuc", "password": "sai"})
    assert response.status_code == 200  # the form answers: wrong password
