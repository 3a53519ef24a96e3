"""The organisers' awards page: issue the certificates and make the documents, with progress.

Each button asks ``documents.batches.request_document`` for one document; a background task
makes it while the page polls its progress (htmx), and the file stays for download.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from clipcontest.accounts.permissions import staff_required
from clipcontest.awards.queries import valid_certificates
from clipcontest.contests.models import Contest
from clipcontest.documents.batches import (
    MAKERS,
    NEEDS_FINALISED,
    DocumentRefused,
    request_document,
)
from clipcontest.documents.models import DocumentBatch
from clipcontest.judging.queries import results_locked

from .organiser_views import back_to, organiser_contest


@staff_required
@require_http_methods(["GET", "POST"])
def organiser_documents(request: HttpRequest) -> HttpResponse:
    contest = organiser_contest(request)
    if request.method == "POST":
        return _request(request, contest)
    finalised = results_locked(contest)
    kinds = [
        {
            "value": kind.value,
            "label": kind.label,
            "locked": kind in NEEDS_FINALISED and not finalised,
        }
        for kind in DocumentBatch.Kind
        if kind in MAKERS  # a kind whose maker is not written yet gets no button
    ]
    context = {
        "contest": contest,
        "contests": Contest.objects.order_by("-opens_on"),
        "finalised": finalised,
        "kinds": kinds,
        "batches": DocumentBatch.objects.filter(contest=contest)[:12],
        "certificates": valid_certificates(contest).select_related("entry"),
    }
    return render(request, "portal/organiser/documents.html", context)


def _request(request: HttpRequest, contest: Contest) -> HttpResponse:
    try:
        batch = request_document(
            contest=contest,
            kind=request.POST.get("kind", ""),
            by=request.user,
            base_url=request.build_absolute_uri("/"),
        )
    except DocumentRefused as refused:
        messages.error(request, str(refused.message))  # in the page's language
        return redirect(back_to("portal:organiser-documents", contest))
    except ValueError:
        raise Http404 from None  # not a kind of document
    return redirect(back_to("portal:organiser-documents", contest) + f"#batch-{batch.pk}")


@staff_required
def organiser_document_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """Polled while a document is being made; stops polling once it is ready or failed."""
    batch = get_object_or_404(DocumentBatch, pk=pk)
    return render(request, "portal/organiser/_batch.html", {"batch": batch})


@staff_required
def organiser_document_file(request: HttpRequest, pk: int) -> FileResponse:
    batch = get_object_or_404(DocumentBatch, pk=pk, state=DocumentBatch.State.DONE)
    return FileResponse(batch.file.open("rb"), as_attachment=True, filename=batch.filename)
