"""Official letters: the unit drafts one, downloads it to sign, uploads the scan; the
organisers mark it received."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clipcontest.accounts.permissions import staff_required, unit_representative_required
from clipcontest.entries.letters import (
    LetterDraft,
    LetterRefused,
    attach_scan,
    draft_letter,
    mark_received,
)
from clipcontest.entries.models import Entry, OfficialLetter

from .forms import LetterForm, ReceivedForm, ScanForm
from .organiser_views import back_to, organiser_contest
from .unit_views import unit_contest


def _own_letter(request: HttpRequest, pk: int) -> OfficialLetter:
    return get_object_or_404(OfficialLetter, pk=pk, unit=request.unit, contest=unit_contest())


@unit_representative_required
def letter_list(request: HttpRequest) -> HttpResponse:
    contest = unit_contest()
    letters = (
        OfficialLetter.objects.filter(contest=contest, unit=request.unit)
        .prefetch_related("entries")
        .order_by("-date", "-pk")
    )
    return render(request, "portal/unit/letters.html", {"contest": contest, "letters": letters})


@unit_representative_required
def letter_add(request: HttpRequest) -> HttpResponse:
    contest = unit_contest()
    unit = request.unit
    own = Entry.objects.filter(contest=contest, unit=unit, withdrawn_at__isnull=True).order_by(
        "ref"
    )
    initial = {"place": unit.place, "entries": list(own)}
    form = LetterForm(request.POST or None, entries=own, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        draft = LetterDraft(
            **{
                k: data[k]
                for k in (
                    "number",
                    "date",
                    "place",
                    "signer_name",
                    "signer_is_deputy",
                    "contact_name",
                    "contact_phone",
                )
            }
        )
        try:
            letter = draft_letter(
                contest=contest,
                unit=unit,
                draft=draft,
                entries=list(data["entries"]),
                by=request.user,
            )
        except LetterRefused as refused:
            form.add_error(None, str(refused.message))
        else:
            messages.success(
                request, _("The letter is ready: download it, sign it, upload the scan.")
            )
            return redirect("portal:unit-letter", pk=letter.pk)
    return render(request, "portal/unit/letter_form.html", {"contest": contest, "form": form})


@unit_representative_required
def letter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    letter = _own_letter(request, pk)
    context = {
        "contest": letter.contest,
        "letter": letter,
        "entries": letter.entries.order_by("ref"),
        "scan_form": ScanForm(),
    }
    return render(request, "portal/unit/letter_detail.html", context)


@unit_representative_required
def letter_document(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """The letter as Word (to adjust) or PDF (to print and sign)."""
    from clipcontest.documents.letters import letter_docx, letter_filename, letter_pdf

    letter = _own_letter(request, pk)
    if kind == "pdf":
        content, mime = letter_pdf(letter), "application/pdf"
    else:
        content = letter_docx(letter)
        mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = f'attachment; filename="{letter_filename(letter, kind)}"'
    return response


@unit_representative_required
@require_POST
def letter_scan(request: HttpRequest, pk: int) -> HttpResponse:
    letter = _own_letter(request, pk)
    form = ScanForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            attach_scan(letter=letter, upload=form.cleaned_data["scan"], by=request.user)
        except LetterRefused as refused:
            messages.error(request, str(refused.message))
        else:
            messages.success(request, _("The scan was uploaded."))
    else:
        messages.error(request, _("Choose the scanned file first."))
    return redirect("portal:unit-letter", pk=letter.pk)


@staff_required
def organiser_letters(request: HttpRequest) -> HttpResponse:
    """Every unit's letters, newest first, with the date each was received."""
    contest = organiser_contest(request)
    letters = (
        OfficialLetter.objects.filter(contest=contest)
        .select_related("unit")
        .prefetch_related("entries")
        .order_by("received_at", "-date")
    )
    return render(
        request,
        "portal/organiser/letters.html",
        {"contest": contest, "letters": letters, "form": ReceivedForm()},
    )


@staff_required
@require_POST
def organiser_letter_received(request: HttpRequest, pk: int) -> HttpResponse:
    letter = get_object_or_404(OfficialLetter, pk=pk)
    form = ReceivedForm(request.POST)
    # The time typed is office time where the contest runs, whatever zone the server is in.
    with timezone.override(letter.contest.zone):
        valid = form.is_valid()
    if request.POST.get("clear"):
        mark_received(letter=letter, received_at=None, by=request.user)
        messages.success(
            request, _("Letter %(number)s marked as not received.") % {"number": letter.number}
        )
    elif valid:
        mark_received(letter=letter, received_at=form.cleaned_data["received_at"], by=request.user)
        messages.success(
            request, _("Letter %(number)s marked as received.") % {"number": letter.number}
        )
    else:
        messages.error(request, _("Give the date and time the letter was received."))
    return redirect(back_to("portal:organiser-letters", letter.contest))


@staff_required
def organiser_letter_scan(request: HttpRequest, pk: int) -> HttpResponse:
    """The unit's uploaded scan, for the organisers only (it is not public)."""
    from django.http import FileResponse, Http404

    letter = get_object_or_404(OfficialLetter, pk=pk)
    if not letter.scan:
        raise Http404
    return FileResponse(letter.scan.open("rb"), as_attachment=False)
