"""Account pages: logging in and out, passwords, and the organisers' unit accounts page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .forms import PasswordResetForm, UnitInvitationForm
from .invitations import AccountStatus, invite_unit_representatives, unit_accounts
from .models import Role
from .permissions import is_staff_member, role_of, staff_required
from .sessions import start_second_step
from .two_factor import has_two_factor


def home_url_for(user: Any) -> str:
    """Where a user lands after logging in: each role on its own home page.

    A unit's representative goes to the unit portal, organisers and the secretariat to their
    page, a jury member to the clips they score.
    """
    if role_of(user) == Role.UNIT_REPRESENTATIVE:
        return reverse("portal:unit-home")
    if role_of(user) == Role.JURY_MEMBER:
        return reverse("portal:jury-home")
    if is_staff_member(user):
        return reverse("portal:organiser")
    return reverse("portal:home")


class LoginView(auth_views.LoginView):
    """Django's login; without a safe ``next`` each role goes to its home page."""

    def get_default_redirect_url(self) -> str:
        return home_url_for(self.request.user)

    def form_valid(self, form: Any) -> HttpResponse:
        """The right password logs in, unless the account also asks for a code (two-factor)."""
        user = form.get_user()
        if has_two_factor(user):
            start_second_step(
                self.request, user, next_url=self.get_redirect_url() or home_url_for(user)
            )
            return redirect("accounts:login-code")
        return super().form_valid(form)


class LogoutView(auth_views.LogoutView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        messages.success(request, _("You have logged out."))
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """The reset e-mail is written in the language of the page the user asked from."""

    form_class = PasswordResetForm
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"


class AcceptInvitationView(auth_views.PasswordResetConfirmView):
    """The invitation link: the representative chooses a password and is logged in."""

    post_reset_login = True
    # Two authentication backends are configured (django-axes and Django's), so say which.
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"
    extra_context = {"invitation": True}

    def form_valid(self, form: Any) -> HttpResponse:
        # An account with two-factor logs in through the login page, code included.
        self.post_reset_login = not has_two_factor(self.user)
        return super().form_valid(form)

    def get_success_url(self) -> str:
        messages.success(self.request, _("Your password is set. Welcome to the contest!"))
        if not self.post_reset_login:
            return reverse("login")
        return home_url_for(self.user)


@staff_required
@require_http_methods(["GET", "POST"])
def unit_accounts_page(request: HttpRequest) -> HttpResponse:
    """Every participating unit with its representative's account; invites the ticked units.

    The result is rendered, not redirected to: the links of units without an e-mail address are
    shown this once and never stored.
    """
    form = UnitInvitationForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        report = invite_unit_representatives(
            form.cleaned_data["units"], base_url=request.build_absolute_uri("/")
        )
        return render(request, "accounts/invitation_report.html", {"report": report})

    accounts = unit_accounts()
    if form.is_bound:
        ticked = set(request.POST.getlist("units"))
    else:
        ticked = {str(a.unit.pk) for a in accounts if a.status == AccountStatus.NONE}
    context = {
        "form": form,
        "rows": [(account, str(account.unit.pk) in ticked) for account in accounts],
        "counts": {
            "units": len(accounts),
            "active": sum(a.status == AccountStatus.ACTIVE for a in accounts),
            "invited": sum(a.status == AccountStatus.INVITED for a in accounts),
            "none": sum(a.status == AccountStatus.NONE for a in accounts),
            "no_email": sum(not a.unit.email for a in accounts),
        },
    }
    return render(request, "accounts/unit_accounts.html", context)
