"""The project's URLs plus the bare view the deadline burst compares itself with."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from clipcontest.urls import urlpatterns as project_urlpatterns


def bare(request: HttpRequest) -> HttpResponse:
    """Django's whole middleware stack and nothing else: no query, no template."""
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare), *project_urlpatterns]
