"""Two-factor login with a time-based code (TOTP, RFC 6238) from an authenticator app.

Who: every account may turn it on for itself; organisers, secretaries and jury members are
asked to (their pages decide prizes), and ``CLIPCONTEST_REQUIRE_2FA_FOR_STAFF`` makes it
mandatory for organisers and secretaries. A unit's representative may turn it on too but is
never forced: units are many, change people often, and a lost phone must not stop a unit from
entering its clips before a deadline.

A device is created unconfirmed when its owner opens the set-up page and becomes the login's
second step only once its owner has typed a code it produced, so a half-finished set-up never
locks anybody out. Recovery is an organiser's reset, audited with the reason.
"""

from __future__ import annotations

import base64
import re
from typing import Any

import segno
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.functional import SimpleLazyObject, empty
from django_otp import devices_for_user
from django_otp.plugins.otp_totp.models import TOTPDevice

from clipcontest.audit.services import record
from clipcontest.common.text import Text

from .models import Role
from .permissions import is_staff_member, role_of

DEVICE_NAME = "clipcontest"
CODE_PATTERN = re.compile(r"^\d{6}$")

WRONG_CODE = Text(
    vi="Mã xác thực không đúng hoặc đã hết hạn. Hãy nhập mã đang hiện trong ứng dụng.",
    en="The code is wrong or has expired. Type the code your app shows now.",
)
TOO_FAST = Text(
    vi="Vừa nhập sai mã. Hãy đợi vài giây rồi nhập mã mới.",
    en="A wrong code was just typed. Wait a few seconds, then type the new code.",
)
NOT_SIX_DIGITS = Text(vi="Mã gồm đúng 6 chữ số.", en="The code is exactly 6 digits.")
RESET_OWN = Text(
    vi="Muốn tắt xác thực hai bước của chính mình, hãy nhập mã từ ứng dụng.",
    en="Turn your own two-factor login off with a code from your app.",
)
NOT_ALLOWED_TO_RESET = Text(
    vi="Chỉ Ban Tổ chức mới đặt lại được xác thực hai bước của thành viên Ban Tổ chức.",
    en="Only an organiser may reset an organiser's two-factor login.",
)
REASON_NEEDED = Text(
    vi="Hãy ghi lý do đặt lại xác thực hai bước.",
    en="Say why the two-factor login is reset.",
)
NOTHING_TO_RESET = Text(
    vi="Tài khoản này chưa bật xác thực hai bước.",
    en="This account has no two-factor login.",
)


def real_user(user: Any) -> Any:
    """The user itself, out of the lazy wrappers the auth and django-otp middlewares put on
    ``request.user`` (the audit log names an object by its class)."""
    while isinstance(user, SimpleLazyObject):
        if user._wrapped is empty:
            user._setup()
        user = user._wrapped
    return user


def clean_code(text: str) -> str | None:
    """The 6 digits of what the user typed (apps show ``123 456``), or None."""
    code = re.sub(r"[\s-]", "", text or "")
    return code if CODE_PATTERN.match(code) else None


def confirmed_device(user: AbstractBaseUser) -> TOTPDevice | None:
    if getattr(user, "pk", None) is None:
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def has_two_factor(user: AbstractBaseUser) -> bool:
    """Whether the login asks this user for a code after the password."""
    return any(True for _ in devices_for_user(user, confirmed=True))


def is_recommended_for(user: AbstractBaseUser) -> bool:
    """Staff and the jury decide who wins public money: their page urges them to turn it on."""
    return is_staff_member(user) or role_of(user) == Role.JURY_MEMBER


def is_required_for(user: AbstractBaseUser) -> bool:
    """Whether the organisers' pages stay closed until this user logs in with a code."""
    return bool(getattr(settings, "CLIPCONTEST_REQUIRE_2FA_FOR_STAFF", False)) and is_staff_member(
        user
    )


