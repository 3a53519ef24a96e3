from clipcontest.cli.common import ImportCommand
from clipcontest.entries.letter_imports import import_letters


class Command(ImportCommand):
    help = "Import the official letters (công văn) that list each unit's clips, from CSV or XLSX."
    noun = ("letters", "công văn")

    def import_file(self, content, filename, contest):
        return import_letters(content, filename, contest=contest)
