"""What an entries import will change, and storing exactly that (``imports.plan_entries``).

The plan lists the clips to create (with the reference each will get) and the stored clips the
file corrects, field by field, before and after. ``apply`` stores it in one transaction with an
audit row per clip, after checking under lock that the clips the plan was made from are still as
they were (``ImportStale`` otherwise: the organiser previews again).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import timezone

from clipcontest.audit.services import record
from clipcontest.common.tabular import Imported
from clipcontest.common.text import Text
from clipcontest.common.transfer import (
    FieldChange,
    ImportStale,
    Plan,
    RowChange,
    check_not_stale,
    local_moment,
    moment_key,
    moment_text,
    source_digest,
    state_digest,
)
from clipcontest.contests.models import Contest
from clipcontest.units.models import Person, Unit

from .durations import format_duration
from .group_links import GroupPost
from .group_share import apply_group_post
from .models import DurationSource, Entry, EntryAuthor, PostedAtSource

KIND = "entries"
# How the preview names each field; the export's headings, which the import reads back.
LABELS = {
    "ref": Text(vi="Mã clip", en="Reference"),
    "unit": Text(vi="Mã đơn vị", en="Unit code"),
    "title": Text(vi="Tên clip", en="Title"),
    "url": Text(vi="Đường dẫn", en="Link"),
    "group_post_url": Text(vi="Link chia sẻ vào nhóm", en="Share in the group"),
    "genre": Text(vi="Thể loại", en="Genre"),
    "theme": Text(vi="Chủ đề", en="Theme"),
    "authors": Text(vi="Tác giả", en="Authors"),
    "duration": Text(vi="Thời lượng", en="Duration"),  # the preview shows m:ss
    "posted_at": Text(vi="Ngày đăng", en="Posted on"),
    "submitted_at": Text(vi="Thời gian gửi", en="Submitted at"),
}
# What a re-import compares with the stored clip, in the order the preview lists them.
COMPARED = (
    "title",
    "url",
    "group_post_url",
    "genre",
    "theme",
    "duration",
    "posted_at",
    "submitted_at",
    "authors",
)
_MOMENTS = ("posted_at", "submitted_at")
_KEPT_WHEN_EMPTY = ("duration", *_MOMENTS)


@dataclass
class EntryRow:
    """A checked row of the file."""

    number: int
    ref: str
    unit: Unit
    title: str
    url: str
    platform: str
    video_id: str
    canonical_url: str
    genre: str
    theme: str
    authors: list[str]
    duration: Decimal | None
    posted_at: datetime | None
    submitted_at: datetime | None
    link_given: bool = True  # False: a clip entered by its file alone keeps its empty link
    group_post: GroupPost | None = None  # None: the cell is empty and the stored share stays


@dataclass(frozen=True)
class EntryAction:
    """One row to store: a new clip under ``ref``, or the ``changed`` fields of a stored one."""

    row: EntryRow
    ref: str
    changed: tuple[str, ...] | None  # None: create


def stored_entries(contest: Contest, *, lock: bool = False) -> dict[str, Entry]:
    """The contest's entries by reference, with their units and authors (two queries)."""
    entries = (
        Entry.objects.filter(contest=contest)
        .select_related("unit")
        .prefetch_related(
            Prefetch("author_links", queryset=EntryAuthor.objects.select_related("person"))
        )
    )
    if lock:
        entries = entries.select_for_update(of=("self",))
    return {entry.ref: entry for entry in entries}


def active_videos(stored: dict[str, Entry]) -> dict[tuple[int, str], str]:
    """Which clip holds each (unit, video); withdrawn clips hold none, as in the database."""
    return {(e.unit_id, e.canonical_url): e.ref for e in stored.values() if e.withdrawn_at is None}


