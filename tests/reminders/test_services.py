"""Sending reminders: each automatic one once, manual ones always, nobody silently skipped.

Mail goes to Django's in-memory outbox (``mail.outbox``); the clock is 2022, as in the plan.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django_tasks import default_task_backend
from freezegun import freeze_time

from clipcontest.audit.models import AuditEvent
from clipcontest.reminders import services
from clipcontest.reminders.choices import Deadline, Kind
from clipcontest.reminders.models import DailyRun, Reminder
from clipcontest.reminders.services import open_contests, send_due_reminders, send_reminder
from clipcontest.reminders.tasks import send_due_reminders_task

from .conftest import SITE

pytestmark = pytest.mark.django_db
WEEK_BEFORE_LETTERS = date(2022, 6, 8)


def sent_to() -> dict[str, list[str]]:
    """Each e-mail's unit (from its greeting) and recipients."""
    return {
        message.body.split(",")[0].removeprefix("Kính gửi "): message.to for message in mail.outbox
    }


def test_units_below_the_minimum_or_without_a_letter_are_reminded_7_days_before(world):
    outcome = send_due_reminders(world.contest, today=WEEK_BEFORE_LETTERS)

    assert sent_to() == {
        "Ban Chỉ đạo 35 Huyện ủy Yên Minh": ["hg-ym@example.vn", "dai.dien.yenminh@example.vn"],
        "Ban Chỉ đạo 35 Huyện ủy Bắc Quang": ["hg-bq@example.vn"],
    }
    rows = Reminder.objects.order_by("unit__code")
    assert [(r.unit.code, r.kind, r.deadline, r.days_before, r.manual) for r in rows] == [
        ("HG-BQ", Kind.LETTER_MISSING, Deadline.LETTER, 7, False),
        ("HG-YM", Kind.BELOW_MINIMUM, Deadline.LETTER, 7, False),
    ]
    assert all(r.sent_at is not None and r.sent_by is None for r in rows)
    assert [u.code for u in outcome.without_address] == ["HG-HSP"]


def test_the_email_says_what_is_missing_and_by_when_in_vietnamese_then_english(world):
    send_due_reminders(world.contest, today=WEEK_BEFORE_LETTERS)

    message = next(m for m in mail.outbox if "Yên Minh" in m.body)
    body = message.body
    vietnamese = body.index("Số clip hợp lệ của đơn vị: 1 trên mức tối thiểu 2 clip.")
    english = body.index("Your unit's eligible clips: 1 of the minimum 2.")
    assert vietnamese < english
    assert "Hạn gửi công văn về Ban Tổ chức: ngày 15/06/2022 (còn 7 ngày)." in body
    assert "Official letters are due by 15/06/2022 (7 days left)." in body
    assert f"{SITE}/unit/" in body and f"{SITE}/en/unit/" in body
    assert message.subject.startswith("Nhắc nhở của Ban Tổ chức: chưa đủ số clip hợp lệ")
    assert isinstance(message, EmailMultiAlternatives)
    html, kind = message.alternatives[0]
    assert kind == "text/html"
    assert f'href="{SITE}/unit/"' in html and "<li><strong>Số clip hợp lệ" in html


def test_a_unit_lacking_both_gets_one_email_with_both(world):
    world.units["HG-HSP"].email = "hg-hsp@example.vn"
    world.units["HG-HSP"].save()

    send_due_reminders(world.contest, today=date(2022, 6, 14))

    message = next(m for m in mail.outbox if "Hoàng Su Phì" in m.body)
    assert "0 trên mức tối thiểu 2" in message.body
    assert "chưa nhận được công văn" in message.body
    assert "(còn 1 ngày)" in message.body
    assert Reminder.objects.filter(unit__code="HG-HSP").count() == 2


def test_running_send_due_twice_sends_once(world):
    send_due_reminders(world.contest, today=WEEK_BEFORE_LETTERS)
    again = send_due_reminders(world.contest, today=WEEK_BEFORE_LETTERS)

    assert len(mail.outbox) == 2
    assert again.sent == []
    assert Reminder.objects.count() == 2


