"""pretalx, the peer: run its script (it installs pretalx from PyPI into its own folder) and read
the figures it leaves in ``PEER_DIR/results/`` (``inproc-N.json``, ``http-N.json``).

The endpoints we compare with, by the script's keys: ``a`` the submissions list (first page),
``b`` the review dashboard, ``d`` the submissions CSV export (all N).
"""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = Path(
    os.environ.get(
        "PEER_SCRIPT", ROOT.parent / "shared" / "bench" / "peer-pretalx" / "peer_pretalx.sh"
    )
)
ISSUE_PEAK_RSS_MB = 474.0  # the issue's figure for pretalx at 5,000, used when none was measured


@dataclass(frozen=True)
class PeerRow:
    median_ms: float
    queries: int | None


@dataclass
class PeerFigures:
    """What the peer measured, by size; empty when it was skipped and never run."""

    rows: dict[int, dict[str, PeerRow]] = field(default_factory=dict)
    # Every peak RSS the peer reported, by size: (MB, what it is); the worker's one first.
    peak_rss_mb: dict[int, list[tuple[float, str]]] = field(default_factory=dict)
    version: str = ""
    measured_at: str = ""

    def row(self, n: int, key: str) -> PeerRow | None:
        return self.rows.get(n, {}).get(key)

    def memory(self, n: int) -> tuple[float, str]:
        """pretalx's peak RSS at ``n`` and where the figure comes from: a gunicorn worker's
        when the peer ran its http mode (a worker, like ours), else its measuring process's."""
        if self.peak_rss_mb.get(n):
            mb, source = self.peak_rss_mb[n][0]
            others = "; ".join(f"{o:,.0f} MB {what}" for o, what in self.peak_rss_mb[n][1:])
            return mb, source + (f" (also measured: {others})" if others else "")
        return ISSUE_PEAK_RSS_MB, "the issue's figure (the peer did not report one at this size)"


def run_peer(peer_dir: Path, sizes: list[int], log_path: Path, log) -> int:
    """Run the peer script for ``sizes``; its output goes to ``log_path``. Its exit status."""
    if not SCRIPT.exists():
        log(f"peer script not found: {SCRIPT}")
        return 127
    peer_dir.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PEER_DIR": str(peer_dir.resolve())}
    # Our own settings must not leak into pretalx's process.
    for name in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "CLIPCONTEST_DATA_DIR"):
        env.pop(name, None)
    log(f"peer: {SCRIPT} {' '.join(map(str, sizes))} (log: {log_path})")
    with log_path.open("w") as out:
        done = subprocess.run(
            ["bash", str(SCRIPT), *map(str, sizes)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=peer_dir,
            check=False,
        )
    if done.returncode:
        log(f"peer failed with status {done.returncode}; see {log_path}")
    return done.returncode


def read_peer(peer_dir: Path, sizes: list[int], log_path: Path | None = None) -> PeerFigures:
    """The peer's figures for ``sizes`` (and 5,000, the memory target's size), from its
    results folder; sizes it never measured are left out."""
    figures = PeerFigures()
    results = peer_dir / "results"
    stamps = []
    for n in sorted({*sizes, 5000}):
        path = results / f"inproc-{n}.json"
        if not path.exists():
            continue
        data = json.loads(path.read_text())
        figures.rows[n] = {
            row["key"]: PeerRow(float(row["median_ms"]), row.get("queries")) for row in data["rows"]
        }
        figures.peak_rss_mb[n] = [(float(data["peak_rss_mb"]), "in-process (test Client) peak")]
        stamps.append(path.stat().st_mtime)
        http = results / f"http-{n}.json"
        if http.exists():
            worker = json.loads(http.read_text()).get("worker_peak_rss_mb")
            if worker:
                figures.peak_rss_mb[n].insert(0, (float(worker), "gunicorn worker peak (VmHWM)"))
    if stamps:
        figures.measured_at = datetime.fromtimestamp(max(stamps)).strftime("%Y-%m-%d %H:%M")
    if log_path is not None and log_path.exists():
        for line in log_path.read_text(errors="replace").splitlines():
            if line.startswith("pretalx "):
                figures.version = line.strip()
                break
    return figures
