"""Fixtures for the REST API: a contest open today, one account per role, clients that log in.

The 2022 contest closed long ago, so a test that enters clips uses ``open_contest``: the same
rules file with its window moved around today, loaded the way ``clipcontest contest load`` does.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import timezone
from factories import RULES_2022

from clipcontest.accounts.models import Role
from clipcontest.accounts.services import ensure_account
from clipcontest.contests.models import Contest
from clipcontest.contests.practice import shift_window
from clipcontest.contests.rules_file import parse_rules
from clipcontest.contests.services import load_contest

from .helpers import OTHER_VIDEO, enter

OPEN_SLUG = "sc35-open"
PASSWORD = "a long enough test password"


@pytest.fixture(autouse=True)
def tasks_do_nothing(settings):
    """Entering a clip queues its fetch on commit; the fetcher itself is tested elsewhere."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Five accounts per test: the real hasher would spend seconds on passwords nobody types."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def rules_open_around_today() -> str:
    """The 2022 plan open today (``shift_window``), under a slug of its own."""
    text = shift_window(RULES_2022.read_text(encoding="utf-8"), today=timezone.localdate())
    return re.sub(r"(?m)^slug = .*$", f'slug = "{OPEN_SLUG}"', text, count=1)


@pytest.fixture
def open_contest(db) -> Contest:
    """The 2022 plan with its window from 30 days ago to 30 days from now."""
    return load_contest(parse_rules(rules_open_around_today())).contest


@pytest.fixture
def accounts(units) -> dict[str, object]:
    """One user per kind of caller, by name."""
    return {
        "dong_van": ensure_account(
            username="dongvan",
            password=PASSWORD,
            role=Role.UNIT_REPRESENTATIVE,
            unit=units["HG-DV"],
        ),
        "thanh_pho": ensure_account(
            username="thanhpho",
            password=PASSWORD,
            role=Role.UNIT_REPRESENTATIVE,
            unit=units["HG-TP"],
        ),
        "secretary": ensure_account(username="secretary", password=PASSWORD, role=Role.SECRETARY),
        "organiser": ensure_account(username="organiser", password=PASSWORD, role=Role.ORGANISER),
        "jury": ensure_account(username="jury", password=PASSWORD, role=Role.JURY_MEMBER),
    }


@pytest.fixture
def login(accounts):
    """``login("dong_van")``: a test client with that account's session."""

    def logged_in(name: str, *, enforce_csrf_checks: bool = False) -> Client:
        client = Client(enforce_csrf_checks=enforce_csrf_checks)
        client.force_login(accounts[name])
        return client

    return logged_in


@pytest.fixture
def dong_van(login) -> Client:
    return login("dong_van")


@pytest.fixture
def thanh_pho(login) -> Client:
    return login("thanh_pho")


@pytest.fixture
def their_clip(thanh_pho, open_contest) -> str:
    """A clip of the other unit (HG-TP) in the open contest."""
    return enter(thanh_pho, url=OTHER_VIDEO, title="Sống ảo – hệ lụy thật")["ref"]
