"""Seed benchmark contests through the project's own import paths, as a secretariat would.

Units arrive as an XLSX file, clips, letters, the jury and the paper scores as CSV files, all
through the importers the pages and the CLI use (``import_units``, ``import_entries``,
``import_letters``, ``import_jury``, ``import_scores``); the assignment is ``assign_jury`` and
the results are finalised with ``finalise_results``. So the data has every row and audit event
the real paths write, and a seeding that no longer works is a regression the bench shows.

Everything is generated from a fixed seed: the same flags give the same database.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import random
import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook

from clipcontest.accounts.models import Role
from clipcontest.accounts.services import ensure_account
from clipcontest.contests.models import Contest
from clipcontest.contests.rules_file import parse_rules
from clipcontest.contests.services import load_contest
from clipcontest.entries.imports import import_entries
from clipcontest.entries.letter_imports import import_letters
from clipcontest.judging.imports import import_jury, import_scores
from clipcontest.judging.models import Assignment, ScoreSheet
from clipcontest.judging.queries import results_locked
from clipcontest.judging.services import assign_jury, finalise_results
from clipcontest.units.imports import import_units
from clipcontest.units.models import Unit

RULES_2022 = Path(__file__).resolve().parent.parent / "contests" / "sc35-2022.toml"
ORGANISER = "bench.organiser"
CLIPS_PER_UNIT = 20  # a national contest: a few hundred committees, a score of clips each
SEED = 2022

FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Giàng")
MIDDLE = ("Văn", "Thị", "Minh", "Quốc", "Thu", "Đức", "Ngọc", "Mí")
GIVEN = ("An", "Bình", "Chi", "Dũng", "Hà", "Hùng", "Lan", "Mai", "Nam", "Phương", "Sơn", "Tú")
PLACES = ("Đồng Văn", "Mèo Vạc", "Yên Minh", "Quản Bạ", "Bắc Mê", "Vị Xuyên", "Bắc Quang")
TITLE_WORDS = (
    "Tin giả về giá điện",
    "Sống ảo – hệ lụy thật",
    "Cao nguyên đá nói không với tin đồn",
    "Chuyện ở tổ dân phố",
    "Đừng vội chia sẻ",
    "Sự thật phía sau một đoạn clip",
)
GENRES = ("comedy", "short_film", "drama", "adapted_article")
THEMES = ("refute_false_information", "criticize_online_habits")


@dataclass(frozen=True)
class Scenario:
    """One seeded contest: ``clips`` clips, ``per_clip`` judges each from a jury of ``jury``.

    ``prizes``: None keeps the 2022 tiers (21 prizes); a number makes the consolation tier
    as large as it takes for that many prizes in all. ``finalise`` locks the results
    (certificates need it).
    """

    slug: str
    clips: int
    per_clip: int
    jury: int
    prizes: int | None = None
    finalise: bool = False


def jury_size(clips: int, per_clip: int) -> int:
    """200 members for 10,000 clips, in proportion below, never fewer than the panel needs."""
    return max(per_clip + 2, min(200, clips // 50))


def unit_count(largest: int) -> int:
    return max(5, -(-largest // CLIPS_PER_UNIT))


def organiser():
    return ensure_account(username=ORGANISER, password="Bench-Organiser-2022!", role=Role.ORGANISER)


def seed_units(count: int, log) -> list[str]:
    """The participating units, imported from an XLSX file; their codes."""
    codes = [f"BV{number:04d}" for number in range(1, count + 1)]
    if Unit.objects.filter(code__in=codes).count() == count:
        return codes
    kinds = ("Huyện ủy", "Thành ủy", "Đảng ủy trực thuộc")
    rows = [("code", "name", "kind", "email")] + [
        (
            code,
            f"Ban Chỉ đạo 35 {kinds[n % 3]} {PLACES[n % len(PLACES)]} {n + 1}",
            kinds[n % 3],
            f"bcd35.{code.lower()}@example.vn",
        )
        for n, code in enumerate(codes)
    ]
    started = time.perf_counter()
    import_units(xlsx_bytes(rows), "units.xlsx")
    log(f"  {count} units imported (XLSX) in {time.perf_counter() - started:.1f} s")
    return codes


def seed_contest(scenario: Scenario, units: list[str], by, log) -> Contest:
    """The scenario's contest, seeded unless a complete one is already stored."""
    existing = Contest.objects.filter(slug=scenario.slug).first()
    if existing is not None and _complete(existing, scenario):
        log(f"  {scenario.slug}: reused ({scenario.clips} clips already seeded)")
        return existing
    if existing is not None:
        raise RuntimeError(f"{scenario.slug} is half seeded: run again with --fresh")
    rng = random.Random(f"{SEED}-{scenario.slug}")
    contest = load_contest(parse_rules(rules_text(scenario))).contest
    stage = _stages(log, scenario.slug)
    refs = _seed_entries(contest, scenario, units, rng)
    stage(f"{scenario.clips} clips imported (CSV)")
    _seed_letters(contest, refs, units, rng)
    stage("letters imported (CSV)")
    members = _seed_jury(contest, scenario, units)
    stage(f"{len(members)} jury members imported (CSV)")
    assign_jury(contest=contest, per_entry=scenario.per_clip, by=by)
    stage(f"{scenario.per_clip} judges per clip assigned (OR-Tools)")
    sheets = _seed_scores(contest, rng, by)
    stage(f"{sheets} score sheets imported (CSV)")
    if scenario.finalise:
        finalise_results(contest=contest, by=by, reason="Họp Ban Giám khảo (benchmark)")
        stage("results finalised")
    return contest


