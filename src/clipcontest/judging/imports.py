"""Import a contest's jury, and the scores of a jury that marks on paper, all or nothing.

Both importers check every row first (units, e-mails, accounts, clips, assignments, bounds) and
then write everything in one transaction, or nothing and every problem with its row number
(the header is row 1), like the units and entries imports.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower

from clipcontest.accounts.models import Profile, Role
from clipcontest.audit.services import record
from clipcontest.common.tabular import (
    REQUIRED,
    Column,
    Imported,
    ImportFailed,
    Problem,
    RowCheck,
    read_table,
)
from clipcontest.common.text import Text
from clipcontest.contests.models import Contest, Criterion
from clipcontest.units.models import Unit

from . import scores, services
from .models import Assignment, JuryMember
from .queries import results_locked

JURY_COLUMNS = (
    Column("username", ("tên đăng nhập", "tài khoản")),
    Column("name", ("họ tên", "họ và tên")),
    Column("email", ("e-mail", "thư điện tử")),
    Column("unit", ("đơn vị", "mã đơn vị"), required=False),
)

UNKNOWN_UNIT = Text(vi="không có đơn vị mã {value!r}", en="no unit has the code {value!r}")
BAD_EMAIL = Text(
    vi="địa chỉ e-mail không hợp lệ: {value!r}", en="invalid e-mail address: {value!r}"
)
BAD_USERNAME = Text(
    vi="tên đăng nhập {value!r} không hợp lệ (chữ, số và @ . + - _)",
    en="invalid username {value!r} (letters, digits and @ . + - _)",
)
REPEATED_USERNAME = Text(
    vi="tên đăng nhập {value!r} đã có ở dòng {row}",
    en="the username {value!r} is already on row {row}",
)
NOT_A_JURY_ACCOUNT = Text(
    vi="tài khoản {value!r} đã có và không phải tài khoản giám khảo",
    en="the account {value!r} exists and is not a jury member's account",
)
LOCKED = Text(
    vi="kết quả đã được chốt; hãy mở lại kết quả trước khi nhập",
    en="the results are finalised; reopen them before importing",
)


def _member_seed(username: str) -> int:
    """A stable pseudo-random seed from the username; 31 bits fit PostgreSQL's integer."""
    return zlib.crc32(username.encode()) & 0x7FFFFFFF


# --- the jury --------------------------------------------------------------------------------


@dataclass
class JuryRow:
    username: str
    first_name: str
    last_name: str
    email: str
    unit: Unit | None
    user: AbstractUser | None


def import_jury(content: bytes, filename: str, *, contest: Contest, by: Any = None) -> Imported:
    """Create or update the contest's jury members and their accounts; all or nothing.

    New accounts get no usable password (members are invited to choose one, like the units'
    representatives); an existing jury account keeps its password. A member's unit becomes a
    conflict at once: their unscored assignments to that unit's clips are removed. Members
    missing from the file stay on the jury.
    """
    if by is not None:
        services.require_staff(by)
    rows, problems = read_table(content, filename, JURY_COLUMNS)
    if results_locked(contest):
        problems.insert(0, Problem(None, None, LOCKED))
    units = {u.code: u for u in Unit.objects.all()}
    users = accounts_named([row.get("username") for row in rows])
    seen: dict[str, int] = {}
    cleaned: list[JuryRow] = []
    for row in rows:
        check = RowCheck(row)
        cleaned.append(clean_jury_row(check, units, users, seen))
        problems += check.problems
    if problems:
        raise ImportFailed(problems)
    return store_jury(contest, cleaned, filename, by)


def accounts_named(usernames: list[str]) -> dict[str, AbstractUser]:
    """Existing accounts by lower-cased username: ``GK.An`` in a sheet is the account ``gk.an``,
    not a second account that differs only in case."""
    folded = [name.lower() for name in usernames if name]
    return {
        user.username.lower(): user
        for user in get_user_model()
        .objects.annotate(folded=Lower("username"))
        .filter(folded__in=folded)
        .select_related("profile")
    }


