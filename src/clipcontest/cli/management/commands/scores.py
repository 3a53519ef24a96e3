"""``clipcontest scores import FILE --contest SLUG --by USERNAME``: a paper jury's scores.

Columns ``entry, judge``, one per criterion key, ``comment``; every sheet is stored as
submitted, all or nothing.
"""

from django.core.management.base import BaseCommand, CommandError

from clipcontest.cli.common import REFUSED, contest_by_slug, read_input, refused
from clipcontest.cli.management.commands.jury import user_by_username
from clipcontest.common.tabular import ImportFailed
from clipcontest.judging.imports import import_scores
from clipcontest.judging.services import JudgingRefused


class Command(BaseCommand):
    help = "Import the score sheets of a jury that scores on paper (CSV or XLSX)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="store the sheets as submitted; all or nothing")
        imp.add_argument("file")
        imp.add_argument("--contest", required=True, metavar="SLUG")
        imp.add_argument("--by", required=True, metavar="USERNAME", help="who imports")

    def handle(self, *args, action: str, file: str, contest: str, by: str, **options):
        target = contest_by_slug(contest)
        user = user_by_username(by)
        try:
            result = import_scores(read_input(file), file, contest=target, by=user)
        except ImportFailed as failure:
            raise refused(failure) from None
        except JudgingRefused as refusal:
            raise CommandError(refusal.message.both(), returncode=REFUSED) from None
        self.stdout.write(
            f"score sheets: {result.created} created, {result.updated} updated / "
            f"phiếu chấm: {result.created} thêm mới, {result.updated} cập nhật"
        )
