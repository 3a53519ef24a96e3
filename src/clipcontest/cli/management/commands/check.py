"""``clipcontest check --contest SLUG``: the eligibility engine; without ``--contest``, Django's."""

import json

from django.core.management.base import CommandError
from django.core.management.commands import check as django_check
from django.utils import timezone

from clipcontest.cli.common import REFUSED, contest_by_slug
from clipcontest.common.dates import DateParseError, parse_datetime
from clipcontest.eligibility.queries import contest_report
from clipcontest.eligibility.rules import ContestReport


class Command(django_check.Command):
    help = (
        "With --contest SLUG: run the contest's eligibility rules as of now or --at and print "
        "every entry's findings and every unit's compliance. Without it: Django's system check."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--contest", metavar="SLUG", help="the contest to check")
        parser.add_argument("--json", action="store_true", help="print JSON")
        parser.add_argument(
            "--at", metavar="DATETIME", help="judge as of this moment (naive = contest local)"
        )

    def handle(self, *app_labels, **options):
        slug = options.pop("contest")
        as_json, at_text = options.pop("json"), options.pop("at")
        if slug is None:
            if as_json or at_text:
                raise CommandError("--json and --at need --contest", returncode=REFUSED)
            return super().handle(*app_labels, **options)
        contest = contest_by_slug(slug)
        at = timezone.now()
        if at_text:
            try:
                at = parse_datetime(at_text, contest.zone)
            except DateParseError as exc:
                raise CommandError(exc.message.both(), returncode=REFUSED) from None
        report = contest_report(contest, at=at)
        if as_json:
            self.stdout.write(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(render_table(report))


def render_table(report: ContestReport) -> str:
    """A plain-text table a secretary can read in a terminal or paste into an e-mail."""
    lines = [f"{report.contest} — {report.at:%Y-%m-%d %H:%M %Z}", ""]
    lines.append(f"{'ENTRY':<14} {'UNIT':<10} {'ELIGIBLE':<9} FINDINGS")
    for verdict in report.entries:
        codes = ", ".join(
            f.code + ("" if f.severity == "blocking" else "?") for f in verdict.findings
        )
        mark = "yes" if verdict.eligible else "NO"
        lines.append(f"{verdict.entry.ref:<14} {verdict.entry.unit:<10} {mark:<9} {codes}")
    lines += ["", f"{'UNIT':<10} {'ENTRIES':>7} {'ELIGIBLE':>8} {'MINIMUM':<8} LETTER"]
    for unit in report.units:
        meets = "ok" if unit.meets_minimum else "BELOW"
        lines.append(
            f"{unit.code:<10} {unit.entries:>7} {unit.eligible_entries:>8} {meets:<8} {unit.letter}"
        )
    eligible = sum(v.eligible for v in report.entries)
    lines += [
        "",
        f"{len(report.entries)} entries, {eligible} eligible; "
        f"{sum(u.meets_minimum for u in report.units)}/{len(report.units)} units meet the minimum"
        " ('?' marks a warning)",
    ]
    return "\n".join(lines)
