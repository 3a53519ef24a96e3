from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from clipcontest.accounts.tokens import issue_token, revoke_tokens, tokens_of
from clipcontest.cli.common import REFUSED


class Command(BaseCommand):
    help = "API tokens: create one (shown once), list a user's tokens, revoke them."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="issue a token and print it; it is shown once")
        create.add_argument("username")
        create.add_argument("--name", required=True, help="what the token is for, e.g. 'laptop'")
        listing = sub.add_parser("list", help="the user's tokens (names and dates, not tokens)")
        listing.add_argument("username")
        revoke = sub.add_parser("revoke", help="delete the user's tokens of one name, or all")
        revoke.add_argument("username")
        which = revoke.add_mutually_exclusive_group(required=True)
        which.add_argument("--name")
        which.add_argument("--all", action="store_true", help="every token of the user")

    def handle(self, *args, action: str, username: str, **options):
        user = _user(username)
        if action == "create":
            try:
                token = issue_token(user, options["name"])
            except ValueError as error:
                raise CommandError(str(error), returncode=REFUSED) from None
            # Only the token on stdout, so that a script can capture it; the advice on stderr.
            self.stdout.write(token)
            self.stderr.write(
                "Store this token now: it is not shown again. / "
                "Hãy lưu mã này ngay: mã sẽ không hiển thị lại."
            )
        elif action == "list":
            for token in tokens_of(user):
                used = (
                    timezone.localtime(token.last_used_at).strftime("%Y-%m-%d %H:%M")
                    if token.last_used_at
                    else "never / chưa dùng"
                )
                created = timezone.localtime(token.created_at).strftime("%Y-%m-%d %H:%M")
                self.stdout.write(f"{token.name}\tcreated {created}\tlast used {used}")
        else:
            count = revoke_tokens(user, None if options["all"] else options["name"])
            self.stdout.write(f"{count} token(s) revoked / đã thu hồi {count} mã")
            if count == 0:
                raise CommandError("no such token / không có mã nào như vậy", returncode=REFUSED)


def _user(username: str):
    try:
        return get_user_model().objects.get(username=username)
    except get_user_model().DoesNotExist:
        raise CommandError(
            f"no user {username!r} / không có tài khoản {username!r}", returncode=REFUSED
        ) from None
