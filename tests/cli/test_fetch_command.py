"""``clipcontest entries fetch`` and ``entries refresh``: what they print and what they store.

The posts are served on 127.0.0.1 by the local platform (``tests/clipserver.py``);
``entries import`` is tested with the other importers in ``test_commands.py``.
"""

from __future__ import annotations

from datetime import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django_tasks_db.models import DBTaskResult
from factories import HCM

from clipcontest.entries.engagement import record_counts
from clipcontest.entries.metadata import refresh_entry

pytestmark = pytest.mark.django_db
SLUG = "sc35-2022"


def run(*args: str) -> str:
    out = StringIO()
    call_command("entries", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_fetch_reads_every_active_post_and_prints_one_line_each(clip_server, local_entry):
    found = local_entry(clip_server.page("post.html"))
    gone = local_entry(clip_server.url("deleted.html"))
    local_entry(clip_server.page("old.html"), withdrawn_at=datetime(2022, 4, 1, tzinfo=HCM))

    lines = run("fetch", "--contest", SLUG).splitlines()

    assert lines[0] == f"{found.ref}\tdone\t0:07\t-"
    ref, state, duration, error = lines[1].split("\t")
    assert (ref, state, duration) == (gone.ref, "failed", "-")
    assert "HTTP 404" in error
    assert len(lines) == 2


def test_fetch_one_entry_by_its_reference(clip_server, local_entry):
    local_entry(clip_server.page("post.html"))
    second = local_entry(clip_server.page("short.html", video="clip3.mp4", duration="PT3S"))

    assert run("fetch", "--contest", SLUG, "--ref", second.ref) == f"{second.ref}\tdone\t0:03\t-\n"
    assert clip_server.requests[0] == "/short.html"


def test_fetch_of_an_unknown_reference_is_refused(contest_2022):
    with pytest.raises(CommandError) as refused:
        run("fetch", "--contest", SLUG, "--ref", "NOPE-1")
    assert refused.value.returncode == 2 and "NOPE-1" in str(refused.value)


def test_refresh_queues_a_fetch_of_every_clip_for_the_worker(
    clip_server, local_entry, db_task_backend, django_capture_on_commit_callbacks
):
    local_entry(clip_server.page("post.html"))
    local_entry(clip_server.page("other.html"))

    with django_capture_on_commit_callbacks(execute=True):
        out = run("refresh", "--contest", SLUG)

    assert out.startswith("2 fetch(es) queued, 0 clip(s) without a link / ")
    assert DBTaskResult.objects.count() == 2
    assert clip_server.requests == []  # the worker fetches, not the command


def test_refresh_with_freeze_after_the_close_freezes_the_counts_and_names_the_missing(
    clip_server, local_entry, db_task_backend, django_capture_on_commit_callbacks
):
    counted = local_entry(clip_server.page("post.html"))
    uncounted = local_entry(clip_server.page("other.html"))
    refresh_entry(counted.pk, now=datetime(2022, 6, 30, 22, 0, tzinfo=HCM))

    with django_capture_on_commit_callbacks(execute=True):
        out = run("refresh", "--contest", SLUG, "--freeze")

    first, second = out.splitlines()
    assert first.startswith("1 record(s) frozen") and first.endswith(uncounted.ref)
    assert second.startswith("2 fetch(es) queued")
    assert record_counts(counted).views == 1234
