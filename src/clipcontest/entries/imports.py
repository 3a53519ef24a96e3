"""Import a contest's entries (clips) from a spreadsheet, all or nothing, with a preview.

``plan_entries`` checks every row against the contest (links, genres, units, dates) and against
the other rows and the stored clips; one bad row refuses the file (``ImportFailed``, every
problem with its row number). Otherwise it describes the change: the clips to create (with the
reference each will get), the clips to update by reference with each field before and after
(the organisers' corrections: title, link, genre, theme, duration, dates, authors), and how many
rows are already as stored. ``import_plan.apply`` stores exactly that in one transaction.
"""

from __future__ import annotations

import re
from typing import Any

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
from clipcontest.common.transfer import Plan, unguarded
from clipcontest.contests.models import Contest
from clipcontest.units.models import Person, Unit

from .durations import parse_duration
from .group_links import GroupLinkError, group_of, parse_group_post
from .import_plan import (
    LABELS,
    EntryRow,
    active_videos,
    apply,
    describe,
    set_authors,
    stored_entries,
)
from .links import parse_link
from .models import Entry

__all__ = ["ENTRY_COLUMNS", "LABELS", "import_entries", "plan_entries", "set_authors"]

ENTRY_COLUMNS = (
    Column("ref", ("mã clip", "mã bài", "số hiệu", "mã số"), required=False),
    Column("unit", ("đơn vị", "mã đơn vị")),
    Column("title", ("tên clip", "tiêu đề", "tên tác phẩm", "tên video")),
    Column("url", ("link", "đường dẫn", "liên kết", "đường link")),
    # The clip's share into the contest's Facebook group (the plan's proof); optional.
    Column(
        "group_post_url",
        (
            "link chia sẻ vào nhóm",
            "đường dẫn chia sẻ vào nhóm",
            "link chia sẻ nhóm",
            "bài chia sẻ trong nhóm",
            "group post url",
            "group post",
        ),
        required=False,
    ),
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


# --- checking the rows ---------------------------------------------------------------------


def import_entries(content: bytes, filename: str, *, contest: Contest, by: Any = None) -> Imported:
    """Create or update a contest's entries; one bad row stores nothing (``ImportFailed``)."""
    return apply(plan_entries(content, filename, contest), by)


def plan_entries(content: bytes, filename: str, contest: Contest) -> Plan:
    """Check every row and describe the change; ``ImportFailed`` names each bad row."""
    rows, problems = read_table(content, filename, ENTRY_COLUMNS)
    units = {u.code: u for u in Unit.objects.all()}
    stored = stored_entries(contest)
    stored_videos = active_videos(stored)
    genres = _vocabulary(contest.genres)
    themes = _vocabulary(contest.themes)
    refs_seen: dict[str, int] = {}
    videos_seen: dict[tuple[str, str], int] = {}
    cleaned: list[EntryRow] = []
    for row in unguarded(rows):
        check = RowCheck(row)
        entry = _clean_entry(check, contest, units, genres, themes, stored)
        if entry is not None:
            _check_entry_against_others(check, entry, stored, stored_videos, refs_seen, videos_seen)
        problems += check.problems
        if entry is not None and not check.problems:
            cleaned.append(entry)
    if problems:
        raise ImportFailed(problems)
    return describe(content, filename, contest, cleaned, stored)


def _clean_entry(
    check: RowCheck,
    contest: Contest,
    units: dict[str, Unit],
    genres: dict[str, str],
    themes: dict[str, str],
    stored: dict[str, Entry],
) -> EntryRow | None:
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
    # A clip entered by its file alone has no link, and its exported row comes back without
    # one: that keeps the file. Every other row needs a link.
    kept = stored.get(ref) if ref and not row.get("url") else None
    if kept is not None and not kept.url:
        url, platform, video_id, canonical_url = (
            "",
            kept.platform,
            kept.video_id,
            kept.canonical_url,
        )
    else:
        kept = None
        link = check.parse("url", parse_link, required=True)
        url, platform, video_id, canonical_url = (
            (link.url, str(link.platform), link.video_id or "", link.canonical_url)
            if link
            else ("", "", "", "")
        )
    group = group_of(contest)
    group_post = check.parse(
        "group_post_url",
        lambda text: parse_group_post(text, group) if group else _no_group(text),
    )
    genre = _choice(check, "genre", genres)
    theme = _choice(check, "theme", themes)
    duration = check.parse("duration", parse_duration)
    posted_at = check.parse("posted_at", lambda v: parse_datetime(v, contest.zone))
    submitted_at = check.parse("submitted_at", lambda v: parse_datetime(v, contest.zone))
    if check.problems or unit is None:
        return None
    return EntryRow(
        number=row.number,
        ref=ref,
        unit=unit,
        title=title,
        url=url,
        platform=platform,
        video_id=video_id,
        canonical_url=canonical_url,
        genre=genre or "",
        theme=theme or "",
        authors=authors,
        duration=duration,
        posted_at=posted_at,
        submitted_at=submitted_at,
        link_given=kept is None,
        group_post=group_post,
    )


def _check_entry_against_others(
    check: RowCheck,
    entry: EntryRow,
    stored: dict[str, Entry],
    stored_videos: dict[tuple[int, str], str],
    refs_seen: dict[str, int],
    videos_seen: dict[tuple[str, str], int],
) -> None:
    """A reference names one clip of one unit; a unit enters each video once.

    A withdrawn clip does not count against the video rule (as in the database), so a unit that
    withdrew a clip and entered the same video again exports and re-imports both unchanged.
    """
    existing = stored.get(entry.ref) if entry.ref else None
    if entry.ref:
        if entry.ref in refs_seen:
            check.bad("ref", REPEATED_REF.format(value=entry.ref, row=refs_seen[entry.ref]))
        refs_seen.setdefault(entry.ref, entry.number)
        if existing is not None and existing.unit_id != entry.unit.pk:
            check.bad("ref", REF_OF_OTHER_UNIT.format(value=entry.ref, unit=existing.unit.code))
    if existing is not None and existing.withdrawn_at is not None:
        return
    video = (entry.unit.code, entry.canonical_url)
    if video in videos_seen:
        check.bad("url", SAME_VIDEO_IN_FILE.format(row=videos_seen[video]))
    videos_seen.setdefault(video, entry.number)
    stored_ref = stored_videos.get((entry.unit.pk, entry.canonical_url))
    if stored_ref is not None and stored_ref != entry.ref:
        check.bad("url", SAME_VIDEO_STORED.format(ref=stored_ref))


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


def _no_group(text: str) -> None:
    """A share link for a contest whose rules name no group cannot be checked: refuse it."""
    from .group_share import NO_GROUP

    raise GroupLinkError("no_group", NO_GROUP)
