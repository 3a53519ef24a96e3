"""``clipcontest entries import|fetch|refresh``: a contest's clips from the command line.

- ``import FILE --contest SLUG``: create or update entries from CSV or XLSX, all or nothing.
- ``fetch --contest SLUG [--ref REF]``: read the posts now (no worker needed), one line each.
- ``refresh --contest SLUG [--freeze]``: queue a fetch of every clip for the worker; with
  ``--freeze``, once the window has closed, freeze the counts at the close as the record.
"""

from django.core.management.base import BaseCommand, CommandError

from clipcontest.cli.common import REFUSED, contest_by_slug, read_input, refused
from clipcontest.common.tabular import ImportFailed
from clipcontest.entries.durations import format_duration
from clipcontest.entries.engagement import (
    EngagementRefused,
    active_entries_with_link,
    entries_without_record,
    freeze_record_counts,
    refresh_contest,
)
from clipcontest.entries.imports import import_entries
from clipcontest.entries.metadata import refresh_entry
from clipcontest.entries.models import Entry


class Command(BaseCommand):
    help = "Import a contest's entries (clips), fetch their posts, or refresh their counts."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="create or update from CSV or XLSX; all or nothing")
        imp.add_argument("file")
        imp.add_argument("--contest", required=True, metavar="SLUG")
        fetch = sub.add_parser("fetch", help="read the posts now, one line per entry")
        fetch.add_argument("--contest", required=True, metavar="SLUG")
        fetch.add_argument("--ref", metavar="REF", help="only this entry")
        refresh = sub.add_parser("refresh", help="queue a fetch of every clip for the worker")
        refresh.add_argument("--contest", required=True, metavar="SLUG")
        refresh.add_argument(
            "--freeze", action="store_true", help="after the close, freeze the counts as record"
        )

    def handle(self, *args, action: str, contest: str, **options):
        target = contest_by_slug(contest)
        if action == "import":
            self.import_file(target, options["file"])
        elif action == "fetch":
            self.fetch(target, options.get("ref"))
        else:
            self.refresh(target, freeze=options["freeze"])

    def import_file(self, contest, path: str) -> None:
        try:
            result = import_entries(read_input(path), path, contest=contest)
        except ImportFailed as failure:
            raise refused(failure) from None
        self.stdout.write(
            f"entries: {result.created} created, {result.updated} updated / "
            f"clip: {result.created} thêm mới, {result.updated} cập nhật"
        )

    def fetch(self, contest, ref: str | None) -> None:
        """Runs the same service as the worker, synchronously, in a stable order."""
        entries = active_entries_with_link(contest).order_by("unit__code", "ref")
        if ref is not None:
            entries = entries.filter(ref=ref)
            if not entries.exists():
                raise CommandError(
                    f"no active entry {ref!r} with a link / không có clip {ref!r} có đường dẫn",
                    returncode=REFUSED,
                )
        for entry_id in list(entries.values_list("pk", flat=True)):
            refresh_entry(entry_id)
            self.stdout.write(fetch_line(Entry.objects.get(pk=entry_id)))

    def refresh(self, contest, *, freeze: bool) -> None:
        if freeze:
            self.freeze(contest)
        report = refresh_contest(contest)
        self.stdout.write(
            f"{report.queued} fetch(es) queued, {report.without_link} clip(s) without a link / "
            f"đã xếp hàng {report.queued} lượt đọc, {report.without_link} clip không có đường dẫn"
        )

    def freeze(self, contest) -> None:
        try:
            frozen = freeze_record_counts(contest)
        except EngagementRefused as refusal:
            self.stderr.write(refusal.message.both())
            return
        missing = [entry.ref for entry in entries_without_record(contest)]
        self.stdout.write(
            f"{frozen} record(s) frozen / đã chốt số liệu của {frozen} clip"
            + (
                f"; no counts before the close / chưa có số liệu trước khi hết hạn: "
                f"{', '.join(missing)}"
                if missing
                else ""
            )
        )


def fetch_line(entry: Entry) -> str:
    """``REF  STATE  DURATION  ERROR``: tab-separated, for people and for ``cut``."""
    duration = (
        format_duration(entry.duration_seconds) if entry.duration_seconds is not None else "-"
    )
    return "\t".join([entry.ref, entry.fetch_state, duration, entry.fetch_error or "-"])
