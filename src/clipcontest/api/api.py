"""The REST API (django-ninja): a unit's clips and letters, the contest's facts.

OpenAPI at ``/api/openapi.json``, interactive docs at ``/api/docs``. Authentication is an API
token (``Authorization: Bearer cc_…``, issued with ``clipcontest token create``) or the portal's
login session with its CSRF token; see ``auth.py``. Errors: see ``errors.py``.
"""

from __future__ import annotations

from ninja import NinjaAPI
from ninja.renderers import JSONRenderer

from . import contest, entries, letters
from .auth import ANYONE
from .errors import install_error_handlers


class ReadableJSONRenderer(JSONRenderer):
    """UTF-8 as it is: "Giải Nhất", not "Gi\\u1ea3i Nh\\u1ea5t", for whoever reads the raw JSON."""

    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="clipcontest API",
    version="1",
    description=(
        "A participating unit's clips and official letters, with the same rules and scoping "
        "as the portal. Every message comes in Vietnamese (`vi`) and English (`en`). "
        "Authenticate with `Authorization: Bearer <token>` (from `clipcontest token create "
        "USERNAME --name NAME`) or with the portal's login session plus the `X-CSRFToken` "
        "header for POST and PUT."
    ),
    # Every operation needs a caller unless it says otherwise; the docs page also reads this to
    # send the CSRF token with the requests it makes from a logged-in browser.
    auth=ANYONE,
    renderer=ReadableJSONRenderer(),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
install_error_handlers(api)
api.add_router("/", contest.router)
api.add_router("/", entries.router)
api.add_router("/", letters.router)
