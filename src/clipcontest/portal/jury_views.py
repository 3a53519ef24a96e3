"""The jury's pages (being built: issue 4)."""

from django.http import Http404, HttpRequest, HttpResponse

from clipcontest.accounts.permissions import staff_required


def jury_home(request: HttpRequest) -> HttpResponse:
    raise Http404


def jury_clip(request: HttpRequest, pk: int) -> HttpResponse:
    raise Http404


@staff_required
def organiser_jury(request: HttpRequest) -> HttpResponse:
    raise Http404
