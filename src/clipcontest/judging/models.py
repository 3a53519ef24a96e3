"""The jury of a contest: its members and their conflicts, who scores which clip, the score
sheets, and the finalisation of the results."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from clipcontest.contests.models import Contest, Criterion
from clipcontest.entries.models import Entry
from clipcontest.units.models import Unit


class JuryMember(models.Model):
    """A member of the Ban Giám khảo; one who belongs to a unit never scores that unit's clips."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="jury")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="jury_seats"
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("belongs to unit"),
    )
    # Seeds this member's own shuffled order of clips, so no clip is always scored first.
    order_seed = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("jury member")
        verbose_name_plural = _("jury")
        ordering = ["contest", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "user"], name="jury_member_once"),
        ]

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.get_username()


class Conflict(models.Model):
    """A declared conflict besides the member's own unit: a unit or one clip."""

    member = models.ForeignKey(JuryMember, on_delete=models.CASCADE, related_name="conflicts")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, null=True, blank=True)
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300)

    class Meta:
        verbose_name = _("declared conflict")
        verbose_name_plural = _("declared conflicts")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(unit__isnull=True) ^ models.Q(entry__isnull=True),
                name="conflict_names_a_unit_or_a_clip",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.unit or self.entry}"


class Assignment(models.Model):
    """A clip a member must score."""

    member = models.ForeignKey(JuryMember, on_delete=models.CASCADE, related_name="assignments")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="jury_assignments")

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(fields=["member", "entry"], name="assignment_once"),
        ]

    def __str__(self) -> str:
        return f"{self.member} → {self.entry.ref}"


class ScoreSheet(models.Model):
    """One member's scores for one clip: a draft until submitted."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")

    assignment = models.OneToOneField(Assignment, on_delete=models.PROTECT, related_name="sheet")
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT)
    comment = models.TextField(_("comment"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("score sheet")
        verbose_name_plural = _("score sheets")

    def __str__(self) -> str:
        return str(self.assignment)


class CriterionScore(models.Model):
    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    # Decimals to one place, within 0..max_points of the criterion (checked by the service).
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=1)

    class Meta:
        verbose_name = _("criterion score")
        verbose_name_plural = _("criterion scores")
        constraints = [
            models.UniqueConstraint(fields=["sheet", "criterion"], name="one_score_per_criterion"),
            models.CheckConstraint(condition=models.Q(points__gte=0), name="points_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion.key}: {self.points}"


class ResultsDecision(models.Model):
    """Finalising or reopening a contest's results; the latest decides whether scores lock."""

    class Action(models.TextChoices):
        FINALISE = "finalise", _("finalised")
        REOPEN = "reopen", _("reopened")

    contest = models.ForeignKey(Contest, on_delete=models.PROTECT, related_name="decisions")
    action = models.CharField(_("action"), max_length=20, choices=Action)
    at = models.DateTimeField(_("when"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"))

    class Meta:
        verbose_name = _("results decision")
        verbose_name_plural = _("results decisions")
        ordering = ["contest", "-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.contest.slug} {self.action} {self.at:%Y-%m-%d %H:%M}"
