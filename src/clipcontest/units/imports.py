"""Import the participating units from the organisers' spreadsheet (all or nothing)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from clipcontest.common.tabular import (
    REQUIRED,
    Column,
    Imported,
    ImportFailed,
    RowCheck,
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


def import_units(content: bytes, filename: str) -> Imported:
    """Create or update units by code; one bad row stores nothing (``ImportFailed``)."""
    rows, problems = read_table(content, filename, COLUMNS)
    seen: dict[str, int] = {}
    cleaned = []
    for row in rows:
        check = RowCheck(row)
        cleaned.append(_clean_row(check, seen))
        problems += check.problems
    if problems:
        raise ImportFailed(problems)
    return _store(cleaned)


def _clean_row(check: RowCheck, seen: dict[str, int]) -> dict[str, str]:
    row = check.row
    code, name, email = row.get("code").upper(), row.get("name"), row.get("email")
    if not code:
        check.bad("code", REQUIRED)
    elif not CODE_PATTERN.match(code):
        check.bad("code", BAD_CODE.format(value=code))
    elif code in seen:
        check.bad("code", REPEATED_CODE.format(value=code, row=seen[code]))
    else:
        seen[code] = row.number
    if not name:
        check.bad("name", REQUIRED)
    check.not_too_long("name", name, Unit)
    check.not_too_long("email", email, Unit)
    kind = _KINDS.get(fold(row.get("kind")))
    if kind is None:
        kind_text = row.get("kind")
        check.bad("kind", BAD_KIND.format(value=kind_text) if kind_text else REQUIRED)
    if email:
        try:
            validate_email(email)
        except ValidationError:
            check.bad("email", BAD_EMAIL.format(value=email))
    return {"code": code, "name": name, "kind": kind or "", "email": email}


@transaction.atomic
def _store(rows: list[dict[str, str]]) -> Imported:
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
    return Imported(created=created, updated=updated)
