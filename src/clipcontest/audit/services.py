"""Writing to the audit log: one call per change, inside the change's own transaction."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from .models import AuditEvent


def record(
    *,
    action: str,
    obj: Any,
    actor: Any = None,
    contest: Any = None,
    before: dict | None = None,
    after: dict | None = None,
    reason: str = "",
) -> AuditEvent:
    """Add one row; callers run it in the same transaction as the change it describes."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        at=timezone.now(),
        actor=user,
        action=action,
        object_type=type(obj)._meta.label_lower if hasattr(obj, "_meta") else type(obj).__name__,
        object_id=str(getattr(obj, "pk", obj)),
        contest=contest,
        before=before,
        after=after,
        reason=reason,
    )