def setup_device(user: AbstractBaseUser) -> TOTPDevice:
    """The unconfirmed device the set-up page shows; the same one until it is confirmed.

    Reusing it means reloading the page (or opening it on a second tab) never invalidates the
    QR code the user has just scanned.
    """
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def secret_of(device: TOTPDevice) -> str:
    """The key as people type it into an app: base32, in groups of four."""
    text = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_data_uri(device: TOTPDevice) -> str:
    """The ``otpauth://`` address as an SVG QR code, for an ``<img>`` (no script, no CDN)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=4, light="#fff")


def check_code(device: TOTPDevice, code: str) -> Text | None:
    """None when ``code`` is right; otherwise why it was refused.

    django-otp throttles the device after a wrong code (1 s, 2 s, 4 s...), refuses a code it
    has already accepted, and accepts the previous and next 30-second code for slow typists.
    """
    cleaned = clean_code(code)
    if cleaned is None:
        return NOT_SIX_DIGITS
    with transaction.atomic():
        locked = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        allowed, _ = locked.verify_is_allowed()
        if not allowed:
            return TOO_FAST
        if locked.verify_token(cleaned):
            device.refresh_from_db()
            return None
    return WRONG_CODE


@transaction.atomic
def enable_two_factor(*, user: AbstractBaseUser, device: TOTPDevice, code: str) -> Text | None:
    """Confirm the set-up device with a code it produced; None when two-factor login is on."""
    user = real_user(user)
    if device.user_id != user.pk or device.confirmed:
        return WRONG_CODE
    problem = check_code(device, code)
    if problem is not None:
        return problem
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    # Any other device (an older phone) stops counting: one account, one authenticator.
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    record(action="auth.2fa_enabled", obj=user, actor=user, after={"two_factor": True})
    return None


@transaction.atomic
def disable_two_factor(*, user: AbstractBaseUser, code: str) -> Text | None:
    """Its owner turns it off, proving with a current code that the phone is still theirs."""
    user = real_user(user)
    device = confirmed_device(user)
    if device is None:
        return None
    problem = check_code(device, code)
    if problem is not None:
        return problem
    TOTPDevice.objects.filter(user=user).delete()
    record(
        action="auth.2fa_disabled",
        obj=user,
        actor=user,
        before={"two_factor": True},
        after={"two_factor": False},
    )
    return None


def _is_organiser(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False)) or role_of(user) == Role.ORGANISER


def may_reset(*, user: AbstractBaseUser, actor: Any) -> Text | None:
    """Why ``actor`` may never reset ``user``'s two-factor login, or None.

    Organisers and the secretariat recover the accounts below them; an organiser's (or a
    superuser's) only another organiser, so a secretary's stolen session cannot strip the
    second factor of the people who finalise the results. Nobody resets their own: turning it
    off takes a code from the phone.
    """
    if not is_staff_member(actor):
        return NOT_ALLOWED_TO_RESET
    if user.pk == actor.pk:
        return RESET_OWN
    if _is_organiser(user) and not _is_organiser(actor):
        return NOT_ALLOWED_TO_RESET
    return None


def reset_refusal(*, user: AbstractBaseUser, actor: Any, reason: str) -> Text | None:
    """Why this reset is refused now (see :func:`may_reset`; a reason is required), or None."""
    refusal = may_reset(user=user, actor=actor)
    if refusal is not None:
        return refusal
    if not reason.strip():
        return REASON_NEEDED
    if not TOTPDevice.objects.filter(user=user).exists():
        return NOTHING_TO_RESET
    return None


@transaction.atomic
def reset_two_factor(*, user: AbstractBaseUser, actor: Any, reason: str) -> Text | None:
    """Recovery of a lost or replaced phone: the account's authenticator is removed.

    The owner then logs in with the password alone and sets up the new phone. None when done;
    otherwise why nothing was changed.
    """
    actor = real_user(actor)
    refusal = reset_refusal(user=user, actor=actor, reason=reason)
    if refusal is not None:
        return refusal
    TOTPDevice.objects.filter(user=user).delete()
    record(
        action="auth.2fa_reset",
        obj=user,
        actor=actor,
        before={"two_factor": True},
        after={"two_factor": False},
        reason=reason.strip(),
    )
    return None


def accounts_with_two_factor() -> list[Any]:
    """Every account whose login asks for a code, for the organisers' recovery list."""
    from django.contrib.auth import get_user_model

    return list(
        get_user_model()
        .objects.filter(totpdevice__confirmed=True)
        .select_related("profile")
        .distinct()
        .order_by("username")
    )
