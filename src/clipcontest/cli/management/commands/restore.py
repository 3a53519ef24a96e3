"""``clipcontest restore FILE``: check an archive made by ``backup`` and load it."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from clipcontest.cli.common import REFUSED
from clipcontest.common.backup import BackupRefused, restore_backup, verify_archive


class Command(BaseCommand):
    help = (
        "Check every checksum of a 'clipcontest backup' archive, then restore it into an empty "
        "database and file storage (migrating the schema first). A damaged archive restores "
        "nothing. --force replaces a database or storage that is not empty."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--force", action="store_true", help="replace the data already in the target"
        )
        parser.add_argument(
            "--check", action="store_true", help="only check the archive; change nothing"
        )

    def handle(self, *args, file: str, force: bool, check: bool, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"cannot read {path} / không đọc được {path}", returncode=REFUSED)
        try:
            if check:
                manifest = verify_archive(path)
                self.stdout.write(
                    f"{path}: intact, {len(manifest['members'])} members / nguyên vẹn"
                )
                return
            summary = restore_backup(path, force=force)
        except BackupRefused as refused:
            raise CommandError(refused.message.both(), returncode=REFUSED) from None
        self.stdout.write(
            f"restored {summary.rows} rows and {summary.files} files / "
            f"đã khôi phục {summary.rows} dòng dữ liệu và {summary.files} tệp"
        )
