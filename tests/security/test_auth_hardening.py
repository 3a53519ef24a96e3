"""Sessions expire; logins, logouts and failed logins are audited; repeated failures lock out.

Each failure is recorded with the name typed and the address it came from, whether or not the
account exists, and nothing a visitor types can make the audit log fail.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.utils import timezone
from freezegun import freeze_time

from clipcontest.accounts import sessions
from clipcontest.accounts.models import Role
from clipcontest.accounts.services import ensure_account
from clipcontest.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
PASSWORD = "Mèo-Vạc-2022!"


@pytest.fixture
def secretary_account(db):
    return ensure_account(username="thuky", password=PASSWORD, role=Role.SECRETARY)


def log_in(client: Client, username: str = "thuky", password: str = PASSWORD, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def logged_in(client: Client) -> bool:
    return SESSION_KEY in client.session


# --- how long a session lasts ---


def test_a_login_lasts_one_working_day_at_most_and_ends_with_the_browser():
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_HTTPONLY is True
    assert settings.CLIPCONTEST_SESSION_IDLE_SECONDS == 3600


def test_the_session_cookie_is_a_browser_session_cookie(client, secretary_account):
    response = log_in(client)

    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] and not cookie["max-age"] and not cookie["expires"]


def age_session(client: Client, key: str, seconds: float) -> None:
    session = client.session
    session[key] = session[key] - seconds
    session.save()


def test_a_session_idle_longer_than_an_hour_is_ended(client, secretary_account):
    log_in(client)
    age_session(client, sessions.SEEN_AT, 3601)

    response = client.get("/en/accounts/units/", follow=True)

    assert not logged_in(client)
    assert response.redirect_chain[0][0].startswith("/en/accounts/login/")
    assert "Your session has expired" in response.content.decode()
    event = AuditEvent.objects.get(action="auth.logout_forced")
    assert event.after["why"] == "idle" and event.actor == secretary_account


def test_a_session_in_use_ends_after_eight_hours_all_the_same(client, secretary_account):
    log_in(client)
    age_session(client, sessions.AUTH_AT, 8 * 3600 + 1)

    client.get("/accounts/units/")

    assert not logged_in(client)
    assert AuditEvent.objects.get(action="auth.logout_forced").after["why"] == "max_age"


def test_a_session_in_use_stays_and_its_idle_clock_restarts(client, secretary_account):
    log_in(client)
    age_session(client, sessions.SEEN_AT, 3500)

    assert client.get("/accounts/units/").status_code == 200
    assert client.get("/accounts/units/").status_code == 200
    assert logged_in(client)
    assert not AuditEvent.objects.filter(action="auth.logout_forced").exists()


# --- the audit log ---


def test_login_and_logout_are_audited_with_the_address(client, secretary_account):
    log_in(client, REMOTE_ADDR="203.0.113.7")
    client.post("/accounts/logout/", REMOTE_ADDR="203.0.113.7")

    login = AuditEvent.objects.get(action="auth.login")
    logout = AuditEvent.objects.get(action="auth.logout")
    assert login.actor == logout.actor == secretary_account
    assert login.after == {"ip": "203.0.113.7", "two_factor": False}
    assert logout.after == {"ip": "203.0.113.7"}


def test_a_wrong_password_is_audited_with_the_name_typed_and_the_address(client, secretary_account):
    log_in(client, password="sai", REMOTE_ADDR="198.51.100.4")

    event = AuditEvent.objects.get(action="auth.login_failed")
    assert event.actor is None
    assert (event.object_type, event.object_id) == ("auth.user", str(secretary_account.pk))
    assert event.after == {"username": "thuky", "ip": "198.51.100.4", "locked_out": False}


def test_a_login_to_an_unknown_account_is_audited_under_the_name_typed(client, db):
    log_in(client, username="admin", password="admin")

    event = AuditEvent.objects.get(action="auth.login_failed")
    assert (event.object_type, event.object_id) == ("UnknownAccount", "admin")


@pytest.mark.parametrize(
    "typed",
    ["x" * 10_000, "<script>alert(1)</script>", "thu\u202eky", "' OR 1=1 --"],
)
def test_hostile_usernames_are_refused_and_audited_without_a_server_error(client, db, typed):
    response = log_in(client, username=typed, password="x")

    assert response.status_code == 200
    event = AuditEvent.objects.get(action="auth.login_failed")
    assert len(event.object_id) <= 60 and event.after["username"] == typed[:150]


def test_a_username_with_a_nul_byte_is_refused_before_any_lookup(client, db):
    response = log_in(client, username="tên\x00rỗng", password="x")

    assert response.status_code == 400 and not logged_in(client)
    assert "not accepted" in response.content.decode()
    assert not AuditEvent.objects.exists()


def test_a_test_clients_force_login_is_not_a_login_over_http(secretary_account):
    Client().force_login(secretary_account)

    assert not AuditEvent.objects.filter(action="auth.login").exists()


# --- throttling (django-axes) ---


def test_five_failures_lock_the_login_and_the_lockout_is_audited_once(client, secretary_account):
    for _ in range(5):
        response = log_in(client, password="sai")
    assert response.status_code == 429

    response = log_in(client)  # the right password, during the pause
    assert response.status_code == 429
    assert not logged_in(client)

    lockouts = AuditEvent.objects.filter(action="auth.locked_out")
    assert lockouts.count() == 1
    assert lockouts.get().after == {"username": "thuky", "ip": "127.0.0.1", "failures": 5}
    failures = AuditEvent.objects.filter(action="auth.login_failed")
    assert failures.count() == 6 and failures.filter(after__locked_out=True).count() == 2


@pytest.mark.parametrize(
    ("prefix", "words"),
    [
        ("", "Có thể thử lại sau 15 phút."),
        ("/en", "You can try again in 15 minutes."),
    ],
)
def test_the_lockout_says_when_to_try_again_in_the_pages_language(
    client, secretary_account, prefix, words
):
    for _ in range(5):
        client.post(prefix + LOGIN, {"username": "thuky", "password": "sai"})

    response = client.post(prefix + LOGIN, {"username": "thuky", "password": PASSWORD})

    html = response.content.decode()
    assert response.status_code == 429 and 'id="locked-out"' in html
    assert words in html


def test_a_lockout_ends_after_the_pause(client, secretary_account, settings):
    """Locked for the cool-off (a quarter of an hour by default), then let in again."""
    for _ in range(5):
        log_in(client, password="sai")
    assert log_in(client).status_code == 429

    later = timezone.now() + timedelta(hours=settings.AXES_COOLOFF_TIME, minutes=1)
    with freeze_time(later):
        response = log_in(client)

    assert response.status_code == 302 and logged_in(client)
