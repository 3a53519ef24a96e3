"""Import a contest's entries and official letters from spreadsheets, all or nothing.

Each importer checks every row against the contest (links, genres, units, dates) and against the
other rows, then writes everything in one transaction, or nothing and every problem with its
row number. Re-importing a corrected sheet updates by reference (entries) or by letter number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from clipcontest.common.dates import parse_datetime
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
from clipcontest.contests.models import Contest
from clipcontest.units.models import Person, Unit

from .durations import parse_duration
from .links import parse_link
from .models import DurationSource, Entry, EntryAuthor

ENTRY_COLUMNS = (
    Column("ref", ("mã clip", "mã bài", "số hiệu", "mã số"), required=False),
    Column("unit", ("đơn vị", "mã đơn vị")),
    Column("title", ("tên clip", "tiêu đề", "tên tác phẩm", "tên video")),
    Column("url", ("link", "đường dẫn", "liên kết", "đường link")),
    Column("genre", ("thể loại",)),
    Column("theme", ("chủ đề", "nội dung")),
    Column("authors", ("tác giả", "nhóm tác giả"), required=False),
    Column("duration", ("thời lượng", "thời lượng (giây)"), required=False),
    Column("posted_at", ("posted at", "ngày đăng", "ngày đăng tải"), required=False),
    Column("submitted_at", ("submitted at", "ngày gửi", "thời gian gửi"), required=False),
)
REF_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")

UNKNOWN_UNIT = Text(vi="không có đơn vị mã {value!r}", en="no unit has the code {value!r}")
BAD_REF = Text(
    vi="mã clip {value!r} không hợp lệ (chữ, số, '-', '_' hoặc '.', tối đa 40 ký tự)",
    en="invalid clip reference {value!r} (letters, digits, '-', '_' or '.', at most 40)",
)
REPEATED_REF = Text(
    vi="mã clip {value!r} đã có ở dòng {row}", en="the reference {value!r} is already on row {row}"
)
REF_OF_OTHER_UNIT = Text(
    vi="mã clip {value!r} đã thuộc đơn vị {unit}",
    en="the reference {value!r} already belongs to unit {unit}",
)
UNKNOWN_CHOICE = Text(
    vi="{value!r} không có trong danh sách của cuộc thi ({allowed})",
    en="{value!r} is not in the contest's list ({allowed})",
)
SAME_VIDEO_IN_FILE = Text(
    vi="video này đã có ở dòng {row} cho cùng đơn vị",
    en="this video is already on row {row} for the same unit",
)
SAME_VIDEO_STORED = Text(
    vi="đơn vị đã dự thi video này (clip {ref})",
    en="the unit has already entered this video (entry {ref})",
)


# --- entries ---------------------------------------------------------------------------------


@dataclass
class _EntryRow:
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


def import_entries(content: bytes, filename: str, *, contest: Contest) -> Imported:
    """Create or update a contest's entries; one bad row stores nothing (``ImportFailed``)."""
    rows, problems = read_table(content, filename, ENTRY_COLUMNS)
    units = {u.code: u for u in Unit.objects.all()}
    stored = {e.ref: e for e in Entry.objects.filter(contest=contest).select_related("unit")}
    stored_videos = {(e.unit_id, e.canonical_url): e.ref for e in stored.values()}
    genres = _vocabulary(contest.genres)
    themes = _vocabulary(contest.themes)
    refs_seen: dict[str, int] = {}
    videos_seen: dict[tuple[str, str], int] = {}
    cleaned: list[_EntryRow] = []
    for row in rows:
        check = RowCheck(row)
        entry = _clean_entry(check, contest, units, genres, themes)
        if entry is not None:
            _check_entry_against_others(check, entry, stored, stored_videos, refs_seen, videos_seen)
        problems += check.problems
        if entry is not None and not check.problems:
            cleaned.append(entry)
    if problems:
        raise ImportFailed(problems)
    return _store_entries(contest, cleaned, stored)


def _clean_entry(
    check: RowCheck,
    contest: Contest,
    units: dict[str, Unit],
    genres: dict[str, str],
    themes: dict[str, str],
) -> _EntryRow | None:
    row = check.row
    unit = units.get(row.get("unit").upper())
    if unit is None:
        check.bad(
            "unit", REQUIRED if not row.get("unit") else UNKNOWN_UNIT.format(value=row.get("unit"))
        )
    ref = row.get("ref").upper()
    if ref and not REF_PATTERN.match(ref):
        check.bad("ref", BAD_REF.format(value=row.get("ref")))
    title = row.get("title")
    if not title:
        check.bad("title", REQUIRED)
    check.not_too_long("title", title, Entry)
    authors = _split_names(row.get("authors"))
    for name in authors:
        check.not_too_long("authors", name, Person, field="name")
    link = check.parse("url", parse_link, required=True)
    genre = _choice(check, "genre", genres)
    theme = _choice(check, "theme", themes)
    duration = check.parse("duration", parse_duration)
    posted_at = check.parse("posted_at", lambda v: parse_datetime(v, contest.zone))
    submitted_at = check.parse("submitted_at", lambda v: parse_datetime(v, contest.zone))
    if check.problems or unit is None or link is None:
        return None
    return _EntryRow(
        number=row.number,
        ref=ref,
        unit=unit,
        title=title,
        url=link.url,
        platform=str(link.platform),
        video_id=link.video_id or "",
        canonical_url=link.canonical_url,
        genre=genre or "",
        theme=theme or "",
        authors=authors,
        duration=duration,
        posted_at=posted_at,
        submitted_at=submitted_at,
    )


