"""The figures of the fetch-guard, fault and backup tests, for SECURITY.md to quote.

Each test that proves a refusal, injects a fault or makes a round trip notes it here when it
has passed; the last test of each module merges its counts into
``var/test-output/security-figures-faults.json`` (other modules write the other keys).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]
FIGURES = REPOSITORY / "var" / "test-output" / "security-figures-faults.json"

PROVEN: Counter[str] = Counter()


def note(kind: str, count: int = 1) -> None:
    """Count ``kind`` (e.g. ``fetch_refusals``) once the test asserting it has passed."""
    PROVEN[kind] += count


def record(*kinds: str) -> dict[str, int]:
    """Merge this run's counts of ``kinds`` into the figures file; returns what was written."""
    FIGURES.parent.mkdir(parents=True, exist_ok=True)
    try:
        figures = json.loads(FIGURES.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        figures = {}
    written = {kind: PROVEN[kind] for kind in kinds}
    figures.update(written)
    FIGURES.write_text(json.dumps(figures, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return written
