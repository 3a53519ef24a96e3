"""The benchmark keeps working: ``bench/run.py`` at N = 50, pretalx skipped, into a temporary
folder. Benchmarks are not tests (CI never times anything); this only checks that every row of
the issue's table is still measured and written, so a change to an importer, a page or a
service the bench drives shows up here and not on the day of the full run."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ROWS = (
    "organiser clip list, first page",
    "clip list: queries per request",
    "jury results page",
    "full export, XLSX",
    "full export, CSV",
    "full export XLSX: queries",
    "full export CSV: queries",
    "results in process (aggregate, tie-breaks, prizes)",
    "results vs bare numpy",
    "assignment (min-cost flow)",
    "eligibility (contest_report)",
    "certificates, as a task with progress",
    "memory: worker peak RSS (results + eligibility)",
)


def test_bench_at_50_clips_measures_every_row_of_the_table(tmp_path):
    out = tmp_path / "RESULTS.md"
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CLIPCONTEST_DATA_DIR")}
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "run.py"),
            "--sizes",
            "50",
            "--reps",
            "1",
            "--certificates",
            "7",
            "--skip-peer",
            "--work",
            str(tmp_path / "work"),
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    text = out.read_text(encoding="utf-8")
    assert (
        "## The benchmark" in text
        and "### Machine" in text
        and "Django:" in text
        and "SQLite" in text
    )
    assert "| work | size | ours | compared with | ratio | target | met |" in text
    table = [line for line in text.splitlines() if line.startswith("| ")]
    works = {line.split(" | ")[0].removeprefix("| ") for line in table}
    assert set(ROWS) <= works
    assert sum("certificates, as a task" in line for line in table) == 2
    # Every row has its seven cells, and the table printed is the table written.
    assert all(line.count(" | ") == 6 for line in table)
    assert table[0] in done.stdout
    # The pages were really measured: a page costs queries, and a verdict is given where we can.
    queries = next(line for line in table if line.startswith("| clip list: queries"))
    assert int(queries.split(" | ")[2]) > 0
    assert re.search(r"\| 7 certificates \|", text)
    assert "optimal: yes" in text
