from clipcontest.cli.common import ImportCommand
from clipcontest.entries.letter_imports import import_letters

from .jury import user_by_username


class Command(ImportCommand):
    help = "Import the official letters (công văn) that list each unit's clips, from CSV or XLSX."
    noun = ("letters", "công văn")
    by = None

    def add_arguments(self, parser):
        # ImportCommand's arguments, and who imports (kept in the audit log).
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="create or update from CSV or XLSX; all or nothing")
        imp.add_argument("file")
        imp.add_argument("--contest", required=True, metavar="SLUG")
        imp.add_argument("--by", metavar="USERNAME", help="who imports, for the audit log")

    def handle(self, *args, by: str | None = None, **options):
        self.by = user_by_username(by) if by else None
        super().handle(*args, **options)

    def import_file(self, content, filename, contest):
        return import_letters(content, filename, contest=contest, by=self.by)
