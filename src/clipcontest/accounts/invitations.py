"""Inviting the units' representatives: one account per unit and a link to choose its password.

The organisers create the accounts in bulk from the list of units. Each new account has no
usable password; its representative gets an e-mail with a link built like Django's password
reset link (``default_token_generator``), so the link stops working once the password is set or
after ``PASSWORD_RESET_TIMEOUT``. A unit without an e-mail address, or whose e-mail the mail
server refused, comes back in the report with its link, for the organisers to pass on by hand.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from clipcontest.units.models import Unit

from .models import Profile, Role
from .services import create_unit_representative

logger = logging.getLogger(__name__)


class AccountStatus(StrEnum):
    NONE = "none"
    INVITED = "invited"  # has an account, has not chosen a password yet
    ACTIVE = "active"


@dataclass(frozen=True)
class UnitAccount:
    """A participating unit and its representatives' accounts (active users only)."""

    unit: Unit
    profiles: tuple[Profile, ...]

    @property
    def users(self) -> tuple[AbstractUser, ...]:
        return tuple(profile.user for profile in self.profiles)

    @property
    def status(self) -> AccountStatus:
        if any(user.has_usable_password() for user in self.users):
            return AccountStatus.ACTIVE
        return AccountStatus.INVITED if self.profiles else AccountStatus.NONE

    @property
    def invited_at(self) -> datetime | None:
        return max((p.invited_at for p in self.profiles if p.invited_at), default=None)


def unit_accounts(units: QuerySet[Unit] | None = None) -> list[UnitAccount]:
    """The participating units (or ``units``) with their representatives, in two queries."""
    if units is None:
        units = Unit.objects.filter(active=True)
    representatives = (
        Profile.objects.filter(role=Role.UNIT_REPRESENTATIVE, user__is_active=True)
        .select_related("user")
        .order_by("user__username")
    )
    units = units.order_by("code").prefetch_related(
        Prefetch("representatives", queryset=representatives, to_attr="representative_profiles")
    )
    return [UnitAccount(unit, tuple(unit.representative_profiles)) for unit in units]


def username_for(unit: Unit) -> str:
    """``HG-DV`` -> ``hg-dv``: the representative logs in with the unit's code."""
    return "-".join(unit.code.lower().split())


class Outcome(StrEnum):
    SENT = "sent"
    NO_EMAIL = "no_email"  # the unit has no e-mail address: the link goes by hand
    NOT_SENT = "not_sent"  # the mail server refused it: the link goes by hand
    ALREADY_ACTIVE = "already_active"  # the representative has a password; left alone
    USERNAME_TAKEN = "username_taken"  # another account has the unit's username; left alone


@dataclass(frozen=True)
class Invitation:
    unit: Unit
    outcome: Outcome
    username: str
    email: str = ""
    created: bool = False
    link: str = ""

    @property
    def by_hand(self) -> bool:
        return self.outcome in (Outcome.NO_EMAIL, Outcome.NOT_SENT)


@dataclass(frozen=True)
class InvitationReport:
    invitations: tuple[Invitation, ...]

    @property
    def sent(self) -> list[Invitation]:
        return [i for i in self.invitations if i.outcome == Outcome.SENT]

    @property
    def by_hand(self) -> list[Invitation]:
        return [i for i in self.invitations if i.by_hand]

    @property
    def left_alone(self) -> list[Invitation]:
        return [
            i
            for i in self.invitations
            if i.outcome in (Outcome.ALREADY_ACTIVE, Outcome.USERNAME_TAKEN)
        ]

    @property
    def created(self) -> int:
        return sum(i.created for i in self.invitations)


@dataclass(frozen=True)
class _Pending:
    """An account to send a link to, once the accounts are committed."""

    unit: Unit
    user: AbstractUser
    created: bool


