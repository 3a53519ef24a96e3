"""One table: each row our figure, what it is compared with, the ratio, the target, met or not;
written to ``bench/RESULTS.md`` with the date and the machine."""

from __future__ import annotations

import os
import platform
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import django


@dataclass(frozen=True)
class Row:
    work: str
    size: str
    ours: str
    compared: str  # "pretalx 1,234 ms", "numpy 12 ms", or "—"
    ratio: str
    target: str
    met: bool | None  # None: cannot say (no peer figure)
    note: str = ""

    @property
    def verdict(self) -> str:
        return {True: "yes", False: "**no**", None: "—"}[self.met]


def ms(seconds: float) -> str:
    value = seconds * 1000
    return f"{value:,.0f} ms" if value >= 100 else f"{value:,.1f} ms"


def secs(seconds: float) -> str:
    return f"{seconds:,.2f} s"


def faster(ours_ms: float, peer_ms: float | None, wanted: float) -> tuple[str, bool | None]:
    """'12.3× faster' and whether that is at least ``wanted`` times."""
    if peer_ms is None:
        return "—", None
    ratio = peer_ms / ours_ms if ours_ms else float("inf")
    words = f"{ratio:,.1f}× faster" if ratio >= 1 else f"{1 / ratio:,.1f}× slower"
    return words, ratio >= wanted


def within(ours: float, floor: float, allowed: float) -> tuple[str, bool]:
    ratio = ours / floor if floor else float("inf")
    return f"{ratio:,.1f}× the floor", ratio <= allowed


def machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = f"{int(line.split()[1]) / 1024**2:.1f} GiB"
                break
    except OSError:
        pass
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return {
        "CPU": cpu,
        "cores": str(os.cpu_count()),
        "RAM": ram,
        "load average at the end (1, 5, 15 min)": load,
        "OS": platform.platform(),
        "Python": platform.python_version(),
        "Django": django.get_version(),
        "database": f"SQLite {sqlite3.sqlite_version} (a file under the bench folder)",
    }


def table(rows: list[Row]) -> str:
    head = "| work | size | ours | compared with | ratio | target | met |"
    lines = [head, "|---|---|---:|---:|---:|---|---|"]
    lines += [
        f"| {r.work} | {r.size} | {r.ours} | {r.compared} | {r.ratio} | {r.target} | {r.verdict} |"
        for r in rows
    ]
    return "\n".join(lines)


TITLE = "# Benchmark results"
HEADING = "## The benchmark"


def results_markdown(
    rows: list[Row], *, settings: dict[str, str], peer_summary: str, command: str
) -> str:
    """This bench's section of RESULTS.md (the deadline burst writes a section of its own)."""
    now = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    parts = [
        HEADING,
        "",
        f"Measured {now} with `{command}`. Medians after one warm-up; these machines are noisy,",
        "so the ratios of one run (both sides measured in the same run) are what count.",
        "",
        "### Machine",
        "",
        *(f"- {key}: {value}" for key, value in machine().items()),
        "",
        "### Settings",
        "",
        *(f"- {key}: {value}" for key, value in settings.items()),
        f"- pretalx: {peer_summary}",
        "",
        "### Results",
        "",
        table(rows),
        "",
    ]
    notes = [f"- **{r.work}** ({r.size}): {r.note}" for r in rows if r.note]
    if notes:
        parts += ["### Notes", "", *notes, ""]
    return "\n".join(parts)


def write_section(path: Path, section: str) -> None:
    """Put ``section`` in ``path`` in place of an earlier one, first after the title; the other
    sections of the file (the deadline burst's) stay as they are."""
    text = path.read_text(encoding="utf-8") if path.exists() else f"{TITLE}\n"
    found = re.search(rf"^{re.escape(HEADING)}$", text, flags=re.M)
    if found:
        following = re.search(r"^## ", text[found.end() :], flags=re.M)
        before = text[: found.start()]
        after = text[found.end() + following.start() :] if following else ""
    else:
        first = re.search(r"^## ", text, flags=re.M)
        before, after = (text[: first.start()], text[first.start() :]) if first else (text, "")
    text = before.rstrip("\n") + "\n\n" + section.rstrip("\n") + "\n"
    path.write_text(text + (f"\n{after}" if after else ""), encoding="utf-8")
