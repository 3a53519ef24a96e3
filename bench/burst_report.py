"""The deadline burst's table, and its section of ``bench/RESULTS.md``."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

HEADING = "## Deadline burst"
INTRO = """\
`bench/burst.py`: unit representatives, each logged in through the login form, submit clips by
link through the portal's form (`POST /unit/clips/new/`, a new link every time, back to back
unless a pause is stated) to gunicorn (`deploy/gunicorn.conf.py`, sync workers) with PostgreSQL
and RQ on Redis, on loopback; the contest's deadline passes mid-run. "Bare view" is a Django view
that only returns "ok", through the same middleware, on the same server, measured just before
with the same clients. Afterwards every stored clip is counted against the generator's log.
Latencies are from the client, queueing included: with every unit sending back to back the
server is saturated by design, so p95 is about (units ÷ throughput), not the time one submission
takes alone. Server CPU per request (gunicorn's workers and their PostgreSQL backends, from
/proc) is given too: on a shared machine it moves far less than requests/s do.
"""


@dataclass(frozen=True)
class Phase:
    count: int
    seconds: float
    p50: float
    p95: float

    @property
    def rate(self) -> float:
        return self.count / self.seconds if self.seconds else 0.0

    @classmethod
    def of(cls, times: list[float], seconds: float) -> Phase:
        ordered = sorted(times)
        return cls(len(ordered), seconds, _quantile(ordered, 0.5), _quantile(ordered, 0.95))


def _quantile(ordered: list[float], q: float) -> float:
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _ms(seconds: float) -> str:
    milliseconds = seconds * 1000
    return f"{milliseconds:.1f} ms" if milliseconds < 10 else f"{milliseconds:,.0f} ms"


def render(context: dict, measured: dict, counted: dict) -> tuple[str, bool]:
    """The Markdown block of one run, and whether every target was met."""
    rows, elapsed, bare = measured["rows"], measured["elapsed"], measured["bare"]
    close_in = measured["closing"]["closes_at_epoch"] - measured["start"]
    answered = [r for r in rows if r["outcome"] != "no answer"]
    everything = Phase.of([r["seconds"] for r in answered], elapsed)
    accepted = Phase.of([r["seconds"] for r in rows if r["outcome"] == "accepted"], close_in)
    closed = Phase.of([r["seconds"] for r in rows if r["outcome"] == "closed"], elapsed - close_in)
    outcomes = Counter(r["outcome"] for r in rows)
    ratio = everything.rate / bare.rate if bare.rate else 0.0
    late = counted["sent_after_close"]
    paced = bool(context.get("think"))
    checks = {
        # Paced units ask for fewer requests than the server can answer: no rate to compare.
        "ratio": ratio >= 0.5 or paced,
        "p95": everything.p95 <= 0.25,
        "lost": counted["lost_count"] == 0 and counted["wrong_ref"] == 0,
        "duplicated": counted["duplicated"] == 0 and counted["videos_sent_twice"] == 0,
        "unexplained": counted["stored_unexplained"] == 0,
        "after": counted["stored_after_close"] == 0
        and counted["after_close_refused_with_reason"] == late,
    }

    def met(key: str) -> str:
        if key == "ratio" and paced:
            return "n/a (paced)"
        return "yes" if checks[key] else "**no**"

    table = [
        "| measure | figure | target | met |",
        "|---|---|---|---|",
        f"| bare view, requests/s ({bare.count:,} in {bare.seconds:.0f} s) | "
        f"{bare.rate:,.0f} (p50 {_ms(bare.p50)}, p95 {_ms(bare.p95)}) | — | — |",
        f"| submissions, requests/s ({everything.count:,} in {elapsed:.0f} s) | "
        f"{everything.rate:,.0f} | >= 50% of bare | {met('ratio')} |",
        f"| ratio to the bare view | {ratio:.0%} | >= 50% | {met('ratio')} |",
        f"| latency, every submission: p50 / p95 | {_ms(everything.p50)} / "
        f"{_ms(everything.p95)} | p95 <= 250 ms | {met('p95')} |",
        f"| accepted before the deadline: count, p50 / p95 | {accepted.count:,}, "
        f"{_ms(accepted.p50)} / {_ms(accepted.p95)} | — | — |",
        f"| refused after it: count, p50 / p95 | {closed.count:,}, {_ms(closed.p50)} / "
        f"{_ms(closed.p95)} | — | — |",
        f"| clips stored / accepted in the log | {counted['stored']:,} / "
        f"{counted['accepted']:,} | equal | {met('lost')} |",
        f"| lost (accepted, no row) | {counted['lost_count']} | 0 | {met('lost')} |",
        f"| duplicated (two rows of one submission) | {counted['duplicated']} | 0 | "
        f"{met('duplicated')} |",
        f"| rows without an accepted answer | {counted['stored_unexplained']} unexplained, "
        f"{counted['stored_unanswered']} of unanswered requests | 0 | {met('unexplained')} |",
        f"| sent after the deadline: refused with the reason | "
        f"{counted['after_close_refused_with_reason']:,} of {late:,} | all | {met('after')} |",
        f"| clips stored after the deadline | {counted['stored_after_close']} | 0 | "
        f"{met('after')} |",
    ]
    table[5:5] = _cpu_rows(measured, bare.count, everything.count)
    other = {k: v for k, v in outcomes.items() if k not in ("accepted", "closed")}
    lines = [
        f"Measured {context['date']} on {context['machine']}; load average before the run "
        f"{context['load']}. {context['users']} units, {context['seconds']} s, the deadline at "
        f"+{close_in:.1f} s; "
        + (
            f"each unit pauses 0–{2 * context['think']:g} s between submissions; "
            if context["think"]
            else "no pause between a unit's submissions; "
        )
        + f"gunicorn {context['workers']} sync workers; tasks: {context['tasks']}. "
        f"Command: `{context['command']}`.",
        "",
        *table,
        "",
        f"Refusal shown after the deadline: “{measured['closing']['reason']}” "
        f"({counted['in_flight_refused']} requests sent before the deadline and answered after "
        f"it were refused too). Other answers: "
        f"{', '.join(f'{k} {v}' for k, v in sorted(other.items())) or 'none'}.",
    ]
    return "\n".join(lines) + "\n", all(checks.values())


def _cpu_rows(measured: dict, bare_count: int, burst_count: int) -> list[str]:
    """Server CPU per request (gunicorn workers + PostgreSQL backends), bare against submission."""
    bare, burst = measured["cpu_bare"], measured["cpu_burst"]
    if not bare_count or not burst_count:
        return []
    per_bare = {part: seconds / bare_count for part, seconds in bare.items()}
    per_burst = {part: seconds / burst_count for part, seconds in burst.items()}
    total_bare, total_burst = sum(per_bare.values()), sum(per_burst.values())
    ratio = total_bare / total_burst if total_burst else 0.0
    return [
        f"| server CPU per request, bare view: gunicorn + PostgreSQL | "
        f"{_ms(per_bare['web'])} + {_ms(per_bare['db'])} | — | — |",
        f"| server CPU per request, submission: gunicorn + PostgreSQL | "
        f"{_ms(per_burst['web'])} + {_ms(per_burst['db'])} | — | — |",
        f"| ratio of CPU per request, bare ÷ submission (the rate ratio on an idle machine "
        f"whose CPU is the limit) | {ratio:.0%} | >= 50% | {'yes' if ratio >= 0.5 else '**no**'} |",
    ]


def write_section(path: Path, key: str, block: str) -> None:
    """Put ``block`` under "### key" in the Deadline burst section, replacing an earlier run of
    the same key; the section's introduction is rewritten, the rest of the file stays."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    head, found, rest = text.partition(HEADING)
    if not found:
        head, rest = text.rstrip("\n") + "\n\n", ""
    following = re.search(r"^## ", rest, flags=re.M)
    section, tail = (
        (rest[: following.start()], rest[following.start() :]) if following else (rest, "")
    )
    runs = dict(re.findall(r"^### (.+?)\n(.*?)(?=^### |\Z)", section, flags=re.M | re.S))
    runs[key] = block
    body = "".join(f"### {name}\n\n{run.strip()}\n\n" for name, run in runs.items())
    head = head.rstrip("\n") + "\n\n"
    text = f"{head}{HEADING}\n\n{INTRO}\n{body.rstrip()}\n" + (f"\n{tail}" if tail else "")
    path.write_text(text, encoding="utf-8")
