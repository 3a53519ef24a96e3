"""The memory figure's worker: a fresh process that does what a web worker does before its first
page (load the URLconf, hence every view's imports), then works out the eligibility and the
results of one contest, and reports its own peak RSS. Imports nothing of the bench's own, so
the figure is the application's.

The peak is ``VmHWM`` from ``/proc/self/status`` (what the peer reads for gunicorn's workers):
``getrusage(RUSAGE_SELF).ru_maxrss`` would do on its own, but on Linux a process started by
another keeps the parent's high-water mark across ``exec``, so a child of the (large) bench
process would report the bench's size, not its own. ``ru_maxrss`` is the fallback off Linux.
"""

from __future__ import annotations

import resource
from pathlib import Path


def peak_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def results_and_eligibility(slug: str) -> dict[str, float]:
    from django.urls import get_resolver

    from clipcontest.awards.results import contest_results
    from clipcontest.contests.models import Contest
    from clipcontest.eligibility.queries import contest_report

    get_resolver().url_patterns  # noqa: B018 - what a worker loads before its first request
    loaded = peak_mb()
    contest = Contest.objects.get(slug=slug)
    report = contest_report(contest)
    contest_results(contest, report=report)  # as the summary report does: both held at once
    del report  # a worker serves one request at a time: the last one's report is gone
    contest_results(contest)  # as the results page does it: the report worked out inside
    return {"peak_mb": peak_mb(), "after_setup_mb": loaded}
