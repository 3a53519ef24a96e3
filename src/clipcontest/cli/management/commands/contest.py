from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from clipcontest.cli.common import REFUSED
from clipcontest.contests.rules_file import RulesFileError, load_rules_file
from clipcontest.contests.services import load_contest


class Command(BaseCommand):
    help = "Load a contest from its rules file (TOML): creates it or brings it in line."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="create or update a contest from FILE.toml")
        load.add_argument("file")

    def handle(self, *args, action: str, file: str, **options):
        path = Path(file)
        try:
            rules = load_rules_file(path)
        except RulesFileError as error:
            lines = [str(p) for p in error.problems]
            head = (
                f"{path}: {len(lines)} problem(s); nothing was changed / "
                f"{len(lines)} lỗi; không có thay đổi nào"
            )
            raise CommandError("\n".join([head, *lines]), returncode=REFUSED) from None
        loaded = load_contest(rules, rules_text=path.read_text(encoding="utf-8-sig"))
        verb = ("created", "đã tạo") if loaded.created else ("updated", "đã cập nhật")
        money = f"{rules.total_prize_money:,}".replace(",", ".")
        self.stdout.write(
            f"contest {rules.slug} {verb[0]} / cuộc thi {rules.slug} {verb[1]}: "
            f"{rules.prize_count} prizes / giải, {money} đ"
        )