def _check_entry_against_others(
    check: RowCheck,
    entry: _EntryRow,
    stored: dict[str, Entry],
    stored_videos: dict[tuple[int, str], str],
    refs_seen: dict[str, int],
    videos_seen: dict[tuple[str, str], int],
) -> None:
    """A reference names one clip of one unit; a unit enters each video once."""
    if entry.ref:
        if entry.ref in refs_seen:
            check.bad("ref", REPEATED_REF.format(value=entry.ref, row=refs_seen[entry.ref]))
        refs_seen.setdefault(entry.ref, entry.number)
        existing = stored.get(entry.ref)
        if existing is not None and existing.unit_id != entry.unit.pk:
            check.bad("ref", REF_OF_OTHER_UNIT.format(value=entry.ref, unit=existing.unit.code))
    video = (entry.unit.code, entry.canonical_url)
    if video in videos_seen:
        check.bad("url", SAME_VIDEO_IN_FILE.format(row=videos_seen[video]))
    videos_seen.setdefault(video, entry.number)
    stored_ref = stored_videos.get((entry.unit.pk, entry.canonical_url))
    if stored_ref is not None and stored_ref != entry.ref:
        check.bad("url", SAME_VIDEO_STORED.format(ref=stored_ref))


@transaction.atomic
def _store_entries(contest: Contest, rows: list[_EntryRow], stored: dict[str, Entry]) -> Imported:
    now = timezone.now()
    next_number = _next_ref_numbers(stored.values())
    # A row without a ref must not take one that a later row of the same file names.
    written = {row.ref for row in rows if row.ref}
    created = updated = 0
    for row in rows:
        entry = stored.get(row.ref) if row.ref else None
        if entry is None:
            ref = row.ref or _allocate_ref(row.unit.code, next_number, stored, written)
            entry = Entry(
                contest=contest, unit=row.unit, ref=ref, submitted_at=row.submitted_at or now
            )
            created += 1
        else:
            updated += 1
            if row.submitted_at is not None:
                entry.submitted_at = row.submitted_at
        entry.title, entry.url, entry.platform = row.title, row.url, row.platform
        entry.video_id, entry.canonical_url = row.video_id, row.canonical_url
        entry.genre, entry.theme = row.genre, row.theme
        # An empty cell on re-import must not erase what was fetched or verified since.
        if row.duration is not None:
            entry.duration_seconds = row.duration
            entry.duration_source = DurationSource.IMPORTED
        if row.posted_at is not None:
            entry.posted_at = row.posted_at
        entry.save()
        stored[entry.ref] = entry
        set_authors(entry, row.authors)
    return Imported(created=created, updated=updated)


def set_authors(entry: Entry, names: list[str]) -> None:
    """The entry's authors, in the order given, as people of the entry's unit."""
    EntryAuthor.objects.filter(entry=entry).delete()
    for position, name in enumerate(names):
        person, _ = Person.objects.get_or_create(unit=entry.unit, name=name)
        EntryAuthor.objects.create(entry=entry, person=person, position=position)


def _next_ref_numbers(entries) -> dict[str, int]:
    numbers: dict[str, int] = {}
    for entry in entries:
        prefix, _, suffix = entry.ref.rpartition("-")
        if suffix.isdigit():
            numbers[prefix] = max(numbers.get(prefix, 0), int(suffix))
    return numbers


def _allocate_ref(
    unit_code: str, numbers: dict[str, int], stored: dict[str, Entry], written: set[str]
) -> str:
    """``UNITCODE-n``, the next number the unit has not used and the file does not name."""
    number = numbers.get(unit_code, 0) + 1
    while f"{unit_code}-{number}" in stored or f"{unit_code}-{number}" in written:
        number += 1
    numbers[unit_code] = number
    return f"{unit_code}-{number}"


def _vocabulary(items: list[dict]) -> dict[str, str]:
    """Keys and the names people write (Vietnamese or English) -> the key."""
    lookup: dict[str, str] = {}
    for item in items:
        for word in (item.get("key", ""), item.get("name", ""), item.get("name_en", "")):
            if word:
                lookup[fold(word)] = item["key"]
    return lookup


def _choice(check: RowCheck, column: str, lookup: dict[str, str]) -> str | None:
    value = check.row.get(column)
    if not value:
        check.bad(column, REQUIRED)
        return None
    key = lookup.get(fold(value))
    if key is None:
        allowed = ", ".join(sorted(set(lookup.values())))
        check.bad(column, UNKNOWN_CHOICE.format(value=value, allowed=allowed))
    return key


def _split_names(text: str) -> list[str]:
    names: list[str] = []
    for part in text.split(";"):
        name = " ".join(part.split())
        if name and name not in names:
            names.append(name)
    return names