def test_days_between_reminder_days_send_nothing_new(world):
    send_due_reminders(world.contest, today=WEEK_BEFORE_LETTERS)
    for day in (9, 10, 11):
        send_due_reminders(world.contest, today=date(2022, 6, day))
    assert len(mail.outbox) == 2

    send_due_reminders(world.contest, today=date(2022, 6, 12))
    assert len(mail.outbox) == 4


def test_a_claim_made_by_another_run_is_respected(world, monkeypatch):
    # Two workers read "nothing sent yet" at the same instant: the constraint decides.
    send_due_reminders(world.contest, today=WEEK_BEFORE_LETTERS)
    monkeypatch.setattr(services, "automatic_keys", lambda contest: set())

    twin = send_due_reminders(world.contest, today=WEEK_BEFORE_LETTERS)

    assert len(mail.outbox) == 2
    assert twin.already_claimed == 2 and twin.sent == []


@pytest.mark.django_db(transaction=True)
def test_a_task_retried_after_a_crash_before_commit_sends_nothing_twice(world, monkeypatch):
    def crash(**kwargs):
        raise RuntimeError("worker killed")

    monkeypatch.setattr(services, "record", crash)
    with pytest.raises(RuntimeError):
        send_due_reminders(world.contest, today=WEEK_BEFORE_LETTERS)
    first = [m.to for m in mail.outbox]
    assert len(first) == 1  # one e-mail left before the crash; its row was claimed

    monkeypatch.undo()
    send_due_reminders(world.contest, today=WEEK_BEFORE_LETTERS)
    send_due_reminders(world.contest, today=WEEK_BEFORE_LETTERS)

    assert len(mail.outbox) == 2
    assert mail.outbox[1].to != first[0]
    unconfirmed = Reminder.objects.get(sent_at__isnull=True)
    assert unconfirmed.recipient_list == first[0]


def test_a_mail_server_failure_gives_the_claim_back(world, monkeypatch):
    def refuse(self, fail_silently=False):
        raise ConnectionRefusedError("no SMTP server")

    monkeypatch.setattr(EmailMultiAlternatives, "send", refuse)
    outcome = send_due_reminders(world.contest, today=WEEK_BEFORE_LETTERS)

    assert sorted(u.code for u in outcome.failed) == ["HG-BQ", "HG-YM"]
    assert not Reminder.objects.exists()
    assert [str(p) for p in outcome.problems()][1:] == [
        "HG-BQ: gửi e-mail không thành công; sẽ thử lại ở lần nhắc sau.",
        "HG-YM: gửi e-mail không thành công; sẽ thử lại ở lần nhắc sau.",
    ]

    monkeypatch.undo()
    send_due_reminders(world.contest, today=date(2022, 6, 9))  # the next run catches up
    assert len(mail.outbox) == 2


def test_a_unit_without_any_address_is_reported_not_skipped(world):
    outcome = send_due_reminders(world.contest, today=WEEK_BEFORE_LETTERS)

    assert [str(p) for p in outcome.problems()] == [
        "HG-HSP: không có địa chỉ e-mail (của đơn vị hay người đại diện); chưa nhắc được."
    ]
    assert not Reminder.objects.filter(unit__code="HG-HSP").exists()


def test_an_inactive_unit_is_never_reminded(world):
    send_due_reminders(world.contest, today=date(2022, 6, 14))
    assert not Reminder.objects.filter(unit__code="HG-QB").exists()


def test_each_sent_reminder_is_in_the_audit_log(world):
    send_due_reminders(world.contest, today=WEEK_BEFORE_LETTERS)

    events = AuditEvent.objects.filter(action="reminder.sent").order_by("object_id")
    assert events.count() == 2
    event = next(e for e in events if e.after["unit"] == "HG-YM")
    assert event.actor is None and event.contest == world.contest
    assert event.after["kind"] == "below_minimum" and event.after["days_before"] == 7
    assert event.after["recipients"] == ["hg-ym@example.vn", "dai.dien.yenminh@example.vn"]


