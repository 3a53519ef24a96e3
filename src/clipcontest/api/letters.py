"""A unit's official letters (công văn): what each lists and whether it has arrived in time."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import P, PathEx, Router

from clipcontest.eligibility.queries import contest_facts
from clipcontest.eligibility.rules import ContestFacts, LetterFacts, LetterStatus, letter_status
from clipcontest.entries.models import OfficialLetter

from .auth import READERS, caller_of
from .schemas import ContestParam, ErrorOut, LetterOut, ProblemsOut, UnitParam
from .scope import contest_for, letter_for, letters_for

router = Router(tags=["letters"])

# Ids are database keys: anything above a 64-bit integer is refused before it reaches a query.
LetterIdParam = PathEx[int, P(description="The letter's id.", ge=1, le=2**63 - 1)]

RESPONSES = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ProblemsOut}
# One letter not received yet is not "missing" (the unit's verdict): it is on its way.
STATUS_NAMES = {
    LetterStatus.RECEIVED: "received",
    LetterStatus.LATE: "late",
    LetterStatus.MISSING: "not_received",
}


@router.get(
    "/letters",
    auth=READERS,
    response={200: list[LetterOut], **RESPONSES},
    summary="The unit's official letters (staff: every unit's, or one unit's with ?unit=CODE)",
)
def list_letters(
    request: HttpRequest, contest: ContestParam = None, unit: UnitParam = None
) -> list[dict]:
    caller = caller_of(request.auth)
    target = contest_for(contest, caller)
    facts = contest_facts(target)
    return [_render(letter, facts) for letter in letters_for(caller, target, unit=unit)]


@router.get(
    "/letters/{letter_id}",
    auth=READERS,
    response={200: LetterOut, **RESPONSES},
    summary="One official letter",
)
def get_letter(
    request: HttpRequest, letter_id: LetterIdParam, contest: ContestParam = None
) -> dict:
    caller = caller_of(request.auth)
    target = contest_for(contest, caller)
    letter = letter_for(caller, target, letter_id)
    return _render(letter, contest_facts(target))


def _render(letter: OfficialLetter, contest: ContestFacts) -> dict:
    refs = [entry.ref for entry in letter.entries.all()]
    facts = LetterFacts(
        unit=letter.unit.code,
        number=letter.number,
        received_at=letter.received_at,
        entry_refs=frozenset(refs),
    )
    return {
        "id": letter.pk,
        "unit": letter.unit.code,
        "number": letter.number,
        "date": letter.date,
        "received_at": letter.received_at,
        "status": STATUS_NAMES[letter_status([facts], contest)],
        "entries": refs,
        "has_scan": bool(letter.scan),
        "scan_uploaded_at": letter.scan_uploaded_at,
    }
