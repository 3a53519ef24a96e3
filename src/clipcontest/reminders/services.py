"""Sending reminders: the daily automatic ones and the organisers' own, each recorded once.

An automatic reminder is claimed before its e-mail goes out: a row is inserted (a database
constraint lets one exist per contest, unit, kind, deadline and reminder day) and committed,
the e-mail is sent, then the row is marked sent and the audit log written. A second run, a
doubled task or a retry after a crash finds the row and sends nothing. If the mail server
refuses, the claim is given back so that the next run tries again.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from clipcontest.audit.services import record
from clipcontest.common.text import Text
from clipcontest.contests.calendar import end_of_day
from clipcontest.contests.models import Contest
from clipcontest.eligibility.queries import contest_facts, contest_report, unit_compliance
from clipcontest.units.models import Unit

from . import messages as m
from .choices import Kind
from .due import Due, SentKey, due_reminders, manual_notice, reminder_days
from .mail import recipients_by_unit, reminder_message, reminder_subject
from .models import Reminder

logger = logging.getLogger(__name__)


@dataclass
class Outcome:
    """What a round of reminders did, and which units it could not reach, with why."""

    sent: list[Reminder] = field(default_factory=list)
    without_address: list[Unit] = field(default_factory=list)
    not_needed: list[tuple[Unit, Kind]] = field(default_factory=list)
    failed: list[Unit] = field(default_factory=list)
    # Due items another run had already claimed (a doubled task, two workers).
    already_claimed: int = 0

    @property
    def units_reminded(self) -> list[Unit]:
        seen: dict[int, Unit] = {}
        for reminder in self.sent:
            seen.setdefault(reminder.unit_id, reminder.unit)
        return list(seen.values())

    def problems(self, *, manual: bool = False) -> list[Text]:
        """One message per unit that was not reminded, in both languages."""
        not_sent = m.NOT_SENT_MANUAL if manual else m.NOT_SENT
        return [
            *(m.NO_ADDRESS.format(unit=unit.code) for unit in self.without_address),
            *(m.NOT_LACKING[kind].format(unit=unit.code) for unit, kind in self.not_needed),
            *(not_sent.format(unit=unit.code) for unit in self.failed),
        ]


def configured_days() -> tuple[int, ...]:
    return reminder_days(settings.CLIPCONTEST_REMINDER_DAYS)


def contest_today(contest: Contest, now: datetime | None = None) -> date:
    """Today's date where the contest runs: deadlines are the contest's local days."""
    return (now or timezone.now()).astimezone(contest.zone).date()


def automatic_keys(contest: Contest) -> set[SentKey]:
    """The automatic reminders of ``contest`` already claimed, as ``due_reminders`` keys."""
    rows = Reminder.objects.filter(contest=contest, manual=False).values_list(
        "unit__code", "kind", "deadline", "days_before"
    )
    return {(code, kind, deadline, days or 0) for code, kind, deadline, days in rows}


def reminders_due(contest: Contest, today: date | None = None) -> tuple[list[Due], list[Unit]]:
    """The automatic reminders due ``today`` (default: the contest's today), with their units.

    The report is taken as of the end of ``today`` when that is in the past, so a replayed day
    (``send-due --today``) sees the letters and clips of that day; else as of now.
    """
    today = today or contest_today(contest)
    at = min(timezone.now(), end_of_day(today, contest.zone))
    compliance = [c for c in unit_compliance(contest_report(contest, at=at)) if c.unit.active]
    due = due_reminders(
        [c.verdict for c in compliance],
        contest_facts(contest),
        today=today,
        days=configured_days(),
        already_sent=automatic_keys(contest),
    )
    return due, [c.unit for c in compliance]


def send_due_reminders(contest: Contest, today: date | None = None) -> Outcome:
    """Send today's automatic reminders of ``contest``: one e-mail per unit, each item once."""
    due, units = reminders_due(contest, today)
    by_code = {unit.code: unit for unit in units}
    grouped: dict[str, list[Due]] = {}
    for item in due:
        grouped.setdefault(item.unit, []).append(item)
    addresses = recipients_by_unit(by_code[code] for code in grouped)
    outcome = Outcome()
    for code, items in grouped.items():
        unit = by_code[code]
        recipients = addresses[unit.pk]
        if not recipients:
            # Reported every run until someone adds an address; then the next run catches up.
            logger.warning("Reminder to unit %s not sent: no e-mail address", code)
            outcome.without_address.append(unit)
            continue
        claimed = _claim(contest, unit, items, recipients, manual=False)
        outcome.already_claimed += len(items) - len(claimed)
        if claimed:
            _deliver(contest, unit, claimed, recipients, by=None, outcome=outcome)
    return outcome


def send_reminder(
    *, contest: Contest, units: Iterable[Unit], kind: Kind, by: AbstractBaseUser
) -> Outcome:
    """An organiser's reminder to the chosen units: sent every time, recorded as manual.

    A unit that no longer lacks what it would be reminded of is left out and reported (the
    page may be older than the last clip the unit added).
    """
    units = list(units)
    today = contest_today(contest)
    facts = contest_facts(contest)
    verdicts = {c.unit.pk: c.verdict for c in unit_compliance(contest_report(contest))}
    addresses = recipients_by_unit(units)
    outcome = Outcome()
    for unit in units:
        verdict = verdicts.get(unit.pk)
        item = manual_notice(verdict, facts, kind, today=today) if verdict else None
        if item is None:
            outcome.not_needed.append((unit, kind))
            continue
        if not addresses[unit.pk]:
            outcome.without_address.append(unit)
            continue
        claimed = _claim(contest, unit, [item], addresses[unit.pk], manual=True, by=by)
        _deliver(contest, unit, claimed, addresses[unit.pk], by=by, outcome=outcome)
    return outcome


def open_contests(now: datetime | None = None, *, today: date | None = None) -> list[Contest]:
    """The contests whose window is open today: the ones the daily task reminds units of.

    "Today" is each contest's own local day, or ``today`` when given (a replayed day).
    Practice runs are left out: their deadlines are pretend, their units real.
    """
    now = now or timezone.now()
    earliest = today or timezone.localdate(now) - timedelta(days=1)
    candidates = Contest.objects.filter(practice=False, closes_on__gte=earliest)
    return [
        contest
        for contest in candidates.order_by("opens_on", "pk")
        if contest.opens_on <= (today or contest_today(contest, now)) <= contest.closes_on
    ]


def send_due_for_open_contests(today: date | None = None) -> dict[str, Outcome]:
    """The daily round: every open contest, by slug."""
    return {
        contest.slug: send_due_reminders(contest, today) for contest in open_contests(today=today)
    }


# --- claim, send, mark -----------------------------------------------------------------------


def _claim(
    contest: Contest,
    unit: Unit,
    items: Sequence[Due],
    recipients: Sequence[str],
    *,
    manual: bool,
    by: AbstractBaseUser | None = None,
) -> list[tuple[Due, Reminder]]:
    """Insert and commit one row per item before anything is sent.

    An automatic item whose row exists already (another run claimed it) is skipped; the
    constraint, not a prior read, decides, so two runs at the same instant cannot both win.
    """
    claimed: list[tuple[Due, Reminder]] = []
    subject = reminder_subject(items)
    with transaction.atomic():
        for item in items:
            try:
                with transaction.atomic():
                    row = Reminder.objects.create(
                        contest=contest,
                        unit=unit,
                        kind=item.kind,
                        deadline=item.deadline,
                        days_before=item.days_before,
                        manual=manual,
                        sent_by=by,
                        recipients="\n".join(recipients),
                        subject=subject,
                    )
            except IntegrityError:
                continue
            claimed.append((item, row))
    return claimed


def _deliver(
    contest: Contest,
    unit: Unit,
    claimed: list[tuple[Due, Reminder]],
    recipients: Sequence[str],
    *,
    by: AbstractBaseUser | None,
    outcome: Outcome,
) -> None:
    items = [item for item, _ in claimed]
    rows = [row for _, row in claimed]
    message = reminder_message(contest, unit, items, recipients)
    try:
        message.send()
    except OSError:  # smtplib's errors are OSErrors too
        # Nothing went out: give the claim back so that the next run tries again. The
        # addresses stay out of the log; the unit's code is enough to follow up.
        logger.exception("Reminder to unit %s was not sent", unit.code)
        Reminder.objects.filter(pk__in=[row.pk for row in rows]).delete()
        outcome.failed.append(unit)
        return
    _mark_sent(contest, claimed, message.subject, by=by)
    outcome.sent.extend(rows)


def _mark_sent(
    contest: Contest,
    claimed: list[tuple[Due, Reminder]],
    subject: str,
    *,
    by: AbstractBaseUser | None,
) -> None:
    with transaction.atomic():
        now = timezone.now()
        for item, row in claimed:
            row.sent_at = now
            row.subject = subject
            row.save(update_fields=["sent_at", "subject"])
            record(
                action="reminder.sent",
                obj=row,
                actor=by,
                contest=contest,
                after={
                    "unit": row.unit.code,
                    "kind": row.kind,
                    "deadline": row.deadline,
                    "deadline_on": item.deadline_on,
                    "days_before": row.days_before,
                    "eligible": item.eligible,
                    "minimum": item.minimum,
                    "recipients": row.recipient_list,
                    "manual": row.manual,
                },
            )
