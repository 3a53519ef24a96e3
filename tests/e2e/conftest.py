"""Browser tests: Playwright driving Debian's Chromium against Django's live server."""

from __future__ import annotations

import os

import pytest

# Playwright runs its own event loop in the test thread; the ORM calls in these tests are
# synchronous and safe there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium: Playwright's own browser download does not work offline."""
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def demo_site(transactional_db, live_server):
    """The demo contest, units, clips, letters and accounts behind a live server."""
    from django.core.management import call_command

    call_command("demo", stdout=open(os.devnull, "w"))  # noqa: SIM115 - closed at exit
    return live_server
