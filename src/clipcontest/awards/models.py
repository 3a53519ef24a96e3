"""Certificates: what was printed for each prize, kept so anyone can verify it by its serial."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from clipcontest.contests.models import Contest
from clipcontest.entries.models import Entry


class Certificate(models.Model):
    """One prize's certificate, with the facts as printed (a later rename does not rewrite it).

    The serial is printed and encoded in the QR code; its random part makes serials
    unguessable, so the public verification page cannot be walked. A certificate is never
    deleted: when reopened results move a prize, the old one is voided with the reason and a
    new one issued.
    """

    contest = models.ForeignKey(Contest, on_delete=models.PROTECT, related_name="certificates")
    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="certificates")
    number = models.PositiveIntegerField(_("number"))
    serial = models.CharField(_("serial"), max_length=40, unique=True)
    rank = models.PositiveIntegerField(_("rank"))
    tier_key = models.SlugField(_("prize"), max_length=40)
    tier_name = models.CharField(_("prize name"), max_length=100)
    tier_name_en = models.CharField(_("prize name in English"), max_length=100, blank=True)
    amount = models.PositiveBigIntegerField(_("amount (VND)"))
    # As printed: a later change of the letterhead's "linh"/"lẻ" does not rewrite it.
    amount_in_words = models.CharField(_("amount in words"), max_length=300, blank=True)
    title = models.CharField(_("clip title"), max_length=500)
    unit_name = models.CharField(_("unit"), max_length=300)
    authors = models.JSONField(_("authors"), default=list)
    issued_on = models.DateField(_("issued on"))
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True)
    void_reason = models.TextField(_("why it was voided"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["contest", "number"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "number"], name="certificate_number_unique"),
            models.UniqueConstraint(
                fields=["entry"],
                condition=models.Q(voided_at__isnull=True),
                name="one_valid_certificate_per_entry",
            ),
        ]

    def __str__(self) -> str:
        return self.serial

    @property
    def valid(self) -> bool:
        return self.voided_at is None
