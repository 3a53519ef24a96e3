"""The measurements: wall time with ``time.perf_counter`` (the median of ``reps`` runs after one
warm-up) and, for pages, the number of SQL queries of one request (``CaptureQueriesContext``).

Pages go through Django's test Client, logged in as an organiser, in this process, as the peer
measures pretalx ("inproc" mode), so both sides pay for the whole request: middleware, view,
queries and template, without a network in between.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clipcontest.awards.results import contest_results
from clipcontest.contests.models import Contest
from clipcontest.documents.batches import request_document, run_batch
from clipcontest.documents.models import DocumentBatch
from clipcontest.eligibility.queries import contest_report
from clipcontest.judging import assignment as solver

from . import baselines


@dataclass(frozen=True)
class Timing:
    median: float  # seconds
    best: float
    reps: int

    @property
    def ms(self) -> float:
        return self.median * 1000


def timed(work: Callable[[], object], reps: int, *, warm_up: bool = True) -> Timing:
    if warm_up:
        work()
    times = []
    for _ in range(max(1, reps)):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return Timing(statistics.median(times), min(times), len(times))


def organiser_client(user) -> Client:
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    return client


@dataclass(frozen=True)
class Page:
    timing: Timing
    queries: int
    size: int  # bytes of the response


def page(client: Client, url: str, reps: int) -> Page:
    """One page or download: the median time of a whole request, and its queries."""

    def get() -> bytes:
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        return response.content

    body = get()  # warm-up, and the page must work
    with CaptureQueriesContext(connection) as queries:
        get()
    # Counted now: the next request's request_started signal empties the log the count reads.
    count = len(queries.captured_queries)
    return Page(timed(get, reps, warm_up=False), count, len(body))


def clip_list_url(contest: Contest) -> str:
    return f"{reverse('portal:organiser-clips')}?contest={contest.slug}"


def results_url(contest: Contest) -> str:
    return f"{reverse('portal:organiser-results')}?contest={contest.slug}"


def export_url(contest: Contest, ext: str) -> str:
    url = reverse("portal:organiser-export", kwargs={"what": "clips", "ext": ext})
    return f"{url}?contest={contest.slug}"


def in_process(contest: Contest, reps: int) -> dict[str, Timing]:
    """``contest_results`` and ``contest_report`` as pages and documents call them."""
    return {
        "results": timed(lambda: contest_results(contest), reps),
        "eligibility": timed(lambda: contest_report(contest), reps),
    }


def numpy_floor(contest: Contest, reps: int) -> dict[str, Timing]:
    runs = [baselines.numpy_results(contest) for _ in range(max(1, reps) + 1)][1:]
    with_read = sorted(run[0] for run in runs)
    alone = sorted(run[1] for run in runs)
    return {
        "with_read": Timing(statistics.median(with_read), with_read[0], len(runs)),
        "in_memory": Timing(statistics.median(alone), alone[0], len(runs)),
    }


@dataclass(frozen=True)
class AssignmentFigures:
    clips: int
    judges: int
    per_entry: int
    conflict_share: float
    ours: Timing
    raw: Timing
    optimal: bool
    balanced: bool
    detail: str


def assignment(clips: int, judges: int, per_entry: int, reps: int) -> AssignmentFigures:
    problem = baselines.assignment_problem(clips, judges, per_entry)

    def ours() -> solver.Assignment:
        return solver.assign(
            problem.entries, problem.judges, per_entry=per_entry, conflicts=problem.conflicts
        )

    ours_timing = timed(ours, reps)
    result = ours()
    raws = [baselines.raw_flow(problem) for _ in range(max(1, reps) + 1)][1:]
    raw_times = sorted(r.seconds for r in raws)
    raw = raws[0]
    cost = baselines.assignment_cost(result, raw)
    loads = result.loads.values()
    panels_ok = all(
        len(set(judges_of)) == per_entry
        and not any((ref, judge) in problem.conflicts for judge in judges_of)
        for ref, judges_of in result.by_entry.items()
    )
    return AssignmentFigures(
        clips=clips,
        judges=judges,
        per_entry=per_entry,
        conflict_share=len(problem.conflicts) / (clips * judges),
        ours=ours_timing,
        raw=Timing(statistics.median(raw_times), raw_times[0], len(raws)),
        optimal=panels_ok and cost == raw.optimal_cost,
        balanced=max(loads) - min(loads) <= 1,
        detail=f"cost {cost:,} vs OR-Tools' optimum {raw.optimal_cost:,}; "
        f"loads {min(loads)}–{max(loads)}; panels complete and conflict-free: {panels_ok}",
    )


@dataclass(frozen=True)
class CertificateFigures:
    count: int
    timing: Timing
    progress: str


def certificates(contest: Contest, by, reps: int, *, warm_up: bool) -> CertificateFigures:
    """The certificates as the awards page asks for them: a queued batch run by the task,
    reporting its progress (``run_batch`` is what the worker calls)."""
    batches: list[DocumentBatch] = []

    def make() -> None:
        batch = request_document(
            contest=contest,
            kind=DocumentBatch.Kind.CERTIFICATES,
            by=by,
            base_url="https://clipcontest.example.vn",
        )
        done = run_batch(batch.pk)
        if done.state != DocumentBatch.State.DONE:
            raise RuntimeError(f"certificates failed: {done.error}")
        batches.append(done)

    timing = timed(make, reps, warm_up=warm_up)
    last = batches[-1]
    count = contest.certificates.filter(voided_at__isnull=True).count()
    return CertificateFigures(
        count=count,
        timing=timing,
        progress=f"progress {last.done}/{last.total}, zip of {last.file.size / 1e6:.1f} MB",
    )


def memory(slug: str, run_py: Path) -> dict[str, float]:
    """Peak RSS of a fresh worker process that works out the contest's eligibility and results
    (``VmHWM`` of that process, read by itself: see ``bench/worker.py``)."""
    done = subprocess.run(
        [sys.executable, str(run_py), "--memory-worker", slug],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])
