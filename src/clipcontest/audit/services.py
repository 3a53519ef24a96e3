"""Writing to the audit log: one call per change, inside the change's own transaction."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db.models import Model
from django.utils import timezone
from django.utils.functional import Promise

from .models import AuditEvent

_REPR_LENGTH = AuditEvent._meta.get_field("object_repr").max_length


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
    """Add one row; callers run it in the same transaction as the change it describes.

    ``before`` and ``after`` may hold Decimals, dates, sets and model instances: they are
    stored as plain JSON (see :func:`plain`), so what the event says after a reload is what it
    said when it was written.
    """
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        at=timezone.now(),
        actor=user,
        action=action,
        object_type=type(obj)._meta.label_lower if hasattr(obj, "_meta") else type(obj).__name__,
        object_id=str(getattr(obj, "pk", obj)),
        object_repr=_repr(obj),
        contest=contest,
        before=plain(before),
        after=plain(after),
        reason=reason,
    )


def plain(value: Any) -> Any:
    """``value`` as JSON can hold it, readably.

    Decimals keep their exact digits as text (``"59.5"``, never a float); moments become ISO
    8601 in the project's time zone; sets are sorted lists; a model instance is its ``str``.
    """
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.datetime):
        moment = timezone.localtime(value) if timezone.is_aware(value) else value
        return moment.isoformat(timespec="seconds")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, set | frozenset):
        return sorted((plain(item) for item in value), key=str)
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, uuid.UUID | Promise | Model):
        return str(value)
    return str(value)


def _repr(obj: Any) -> str:
    try:
        text = str(obj)
    except Exception:  # a broken __str__ must not lose the event
        text = ""
    return " ".join(text.split())[:_REPR_LENGTH]
