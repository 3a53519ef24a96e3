"""What the `clipcontest` subcommands share: reading files, finding the contest, reporting."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from clipcontest.common.tabular import ImportFailed
from clipcontest.contests.models import Contest

# Exit status for input that was refused (bad rules file, bad spreadsheet): 2, as usage errors.
REFUSED = 2


def read_input(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise CommandError(
            f"cannot read {path}: {exc.strerror} / không đọc được tệp {path}", returncode=REFUSED
        ) from exc


def contest_by_slug(slug: str) -> Contest:
    try:
        return Contest.objects.get(slug=slug)
    except Contest.DoesNotExist:
        known = ", ".join(Contest.objects.values_list("slug", flat=True)) or "-"
        raise CommandError(
            f"no contest {slug!r} (known: {known}) / không có cuộc thi {slug!r}",
            returncode=REFUSED,
        ) from None


def refused(failure: ImportFailed) -> CommandError:
    """Every problem, one per line, and the promise that nothing was stored."""
    count = len(failure.problems)
    lines = [str(p) for p in failure.problems]
    head = f"{count} problem(s); nothing was imported / {count} lỗi; không có dữ liệu nào được nhập"
    return CommandError("\n".join([head, *lines]), returncode=REFUSED)


class ImportCommand(BaseCommand):
    """``clipcontest <noun> import FILE [--contest SLUG]``: one shape for every spreadsheet."""

    noun = ("rows", "dòng")
    needs_contest = True

    def import_file(self, content: bytes, filename: str, contest: Contest | None):
        raise NotImplementedError

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="create or update from CSV or XLSX; all or nothing")
        imp.add_argument("file")
        if self.needs_contest:
            imp.add_argument("--contest", required=True, metavar="SLUG")

    def handle(self, *args, action: str, file: str, contest: str | None = None, **options):
        target = contest_by_slug(contest) if self.needs_contest else None
        try:
            result = self.import_file(read_input(file), file, target)
        except ImportFailed as failure:
            raise refused(failure) from None
        en, vi = self.noun
        self.stdout.write(
            f"{en}: {result.created} created, {result.updated} updated / "
            f"{vi}: {result.created} thêm mới, {result.updated} cập nhật"
        )
