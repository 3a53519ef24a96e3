"""The codes an authenticator app would show, computed the way RFC 6238 says (django-otp's oath)."""

from __future__ import annotations

import base64
import time

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def code_for(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The device's code now, or ``steps_ahead`` 30-second steps later (a code is used once)."""
    return code_from_key(device.bin_key, steps_ahead=steps_ahead, step=device.step)


def code_from_key(key: bytes, *, steps_ahead: int = 0, step: int = 30) -> str:
    totp = TOTP(key, step=step)
    totp.time = time.time() + steps_ahead * step
    return f"{totp.token():06d}"


def key_from_secret(secret: str) -> bytes:
    """The key a person types into the app (base32, grouped by four) as bytes."""
    text = "".join(secret.split()).upper()
    return base64.b32decode(text + "=" * (-len(text) % 8))


def wrong_code(right: str) -> str:
    return f"{(int(right) + 500_000) % 1_000_000:06d}"
