"""Who a user is in the contest: organiser, secretary, unit representative or jury member."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from clipcontest.units.models import Unit


class Role(models.TextChoices):
    ORGANISER = "organiser", _("organiser")
    SECRETARY = "secretary", _("secretary")
    UNIT_REPRESENTATIVE = "unit_representative", _("unit representative")
    JURY_MEMBER = "jury_member", _("jury member")


class Profile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    role = models.CharField(_("role"), max_length=30, choices=Role)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="representatives"
    )

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")
        constraints = [
            # A unit representative always acts for one unit; others may belong to one
            # (a jury member from a unit must never score that unit's clips).
            models.CheckConstraint(
                condition=~models.Q(role="unit_representative") | models.Q(unit__isnull=False),
                name="profile_representative_has_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"
