"""The table of who may open which address, read against the URL configuration itself.

Every pattern ``django.urls.get_resolver()`` knows (portal, accounts, API, admin) needs a row
here, or in the unit and organiser tables of ``tests/portal/test_unit_access.py``; a pattern
without one fails ``test_every_url_has_a_row`` with the name to add. Each row has a kind, and
the kind says what each role gets: the page (200), a redirect to log in, 401 (API), 403, 404
(another unit's object: the address does not confirm that it exists) or 405 (wrong method).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from django.urls import URLPattern, URLResolver, get_resolver
from portal.test_unit_access import POST_ONLY, STAFF_URLS, UNIT_URLS

ROLES = ("anonymous", "rep_a", "rep_b", "jury", "secretary", "organiser")


class Kind(StrEnum):
    PUBLIC = "public"  # anyone, logged in or not
    AUTH_PAGE = "auth-page"  # logging in, resetting a password: anyone
    AUTHENTICATED = "authenticated"  # any logged-in account
    UNIT_OWN = "unit-own"  # a unit's representative, on their own unit's objects only
    STAFF = "staff"  # organisers and the secretariat
    JURY = "jury"  # someone with a seat on the jury, on their own assignments only
    API_ANYONE = "api-anyone"  # any caller with a token or a session
    API_READERS = "api-readers"  # a unit (its own objects) or the staff
    API_UNITS = "api-units"  # a unit's representative only, on its own objects
    ADMIN = "admin"  # Django's admin: superuser organisers only


@dataclass(frozen=True)
class Row:
    kind: Kind
    args: frozenset[str] = field(default_factory=frozenset)
    method: str = "get"
    post_only: bool = False
    ok: int = 200  # what an admitted role gets for a correct request


def row(kind: Kind, *args: str, **options) -> Row:
    return Row(kind, frozenset(args), **options)


# Every address outside the unit and organiser tables of ``portal/test_unit_access.py``.
ROWS: dict[str, Row] = {
    "portal:home": row(Kind.PUBLIC),
    "portal:contest": row(Kind.PUBLIC, "slug"),
    "portal:contest-rules": row(Kind.PUBLIC, "slug"),
    # The 2022 rules keep the clips off the public site (``gallery = false``).
    "portal:contest-gallery": row(Kind.PUBLIC, "slug", ok=404),
    "portal:results": row(Kind.PUBLIC),
    "portal:contest-results": row(Kind.PUBLIC, "slug"),
    "portal:verify-lookup": row(Kind.PUBLIC, ok=302),  # no serial typed: back to the results
    "portal:verify": row(Kind.PUBLIC, "serial", ok=404),  # an unknown serial
    "portal:jury-home": row(Kind.JURY),
    "portal:jury-clip": row(Kind.JURY, "pk"),
    "login": row(Kind.AUTH_PAGE),
    "logout": row(Kind.AUTH_PAGE, ok=405),  # logging out is a POST
    "password_change": row(Kind.AUTHENTICATED),
    "password_change_done": row(Kind.AUTHENTICATED),
    "password_reset": row(Kind.AUTH_PAGE),
    "password_reset_done": row(Kind.AUTH_PAGE),
    "password_reset_confirm": row(Kind.AUTH_PAGE, "uidb64", "token"),  # "invalid link"
    "password_reset_complete": row(Kind.AUTH_PAGE),
    "accounts:unit-accounts": row(Kind.STAFF),
    "accounts:accept-invitation": row(Kind.AUTH_PAGE, "uidb64", "token"),
    # Two-factor login: the code step without a pending login sends back to the password.
    "accounts:login-code": row(Kind.AUTH_PAGE, ok=302),
    "accounts:two-factor": row(Kind.AUTHENTICATED),
    "accounts:two-factor-enable": row(Kind.AUTHENTICATED, post_only=True),
    "accounts:two-factor-disable": row(Kind.AUTHENTICATED, post_only=True),
    "accounts:two-factor-reset": row(Kind.STAFF, "pk", post_only=True),
    "api:openapi-json": row(Kind.PUBLIC),
    "api:openapi-view": row(Kind.PUBLIC),
    "api:api-root": row(Kind.PUBLIC, ok=404),  # a JSON "no such address"
    "route:api/": row(Kind.PUBLIC, ok=404),  # any other address under /api/
    "api:get_contest": row(Kind.API_ANYONE),
    "api:list_entries": row(Kind.API_READERS),
    "api:get_entry": row(Kind.API_READERS, "ref"),
    "api:create_entry": row(Kind.API_UNITS, method="post", ok=201),
    "api:update_entry": row(Kind.API_UNITS, "ref", method="put"),
    "api:withdraw_entry": row(Kind.API_UNITS, "ref", method="post"),
    "api:check_link": row(Kind.API_UNITS),
    "api:list_letters": row(Kind.API_READERS),
    "api:get_letter": row(Kind.API_READERS, "letter_id"),
}
# Addresses of unnamed patterns, where filling in the route would not reach them.
UNNAMED = {"route:api/": "/api/no-such-endpoint"}
# What a "pk" names, where it is not unit A's letter.
PK_OF = {
    "portal:jury-clip": "assignment",
    "portal:organiser-committee-edit": "committee_member",
    "portal:organiser-committee-remove": "committee_member",
    "portal:organiser-document-progress": "batch",
    "portal:organiser-document-file": "batch",
    "portal:organiser-jury-remove": "seat",
    "portal:organiser-jury-invite": "seat",
}
# Values of arguments that name no object of unit A.
OTHER_ARGS = {
    "serial": "CC-2022-KHONGCO",
    "uidb64": "MQ",
    "token": "not-a-token",
    "app_label": "units",
    "url": "no-such-page/",
}
OBJECT_ARGS = frozenset({"ref", "pk", "letter_id"})


@dataclass(frozen=True)
class Pattern:
    """One pattern of the URL configuration: its name (or ``route:`` + route), route, args."""

    key: str
    route: str
    args: frozenset[str]


def url_patterns() -> list[Pattern]:
    """Every pattern of the project, includes walked, in the order Django tries them."""
    found: list[Pattern] = []

    def walk(patterns, namespace: tuple[str, ...], prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                inner = (*namespace, pattern.namespace) if pattern.namespace else namespace
                walk(pattern.url_patterns, inner, route)
                continue
            assert isinstance(pattern, URLPattern)
            args = set(pattern.pattern.converters) | set(pattern.pattern.regex.groupindex)
            key = ":".join((*namespace, pattern.name)) if pattern.name else f"route:{route}"
            found.append(Pattern(key, route, frozenset(args)))

    walk(get_resolver().url_patterns, (), "")
    return found


def is_admin(key: str) -> bool:
    return key.startswith(("admin:", "route:admin/"))


def row_of(key: str) -> Row | None:
    """The row of a pattern, from this table or from the portal's unit/organiser tables."""
    if is_admin(key):
        return row(Kind.ADMIN)
    if key in UNIT_URLS:
        return Row(Kind.UNIT_OWN, frozenset(UNIT_URLS[key]), post_only=key in POST_ONLY)
    if key in STAFF_URLS:
        return Row(Kind.STAFF, frozenset(STAFF_URLS[key]), post_only=key in POST_ONLY)
    return ROWS.get(key)


