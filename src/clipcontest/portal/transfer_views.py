"""The organisers' exports and imports: clips, units and compliance as XLSX or CSV; units and
clips files imported back after a preview of what they change.

An import takes two requests. The upload is checked whole and shown as a preview (what will be
created, what will be updated field by field, what is already as stored, or every problem by
row); the file is kept on the server, in a private folder under the data directory, named by a
random token that only the organiser's session knows, never by anything the browser sends
back. The confirmation carries the digest of the plan the organiser saw; the file is imported
only if planning it again gives that same plan (``ImportStale`` otherwise: the new preview is
shown), then deleted.
"""

from __future__ import annotations

import os
import re
import secrets
import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from clipcontest.accounts.permissions import staff_required
from clipcontest.common.tabular import ImportFailed, Problem
from clipcontest.common.text import Text
from clipcontest.common.transfer import ImportStale, Plan, Sheet
from clipcontest.contests.models import Contest
from clipcontest.eligibility.exports import compliance_sheets
from clipcontest.entries import import_plan
from clipcontest.entries.exports import entries_sheet
from clipcontest.entries.imports import plan_entries
from clipcontest.units import imports as unit_imports
from clipcontest.units.exports import units_sheet

from .organiser_views import back_to, organiser_contest

# What can be exported: the sheets, and the file's name after the contest's slug.
EXPORTS: dict[str, tuple[Callable[[Contest], list[Sheet]], str]] = {
    "clips": (lambda contest: [entries_sheet(contest)], "clip"),
    "units": (lambda contest: [units_sheet()], "don-vi"),
    "compliance": (lambda contest: list(compliance_sheets(contest)), "tinh-hop-le"),
}
FORMATS = ("xlsx", "csv")
IMPORTS = ("units", "clips")
# A spreadsheet of 10,000 clips is about 1 MB; anything far larger is not one of ours.
MAX_IMPORT_BYTES = getattr(settings, "CLIPCONTEST_MAX_IMPORT_BYTES", 5 * 1024 * 1024)
PREVIEW_ROWS = 500  # rows listed per kind of change; the counts are always complete
SESSION_KEY = "clipcontest_pending_import"
KEPT_FOR_SECONDS = 24 * 3600
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{43}$")


@staff_required
def organiser_exports(request: HttpRequest) -> HttpResponse:
    contest = organiser_contest(request)
    context = {
        "contest": contest,
        "contests": Contest.objects.order_by("-opens_on"),
        "exports": [
            ("clips", pgettext("export", "Clips"), _("Every clip, withdrawn ones included.")),
            ("units", pgettext("export", "Units"), _("Every participating unit.")),
            (
                "compliance",
                pgettext("export", "Compliance"),
                _("Each unit against the minimum and the letter, and each clip's findings."),
            ),
        ],
        "max_bytes": MAX_IMPORT_BYTES,
    }
    return render(request, "portal/organiser/transfer.html", context)


@staff_required
def organiser_export(request: HttpRequest, what: str, ext: str) -> HttpResponse:
    """One export as a download; ``what`` is a key of :data:`EXPORTS`, ``ext`` of FORMATS."""
    if what not in EXPORTS or ext not in FORMATS:
        raise Http404
    contest = organiser_contest(request)
    sheets, name = EXPORTS[what]
    # Imported here: openpyxl (and numpy, which it loads) would add 30 MB to every web worker.
    from clipcontest.documents.tables import CSV_TYPE, XLSX_TYPE, sheets_csv, sheets_xlsx

    write, content_type = {"xlsx": (sheets_xlsx, XLSX_TYPE), "csv": (sheets_csv, CSV_TYPE)}[ext]
    response = HttpResponse(write(sheets(contest)), content_type=content_type)
    day = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="{contest.slug}-{name}-{day}.{ext}"'
    response["Cache-Control"] = "private, no-store"
    return response


