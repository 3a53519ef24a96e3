"""``clipcontest results --contest SLUG [--json] [--finalise | --reopen] [--by U] [--reason T]``.

Prints the ranking with the prizes (a table, or JSON for scripts); ``--finalise`` locks the
scores and ``--reopen`` unlocks them, both through the judging services, which check the role
and write the audit row. Exit status 2 when the request is refused.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from clipcontest.awards.results import ContestResults, contest_results
from clipcontest.cli.common import REFUSED, contest_by_slug
from clipcontest.cli.management.commands.jury import user_by_username
from clipcontest.common.text import Text
from clipcontest.judging.ranking import round_score
from clipcontest.judging.services import JudgingRefused, finalise_results, reopen_results

BY_AND_REASON = Text(
    vi="--finalise và --reopen cần --by TÊN_ĐĂNG_NHẬP và --reason LÝ_DO.",
    en="--finalise and --reopen need --by USERNAME and --reason TEXT.",
)
FINALISED = Text(vi="Đã chốt kết quả {slug}.", en="Results of {slug} finalised.")
REOPENED = Text(vi="Đã mở lại kết quả {slug}.", en="Results of {slug} reopened.")


class Command(BaseCommand):
    help = "Show the ranking and prizes of a contest; finalise or reopen its results."

    def add_arguments(self, parser):
        parser.add_argument("--contest", required=True, metavar="SLUG")
        parser.add_argument("--json", action="store_true", help="print JSON for scripts")
        decide = parser.add_mutually_exclusive_group()
        decide.add_argument("--finalise", action="store_true", help="lock the scores")
        decide.add_argument("--reopen", action="store_true", help="unlock the scores")
        parser.add_argument("--by", metavar="USERNAME", help="the organiser who decides")
        parser.add_argument("--reason", metavar="TEXT", help="why (kept in the audit log)")

    def handle(self, *args, contest: str, finalise: bool, reopen: bool, **options):
        target = contest_by_slug(contest)
        if finalise or reopen:
            self.decide(target, finalise=finalise, by=options["by"], reason=options["reason"])
        results = contest_results(target)
        if options["json"]:
            self.stdout.write(json.dumps(results.as_json(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(table(results))

    def decide(self, contest, *, finalise: bool, by: str | None, reason: str | None) -> None:
        if not by or not (reason or "").strip():
            raise CommandError(BY_AND_REASON.both(), returncode=REFUSED)
        user = user_by_username(by)
        service, done = (finalise_results, FINALISED) if finalise else (reopen_results, REOPENED)
        try:
            service(contest=contest, by=user, reason=reason)
        except JudgingRefused as refusal:
            raise CommandError(refusal.message.both(), returncode=REFUSED) from None
        self.stderr.write(done.format(slug=contest.slug).both())


def table(results: ContestResults) -> str:
    """The ranking as a terminal table, then what is left out and the prizes left unused."""
    head = f"{'rank':>4}  {'ref':<12} {'unit':<10} {'score':>7}  {'prize':<12} {'amount':>11}"
    lines = [
        f"{results.contest.slug}  method/cách tính: {results.results.method}  "
        f"{'finalised/đã chốt' if results.finalised else 'not finalised/chưa chốt'}",
        head,
    ]
    for clip, award in results.rows():
        lines.append(
            f"{clip.rank:>4}  {clip.ref:<12} {clip.unit:<10} {round_score(clip.score):>7}  "
            f"{award.tier_key or '-':<12} {_money(award.amount):>11}"
        )
    for unranked in results.results.unranked:
        why = "; ".join(text.both() for text in unranked.why)
        lines.append(f"   -  {unranked.ref:<12} {unranked.unit:<10} {why}")
    for unused in results.allocation.unused:
        lines.append(f"unused prizes / giải chưa trao: {unused.tier_key} x {unused.count}")
    lines.append(f"total / tổng: {_money(results.allocation.total)} đ")
    return "\n".join(lines)


def _money(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")
