"""API tokens: shown once, stored as a hash, found by hash, revoked; and the ``token`` command."""

from __future__ import annotations

import hashlib
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from clipcontest.accounts.models import ApiToken
from clipcontest.accounts.tokens import issue_token, revoke_tokens, user_for_token

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("token", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_issued_token_is_stored_only_as_its_sha256_hash(accounts):
    token = issue_token(accounts["dong_van"], "laptop")
    assert token.startswith("cc_") and len(token) > 40
    stored = ApiToken.objects.get()
    assert stored.key_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in stored.key_hash and stored.name == "laptop"


def test_token_finds_its_user_and_nothing_else_does(accounts):
    token = issue_token(accounts["dong_van"], "laptop")
    assert user_for_token(token) == accounts["dong_van"]
    for wrong in ("", token[:-1], token + "x", "cc_" + "a" * 300, "cc_ünïcode"):
        assert user_for_token(wrong) is None


def test_two_tokens_are_never_the_same(accounts):
    assert issue_token(accounts["dong_van"], "a") != issue_token(accounts["dong_van"], "a")


def test_token_needs_a_name(accounts):
    with pytest.raises(ValueError):
        issue_token(accounts["dong_van"], "   ")
    with pytest.raises(ValueError):
        issue_token(accounts["dong_van"], "x" * 101)


def test_revoking_by_name_keeps_the_other_tokens(accounts):
    laptop = issue_token(accounts["dong_van"], "laptop")
    phone = issue_token(accounts["dong_van"], "phone")
    theirs = issue_token(accounts["thanh_pho"], "laptop")
    assert revoke_tokens(accounts["dong_van"], "laptop") == 1
    assert user_for_token(laptop) is None
    assert user_for_token(phone) == accounts["dong_van"]
    assert user_for_token(theirs) == accounts["thanh_pho"]
    assert revoke_tokens(accounts["dong_van"]) == 1
    assert user_for_token(phone) is None


def test_command_prints_the_token_once_and_it_works(accounts):
    out, err = run("create", "dongvan", "--name", "laptop")
    token = out.strip()
    assert user_for_token(token) == accounts["dong_van"]
    assert "not shown again" in err
    listed, _ = run("list", "dongvan")
    assert "laptop" in listed and token not in listed


def test_command_revokes_by_name_or_all(accounts):
    first, _ = run("create", "dongvan", "--name", "laptop")
    run("create", "dongvan", "--name", "phone")
    out, _ = run("revoke", "dongvan", "--name", "laptop")
    assert out.startswith("1 token(s) revoked")
    assert user_for_token(first.strip()) is None
    out, _ = run("revoke", "dongvan", "--all")
    assert out.startswith("1 token(s) revoked")
    assert not ApiToken.objects.exists()


def test_command_refuses_an_unknown_user_and_a_revoke_that_finds_nothing(accounts):
    with pytest.raises(CommandError) as unknown:
        run("create", "nobody", "--name", "x")
    assert unknown.value.returncode == 2
    with pytest.raises(CommandError) as nothing:
        run("revoke", "dongvan", "--name", "never-issued")
    assert nothing.value.returncode == 2
    with pytest.raises(CommandError):
        run("revoke", "dongvan")  # neither --name nor --all
