"""What a submission costs and what it must still guarantee (issue 8, the deadline burst).

A unit entering a clip runs one transaction with a fixed number of queries, whatever the
number of clips already stored: the next reference comes from one aggregate, the authors from
one INSERT, the fetch is marked queued in the same commit and queued only once it is
committed. The rules stay: references never repeat, a video is entered once per unit.
"""

from __future__ import annotations

import re
import threading

import pytest
from django.db import IntegrityError, connection, connections
from django.db.utils import DatabaseError
from django_tasks import default_task_backend
from factories import RULES_2022, EntryFactory, UnitFactory, a_draft
from redis import Redis

from clipcontest.audit.models import AuditEvent
from clipcontest.contests.rules_file import parse_rules
from clipcontest.contests.services import load_contest
from clipcontest.entries import services
from clipcontest.entries.models import Entry, EntryAuthor, FetchState
from clipcontest.entries.rq_queue import SharedConnectionQueue
from clipcontest.entries.services import (
    ALREADY_ENTERED,
    AuthorDraft,
    EntryRefused,
    next_ref,
    submit_entry,
)


@pytest.fixture(autouse=True)
def tasks_kept_not_run(settings):
    """The dummy backend keeps what is queued, so a test can see when the fetch was queued."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()
    yield
    default_task_backend.clear()


@pytest.fixture
def unit(db):
    return UnitFactory(code="HG-MV", name="Ban Chỉ đạo 35 Huyện ủy Mèo Vạc")


def video(n: int) -> str:
    return f"https://www.youtube.com/watch?v=burst{n:06d}"


def previous_next_ref(refs: list[str], code: str) -> str:
    """The rule as ``next_ref`` applied it before, reading every reference in Python."""
    numbers = [
        int(ref.rsplit("-", 1)[1])
        for ref in refs
        if ref.startswith(f"{code}-") and ref.rsplit("-", 1)[1].isdigit()
    ]
    return f"{code}-{max(numbers, default=0) + 1}"


# --- the next reference -----------------------------------------------------------------------


def test_a_units_first_clip_is_number_one(open_contest, unit):
    assert next_ref(open_contest, unit) == "HG-MV-1"


@pytest.mark.parametrize(
    "refs",
    [
        ["HG-MV-1", "HG-MV-2", "HG-MV-10"],  # 10 after 2: numbers, not text order
        ["HG-MV-3", "HG-MV-A-12"],  # an imported reference counts by its last number
        ["HG-MV-4", "HG-MV-2022.5", "HG-MV-X", "HG-MV-7B"],  # no number after the last dash
        ["HG-MVX-50", "HG-MV-2"],  # another unit whose code starts the same
        ["HG-MV-007"],
        [],
    ],
)
def test_the_next_reference_follows_the_largest_number_after_the_last_dash(
    open_contest, unit, refs
):
    other = UnitFactory(code="HG-MVX")
    for ref in refs:
        owner = other if ref.startswith("HG-MVX") else unit
        EntryFactory(contest=open_contest, unit=owner, ref=ref)

    assert next_ref(open_contest, unit) == previous_next_ref(refs, "HG-MV")


def test_references_of_another_contest_do_not_count(open_contest, unit):
    text = RULES_2022.read_text(encoding="utf-8")
    rules = parse_rules(re.sub(r"^slug\s*=.*$", 'slug = "other"', text, count=1, flags=re.M))
    other_contest = load_contest(rules).contest
    assert other_contest != open_contest
    EntryFactory(contest=other_contest, unit=unit, ref="HG-MV-40")
    EntryFactory(contest=open_contest, unit=unit, ref="HG-MV-2")

    assert next_ref(open_contest, unit) == "HG-MV-3"


def test_a_number_taken_meanwhile_gives_the_clip_the_next_one(
    open_contest, unit, monkeypatch, django_capture_on_commit_callbacks
):
    """What two submissions at the same moment come to: both compute the same number; the
    unique (contest, ref) constraint refuses the second insert, which takes the next number."""
    submit_entry(contest=open_contest, unit=unit, draft=a_draft())
    stale = iter(["HG-MV-1"])  # the number the other submission has just taken
    real = services.next_ref
    monkeypatch.setattr(services, "next_ref", lambda c, u: next(stale, None) or real(c, u))

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        entry = submit_entry(contest=open_contest, unit=unit, draft=a_draft(url=video(2)))

    assert entry.ref == "HG-MV-2"
    assert sorted(Entry.objects.values_list("ref", flat=True)) == ["HG-MV-1", "HG-MV-2"]
    assert AuditEvent.objects.count() == 2
    assert len(callbacks) == 1


def test_a_number_never_free_refuses_the_clip_and_stores_nothing(
    open_contest, unit, monkeypatch, django_capture_on_commit_callbacks
):
    submit_entry(contest=open_contest, unit=unit, draft=a_draft())
    monkeypatch.setattr(services, "next_ref", lambda contest, unit: "HG-MV-1")

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(EntryRefused) as refused,
    ):
        submit_entry(contest=open_contest, unit=unit, draft=a_draft(url=video(2)))

    assert refused.value.problems == {"__all__": services.BUSY}
    assert list(Entry.objects.values_list("ref", flat=True)) == ["HG-MV-1"]
    assert AuditEvent.objects.count() == 1
    assert callbacks == [] and default_task_backend.results == []


def test_the_same_video_sent_twice_at_once_is_refused_like_one_after_the_other(
    open_contest, unit, monkeypatch
):
    first = submit_entry(contest=open_contest, unit=unit, draft=a_draft())
    calls = []
    real = services._own_ref_of_video

    def racing(*args, **kwargs):
        # The check made before the other submission committed found nothing.
        calls.append(args)
        return None if len(calls) == 1 else real(*args, **kwargs)

    monkeypatch.setattr(services, "_own_ref_of_video", racing)

    with pytest.raises(EntryRefused) as refused:
        submit_entry(contest=open_contest, unit=unit, draft=a_draft())

    assert refused.value.problems == {"url": services.ALREADY_ENTERED.format(ref=first.ref)}
    assert Entry.objects.count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite runs one writer at a time; make test runs this on PostgreSQL",
)
def test_concurrent_submissions_of_one_unit_never_share_a_reference(open_contest, unit):
    """Eight threads, each its own connection, enter clips of one unit at once."""
    barrier = threading.Barrier(8)
    outcomes: list[str] = []

    def enter(n: int) -> None:
        try:
            barrier.wait()
            entry = submit_entry(contest=open_contest, unit=unit, draft=a_draft(url=video(n)))
            outcomes.append(entry.ref)
        except (IntegrityError, DatabaseError):
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=enter, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    stored = list(Entry.objects.values_list("ref", flat=True))
    # Every clip is entered, each under its own number, without a gap.
    assert "refused" not in outcomes and len(outcomes) == 8
    assert sorted(stored) == sorted(outcomes)
    assert sorted(int(ref.rsplit("-", 1)[1]) for ref in stored) == list(range(1, len(stored) + 1))
    assert AuditEvent.objects.filter(action="entry.submitted").count() == len(stored)


# --- one transaction, a fixed number of queries -------------------------------------------


def test_a_clip_by_link_is_stored_queued_and_its_fetch_queued_once_committed(
    open_contest, unit, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        entry = submit_entry(contest=open_contest, unit=unit, draft=a_draft())
        # Stored as queued with the entry itself; the task waits for the commit.
        assert Entry.objects.get(pk=entry.pk).fetch_state == FetchState.QUEUED
        assert default_task_backend.results == []

    assert len(callbacks) == 1
    callbacks[0]()
    (queued,) = default_task_backend.results
    assert queued.args == [entry.pk]


def test_a_refused_clip_queues_nothing(open_contest, unit, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(EntryRefused),
    ):
        submit_entry(contest=open_contest, unit=unit, draft=a_draft(rights_confirmed=False))
    assert callbacks == [] and default_task_backend.results == []


def test_a_clip_by_file_alone_queues_no_fetch(
    open_contest, unit, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        entry = submit_entry(
            contest=open_contest,
            unit=unit,
            draft=a_draft(url=""),
            video_file=SimpleUploadedFile("clip.mp4", b"\x00" * 16, content_type="video/mp4"),
        )
    assert callbacks == [] and default_task_backend.results == []
    assert entry.fetch_state == FetchState.PENDING


def test_submitting_takes_the_same_queries_however_many_clips_the_unit_has(
    open_contest, unit, django_assert_num_queries
):
    submit_entry(contest=open_contest, unit=unit, draft=a_draft(url=video(0)))
    # Inside the test's transaction: SAVEPOINT and RELEASE, then the own-video check, the next
    # reference, the entry in a savepoint of its own (a number taken meanwhile is retried), the
    # author's person, the author link and the audit event.
    with django_assert_num_queries(10):
        submit_entry(contest=open_contest, unit=unit, draft=a_draft(url=video(1)))
    for n in range(2, 12):
        submit_entry(contest=open_contest, unit=unit, draft=a_draft(url=video(n)))
    with django_assert_num_queries(10):
        entry = submit_entry(contest=open_contest, unit=unit, draft=a_draft(url=video(12)))
    assert entry.ref == "HG-MV-13"


def test_the_same_video_twice_is_refused_with_the_reference_of_the_first(open_contest, unit):
    first = submit_entry(contest=open_contest, unit=unit, draft=a_draft())

    with pytest.raises(EntryRefused) as refused:
        submit_entry(contest=open_contest, unit=unit, draft=a_draft(title="Lần nữa"))

    assert refused.value.problems["url"] == ALREADY_ENTERED.format(ref=first.ref)
    assert "HG-MV-1" in refused.value.problems["url"].vi
    assert "HG-MV-1" in refused.value.problems["url"].en


def test_the_same_video_from_another_unit_is_stored(open_contest, unit):
    submit_entry(contest=open_contest, unit=unit, draft=a_draft())
    other = UnitFactory(code="HG-DV")

    assert submit_entry(contest=open_contest, unit=other, draft=a_draft()).ref == "HG-DV-1"


# --- authors ----------------------------------------------------------------------------------


def test_an_author_named_twice_is_linked_once_and_the_places_still_count(open_contest, unit):
    authors = (AuthorDraft("Páo"), AuthorDraft("  Vàng  Thị Dính "), AuthorDraft("Páo"))
    authors += (AuthorDraft(""), AuthorDraft("Sùng Mí"))

    entry = submit_entry(contest=open_contest, unit=unit, draft=a_draft(authors=authors))

    links = EntryAuthor.objects.filter(entry=entry).order_by("position")
    assert [(link.person.name, link.position) for link in links] == [
        ("Páo", 0),
        ("Vàng Thị Dính", 1),
        ("Sùng Mí", 3),
    ]
    event = AuditEvent.objects.get(action="entry.submitted")
    assert event.after["authors"] == ["Páo", "Vàng Thị Dính", "Sùng Mí"]
    assert event.after["authors"] == services.entry_facts(entry)["authors"]


def test_editing_the_authors_replaces_them(open_contest, unit):
    entry = submit_entry(contest=open_contest, unit=unit, draft=a_draft())

    services.update_entry(entry=entry, draft=a_draft(authors=(AuthorDraft("Páo"),)))

    assert entry.author_names == ["Páo"]
    event = AuditEvent.objects.get(action="entry.updated")
    assert (event.before["authors"], event.after["authors"]) == (["Vàng Thị Dính"], ["Páo"])


# --- one Redis client per process -----------------------------------------------------------


def test_queues_of_one_redis_server_share_one_client():
    """Building a client opens no connection: nothing here talks to a Redis."""
    first = SharedConnectionQueue("default", connection=Redis.from_url("redis://rq.test:6379/3"))
    again = SharedConnectionQueue("default", connection=Redis.from_url("redis://rq.test:6379/3"))
    other_db = SharedConnectionQueue("default", connection=Redis.from_url("redis://rq.test:6379/4"))

    assert again.connection is first.connection
    assert other_db.connection is not first.connection
