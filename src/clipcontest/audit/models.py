"""The record of who did what: written by the services, read by the organisers, never edited.

Append-only is enforced here, in the model, and not only in the admin: ``save()`` on a stored
row, ``delete()``, and a queryset's ``update()`` / ``delete()`` / ``bulk_update()`` all raise
:class:`AuditLogIsAppendOnly`. A log that some code path could quietly rewrite would prove
nothing when a unit disputes a decision.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditLogIsAppendOnly(Exception):
    """Someone tried to change or delete a row of the audit log."""

    def __init__(self, what: str) -> None:
        super().__init__(
            f"The audit log is append-only: {what} is refused. Record a new event instead "
            "(clipcontest.audit.services.record)."
        )


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> int:
        raise AuditLogIsAppendOnly("updating audit events")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AuditLogIsAppendOnly("deleting audit events")

    def bulk_update(self, objs: Any, fields: Any, batch_size: int | None = None) -> int:
        raise AuditLogIsAppendOnly("updating audit events")

    def update_or_create(self, *args: Any, **kwargs: Any) -> Any:
        raise AuditLogIsAppendOnly("updating audit events")


class AuditEvent(models.Model):
    """One change: who, when, what it was before and after, and why.

    Rows are only ever added (``record``); ``object_repr`` keeps how the object read at the time
    (a clip's code and title), so the log stays legible after the object changes.
    """

    at = models.DateTimeField(_("when"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    action = models.CharField(_("action"), max_length=60, db_index=True)
    object_type = models.CharField(_("object type"), max_length=60)
    object_id = models.CharField(_("object"), max_length=60)
    object_repr = models.CharField(_("object as it read then"), max_length=200, blank=True)
    contest = models.ForeignKey(
        "contests.Contest", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    reason = models.TextField(_("why"), blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            # The organisers' page: one contest's events, newest first.
            models.Index(fields=["contest", "-at"], name="audit_contest_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AuditLogIsAppendOnly(f"changing audit event {self.pk}")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AuditLogIsAppendOnly(f"deleting audit event {self.pk}")
