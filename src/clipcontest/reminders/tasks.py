"""The daily reminder run as a chain of background tasks (django-tasks).

Each run first enqueues tomorrow's, then sends today's reminders: a run that fails while
sending still leaves tomorrow's in the queue, and tomorrow catches up what today missed. One
``DailyRun`` row per day lets only one chain continue, however many were started. The
alternative, for a set-up without a worker: call ``clipcontest reminders send-due`` daily from
cron or a systemd timer.
"""

from __future__ import annotations

import logging
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)

# Local time of the daily run: early in the office day, so a unit can act on it the same day.
RUN_AT = time(7, 0)


@task()
def send_due_reminders_task() -> None:
    """Continue the chain, then send every open contest's reminders; harmless if run twice."""
    from .services import send_due_for_open_contests

    continue_chain()
    send_due_for_open_contests()


def next_run_at(now: datetime | None = None) -> datetime:
    """The next ``RUN_AT`` strictly after ``now``, in the project's time zone."""
    local = timezone.localtime(now or timezone.now())
    candidate = local.replace(hour=RUN_AT.hour, minute=RUN_AT.minute, second=0, microsecond=0)
    if candidate <= local:
        candidate = timezone.localtime(
            timezone.make_aware(
                datetime.combine(local.date() + timedelta(days=1), RUN_AT),
                timezone.get_current_timezone(),
            )
        )
    return candidate


def can_schedule() -> bool:
    """Whether the task backend can hold a task until later (the database backend can)."""
    return send_due_reminders_task.get_backend().supports_defer


def schedule_daily_run(now: datetime | None = None) -> datetime:
    """Start the chain: the first run at the next ``RUN_AT``. Raises if the backend cannot wait.

    Starting it when a chain already runs is harmless: the next day's second run finds that
    day taken and ends there.
    """
    run_after = next_run_at(now)
    send_due_reminders_task.using(run_after=run_after).enqueue()
    return run_after


def continue_chain(now: datetime | None = None) -> datetime | None:
    """Enqueue tomorrow's run, unless another run already did today. Returns when it runs."""
    from .models import DailyRun

    if not can_schedule():
        logger.warning(
            "The task backend cannot run tasks later; reminders need "
            "'clipcontest reminders send-due' called daily (cron or a systemd timer)."
        )
        return None
    today = timezone.localdate(now or timezone.now())
    with transaction.atomic():
        # With the database backend the day's row and tomorrow's task commit together.
        _, first_today = DailyRun.objects.get_or_create(day=today)
        if not first_today:
            return None
        return schedule_daily_run(now)
