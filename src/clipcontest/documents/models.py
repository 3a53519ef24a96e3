"""A document an organiser asked for, made in the background and kept for download."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from clipcontest.contests.models import Contest


class DocumentBatch(models.Model):
    """One request for one kind of document, with its progress (``done`` of ``total``).

    Certificates for a national contest are a thousand PDFs: the page shows a progress bar from
    these two numbers while the task runs, and the finished file stays here to download again.
    """

    class Kind(models.TextChoices):
        CERTIFICATES = "certificates", _("Certificates (PDF, zip)")
        PAYOUT = "payout", _("Payout list (XLSX)")
        PAYOUT_CSV = "payout_csv", _("Payout list (CSV)")
        DECISION_DOCX = "decision_docx", _("Award decision (DOCX)")
        DECISION_PDF = "decision_pdf", _("Award decision (PDF)")
        REPORT_DOCX = "report_docx", _("Summary report (DOCX)")
        REPORT_PDF = "report_pdf", _("Summary report (PDF)")
        RULES_DOCX = "rules_docx", _("Contest rules (DOCX)")
        RULES_PDF = "rules_pdf", _("Contest rules (PDF)")
        COMMITTEES = "committees", _("Founding decisions of the committees (DOCX and PDF, zip)")

    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("being made")
        DONE = "done", _("ready")
        FAILED = "failed", _("failed")

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="document_batches")
    kind = models.CharField(_("document"), max_length=20, choices=Kind)
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    base_url = models.CharField(max_length=300, blank=True)
    file = models.FileField(upload_to="documents/%Y/", blank=True)
    filename = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("generated document")
        verbose_name_plural = _("generated documents")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.contest.slug} {self.kind} {self.state}"

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)