def describe(
    content: bytes, filename: str, contest: Contest, rows: list[EntryRow], stored: dict[str, Entry]
) -> Plan:
    """The plan of checked ``rows``: new references are given here, so the preview shows them."""
    next_number = _next_ref_numbers(stored.values())
    # A row without a ref must not take one that a later row of the same file names.
    taken = set(stored) | {row.ref for row in rows if row.ref}
    actions: list[EntryAction] = []
    creates: list[RowChange] = []
    updates: list[RowChange] = []
    for row in rows:
        entry = stored.get(row.ref) if row.ref else None
        if entry is None:
            ref = row.ref or _allocate_ref(row.unit.code, next_number, taken)
            actions.append(EntryAction(row, ref, None))
            shown = ("unit", *(column for column in COMPARED if _given(row, column)))
            creates.append(_row_change(contest, row, ref, None, shown))
            continue
        changed = changed_fields(entry, row)
        if changed:
            actions.append(EntryAction(row, entry.ref, changed))
            updates.append(_row_change(contest, row, entry.ref, entry, changed))
    source = source_digest(content)
    scope = (
        tuple(sorted({action.ref for action in actions} | {r.ref for r in rows if r.ref})),
        tuple(sorted({(r.unit.pk, r.canonical_url) for r in rows})),
    )
    return Plan(
        kind=KIND,
        filename=filename,
        source=source,
        digest=state_digest(KIND, source, stored_state(stored, scope)),
        creates=tuple(creates),
        updates=tuple(updates),
        unchanged=len(rows) - len(actions),
        contest_id=contest.pk,
        actions=tuple(actions),
        scope=scope,
    )


def apply(plan: Plan, by: Any = None, *, previewed: str | None = None) -> Imported:
    """Store what ``plan`` says in one transaction, with an audit row per clip.

    ``previewed`` is the digest of the plan a person confirmed. Nothing is stored and
    ``ImportStale`` is raised when it is not this plan, or when the clips the plan was made
    from changed since (another import, a unit's edit, a fetched duration).
    """
    if plan.kind != KIND:
        raise ValueError(f"not a plan of entries: {plan.kind}")
    contest = Contest.objects.get(pk=plan.contest_id)
    try:
        with transaction.atomic():
            stored = stored_entries(contest, lock=True)
            check_not_stale(plan, stored_state(stored, plan.scope), previewed)
            now = timezone.now()
            for action in plan.actions:
                if action.changed is None:
                    _create(contest, action, now, by, plan.filename)
                else:
                    _update(contest, stored[action.ref], action, by, plan.filename)
    except IntegrityError:
        # A clip of the same video was stored meanwhile: the plan no longer holds.
        raise ImportStale from None
    return Imported(created=len(plan.creates), updated=len(plan.updates))


def changed_fields(entry: Entry, row: EntryRow) -> tuple[str, ...]:
    """The fields a row changes; an empty duration or date cell keeps what is stored."""
    return tuple(
        column
        for column in COMPARED
        if _given(row, column) and _stored_value(entry, column) != _row_value(row, column)
    )


def stored_state(stored: dict[str, Entry], scope: tuple) -> list:
    """What a plan depends on: the clips the file names (or whose references it will give),
    and which clip holds each of its videos."""
    refs, videos = scope
    holders = active_videos(stored)
    return [
        [[ref, _entry_state(stored.get(ref))] for ref in refs],
        [[unit, url, holders.get((unit, url))] for unit, url in videos],
    ]


def set_authors(entry: Entry, names: list[str]) -> None:
    """The entry's authors, in the order given, as people of the entry's unit."""
    EntryAuthor.objects.filter(entry=entry).delete()
    for position, name in enumerate(names):
        person, _ = Person.objects.get_or_create(unit=entry.unit, name=name)
        EntryAuthor.objects.create(entry=entry, person=person, position=position)


# --- storing -----------------------------------------------------------------------------------


def _create(contest: Contest, action: EntryAction, now: datetime, by: Any, why: str) -> None:
    row = action.row
    entry = Entry(
        contest=contest, unit=row.unit, ref=action.ref, submitted_at=row.submitted_at or now
    )
    _write(entry, row, COMPARED)
    entry.save()
    set_authors(entry, row.authors)
    after = {"unit": row.unit.code, **_audit_values(entry, row.authors, COMPARED)}
    record(action="entry.imported", obj=entry, actor=by, contest=contest, after=after, reason=why)


def _update(contest: Contest, entry: Entry, action: EntryAction, by: Any, why: str) -> None:
    changed = action.changed or ()
    before = _audit_values(entry, entry.author_names, changed)
    _write(entry, action.row, changed)
    entry.save()
    if "authors" in changed:
        set_authors(entry, action.row.authors)
    record(
        action="entry.import_updated",
        obj=entry,
        actor=by,
        contest=contest,
        before=before,
        after=_audit_values(entry, action.row.authors, changed),
        reason=why,
    )


