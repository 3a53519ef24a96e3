"""``clipcontest reminders send-due|schedule|list``: what they send, print and refuse."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django_tasks import default_task_backend
from freezegun import freeze_time
from reminders.conftest import World, build_world

from clipcontest.reminders.models import Reminder

pytestmark = pytest.mark.django_db
SLUG = "sc35-2022"


@pytest.fixture(autouse=True)
def reminder_settings(settings):
    settings.CLIPCONTEST_SITE_URL = "https://clip.example.vn"
    settings.CLIPCONTEST_REMINDER_DAYS = (7, 3, 1)


@pytest.fixture
def world(contest_2022) -> World:
    """Five units standing differently against the plan (see tests/reminders/conftest.py)."""
    return build_world(contest_2022)


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("reminders", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def refused(*args: str) -> CommandError:
    with pytest.raises(CommandError) as caught:
        run(*args)
    return caught.value


def test_send_due_for_a_day_sends_and_prints_each_reminder(world):
    out, err = run("send-due", "--contest", SLUG, "--today", "2022-06-08")

    assert len(mail.outbox) == 2
    assert out.splitlines()[0] == (
        f"{SLUG}: 2 reminder(s) sent to 2 unit(s) / đã gửi 2 lời nhắc tới 2 đơn vị"
    )
    assert "HG-YM\tbelow_minimum\tletter\t7d\tautomatic / tự động" in out
    assert "reminder days / số ngày nhắc trước hạn: 7, 3, 1" in err
    assert "HG-HSP: no e-mail address" in err


def test_send_due_twice_sends_nothing_the_second_time(world):
    run("send-due", "--contest", SLUG, "--today", "2022-06-08")
    out, _ = run("send-due", "--contest", SLUG, "--today", "2022-06-08")

    assert len(mail.outbox) == 2
    assert out.startswith(f"{SLUG}: 0 reminder(s) sent")


def test_send_due_without_a_contest_takes_every_open_one(world):
    out, _ = run("send-due", "--today", "2022-06-12")
    assert out.startswith(f"{SLUG}: 2 reminder(s) sent")

    out, _ = run("send-due", "--today", "2023-01-10")
    assert out.strip() == "no open contest / không có cuộc thi nào đang mở"


def test_a_bad_day_or_an_unknown_contest_exits_2(world):
    assert refused("send-due", "--today", "2022-13-45").returncode == 2
    assert refused("send-due", "--contest", "nope").returncode == 2
    assert refused("list", "--contest", "nope").returncode == 2
    assert mail.outbox == []


def test_list_shows_who_was_reminded_when_and_where(world):
    run("send-due", "--contest", SLUG, "--today", "2022-06-08")

    out, _ = run("list", "--contest", SLUG)

    lines = out.splitlines()
    assert len(lines) == 2
    ym = next(line for line in lines if "HG-YM" in line)
    assert ym.endswith("hg-ym@example.vn, dai.dien.yenminh@example.vn")
    assert "automatic / tự động" in ym


@freeze_time("2022-06-08 01:00:00")
def test_schedule_enqueues_the_first_run_for_tomorrow_morning(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()

    out, err = run("schedule")

    assert [r.task.run_after.isoformat() for r in default_task_backend.results] == [
        "2022-06-09T07:00:00+07:00"
    ]
    assert "first run 2022-06-09 07:00" in out and "db_worker" in err
    default_task_backend.clear()


def test_schedule_on_a_backend_that_cannot_wait_exits_2_and_names_cron(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

    error = refused("schedule")

    assert error.returncode == 2 and "cron" in str(error)
    assert not Reminder.objects.exists()


def test_the_help_names_cron_as_the_alternative():
    from clipcontest.cli.management.commands.reminders import Command

    assert "cron" in Command.help and "send-due" in Command.help