def clean_jury_row(
    check: RowCheck,
    units: dict[str, Unit],
    users: dict[str, AbstractUser],
    seen: dict[str, int],
) -> JuryRow:
    row = check.row
    user_model = get_user_model()
    username, name, email = row.get("username"), row.get("name"), row.get("email")
    user = users.get(username.lower())
    if not username:
        check.bad("username", REQUIRED)
    else:
        try:
            user_model.username_validator(username)
        except ValidationError:
            check.bad("username", BAD_USERNAME.format(value=username))
        check.not_too_long("username", username, user_model)
        if username.lower() in seen:
            check.bad(
                "username", REPEATED_USERNAME.format(value=username, row=seen[username.lower()])
            )
        seen.setdefault(username.lower(), row.number)
        if user is not None and _role(user) != Role.JURY_MEMBER:
            check.bad("username", NOT_A_JURY_ACCOUNT.format(value=user.username))
    # Split like ensure_account: the given names first, the last word as the family name.
    first, _, last = name.rpartition(" ")
    if not name:
        check.bad("name", REQUIRED)
    check.not_too_long("name", first, user_model, field="first_name")
    check.not_too_long("name", last, user_model, field="last_name")
    if not email:
        check.bad("email", REQUIRED)
    else:
        try:
            validate_email(email)
        except ValidationError:
            check.bad("email", BAD_EMAIL.format(value=email))
        check.not_too_long("email", email, user_model)
    unit = None
    if row.get("unit"):
        unit = units.get(row.get("unit").upper())
        if unit is None:
            check.bad("unit", UNKNOWN_UNIT.format(value=row.get("unit")))
    return JuryRow(username, first, last, email, unit, user)


def _role(user: AbstractUser) -> str | None:
    try:
        return user.profile.role
    except Profile.DoesNotExist:
        return None


@transaction.atomic
def store_jury(contest: Contest, rows: list[JuryRow], filename: str, by: Any) -> Imported:
    services.lock_contest(contest)
    if results_locked(contest):  # finalised while the file was being checked
        raise ImportFailed([Problem(None, None, LOCKED)])
    members = {m.user_id: m for m in JuryMember.objects.filter(contest=contest)}
    created = updated = 0
    names = []
    for row in rows:
        user, user_changed = _save_account(row)
        member = members.get(user.pk)
        if member is None:
            JuryMember.objects.create(
                contest=contest, user=user, unit=row.unit, order_seed=_member_seed(user.username)
            )
            created += 1
        else:
            if member.unit_id != (row.unit.pk if row.unit else None):
                member.unit = row.unit
                member.save(update_fields=["unit"])
                user_changed = True
            updated += int(user_changed)
        names.append(user.username)
    removed = services.drop_conflicting_assignments(contest=contest)
    record(
        action="jury.import",
        obj=contest,
        actor=by,
        contest=contest,
        after={
            "file": filename,
            "created": created,
            "updated": updated,
            "members": names,
            "removed": [list(pair) for pair in removed],
        },
    )
    return Imported(created=created, updated=updated)


def _save_account(row: JuryRow) -> tuple[AbstractUser, bool]:
    """The member's account, created without a usable password, or updated keeping it."""
    values = {"first_name": row.first_name, "last_name": row.last_name, "email": row.email}
    user = row.user
    if user is None:
        user = get_user_model()(username=row.username, **values)
        user.set_unusable_password()
        user.save()
        Profile.objects.create(user=user, role=Role.JURY_MEMBER, unit=row.unit)
        return user, True
    changed = [field for field, value in values.items() if getattr(user, field) != value]
    for field in changed:
        setattr(user, field, values[field])
    if changed:
        user.save(update_fields=changed)
    profile = user.profile
    if profile.unit_id != (row.unit.pk if row.unit else None):
        profile.unit = row.unit
        profile.save(update_fields=["unit"])
        changed.append("unit")
    return user, bool(changed)


# --- scores on paper -------------------------------------------------------------------------

UNKNOWN_CLIP = Text(
    vi="không có clip mã {value!r} trong cuộc thi", en="the contest has no entry {value!r}"
)
UNKNOWN_JUDGE = Text(
    vi="{value!r} không phải thành viên Ban Giám khảo của cuộc thi",
    en="{value!r} is not a member of the contest's jury",
)
NOT_ASSIGNED = Text(
    vi="clip {ref} không được phân công cho giám khảo {judge}",
    en="clip {ref} is not assigned to jury member {judge}",
)
REPEATED_SHEET = Text(
    vi="điểm của giám khảo {judge} cho clip {ref} đã có ở dòng {row}",
    en="jury member {judge}'s scores for clip {ref} are already on row {row}",
)


