"""``clipcontest demo``: the 2022 contest with demo units, clips, letters and accounts."""

import csv
import zlib
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone

from clipcontest.accounts.models import Role
from clipcontest.accounts.services import ensure_account
from clipcontest.committees.models import CommitteeMember
from clipcontest.committees.services import add_committee_member, set_founding_decision
from clipcontest.contests.models import Contest
from clipcontest.contests.practice import practice_rules
from clipcontest.contests.services import load_contest
from clipcontest.judging.models import JuryMember
from clipcontest.judging.services import JudgingRefused, assign_jury
from clipcontest.units.models import Unit

DEMO_ACCOUNTS = (
    # username, password, role, full name, unit code
    ("bantochuc", "bantochuc-2022", Role.ORGANISER, "Nguyễn Văn Tổ Chức", None),
    ("donvi.dongvan", "dongvan-2022", Role.UNIT_REPRESENTATIVE, "Sùng Mí Chá", "HG-DV"),
    ("giamkhao", "giamkhao-2022", Role.JURY_MEMBER, "Trần Thị Giám Khảo", None),
)

# The decisions founding the committees: the department's in its register, the other two in
# the organising committee's.
DEMO_DECISIONS = (
    ("organising", "125", date(2022, 2, 14)),
    ("jury", "01", date(2022, 2, 21)),
    ("secretariat", "02", date(2022, 2, 21)),
)


class Command(BaseCommand):
    help = "Load the 2022 contest with demo units, clips, letters and accounts (safe to re-run)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--contests-dir",
            default=str(settings.REPOSITORY_DIR / "contests"),
            help="folder with sc35-2022.toml and demo/{units,entries,letters}.csv",
        )

    def handle(self, *args, contests_dir: str, **options):
        folder = Path(contests_dir)
        demo = folder / "demo"
        call_command("contest", "load", str(folder / "sc35-2022.toml"), stdout=self.stdout)
        call_command("units", "import", str(demo / "units.csv"), stdout=self.stdout)
        for noun in ("entries", "letters"):
            call_command(
                noun, "import", str(demo / f"{noun}.csv"), contest="sc35-2022", stdout=self.stdout
            )
        # The 2022 window is long closed: a practice run open today lets the demo's unit
        # representative try the whole portal without touching the 2022 record.
        rules_text = (folder / "sc35-2022.toml").read_text(encoding="utf-8")
        practice = practice_rules(rules_text, today=timezone.localdate())
        load_contest(practice)
        self.stdout.write(
            f"practice run {practice.slug}: open {practice.window.opens_on} – "
            f"{practice.window.closes_on} / bản chạy thử để đơn vị tập sử dụng"
        )
        self.stdout.write("")
        self.stdout.write(
            "Demo accounts / Tài khoản dùng thử (http://127.0.0.1:8000/accounts/login/):"
        )
        users = {}
        for username, password, role, name, unit_code in DEMO_ACCOUNTS:
            unit = Unit.objects.get(code=unit_code) if unit_code else None
            users[role] = ensure_account(
                username=username, password=password, role=role, full_name=name, unit=unit
            )
            where = f", {unit_code}" if unit_code else ""
            self.stdout.write(
                f"  login: {username:<15} password: {password:<16} ({role.label}{where})"
            )
        self._seat_the_jury(users[Role.JURY_MEMBER], by=users[Role.ORGANISER])
        self._found_the_committees(demo / "committees.csv", by=users[Role.ORGANISER])

    def _seat_the_jury(self, juror, *, by) -> None:
        """The demo juror scores every eligible 2022 clip, so a judging round can be tried."""
        contest = Contest.objects.get(slug="sc35-2022")
        JuryMember.objects.get_or_create(
            contest=contest, user=juror, defaults={"order_seed": zlib.crc32(b"giamkhao") >> 1}
        )
        try:
            assign_jury(contest=contest, per_entry=None, by=by)
        except JudgingRefused as refused:  # results finalised in an earlier demo run
            self.stdout.write(refused.message.both())

    def _found_the_committees(self, path: Path, *, by) -> None:
        """Invented members of the three committees (not real people), and their decisions'
        numbers; left alone once the committees have members, so organisers' edits stay."""
        contest = Contest.objects.get(slug="sc35-2022")
        if CommitteeMember.objects.filter(contest=contest).exists():
            return
        with path.open(encoding="utf-8", newline="") as rows:
            for row in csv.DictReader(rows):
                account = row["username"] and JuryMember.objects.get(
                    contest=contest, user__username=row["username"]
                )
                add_committee_member(
                    contest=contest,
                    committee=row["committee"],
                    full_name=row["full_name"],
                    position=row["position"],
                    role=row["role"],
                    jury_member=account or None,
                    by=by,
                )
        for committee, number, day in DEMO_DECISIONS:
            set_founding_decision(
                contest=contest, committee=committee, number=number, day=day, by=by
            )
