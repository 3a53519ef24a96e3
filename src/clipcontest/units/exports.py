"""The participating units as an export sheet, in the columns ``units.imports`` reads back.

Exporting, editing a name or an address and importing the file again is the organisers' way to
correct units in bulk: the headings are the import's own, the kinds are written in words it
reads (``Huyện ủy``), and an unchanged file imports as "nothing to change".
"""

from __future__ import annotations

from clipcontest.common.transfer import Sheet

from .imports import KIND_NAMES, LABELS
from .models import Unit

COLUMNS = ("code", "name", "kind", "email")
HEADINGS = tuple(LABELS[column].vi for column in COLUMNS)
WIDTHS = (14, 48, 20, 34)


def units_sheet() -> Sheet:
    """Every unit, by code, in one query."""
    rows = tuple(
        (code, name, KIND_NAMES.get(kind, kind), email)
        for code, name, kind, email in Unit.objects.order_by("code").values_list(*COLUMNS)
    )
    return Sheet(title="Đơn vị", headings=HEADINGS, rows=rows, widths=WIDTHS)
