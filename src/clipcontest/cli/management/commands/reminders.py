"""``clipcontest reminders send-due|schedule|list``: e-mail reminders to units, from the CLI.

- ``send-due [--contest SLUG] [--today YYYY-MM-DD]``: send today's automatic reminders (units
  below the minimum of eligible clips or without a received letter, N days before the letter
  deadline and the close; N from ``CLIPCONTEST_REMINDER_DAYS``). Without ``--contest``, every
  open contest. Each reminder goes out once, however often this runs.
- ``schedule``: start the daily chain of background tasks (needs a task worker:
  ``clipcontest db_worker``). The alternative, without a worker: a cron job or a systemd timer
  that calls ``clipcontest reminders send-due`` once a day, e.g.
  ``0 7 * * * clipcontest reminders send-due``.
- ``list --contest SLUG``: who was reminded of what, when, by whom, at which addresses.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from clipcontest.cli.common import REFUSED, contest_by_slug
from clipcontest.common.dates import DateParseError, parse_date
from clipcontest.reminders.models import Reminder
from clipcontest.reminders.services import (
    Outcome,
    configured_days,
    open_contests,
    send_due_reminders,
)
from clipcontest.reminders.tasks import can_schedule, schedule_daily_run

CRON_HINT = (
    "Without a task worker, call 'clipcontest reminders send-due' once a day from cron or a "
    "systemd timer instead (e.g. '0 7 * * * clipcontest reminders send-due')."
)


class Command(BaseCommand):
    help = (
        "E-mail reminders to units below the minimum of eligible clips or without a received "
        "official letter, N days before the letter deadline and the close "
        "(N: CLIPCONTEST_REMINDER_DAYS). 'send-due' sends today's; 'schedule' starts the daily "
        "chain of background tasks; 'list' shows who was reminded. " + CRON_HINT
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        send = sub.add_parser(
            "send-due",
            help="send today's automatic reminders (each one once, however often this runs). "
            + CRON_HINT,
        )
        send.add_argument("--contest", metavar="SLUG", help="one contest (default: every open one)")
        send.add_argument(
            "--today", metavar="YYYY-MM-DD", help="act as if today were this day (default: today)"
        )
        sub.add_parser(
            "schedule",
            help="start the daily chain of background tasks (needs 'clipcontest db_worker'). "
            + CRON_HINT,
        )
        listing = sub.add_parser("list", help="the reminders sent for a contest, newest first")
        listing.add_argument("--contest", required=True, metavar="SLUG")

    def handle(self, *args, action: str, **options):
        if action == "send-due":
            self.send_due(options.get("contest"), options.get("today"))
        elif action == "schedule":
            self.schedule()
        else:
            self.list(contest_by_slug(options["contest"]))

    def send_due(self, slug: str | None, today_text: str | None) -> None:
        today = None
        if today_text:
            try:
                today = parse_date(today_text)
            except DateParseError as exc:
                raise CommandError(exc.message.both(), returncode=REFUSED) from None
        contests = [contest_by_slug(slug)] if slug else open_contests(today=today)
        days = ", ".join(str(n) for n in configured_days())
        self.stderr.write(f"reminder days / số ngày nhắc trước hạn: {days}")
        if not contests:
            self.stdout.write("no open contest / không có cuộc thi nào đang mở")
        for contest in contests:
            self.report(contest.slug, send_due_reminders(contest, today))

    def report(self, slug: str, outcome: Outcome) -> None:
        sent, units = len(outcome.sent), len(outcome.units_reminded)
        self.stdout.write(
            f"{slug}: {sent} reminder(s) sent to {units} unit(s) / "
            f"đã gửi {sent} lời nhắc tới {units} đơn vị"
        )
        for reminder in outcome.sent:
            self.stdout.write(f"  {_line(reminder)}")
        for problem in outcome.problems():
            self.stderr.write(f"  {problem.both()}")

    def schedule(self) -> None:
        if not can_schedule():
            raise CommandError(
                "this task backend cannot run tasks later / hàng đợi tác vụ này không hẹn giờ "
                f"được. {CRON_HINT}",
                returncode=REFUSED,
            )
        run_after = timezone.localtime(schedule_daily_run())
        self.stdout.write(
            f"daily reminders scheduled, first run {run_after:%Y-%m-%d %H:%M %Z} / "
            f"đã hẹn nhắc hằng ngày, lần đầu lúc {run_after:%H:%M %d/%m/%Y}"
        )
        self.stderr.write(
            "A task worker must be running: clipcontest db_worker / "
            "Cần chạy tiến trình xử lý tác vụ: clipcontest db_worker"
        )

    def list(self, contest) -> None:
        rows = (
            Reminder.objects.filter(contest=contest)
            .select_related("unit", "sent_by")
            .order_by("-claimed_at", "-pk")
        )
        for reminder in rows:
            self.stdout.write(_line(reminder))


def _line(reminder: Reminder) -> str:
    when = (
        timezone.localtime(reminder.sent_at).strftime("%Y-%m-%d %H:%M")
        if reminder.sent_at
        else "not confirmed / chưa xác nhận"
    )
    by = reminder.sent_by.get_username() if reminder.sent_by else "automatic / tự động"
    days = "-" if reminder.days_before is None else f"{reminder.days_before}d"
    to = ", ".join(reminder.recipient_list)
    return "\t".join([when, reminder.unit.code, reminder.kind, reminder.deadline, days, by, to])
