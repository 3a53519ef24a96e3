"""The public rules page (Thể lệ): the same articles as the rules document, in the page's language.

Both come from ``documents.rules_document.rules_sections``, so the page, the DOCX/PDF and what
the software enforces say the same thing.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from clipcontest.contests.models import Contest


def contest_rules(request: HttpRequest, slug: str) -> HttpResponse:
    # Imported here: the module loads python-docx and lxml, 6 MB a web worker need not carry.
    from clipcontest.documents.rules_document import rules_sections

    contest = get_object_or_404(Contest, slug=slug)
    context = {"contest": contest, "sections": rules_sections(contest)}
    return render(request, "portal/rules.html", context)
