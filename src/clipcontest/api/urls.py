from django.http import HttpRequest, JsonResponse
from django.urls import re_path

from clipcontest.common.text import Text

from .api import api
from .errors import error_body

NO_SUCH_ENDPOINT = Text(
    vi="Không có địa chỉ API này; xem danh sách tại /api/docs.",
    en="There is no such API address; see the list at /api/docs.",
)


def no_such_endpoint(request: HttpRequest) -> JsonResponse:
    """Unknown addresses under /api/ answer in JSON too, not with the portal's HTML page."""
    return JsonResponse(error_body("no_such_endpoint", NO_SUCH_ENDPOINT), status=404)


# Mounted at /api/ outside the language prefix: the JSON carries both languages. The root
# URLconf includes this module without a namespace, so the module names it ("api").
patterns, _app_name, app_name = api.urls
urlpatterns = [*patterns, re_path(r"", no_such_endpoint)]
