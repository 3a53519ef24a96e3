"""How long a login lasts, and the login's second step (the code from the authenticator app).

A login with two-factor is two requests: the password makes a *pending* login (kept in the
anonymous session for five minutes, nobody logged in yet), the code finishes it. Until then
``request.user`` is anonymous everywhere, so no page, fragment or API call can be reached with
the password alone.

Every login then has two clocks: at most ``SESSION_COOKIE_AGE`` from the login (a working day),
and at most ``CLIPCONTEST_SESSION_IDLE_SECONDS`` between two requests. Django slides the
session's expiry on every save, so the limit from the login is kept here, not by Django.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, get_user_model, logout
from django.contrib.auth import login as auth_login
from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from .two_factor import has_two_factor

AUTH_AT = "clipcontest_auth_at"
SEEN_AT = "clipcontest_seen_at"
NEEDS_CODE = "clipcontest_needs_code"
PENDING = "clipcontest_pending_login"
PENDING_SECONDS = 300
# The idle clock is written at most once a minute, not on every request.
SEEN_RESOLUTION = 60
# Set on the request when the site ends a session itself; the audit log says why.
FORCED_LOGOUT = "clipcontest_forced_logout"


@dataclass(frozen=True)
class PendingLogin:
    user: AbstractBaseUser
    backend: str
    next_url: str


def start_second_step(request: HttpRequest, user: AbstractBaseUser, next_url: str) -> None:
    """The password was right: remember who is logging in until the code is typed."""
    request.session[PENDING] = {
        "user": user.pk,
        "backend": user.backend,
        "next": next_url,
        "at": time.time(),
    }


def pending_login(request: HttpRequest) -> PendingLogin | None:
    """The login waiting for its code, or None (none started, expired, or account disabled)."""
    data = request.session.get(PENDING)
    if not isinstance(data, dict) or time.time() - float(data.get("at", 0)) > PENDING_SECONDS:
        request.session.pop(PENDING, None)
        return None
    user = get_user_model()._default_manager.filter(pk=data.get("user"), is_active=True).first()
    if user is None:
        request.session.pop(PENDING, None)
        return None
    return PendingLogin(user=user, backend=str(data["backend"]), next_url=str(data["next"]))


def finish_login(request: HttpRequest, pending: PendingLogin, device: TOTPDevice) -> None:
    """Log in for real, with the device that produced the code stored in the session.

    django-otp's own ``user_logged_in`` receiver stores ``user.otp_device``, which also tells
    :func:`stamp_login` that this login did pass the second step.
    """
    request.session.pop(PENDING, None)
    pending.user.otp_device = device
    auth_login(request, pending.user, backend=pending.backend)


def stamp_login(sender: object, request: HttpRequest | None, user: AbstractBaseUser, **_) -> None:
    """``user_logged_in``: start both clocks; flag a login that skipped the code.

    Other ways in call Django's ``login()`` too (the admin's own login form, an invitation
    link): for an account with two-factor they must not open a session without the code.
    """
    session = getattr(request, "session", None)
    if session is None:
        return
    now = time.time()
    session[AUTH_AT] = now
    session[SEEN_AT] = now
    if getattr(user, "otp_device", None) is None and has_two_factor(user):
        session[NEEDS_CODE] = True


def expiry_reason(session: object, now: float) -> str | None:
    """Why this logged-in session must end now: ``"no_code"``, ``"max_age"``, ``"idle"``."""
    if session.get(NEEDS_CODE):
        return "no_code"
    started = session.get(AUTH_AT)
    if started is not None and now - float(started) > settings.SESSION_COOKIE_AGE:
        return "max_age"
    seen = session.get(SEEN_AT)
    if seen is not None and now - float(seen) > settings.CLIPCONTEST_SESSION_IDLE_SECONDS:
        return "idle"
    return None


class SessionGuardMiddleware:
    """Ends sessions that are too old, idle too long, or logged in without their code.

    The visitor goes on as anonymous: a public page still shows, a protected one sends them
    to log in, with a message saying why. Installed after the message middleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        # The session's own marker, not request.user: no query for a visitor never logged in.
        if session is not None and SESSION_KEY in session:
            now = time.time()
            reason = expiry_reason(session, now)
            if reason is not None:
                setattr(request, FORCED_LOGOUT, reason)
                logout(request)
                messages.warning(request, _message_for(reason))
            else:
                session.setdefault(AUTH_AT, now)
                if now - float(session.get(SEEN_AT, 0)) > SEEN_RESOLUTION:
                    session[SEEN_AT] = now
        return self.get_response(request)


def _message_for(reason: str) -> str:
    if reason == "no_code":
        return _("This account logs in with a code from the authenticator app. Log in again.")
    return _("Your session has expired. Log in again.")
