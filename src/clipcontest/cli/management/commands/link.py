import json

from django.core.management.base import BaseCommand, CommandError

from clipcontest.entries.links import LinkError, parse_link


class Command(BaseCommand):
    help = "Recognise, validate and canonicalise clip links: one JSON object per line per URL."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        parse = sub.add_parser("parse", help="parse links given as arguments")
        parse.add_argument("urls", nargs="+", metavar="URL")

    def handle(self, *args, action: str, urls: list[str], **options):
        rejected = 0
        for url in urls:
            try:
                result = parse_link(url).as_dict()
            except LinkError as error:
                rejected += 1
                result = {"url": url, "error": error.as_dict()}
            self.stdout.write(json.dumps(result, ensure_ascii=False))
        if rejected:
            raise CommandError(f"{rejected} link(s) rejected", returncode=1)
