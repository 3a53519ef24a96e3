"""Accounts of every role, and the steps a person takes with an e-mailed link."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.contrib.auth.models import AbstractUser
from django.test import Client

from clipcontest.accounts.models import Role
from clipcontest.accounts.services import ensure_account
from clipcontest.units.models import Unit

PASSWORD = "Ha-Giang-2022!"
NEW_PASSWORD = "Dong-Van-moi-2022"

LINK = re.compile(r"https?://\S+")


@pytest.fixture(autouse=True)
def fast_password_hashing(settings) -> None:
    """Hashing is meant to be slow; these tests hash many passwords and test no hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def organiser(db) -> AbstractUser:
    return ensure_account(
        username="bantochuc",
        password=PASSWORD,
        role=Role.ORGANISER,
        full_name="Nguyễn Văn Tổ Chức",
        email="bantochuc@example.vn",
    )


@pytest.fixture
def secretary(db) -> AbstractUser:
    return ensure_account(username="thuky", password=PASSWORD, role=Role.SECRETARY)


@pytest.fixture
def jury_member(db) -> AbstractUser:
    return ensure_account(username="giamkhao", password=PASSWORD, role=Role.JURY_MEMBER)


@pytest.fixture
def representative(units: dict[str, Unit]) -> AbstractUser:
    """Đồng Văn's representative, with a password of their own (an account in use)."""
    return ensure_account(
        username="donvi.dongvan",
        password=PASSWORD,
        role=Role.UNIT_REPRESENTATIVE,
        email="bcd35.dongvan@example.vn",
        unit=units["HG-DV"],
    )


@pytest.fixture
def password() -> str:
    """The password of the accounts above."""
    return PASSWORD


@pytest.fixture
def new_password() -> str:
    return NEW_PASSWORD


def _client_for(user: AbstractUser) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def client_for() -> Callable[[AbstractUser], Client]:
    """A browser of its own, logged in as the given user."""
    return _client_for


@pytest.fixture
def organiser_client(organiser) -> Client:
    return _client_for(organiser)


def _link_in(body: str) -> str:
    match = LINK.search(body)
    assert match, body
    return match.group(0)


@pytest.fixture
def link_in() -> Callable[[str], str]:
    """The first link of an e-mail's text."""
    return _link_in


@pytest.fixture
def choose_password() -> Callable[..., tuple[Client, object]]:
    """Open an e-mailed link in a fresh browser and choose a password; returns (client, response).

    Django first swaps the token in the address for ``set-password`` (so it does not leak
    through the Referer header), then shows the form.
    """

    def choose(link: str, password: str = NEW_PASSWORD, client: Client | None = None):
        client = client or Client()
        opened = client.get(link)
        assert opened.status_code == 302, opened
        form_url = opened.url
        page = client.get(form_url)
        assert page.status_code == 200
        assert page.context["validlink"], "the link was refused"
        response = client.post(form_url, {"new_password1": password, "new_password2": password})
        return client, response

    return choose
