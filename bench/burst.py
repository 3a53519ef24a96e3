"""The deadline burst: unit representatives submitting clips by link while the deadline passes.

    .venv/bin/python bench/burst.py                          # 200 users, 60 s, close at +30 s
    .venv/bin/python bench/burst.py --users 50 --seconds 20  # a quick check

On loopback: gunicorn (``deploy/gunicorn.conf.py``, 2 sync workers) serving the project with
PostgreSQL (a fresh ``clipcontest_burst`` database) and RQ tasks on Redis, as in DEPLOY.md. The
generator (httpx, asyncio) logs every unit in through the login form, measures a bare Django
view on the same server, then has every unit submit clips through the portal's form, each with
a link never used before, back to back, until the time is up. The contest's deadline passes
``--close-after`` seconds into the run (``bench/burst_db.py`` says how). Afterwards the stored
clips are counted against the generator's log: none lost, none twice, none after the deadline,
every submission sent after it refused with the reason. The table goes to stdout and to
``bench/RESULTS.md`` under "Deadline burst". Benchmarks are not tests: CI does not run this.

The request loop is bounded: it stops at ``--seconds`` or after ``--max-requests``, each request
waits at most ``--timeout`` seconds, and the whole run is abandoned past its time budget.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import signal
import subprocess
import sys
import time
import zoneinfo
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.burst_cpu import snapshot, spent
from bench.burst_db import PASSWORD, unit_code, username
from bench.burst_report import Phase, render, write_section

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


@dataclass
class Unit:
    index: int
    client: httpx.AsyncClient
    log: list[dict] = field(default_factory=list)

    @property
    def unit(self) -> str:
        return unit_code(self.index)


@dataclass
class Budget:
    """The request loop's bound in count, shared by every unit."""

    left: int

    def take(self) -> bool:
        self.left -= 1
        return self.left >= 0