def organiser():
    return get_user_model().objects.create_user("bantochuc", email="btc@example.vn")


def test_a_manual_reminder_is_always_sent_and_recorded_as_manual(world):
    by = organiser()
    send_due_reminders(world.contest, today=WEEK_BEFORE_LETTERS)
    units = [world.units["HG-YM"]]

    first = send_reminder(contest=world.contest, units=units, kind=Kind.BELOW_MINIMUM, by=by)
    second = send_reminder(contest=world.contest, units=units, kind=Kind.BELOW_MINIMUM, by=by)

    assert len(first.sent) == len(second.sent) == 1
    assert len(mail.outbox) == 4
    manual = Reminder.objects.filter(manual=True)
    assert manual.count() == 2 and {r.sent_by for r in manual} == {by}
    assert AuditEvent.objects.filter(action="reminder.sent", actor=by).count() == 2


def test_a_manual_reminder_after_the_close_says_the_deadline_has_passed(world):
    send_reminder(
        contest=world.contest,
        units=[world.units["HG-BQ"]],
        kind=Kind.LETTER_MISSING,
        by=organiser(),
    )

    body = mail.outbox[0].body
    assert "Hạn cuối nhận clip dự thi: ngày 30/06/2022 (đã quá hạn)." in body
    assert Reminder.objects.get().days_before is None


def test_a_manual_reminder_of_something_the_unit_has_is_not_sent(world):
    outcome = send_reminder(
        contest=world.contest,
        units=[world.units["HG-TP"], world.units["HG-HSP"]],
        kind=Kind.BELOW_MINIMUM,
        by=organiser(),
    )

    assert mail.outbox == []
    assert [str(p) for p in outcome.problems(manual=True)] == [
        "HG-HSP: không có địa chỉ e-mail (của đơn vị hay người đại diện); chưa nhắc được.",
        "HG-TP: đã đủ số clip hợp lệ tối thiểu; không cần nhắc.",
    ]
    assert not Reminder.objects.exists()


# --- the daily task --------------------------------------------------------------------------


@pytest.fixture
def queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()
    yield default_task_backend
    default_task_backend.clear()


@freeze_time("2022-06-08 01:00:00")  # 08:00 in Hà Giang
def test_the_daily_task_sends_and_enqueues_tomorrows_run_once(world, queue):
    send_due_reminders_task.call()
    send_due_reminders_task.call()  # a doubled delivery

    assert len(mail.outbox) == 2
    assert len(queue.results) == 1
    run_after = queue.results[0].task.run_after
    assert run_after.isoformat() == "2022-06-09T07:00:00+07:00"
    assert list(DailyRun.objects.values_list("day", flat=True)) == [date(2022, 6, 8)]


@freeze_time("2022-06-08 01:00:00")
def test_on_a_backend_that_cannot_wait_the_task_still_sends(world, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

    send_due_reminders_task.call()

    assert len(mail.outbox) == 2
    assert not DailyRun.objects.exists()


def test_practice_runs_and_closed_contests_are_not_reminded_automatically(world):
    from factories import RULES_2022

    from clipcontest.contests.practice import practice_rules
    from clipcontest.contests.services import load_contest

    with freeze_time("2022-06-08 01:00:00"):
        practice = load_contest(
            practice_rules(RULES_2022.read_text(encoding="utf-8"), today=date(2022, 6, 8))
        ).contest
        assert practice.practice
        assert open_contests() == [world.contest]
    assert open_contests(datetime.fromisoformat("2022-07-01T08:00:00+07:00")) == []


@freeze_time("2022-06-08 01:00:00")
def test_with_the_database_queue_the_day_and_tomorrows_run_are_stored_together(world, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    send_due_reminders_task.call()
    send_due_reminders_task.call()

    queued = DBTaskResult.objects.get()
    assert queued.task_path.endswith("send_due_reminders_task")
    assert queued.run_after.isoformat() == "2022-06-09T00:00:00+00:00"
