"""Logging in and out: each role lands on its home page; wrong passwords are throttled."""

from __future__ import annotations

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client

from clipcontest.accounts.views import home_url_for

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def logged_in_user_id(client: Client) -> str | None:
    return client.session.get(SESSION_KEY)


def test_login_page_is_in_vietnamese_and_links_to_forgot_password(client):
    response = client.get(LOGIN)

    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="vi"' in html
    assert "Tên đăng nhập" in html and "Mật khẩu" in html
    assert 'id="id_username"' in html and 'id="id_password"' in html
    assert 'href="/accounts/password_reset/"' in html


def test_organiser_logs_in_and_lands_on_the_organisers_page(client, organiser, password):
    response = client.post(LOGIN, {"username": "bantochuc", "password": password})

    assert response.status_code == 302
    assert response.url == "/organiser/"
    assert logged_in_user_id(client) == str(organiser.pk)


def test_unit_representative_logs_in_and_lands_on_the_unit_portal(client, representative, password):
    response = client.post(LOGIN, {"username": "donvi.dongvan", "password": password})

    assert response.url == "/unit/"
    assert logged_in_user_id(client) == str(representative.pk)


@pytest.mark.parametrize(
    ("role", "home"), [("secretary", "/organiser/"), ("jury_member", "/jury/")]
)
def test_secretary_lands_on_the_organisers_page_and_jury_on_their_clips(
    client, request, role, home, password
):
    user = request.getfixturevalue(role)

    response = client.post(LOGIN, {"username": user.username, "password": password})

    assert response.url == home


def test_login_in_english_lands_on_the_english_page(client, organiser, password):
    response = client.post("/en" + LOGIN, {"username": "bantochuc", "password": password})

    assert response.url == "/en/organiser/"


def test_login_follows_a_next_page_on_this_site(client, organiser, password):
    response = client.post(
        LOGIN, {"username": "bantochuc", "password": password, "next": "/accounts/units/"}
    )

    assert response.url == "/accounts/units/"


def test_login_ignores_a_next_page_on_another_site(client, representative, password):
    response = client.post(
        LOGIN,
        {"username": "donvi.dongvan", "password": password, "next": "https://evil.example/"},
    )

    assert response.url == "/unit/"


def test_home_url_of_a_user_without_a_role_is_the_contest_page(django_user_model):
    user = django_user_model.objects.create_user("khach", password="x-y-z-2022")

    assert home_url_for(user) == "/"


def test_wrong_password_is_refused_with_a_message(client, organiser):
    response = client.post(LOGIN, {"username": "bantochuc", "password": "sai-mat-khau"})

    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()
    assert logged_in_user_id(client) is None


def test_logout_needs_a_post_and_ends_the_session(client, organiser, password):
    client.post(LOGIN, {"username": "bantochuc", "password": password})

    assert client.get("/accounts/logout/").status_code == 405
    assert logged_in_user_id(client) == str(organiser.pk)

    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    assert response.url == "/"
    assert logged_in_user_id(client) is None


# --- throttling (django-axes: 5 failures per username and address, then 15 minutes' pause) ---


def fail_to_log_in(client: Client, username: str, times: int) -> None:
    for _ in range(times):
        client.post(LOGIN, {"username": username, "password": "sai-mat-khau"})


def test_four_wrong_passwords_do_not_lock_the_account(client, organiser, password):
    fail_to_log_in(client, "bantochuc", 4)

    response = client.post(LOGIN, {"username": "bantochuc", "password": password})

    assert response.status_code == 302
    assert logged_in_user_id(client) == str(organiser.pk)


def test_sixth_attempt_after_five_wrong_passwords_is_locked_out_even_with_the_right_password(
    client, organiser, password
):
    fail_to_log_in(client, "bantochuc", 5)

    response = client.post(LOGIN, {"username": "bantochuc", "password": password})

    assert response.status_code == 429
    assert logged_in_user_id(client) is None
    html = response.content.decode()
    assert '<html lang="vi"' in html
    assert 'id="locked-out"' in html
    assert "15" in html
    assert 'href="/accounts/password_reset/"' in html


def test_locked_out_page_says_in_plain_words_when_to_try_again(client, organiser, password):
    fail_to_log_in(client, "bantochuc", 5)

    response = client.post("/en" + LOGIN, {"username": "bantochuc", "password": password})

    html = response.content.decode()
    assert response.status_code == 429
    assert "Too many failed attempts" in html
    assert "You can try again in 15 minutes." in html
    assert "bantochuc" in html


def test_lockout_of_one_username_does_not_lock_out_another(
    client, organiser, representative, password
):
    fail_to_log_in(client, "bantochuc", 5)

    response = client.post(LOGIN, {"username": "donvi.dongvan", "password": password})

    assert response.status_code == 302
    assert logged_in_user_id(client) == str(representative.pk)