def _write(entry: Entry, row: EntryRow, columns: tuple[str, ...]) -> None:
    for column in columns:
        if not _given(row, column) or column == "authors":
            continue
        if column == "url":
            entry.url, entry.platform = row.url, row.platform
            entry.video_id, entry.canonical_url = row.video_id, row.canonical_url
        elif column == "duration":
            entry.duration_seconds = row.duration
            entry.duration_source = DurationSource.IMPORTED
        elif column == "group_post_url":
            apply_group_post(entry, row.group_post)
        elif column == "posted_at":
            entry.posted_at = row.posted_at
            entry.posted_at_source = PostedAtSource.IMPORTED
        else:
            setattr(entry, column, getattr(row, column))


def _audit_values(entry: Entry, authors: list[str], columns: tuple[str, ...]) -> dict:
    values: dict[str, object] = {}
    for column in columns:
        if column == "authors":
            values[column] = list(authors)
        elif column == "duration":
            seconds = entry.duration_seconds
            values[column] = None if seconds is None else format(seconds.normalize(), "f")
        elif column in _MOMENTS:
            values[column] = moment_key(getattr(entry, column))
        else:
            values[column] = getattr(entry, column)
    return values


# --- comparing and showing ---------------------------------------------------------------------


def _entry_state(entry: Entry | None) -> dict | None:
    if entry is None:
        return None
    return {
        "unit": entry.unit_id,
        "withdrawn": entry.withdrawn_at is not None,
        "canonical_url": entry.canonical_url,
        **{column: _stored_value(entry, column) for column in COMPARED},
    }


def _given(row: EntryRow, column: str) -> bool:
    if column == "url":
        return row.link_given
    if column == "group_post_url":
        return row.group_post is not None
    if column in _KEPT_WHEN_EMPTY:
        return getattr(row, column) is not None
    return True


def _stored_value(entry: Entry, column: str) -> object:
    if column == "group_post_url":
        return entry.group_post_canonical
    if column == "duration":
        return entry.duration_seconds
    if column in _MOMENTS:
        return moment_key(getattr(entry, column))
    if column == "authors":
        return entry.author_names
    return getattr(entry, column)


def _row_value(row: EntryRow, column: str) -> object:
    if column == "group_post_url":
        return row.group_post.canonical_url if row.group_post else ""
    if column in _MOMENTS:
        return moment_key(getattr(row, column))
    return getattr(row, column)


def _row_change(
    contest: Contest, row: EntryRow, ref: str, entry: Entry | None, columns: tuple[str, ...]
) -> RowChange:
    return RowChange(
        row=row.number,
        key=ref,
        label=row.title,
        fields=tuple(
            FieldChange(
                column=column,
                label=LABELS[column],
                before="" if entry is None else _shown(contest, column, entry),
                after=_shown(contest, column, row),
            )
            for column in columns
        ),
    )


def _shown(contest: Contest, column: str, source: Entry | EntryRow) -> str:
    """A value as the preview shows it: genres by name, durations as m:ss, local dates."""
    stored = isinstance(source, Entry)
    if column == "unit":
        return source.unit.code
    if column in ("genre", "theme"):
        key = getattr(source, column)
        return contest.genre_name(key) if column == "genre" else contest.theme_name(key)
    if column == "duration":
        seconds = source.duration_seconds if stored else source.duration
        return "" if seconds is None else format_duration(seconds)
    if column in _MOMENTS:
        moment = local_moment(getattr(source, column), contest.zone)
        return "" if moment is None else moment_text(moment)
    if column == "authors":
        return "; ".join(source.author_names if stored else source.authors)
    if column == "group_post_url":
        return _stored_value(source, column) if stored else _row_value(source, column)
    return str(getattr(source, column))


def _next_ref_numbers(entries) -> dict[str, int]:
    numbers: dict[str, int] = {}
    for entry in entries:
        prefix, _, suffix = entry.ref.rpartition("-")
        if suffix.isdigit():
            numbers[prefix] = max(numbers.get(prefix, 0), int(suffix))
    return numbers


def _allocate_ref(unit_code: str, numbers: dict[str, int], taken: set[str]) -> str:
    """``UNITCODE-n``, the next number the unit has not used and the file does not name."""
    number = numbers.get(unit_code, 0) + 1
    while f"{unit_code}-{number}" in taken:
        number += 1
    numbers[unit_code] = number
    taken.add(f"{unit_code}-{number}")
    return f"{unit_code}-{number}"
