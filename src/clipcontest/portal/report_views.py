"""The summary report (báo cáo tổng kết) for the organisers: the page, its charts, its files.

Staff only (organisers and the secretariat), like every organisers' page. The page shows the
figures of ``documents.report_data.summary`` as tables, the charts are PNGs drawn on request,
and the DOCX and PDF are the same figures in the Party layout.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from clipcontest.accounts.permissions import staff_required
from clipcontest.contests.models import Contest
from clipcontest.documents.charts import CHARTS, chart_png
from clipcontest.documents.pdf import ConversionFailed
from clipcontest.documents.report_data import summary

from .organiser_views import back_to, organiser_contest

# _WORD: the report's module loads python-docx and lxml (6 MB), imported by the views that
# need it rather than by every web worker as it starts.
FILE_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


@staff_required
def organiser_report(request: HttpRequest) -> HttpResponse:
    from clipcontest.documents.report import assessment  # with python-docx: see _WORD

    contest = organiser_contest(request)
    data = summary(contest)
    context = {
        "contest": contest,
        "contests": Contest.objects.order_by("-opens_on"),
        "summary": data,
        "assessment": assessment(data),
        "count_tables": [
            ("platform", data.by_platform),
            ("genre", data.by_genre),
            ("theme", data.by_theme),
        ],
    }
    return render(request, "portal/organiser/report.html", context)


@staff_required
def organiser_report_chart(request: HttpRequest, kind: str) -> HttpResponse:
    """One chart of the report as PNG; ``kind`` is a name of ``documents.charts.CHARTS``."""
    if kind not in CHARTS:
        raise Http404
    png = chart_png(kind, summary(organiser_contest(request)))
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "private, no-cache"  # the figures change as the contest runs
    return response


@staff_required
def organiser_report_file(request: HttpRequest, fmt: str) -> HttpResponse:
    """The report as Word (to edit before signing) or PDF (to print)."""
    if fmt not in FILE_TYPES:
        raise Http404
    from clipcontest.documents.report import report_docx, report_filename, report_pdf  # _WORD

    contest = organiser_contest(request)
    try:
        content = report_pdf(contest) if fmt == "pdf" else report_docx(contest)
    except ConversionFailed as failed:
        messages.error(request, str(failed.message))
        return redirect(back_to("portal:organiser-report", contest))
    response = HttpResponse(content, content_type=FILE_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{report_filename(contest, fmt)}"'
    return response
