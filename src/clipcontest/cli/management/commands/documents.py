"""``clipcontest documents KIND --contest SLUG --out PATH``: the awards documents, from the CLI.

KIND is ``certificates`` (PATH: a folder, filled with one PDF per prize and certificates.zip),
``payout`` (PATH: an .xlsx or .csv file), ``decision``, ``report`` or ``rules`` (the contest
rules, Thể lệ) (PATH: a .docx or .pdf file, or a folder that receives both). ``committees``
(PATH: a folder) writes the decisions founding the organising committee, the jury and the
secretariat, each as DOCX and PDF. The same functions as the organisers' pages make them; money
documents come from finalised results only (exit status 2 otherwise).
"""

from __future__ import annotations

import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from clipcontest.awards.services import AwardsRefused, issue_certificates
from clipcontest.cli.common import REFUSED, contest_by_slug
from clipcontest.cli.management.commands.jury import user_by_username
from clipcontest.documents.pdf import ConversionFailed

KINDS = ("certificates", "payout", "decision", "report", "committees", "rules")
NAMES = {"decision": "quyet-dinh-trao-giai", "report": "bao-cao-tong-ket", "rules": "the-le"}


class Command(BaseCommand):
    help = "Write the certificates, the payout list, the award decision or the summary report."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=KINDS)
        parser.add_argument("--contest", required=True, metavar="SLUG")
        parser.add_argument("--out", required=True, metavar="PATH")
        parser.add_argument("--by", metavar="USERNAME", help="who issues (kept in the audit log)")
        parser.add_argument(
            "--base-url",
            default=settings.CLIPCONTEST_SITE_URL,
            help="the site's public address, for the QR codes (default: CLIPCONTEST_SITE_URL)",
        )

    def handle(self, *args, kind: str, contest: str, out: str, **options):
        target = contest_by_slug(contest)
        path = Path(out)
        try:
            written = getattr(self, f"write_{kind}")(target, path, **options)
        except (AwardsRefused, ConversionFailed) as refused:
            raise CommandError(refused.message.both(), returncode=REFUSED) from None
        for item in written:
            self.stdout.write(str(item))

    def write_certificates(self, contest, path: Path, *, by, base_url, **_) -> list[Path]:
        from clipcontest.documents.certificates import write_certificates

        user = user_by_username(by) if by else None
        issued = issue_certificates(contest=contest, by=user)
        self.stderr.write(
            f"{len(issued.certificates)} certificate(s): {issued.created} new, "
            f"{issued.voided} voided / {len(issued.certificates)} giấy chứng nhận"
        )
        path.mkdir(parents=True, exist_ok=True)

        def progress(done: int, total: int) -> None:
            if sys.stderr.isatty():
                self.stderr.write(f"\r{done}/{total}", ending="")

        return write_certificates(contest, path, base_url=base_url, progress=progress)

    def write_payout(self, contest, path: Path, **_) -> list[Path]:
        from clipcontest.documents.payout import payout_csv, payout_xlsx

        if path.suffix.lower() not in (".xlsx", ".csv"):
            raise CommandError(
                "--out must end in .xlsx or .csv / --out phải là tệp .xlsx hoặc .csv",
                returncode=REFUSED,
            )
        maker = payout_csv if path.suffix.lower() == ".csv" else payout_xlsx
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(maker(contest))
        return [path]

    def write_decision(self, contest, path: Path, **_) -> list[Path]:
        from clipcontest.documents.decision import decision_docx, decision_pdf

        return self._docx_and_pdf(contest, path, "decision", decision_docx, decision_pdf)

    def write_report(self, contest, path: Path, **_) -> list[Path]:
        from clipcontest.documents.report import report_docx, report_pdf

        return self._docx_and_pdf(contest, path, "report", report_docx, report_pdf)

    def write_committees(self, contest, path: Path, **_) -> list[Path]:
        """The three founding decisions, DOCX and PDF each, into the folder PATH."""
        from clipcontest.documents.committees import committee_decision_files

        path.mkdir(parents=True, exist_ok=True)
        written = []
        for name, content in committee_decision_files(contest):
            (path / name).write_bytes(content)
            written.append(path / name)
        return written

    def write_rules(self, contest, path: Path, **_) -> list[Path]:
        """The contest rules (Thể lệ), from the rules file as loaded."""
        from clipcontest.documents.rules_document import rules_docx, rules_pdf

        return self._docx_and_pdf(contest, path, "rules", rules_docx, rules_pdf)

    def _docx_and_pdf(self, contest, path: Path, kind: str, docx, pdf) -> list[Path]:
        """One file when PATH names one (.docx / .pdf), else both into the folder PATH."""
        makers = {".docx": docx, ".pdf": pdf}
        if path.suffix.lower() in makers:
            targets = [path]
        else:
            targets = [path / f"{contest.slug}-{NAMES[kind]}{ext}" for ext in makers]
        for target in targets:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(makers[target.suffix.lower()](contest))
        return targets
