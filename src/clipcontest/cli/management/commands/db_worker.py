"""``clipcontest db_worker``: django-tasks' database worker, which first takes back the tasks
a killed worker left running (see ``clipcontest.common.worker``)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django_tasks_db.management.commands import db_worker

from clipcontest.common.worker import requeue_orphaned_tasks, worker_name


class Command(db_worker.Command):
    help = (
        "Run the background worker. Tasks left running by a worker of this host that is gone "
        "are queued again first (--requeue-running: every running task, for a single worker)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(worker_id=worker_name())
        parser.add_argument(
            "--requeue-running",
            action="store_true",
            help="queue again every task marked running (only when no other worker runs)",
        )

    def handle(self, *args: Any, requeue_running: bool = False, **options: Any) -> None:
        requeued = requeue_orphaned_tasks(
            backend_name=options["backend_name"], everything=requeue_running
        )
        if requeued and options["verbosity"]:
            self.stderr.write(f"{requeued} task(s) left running by a dead worker queued again")
        super().handle(*args, **options)
