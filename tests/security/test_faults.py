"""Faults: a worker killed mid-task, deadlines at the last second, finalised results.

- A real ``clipcontest db_worker`` runs in a subprocess with one function made to stop half
  way (``paused_command.py``) and is SIGKILLed there; a second worker then runs what is left.
  Nothing may be lost and nothing doubled: snapshots, certificates, reminder e-mails.
- Deadlines are judged with a frozen clock at 23:59:59 and 00:00:00 contest time
  (Asia/Ho_Chi_Minh) while the server's clock runs in UTC.
- Finalised results refuse every change until an organiser reopens them with a reason.
"""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from awards.conftest import chair
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from factories import HCM, OfficialLetterFactory, csv_bytes
from freezegun import freeze_time
from reminders.conftest import build_world

from clipcontest.audit.models import AuditEvent
from clipcontest.awards.models import Certificate
from clipcontest.awards.queries import winners
from clipcontest.awards.results import contest_results
from clipcontest.common.tabular import ImportFailed
from clipcontest.documents.batches import request_document
from clipcontest.documents.models import DocumentBatch
from clipcontest.eligibility.queries import contest_report
from clipcontest.entries.fetching import PostInfo
from clipcontest.entries.letters import mark_received
from clipcontest.entries.metadata import store_post
from clipcontest.entries.models import Entry, FetchState, FindingOverride
from clipcontest.entries.services import AuthorDraft, EntryDraft, EntryRefused, submit_entry
from clipcontest.entries.tasks import schedule_fetch
from clipcontest.judging.imports import import_jury, import_scores
from clipcontest.judging.members import add_jury_member, remove_jury_member
from clipcontest.judging.models import Assignment, Conflict, CriterionScore, JuryMember
from clipcontest.judging.scores import save_scores
from clipcontest.judging.services import (
    JudgingRefused,
    assign_jury,
    declare_conflict,
    finalise_results,
    reopen_results,
)
from clipcontest.reminders.models import Reminder
from clipcontest.review.services import (
    ReviewRefused,
    choose_standing_entry,
    disqualify,
    override_finding,
    restore,
    verify_duration,
    verify_group_share,
    verify_posted_date,
)

from .faults_figures import note, record
from .worker_process import WORKER, kill_in_the_middle, run_command, worker_environment

BASE = "https://clip.example.vn/"


@pytest.fixture
def worker_env(tmp_path, settings) -> dict[str, str]:
    return worker_environment(tmp_path, settings)


# --- a worker killed half way ------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "pause_at",
    [
        "after:clipcontest.entries.metadata.fetch_post",  # the post read, nothing stored yet
        "after:clipcontest.entries.metadata.store_post",  # stored, the task not marked done
    ],
)
def test_a_fetch_killed_half_way_runs_again_and_leaves_one_snapshot(
    clip_server, local_entry, db_task_backend, worker_env, tmp_path, pause_at
):
    entry = local_entry(clip_server.page("post.html"))
    schedule_fetch(entry.pk)
    log = tmp_path / "worker.log"

    kill_in_the_middle(worker_env, pause_at, WORKER, log)
    task = DBTaskResult.objects.get()
    assert task.status == "RUNNING"  # what a killed worker leaves behind
    assert entry.snapshots.count() == (1 if pause_at.endswith("store_post") else 0)

    run_command(worker_env, WORKER, log)

    entry.refresh_from_db()
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert entry.fetch_state == FetchState.DONE and entry.post_title == "Clip về Hà Giang"
    assert [(s.views, s.likes, s.comments) for s in entry.snapshots.all()] == [(1234, 56, 7)]


def _expected_certificates(contest) -> list[str]:
    return sorted(w.ref for w in winners(contest_results(contest)) if w.certificate)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "pause_at",
    [
        "call2:clipcontest.awards.services.record",  # inside issuing: one certificate made
        "before:clipcontest.documents.certificates.write_certificates",  # issued, not printed
    ],
)
def test_a_certificate_batch_killed_half_way_issues_each_certificate_once(
    finalised, db_task_backend, worker_env, tmp_path, pause_at
):
    expected = _expected_certificates(finalised)
    batch = request_document(contest=finalised, kind="certificates", by=chair(), base_url=BASE)
    log = tmp_path / "worker.log"

    kill_in_the_middle(worker_env, pause_at, WORKER, log)
    issued_before_the_kill = Certificate.objects.count()
    assert issued_before_the_kill == (0 if pause_at.startswith("call2") else len(expected))
    assert DocumentBatch.objects.get(pk=batch.pk).state == DocumentBatch.State.RUNNING

    run_command(worker_env, WORKER, log)

    batch.refresh_from_db()
    assert batch.state == DocumentBatch.State.DONE and batch.file
    certificates = Certificate.objects.order_by("number")
    assert sorted(c.entry.ref for c in certificates) == expected
    assert [c.number for c in certificates] == list(range(1, len(expected) + 1))
    assert not certificates.filter(voided_at__isnull=False).exists()
    assert AuditEvent.objects.filter(action="certificate.issue").count() == len(expected)
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


