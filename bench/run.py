"""The benchmark: seed contests of N clips, measure, compare with pretalx, write one table.

    .venv/bin/python bench/run.py                      # N = 5,000 and 10,000, pretalx too
    .venv/bin/python bench/run.py --sizes 500 --skip-peer --out /tmp/RESULTS.md

Everything lives under ``--work`` (default ``var/bench/``): the SQLite database (kept and
reused while the flags that shape it stay the same; ``--fresh`` seeds again), the data folder,
pretalx's folder (``peer/``) and its log. ``BENCH_SKIP_PEER=1`` is ``--skip-peer``; without
running the peer, figures it left in ``peer/results/`` earlier are still used (and dated).
Benchmarks are not tests: CI does not run this; ``tests/bench/test_bench_smoke.py`` runs it at
N = 50 so it keeps working.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED_VERSION = 1  # bump when the generated data changes, so old databases are not reused


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.memory_worker:
        _setup_django()
        from bench import worker

        print(json.dumps(worker.results_and_eligibility(args.memory_worker)))
        return 0
    sizes = sorted(set(args.sizes))
    work = args.work.resolve()
    database = work / f"clipcontest-{'-'.join(map(str, sizes))}-c{args.certificates}.sqlite3"
    _prepare(work, database, fresh=args.fresh, signature=_signature(args, sizes))
    _setup_django()
    from django.core.management import call_command

    from bench import peer as pretalx
    from bench import report

    log(f"database: {database}")
    call_command("migrate", verbosity=0)
    seeded = _seed_all(args, sizes)
    (database.parent / (database.name + ".seeded")).write_text(_signature(args, sizes))
    figures, settings = _measure_ours(args, sizes, database, seeded)
    peer_dir, peer_log = work / "peer", work / "peer.log"
    if not args.skip_peer:
        pretalx.run_peer(peer_dir, sizes, peer_log, log)
    peer = pretalx.read_peer(peer_dir, sizes, peer_log)
    from bench.rows import build_rows

    rows = build_rows(figures, peer)
    if peer.rows:
        summary = f"{peer.version or 'pretalx'}, measured {peer.measured_at}, sizes " + ", ".join(
            f"{n:,}" for n in sorted(peer.rows)
        )
        summary += " (this run)" if not args.skip_peer else " (an earlier run of the peer)"
    else:
        summary = "not run (--skip-peer) and no earlier figures: pretalx columns are empty"
    command = "bench/run.py " + " ".join(argv if argv is not None else sys.argv[1:])
    text = report.results_markdown(
        rows, settings=settings, peer_summary=summary, command=command.strip()
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    report.write_section(args.out, text)
    print(report.table(rows))
    log(f"written: {args.out}")
    return 0


def _seed_all(args, sizes: list[int]) -> dict:
    """Every contest the rows need, seeded (or found complete): by (clips, judges per clip),
    and the certificate batch's contest under "batch"."""
    from bench import seed

    page_n, big_n = sizes[0], sizes[-1]
    by = seed.organiser()
    units = seed.seed_units(seed.unit_count(max(big_n, args.certificates * 11 // 10)), log)
    contests = {}
    for n in sizes:
        k = 5 if n == big_n else 3
        contests[(n, k)] = _seed(
            seed.Scenario(
                f"bench-{n}-k{k}", n, k, seed.jury_size(n, k), finalise=n == page_n and k == 3
            ),
            units,
            by,
        )
    if (page_n, 3) not in contests:  # one size only: a 3-judge contest beside the 5-judge one
        contests[(page_n, 3)] = _seed(
            seed.Scenario(
                f"bench-{page_n}-k3", page_n, 3, seed.jury_size(page_n, 3), finalise=True
            ),
            units,
            by,
        )
    batch_clips = args.certificates + args.certificates // 10 + 5  # 2% are not eligible
    batch = _seed(
        seed.Scenario(
            f"bench-cert-{args.certificates}",
            batch_clips,
            3,
            seed.jury_size(batch_clips, 3),
            prizes=args.certificates,
            finalise=True,
        ),
        units,
        by,
    )
    return {**contests, "batch": batch, "by": by}


def _measure_ours(args, sizes: list[int], database: Path, contests: dict):
    from bench import measure
    from bench.rows import Figures

    page_n, big_n = sizes[0], sizes[-1]
    by, batch = contests["by"], contests["batch"]
    page_contest, big_contest = contests[(page_n, 3)], contests[(big_n, 5)]
    by_size = {n: contests.get((n, 3), contests.get((n, 5))) for n in sizes}
    f = Figures(
        sizes=sizes,
        page_n=page_n,
        page_k=3,
        big_n=big_n,
        big_k=5,
        criteria=big_contest.criteria.count(),
        certificate_batch=args.certificates,
    )
    client = measure.organiser_client(by)
    reps = args.reps
    for n in sizes:
        log(f"measuring the clip list and the exports at {n:,} clips")
        f.clip_list[n] = measure.page(client, measure.clip_list_url(by_size[n]), reps)
        f.exports[n] = {
            ext: measure.page(client, measure.export_url(by_size[n], ext), reps)
            for ext in ("xlsx", "csv")
        }
    log(f"measuring the results page at {page_n:,} clips")
    f.results_page = measure.page(client, measure.results_url(page_contest), reps)
    log(f"measuring results and eligibility in process at {big_n:,} clips")
    f.in_process = measure.in_process(big_contest, reps)
    f.numpy = measure.numpy_floor(big_contest, reps)
    judges = max(10, round(200 * big_n / 10_000))
    log(f"measuring the assignment: {big_n:,} clips × {judges} judges × 3")
    f.assignment = measure.assignment(big_n, judges, 3, reps)
    log("measuring the certificates")
    # The first run issues the certificates; with one repetition it is the one measured.
    f.certificates["2022"] = measure.certificates(page_contest, by, reps, warm_up=reps > 1)
    f.certificates["batch"] = measure.certificates(batch, by, 1, warm_up=False)
    log(f"measuring a worker's peak memory at {big_n:,} clips")
    f.memory = measure.memory(big_contest.slug, Path(__file__).resolve())
    settings = {
        "sizes": ", ".join(f"{n:,}" for n in sizes),
        "repetitions": f"{reps} (median), after one warm-up; the large certificate batch once",
        "seeding": "units (XLSX), clips, letters, jury, paper scores (CSV) through the project's "
        "importers; assign_jury; finalise_results",
        "database file": str(
            database.relative_to(ROOT) if database.is_relative_to(ROOT) else database
        ),
    }
    return f, settings


def _seed(scenario, units, by):
    from bench import seed

    log(f"seeding {scenario.slug}: {scenario.clips:,} clips, {scenario.per_clip} judges each")
    return seed.seed_contest(scenario, units, by, log)


def _signature(args, sizes: list[int]) -> str:
    return json.dumps({"sizes": sizes, "certificates": args.certificates, "seed": SEED_VERSION})


def _prepare(work: Path, database: Path, *, fresh: bool, signature: str) -> None:
    """The environment for Django; a database not completely seeded by these flags goes."""
    work.mkdir(parents=True, exist_ok=True)
    marker = database.parent / (database.name + ".seeded")
    complete = marker.exists() and marker.read_text() == signature
    if fresh or not complete:
        for path in (database, marker, Path(f"{database}-journal"), Path(f"{database}-wal")):
            path.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ["CLIPCONTEST_DATA_DIR"] = str(work / "data")


def _setup_django() -> None:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clipcontest.settings")
    import django

    django.setup()


_STARTED = time.perf_counter()


def log(message: str) -> None:
    print(f"[{time.perf_counter() - _STARTED:7.1f} s] {message}", file=sys.stderr, flush=True)


def _sizes(text: str) -> list[int]:
    return [int(part.replace("_", "")) for part in text.replace(",", " ").split()]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description="clipcontest against pretalx, one table.")
    parser.add_argument(
        "--sizes",
        type=_sizes,
        default=[5000, 10000],
        help="clip counts, e.g. '5000,10000' (smallest: the pages; largest: "
        "results, eligibility, assignment, memory)",
    )
    parser.add_argument("--reps", type=int, default=5, help="timed runs per figure (median)")
    parser.add_argument(
        "--certificates", type=int, default=1000, help="the large certificate batch (at least 7)"
    )
    parser.add_argument(
        "--skip-peer",
        action="store_true",
        default=os.environ.get("BENCH_SKIP_PEER", "") not in ("", "0"),
        help="do not run pretalx (figures it left earlier are still used)",
    )
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "RESULTS.md")
    parser.add_argument("--work", type=Path, default=ROOT / "var" / "bench")
    parser.add_argument("--fresh", action="store_true", help="seed the database again")
    parser.add_argument("--memory-worker", metavar="SLUG", help=argparse.SUPPRESS)
    return parser


if __name__ == "__main__":
    sys.exit(main())
