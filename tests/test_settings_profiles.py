"""The production profile is chosen by environment variables (DEPLOY.md): each switch is read in a
fresh interpreter, as gunicorn and the workers read it, never through pytest's own settings."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

# Variables that choose a profile: cleared before each run so the machine's own do not leak in.
PROFILE_VARIABLES = (
    "CLIPCONTEST_TASKS",
    "CLIPCONTEST_TASK_BACKEND",
    "REDIS_URL",
    "CLIPCONTEST_REDIS_URL",
    "CLIPCONTEST_STORAGE",
    "CLIPCONTEST_S3_BUCKET",
    "CLIPCONTEST_S3_ENDPOINT_URL",
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_S3_ENDPOINT_URL",
    "AWS_S3_REGION_NAME",
    "AWS_S3_ADDRESSING_STYLE",
    "CLIPCONTEST_BEHIND_HTTPS_PROXY",
)

READ_SETTINGS = """
import json
from clipcontest import settings as s
print(json.dumps({
    "tasks": s.TASKS,
    "storages": s.STORAGES,
    "rq_queues": getattr(s, "RQ_QUEUES", None),
    "django_rq": "django_rq" in s.INSTALLED_APPS,
    "proxy_header": getattr(s, "SECURE_PROXY_SSL_HEADER", None),
    "secure_cookies": [getattr(s, "SESSION_COOKIE_SECURE", False),
                       getattr(s, "CSRF_COOKIE_SECURE", False)],
    "client_address": getattr(s, "AXES_IPWARE_META_PRECEDENCE_ORDER", None),
}))
"""


def _run(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in PROFILE_VARIABLES}
    clean["CLIPCONTEST_DATA_DIR"] = str(tmp_path)
    return subprocess.run(
        [sys.executable, "-c", READ_SETTINGS],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def settings_under(tmp_path: Path, **env: str) -> dict:
    done = _run(tmp_path, **env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_without_variables_tasks_go_to_the_database_and_files_to_the_local_disk(tmp_path):
    found = settings_under(tmp_path)

    assert found["tasks"]["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    assert found["storages"]["default"]["BACKEND"] == (
        "django.core.files.storage.FileSystemStorage"
    )
    assert found["rq_queues"] is None and not found["django_rq"]
    assert found["proxy_header"] is None


def test_tasks_rq_switches_to_redis_at_redis_url_with_django_rq_installed(tmp_path):
    found = settings_under(
        tmp_path, CLIPCONTEST_TASKS="rq", REDIS_URL="redis://cache.internal:6380/3"
    )

    assert found["tasks"]["default"]["BACKEND"] == "django_tasks_rq.RQBackend"
    assert found["django_rq"]
    # Every queue of TASKS must be an RQ queue, on the Redis the variable names.
    assert found["rq_queues"] == {"default": {"URL": "redis://cache.internal:6380/3"}}


def test_tasks_rq_without_redis_url_uses_the_local_redis(tmp_path):
    found = settings_under(tmp_path, CLIPCONTEST_TASKS="rq")

    assert found["rq_queues"] == {"default": {"URL": "redis://127.0.0.1:6379/0"}}


def test_storage_s3_puts_uploads_and_documents_in_the_private_bucket(tmp_path):
    found = settings_under(
        tmp_path,
        CLIPCONTEST_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="clipcontest-files",
        AWS_S3_ENDPOINT_URL="https://s3.example.vn",
        AWS_S3_REGION_NAME="hn-1",
        AWS_S3_ADDRESSING_STYLE="path",
    )

    default = found["storages"]["default"]
    assert default["BACKEND"] == "storages.backends.s3.S3Storage"
    assert default["OPTIONS"] == {
        "bucket_name": "clipcontest-files",
        "endpoint_url": "https://s3.example.vn",
        "region_name": "hn-1",
        "addressing_style": "path",
        "default_acl": "private",
        "querystring_auth": True,
        "file_overwrite": False,
    }
    # Static files stay with whitenoise whatever the uploads use.
    assert found["storages"]["staticfiles"]["BACKEND"] == (
        "django.contrib.staticfiles.storage.StaticFilesStorage"
    )


def test_storage_s3_without_a_bucket_refuses_to_start(tmp_path):
    done = _run(tmp_path, CLIPCONTEST_STORAGE="s3")

    assert done.returncode != 0
    assert "AWS_STORAGE_BUCKET_NAME" in done.stderr


@pytest.mark.parametrize(
    ("variable", "value"), [("CLIPCONTEST_TASKS", "celery"), ("CLIPCONTEST_STORAGE", "ftp")]
)
def test_an_unknown_profile_value_refuses_to_start_instead_of_falling_back(
    tmp_path, variable, value
):
    done = _run(tmp_path, **{variable: value})

    assert done.returncode != 0
    assert "ImproperlyConfigured" in done.stderr and variable in done.stderr


def test_behind_an_https_proxy_django_trusts_forwarded_proto_and_secures_cookies(tmp_path):
    found = settings_under(tmp_path, CLIPCONTEST_BEHIND_HTTPS_PROXY="1")

    assert found["proxy_header"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert found["secure_cookies"] == [True, True]
    # Login throttling counts the visitor nginx saw, not nginx itself (every visitor's REMOTE_ADDR).
    assert found["client_address"] == ["HTTP_X_REAL_IP", "REMOTE_ADDR"]


def test_without_a_proxy_login_throttling_counts_the_connecting_address_only(tmp_path):
    # A header a client can send itself must not decide whose attempts are counted.
    assert settings_under(tmp_path)["client_address"] is None