@pytest.mark.django_db(transaction=True)
def test_reminders_killed_between_sending_and_recording_never_send_twice(
    contest_2022, worker_env, tmp_path
):
    """The claim is committed before the e-mail goes: a run killed after sending leaves an
    unconfirmed row, and the next run sends the others, never that one again."""
    build_world(contest_2022)
    send = ["reminders", "send-due", "--contest", contest_2022.slug, "--today", "2022-06-08"]
    log = tmp_path / "mail.log"

    kill_in_the_middle(worker_env, "before:clipcontest.reminders.services._mark_sent", send, log)
    assert log.read_text(errors="replace").count("Message-ID:") == 1

    run_command(worker_env, send, log)
    run_command(worker_env, send, log)

    assert log.read_text(errors="replace").count("Message-ID:") == 2  # one per unit, ever
    assert Reminder.objects.count() == 2
    assert Reminder.objects.filter(sent_at__isnull=True).count() == 1  # the killed one


def test_a_new_worker_leaves_a_living_workers_task_alone(db):
    """Only the tasks of a worker whose process is gone are taken back."""
    from clipcontest.common.worker import requeue_orphaned_tasks, worker_name

    alive = DBTaskResult.objects.create(
        args_kwargs={"args": [1], "kwargs": {}},
        task_path="clipcontest.entries.tasks.fetch_entry",
        backend_name="default",
        run_after=datetime(9999, 1, 1, tzinfo=HCM),
        status="RUNNING",
        worker_ids=[worker_name()],  # this very process: alive
    )
    assert requeue_orphaned_tasks() == 0
    assert DBTaskResult.objects.get(pk=alive.pk).status == "RUNNING"


# --- deadlines at the last second, the server's clock in UTC -----------------------------------

LAST_SECOND_OF_CLOSING_DAY = datetime(2022, 6, 30, 23, 59, 59, tzinfo=HCM)
FIRST_SECOND_AFTER = datetime(2022, 7, 1, 0, 0, 0, tzinfo=HCM)
LAST_SECOND_FOR_LETTERS = datetime(2022, 6, 15, 23, 59, 59, tzinfo=HCM)
FIRST_SECOND_LATE = datetime(2022, 6, 16, 0, 0, 0, tzinfo=HCM)


@pytest.fixture(params=["Asia/Ho_Chi_Minh", "UTC"], ids=["site-zone", "site-utc"])
def server_in_utc(request, settings, monkeypatch):
    """The host's clock in UTC (``TZ``); Django's own zone as set, or UTC as well."""
    settings.TIME_ZONE = request.param  # Django sets TZ to it: overridden just below
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    assert time.localtime().tm_gmtoff == 0
    yield request.param
    monkeypatch.undo()
    time.tzset()


def _draft(title: str = "Clip phút chót") -> EntryDraft:
    return EntryDraft(
        title=title,
        url="https://www.youtube.com/watch?v=Q1w2E3r4T5y",
        genre="comedy",
        theme="refute_false_information",
        authors=(AuthorDraft("Lò Văn Pả"),),
        rights_confirmed=True,
    )


@pytest.mark.django_db
def test_a_clip_entered_at_235959_on_the_closing_day_is_accepted(
    server_in_utc, contest_2022, unit_a
):
    with freeze_time(LAST_SECOND_OF_CLOSING_DAY):
        entry = submit_entry(contest=contest_2022, unit=unit_a, draft=_draft())
        report = contest_report(contest_2022)

    assert entry.submitted_at == LAST_SECOND_OF_CLOSING_DAY
    verdict = next(v for v in report.entries if v.entry.ref == entry.ref)
    assert "submitted_after_deadline" not in {f.code for f in verdict.findings}
    note("deadline_cases")


