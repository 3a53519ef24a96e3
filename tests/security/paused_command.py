"""Run a ``clipcontest`` command with one function made to stop half way, to be killed there.

The fault tests start this in a subprocess, wait for the marker file, and SIGKILL it: a
deterministic "the worker died in the middle of this task". ``PAUSE_AT`` says where:

- ``before:module.name``: stop when ``name`` is called, before it runs;
- ``after:module.name``: let ``name`` run (and its transaction commit), then stop;
- ``call2:module.name``: let the first call run, stop at the second (inside a loop).

``module.name`` is the attribute the code under test looks up, e.g.
``clipcontest.entries.metadata.store_post``. Usage: ``python paused_command.py db_worker --batch``.
"""

from __future__ import annotations

import functools
import importlib
import os
import sys
import time
from pathlib import Path


def _pause(marker: Path) -> None:
    marker.write_text(str(os.getpid()), encoding="utf-8")
    time.sleep(600)  # the test kills us long before this ends
    raise SystemExit("paused_command was not killed")


def install(spec: str, marker: Path) -> None:
    when, _, dotted = spec.partition(":")
    module_name, _, name = dotted.rpartition(".")
    module = importlib.import_module(module_name)
    original = getattr(module, name)
    calls = [0]

    @functools.wraps(original)
    def paused(*args, **kwargs):
        calls[0] += 1
        if when == "before" or (when == "call2" and calls[0] == 2):
            _pause(marker)
        result = original(*args, **kwargs)
        if when == "after":
            _pause(marker)
        return result

    setattr(module, name, paused)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clipcontest.settings")
    import django

    django.setup()
    install(os.environ["PAUSE_AT"], Path(os.environ["PAUSE_MARKER"]))
    from django.core.management import execute_from_command_line

    execute_from_command_line(["clipcontest", *sys.argv[1:]])


if __name__ == "__main__":
    main()