def log(message: str) -> None:
    print(f"[{datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


# --- the server and its database ------------------------------------------------------------


def environment(args, zone_dir: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "bench.burst_settings",
        "DATABASE_URL": args.database_url,
        "CLIPCONTEST_DATA_DIR": str(args.work / "data"),
        "CLIPCONTEST_SECRET_KEY": "burst-" + "x" * 50,
        "CLIPCONTEST_ALLOWED_HOSTS": "127.0.0.1",
        "CLIPCONTEST_DB_CONN_MAX_AGE": "60",
        "CLIPCONTEST_TASKS": args.tasks,
        "REDIS_URL": args.redis_url,
        # The contest's closing zone is written here during the run (bench/burst_db.py).
        "PYTHONTZPATH": os.pathsep.join([str(zone_dir), *zoneinfo.TZPATH]),
    }
    env.pop("CLIPCONTEST_TASK_BACKEND", None)
    return env


def recreate_database(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')


def django_step(env: dict[str, str], *args: str) -> dict:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "burst_db.py"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"burst_db.py {args[0]} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def start_server(args, env: dict[str, str]) -> subprocess.Popen:
    command = [
        str(BIN / "gunicorn"),
        "-c",
        str(ROOT / "deploy" / "gunicorn.conf.py"),
        "--workers",
        str(args.workers),
        "--bind",
        f"127.0.0.1:{args.port}",
        # No worker replaced mid-run: its CPU time would leave the count with it.
        "--max-requests",
        "0",
        "clipcontest.wsgi:application",
    ]
    output = (args.work / "gunicorn.log").open("w")
    return subprocess.Popen(command, env=env, cwd=ROOT, stdout=output, stderr=output)


async def wait_until_serving(base: str, server: subprocess.Popen) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=5) as client:
        for _ in range(120):
            if server.poll() is not None:
                raise SystemExit("gunicorn stopped; see its log")
            try:
                if (await client.get("/bench/bare/")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.5)
    raise SystemExit("gunicorn did not answer within 60 s")


# --- the generator ---------------------------------------------------------------------------


async def log_in(unit: Unit) -> None:
    """The login form, as a browser fills it: its CSRF token, then the session cookie."""
    await unit.client.get("/accounts/login/")
    answer = await unit.client.post(
        "/accounts/login/",
        data={
            "csrfmiddlewaretoken": unit.client.cookies["csrftoken"],
            "username": username(unit.index),
            "password": PASSWORD,
        },
    )
    if answer.status_code != 302 or "sessionid" not in unit.client.cookies:
        raise SystemExit(f"{username(unit.index)} could not log in ({answer.status_code})")


async def hit_bare(unit: Unit, until: float, budget: Budget, times: list[float]) -> None:
    while time.time() < until and budget.take():
        started = time.perf_counter()
        answer = await unit.client.get("/bench/bare/")
        if answer.status_code == 200:
            times.append(time.perf_counter() - started)


async def submit(
    unit: Unit, until: float, budget: Budget, form: dict, reason: str, think: float
) -> None:
    """Clip after clip, each with a new link, until the time or the budget is spent.

    ``think`` > 0 pauses a random 0 to 2×think seconds between a unit's submissions (a person
    filling the form in); 0 sends back to back, the worst case.
    """
    pause = random.Random(unit.index)
    if think:  # people do not all press the button at the same instant
        await asyncio.sleep(pause.uniform(0, 2 * think))
    number = 0
    while time.time() < until and budget.take():
        number += 1
        video = f"b{unit.index:04d}{number:06d}"
        data = {
            **form,
            "csrfmiddlewaretoken": unit.client.cookies["csrftoken"],
            "url": f"https://www.youtube.com/watch?v={video}",
            "title": f"Clip thử tải {video}",
        }
        row = {"unit": unit.unit, "video": video, "sent": time.time(), "ref": None}
        started = time.perf_counter()
        try:
            answer = await unit.client.post("/unit/clips/new/", data=data)
        except httpx.HTTPError as error:
            row.update(outcome="no answer", status=None, error=type(error).__name__)
        else:
            row.update(status=answer.status_code, outcome=classify(answer, reason))
            if row["outcome"] == "accepted":
                row["ref"] = answer.headers["location"].rstrip("/").rsplit("/", 1)[1]
        row["seconds"] = time.perf_counter() - started
        unit.log.append(row)
        # The clip's page would show the "entered" message and consume it; nobody opens it here.
        unit.client.cookies.delete("messages")
        if think:
            await asyncio.sleep(min(pause.uniform(0, 2 * think), max(0.0, until - time.time())))


def classify(answer: httpx.Response, reason: str) -> str:
    location = answer.headers.get("location", "")
    if answer.status_code == 302 and "/unit/clips/" in location:
        return "accepted"
    if answer.status_code == 200 and reason in answer.text:
        return "closed"
    return "refused" if answer.status_code == 200 else "error"


async def run_all(coroutines, budget_seconds: float) -> None:
    tasks = [asyncio.ensure_future(c) for c in coroutines]
    done, pending = await asyncio.wait(tasks, timeout=budget_seconds)
    for task in pending:  # past the time budget: abandon, never hang
        task.cancel()
    for task in done:
        task.result()


async def burst(args, env: dict[str, str], base: str, server: int) -> dict:
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    units = [
        Unit(i, httpx.AsyncClient(base_url=base, timeout=args.timeout, limits=limits))
        for i in range(1, args.users + 1)
    ]
    try:
        log(f"logging {args.users} units in through the login form")
        gate = asyncio.Semaphore(16)

        async def gated(unit: Unit) -> None:
            async with gate:
                await log_in(unit)

        await run_all([gated(u) for u in units], 300)

        log(f"bare view: {args.bare_seconds} s")
        times: list[float] = []
        cpu = [await asyncio.to_thread(snapshot, server, args.database_url)]
        started = time.time()
        until = started + args.bare_seconds
        budget = Budget(args.max_requests)
        await run_all([hit_bare(u, until, budget, times) for u in units], args.bare_seconds + 60)
        bare = Phase.of(times, time.time() - started)
        cpu.append(await asyncio.to_thread(snapshot, server, args.database_url))

        close_at = int(time.time()) + args.close_after + 12  # 12 s for the step below
        closing = await asyncio.to_thread(
            django_step,
            env,
            "close",
            "--at",
            str(close_at),
            "--zone-dir",
            env["PYTHONTZPATH"].split(os.pathsep)[0],
        )
        start = close_at - args.close_after
        await asyncio.sleep(max(0.0, start - time.time()))
        cpu.append(await asyncio.to_thread(snapshot, server, args.database_url))
        start = time.time()
        log(f"burst: {args.seconds} s, the deadline at +{closing['closes_at_epoch'] - start:.1f} s")
        form = {
            "genre": args.genre,
            "theme": args.theme,
            "duration": "",
            "rights_confirmed": "on",
            "group_post_url": "",
            "authors-TOTAL_FORMS": "1",
            "authors-INITIAL_FORMS": "0",
            "authors-MIN_NUM_FORMS": "0",
            "authors-MAX_NUM_FORMS": "20",
            "authors-0-name": "Nguyễn Văn Thử",
            "authors-0-category": "",
        }
        budget = Budget(args.max_requests)
        until = start + args.seconds
        await run_all(
            [submit(u, until, budget, form, closing["reason"], args.think) for u in units],
            args.seconds + args.timeout + 30,
        )
        elapsed = time.time() - start
        cpu.append(await asyncio.to_thread(snapshot, server, args.database_url))
    finally:
        await asyncio.gather(*(u.client.aclose() for u in units), return_exceptions=True)
    rows = [row for u in units for row in u.log]
    return {
        "bare": bare,
        "rows": rows,
        "elapsed": elapsed,
        "start": start,
        "closing": closing,
        "cpu_bare": spent(cpu[0], cpu[1]),
        "cpu_burst": spent(cpu[2], cpu[3]),
    }


# --- the run ----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    args.work = args.work.resolve()
    args.work.mkdir(parents=True, exist_ok=True)
    zone_dir = args.work / "zones"
    zone_dir.mkdir(exist_ok=True)
    args.max_requests = args.max_requests or args.users * args.seconds * 20
    load_before = os.getloadavg()
    env = environment(args, zone_dir)
    base = f"http://127.0.0.1:{args.port}"

    log(f"fresh database {args.database_url.rsplit('/', 1)[1]}, migrations")
    recreate_database(args.database_url)
    subprocess.run([str(BIN / "clipcontest"), "migrate", "--verbosity", "0"], env=env, check=True)
    prepared = django_step(env, "prepare", "--users", str(args.users))
    args.genre, args.theme = prepared["genre"], prepared["theme"]
    server = start_server(args, env)
    try:
        asyncio.run(wait_until_serving(base, server))
        measured = asyncio.run(burst(args, env, base, server.pid))
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=40)
        except subprocess.TimeoutExpired:
            server.kill()

    log_path = args.work / "burst-log.jsonl"
    log_path.write_text("".join(json.dumps(row) + "\n" for row in measured["rows"]))
    closing = measured["closing"]
    counted = django_step(
        env, "count", "--log", str(log_path), "--close", str(closing["closes_at_epoch"])
    )
    context = {
        "date": f"{datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
        "machine": f"{platform.node()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "load": "{:.2f} {:.2f} {:.2f}".format(*load_before),
        "users": args.users,
        "seconds": args.seconds,
        "workers": args.workers,
        "tasks": args.tasks,
        "think": args.think,
        "command": "bench/burst.py " + " ".join(argv if argv is not None else sys.argv[1:]),
    }
    block, ok = render(context, measured, counted)
    print(block)
    (args.work / "burst-count.json").write_text(json.dumps(counted, indent=2, default=str))
    if args.out:
        pace = f", pause 0–{2 * args.think:g} s" if args.think else ""
        write_section(args.out, f"{args.users} units × {args.seconds} s{pace}", block)
        log(f"written: {args.out}")
    return 0 if ok else 1


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--users", type=int, default=200, help="concurrent unit representatives")
    p.add_argument("--seconds", type=int, default=60, help="length of the submission burst")
    p.add_argument("--close-after", type=int, default=30, help="the deadline, seconds in")
    p.add_argument("--bare-seconds", type=int, default=15, help="length of the bare-view run")
    p.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    p.add_argument("--port", type=int, default=8731)
    p.add_argument("--think", type=float, default=0.0, help="mean pause between submissions")
    p.add_argument("--timeout", type=float, default=30.0, help="seconds one request may take")
    p.add_argument("--max-requests", type=int, default=0, help="bound (default users×s×20)")
    p.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/clipcontest_burst")
    p.add_argument("--tasks", choices=("rq", "db"), default="rq")
    p.add_argument("--redis-url", default="redis://127.0.0.1:6379/14")
    p.add_argument("--work", type=Path, default=ROOT / "var" / "burst")
    p.add_argument("--out", type=Path, default=ROOT / "bench" / "RESULTS.md")
    p.add_argument("--no-write", dest="out", action="store_const", const=None)
    return p


if __name__ == "__main__":
    sys.exit(main())
