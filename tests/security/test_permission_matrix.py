"""Every address of the project × every role, with the answer the table in ``matrix.py`` expects.

Each address is opened by anonymous, unit A's and unit B's representatives, a jury member, the
secretariat and an organiser, naming unit A's objects. Unit B must never get A's object (404),
a jury member never another juror's assignment (404); a refused request is also tried as a
POST, and the database must be exactly as before. API rows are tried again with each role's
token instead of its session.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from portal.test_unit_access import FIXED_ARGS

from clipcontest.entries.models import Entry, OfficialLetter

from .conftest import A_LETTER_NUMBER, A_TITLE, World
from .matrix import (
    ADMIN_LOG_IN,
    OBJECT_ARGS,
    OTHER_ARGS,
    PATTERNS,
    PK_OF,
    ROLES,
    ROWS,
    UNNAMED,
    URLS_X_ROLES,
    Answer,
    Kind,
    Pattern,
    Row,
    expected,
    fill,
    is_admin,
    is_refusal,
    row_of,
)

pytestmark = pytest.mark.django_db

FIGURES = Path(__file__).resolve().parents[2] / "var" / "test-output" / "security-figures.json"
# Queries some API addresses need to be a correct request.
QUERIES = {"api:check_link": "?url=https://youtu.be/dQw4w9WgXcQ"}
# Everything a form of the portal might read: a refused POST must store none of it.
HOSTILE_FORM = {
    "title": "hijacked",
    "rights_confirmed": "on",
    "url": "https://youtu.be/dQw4w9WgXcQ",
    "genre": "comedy",
    "theme": "refute_false_information",
    "received_at": "2022-06-10T09:00",
    "reason": "hijacked",
    "seconds": "120",
    "posted_at": "2022-05-01",
    "ground": "other",
    "code": "duplicate_video",
    "full_name": "Kẻ Lạ",
    "role": "member",
    "committee": "organising",
    "kind": "certificates",
    "number": "1-CV",
    "date": "2022-06-01",
    "place": "Đồng Văn",
    "signer_name": "Kẻ Lạ",
    "points-content": "10",
    "submit": "1",
    "comment": "hijacked",
    "units": ["HG-DV", "HG-MV"],
}


def a_clip(title: str = "Tin giả về giá điện", video: str = "dQw4w9WgXcQ") -> dict:
    return {
        "title": title,
        "url": f"https://youtu.be/{video}",
        "genre": "comedy",
        "theme": "refute_false_information",
        "authors": [{"name": "Nguyễn Thị Lan"}],
        "rights_confirmed": True,
    }


def database_state() -> dict[str, object]:
    """Row counts of every model of ours and Django's accounts, and unit A's objects as stored."""
    counted = [m for m in apps.get_models() if m.__module__.startswith("clipcontest.")]
    counted.append(get_user_model())
    state: dict[str, object] = {m._meta.label: m.objects.count() for m in counted}
    state["entries"] = list(Entry.objects.order_by("pk").values())
    state["letters"] = list(OfficialLetter.objects.order_by("pk").values())
    return state


def object_args(world: World) -> dict[str, object]:
    return {
        "ref": world.entry.ref,
        "pk": world.letter.pk,
        "letter_id": world.letter.pk,
        "assignment": world.assignment.pk,
        "slug": world.contest.slug,
        "committee_member": world.committee_member_pk,
        "batch": world.batch_pk,
        "seat": world.seat.pk,
        **FIXED_ARGS,
        **OTHER_ARGS,
    }


def admin_args(key: str, world: World) -> dict[str, object]:
    """A stored object of the admin page's model, so an organiser opens a real change form."""
    values: dict[str, object] = {"id": world.seat.user_id, "app_label": "units"}
    unit = world.entry.unit
    values["content_type_id"] = ContentType.objects.get_for_model(unit).pk
    values["object_id"] = unit.pk
    for model in admin.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}_"
        route = f"route:admin/{model._meta.app_label}/{model._meta.model_name}/"
        if key.startswith((prefix, route)):
            first = model.objects.order_by("pk").first()
            values["object_id"] = values["pk"] = first.pk if first is not None else 999_999
    return values


def address(pattern: Pattern, the_row: Row, values: dict[str, object]) -> str:
    values = dict(values)
    if pattern.key in PK_OF:
        values["pk"] = values[PK_OF[pattern.key]]
    needs = the_row.args if the_row.kind != Kind.ADMIN else pattern.args
    assert needs == pattern.args, f"{pattern.key}: the row names {sorted(needs)}"
    if pattern.key in UNNAMED:
        return UNNAMED[pattern.key]
    if not pattern.key.startswith("route:"):
        kwargs = {name: values[name] for name in pattern.args} or None
        return reverse(pattern.key, kwargs=kwargs) + QUERIES.get(pattern.key, "")
    return fill(pattern.key.removeprefix("route:"), values)


def send(client: Client, method: str, url: str, *, api: bool, **headers):
    if api and method != "get":
        body = json.dumps(a_clip("Sửa lại", "Zx9Yw8Vu7Ts"))
        return getattr(client, method)(url, body, "application/json", **headers)
    if method == "get":
        return client.get(url, **headers)
    return client.post(url, HOSTILE_FORM, **headers)


