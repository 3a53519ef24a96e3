"""Documents asked for in the pages: refused before finalisation, made once, progress kept."""

from __future__ import annotations

import zipfile
from io import BytesIO

import pytest
from awards.conftest import chair

from clipcontest.accounts.models import Role
from clipcontest.accounts.services import ensure_account
from clipcontest.awards.models import Certificate
from clipcontest.documents.batches import DocumentRefused, request_document, run_batch
from clipcontest.documents.models import DocumentBatch
from clipcontest.units.models import Unit

pytestmark = pytest.mark.django_db
BASE = "https://clip.example.vn/"


@pytest.fixture(autouse=True)
def no_worker(settings):
    """The page queues the work; these tests run it themselves with ``run_batch``."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def test_money_documents_are_refused_before_finalisation(demo_contest):
    for kind in ("certificates", "payout", "payout_csv", "decision_docx", "decision_pdf"):
        with pytest.raises(DocumentRefused) as refused:
            request_document(contest=demo_contest, kind=kind, by=chair(), base_url=BASE)
        assert "chưa được chốt" in refused.value.message.vi
    assert not DocumentBatch.objects.exists()


def test_the_summary_report_can_be_made_mid_contest(demo_contest):
    batch = request_document(contest=demo_contest, kind="report_docx", by=chair(), base_url=BASE)
    assert batch.state == DocumentBatch.State.QUEUED


def test_only_staff_ask_for_documents(finalised):
    rep = ensure_account(
        username="hg-dv",
        password="x-Long-Pass-1",
        role=Role.UNIT_REPRESENTATIVE,
        unit=Unit.objects.get(code="HG-DV"),
    )
    with pytest.raises(DocumentRefused):
        request_document(contest=finalised, kind="payout", by=rep, base_url=BASE)


def test_a_second_click_reuses_the_unfinished_request(finalised):
    first = request_document(contest=finalised, kind="payout", by=chair(), base_url=BASE)
    again = request_document(contest=finalised, kind="payout", by=chair(), base_url=BASE)
    assert first.pk == again.pk and DocumentBatch.objects.count() == 1


def test_certificates_are_issued_made_and_counted(finalised):
    batch = request_document(contest=finalised, kind="certificates", by=chair(), base_url=BASE)

    done = run_batch(batch.pk)

    assert done.state == DocumentBatch.State.DONE, done.error
    assert (done.done, done.total) == (6, 6)
    assert done.filename == "sc35-2022-giay-chung-nhan.zip"
    with zipfile.ZipFile(BytesIO(done.file.read())) as archive:
        pdfs = [name for name in archive.namelist() if name.endswith(".pdf")]
    assert len(pdfs) == 6
    assert Certificate.objects.filter(voided_at__isnull=True).count() == 6


def test_running_a_finished_batch_again_changes_nothing(finalised):
    batch = request_document(contest=finalised, kind="payout", by=chair(), base_url=BASE)
    made = run_batch(batch.pk)
    name = made.file.name

    again = run_batch(batch.pk)

    assert again.file.name == name and again.state == DocumentBatch.State.DONE


def test_a_failure_is_kept_with_its_reason_in_both_languages(finalised, monkeypatch):
    from clipcontest.documents import batches

    def broken(contest, batch, progress):
        raise RuntimeError("disk full")

    monkeypatch.setitem(batches.MAKERS, DocumentBatch.Kind.PAYOUT, broken)
    batch = request_document(contest=finalised, kind="payout", by=chair(), base_url=BASE)

    failed = run_batch(batch.pk)

    assert failed.state == DocumentBatch.State.FAILED
    assert "unexpected" in failed.error and "ngoài dự kiến" in failed.error
    assert "disk full" not in failed.error  # details go to the log, not to the page
