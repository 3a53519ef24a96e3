"""The production task profile end to end: tasks queued on Redis, run by a real RQ worker.

Most tests run tasks with the dummy or immediate backend; these queue them on the local Redis
through ``django_tasks_rq`` and start ``clipcontest rqworker --burst`` in its own process, as
the systemd unit does, so what crosses the process boundary (ids, the database, the storage,
deferred runs) is what production sees. They run under ``CLIPCONTEST_TASKS=rq`` only
(``make test-rq``); elsewhere they are skipped.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from clipcontest.accounts.models import Role
from clipcontest.accounts.services import ensure_account
from clipcontest.documents.batches import request_document
from clipcontest.documents.models import DocumentBatch
from clipcontest.entries.models import Entry, FetchState
from clipcontest.entries.tasks import schedule_fetch
from clipcontest.reminders.models import DailyRun, Reminder
from clipcontest.reminders.tasks import send_due_reminders_task

pytestmark = [
    pytest.mark.rq,
    pytest.mark.skipif(
        os.environ.get("CLIPCONTEST_TASKS") != "rq",
        reason="needs CLIPCONTEST_TASKS=rq and a Redis (make test-rq)",
    ),
    # The worker is another process: it sees only what this one committed.
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def rq_queue():
    """The RQ queue of the ``default`` task queue, emptied before and after the test."""
    import django_rq

    queue = django_rq.get_queue("default")
    _empty(queue)
    yield queue
    _empty(queue)


def _empty(queue) -> None:
    queue.empty()
    for registry in (
        queue.started_job_registry,
        queue.finished_job_registry,
        queue.failed_job_registry,
        queue.scheduled_job_registry,
        queue.deferred_job_registry,
    ):
        for job_id in registry.get_job_ids():
            registry.remove(job_id, delete_job=True)


def _database_url() -> str:
    """The test database as a URL, for the worker's ``DATABASE_URL``."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}{port}/{db['NAME']}"


@pytest.fixture
def data_dir(tmp_path, settings) -> Path:
    """One data folder for this process and the worker: the documents are stored under it."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path


def run_worker(data_dir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """``clipcontest rqworker --burst``: runs every queued task, then exits."""
    command = Path(sys.executable).with_name("clipcontest")
    done = subprocess.run(
        [str(command), "rqworker", "default", "--job-class", "django_tasks_rq.Job", "--burst"],
        env={
            **os.environ,
            "DATABASE_URL": _database_url(),
            "CLIPCONTEST_DATA_DIR": str(data_dir),
            "CLIPCONTEST_TASKS": "rq",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done


def test_a_post_is_read_by_the_rq_worker_from_the_local_platform(
    rq_queue, data_dir, clip_server, local_entry
):
    entry = local_entry(clip_server.page("post.html"))

    schedule_fetch(entry.pk)
    assert Entry.objects.get(pk=entry.pk).fetch_state == FetchState.QUEUED
    assert rq_queue.count == 1

    run_worker(data_dir, CLIPCONTEST_FETCH_ALLOW_PRIVATE="1", CLIPCONTEST_FETCH_TIMEOUT="5")

    entry.refresh_from_db()
    assert (entry.fetch_state, entry.duration_seconds) == (FetchState.DONE, Decimal("7.000"))
    assert rq_queue.count == 0
    assert rq_queue.finished_job_registry.count == 1 and rq_queue.failed_job_registry.count == 0


def test_a_requested_document_is_made_by_the_rq_worker_and_stored(rq_queue, data_dir, demo_contest):
    secretary = ensure_account(
        username="thuky", password="x-Long-Pass-1", role=Role.ORGANISER, full_name="Thư ký"
    )

    batch = request_document(
        contest=demo_contest, kind="rules_docx", by=secretary, base_url="https://clip.example.vn/"
    )
    assert batch.state == DocumentBatch.State.QUEUED and rq_queue.count == 1

    run_worker(data_dir)

    batch.refresh_from_db()
    assert batch.state == DocumentBatch.State.DONE, batch.error
    assert batch.filename.endswith(".docx")
    # Stored by the worker through the storage API, read back here: the same files.
    with batch.file.open("rb") as stored:
        assert stored.read(2) == b"PK"


def test_the_daily_reminders_run_sends_and_leaves_tomorrows_run_scheduled_in_redis(
    rq_queue, data_dir, open_contest, units
):
    # The letters are due in 10 days (open_contest): remind 10 days before.
    send_due_reminders_task.enqueue()

    done = run_worker(data_dir, CLIPCONTEST_REMINDER_DAYS="10")

    reminded = set(
        Reminder.objects.filter(sent_at__isnull=False).values_list("unit__code", flat=True)
    )
    assert reminded == set(units)  # no unit has a clip or a letter yet
    assert "Subject:" in done.stdout  # the console mail backend of the worker
    assert DailyRun.objects.filter(day=timezone.localdate()).exists()
    # Tomorrow's run waits in RQ's schedule (a deferred task, as the chain needs).
    scheduled = rq_queue.scheduled_job_registry
    assert scheduled.count == 1
    run_at = scheduled.get_scheduled_time(scheduled.get_job_ids()[0])
    assert timedelta(0) < run_at - timezone.now() <= timedelta(days=1)
