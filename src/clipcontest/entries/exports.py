"""A contest's clips as an export sheet, in the columns ``entries.imports`` reads back.

The organisers correct clips in bulk by exporting, editing and importing the file again; so the
headings are the import's own, genres and themes are written by their Vietnamese names (which
the import reads), durations in seconds and dates as dates, and an unchanged file imports as
"nothing to change". The unit's name, the platform and whether the clip was withdrawn are
there to read and filter by; the import ignores those columns.
"""

from __future__ import annotations

from collections import defaultdict

from clipcontest.common.text import Text
from clipcontest.common.transfer import Sheet, local_moment
from clipcontest.contests.models import Contest

from .import_plan import LABELS
from .links import Platform
from .models import Entry, EntryAuthor

# The entry's fields a row prints, read as plain values: building model instances with their
# authors prefetched took most of a large export's time.
_FIELDS = (
    "pk",
    "ref",
    "unit__code",
    "unit__name",
    "title",
    "url",
    "platform",
    "group_post_canonical",
    "genre",
    "theme",
    "duration_seconds",
    "posted_at",
    "submitted_at",
    "withdrawn_at",
)

READ_ONLY_LABELS = {
    "unit_name": Text(vi="Tên đơn vị", en="Unit"),
    "platform": Text(vi="Nền tảng", en="Platform"),
    "withdrawn": Text(vi="Đã rút", en="Withdrawn"),
}
COLUMNS = (
    ("ref", 12),
    ("unit", 11),
    ("unit_name", 34),
    ("title", 44),
    ("url", 44),
    ("platform", 11),
    ("group_post_url", 44),
    ("genre", 18),
    ("theme", 40),
    ("duration", 10),
    ("posted_at", 12),
    ("authors", 34),
    ("submitted_at", 17),
    ("withdrawn", 8),
)
# Durations are written in seconds (numbers sort and sum), and the heading says so.
HEADING_OF = {name: label.vi for name, label in (LABELS | READ_ONLY_LABELS).items()} | {
    "duration": "Thời lượng (giây)"
}
HEADINGS = tuple(HEADING_OF[name] for name, _ in COLUMNS)
WIDTHS = tuple(width for _, width in COLUMNS)
YES, NO = "Có", "Không"


def entries_sheet(contest: Contest) -> Sheet:
    """Every clip of ``contest``, withdrawn ones included, in two queries."""
    entries = (
        Entry.objects.filter(contest=contest)
        .order_by("unit__code", "submitted_at", "pk")
        .values_list(*_FIELDS)
    )
    authors: defaultdict[int, list[str]] = defaultdict(list)
    links = (
        EntryAuthor.objects.filter(entry__contest=contest)
        .order_by("entry_id", "position", "pk")
        .values_list("entry_id", "person__name")
    )
    for entry_id, name in links:
        authors[entry_id].append(name)
    genres = _vietnamese_names(contest.genres)
    themes = _vietnamese_names(contest.themes)
    platforms = {platform.value: platform.label for platform in Platform}
    zone = contest.zone
    rows = tuple(
        (
            ref,
            unit_code,
            unit_name,
            title,
            url,
            platforms[platform] if platform else "",
            group_post,
            genres.get(genre, genre),
            themes.get(theme, theme),
            duration,
            local_moment(posted_at, zone),
            "; ".join(authors.get(pk, ())),
            local_moment(submitted_at, zone),
            NO if withdrawn_at is None else YES,
        )
        for (
            pk,
            ref,
            unit_code,
            unit_name,
            title,
            url,
            platform,
            group_post,
            genre,
            theme,
            duration,
            posted_at,
            submitted_at,
            withdrawn_at,
        ) in entries
    )
    return Sheet(title="Clip", headings=HEADINGS, rows=rows, widths=WIDTHS)


def _vietnamese_names(items: list[dict]) -> dict[str, str]:
    """The export is in Vietnamese whatever the page's language."""
    return {item["key"]: item.get("name") or item["key"] for item in items}
