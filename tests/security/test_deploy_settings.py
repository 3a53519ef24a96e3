"""Production settings (``CLIPCONTEST_ENV=production``): Django's deployment check finds nothing.

Each test starts ``clipcontest`` in a process of its own, because the settings are read once,
from the environment, when Django starts.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

CLIPCONTEST = Path(sys.executable).with_name("clipcontest")
SECRET = "k3J#pV9!qZ2@wX7$mN4%bR8^tY6&uI1*oP5(aS0)dF3-gH7_jL2+zC9=vB4~nM6e"


def production_env(tmp_path: Path, **changes: str | None) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("CLIPCONTEST_", "DJANGO_")) and key != "DATABASE_URL"
    }
    env |= {
        "CLIPCONTEST_ENV": "production",
        "CLIPCONTEST_SECRET_KEY": SECRET,
        "CLIPCONTEST_ALLOWED_HOSTS": "clip.example.vn",
        "CLIPCONTEST_DATA_DIR": str(tmp_path),
    }
    for key, value in changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, env=env, capture_output=True, text=True, timeout=120, check=False)


def settings_in(env: dict[str, str], *names: str) -> dict[str, object]:
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        f"print(json.dumps({{n: repr(getattr(settings, n, None)) for n in {list(names)!r}}}))"
    )
    result = run(
        [sys.executable, "-c", code], env | {"DJANGO_SETTINGS_MODULE": "clipcontest.settings"}
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_check_deploy_finds_no_issue_with_the_production_settings(tmp_path):
    result = run(
        [str(CLIPCONTEST), "check", "--deploy", "--fail-level", "DEBUG"], production_env(tmp_path)
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_without_production_the_same_check_warns_about_https(tmp_path):
    """The check is not silenced: the development settings do get the warnings."""
    env = production_env(tmp_path, CLIPCONTEST_ENV=None, CLIPCONTEST_SECRET_KEY=None)

    result = run([str(CLIPCONTEST), "check", "--deploy"], env)

    assert "security.W008" in result.stderr + result.stdout  # SECURE_SSL_REDIRECT


@pytest.mark.parametrize("missing", ["CLIPCONTEST_SECRET_KEY", "CLIPCONTEST_ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_a_secret_key_or_host_names(tmp_path, missing):
    result = run([str(CLIPCONTEST), "check"], production_env(tmp_path, **{missing: None}))

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and missing in result.stderr
    assert not (tmp_path / "secret_key").exists()  # no key made up on the spot


def test_production_turns_debug_off_and_the_cookies_secure_whatever_else_is_set(tmp_path):
    env = production_env(tmp_path, CLIPCONTEST_DEBUG="1")

    values = settings_in(
        env,
        "DEBUG",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "CSRF_COOKIE_SECURE",
        "X_FRAME_OPTIONS",
        "SECURE_REFERRER_POLICY",
        "SECURE_PROXY_SSL_HEADER",
        "ALLOWED_HOSTS",
    )

    assert values == {
        "DEBUG": "False",
        "SECURE_SSL_REDIRECT": "True",
        "SECURE_HSTS_SECONDS": "31536000",
        "SESSION_COOKIE_SECURE": "True",
        "SESSION_COOKIE_HTTPONLY": "True",
        "CSRF_COOKIE_SECURE": "True",
        "X_FRAME_OPTIONS": "'DENY'",
        "SECURE_REFERRER_POLICY": "'same-origin'",
        "SECURE_PROXY_SSL_HEADER": "('HTTP_X_FORWARDED_PROTO', 'https')",
        "ALLOWED_HOSTS": "['clip.example.vn']",
    }