@staff_required
@require_POST
def organiser_import(request: HttpRequest) -> HttpResponse:
    """Check an uploaded file and show what importing it would change; nothing is stored."""
    contest = organiser_contest(request)
    what = request.POST.get("what", "")
    upload = request.FILES.get("file")
    if what not in IMPORTS:
        raise Http404
    if upload is None:
        messages.error(request, _("Choose a CSV or Excel (.xlsx) file to import."))
        return redirect(back_to("portal:organiser-exports", contest) + "#import")
    if upload.size > MAX_IMPORT_BYTES:
        messages.error(
            request,
            _("The file is larger than %(limit)s, so it was not read. Import it in parts.")
            % {"limit": filesizeformat(MAX_IMPORT_BYTES)},
        )
        return redirect(back_to("portal:organiser-exports", contest) + "#import")
    _discard_pending(request)
    content, filename = upload.read(), Path(upload.name or "").name[:200]
    try:
        plan = _plan(what, content, filename, contest)
    except ImportFailed as failed:
        return _preview(request, contest, what, filename, problems=failed.problems)
    if not plan.nothing_to_change:
        request.session[SESSION_KEY] = {
            "token": _keep(content),
            "what": what,
            "filename": filename,
            "contest": contest.pk,
        }
    return _preview(request, contest, what, filename, plan=plan)


@staff_required
@require_POST
def organiser_import_apply(request: HttpRequest) -> HttpResponse:
    """Import the previewed file, if what it changes is still what the preview showed."""
    contest = organiser_contest(request)
    pending = request.session.get(SESSION_KEY)
    content = _kept(pending["token"]) if pending else None
    if content is None or pending["contest"] != contest.pk:
        messages.error(request, _("There is no previewed file to import: upload it again."))
        return redirect(back_to("portal:organiser-exports", contest) + "#import")
    what, filename = pending["what"], pending["filename"]
    try:
        plan = _plan(what, content, filename, contest)
        apply = unit_imports.apply if what == "units" else import_plan.apply
        # The digest of the preview the organiser saw: not this plan if another tab uploaded a
        # file since, or if the stored rows changed.
        result = apply(plan, request.user, previewed=request.POST.get("digest", ""))
    except ImportStale:
        # Show what the kept file would change now, and let the organiser confirm that instead.
        return _preview(request, contest, what, filename, plan=plan, stale=True)
    except ImportFailed as failed:
        _discard_pending(request)
        return _preview(request, contest, what, filename, problems=failed.problems)
    _discard_pending(request)
    messages.success(
        request,
        _("%(file)s is imported: %(created)s created, %(updated)s updated.")
        % {"file": filename, "created": result.created, "updated": result.updated},
    )
    return redirect(back_to("portal:organiser-exports", contest))


def _plan(what: str, content: bytes, filename: str, contest: Contest) -> Plan:
    if what == "units":
        return unit_imports.plan_units(content, filename)
    return plan_entries(content, filename, contest)


def _preview(
    request: HttpRequest,
    contest: Contest,
    what: str,
    filename: str,
    *,
    plan: Plan | None = None,
    problems: list[Problem] | None = None,
    stale: bool = False,
) -> HttpResponse:
    labels = unit_imports.LABELS if what == "units" else import_plan.LABELS
    context = {
        "contest": contest,
        "what": what,
        "filename": filename,
        "plan": plan,
        "creates": plan.creates[:PREVIEW_ROWS] if plan else (),
        "updates": plan.updates[:PREVIEW_ROWS] if plan else (),
        "limit": PREVIEW_ROWS,
        "stale": stale,
        "problems": [
            {"row": p.row, "column": _label(labels, p.column), "message": str(p.message)}
            for p in problems or ()
        ],
    }
    return render(request, "portal/organiser/transfer_preview.html", context)


def _label(labels: dict[str, Text], column: str | None) -> str:
    if column is None:
        return ""
    return str(labels[column]) if column in labels else column


# --- the previewed file, kept on the server between the two requests -------------------------


def _folder() -> Path:
    folder = Path(settings.DATA_DIR) / "imports"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def _keep(content: bytes) -> str:
    """Store ``content`` under a new random token; files left by abandoned previews go."""
    folder = _folder()
    _sweep(folder)
    token = secrets.token_urlsafe(32)
    descriptor = os.open(folder / token, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(content)
    return token


def _kept(token: str) -> bytes | None:
    if not _TOKEN.match(token):
        return None
    try:
        return (_folder() / token).read_bytes()
    except FileNotFoundError:
        return None


def _discard_pending(request: HttpRequest) -> None:
    pending = request.session.pop(SESSION_KEY, None)
    if pending and _TOKEN.match(pending.get("token", "")):
        (_folder() / pending["token"]).unlink(missing_ok=True)


def _sweep(folder: Path) -> None:
    oldest = time.time() - KEPT_FOR_SECONDS
    for path in folder.iterdir():
        try:
            if path.stat().st_mtime < oldest:
                path.unlink(missing_ok=True)
        except OSError:
            continue
