"""Tasks a dead worker left half done go back in the queue.

The database task backend marks a task RUNNING when a worker claims it and SUCCESSFUL or
FAILED when it ends. A worker that is killed (out of memory, a reboot, ``kill -9``) ends
nothing: its task stays RUNNING and no worker ever takes it again, so a clip's post is never
read or a requested document never made. Every task of ours can run twice without harm (they
take ids, reload and call idempotent services), so the safe repair is to run it again.

A worker is named after its host and process (``host:pid:random``); when a worker starts it
puts back in the queue the tasks claimed by a worker of the same host whose process is gone.
Tasks claimed by a worker of another host, or under another kind of name, are left alone
unless ``everything=True`` (one worker for the whole site, so nothing else can be running).
"""

from __future__ import annotations

import logging
import os
import socket

from django.db import transaction
from django.utils.crypto import get_random_string
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)


def _host() -> str:
    return socket.gethostname()[:40]


def worker_name() -> str:
    """``host:pid:random``: enough for the next worker on this host to tell it is gone."""
    return f"{_host()}:{os.getpid()}:{get_random_string(8)}"


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def _gone(worker_id: str) -> bool:
    """True when ``worker_id`` names a worker of this host whose process has ended."""
    host, _, rest = worker_id.partition(":")
    pid = rest.partition(":")[0]
    return host == _host() and pid.isdigit() and not _process_alive(int(pid))


def requeue_orphaned_tasks(*, backend_name: str = "default", everything: bool = False) -> int:
    """Put back in the queue the RUNNING tasks whose worker is gone; returns how many."""
    with transaction.atomic():
        running = DBTaskResult.objects.select_for_update().filter(
            backend_name=backend_name, status=TaskResultStatus.RUNNING
        )
        orphans = [
            task.pk
            for task in running
            if everything or (task.worker_ids and _gone(str(task.worker_ids[-1])))
        ]
        DBTaskResult.objects.filter(pk__in=orphans).update(
            status=TaskResultStatus.READY, started_at=None
        )
    for pk in orphans:
        logger.warning("Task %s was left running by a worker that is gone: queued again", pk)
    return len(orphans)