PATTERNS = url_patterns()
# The figure SECURITY.md quotes: every pattern of the configuration, tried by every role.
URLS_X_ROLES = len(PATTERNS) * len(ROLES)


@dataclass(frozen=True)
class Answer:
    """A status code and, for a redirect, where it must lead."""

    status: int
    to: str = ""

    def matches(self, response) -> bool:
        if response.status_code != self.status:
            return False
        return not self.to or response["Location"].startswith(self.to)

    def __str__(self) -> str:
        return f"{self.status} to {self.to}" if self.to else str(self.status)


LOG_IN = Answer(302, "/accounts/login/")
ADMIN_LOG_IN = Answer(302, "/admin/login/")
FORBIDDEN = Answer(403)
NOT_FOUND = Answer(404)
NOT_ALLOWED = Answer(405)
UNAUTHENTICATED = Answer(401)
REFUSALS = frozenset({LOG_IN, ADMIN_LOG_IN, FORBIDDEN, UNAUTHENTICATED})


def is_refusal(the_row: Row, answer: Answer | None) -> bool:
    """The role may not do this: a refusal, or another unit's (juror's) object "not found"."""
    if answer in REFUSALS:
        return True
    return answer == NOT_FOUND and the_row.kind not in (Kind.PUBLIC, Kind.AUTH_PAGE)


def expected(key: str, the_row: Row, role: str) -> Answer:
    """What ``role`` must get from the row's address, named with unit A's objects."""
    admitted = Answer(405) if the_row.post_only else Answer(the_row.ok)
    on_object = bool(the_row.args & OBJECT_ARGS)
    api = the_row.kind in (Kind.API_ANYONE, Kind.API_READERS, Kind.API_UNITS)
    if role == "anonymous" and the_row.kind not in (Kind.PUBLIC, Kind.AUTH_PAGE, Kind.ADMIN):
        return UNAUTHENTICATED if api else LOG_IN
    match the_row.kind:
        case Kind.PUBLIC | Kind.AUTH_PAGE | Kind.AUTHENTICATED | Kind.API_ANYONE:
            return admitted
        case Kind.UNIT_OWN:
            if role not in ("rep_a", "rep_b"):
                return FORBIDDEN
            # Another unit's object is "not found"; a POST-only address answers 405 first.
            theirs = role == "rep_b" and on_object and not the_row.post_only
            return NOT_FOUND if theirs else admitted
        case Kind.STAFF:
            return admitted if role in ("secretary", "organiser") else FORBIDDEN
        case Kind.JURY:
            return admitted if role == "jury" else FORBIDDEN
        case Kind.API_READERS | Kind.API_UNITS:
            allowed = ("rep_a", "rep_b")
            if the_row.kind == Kind.API_READERS:
                allowed += ("secretary", "organiser")
            if role not in allowed:
                return FORBIDDEN
            return NOT_FOUND if role == "rep_b" and on_object else admitted
        case Kind.ADMIN:
            return admin_expected(key, role)
    raise AssertionError(the_row.kind)


def admin_expected(key: str, role: str) -> Answer | None:
    """Only superusers (the organisers) get past the admin's own login; None: not refused."""
    if role == "organiser":
        return None
    if key == "admin:login":
        return Answer(200)
    if key == "admin:logout":
        return Answer(302, "/admin/")
    return ADMIN_LOG_IN


def fill(route: str, values: dict[str, object]) -> str:
    """An unnamed pattern's address: its route with each argument replaced by its value."""
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), route)
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(values[m.group(1)]), path)
    return "/" + path.replace("^", "").replace("$", "")
