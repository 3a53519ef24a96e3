"""Tokens for the REST API: issued once, stored only as a hash, revoked by deleting them.

A token is shown to its owner once, when it is issued; the database keeps its SHA-256 hash, so a
leaked database (or backup) gives nobody a usable token. Tokens are long random strings, so a
plain hash (no salt, no slow hash) is enough, and it lets a request find its token with one
indexed lookup instead of comparing against every stored token.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from .models import ApiToken

PREFIX = "cc_"
# Recording every request would write to the database on every read; the minute is enough to
# tell a token that is still in use from a forgotten one.
LAST_USED_PRECISION = timedelta(minutes=1)
# Anything longer is not one of ours; refuse it before hashing.
MAX_TOKEN_LENGTH = 200
NAME_MAX_LENGTH = ApiToken._meta.get_field("name").max_length


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_token(user: AbstractBaseUser, name: str) -> str:
    """Create a token for ``user`` and return it; this is the only time it can be read."""
    name = " ".join(name.split())
    if not name:
        raise ValueError("a token needs a name / mã truy cập cần có tên")
    if len(name) > NAME_MAX_LENGTH:
        raise ValueError(
            f"the name is longer than {NAME_MAX_LENGTH} characters / "
            f"tên dài quá {NAME_MAX_LENGTH} ký tự"
        )
    token = PREFIX + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name=name, key_hash=token_hash(token))
    return token


def user_for_token(token: str) -> AbstractBaseUser | None:
    """The active user a token belongs to, or None; records when the token was last used."""
    if not token or len(token) > MAX_TOKEN_LENGTH or not token.isascii():
        return None
    digest = token_hash(token)
    found = (
        ApiToken.objects.select_related("user", "user__profile", "user__profile__unit")
        .filter(key_hash=digest)
        .first()
    )
    # The lookup is by hash, so its timing says nothing about the token itself; comparing
    # the digests again in constant time keeps it that way whatever the database does.
    if found is None or not hmac.compare_digest(found.key_hash, digest):
        return None
    if not found.user.is_active:
        return None
    now = timezone.now()
    if found.last_used_at is None or now - found.last_used_at >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
    return found.user


def revoke_tokens(user: AbstractBaseUser, name: str | None = None) -> int:
    """Delete the user's tokens (only those called ``name`` when given); how many went."""
    tokens = ApiToken.objects.filter(user=user)
    if name is not None:
        tokens = tokens.filter(name=" ".join(name.split()))
    deleted, _ = tokens.delete()
    return deleted


def tokens_of(user: AbstractBaseUser) -> list[ApiToken]:
    return list(ApiToken.objects.filter(user=user).order_by("created_at", "pk"))