@pytest.mark.django_db
def test_a_clip_entered_at_midnight_after_the_closing_day_is_refused_with_the_reason(
    server_in_utc, contest_2022, unit_a
):
    with freeze_time(FIRST_SECOND_AFTER), pytest.raises(EntryRefused) as refused:
        submit_entry(contest=contest_2022, unit=unit_a, draft=_draft())

    (reason,) = refused.value.problems.values()
    assert "30/06/2022" in reason.vi and "hết thời hạn" in reason.vi
    assert "closed on 30/06/2022" in reason.en
    assert not Entry.objects.exists()
    note("deadline_cases")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("moment", "accepted"), [(LAST_SECOND_OF_CLOSING_DAY, True), (FIRST_SECOND_AFTER, False)]
)
def test_the_unit_portal_takes_a_clip_until_the_last_second_of_the_closing_day(
    server_in_utc, contest_2022, rep_a, moment, accepted
):
    from portal.test_unit_portal import clip_form

    with freeze_time(moment):
        response = rep_a.post(reverse("portal:unit-entry-add"), clip_form())

    if accepted:
        assert response.status_code == 302
        assert Entry.objects.get().submitted_at == moment
    else:
        page = response.content.decode()
        assert response.status_code == 200 and "Đã hết thời hạn nhận" in page
        assert "30/06/2022" in page and not Entry.objects.exists()
    note("deadline_cases")


def _letter_status(contest, unit) -> tuple[str, set[str]]:
    verdict = next(v for v in contest_report(contest).units if v.code == unit.code)
    return str(verdict.letter), {f.message.vi for f in verdict.findings}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("moment", "status"), [(LAST_SECOND_FOR_LETTERS, "received"), (FIRST_SECOND_LATE, "late")]
)
def test_a_letter_received_by_the_last_second_of_its_day_is_on_time_and_after_it_late(
    server_in_utc, contest_2022, unit_a, moment, status
):
    letter = OfficialLetterFactory(contest=contest_2022, unit=unit_a, received_at=None)
    with freeze_time(moment):
        mark_received(letter=letter, received_at=timezone.now(), by=chair())

    letter_status, messages = _letter_status(contest_2022, unit_a)
    late = "Công văn danh sách clip được nhận sau hạn 15/06/2022."
    assert letter_status == status and (late in messages) is (status == "late")
    note("deadline_cases")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "late"), [("2022-06-15T23:59:59", False), ("2022-06-16T00:00:00", True)]
)
def test_a_letter_marked_received_in_the_portal_is_late_only_from_midnight(
    request, server_in_utc, contest_2022, unit_a, rep_a, organiser, typed, late
):
    """The organiser types the time the letter came (office time); the unit sees the verdict."""
    letter = OfficialLetterFactory(contest=contest_2022, unit=unit_a, received_at=None)
    with freeze_time(FIRST_SECOND_LATE + timedelta(days=1)):
        organiser.post(
            reverse("portal:organiser-letter-received", args=[letter.pk]), {"received_at": typed}
        )
        page = rep_a.get(reverse("portal:unit-home")).content.decode()

    letter.refresh_from_db()
    assert timezone.localtime(letter.received_at, HCM).isoformat()[:19] == typed
    assert ("được nhận sau hạn 15/06/2022" in page) is late
    note("deadline_cases")


# --- finalised results change only after a recorded reopen -------------------------------------


def _frozen_state(contest) -> tuple:
    """What finalised results are made of, and the audit log's length."""
    return (
        contest_results(contest).as_json(),
        sorted(Assignment.objects.filter(member__contest=contest).values_list("pk", flat=True)),
        sorted(CriterionScore.objects.values_list("pk", "points")),
        sorted(Conflict.objects.values_list("pk", flat=True)),
        sorted(JuryMember.objects.filter(contest=contest).values_list("pk", flat=True)),
        sorted(Entry.objects.values_list("pk", "disqualified_at", "duration_source", "posted_at")),
        FindingOverride.objects.count(),
        AuditEvent.objects.count(),
    )


def _winner(contest) -> Entry:
    return Entry.objects.get(contest=contest, ref="HG-MV-2")  # first prize


def _sheet(contest) -> Assignment:
    return Assignment.objects.select_related("member__user").get(
        member__contest=contest, member__user__username="gk.an", entry__ref="HG-MV-2"
    )


