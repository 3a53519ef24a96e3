"""Asking for a document and making it: the one way the awards documents reach a person.

The page (or the CLI) asks with :func:`request_document`, which refuses at once what cannot be
made (money documents before the results are finalised) and queues the work; the task calls
:func:`run_batch`, which reports progress and keeps the file. Running a batch twice does
nothing the second time, so a task retried after a crash is harmless.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from clipcontest.accounts.permissions import is_staff_member
from clipcontest.awards.services import NOT_FINALISED, AwardsRefused, issue_certificates
from clipcontest.common.text import Text
from clipcontest.contests.models import Contest
from clipcontest.judging.queries import results_locked

from .models import DocumentBatch
from .pdf import ConversionFailed

logger = logging.getLogger(__name__)
Kind = DocumentBatch.Kind

STAFF_ONLY = Text(
    vi="Chỉ Ban Tổ chức hoặc Thư ký mới được lập văn bản này.",
    en="Only the organisers or the secretariat may make this document.",
)
UNEXPECTED = Text(
    vi="Có lỗi ngoài dự kiến khi lập văn bản; hãy thử lại hoặc báo quản trị hệ thống.",
    en="An unexpected error stopped the document; try again or tell the administrator.",
)


@dataclass(frozen=True)
class Made:
    content: bytes
    filename: str


Progress = Callable[[int, int], None]


def _certificates(contest: Contest, batch: DocumentBatch, progress: Progress) -> Made:
    from .certificates import write_certificates

    issue_certificates(contest=contest, by=batch.requested_by)
    with tempfile.TemporaryDirectory(prefix="clipcontest-certificates-") as folder:
        write_certificates(contest, Path(folder), base_url=batch.base_url, progress=progress)
        content = (Path(folder) / "certificates.zip").read_bytes()
    return Made(content, f"{contest.slug}-giay-chung-nhan.zip")


def _payout(contest: Contest, batch: DocumentBatch, progress: Progress) -> Made:
    from .payout import payout_xlsx

    return Made(payout_xlsx(contest), f"{contest.slug}-danh-sach-chi-tra.xlsx")


def _payout_csv(contest: Contest, batch: DocumentBatch, progress: Progress) -> Made:
    from .payout import payout_csv

    return Made(payout_csv(contest), f"{contest.slug}-danh-sach-chi-tra.csv")


def _decision(ext: str) -> Callable[[Contest, DocumentBatch, Progress], Made]:
    def make(contest: Contest, batch: DocumentBatch, progress: Progress) -> Made:
        from .decision import decision_docx, decision_pdf

        content = decision_docx(contest) if ext == "docx" else decision_pdf(contest)
        return Made(content, f"{contest.slug}-quyet-dinh-trao-giai.{ext}")

    return make


def _report(ext: str) -> Callable[[Contest, DocumentBatch, Progress], Made]:
    def make(contest: Contest, batch: DocumentBatch, progress: Progress) -> Made:
        from .report import report_docx, report_pdf

        content = report_docx(contest) if ext == "docx" else report_pdf(contest)
        return Made(content, f"{contest.slug}-bao-cao-tong-ket.{ext}")

    return make


def _committees(contest: Contest, batch: DocumentBatch, progress: Progress) -> Made:
    from .committees import committee_decisions_zip

    return Made(
        committee_decisions_zip(contest), f"{contest.slug}-quyet-dinh-thanh-lap-cac-ban.zip"
    )


def _rules(ext: str) -> Callable[[Contest, DocumentBatch, Progress], Made]:
    def make(contest: Contest, batch: DocumentBatch, progress: Progress) -> Made:
        from .rules_document import rules_docx, rules_filename, rules_pdf

        content = rules_docx(contest) if ext == "docx" else rules_pdf(contest)
        return Made(content, rules_filename(contest, ext))

    return make


MAKERS: dict[str, Callable[[Contest, DocumentBatch, Progress], Made]] = {
    Kind.CERTIFICATES: _certificates,
    Kind.PAYOUT: _payout,
    Kind.PAYOUT_CSV: _payout_csv,
    Kind.DECISION_DOCX: _decision("docx"),
    Kind.DECISION_PDF: _decision("pdf"),
    Kind.REPORT_DOCX: _report("docx"),
    Kind.REPORT_PDF: _report("pdf"),
    Kind.RULES_DOCX: _rules("docx"),
    Kind.RULES_PDF: _rules("pdf"),
    Kind.COMMITTEES: _committees,
}
# Documents that pay money or award prizes come from finalised results only; the summary
# report is also written mid-contest and says so itself.
NEEDS_FINALISED = {
    Kind.CERTIFICATES,
    Kind.PAYOUT,
    Kind.PAYOUT_CSV,
    Kind.DECISION_DOCX,
    Kind.DECISION_PDF,
}


class DocumentRefused(ValueError):
    def __init__(self, message: Text) -> None:
        self.message = message
        super().__init__(message.en)


def request_document(*, contest: Contest, kind: str, by: Any, base_url: str) -> DocumentBatch:
    """Queue ``kind`` for ``contest``; an unfinished request of the same kind is reused."""
    if not is_staff_member(by):
        raise DocumentRefused(STAFF_ONLY)
    kind = Kind(kind)
    if kind not in MAKERS:  # a kind whose maker is not written yet
        raise ValueError(f"no maker for {kind}")
    if kind in NEEDS_FINALISED and not results_locked(contest):
        raise DocumentRefused(NOT_FINALISED)
    with transaction.atomic():
        pending = DocumentBatch.objects.filter(
            contest=contest,
            kind=kind,
            state__in=[DocumentBatch.State.QUEUED, DocumentBatch.State.RUNNING],
        ).first()
        if pending is not None:
            return pending
        batch = DocumentBatch.objects.create(
            contest=contest, kind=kind, requested_by=by, base_url=base_url
        )
        transaction.on_commit(lambda: _enqueue(batch.pk))
    return batch


def _enqueue(batch_id: int) -> None:
    from .tasks import make_document

    make_document.enqueue(batch_id)


def run_batch(batch_id: int) -> DocumentBatch:
    """Make the batch's document and keep it; errors are kept on the batch, in both languages."""
    batch = DocumentBatch.objects.select_related("contest", "requested_by").get(pk=batch_id)
    if batch.state == DocumentBatch.State.DONE:
        return batch
    batch.state, batch.error = DocumentBatch.State.RUNNING, ""
    batch.save(update_fields=["state", "error"])

    def progress(done: int, total: int) -> None:
        DocumentBatch.objects.filter(pk=batch.pk).update(done=done, total=total)

    try:
        made = MAKERS[batch.kind](batch.contest, batch, progress)
    except (AwardsRefused, DocumentRefused, ConversionFailed) as refused:
        return _failed(batch, refused.message.both())
    except Exception:
        logger.exception("Document batch %s (%s) failed", batch.pk, batch.kind)
        return _failed(batch, UNEXPECTED.both())
    batch.refresh_from_db(fields=["done", "total"])
    batch.file.save(made.filename, ContentFile(made.content), save=False)
    batch.filename = made.filename
    batch.state = DocumentBatch.State.DONE
    batch.done = batch.total = max(batch.total, 1)
    batch.finished_at = timezone.now()
    batch.save()
    return batch


def _failed(batch: DocumentBatch, error: str) -> DocumentBatch:
    batch.state, batch.error, batch.finished_at = DocumentBatch.State.FAILED, error, timezone.now()
    batch.save(update_fields=["state", "error", "finished_at"])
    return batch
