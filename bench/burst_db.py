"""The deadline burst's database side, run by ``bench/burst.py`` in its own process.

    python bench/burst_db.py prepare --users 200
    python bench/burst_db.py close --at EPOCH --zone-dir DIR
    python bench/burst_db.py count --log FILE --close EPOCH

Each prints one JSON object. Everything goes through the project's own paths: the contest from
a rules file (``load_contest``), units from a spreadsheet (``import_units``), accounts with
``ensure_account``; the count reads the entries the server stored.

How the deadline passes mid-run: a contest closes at the end of its last day in its own time
zone. ``close`` writes a time zone file (TZif, one fixed offset) whose local midnight falls
exactly at ``--at``, loads the contest again with that zone and today's local date as its last
day, and the server reads the zone through ``PYTHONTZPATH``. Nothing in the project is patched
and no clock is faked: at ``--at`` the real deadline check refuses, with its real message.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import struct
import sys
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SLUG = "burst"
PASSWORD = "burst-Pass-2026"


def username(index: int) -> str:
    return f"burst{index:03d}"


def unit_code(index: int) -> str:
    return f"BURST{index:03d}"


def _setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.burst_settings")
    import django

    django.setup()


def burst_rules(text: str, *, zone: str, closes_on: date) -> str:
    """The 2022 rules as the contest ``burst``: its last day ``closes_on`` in ``zone``."""
    from clipcontest.contests.rules_file import parse_rules

    window = parse_rules(text).window
    moves = {
        window.opens_on: closes_on - timedelta(days=30),
        window.closes_on: closes_on,
        window.letter_deadline: closes_on - timedelta(days=1),
    }
    for old, new in moves.items():
        text = text.replace(old.isoformat(), new.isoformat())
    awards = (closes_on + timedelta(days=40)).strftime("%Y-%m")
    text = re.sub(r'awards_month\s*=\s*"\d{4}-\d{2}"', f'awards_month = "{awards}"', text)
    text = re.sub(r"^slug\s*=.*$", f'slug = "{SLUG}"', text, count=1, flags=re.M)
    return re.sub(r"^time_zone\s*=.*$", f'time_zone = "{zone}"', text, count=1, flags=re.M)


def _load(zone: str, closes_on: date):
    from clipcontest.contests.rules_file import parse_rules
    from clipcontest.contests.services import load_contest

    text = burst_rules(
        (ROOT / "contests" / "sc35-2022.toml").read_text(encoding="utf-8"),
        zone=zone,
        closes_on=closes_on,
    )
    return load_contest(parse_rules(text), rules_text=text).contest


def _empty_queue() -> int:
    """Drop the fetch tasks the run queued (no worker runs during the burst)."""
    from django.conf import settings

    if "django_rq" not in settings.INSTALLED_APPS:
        return 0
    import django_rq

    queue = django_rq.get_queue("default")
    queued = queue.count
    queue.empty()
    return queued


def prepare(users: int) -> dict:
    """The contest, open until tomorrow for now; ``users`` units, each with its representative."""
    from django.utils import timezone

    from clipcontest.accounts.models import Role
    from clipcontest.accounts.services import ensure_account
    from clipcontest.units.imports import import_units
    from clipcontest.units.models import Unit

    contest = _load("Asia/Ho_Chi_Minh", timezone.localdate() + timedelta(days=1))
    rows = ["code,name,kind,email"] + [
        f"{unit_code(i)},Ban Chỉ đạo 35 đơn vị thử tải {i:03d},district,{username(i)}@example.vn"
        for i in range(1, users + 1)
    ]
    import_units("\n".join(rows).encode("utf-8"), "burst-units.csv")
    units = {unit.code: unit for unit in Unit.objects.filter(code__startswith="BURST")}
    for i in range(1, users + 1):
        ensure_account(
            username=username(i),
            password=PASSWORD,
            role=Role.UNIT_REPRESENTATIVE,
            unit=units[unit_code(i)],
        )
    return {
        "contest": contest.slug,
        "units": len(units),
        "genre": contest.genres[0]["key"],
        "theme": contest.themes[0]["key"],
        "dropped_tasks": _empty_queue(),
    }


def tzif(offset_seconds: int, abbreviation: bytes = b"BRST") -> bytes:
    """A TZif version 2 file with one fixed UTC offset (RFC 8536), which zoneinfo reads."""
    names = abbreviation + b"\0"
    header = b"TZif2" + b"\0" * 15 + struct.pack(">6l", 0, 0, 0, 0, 1, len(names))
    block = header + struct.pack(">lBB", offset_seconds, 0, 0) + names
    return block + block + b"\n\n"  # the v1 block, the v2 block, an empty footer


def close(at: int, zone_dir: Path) -> dict:
    """Make the contest's deadline fall at ``at`` (Unix seconds): see the module's docstring."""
    from clipcontest.contests.models import Contest

    offset = -(at % 86_400) % 86_400  # local time at ``at`` is then 00:00:00
    if offset > 43_200:
        offset -= 86_400
    key = f"Burst/Close{at}"
    path = zone_dir / key
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(tzif(offset))
    last_day = (datetime.fromtimestamp(at - 1, UTC) + timedelta(seconds=offset)).date()
    _load(key, last_day)
    from clipcontest.entries.services import WINDOW_CLOSED

    contest = Contest.objects.get(slug=SLUG)
    reason = WINDOW_CLOSED.format(closes=contest.closes_on.strftime("%d/%m/%Y"))
    return {
        "reason": reason.vi,
        "zone": key,
        "offset_seconds": offset,
        "closes_on": contest.closes_on.isoformat(),
        "closes_at": contest.closes_at.isoformat(),
        "closes_at_epoch": contest.closes_at.timestamp(),
    }


def count(log: Path, close_epoch: float) -> dict:
    """Every answered submission against the rows the server stored."""
    from clipcontest.entries.models import Entry

    lines = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines() if line]
    entries = list(
        Entry.objects.filter(contest__slug=SLUG).values_list(
            "unit__code", "video_id", "ref", "submitted_at"
        )
    )
    stored = Counter((unit, video) for unit, video, _, _ in entries)
    refs = {(unit, video): ref for unit, video, ref, _ in entries}
    accepted = [x for x in lines if x["outcome"] == "accepted"]
    accepted_keys = {(x["unit"], x["video"]) for x in accepted}
    unanswered = {(x["unit"], x["video"]) for x in lines if x["outcome"] == "no answer"}
    after = [x for x in lines if x["sent"] > close_epoch]
    closes_at = datetime.fromtimestamp(close_epoch, UTC)
    return {
        "requests": len(lines),
        "accepted": len(accepted),
        "stored": len(entries),
        "lost": sorted(accepted_keys - set(stored))[:20],
        "lost_count": len(accepted_keys - set(stored)),
        "duplicated": sum(n - 1 for n in stored.values() if n > 1),
        "videos_sent_twice": sum(n - 1 for n in Counter(x["video"] for x in lines).values()),
        "wrong_ref": sum(refs.get((x["unit"], x["video"])) != x["ref"] for x in accepted),
        # Stored although the generator saw no success: only a request that got no answer may.
        "stored_unanswered": len((set(stored) - accepted_keys) & unanswered),
        "stored_unexplained": len(set(stored) - accepted_keys - unanswered),
        "stored_after_close": sum(at > closes_at for _, _, _, at in entries),
        "sent_after_close": len(after),
        "after_close_refused_with_reason": sum(x["outcome"] == "closed" for x in after),
        "after_close_other": Counter(x["outcome"] for x in after if x["outcome"] != "closed"),
        "in_flight_refused": sum(
            x["outcome"] == "closed" and x["sent"] <= close_epoch for x in lines
        ),
        "dropped_tasks": _empty_queue(),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="step", required=True)
    sub.add_parser("prepare").add_argument("--users", type=int, required=True)
    closing = sub.add_parser("close")
    closing.add_argument("--at", type=int, required=True)
    closing.add_argument("--zone-dir", type=Path, required=True)
    counting = sub.add_parser("count")
    counting.add_argument("--log", type=Path, required=True)
    counting.add_argument("--close", type=float, required=True)
    args = parser.parse_args()
    _setup()
    if args.step == "prepare":
        result = prepare(args.users)
    elif args.step == "close":
        result = close(args.at, args.zone_dir)
    else:
        result = count(args.log, args.close)
    print(json.dumps(result, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