CHANGES = {
    "scores": lambda c: save_scores(
        assignment=_sheet(c),
        points={"content": 40, "creativity": 25, "technique": 25, "reach": 10},
        comment="",
        submit=True,
        by=_sheet(c).member.user,
    ),
    "assignment": lambda c: assign_jury(contest=c, per_entry=2, by=chair()),
    "conflict": lambda c: declare_conflict(
        member=_sheet(c).member, entry=_winner(c), reason="Người nhà", by=chair()
    ),
    "jury_member_added": lambda c: add_jury_member(
        contest=c, username="gk.moi", name="Giám khảo Mới", email="gk.moi@example.vn", by=chair()
    ),
    "jury_member_removed": lambda c: remove_jury_member(
        member=JuryMember.objects.get(contest=c, user__username="gk.chi"), by=chair(), reason="x"
    ),
    "jury_import": lambda c: import_jury(
        csv_bytes([["username", "name", "email", "unit"], ["gk.x", "Giám khảo X", "x@x.vn", ""]]),
        "bgk.csv",
        contest=c,
        by=chair(),
    ),
    "paper_scores": lambda c: import_scores(
        csv_bytes(
            [
                ["entry", "judge", "content", "creativity", "technique", "reach", "comment"],
                ["HG-MV-2", "gk.an", 10, 10, 10, 1, ""],
            ]
        ),
        "phieu.csv",
        contest=c,
        by=chair(),
    ),
    "duration_verified": lambda c: verify_duration(
        entry=_winner(c), seconds=Decimal("700"), note="Đo lại: 11 phút 40 giây", by=chair()
    ),
    "posted_date_verified": lambda c: verify_posted_date(
        entry=_winner(c), posted_on=date(2022, 2, 1), note="Đăng trước đợt thi", by=chair()
    ),
    "finding_overridden": lambda c: override_finding(
        entry=Entry.objects.get(contest=c, ref="HG-MV-1"),
        code="too_long",
        reason="Bỏ qua",
        by=chair(),
    ),
    "disqualified": lambda c: disqualify(
        entry=_winner(c), ground="off_topic", reason="Không đúng chủ đề", by=chair()
    ),
    "restored": lambda c: restore(entry=_winner(c), reason="Khôi phục", by=chair()),
    "chosen_among_duplicates": lambda c: choose_standing_entry(
        entry=_winner(c), reason="Giữ clip này", by=chair()
    ),
    "group_share_verified": lambda c: verify_group_share(
        entry=_winner(c), note="Đã xem trong nhóm", by=chair()
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("change", list(CHANGES))
def test_finalised_results_refuse_each_change_and_store_nothing(finalised, change):
    before = _frozen_state(finalised)

    with pytest.raises((JudgingRefused, ReviewRefused, ImportFailed)) as refused:
        CHANGES[change](finalised)

    messages = [p.message for p in getattr(refused.value, "problems", [])] or [
        refused.value.message
    ]
    assert any("chốt" in m.vi and "finalised" in m.en for m in messages)
    assert _frozen_state(finalised) == before
    note("finalised_paths_refused")


@pytest.mark.django_db
def test_a_post_fetched_after_finalisation_does_not_move_a_prize(finalised):
    """A refresh after the results are final reads the post again; the ranking must hold."""
    winner = _winner(finalised)
    before = contest_results(finalised).as_json()
    post = PostInfo(
        title="Đã sửa",
        uploader="",
        duration_seconds=Decimal("900"),  # the post now says 15 minutes: too long
        duration_source="fetched",
        posted_at=datetime(2022, 2, 1, 12, tzinfo=HCM),  # and before the window
        views=1,
        likes=1,
        comments=1,
        thumbnail_url="",
        webpage_url=winner.url,
        availability=None,
    )
    store_post(winner.pk, winner.url, post, timezone.now())

    assert contest_results(finalised).as_json() == before
    note("finalised_paths_refused")


@pytest.mark.django_db
def test_after_a_recorded_reopen_the_change_is_allowed_and_the_log_says_who_and_why(finalised):
    reopen_results(contest=finalised, by=chair(), reason="Khiếu nại của đơn vị HG-MV")
    disqualify(entry=_winner(finalised), ground="off_topic", reason="Sai chủ đề", by=chair())
    finalise_results(contest=finalised, by=chair(), reason="Họp lại ngày 10/7/2022")

    actions = list(
        AuditEvent.objects.filter(action__in=["results.reopen", "review.disqualified"])
        .order_by("pk")
        .values_list("action", "reason")
    )
    assert actions[0] == ("results.reopen", "Khiếu nại của đơn vị HG-MV")
    assert actions[1][0] == "review.disqualified"
    first = contest_results(finalised).rows()[0][0]
    assert first.ref != "HG-MV-2"
    note("finalised_paths_refused")


def test_figures_faults():
    written = record("faults_injected", "deadline_cases", "finalised_paths_refused")
    assert all(count >= 0 for count in written.values())
