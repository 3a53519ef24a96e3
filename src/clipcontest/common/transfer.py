"""What the organisers' exports hold and what an import will change, shared by every app.

An export is a list of :class:`Sheet`: Vietnamese headings and plain values, decided by the app
that owns the data (``units.exports``, ``entries.exports``, ``eligibility.exports``) and written
to XLSX or CSV by ``documents.tables``, so no app before ``documents`` depends on it.

An import is planned before it is stored. ``plan_*`` reads and checks the whole file (one bad
row refuses it, as before) and describes the change as a :class:`Plan`: what will be created,
what will be updated with each field's value before and after, and how many rows are already
as the file says. ``apply`` then stores exactly that, provided the stored rows the plan was
made from have not changed since: the plan carries a :attr:`Plan.digest` of them, taken again
under lock when it is applied (:class:`ImportStale` otherwise).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from .tabular import ImportFailed, Problem, Row
from .text import Text

Cell = str | int | Decimal | datetime | None
# What documents.spreadsheet treats as the start of a formula, and the guard its CSV puts first.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_GUARD = "'"

STALE = Text(
    vi="Dữ liệu đã thay đổi từ lúc xem trước nên chưa nhập gì; hãy xem trước lại rồi xác nhận.",
    en="The data changed since the preview, so nothing was imported; preview the file again "
    "and confirm.",
)


@dataclass(frozen=True)
class Sheet:
    """One table of an export: its first row is ``headings``, then ``rows``.

    Datetimes are naive local times of the contest (what people read), numbers stay numbers.
    """

    title: str
    headings: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    widths: tuple[float, ...] = ()


@dataclass(frozen=True)
class FieldChange:
    column: str
    label: Text
    before: str
    after: str


@dataclass(frozen=True)
class RowChange:
    """One row of the file that creates or updates a stored object."""

    row: int
    key: str
    label: str
    fields: tuple[FieldChange, ...]


@dataclass(frozen=True)
class Plan:
    """What applying an import file will do; ``actions`` are the importer's own cleaned rows."""

    kind: str
    filename: str
    source: str
    digest: str
    creates: tuple[RowChange, ...]
    updates: tuple[RowChange, ...]
    unchanged: int
    contest_id: int | None = None
    # The importer's own cleaned rows, and what its digest covers (the keys the file names).
    actions: tuple[Any, ...] = field(default=(), repr=False, compare=False)
    scope: tuple[Any, ...] = field(default=(), repr=False, compare=False)

    @property
    def nothing_to_change(self) -> bool:
        return not self.creates and not self.updates


class ImportStale(ImportFailed):
    """The stored rows changed between the preview and the confirmation; nothing was stored."""

    def __init__(self) -> None:
        super().__init__([Problem(None, None, STALE)])


def source_digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def state_digest(kind: str, source: str, state: object) -> str:
    """The plan's fingerprint: the file, and the stored values the plan was made from."""
    text = json.dumps([kind, source, state], default=str, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def check_not_stale(plan: Plan, state: object, previewed: str | None) -> None:
    """Refuse when the preview showed another plan, or the stored rows changed since."""
    if previewed is not None and previewed != plan.digest:
        raise ImportStale
    if state_digest(plan.kind, plan.source, state) != plan.digest:
        raise ImportStale


def unguarded(rows: Iterable[Row]) -> list[Row]:
    """Rows without the apostrophe our CSV exports put before text that looks like a formula.

    ``'=HYPERLINK(...)`` in an exported CSV means the text ``=HYPERLINK(...)``: taking the
    guard off on the way back in is what lets an exported file be imported unchanged.
    """
    return [
        Row(row.number, {name: _unguard(value) for name, value in row.values.items()})
        for row in rows
    ]


def _unguard(value: str) -> str:
    if value.startswith(FORMULA_GUARD) and value[1:].startswith(FORMULA_TRIGGERS):
        return value[1:]
    return value


def moment_key(moment: datetime | None) -> str | None:
    """A moment to the second: what a spreadsheet shows and gives back."""
    if moment is None:
        return None
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


def local_moment(moment: datetime | None, zone: ZoneInfo) -> datetime | None:
    """``moment`` as a naive local time of ``zone``, to the second: what a sheet holds."""
    if moment is None:
        return None
    return moment.astimezone(zone).replace(tzinfo=None, microsecond=0)


def moment_text(moment: datetime) -> str:
    """``12/03/2022``, ``14/03/2022 09:30`` or ``14/03/2022 09:30:15``: as offices write it,
    and as ``common.dates.parse_datetime`` reads it back (a naive time is contest-local)."""
    if moment.time() == time():
        return f"{moment:%d/%m/%Y}"
    if moment.second:
        return f"{moment:%d/%m/%Y %H:%M:%S}"
    return f"{moment:%d/%m/%Y %H:%M}"
