"""What the hostile-input tests share: the state of the database, and the figures they report.

Every hostile case must leave the database as it found it, so each test compares a count of
every table a refused input could touch before and after. The counts of cases tried are written
to ``var/test-output/security-figures-input.json`` for SECURITY.md to quote; each test module
adds its own keys, so the file is complete once all of them have run.
"""

from __future__ import annotations

import json
from pathlib import Path

from clipcontest.audit.models import AuditEvent
from clipcontest.entries.models import EngagementSnapshot, Entry, EntryAuthor, OfficialLetter
from clipcontest.units.models import Person, Unit

REPOSITORY = Path(__file__).resolve().parents[2]
FIGURES = REPOSITORY / "var" / "test-output" / "security-figures-input.json"
MODELS = (Entry, EntryAuthor, Person, Unit, OfficialLetter, EngagementSnapshot, AuditEvent)


def db_state() -> dict[str, int]:
    """Rows per table, plus the last audit event: what a refused input must not change."""
    state = {model.__name__: model.objects.count() for model in MODELS}
    last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    state["last_audit_event"] = last or 0
    return state


def record_figures(**counts: int) -> None:
    """Merge ``counts`` into the figures file (other modules write the other keys)."""
    FIGURES.parent.mkdir(parents=True, exist_ok=True)
    try:
        figures = json.loads(FIGURES.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        figures = {}
    figures.update(counts)
    FIGURES.write_text(
        json.dumps(figures, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8"
    )
