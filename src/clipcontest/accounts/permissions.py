"""Who may see and change what: one gate per kind of object, used by every page and API call.

A unit representative acts for one unit only. Every query that a unit's page or API call makes
goes through these functions, so changing an id in a URL by hand finds nothing (404) rather
than another unit's data.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from clipcontest.units.models import Unit

from .models import Profile, Role

STAFF_ROLES = frozenset({Role.ORGANISER, Role.SECRETARY})


def profile_of(user: Any) -> Profile | None:
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.profile
    except Profile.DoesNotExist:
        return None


def role_of(user: Any) -> Role | None:
    profile = profile_of(user)
    return Role(profile.role) if profile else None


def unit_of(user: Any) -> Unit | None:
    """The unit a representative acts for; None for everybody else."""
    profile = profile_of(user)
    if profile is None or profile.role != Role.UNIT_REPRESENTATIVE:
        return None
    return profile.unit


def is_staff_member(user: Any) -> bool:
    """Organisers and the secretariat run the contest; superusers count as organisers."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    return role_of(user) in STAFF_ROLES


def _gate(allowed: Callable[[Any], bool]) -> Callable:
    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not allowed(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def unit_representative_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Only a unit's representative; the view finds its unit as ``request.unit``."""

    @_gate(lambda user: unit_of(user) is not None)
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        request.unit = unit_of(request.user)
        return view(request, *args, **kwargs)

    return wrapper


def _staff_gate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """With ``CLIPCONTEST_REQUIRE_2FA_FOR_STAFF``, staff pages open only after a code login."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if getattr(settings, "CLIPCONTEST_REQUIRE_2FA_FOR_STAFF", False):
            verified = getattr(request.user, "is_verified", None)
            if not (callable(verified) and verified()):
                messages.warning(
                    request,
                    _("Turn on two-factor login to open the organisers' pages."),
                )
                return redirect("accounts:two-factor")
        return view(request, *args, **kwargs)

    return wrapper


def staff_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Organisers and the secretariat (and, when required, only after a code login)."""
    return _gate(is_staff_member)(_staff_gate(view))
