"""What a web worker loads before its first request: the heavy libraries (spreadsheets, Word,
PDF, images, ICU) wait for the request that needs them, so every worker does not carry them:
50 MB of each worker's memory (openpyxl alone pulls in numpy), ``make bench``'s memory row."""

from __future__ import annotations

import json
import os
import subprocess
import sys

LOADED_ON_DEMAND = (
    "openpyxl",
    "numpy",
    "weasyprint",
    "ortools",
    "yt_dlp",
    "av",
    "icu",
    "PIL",
    "docx",
    "lxml",
)


def test_loading_every_url_imports_no_spreadsheet_pdf_or_video_library():
    script = (
        "import json, sys, django\n"
        "django.setup()\n"
        "from django.urls import get_resolver\n"
        "get_resolver().url_patterns\n"
        "print(json.dumps(sorted({name.split('.')[0] for name in sys.modules})))\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "clipcontest.settings"}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True
    )
    loaded = set(json.loads(done.stdout.strip().splitlines()[-1]))

    assert "clipcontest" in loaded  # the URLconf really was loaded
    assert loaded.isdisjoint(LOADED_ON_DEMAND), sorted(loaded & set(LOADED_ON_DEMAND))
