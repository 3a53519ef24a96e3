"""A contest whose window is open today, two units with their representatives, and staff."""

from __future__ import annotations

import pytest
from django.test import Client
from factories import UnitFactory

from clipcontest.accounts.models import Role
from clipcontest.accounts.services import ensure_account


@pytest.fixture(autouse=True)
def no_background_work(settings):
    """Fetching posts is tested on its own; here the queue only records what was asked."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def unit_a(db):
    return UnitFactory(
        code="HG-MV",
        name="Ban Chỉ đạo 35 Huyện ủy Mèo Vạc",
        place="Mèo Vạc",
        superior_body="HUYỆN ỦY MÈO VẠC",
    )


@pytest.fixture
def unit_b(db):
    return UnitFactory(code="HG-DV", name="Ban Chỉ đạo 35 Huyện ủy Đồng Văn", place="Đồng Văn")


def _client_for(username: str, role: Role, unit=None) -> Client:
    user = ensure_account(username=username, password="mật-khẩu-thử-1", role=role, unit=unit)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def rep_a(unit_a) -> Client:
    return _client_for("hg-mv", Role.UNIT_REPRESENTATIVE, unit_a)


@pytest.fixture
def rep_b(unit_b) -> Client:
    return _client_for("hg-dv", Role.UNIT_REPRESENTATIVE, unit_b)


@pytest.fixture
def organiser(db) -> Client:
    return _client_for("bantochuc", Role.ORGANISER)


@pytest.fixture
def secretary(db) -> Client:
    return _client_for("thuky", Role.SECRETARY)


@pytest.fixture
def jury(db) -> Client:
    return _client_for("giamkhao", Role.JURY_MEMBER)
