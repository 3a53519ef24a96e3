"""Who is calling: an API token (``Authorization: Bearer cc_…``) or the portal's login session.

A token in the header decides on its own: a wrong or revoked one is a 401 even when the browser
also holds a session. A session is checked for CSRF on unsafe methods, because a browser sends
its cookie with requests that other sites make; a token is not, because no other site can make
the browser send it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from clipcontest.accounts.permissions import is_staff_member, unit_of
from clipcontest.accounts.tokens import user_for_token
from clipcontest.units.models import Unit

from .errors import CSRF_FAILED, NOT_ALLOWED, TOKEN_INVALID, UNITS_ONLY, ApiError

Gate = Callable[[Any], None]  # raises ApiError when the user may not use the endpoint


class TokenAuth(HttpBearer):
    def __init__(self, gate: Gate | None = None) -> None:
        super().__init__()
        self.gate = gate

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_token(token.strip())
        if user is None:
            raise ApiError(401, "token_invalid", TOKEN_INVALID)
        return _admitted(user, self.gate)


class SessionAuth(APIKeyCookie):
    """The portal's login, with Django's CSRF check for POST, PUT, PATCH and DELETE."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self, gate: Gate | None = None) -> None:
        # ``csrf`` tells ninja's docs page to send the token; the check itself is below, so
        # that an anonymous request gets a 401 rather than a CSRF failure.
        super().__init__(csrf=True)
        self.gate = gate

    def _get_key(self, request: HttpRequest) -> str | None:
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        exempt = getattr(request, "_ninja_csrf_exempt", False)
        if not exempt and check_csrf(request) is not None:
            raise ApiError(403, "csrf_failed", CSRF_FAILED)
        return _admitted(user, self.gate)


@dataclass(frozen=True)
class Caller:
    """The authenticated user and what they act as: a unit, the organisers' staff, or neither."""

    user: Any
    unit: Unit | None
    staff: bool


def caller_of(user: Any) -> Caller:
    """What the user acts as; views pass ``request.auth``, set whichever way they logged in."""
    unit = unit_of(user)
    return Caller(user=user, unit=unit, staff=unit is None and is_staff_member(user))


def units_only(user: Any) -> None:
    """Only a unit's representative writes (staff writing for a unit is not offered here)."""
    if caller_of(user).unit is None:
        raise ApiError(403, "units_only", UNITS_ONLY)


def readers_only(user: Any) -> None:
    """A unit reads its own things, the staff read everybody's; jury and others nothing."""
    caller = caller_of(user)
    if caller.unit is None and not caller.staff:
        raise ApiError(403, "not_allowed", NOT_ALLOWED)


def _admitted(user: Any, gate: Gate | None) -> Any:
    # The role is checked with the credentials, before ninja reads the body, so that a jury
    # member gets a 403 whatever they send, not a list of problems with their input.
    if gate is not None:
        gate(user)
    return user


ANYONE = [TokenAuth(), SessionAuth()]
READERS = [TokenAuth(readers_only), SessionAuth(readers_only)]
UNITS = [TokenAuth(units_only), SessionAuth(units_only)]
