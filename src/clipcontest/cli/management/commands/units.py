from clipcontest.cli.common import ImportCommand
from clipcontest.units.imports import import_units


class Command(ImportCommand):
    help = "Import the participating units from CSV or XLSX (code, name, kind, email)."
    noun = ("units", "đơn vị")
    needs_contest = False

    def import_file(self, content, filename, contest):
        return import_units(content, filename)
