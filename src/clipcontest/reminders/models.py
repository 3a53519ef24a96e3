"""Reminders e-mailed to units: who was reminded of what, when, by whom, at which addresses."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from clipcontest.contests.models import Contest
from clipcontest.units.models import Unit

from .choices import Deadline, Kind


class Reminder(models.Model):
    """One reminder to one unit about one thing it lacks.

    An automatic row is written (claimed) before its e-mail goes out and marked sent after, so
    a doubled or retried task finds the row and sends nothing: a unit gets each automatic
    reminder once, even when the e-mail was sent and the process died before saying so
    (``sent_at`` then stays empty, and the organisers' page shows it as unconfirmed).
    """

    contest = models.ForeignKey(Contest, on_delete=models.PROTECT, related_name="reminders")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="reminders")
    kind = models.CharField(_("about"), max_length=20, choices=Kind)
    deadline = models.CharField(_("deadline"), max_length=10, choices=Deadline)
    days_before = models.PositiveSmallIntegerField(_("days before the deadline"), null=True)
    claimed_at = models.DateTimeField(_("prepared at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
        help_text=_("Empty for the daily automatic reminders."),
    )
    recipients = models.TextField(_("sent to"), blank=True)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    manual = models.BooleanField(_("sent by hand"), default=False)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-claimed_at", "-pk"]
        constraints = [
            # The promise to the units: each automatic reminder once. Manual ones are free.
            models.UniqueConstraint(
                fields=["contest", "unit", "kind", "deadline", "days_before"],
                condition=models.Q(manual=False),
                name="reminder_automatic_once",
            ),
            models.CheckConstraint(
                condition=models.Q(manual=True) | models.Q(days_before__isnull=False),
                name="reminder_automatic_has_day",
            ),
        ]
        indexes = [models.Index(fields=["contest", "-claimed_at"], name="reminder_contest_at")]

    def __str__(self) -> str:
        return f"{self.unit.code}: {self.get_kind_display()} ({self.get_deadline_display()})"

    @property
    def recipient_list(self) -> list[str]:
        return [address for address in self.recipients.split("\n") if address]


class DailyRun(models.Model):
    """The days the daily reminder task ran; one row per day keeps one chain of tasks alive.

    ``clipcontest reminders schedule`` run twice, or a task delivered twice, would otherwise
    start two chains that each enqueue tomorrow's run, for ever.
    """

    day = models.DateField(_("day"), unique=True)
    ran_at = models.DateTimeField(_("ran at"), auto_now_add=True)

    class Meta:
        verbose_name = _("daily reminder run")
        verbose_name_plural = _("daily reminder runs")
        ordering = ["-day"]

    def __str__(self) -> str:
        return self.day.isoformat()