def rules_text(scenario: Scenario) -> str:
    """The 2022 rules file under the scenario's slug (and its prize count, if it has one)."""
    text = RULES_2022.read_text(encoding="utf-8")
    text = text.replace('slug = "sc35-2022"', f'slug = "{scenario.slug}"', 1)
    if scenario.prizes is not None:
        if scenario.prizes < 7:
            raise ValueError("a prize count below 7 does not fit the 2022 tiers (1 + 2 + 3 + …)")
        text = text.replace("count = 15", f"count = {scenario.prizes - 6}", 1)
    return text


def _complete(contest: Contest, scenario: Scenario) -> bool:
    sheets = ScoreSheet.objects.filter(assignment__member__contest=contest).count()
    return (
        contest.entries.count() == scenario.clips
        and sheets > 0
        and sheets == Assignment.objects.filter(member__contest=contest).count()
        and (results_locked(contest) or not scenario.finalise)
    )


def _stages(log, slug: str):
    last = [time.perf_counter()]

    def stage(what: str) -> None:
        now = time.perf_counter()
        log(f"  {slug}: {what} in {now - last[0]:.1f} s")
        last[0] = now

    return stage


def _seed_entries(contest: Contest, scenario: Scenario, units: list[str], rng) -> list[str]:
    rows = [
        (
            "ref",
            "unit",
            "title",
            "url",
            "genre",
            "theme",
            "authors",
            "duration",
            "posted_at",
            "submitted_at",
        )
    ]
    refs = []
    for number in range(scenario.clips):
        unit = units[number % len(units)]
        ref = f"{unit}-{number // len(units) + 1}"
        refs.append(ref)
        # 2% run over ten minutes: some clips are not eligible, as in every contest.
        seconds = rng.randint(601, 700) if rng.random() < 0.02 else rng.randint(20, 590)
        day = 1 + rng.randrange(110)  # days after 1 March 2022, inside the window
        posted = f"2022-{3 + day // 31:02d}-{1 + day % 28:02d}"
        rows.append(
            (
                ref,
                unit,
                f"{rng.choice(TITLE_WORDS)} ({number + 1})",
                _link(contest.slug, number, rng),
                rng.choice(GENRES),
                rng.choice(THEMES),
                ";".join(_name(rng) for _ in range(rng.randint(1, 3))),
                f"{seconds // 60}:{seconds % 60:02d}",
                posted,
                f"{posted} {8 + rng.randrange(10):02d}:{rng.randrange(60):02d}",
            )
        )
    import_entries(csv_bytes(rows), "entries.csv", contest=contest)
    return refs


def _seed_letters(contest: Contest, refs: list[str], units: list[str], rng) -> None:
    """Most units' official letters list their clips and arrive on time; a few are missing."""
    by_unit: dict[str, list[str]] = {}
    for ref in refs:
        by_unit.setdefault(ref.rsplit("-", 1)[0], []).append(ref)
    rows = [("unit", "number", "date", "received_at", "entries")]
    for n, (unit, unit_refs) in enumerate(sorted(by_unit.items())):
        if rng.random() < 0.05:
            continue
        rows.append(
            (unit, f"{n + 1}-CV/BCĐ35", "2022-06-01", "2022-06-10 09:00", ";".join(unit_refs))
        )
    import_letters(csv_bytes(rows), "letters.csv", contest=contest)


def _seed_jury(contest: Contest, scenario: Scenario, units: list[str]) -> list[str]:
    """The jury; each member comes from a unit, so their own unit's clips are conflicts."""
    names = [f"gk.{contest.slug}.{n:03d}" for n in range(1, scenario.jury + 1)]
    rng = random.Random(f"{SEED}-jury-{contest.slug}")
    rows = [("username", "name", "email", "unit")] + [
        (name, _name(rng), f"{name}@example.vn", units[n % len(units)])
        for n, name in enumerate(names)
    ]
    import_jury(csv_bytes(rows), "jury.csv", contest=contest)
    return names


def _seed_scores(contest: Contest, rng, by) -> int:
    """Paper score sheets for every assignment: a clip's quality plus each judge's leaning."""
    criteria = list(contest.criteria.order_by("position"))
    pairs = list(
        Assignment.objects.filter(member__contest=contest)
        .order_by("entry__ref", "member__user__username")
        .values_list("entry__ref", "member__user__username")
    )
    quality = {ref: rng.uniform(0.35, 0.95) for ref, _ in pairs}
    leaning = {judge: rng.uniform(-0.08, 0.08) for _, judge in pairs}
    rows = [("entry", "judge", *(c.key for c in criteria), "comment")]
    for ref, judge in pairs:
        level = quality[ref] + leaning[judge]
        points = []
        for criterion in criteria:
            share = min(1.0, max(0.0, level + rng.uniform(-0.1, 0.1)))
            # Half points, as juries write them (a tie now and then).
            points.append(str(Decimal(round(share * float(criterion.max_points) * 2)) / 2))
        rows.append((ref, judge, *points, ""))
    import_scores(csv_bytes(rows), "scores.csv", contest=contest, by=by)
    return len(pairs)


def _link(slug: str, number: int, rng) -> str:
    digest = hashlib.blake2b(f"{slug}/{number}".encode(), digest_size=8).digest()
    if rng.random() < 0.2:
        video = int.from_bytes(digest, "big") % 10**19
        return f"https://www.tiktok.com/@bcd35.bench/video/{video:019d}"
    video_id = base64.urlsafe_b64encode(digest).decode().rstrip("=")
    return f"https://www.youtube.com/watch?v={video_id}"


def _name(rng) -> str:
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def csv_bytes(rows: list[tuple]) -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


def xlsx_bytes(rows: list[tuple]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
