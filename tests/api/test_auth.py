"""Who may call the API: a token or a login session, and the role behind it.

Every endpoint refuses an anonymous caller (401); unit endpoints refuse the jury and accounts
without a role (403); the write endpoints are for units only, so the staff get a 403 too.
"""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from clipcontest.accounts.models import ApiToken
from clipcontest.accounts.tokens import issue_token, revoke_tokens
from clipcontest.entries.models import Entry

from .helpers import a_clip

pytestmark = pytest.mark.django_db

READ_URLS = [
    "/api/contest",
    "/api/entries",
    "/api/entries/HG-DV-1",
    "/api/letters",
    "/api/letters/1",
]
UNIT_READ_URLS = ["/api/entries", "/api/entries/HG-DV-1", "/api/letters", "/api/letters/1"]
LINK_CHECK = "/api/links/check?url=https://youtu.be/dQw4w9WgXcQ"
WRITES = [
    ("post", "/api/entries"),
    ("put", "/api/entries/HG-DV-1"),
    ("post", "/api/entries/HG-DV-1/withdraw"),
]


def send(client: Client, method: str, url: str, body: dict | None = None, **headers):
    return getattr(client, method)(
        url, data=json.dumps(body or a_clip()), content_type="application/json", **headers
    )


def assert_bilingual(response, code: str) -> None:
    body = response.json()
    assert body["code"] == code
    assert body["message"]["vi"] and body["message"]["en"]
    assert body["message"]["vi"] != body["message"]["en"]


@pytest.mark.parametrize("url", [*READ_URLS, LINK_CHECK])
def test_anonymous_caller_gets_401_on_every_endpoint(client, open_contest, url):
    response = client.get(url)
    assert response.status_code == 401
    assert_bilingual(response, "not_authenticated")
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(("method", "url"), WRITES)
def test_anonymous_write_gets_401_and_stores_nothing(client, open_contest, method, url):
    response = send(client, method, url)
    assert response.status_code == 401
    assert not Entry.objects.exists()


def test_bearer_token_authenticates_and_records_when_it_was_used(accounts, open_contest):
    token = issue_token(accounts["dong_van"], "laptop")
    assert ApiToken.objects.get().last_used_at is None
    response = Client().get("/api/entries", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    assert response.json() == []
    assert ApiToken.objects.get().last_used_at is not None


def test_bearer_token_may_write_without_csrf(accounts, open_contest):
    token = issue_token(accounts["dong_van"], "script")
    client = Client(enforce_csrf_checks=True)
    response = send(client, "post", "/api/entries", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 201, response.content
    assert response.json()["ref"] == "HG-DV-1"


def test_revoked_token_gets_401(accounts, open_contest):
    token = issue_token(accounts["dong_van"], "laptop")
    assert revoke_tokens(accounts["dong_van"], "laptop") == 1
    response = Client().get("/api/entries", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 401
    assert_bilingual(response, "token_invalid")


def test_wrong_token_gets_401_even_with_a_valid_session(login, open_contest):
    client = login("dong_van")
    response = client.get("/api/entries", HTTP_AUTHORIZATION="Bearer cc_made-up")
    assert response.status_code == 401
    assert_bilingual(response, "token_invalid")


def test_token_of_a_deactivated_user_gets_401(accounts, open_contest):
    token = issue_token(accounts["dong_van"], "laptop")
    get_user_model().objects.filter(username="dongvan").update(is_active=False)
    response = Client().get("/api/entries", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 401


def test_session_reads_without_csrf(login, open_contest):
    assert login("dong_van", enforce_csrf_checks=True).get("/api/entries").status_code == 200


def test_session_write_without_csrf_token_gets_403_and_stores_nothing(login, open_contest):
    client = login("dong_van", enforce_csrf_checks=True)
    response = send(client, "post", "/api/entries")
    assert response.status_code == 403
    assert_bilingual(response, "csrf_failed")
    assert not Entry.objects.exists()


def test_session_write_with_csrf_token_succeeds(login, open_contest):
    client = login("dong_van", enforce_csrf_checks=True)
    client.get("/accounts/login/")  # sets the csrftoken cookie, as any portal page does
    token = client.cookies["csrftoken"].value
    response = send(client, "post", "/api/entries", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 201, response.content


@pytest.mark.parametrize("url", [*UNIT_READ_URLS, LINK_CHECK])
def test_jury_member_gets_403_on_unit_endpoints(login, open_contest, url):
    response = login("jury").get(url)
    assert response.status_code == 403
    assert response.json()["code"] in {"not_allowed", "units_only"}


@pytest.mark.parametrize(("method", "url"), WRITES)
def test_jury_member_gets_403_on_writes_whatever_the_body(login, open_contest, method, url):
    response = send(login("jury"), method, url, {"title": 5})
    assert response.status_code == 403
    assert_bilingual(response, "units_only")


@pytest.mark.parametrize("url", [*UNIT_READ_URLS, LINK_CHECK])
def test_account_without_a_role_gets_403_on_unit_endpoints(open_contest, url):
    user = get_user_model().objects.create_user("nobody", password="x")
    client = Client()
    client.force_login(user)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize(("method", "url"), WRITES)
def test_staff_get_403_on_writes_because_units_enter_their_own_clips(
    login, open_contest, method, url
):
    for name in ("secretary", "organiser"):
        response = send(login(name), method, url)
        assert response.status_code == 403
        assert_bilingual(response, "units_only")
    assert not Entry.objects.exists()


def test_staff_get_403_on_the_link_check_which_speaks_for_a_unit(login, open_contest):
    response = login("secretary").get(LINK_CHECK)
    assert response.status_code == 403


def test_every_signed_in_role_reads_the_contest(login, open_contest):
    for name in ("dong_van", "secretary", "jury"):
        assert login(name).get("/api/contest").status_code == 200
