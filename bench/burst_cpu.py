"""CPU time the server spends, read from /proc: gunicorn's workers and their PostgreSQL backends.

Wall-clock rates on a shared 2-core machine follow whatever else runs there; CPU seconds per
request barely do. So the burst also reports server CPU per request, bare view against
submission, which stays comparable between runs on a busy machine. The database's shared
background processes (WAL writer, checkpointer) are left out.
"""

from __future__ import annotations

import os
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> list[str] | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return None


def _cpu_seconds(fields: list[str]) -> float:
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


def _workers(master: int) -> dict[int, float]:
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (fields := _stat(int(entry.name))) and int(fields[1]) == master:
            found[int(entry.name)] = _cpu_seconds(fields)
    return found


def _backends(database_url: str) -> dict[int, float]:
    import psycopg

    name = database_url.rsplit("/", 1)[1]
    with psycopg.connect(database_url) as connection:
        pids = connection.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            (name,),
        ).fetchall()
    found = {}
    for (pid,) in pids:
        if fields := _stat(pid):
            found[pid] = _cpu_seconds(fields)
    return found


def snapshot(master: int, database_url: str) -> dict[str, dict[int, float]]:
    return {"web": _workers(master), "db": _backends(database_url)}


def spent(before: dict, after: dict) -> dict[str, float]:
    """CPU seconds spent between two snapshots, by part; processes seen in both or born since."""
    return {
        part: sum(cpu - before[part].get(pid, 0.0) for pid, cpu in after[part].items())
        for part in after
    }
