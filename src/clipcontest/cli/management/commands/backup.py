"""``clipcontest backup FILE``: the database and the stored files in one checked archive."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from clipcontest.cli.common import REFUSED
from clipcontest.common.backup import make_backup


class Command(BaseCommand):
    help = (
        "Write the database (every row, as JSON; for SQLite also a copy by its online backup "
        "API) and every stored file into one .tar.gz with SHA-256 checksums. Safe while the "
        "site runs. Restore with 'clipcontest restore FILE'."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the archive to write, e.g. clipcontest-2022-07-05.tar.gz")
        parser.add_argument("--overwrite", action="store_true", help="replace an existing file")

    def handle(self, *args, file: str, overwrite: bool, **options):
        target = Path(file)
        if target.exists() and not overwrite:
            raise CommandError(
                f"{target} exists; use --overwrite / {target} đã có; dùng --overwrite",
                returncode=REFUSED,
            )
        summary = make_backup(target)
        self.stdout.write(
            f"{summary.path}: {summary.rows} rows, {summary.files} files ({summary.bytes} bytes) / "
            f"{summary.rows} dòng dữ liệu, {summary.files} tệp"
        )
