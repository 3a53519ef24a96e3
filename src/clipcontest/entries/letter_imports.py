"""Import the official letters (công văn) that list each unit's clips, all or nothing."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction

from clipcontest.audit.services import record
from clipcontest.common.dates import parse_date, parse_datetime
from clipcontest.common.tabular import (
    REQUIRED,
    Column,
    Imported,
    ImportFailed,
    RowCheck,
    read_table,
)
from clipcontest.common.text import Text
from clipcontest.contests.models import Contest
from clipcontest.units.models import Unit

from .imports import UNKNOWN_UNIT
from .letters import letter_facts
from .models import Entry, OfficialLetter

LETTER_COLUMNS = (
    Column("unit", ("đơn vị", "mã đơn vị")),
    Column("number", ("số", "số công văn", "số hiệu")),
    Column("date", ("ngày", "ngày công văn", "ngày ban hành")),
    Column("received_at", ("received at", "ngày nhận", "thời gian nhận"), required=False),
    Column("entries", ("clips", "danh sách clip", "các clip", "mã clip")),
)
LIST_SEPARATOR = re.compile(r"[;,\n]")

UNKNOWN_ENTRY = Text(
    vi="không có clip mã {value!r} trong cuộc thi", en="the contest has no entry {value!r}"
)
ENTRY_OF_OTHER_UNIT = Text(
    vi="clip {value!r} thuộc đơn vị {unit}, không phải đơn vị gửi công văn",
    en="entry {value!r} belongs to unit {unit}, not to the unit sending the letter",
)
REPEATED_LETTER = Text(
    vi="công văn số {value!r} của đơn vị này đã có ở dòng {row}",
    en="letter {value!r} of this unit is already on row {row}",
)


# --- official letters ---------------------------------------------------------------------------


@dataclass
class _LetterRow:
    unit: Unit
    number: str
    date: date
    received_at: datetime | None
    entries: list[Entry]


def import_letters(content: bytes, filename: str, *, contest: Contest, by: Any = None) -> Imported:
    """Create or update official letters by (unit, number); all or nothing.

    Each letter created or changed gets one audit event by ``by`` (a row that changes nothing
    gets none, so importing the same file twice leaves the log as it was).
    """
    rows, problems = read_table(content, filename, LETTER_COLUMNS)
    units = {u.code: u for u in Unit.objects.all()}
    entries = {e.ref: e for e in Entry.objects.filter(contest=contest).select_related("unit")}
    seen: dict[tuple[str, str], int] = {}
    cleaned: list[_LetterRow] = []
    for row in rows:
        check = RowCheck(row)
        letter = _clean_letter(check, contest, units, entries)
        if letter is not None:
            key = (letter.unit.code, letter.number)
            if key in seen:
                check.bad("number", REPEATED_LETTER.format(value=letter.number, row=seen[key]))
            seen.setdefault(key, row.number)
        problems += check.problems
        if letter is not None:
            cleaned.append(letter)
    if problems:
        raise ImportFailed(problems)
    return _store_letters(contest, cleaned, by=by, filename=filename)


def _clean_letter(
    check: RowCheck, contest: Contest, units: dict[str, Unit], entries: dict[str, Entry]
) -> _LetterRow | None:
    row = check.row
    unit = units.get(row.get("unit").upper())
    if unit is None:
        check.bad(
            "unit", REQUIRED if not row.get("unit") else UNKNOWN_UNIT.format(value=row.get("unit"))
        )
    number = " ".join(row.get("number").split())
    if not number:
        check.bad("number", REQUIRED)
    check.not_too_long("number", number, OfficialLetter)
    letter_date = check.parse("date", parse_date, required=True)
    received_at = check.parse("received_at", lambda v: parse_datetime(v, contest.zone))
    listed: list[Entry] = []
    refs = [r.strip().upper() for r in LIST_SEPARATOR.split(row.get("entries")) if r.strip()]
    if not refs:
        check.bad("entries", REQUIRED)
    for ref in refs:
        entry = entries.get(ref)
        if entry is None:
            check.bad("entries", UNKNOWN_ENTRY.format(value=ref))
        elif unit is not None and entry.unit_id != unit.pk:
            check.bad("entries", ENTRY_OF_OTHER_UNIT.format(value=ref, unit=entry.unit.code))
        elif entry not in listed:
            listed.append(entry)
    if unit is None or not number or letter_date is None:
        return None
    return _LetterRow(unit, number, letter_date, received_at, listed)


@transaction.atomic
def _store_letters(contest: Contest, rows: list[_LetterRow], *, by: Any, filename: str) -> Imported:
    created = updated = 0
    stored = {
        (letter.unit_id, letter.number): letter
        for letter in OfficialLetter.objects.filter(contest=contest).prefetch_related("entries")
    }
    for row in rows:
        old = stored.get((row.unit.pk, row.number))
        before = letter_facts(old, [e.ref for e in old.entries.all()]) if old else None
        letter, was_created = OfficialLetter.objects.update_or_create(
            contest=contest,
            unit=row.unit,
            number=row.number,
            defaults={"date": row.date, "received_at": row.received_at},
        )
        letter.entries.set(row.entries)
        after = letter_facts(letter, [entry.ref for entry in row.entries])
        if after != before:
            record(
                action="letter.imported",
                obj=letter,
                actor=by,
                contest=contest,
                before=before,
                after=after,
                reason=f"Nhập từ tệp / imported from {filename}",
            )
        created += was_created
        updated += not was_created
    return Imported(created=created, updated=updated)
