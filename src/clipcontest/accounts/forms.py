"""Forms of the account pages: they parse input; the rules live in services and invitations."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext_lazy as _

from clipcontest.units.models import Unit

from .models import Profile


def _same_email(a: str, b: str) -> bool:
    return (
        unicodedata.normalize("NFKC", a).casefold() == unicodedata.normalize("NFKC", b).casefold()
    )


class PasswordResetForm(auth_forms.PasswordResetForm):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    def get_users(self, email: str) -> Iterator[AbstractBaseUser]:
        """Django's users with a password, and also invited representatives without one yet.

        Django leaves out accounts without a usable password; an invited representative who lost
        the invitation e-mail would then get nothing, and "Forgot password?" is the first thing
        they try.
        """
        model = get_user_model()
        email_field = model.get_email_field_name()
        candidates = model._default_manager.filter(
            **{f"{email_field}__iexact": email, "is_active": True}
        )
        for user in candidates:
            if _same_email(email, getattr(user, email_field)) and (
                user.has_usable_password() or _was_invited(user)
            ):
                yield user


def _was_invited(user: AbstractBaseUser) -> bool:
    return Profile.objects.filter(user=user, invited_at__isnull=False).exists()


class UnitInvitationForm(forms.Form):
    """The units the organiser ticked; only participating units can be chosen."""

    units = forms.ModelMultipleChoiceField(
        queryset=Unit.objects.filter(active=True),
        error_messages={
            "required": _("Tick at least one unit."),
            "invalid_choice": _("One of the ticked units does not take part in the contest."),
            "invalid_pk_value": _("One of the ticked units does not take part in the contest."),
        },
    )


class CodeForm(forms.Form):
    """The 6-digit code of an authenticator app; spaces are allowed (apps show ``123 456``)."""

    code = forms.CharField(
        label=_("6-digit code"),
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "autofocus": True,
                "pattern": "[0-9 ]*",
            }
        ),
    )


class ResetTwoFactorForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)
