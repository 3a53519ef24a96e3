"""A ``clipcontest`` process beside the test: the worker the fault tests kill half way.

It shares the test's database (``DATABASE_URL`` names the test database) and a data folder of
its own for files; ``kill_in_the_middle`` runs it through ``paused_command.py`` and SIGKILLs it
where told, ``run_command`` runs the real console script to the end.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from .faults_figures import note

REPOSITORY = Path(__file__).resolve().parents[2]
CLIPCONTEST = Path(sys.executable).with_name("clipcontest")
PAUSED = Path(__file__).with_name("paused_command.py")
WORKER = ["db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0.2"]
BASE = "https://clip.example.vn/"


def _database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    auth = quote(db["USER"] or "") + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


def worker_environment(tmp_path: Path, settings) -> dict[str, str]:
    """The environment of a worker process sharing this test's database and files."""
    settings.MEDIA_ROOT = tmp_path / "data" / "media"
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "CLIPCONTEST_DATA_DIR": str(tmp_path / "data"),
        "CLIPCONTEST_TASK_BACKEND": "django_tasks_db.DatabaseBackend",
        "CLIPCONTEST_FETCH_ALLOW_PRIVATE": "1",
        "CLIPCONTEST_EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        "CLIPCONTEST_REMINDER_DAYS": "7,3,1",
        "CLIPCONTEST_SITE_URL": BASE,
        "PAUSE_MARKER": str(tmp_path / "paused"),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def kill_in_the_middle(env: dict[str, str], pause_at: str, args: list[str], log: Path) -> None:
    """Run ``clipcontest ARGS`` until it reaches ``pause_at``, then SIGKILL it there."""
    marker = Path(env["PAUSE_MARKER"])
    marker.unlink(missing_ok=True)
    with log.open("ab") as out:
        process = subprocess.Popen(
            [sys.executable, str(PAUSED), *args],
            env={**env, "PAUSE_AT": pause_at},
            cwd=REPOSITORY,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 120
        while not marker.exists():
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"never reached {pause_at}: {log.read_text(errors='replace')}")
            time.sleep(0.05)
        os.kill(process.pid, signal.SIGKILL)
        assert process.wait(timeout=30) == -signal.SIGKILL
    note("faults_injected")


def run_command(env: dict[str, str], args: list[str], log: Path) -> None:
    """Run ``clipcontest ARGS`` to the end, the console script a deployment runs."""
    with log.open("ab") as out:
        done = subprocess.run(
            [str(CLIPCONTEST), *args], env=env, cwd=REPOSITORY, stdout=out, stderr=out, timeout=300
        )
    assert done.returncode == 0, log.read_text(errors="replace")
