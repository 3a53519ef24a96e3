"""``clipcontest jury import|assign``: a contest's jury from the command line.

- ``import FILE --contest SLUG [--by USERNAME]``: create or update the jury members (``username,
  name, email, unit``) from CSV or XLSX, all or nothing.
- ``assign --contest SLUG [--per-entry K] [--json] --by USERNAME``: decide who scores which
  eligible clip and store it; without ``--per-entry`` every member scores every clip except
  their conflicts. ``--json`` prints ``{"assignments": [{"judge", "entries"}, ...]}``.
"""

import json

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from clipcontest.cli.common import REFUSED, contest_by_slug, read_input, refused
from clipcontest.common.tabular import ImportFailed
from clipcontest.judging.assignment import AssignmentInfeasible
from clipcontest.judging.imports import import_jury
from clipcontest.judging.services import JudgingRefused, assign_jury


class Command(BaseCommand):
    help = "Import a contest's jury, or assign the eligible clips to its members."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="create or update from CSV or XLSX; all or nothing")
        imp.add_argument("file")
        imp.add_argument("--contest", required=True, metavar="SLUG")
        imp.add_argument("--by", metavar="USERNAME", help="who imports, for the audit log")
        assign = sub.add_parser("assign", help="decide who scores which eligible clip")
        assign.add_argument("--contest", required=True, metavar="SLUG")
        assign.add_argument(
            "--per-entry",
            type=int,
            metavar="K",
            help="jury members per clip (default: every member scores every clip)",
        )
        assign.add_argument("--json", action="store_true", help="print the assignment as JSON")
        assign.add_argument("--by", required=True, metavar="USERNAME", help="who assigns")

    def handle(self, *args, action: str, contest: str, **options):
        target = contest_by_slug(contest)
        by = user_by_username(options["by"]) if options.get("by") else None
        try:
            if action == "import":
                self.import_file(target, options["file"], by)
            else:
                self.assign(target, options["per_entry"], by, as_json=options["json"])
        except JudgingRefused as refusal:
            raise CommandError(refusal.message.both(), returncode=REFUSED) from None

    def import_file(self, contest, path: str, by) -> None:
        try:
            result = import_jury(read_input(path), path, contest=contest, by=by)
        except ImportFailed as failure:
            raise refused(failure) from None
        self.stdout.write(
            f"jury members: {result.created} created, {result.updated} updated / "
            f"giám khảo: {result.created} thêm mới, {result.updated} cập nhật"
        )

    def assign(self, contest, per_entry: int | None, by, *, as_json: bool) -> None:
        try:
            result = assign_jury(contest=contest, per_entry=per_entry, by=by)
        except AssignmentInfeasible as infeasible:
            for reason in infeasible.reasons:
                self.stderr.write(reason.both())
            raise CommandError(
                "no assignment was stored / không lưu phân công nào", returncode=REFUSED
            ) from None
        if as_json:
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
            return
        for judge, refs in result.by_judge.items():
            self.stdout.write(f"{judge}\t{len(refs)}\t{' '.join(refs)}")
        pairs = sum(result.loads.values())
        self.stdout.write(
            f"{len(result.by_entry)} clip(s), {pairs} assignment(s) / "
            f"{len(result.by_entry)} clip, {pairs} lượt chấm"
        )


def user_by_username(username: str):
    try:
        return get_user_model().objects.get(username=username)
    except get_user_model().DoesNotExist:
        raise CommandError(
            f"no user {username!r} / không có tài khoản {username!r}", returncode=REFUSED
        ) from None