def score_columns(criteria: list[Criterion]) -> tuple[Column, ...]:
    """``entry, judge``, one column per criterion (its key or its name), ``comment``."""
    return (
        Column("entry", ("clip", "mã clip", "mã bài", "ref")),
        Column("judge", ("giám khảo", "thành viên", "tên đăng nhập", "username")),
        *(Column(c.key, tuple(n for n in (c.name, c.name_en) if n)) for c in criteria),
        Column("comment", ("nhận xét", "ghi chú", "ý kiến"), required=False),
    )


@dataclass
class _ScoreRow:
    assignment: Assignment
    points: dict[str, Decimal]
    comment: str


def import_scores(content: bytes, filename: str, *, contest: Contest, by: Any) -> Imported:
    """Store a paper jury's score sheets, as submitted; all or nothing.

    Each row is one member's sheet for one clip assigned to them, with every criterion within
    its bounds. A sheet already in the portal is overwritten (the paper is the record) and the
    change audited, like any score change.
    """
    services.require_staff(by)
    criteria = list(contest.criteria.order_by("position"))
    rows, problems = read_table(content, filename, score_columns(criteria))
    if results_locked(contest):
        problems.insert(0, Problem(None, None, LOCKED))
    entries = {ref.upper(): ref for ref in contest.entries.values_list("ref", flat=True)}
    members = {
        m.user.username.lower(): m.user.username
        for m in JuryMember.objects.filter(contest=contest).select_related("user")
    }
    assignments = {
        (a.entry.ref, a.member.user.username): a
        for a in Assignment.objects.filter(member__contest=contest).select_related(
            "entry", "member__user", "member__contest"
        )
    }
    seen: dict[tuple[str, str], int] = {}
    cleaned: list[_ScoreRow] = []
    for row in rows:
        check = RowCheck(row)
        sheet = _clean_score_row(check, criteria, entries, members, assignments, seen)
        problems += check.problems
        if sheet is not None:
            cleaned.append(sheet)
    if problems:
        raise ImportFailed(problems)
    return _store_scores(contest, cleaned, filename, by)


def _clean_score_row(
    check: RowCheck,
    criteria: list[Criterion],
    entries: dict[str, str],
    members: dict[str, str],
    assignments: dict[tuple[str, str], Assignment],
    seen: dict[tuple[str, str], int],
) -> _ScoreRow | None:
    row = check.row
    ref = entries.get(row.get("entry").upper())
    judge = members.get(row.get("judge").lower())
    for column, found, unknown in (("entry", ref, UNKNOWN_CLIP), ("judge", judge, UNKNOWN_JUDGE)):
        if found is None:
            check.bad(
                column, unknown.format(value=row.get(column)) if row.get(column) else REQUIRED
            )
    cells = {c.key: row.get(c.key) for c in criteria}
    points, bad = scores.points_problems(
        criteria, {key: text for key, text in cells.items() if text}, complete=False
    )
    for key, text in cells.items():  # in the rubric's order, as the columns usually are
        if not text:
            check.bad(key, REQUIRED)
        elif key in bad:
            check.bad(key, bad[key])
    if ref is None or judge is None:
        return None
    assignment = assignments.get((ref, judge))
    if assignment is None:
        check.bad("entry", NOT_ASSIGNED.format(ref=ref, judge=judge))
        return None
    if (ref, judge) in seen:
        check.bad("entry", REPEATED_SHEET.format(ref=ref, judge=judge, row=seen[(ref, judge)]))
    seen.setdefault((ref, judge), row.number)
    return _ScoreRow(assignment, points, row.get("comment"))


@transaction.atomic
def _store_scores(contest: Contest, rows: list[_ScoreRow], filename: str, by: Any) -> Imported:
    services.lock_contest(contest)
    if results_locked(contest):  # finalised while the file was being checked
        raise ImportFailed([Problem(None, None, LOCKED)])
    scored = set(
        Assignment.objects.filter(
            pk__in=[row.assignment.pk for row in rows], sheet__isnull=False
        ).values_list("pk", flat=True)
    )
    created = updated = 0
    for row in rows:
        _, changed = scores.store_sheet(
            assignment=row.assignment,
            points=row.points,
            comment=row.comment,
            submit=True,
            by=by,
            reason=f"paper scores imported from {filename}",
        )
        if row.assignment.pk not in scored:
            created += 1
        elif changed:
            updated += 1
    return Imported(created=created, updated=updated)
