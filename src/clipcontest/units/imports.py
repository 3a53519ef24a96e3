"""Import the participating units from the organisers' spreadsheet (all or nothing)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from clipcontest.common.tabular import (
    REQUIRED,
    TOO_LONG,
    Column,
    ImportFailed,
    Problem,
    Row,
    fold,
    read_table,
)
from clipcontest.common.text import Text

from .models import Unit

COLUMNS = (
    Column("code", ("mã", "mã đơn vị", "ký hiệu")),
    Column("name", ("tên", "tên đơn vị", "đơn vị")),
    Column("kind", ("loại", "loại đơn vị", "cấp")),
    Column("email", ("e-mail", "thư điện tử", "hộp thư"), required=False),
)
CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$")
KIND_WORDS = {
    Unit.Kind.DISTRICT: ("district", "huyện ủy", "huyện", "ban chỉ đạo 35 huyện"),
    Unit.Kind.CITY: ("city", "thành ủy", "thành phố", "ban chỉ đạo 35 thành ủy"),
    Unit.Kind.AFFILIATED: ("affiliated", "đảng ủy trực thuộc", "trực thuộc", "đảng ủy"),
}
_KINDS = {fold(word): kind for kind, words in KIND_WORDS.items() for word in words}

BAD_CODE = Text(
    vi="mã {value!r} không hợp lệ (chữ, số, '-', '_' hoặc '.', tối đa 32 ký tự)",
    en="invalid code {value!r} (letters, digits, '-', '_' or '.', at most 32 characters)",
)
BAD_KIND = Text(
    vi="loại đơn vị {value!r} không hợp lệ (huyện ủy, thành ủy hoặc đảng ủy trực thuộc)",
    en="invalid kind {value!r} (district, city or affiliated)",
)
BAD_EMAIL = Text(
    vi="địa chỉ e-mail không hợp lệ: {value!r}", en="invalid e-mail address: {value!r}"
)
REPEATED_CODE = Text(
    vi="mã {value!r} đã có ở dòng {row}", en="the code {value!r} is already on row {row}"
)


@dataclass(frozen=True)
class UnitsImported:
    created: int
    updated: int


def import_units(content: bytes, filename: str) -> UnitsImported:
    """Create or update units by code; one bad row stores nothing (``ImportFailed``)."""
    rows, problems = read_table(content, filename, COLUMNS)
    seen: dict[str, int] = {}
    cleaned = []
    for row in rows:
        values, row_problems = _clean_row(row, seen)
        problems += row_problems
        cleaned.append(values)
    if problems:
        raise ImportFailed(problems)
    return _store(cleaned)


def _clean_row(row: Row, seen: dict[str, int]) -> tuple[dict[str, str], list[Problem]]:
    problems: list[Problem] = []

    def bad(column: str, message: Text) -> None:
        problems.append(Problem(row.number, column, message))

    code, name, email = row.get("code").upper(), row.get("name"), row.get("email")
    if not code:
        bad("code", REQUIRED)
    elif not CODE_PATTERN.match(code):
        bad("code", BAD_CODE.format(value=code))
    elif code in seen:
        bad("code", REPEATED_CODE.format(value=code, row=seen[code]))
    else:
        seen[code] = row.number
    if not name:
        bad("name", REQUIRED)
    for column, text in (("name", name), ("email", email)):
        # Checked here so that a long cell is a named problem, not a database error on save.
        limit = Unit._meta.get_field(column).max_length
        if len(text) > limit:
            bad(column, TOO_LONG.format(limit=limit, length=len(text)))
    kind = _KINDS.get(fold(row.get("kind")))
    if kind is None:
        bad("kind", REQUIRED if not row.get("kind") else BAD_KIND.format(value=row.get("kind")))
    if email:
        try:
            validate_email(email)
        except ValidationError:
            bad("email", BAD_EMAIL.format(value=email))
    return {"code": code, "name": name, "kind": kind or "", "email": email}, problems


@transaction.atomic
def _store(rows: list[dict[str, str]]) -> UnitsImported:
    existing = {u.code: u for u in Unit.objects.select_for_update()}
    created = updated = 0
    for values in rows:
        unit = existing.get(values["code"])
        if unit is None:
            Unit.objects.create(**values)
            created += 1
            continue
        changed = False
        for attr in ("name", "kind", "email"):
            if getattr(unit, attr) != values[attr]:
                setattr(unit, attr, values[attr])
                changed = True
        if changed:
            unit.save()
            updated += 1
    return UnitsImported(created=created, updated=updated)
