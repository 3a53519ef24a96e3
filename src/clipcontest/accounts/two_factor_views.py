"""Two-factor pages: the code step of the login, turning it on and off, the organisers' reset."""

from __future__ import annotations

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login

from .forms import CodeForm, ResetTwoFactorForm
from .permissions import is_staff_member, staff_required
from .sessions import finish_login, pending_login
from .two_factor import (
    NOT_SIX_DIGITS,
    accounts_with_two_factor,
    check_code,
    confirmed_device,
    disable_two_factor,
    enable_two_factor,
    is_recommended_for,
    is_required_for,
    may_reset,
    qr_data_uri,
    reset_two_factor,
    secret_of,
    setup_device,
)

# What the failed-login signal carries instead of the code typed (the audit log keeps no code).
MASK = "********"


@never_cache
@require_http_methods(["GET", "POST"])
def login_code(request: HttpRequest) -> HttpResponse:
    """The login's second step: the password was right, now the code from the app.

    A wrong code counts as a failed login for django-axes (the same lockout as wrong
    passwords) and is audited; django-otp also slows the device down after each one.
    """
    pending = pending_login(request)
    if pending is None:
        messages.warning(request, _("The login took too long. Type your password again."))
        return redirect("login")
    credentials = {"username": pending.user.get_username()}
    if not AxesProxyHandler.is_allowed(request, credentials):
        return get_lockout_response(request, None, credentials)
    device = confirmed_device(pending.user)
    if device is None:  # reset by an organiser meanwhile: the password alone is the login now
        messages.warning(request, _("Type your password again."))
        return redirect("login")

    form = CodeForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        problem = check_code(device, form.cleaned_data["code"])
        if problem is None:
            finish_login(request, pending, device)
            return redirect(pending.next_url)
        form.add_error("code", str(problem))
        if problem is not NOT_SIX_DIGITS:  # a typo is not a guess
            user_login_failed.send(
                sender=__name__,
                credentials={**credentials, "otp_token": MASK},
                request=request,
            )
    return render(request, "accounts/login_code.html", {"form": form, "pending": pending})


@login_required
@never_cache
@require_http_methods(["GET"])
def two_factor_page(request: HttpRequest) -> HttpResponse:
    """Whether the login asks for a code; the QR code to set it up; the organisers' resets."""
    user = request.user
    device = confirmed_device(user)
    context = {
        "enabled": device is not None,
        "device": device,
        "recommended": is_recommended_for(user),
        "required": is_required_for(user),
        "form": CodeForm(),
    }
    if device is None:
        context |= _setup_context(user)
    if is_staff_member(user):
        context["accounts"] = [
            account
            for account in accounts_with_two_factor()
            if may_reset(user=account, actor=user) is None
        ]
    return render(request, "accounts/two_factor.html", context)


def _setup_context(user: object) -> dict[str, object]:
    pending = setup_device(user)
    return {"qr": qr_data_uri(pending), "secret": secret_of(pending), "setup": pending}


@login_required
@require_POST
def two_factor_enable(request: HttpRequest) -> HttpResponse:
    form = CodeForm(request.POST)
    device = setup_device(request.user)
    if form.is_valid():
        problem = enable_two_factor(
            user=request.user, device=device, code=form.cleaned_data["code"]
        )
        if problem is None:
            device.refresh_from_db()
            # This session has just proved the code: it counts as a login with two-factor.
            otp_login(request, device)
            messages.success(
                request, _("Two-factor login is on. From now on, log in with a code from the app.")
            )
            return redirect("accounts:two-factor")
        form.add_error("code", str(problem))
    messages.error(request, " ".join(form.errors.get("code", [])))
    return redirect("accounts:two-factor")


@login_required
@require_POST
def two_factor_disable(request: HttpRequest) -> HttpResponse:
    form = CodeForm(request.POST)
    if form.is_valid():
        problem = disable_two_factor(user=request.user, code=form.cleaned_data["code"])
        if problem is None:
            messages.success(request, _("Two-factor login is off."))
            return redirect("accounts:two-factor")
        form.add_error("code", str(problem))
    messages.error(request, " ".join(form.errors.get("code", [])))
    return redirect("accounts:two-factor")


@staff_required
@require_POST
def two_factor_reset(request: HttpRequest, pk: int) -> HttpResponse:
    """Recovery: the staff remove another account's authenticator, with a reason."""
    account = get_object_or_404(get_user_model(), pk=pk)
    form = ResetTwoFactorForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    problem = reset_two_factor(user=account, actor=request.user, reason=reason)
    if problem is not None:
        messages.error(request, str(problem))
    else:
        messages.success(
            request,
            _("Two-factor login of %(name)s is reset: they log in with their password alone.")
            % {"name": account.get_username()},
        )
    return redirect("accounts:two-factor")