class Mismatches(list):
    def check(self, what: str, answer: Answer | None, response) -> None:
        if answer is not None and not answer.matches(response):
            where = response.get("Location", "")
            self.append(f"{what}: expected {answer}, got {response.status_code} {where}")


@pytest.mark.parametrize("pattern", PATTERNS, ids=lambda p: p.key)
def test_every_role_gets_the_expected_answer(pattern: Pattern, world, clients, tokens):
    the_row = row_of(pattern.key)
    if the_row is None:
        pytest.fail(f"{pattern.key} has no row: add it to ROWS in tests/security/matrix.py")
    api = the_row.kind in (Kind.API_ANYONE, Kind.API_READERS, Kind.API_UNITS)
    values = object_args(world) | (admin_args(pattern.key, world) if is_admin(pattern.key) else {})
    url = address(pattern, the_row, values)
    found = Mismatches()
    # The owner goes last: an admitted write (a withdrawal) must not change what others try.
    for role in sorted(ROLES, key=lambda r: r == "rep_a"):
        answer = expected(pattern.key, the_row, role)
        ways = [(clients[role], {})]
        if api and role != "anonymous":
            ways.append((Client(), {"HTTP_AUTHORIZATION": f"Bearer {tokens[role]}"}))
            if the_row.method != "get" and not is_refusal(the_row, answer):
                del ways[0]  # an admitted write is sent once, the way API clients send it
        for client, headers in ways:
            how = f"{role}{' (token)' if headers else ''} {the_row.method.upper()} {url}"
            refused = is_refusal(the_row, answer)
            before = database_state() if refused else None
            response = send(client, the_row.method, url, api=api, **headers)
            found.check(how, answer, response)
            if answer is None:  # an organiser in the admin: anything but a refusal or an error
                if response.status_code >= 500 or ADMIN_LOG_IN.matches(response):
                    found.append(f"{how}: got {response.status_code}")
                continue
            if role == "rep_b" and response.status_code == 200:
                body = response.content.decode(errors="replace")
                for secret in (A_TITLE, world.entry.ref, A_LETTER_NUMBER):
                    if secret in body:
                        found.append(f"{how}: shows unit A's {secret!r}")
            if refused and not api and the_row.method == "get":
                again = client.post(url, HOSTILE_FORM, **headers)
                found.check(f"{how} as POST", answer, again)
            if refused and before != database_state():
                found.append(f"{how}: the database changed")
    assert not found, "\n".join(found)


def test_every_url_has_a_row():
    missing = [p.key for p in PATTERNS if row_of(p.key) is None]
    assert not missing, (
        "Add a row for each new address to ROWS in tests/security/matrix.py (or, for unit and "
        f"organiser pages, to the tables of tests/portal/test_unit_access.py): {missing}"
    )


def test_no_row_names_an_address_that_is_gone():
    keys = {p.key for p in PATTERNS}
    stale = (set(ROWS) | set(PK_OF) | set(UNNAMED)) - keys
    assert not stale, f"Remove these rows of tests/security/matrix.py: {sorted(stale)}"


def test_a_jury_member_finds_no_other_jurors_clip(world, clients):
    url = reverse("portal:jury-clip", kwargs={"pk": world.other_assignment.pk})
    before = database_state()

    assert clients["jury"].get(url).status_code == 404
    assert clients["jury"].post(url, {"points-content": "10", "submit": "1"}).status_code == 404
    assert database_state() == before


def test_another_units_token_finds_nothing_by_id_or_ref(world, tokens):
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {tokens['rep_b']}"}
    client = Client()
    before = database_state()
    ref, letter = world.entry.ref, world.letter.pk

    for url in (f"/api/entries/{ref}", f"/api/letters/{letter}"):
        assert client.get(url, **bearer).status_code == 404
    assert client.post(f"/api/entries/{ref}/withdraw", **bearer).status_code == 404
    body = json.dumps(a_clip("hijacked"))
    response = client.put(f"/api/entries/{ref}", body, "application/json", **bearer)
    assert response.status_code == 404
    listed = client.get("/api/entries?unit=HG-MV", **bearer).json()
    assert listed == []
    assert client.get("/api/letters?unit=HG-MV", **bearer).json() == []
    assert database_state() == before


def test_figures_for_security_md():
    """The counts SECURITY.md quotes, merged into what the other security tests wrote."""
    rows = [row_of(p.key) for p in PATTERNS]
    figures = {
        "urls": len(PATTERNS),
        "roles": len(ROLES),
        "urls_x_roles": URLS_X_ROLES,
        "object_urls": sum(1 for r in rows if r and r.args & OBJECT_ARGS),
        "post_only_urls": sum(1 for r in rows if r and r.post_only),
        "api_urls": sum(1 for p in PATTERNS if p.key.startswith(("api:", "route:api/"))),
        "admin_urls": sum(1 for p in PATTERNS if is_admin(p.key)),
    }
    FIGURES.parent.mkdir(parents=True, exist_ok=True)
    stored = json.loads(FIGURES.read_text()) if FIGURES.exists() else {}
    FIGURES.write_text(json.dumps(stored | figures, indent=2, sort_keys=True) + "\n")
    print(f"\nURL patterns × roles checked: {URLS_X_ROLES} ({figures})")
    assert all(rows), "every pattern has a row (see test_every_url_has_a_row)"
