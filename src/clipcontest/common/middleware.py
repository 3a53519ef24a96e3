"""Refuse a request that carries a NUL character in its parameters or form fields.

No field of the contest can hold one (PostgreSQL text cannot store it at all, so a NUL that
reached the database would be a server error), and no honest browser sends one. Forms built on
Django's ``CharField`` already refuse it, and the REST API's schemas name the field that holds
one; this guard covers every page view that reads a parameter directly, so a NUL gets a clear
answer everywhere and nothing is stored.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest

from .text import Text

REFUSED = Text(
    vi="Dữ liệu gửi lên có ký tự NUL (mã 0), không được chấp nhận. Hãy gõ lại nội dung.",
    en="The data sent contains a NUL character (code 0), which is not accepted. Type it again.",
)
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class RefuseNullCharacters:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if carries_nul(request):
            return HttpResponseBadRequest(REFUSED.both(), content_type="text/plain; charset=utf-8")
        return self.get_response(request)


def carries_nul(request: HttpRequest) -> bool:
    """True when a query parameter or a form field (not a file's content) has a NUL."""
    if _any_nul(request.GET):
        return True
    if request.method not in ("POST", "PUT", "PATCH"):
        return False
    content_type = request.content_type or ""
    if content_type in _FORM_TYPES:
        files = request.FILES
        return _any_nul(request.POST) or any("\x00" in f.name for f in files.values())
    return False


def _any_nul(data) -> bool:
    return any(
        "\x00" in key or any("\x00" in value for value in values) for key, values in data.lists()
    )