def invite_unit_representatives(
    units: Iterable[Unit], *, base_url: str, language: str | None = None
) -> InvitationReport:
    """Give each unit a representative account and send every account without a password its link.

    Safe to run again: a unit that has a representative gets no second account. A representative
    who has not chosen a password yet is sent a fresh link (re-inviting; the e-mail address is
    taken again from the unit, in case the organisers corrected it); one who has is left alone,
    since "Forgot password?" is their way back. ``base_url`` is the site's address
    (``https://clip.example.vn``); the e-mails and links are in ``language``, Vietnamese unless
    told otherwise, because the representative has not chosen one yet.

    The e-mails go out after the accounts are committed but not through ``on_commit``: the
    report must say which ones the mail server refused, so that their links can be given by hand.
    """
    language = language or settings.LANGUAGE_CODE
    with transaction.atomic():
        chosen = Unit.objects.filter(pk__in=[unit.pk for unit in units])
        # Two organisers inviting at once: the second waits here, then finds the first's accounts.
        list(chosen.select_for_update().values_list("pk", flat=True))
        accounts = unit_accounts(chosen)
        now = timezone.now()
        left_alone: list[Invitation] = []
        pending: list[_Pending] = []
        for account in accounts:
            prepared = _prepare(account, now)
            if isinstance(prepared, Invitation):
                left_alone.append(prepared)
            else:
                pending.extend(prepared)
    with translation.override(language):
        sent = [_send_invitation(p, base_url=base_url) for p in pending]
    return InvitationReport(tuple(sorted(sent + left_alone, key=lambda i: i.unit.code)))


def _prepare(account: UnitAccount, now: datetime) -> Invitation | list[_Pending]:
    unit = account.unit
    if account.status == AccountStatus.ACTIVE:
        usernames = ", ".join(u.get_username() for u in account.users if u.has_usable_password())
        return Invitation(unit, Outcome.ALREADY_ACTIVE, usernames)
    if account.status == AccountStatus.INVITED:
        for profile in account.profiles:
            _refresh_email(profile.user, unit)
        _mark_invited(account.profiles, now)
        return [_Pending(unit, profile.user, created=False) for profile in account.profiles]

    username = username_for(unit)
    if get_user_model().objects.filter(username__iexact=username).exists():
        return Invitation(unit, Outcome.USERNAME_TAKEN, username)
    user = create_unit_representative(unit=unit, username=username, email=unit.email)
    _mark_invited([user.profile], now)
    return [_Pending(unit, user, created=True)]


def _refresh_email(user: AbstractUser, unit: Unit) -> None:
    if unit.email and user.email != unit.email:
        user.email = unit.email
        user.save(update_fields=["email"])


def _mark_invited(profiles: Iterable[Profile], now: datetime) -> None:
    for profile in profiles:
        profile.invited_at = now
        profile.save(update_fields=["invited_at"])


def invitation_link(user: AbstractUser, *, base_url: str) -> str:
    """The page where ``user`` chooses a password, in the active language."""
    path = reverse(
        "accounts:accept-invitation",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return base_url.rstrip("/") + path


def _send_invitation(pending: _Pending, *, base_url: str) -> Invitation:
    user, unit = pending.user, pending.unit
    link = invitation_link(user, base_url=base_url)
    invitation = Invitation(
        unit, Outcome.SENT, user.get_username(), user.email, pending.created, link
    )
    if not user.email:
        return replace(invitation, outcome=Outcome.NO_EMAIL)
    context = {
        "unit": unit,
        "username": user.get_username(),
        "link": link,
        "login_url": base_url.rstrip("/") + reverse("login"),
        "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
    }
    subject = "".join(render_to_string("registration/invitation_subject.txt", context).splitlines())
    body = render_to_string("registration/invitation_email.txt", context)
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    try:
        message.send()
    except (smtplib.SMTPException, OSError):
        logger.exception("Invitation to %s (%s) was not sent", user.email, unit.code)
        return replace(invitation, outcome=Outcome.NOT_SENT)
    return invitation
