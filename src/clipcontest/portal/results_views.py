"""The organisers' results pages (being built: issue 4)."""

from django.http import Http404, HttpRequest, HttpResponse

from clipcontest.accounts.permissions import staff_required


@staff_required
def organiser_results(request: HttpRequest) -> HttpResponse:
    raise Http404


@staff_required
def organiser_result(request: HttpRequest, ref: str) -> HttpResponse:
    raise Http404


@staff_required
def organiser_results_decide(request: HttpRequest) -> HttpResponse:
    raise Http404
