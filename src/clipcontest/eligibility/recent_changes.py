"""What changed in a contest lately, unit by unit, for the organisers' dashboard.

Part of the console's reading (``console.py``): the clips' and letters' own rows say what was
entered, withdrawn and received (imports write no audit row per clip); the audit log adds the
organisers' decisions and every other change, each said once, in a fixed number of queries.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from functools import reduce
from operator import or_

from django.db.models import Q
from django.utils import timezone

from clipcontest.audit.models import AuditEvent
from clipcontest.contests.models import Contest
from clipcontest.entries.models import Entry, OfficialLetter
from clipcontest.units.models import Unit


class ChangeKind(StrEnum):
    NEW = "new"
    WITHDRAWN = "withdrawn"
    LETTER_RECEIVED = "letter_received"
    REVIEW = "review"  # an organiser verified, overrode, disqualified or restored
    OTHER = "other"


@dataclass(frozen=True)
class Change:
    kind: ChangeKind
    at: datetime
    label: str  # the clip's reference or the letter's number
    title: str = ""
    action: str = ""
    reason: str = ""


@dataclass(frozen=True)
class UnitChanges:
    code: str  # "" for changes that belong to no unit
    name: str
    changes: tuple[Change, ...] = field(default=())

    def of(self, kind: ChangeKind) -> list[Change]:
        return [change for change in self.changes if change.kind is kind]

    @property
    def new(self) -> list[Change]:
        return self.of(ChangeKind.NEW)

    @property
    def withdrawn(self) -> list[Change]:
        return self.of(ChangeKind.WITHDRAWN)

    @property
    def letters(self) -> list[Change]:
        return self.of(ChangeKind.LETTER_RECEIVED)

    @property
    def reviews(self) -> list[Change]:
        return self.of(ChangeKind.REVIEW)

    @property
    def other(self) -> list[Change]:
        return self.of(ChangeKind.OTHER)

    @property
    def other_by_action(self) -> list[tuple[str, list[Change]]]:
        """Other changes, one line per kind of action (an import touches many clips)."""
        grouped: dict[str, list[Change]] = {}
        for change in self.other:
            grouped.setdefault(change.action, []).append(change)
        return list(grouped.items())


ENTRY_TYPE = Entry._meta.label_lower
LETTER_TYPE = OfficialLetter._meta.label_lower
UNIT_TYPE = Unit._meta.label_lower
# Said by the entry rows themselves (created_at, withdrawn_at), which imports also fill.
_FROM_ROWS = {
    "entry.submitted": None,
    "entry.imported": None,
    "entry.withdrawn": ChangeKind.WITHDRAWN,
}
# Jury, scores and awards have their own pages; the console's "since yesterday" is about intake.
_LATER_STEPS = ("jury.", "scores.", "results.", "certificate.", "document.", "committee.")
_SAID_BY_ROWS = {ChangeKind.NEW, ChangeKind.WITHDRAWN, ChangeKind.LETTER_RECEIVED}


def changes_since(
    contest: Contest, since: datetime | None = None, *, now: datetime | None = None
) -> list[UnitChanges]:
    """New and withdrawn clips, letters received and organisers' decisions, grouped by unit.

    Read from the entries and letters themselves (imports write no audit row per clip) and
    from the audit log, each change said once; at most five queries however much happened.
    """
    now = now or timezone.now()
    since = since or now - timedelta(hours=24)
    events = list(
        AuditEvent.objects.filter(contest=contest, at__range=(since, now))
        .exclude(reduce(or_, (Q(action__startswith=step) for step in _LATER_STEPS)))
        .order_by("at", "pk")
        .values(
            "at", "action", "object_type", "object_id", "object_repr", "before", "after", "reason"
        )
    )
    ids: dict[str, set[int]] = {kind: set() for kind in (ENTRY_TYPE, LETTER_TYPE, UNIT_TYPE)}
    for event in events:
        if event["object_type"] in ids and event["object_id"].isdigit():
            ids[event["object_type"]].add(int(event["object_id"]))
    entries = list(
        Entry.objects.filter(contest=contest)
        .filter(
            Q(created_at__range=(since, now))
            | Q(withdrawn_at__range=(since, now))
            | Q(pk__in=ids[ENTRY_TYPE])
            | Q(ref__in={ref for event in events for ref in _refs_said(event)})
        )
        .values("pk", "ref", "title", "unit__code", "created_at", "withdrawn_at")
    )
    letters = {
        row["pk"]: row
        for row in OfficialLetter.objects.filter(contest=contest)
        .filter(Q(pk__in=ids[LETTER_TYPE]) | Q(received_at__range=(since, now)))
        .values("pk", "number", "unit__code", "received_at")
    }
    subjects = _Subjects(
        entries={row["pk"]: row for row in entries},
        refs={row["ref"]: row for row in entries},
        letters=letters,
        units=dict(Unit.objects.filter(pk__in=ids[UNIT_TYPE]).values_list("pk", "code")),
    )
    found: list[tuple[str, Change]] = list(_row_changes(entries, letters.values(), since, now))
    said = {(unit, change.kind, change.label) for unit, change in found}
    for event in events:
        kind = _kind(event["action"])
        if kind is None:
            continue
        unit, label, title = subjects.of(event)
        # A clip's or letter's row and its audit row say the same thing: keep one. Decisions
        # (reviews, edits) are each their own change, even several on one clip.
        if kind in _SAID_BY_ROWS and (unit, kind, label) in said:
            continue
        said.add((unit, kind, label))
        found.append(
            (unit, Change(kind, event["at"], label, title, event["action"], event["reason"]))
        )
    return _grouped(found)


def _row_changes(
    entries: Iterable[dict], letters: Iterable[dict], since: datetime, now: datetime
) -> Iterable[tuple[str, Change]]:
    for row in entries:
        for kind, moment in (
            (ChangeKind.NEW, "created_at"),
            (ChangeKind.WITHDRAWN, "withdrawn_at"),
        ):
            if row[moment] and since <= row[moment] <= now:
                yield row["unit__code"], Change(kind, row[moment], row["ref"], row["title"])
    for letter in letters:
        if letter["received_at"] and since <= letter["received_at"] <= now:
            change = Change(ChangeKind.LETTER_RECEIVED, letter["received_at"], letter["number"])
            yield letter["unit__code"], change


def _said(event: Mapping, key: str) -> str:
    """A value the change recorded about itself (``after`` first, else ``before``)."""
    for side in ("after", "before"):
        value = event[side].get(key) if isinstance(event[side], dict) else None
        if isinstance(value, str) and value:
            return value
    return ""


def _kind(action: str) -> ChangeKind | None:
    if action in _FROM_ROWS:
        return _FROM_ROWS[action]
    if action == "letter.received":
        return ChangeKind.LETTER_RECEIVED
    if action.startswith("review."):
        return ChangeKind.REVIEW
    return ChangeKind.OTHER


def _refs_said(event: Mapping) -> list[str]:
    """The clip references an audit row names: in its values, or leading its description
    ("HG-DV-1: duration_unverified", "HG-DV-1 — title")."""
    leading = re.split(r":| — ", event["object_repr"] or "", maxsplit=1)[0].strip()
    return [ref for ref in (_said(event, "ref"), _said(event, "entry"), leading) if ref]


@dataclass(frozen=True)
class _Subjects:
    """The clips, letters and units the audit rows point at, read once."""

    entries: dict[int, dict]
    refs: dict[str, dict]
    letters: dict[int, dict]
    units: dict[int, str]

    def of(self, event: Mapping) -> tuple[str, str, str]:
        """The unit, label and title an audit row is about, however its object was recorded."""
        object_type, object_id = event["object_type"], event["object_id"]
        pk = int(object_id) if object_id.isdigit() else None
        if object_type == LETTER_TYPE and pk in self.letters:
            letter = self.letters[pk]
            return letter["unit__code"], letter["number"], ""
        if object_type == UNIT_TYPE and pk in self.units:
            return self.units[pk], self.units[pk], ""
        entry = self.entries.get(pk) if object_type == ENTRY_TYPE else None
        for ref in _refs_said(event):
            entry = entry or self.refs.get(ref)
        if entry:
            return entry["unit__code"], entry["ref"], entry["title"]
        return _said(event, "unit"), event["object_repr"] or object_id, ""


def _grouped(found: list[tuple[str, Change]]) -> list[UnitChanges]:
    codes = sorted({unit for unit, _ in found if unit})
    names = dict(Unit.objects.filter(code__in=codes).values_list("code", "name")) if codes else {}
    order = [*codes, ""] if any(not unit for unit, _ in found) else codes
    return [
        UnitChanges(
            code=code,
            name=names.get(code, ""),
            changes=tuple(sorted((c for u, c in found if u == code), key=lambda c: c.at)),
        )
        for code in order
    ]
