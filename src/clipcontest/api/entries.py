"""A unit's clips: list, read, enter, correct, withdraw, and check a link before entering it.

Each endpoint parses the request, calls one service of ``entries.services`` and renders the
entry with its eligibility, which comes from one ``contest_report`` per request (a fixed number
of queries, however many clips there are).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import IntegrityError
from django.http import HttpRequest
from ninja import P, PathEx, QueryEx, Router, Status

from clipcontest.common.text import Text
from clipcontest.contests.models import Contest
from clipcontest.eligibility.queries import contest_report
from clipcontest.eligibility.rules import EntryFacts, Finding, first_entries_by_video
from clipcontest.entries import services
from clipcontest.entries.models import Entry
from clipcontest.entries.services import AuthorDraft, EntryDraft

from .auth import READERS, UNITS, Caller, caller_of
from .errors import ApiError
from .schemas import (
    ContestParam,
    EntryIn,
    EntryOut,
    ErrorOut,
    LinkCheckOut,
    ProblemsOut,
    UnitParam,
)
from .scope import contest_for, entries_for, entry_for

router = Router(tags=["entries"])

RefParam = PathEx[str, P(description="The clip's reference, e.g. ``HG-DV-3``.")]
UrlParam = QueryEx[str, P(description="The link as the unit would paste it.", max_length=2048)]

READ_RESPONSES = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ProblemsOut}
WRITE_RESPONSES = {**READ_RESPONSES, 409: ErrorOut}

# The eligibility message names the unit that entered the video first; a unit is told only
# that another unit did, as the link check does (other units' clips stay private).
DUPLICATE_ELSEWHERE = Text(
    vi="Video này đã được một đơn vị khác dự thi trước; chỉ bài gửi sớm nhất được tính.",
    en="Another unit entered this video earlier; only the earliest submission counts.",
)
CONFLICT = Text(
    vi="Clip vừa được thay đổi cùng lúc bởi một yêu cầu khác; hãy tải lại và thử lại.",
    en="The clips were changed by another request at the same moment; reload and try again.",
)


class EntryPresenter:
    """Renders entries with their verdicts, judged once for the whole request."""

    def __init__(self, contest: Contest, caller: Caller) -> None:
        report = contest_report(contest)
        self.verdicts = {verdict.entry.ref: verdict for verdict in report.entries}
        self.first_of_video = first_entries_by_video(v.entry for v in report.entries)
        self.viewer_unit = caller.unit.code if caller.unit is not None else None

    def render(self, entry: Entry) -> dict:
        verdict = None if entry.is_withdrawn else self.verdicts.get(entry.ref)
        findings = [] if verdict is None else self._findings(verdict.entry, verdict.findings)
        return {
            "ref": entry.ref,
            "unit": entry.unit.code,
            "title": entry.title,
            "url": entry.url,
            "platform": entry.platform,
            "video_id": entry.video_id,
            "canonical_url": "" if entry.canonical_url.startswith("file:") else entry.canonical_url,
            "genre": entry.genre,
            "theme": entry.theme,
            "authors": [
                {"name": link.person.name, "category": link.person.category}
                for link in entry.author_links.all()
            ],
            "duration_seconds": (
                float(entry.duration_seconds) if entry.duration_seconds is not None else None
            ),
            "duration_source": entry.duration_source,
            "posted_at": entry.posted_at,
            "submitted_at": entry.submitted_at,
            "rights_confirmed": entry.rights_confirmed,
            "group_post_url": entry.group_post_url,
            "withdrawn": entry.is_withdrawn,
            "withdrawn_at": entry.withdrawn_at,
            "has_video_file": bool(entry.video_file),
            "fetch_state": entry.fetch_state,
            "fetch_error": entry.fetch_error,
            "eligible": verdict is not None and verdict.eligible,
            "findings": findings,
        }

    def _findings(self, facts: EntryFacts, findings: Iterable[Finding]) -> list[dict]:
        first = self.first_of_video.get(facts.canonical_url)
        hide_first = (
            self.viewer_unit is not None and first is not None and first.unit != self.viewer_unit
        )
        return [
            {
                "code": finding.code,
                "severity": str(finding.severity),
                "message": (
                    DUPLICATE_ELSEWHERE
                    if hide_first and finding.code == "duplicate_video"
                    else finding.message
                ).as_dict(),
            }
            for finding in findings
        ]


@router.get(
    "/entries",
    auth=READERS,
    response={200: list[EntryOut], **READ_RESPONSES},
    summary="The unit's clips (staff: every unit's, or one unit's with ?unit=CODE)",
)
def list_entries(
    request: HttpRequest, contest: ContestParam = None, unit: UnitParam = None
) -> list[dict]:
    caller = caller_of(request.auth)
    target = contest_for(contest, caller)
    entries = list(entries_for(caller, target, unit=unit))
    presenter = EntryPresenter(target, caller)
    return [presenter.render(entry) for entry in entries]


@router.get(
    "/entries/{ref}",
    auth=READERS,
    response={200: EntryOut, **READ_RESPONSES},
    summary="One clip, with its eligibility",
)
def get_entry(request: HttpRequest, ref: RefParam, contest: ContestParam = None) -> dict:
    caller = caller_of(request.auth)
    target = contest_for(contest, caller)
    entry = entry_for(caller, target, ref)
    return EntryPresenter(target, caller).render(entry)


@router.post(
    "/entries",
    auth=UNITS,
    response={201: EntryOut, **WRITE_RESPONSES},
    summary="Enter a clip (while the contest accepts entries)",
)
def create_entry(request: HttpRequest, payload: EntryIn, contest: ContestParam = None) -> Status:
    caller = caller_of(request.auth)
    target = contest_for(contest, caller)
    try:
        entry = services.submit_entry(
            contest=target, unit=caller.unit, draft=_draft(payload), by=caller.user
        )
    except IntegrityError:
        raise ApiError(409, "conflict", CONFLICT) from None
    return Status(201, _rendered(caller, target, entry.ref))


@router.put(
    "/entries/{ref}",
    auth=UNITS,
    response={200: EntryOut, **WRITE_RESPONSES},
    summary="Replace a clip's details (while the contest accepts entries)",
)
def update_entry(
    request: HttpRequest, ref: RefParam, payload: EntryIn, contest: ContestParam = None
) -> dict:
    caller = caller_of(request.auth)
    target = contest_for(contest, caller)
    entry = entry_for(caller, target, ref)
    try:
        services.update_entry(entry=entry, draft=_draft(payload), by=caller.user)
    except IntegrityError:
        raise ApiError(409, "conflict", CONFLICT) from None
    return _rendered(caller, target, entry.ref)


@router.post(
    "/entries/{ref}/withdraw",
    auth=UNITS,
    response={200: EntryOut, **WRITE_RESPONSES},
    summary="Withdraw a clip (it stays on record but no longer counts)",
)
def withdraw_entry(request: HttpRequest, ref: RefParam, contest: ContestParam = None) -> dict:
    caller = caller_of(request.auth)
    target = contest_for(contest, caller)
    entry = entry_for(caller, target, ref)
    services.withdraw_entry(entry=entry, by=caller.user)
    return _rendered(caller, target, entry.ref)


@router.get(
    "/links/check",
    auth=UNITS,
    response={200: LinkCheckOut, **READ_RESPONSES},
    summary="What the unit would be told about a link before entering it",
)
def check_link(request: HttpRequest, url: UrlParam, contest: ContestParam = None) -> dict:
    caller = caller_of(request.auth)
    target = contest_for(contest, caller)
    checked = services.check_link(target, caller.unit, url)
    link, error = checked.link, checked.error
    return {
        "url": url,
        "valid": link is not None,
        "platform": link.platform.value if link else None,
        "video_id": link.video_id if link else None,
        "canonical_url": link.canonical_url if link else None,
        "error": {"code": error.code, "message": error.message.as_dict()} if error else None,
        "already_entered_as": checked.own_entry.ref if checked.own_entry else None,
        "entered_by_other_units": checked.other_units,
    }


def _draft(payload: EntryIn) -> EntryDraft:
    return EntryDraft(
        title=payload.title,
        url=payload.url,
        genre=payload.genre,
        theme=payload.theme,
        authors=tuple(AuthorDraft(a.name, a.category) for a in payload.authors),
        duration_seconds=payload.duration_seconds,
        rights_confirmed=payload.rights_confirmed,
        group_post_url=payload.group_post_url,
    )


def _rendered(caller: Caller, contest: Contest, ref: str) -> dict:
    """The entry as stored now (the fetch may have been queued on commit meanwhile)."""
    return EntryPresenter(contest, caller).render(entry_for(caller, contest, ref))
