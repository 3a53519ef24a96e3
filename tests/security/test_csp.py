"""The Content-Security-Policy: our own scripts and styles only, on every page.

A policy without ``'unsafe-inline'`` only holds if no template needs it, so the templates are
read too: no ``<script>`` without ``src``, no ``on*=`` handler, no ``style=`` attribute and no
``<style>`` block in a page (htmx's ``hx-on`` would need ``'unsafe-eval'``, so it is refused too).
"""

from __future__ import annotations

import re
from collections import deque
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client

from clipcontest.accounts.models import Role
from clipcontest.accounts.services import ensure_account
from clipcontest.units.models import Unit

SOURCE = Path(__file__).resolve().parents[2] / "src" / "clipcontest"
TEMPLATES = sorted(SOURCE.glob("**/templates/**/*.html"))
# Not pages: WeasyPrint renders the certificate to PDF, and e-mail clients ignore <link>.
NOT_SERVED = {
    "documents/templates/documents/certificate.html",
    "reminders/templates/reminders/email.html",
}
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
HANDLER = re.compile(r"""\son[a-z]+\s*=\s*["'{]""", re.IGNORECASE)
STYLE = re.compile(r"""\sstyle\s*=\s*["'{]|<style\b""", re.IGNORECASE)
EVAL = re.compile(r"""\shx-on[:-]|\shx-vals\s*=\s*["']js:|\sx-data\b""", re.IGNORECASE)


def relative(path: Path) -> str:
    return str(path.relative_to(SOURCE))


def test_there_are_templates_to_read():
    assert len(TEMPLATES) > 40


@pytest.mark.parametrize("path", TEMPLATES, ids=relative)
def test_no_template_has_an_inline_script_or_an_event_handler(path: Path):
    text = path.read_text(encoding="utf-8")

    assert not INLINE_SCRIPT.findall(text)
    assert not HANDLER.findall(text)
    assert not EVAL.findall(text)


@pytest.mark.parametrize(
    "path", [p for p in TEMPLATES if relative(p) not in NOT_SERVED], ids=relative
)
def test_no_page_template_has_an_inline_style(path: Path):
    assert not STYLE.findall(path.read_text(encoding="utf-8"))


def test_the_policy_allows_nothing_inline_and_nothing_from_elsewhere_but_players():
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    everything = [source for sources in directives.values() for source in sources]

    assert not {"'unsafe-inline'", "'unsafe-eval'", "*", "http:", "https:"} & set(everything)
    assert directives["script-src"] == ["'self'"] and directives["style-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"] and directives["object-src"] == ["'none'"]
    assert all(source.startswith("https://") for source in directives["frame-src"])


# --- a quick crawl: every page reached by following links carries the header ---

MAX_PAGES = 40
SKIP = re.compile(r"^/(static|media|api|admin)/|/logout/|\.(xlsx|csv|docx|pdf|png|svg|zip)$")


def crawl(client: Client, starts: list[str]) -> dict[str, str]:
    """The policy header of each page reachable from ``starts`` by links, one per path.

    One address per path (the first query string met): filters of the same list are the
    same template, and the crawl should reach as many different pages as it can.
    """
    seen: dict[str, str] = {}
    queue = deque(starts)
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft()
        path = urlsplit(url).path
        if path in seen:
            continue
        response = client.get(url)
        seen[path] = response.get("Content-Security-Policy", "")
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for href in re.findall(r'href="([^"#]+)', response.content.decode()):
            parts = urlsplit(href.replace("&amp;", "&"))
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue
            if not SKIP.search(parts.path) and parts.path not in seen:
                queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return seen


@pytest.mark.django_db
def test_every_page_of_a_crawl_sends_the_policy(demo_contest, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    organiser = ensure_account(username="bantochuc", password="x-y-z-2022", role=Role.ORGANISER)
    representative = ensure_account(
        username="donvi.dongvan",
        password="x-y-z-2022",
        role=Role.UNIT_REPRESENTATIVE,
        unit=Unit.objects.get(code="HG-DV"),
    )
    visitor, staff, unit = Client(), Client(), Client()
    staff.force_login(organiser)
    unit.force_login(representative)

    pages = (
        crawl(visitor, ["/", "/en/", "/accounts/login/"])
        | crawl(staff, ["/organiser/", "/accounts/two-factor/", "/en/organiser/"])
        | crawl(unit, ["/unit/", "/unit/letters/"])
    )

    assert len(pages) >= 25, sorted(pages)
    missing = [url for url, header in pages.items() if "script-src 'self'" not in header]
    assert not missing, missing
    assert all("unsafe-inline" not in header for header in pages.values())
