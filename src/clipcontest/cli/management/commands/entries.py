from clipcontest.cli.common import ImportCommand
from clipcontest.entries.imports import import_entries


class Command(ImportCommand):
    help = "Import a contest's entries (clips) from CSV or XLSX; updates by reference."
    noun = ("entries", "clip")

    def import_file(self, content, filename, contest):
        return import_entries(content, filename, contest=contest)
