"""A contest's clips as an export sheet, in the columns ``entries.imports`` reads back.

The organisers correct clips in bulk by exporting, editing and importing the file again; so the
headings are the import's own, genres and themes are written by their Vietnamese names (which
the import reads), durations in seconds and dates as dates, and an unchanged file imports as
"nothing to change". The unit's name, the platform and whether the clip was withdrawn are
there to read and filter by; the import ignores those columns.
"""

from __future__ import annotations

from django.db.models import Prefetch

from clipcontest.common.text import Text
from clipcontest.common.transfer import Sheet, local_moment
from clipcontest.contests.models import Contest

from .import_plan import LABELS
from .links import Platform
from .models import Entry, EntryAuthor

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
        .select_related("unit")
        .prefetch_related(
            Prefetch("author_links", queryset=EntryAuthor.objects.select_related("person"))
        )
        .order_by("unit__code", "submitted_at", "pk")
    )
    genres = _vietnamese_names(contest.genres)
    themes = _vietnamese_names(contest.themes)
    zone = contest.zone
    rows = tuple(
        (
            entry.ref,
            entry.unit.code,
            entry.unit.name,
            entry.title,
            entry.url,
            Platform(entry.platform).label if entry.platform else "",
            entry.group_post_canonical,
            genres.get(entry.genre, entry.genre),
            themes.get(entry.theme, entry.theme),
            entry.duration_seconds,
            local_moment(entry.posted_at, zone),
            "; ".join(entry.author_names),
            local_moment(entry.submitted_at, zone),
            YES if entry.is_withdrawn else NO,
        )
        for entry in entries
    )
    return Sheet(title="Clip", headings=HEADINGS, rows=rows, widths=WIDTHS)


def _vietnamese_names(items: list[dict]) -> dict[str, str]:
    """The export is in Vietnamese whatever the page's language."""
    return {item["key"]: item.get("name") or item["key"] for item in items}
