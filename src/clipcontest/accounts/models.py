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
    invited_at = models.DateTimeField(_("invited at"), null=True, blank=True)

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


class ApiToken(models.Model):
    """A token for the REST API; only its hash is stored, the token is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.user} — {self.name}"
