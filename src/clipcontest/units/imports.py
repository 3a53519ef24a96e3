"""Import the participating units from the organisers' spreadsheet (all or nothing).

``plan_units`` checks every row and says what would change (the page shows it as a preview);
``apply`` stores exactly that, with an audit row per unit created or updated, and refuses if
the units changed in between. ``import_units`` does both at once for the command line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction

from clipcontest.audit.services import record
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
from clipcontest.common.transfer import (
    FieldChange,
    ImportStale,
    Plan,
    RowChange,
    check_not_stale,
    source_digest,
    state_digest,
    unguarded,
)

from .models import Unit

KIND = "units"
FIELDS = ("name", "kind", "email")
# The headings of the export, and how the preview names each field.
LABELS = {
    "code": Text(vi="Mã đơn vị", en="Code"),
    "name": Text(vi="Tên đơn vị", en="Name"),
    "kind": Text(vi="Loại đơn vị", en="Kind"),
    "email": Text(vi="Thư điện tử", en="E-mail"),
}
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
# How the export writes each kind: words the import reads back as that kind.
KIND_NAMES = {
    Unit.Kind.DISTRICT: "Huyện ủy",
    Unit.Kind.CITY: "Thành ủy",
    Unit.Kind.AFFILIATED: "Đảng ủy trực thuộc",
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
class _UnitAction:
    row: int
    values: dict[str, str]
    changed: tuple[str, ...] | None  # None: create


def import_units(content: bytes, filename: str, *, by: Any = None) -> Imported:
    """Create or update units by code; one bad row stores nothing (``ImportFailed``)."""
    return apply(plan_units(content, filename), by)


def plan_units(content: bytes, filename: str) -> Plan:
    """Check every row and describe the change; ``ImportFailed`` names each bad row."""
    rows, problems = read_table(content, filename, COLUMNS)
    seen: dict[str, int] = {}
    cleaned = []
    for row in unguarded(rows):
        check = RowCheck(row)
        cleaned.append((row.number, _clean_row(check, seen)))
        problems += check.problems
    if problems:
        raise ImportFailed(problems)
    existing = {unit.code: unit for unit in Unit.objects.all()}
    actions: list[_UnitAction] = []
    creates: list[RowChange] = []
    updates: list[RowChange] = []
    for number, values in cleaned:
        unit = existing.get(values["code"])
        if unit is None:
            actions.append(_UnitAction(number, values, None))
            creates.append(_row_change(number, values, {}, ("code", *FIELDS)))
            continue
        changed = tuple(attr for attr in FIELDS if getattr(unit, attr) != values[attr])
        if changed:
            actions.append(_UnitAction(number, values, changed))
            updates.append(_row_change(number, values, _values_of(unit), changed))
    source = source_digest(content)
    codes = tuple(values["code"] for _, values in cleaned)
    return Plan(
        kind=KIND,
        filename=filename,
        source=source,
        digest=state_digest(KIND, source, _state(existing, codes)),
        creates=tuple(creates),
        updates=tuple(updates),
        unchanged=len(cleaned) - len(actions),
        actions=tuple(actions),
        scope=codes,
    )


def apply(plan: Plan, by: Any = None, *, previewed: str | None = None) -> Imported:
    """Store what ``plan`` says, in one transaction, with an audit row per unit.

    ``previewed`` is the digest of the plan a person confirmed. Nothing is stored and
    ``ImportStale`` is raised when it is not this plan, or when the units the file names
    changed since the plan was made.
    """
    if plan.kind != KIND:
        raise ValueError(f"not a plan of units: {plan.kind}")
    try:
        with transaction.atomic():
            existing = {unit.code: unit for unit in Unit.objects.select_for_update()}
            check_not_stale(plan, _state(existing, plan.scope), previewed)
            for action in plan.actions:
                _store(action, existing.get(action.values["code"]), by, plan.filename)
    except IntegrityError:
        # A unit with one of the file's codes was stored meanwhile.
        raise ImportStale from None
    return Imported(created=len(plan.creates), updated=len(plan.updates))


def _store(action: _UnitAction, unit: Unit | None, by: Any, why: str) -> None:
    if action.changed is None:
        unit = Unit.objects.create(**action.values)
        record(action="unit.imported", obj=unit, actor=by, after=action.values, reason=why)
        return
    before = {attr: getattr(unit, attr) for attr in action.changed}
    for attr in action.changed:
        setattr(unit, attr, action.values[attr])
    unit.save()
    after = {attr: action.values[attr] for attr in action.changed}
    record(action="unit.import_updated", obj=unit, actor=by, before=before, after=after, reason=why)


def _state(existing: dict[str, Unit], codes: tuple[str, ...]) -> list:
    """The stored values of the units the file names (``None``: not stored yet)."""
    return [
        [code, _values_of(existing[code]) if code in existing else None] for code in sorted(codes)
    ]


def _values_of(unit: Unit) -> dict[str, str]:
    return {"code": unit.code, "name": unit.name, "kind": unit.kind, "email": unit.email}


def _row_change(
    number: int, values: dict[str, str], before: dict[str, str], changed: tuple[str, ...]
) -> RowChange:
    return RowChange(
        row=number,
        key=values["code"],
        label=values["name"],
        fields=tuple(
            FieldChange(
                column=attr,
                label=LABELS[attr],
                before=_shown(attr, before.get(attr, "")),
                after=_shown(attr, values[attr]),
            )
            for attr in changed
        ),
    )


def _shown(attr: str, value: str) -> str:
    return KIND_NAMES.get(value, value) if attr == "kind" else value


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
