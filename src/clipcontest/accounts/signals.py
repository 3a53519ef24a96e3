"""Logins, logouts, failed logins and lockouts, written to the audit log from Django's signals.

The signals fire from every way in (our login, the code step, the admin's login form, an
invitation link, django-axes' lockout), so listening to them misses none. Only logins over
HTTP are recorded: a test's ``force_login`` or a shell session has no address to record.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from axes.helpers import get_client_ip_address, get_failure_limit
from django.contrib.auth import get_user_model
from django.http import HttpRequest

from clipcontest.audit.services import record

from .sessions import FORCED_LOGOUT
from .two_factor import real_user

# The audit log's object id holds 60 characters; a username typed by anybody may be longer.
_ID_LENGTH = 60
_NAME_LENGTH = 150


@dataclass(frozen=True)
class UnknownAccount:
    """A username that matches no account, as the audit log names the object of a failure."""

    pk: str

    def __str__(self) -> str:
        return self.pk


def _over_http(request: HttpRequest | None) -> bool:
    return request is not None and bool(getattr(request, "method", None))


def _address(request: HttpRequest) -> str:
    return get_client_ip_address(request) or ""


def _typed_name(credentials: dict[str, Any]) -> str:
    name = str(
        credentials.get(get_user_model().USERNAME_FIELD) or credentials.get("username") or ""
    )
    return name.replace("\x00", "")[:_NAME_LENGTH]


def _account_or_name(username: str) -> Any:
    model = get_user_model()
    user = model._default_manager.filter(**{model.USERNAME_FIELD: username}).first()
    return user if user is not None else UnknownAccount(username[:_ID_LENGTH])


def audit_login(sender: object, request: HttpRequest | None, user: Any, **_: Any) -> None:
    if not _over_http(request):
        return
    user = real_user(user)
    record(
        action="auth.login",
        obj=user,
        actor=user,
        after={
            "ip": _address(request),
            "two_factor": getattr(user, "otp_device", None) is not None,
        },
    )


def audit_logout(sender: object, request: HttpRequest | None, user: Any, **_: Any) -> None:
    if user is None or not _over_http(request):
        return
    user = real_user(user)
    forced = getattr(request, FORCED_LOGOUT, None)
    record(
        action="auth.logout_forced" if forced else "auth.logout",
        obj=user,
        actor=user,
        after={"ip": _address(request), **({"why": forced} if forced else {})},
    )


def audit_login_failed(
    sender: object, credentials: dict[str, Any], request: HttpRequest | None = None, **_: Any
) -> None:
    """A wrong password, or (``otp_token`` among the credentials) a wrong code."""
    if not _over_http(request):
        return
    username = _typed_name(credentials)
    record(
        action="auth.2fa_failed" if "otp_token" in credentials else "auth.login_failed",
        obj=_account_or_name(username),
        after={
            "username": username,
            "ip": _address(request),
            "locked_out": bool(getattr(request, "axes_locked_out", False)),
        },
    )


def audit_lockout(
    sender: object, request: HttpRequest | None, username: str | None, ip_address: str, **_: Any
) -> None:
    """django-axes' ``user_locked_out``: recorded once, when the failure that locks comes in.

    axes sends it again for every attempt refused during the pause (each one is already
    recorded as a failed login), so only the attempt that reaches the limit is recorded here.
    """
    if not _over_http(request):
        return
    failures = getattr(request, "axes_failures_since_start", None)
    credentials = getattr(request, "axes_credentials", None)
    if failures != get_failure_limit(request, credentials):
        return
    name = (username or "").replace("\x00", "")[:_NAME_LENGTH]
    record(
        action="auth.locked_out",
        obj=_account_or_name(name),
        after={"username": name, "ip": ip_address or "", "failures": failures},
    )


def axes_username(request: HttpRequest | None, credentials: dict[str, Any] | None) -> str:
    """The username django-axes counts failures under, cut to what its column holds.

    Anybody can type 10,000 characters in the login form; axes stores the name as typed in a
    255-character column, which PostgreSQL refuses (a server error) where SQLite does not. No
    account name is longer than 150 characters, so the cut never merges two real accounts.
    """
    typed = _typed_name(credentials or {})
    if not typed and request is not None:
        typed = request.POST.get("username", "")
    return typed[:150]
