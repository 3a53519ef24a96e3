"""Every query the API makes, scoped: to the contest, and for a unit's representative to its unit.

A ref or id that belongs to another unit is looked up inside the caller's unit, so it is simply
not found (404): the API never tells a unit that another unit's clip exists.
"""

from __future__ import annotations

import re

from django.db.models import Prefetch, QuerySet

from clipcontest.contests.models import Contest
from clipcontest.contests.queries import current_contest, portal_contest
from clipcontest.entries.models import Entry, EntryAuthor, OfficialLetter
from clipcontest.entries.services import EntryRefused
from clipcontest.units.models import Unit

from .auth import Caller
from .errors import (
    CONTEST_NOT_FOUND,
    ENTRY_NOT_FOUND,
    LETTER_NOT_FOUND,
    NO_CONTEST,
    UNKNOWN_UNIT,
    ApiError,
)

_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,64}")
_MAX_REF_LENGTH = Entry._meta.get_field("ref").max_length
_MAX_UNIT_CODE_LENGTH = Unit._meta.get_field("code").max_length


def contest_for(slug: str | None, caller: Caller | None = None) -> Contest:
    """The contest named by ``?contest=SLUG``, else the one the caller works in.

    A unit's representative works where the portal does (a practice run while no real contest
    is open); everybody else gets the public contest.
    """
    if slug is None or not slug.strip():
        in_portal = caller is not None and caller.unit is not None
        contest = portal_contest() if in_portal else current_contest()
        if contest is None:
            raise ApiError(404, "no_contest", NO_CONTEST)
        return contest
    slug = slug.strip()
    contest = Contest.objects.filter(slug=slug).first() if _SLUG.fullmatch(slug) else None
    if contest is None:
        raise ApiError(404, "contest_not_found", CONTEST_NOT_FOUND.format(slug=slug[:64]))
    return contest


def _unit_filter(caller: Caller, code: str | None) -> dict[str, object]:
    """The unit condition of a list: always the caller's own unit for a representative.

    A representative who asks for another unit's code gets an empty list, as for any unit
    without clips; the staff get a 422 for a code that does not exist (a typo, most likely).
    """
    wanted = (code or "").strip().upper()
    if caller.unit is not None:
        if wanted and wanted != caller.unit.code:
            return {"pk__in": []}
        return {"unit": caller.unit}
    if not wanted:
        return {}
    if len(wanted) > _MAX_UNIT_CODE_LENGTH or "\x00" in wanted:
        unit = None
    else:
        unit = Unit.objects.filter(code=wanted).first()
    if unit is None:
        raise EntryRefused({"unit": UNKNOWN_UNIT.format(code=wanted[:_MAX_UNIT_CODE_LENGTH])})
    return {"unit": unit}


def entries_for(caller: Caller, contest: Contest, *, unit: str | None = None) -> QuerySet[Entry]:
    """The clips the caller may see in the contest, with what the API shows of them."""
    authors = EntryAuthor.objects.select_related("person").order_by("position", "pk")
    return (
        Entry.objects.filter(contest=contest, **_unit_filter(caller, unit))
        .select_related("unit")
        .prefetch_related(Prefetch("author_links", queryset=authors))
    )


def entry_for(caller: Caller, contest: Contest, ref: str) -> Entry:
    """One clip by its ref; another unit's ref is "not found", exactly like a made-up one."""
    ref = ref.strip()
    entry = None
    if ref and len(ref) <= _MAX_REF_LENGTH and "\x00" not in ref:
        entry = entries_for(caller, contest).filter(ref=ref).first()
    if entry is None:
        raise ApiError(404, "entry_not_found", ENTRY_NOT_FOUND.format(ref=ref[:_MAX_REF_LENGTH]))
    return entry


def letters_for(
    caller: Caller, contest: Contest, *, unit: str | None = None
) -> QuerySet[OfficialLetter]:
    refs = Entry.objects.only("pk", "ref").order_by("ref")
    return (
        OfficialLetter.objects.filter(contest=contest, **_unit_filter(caller, unit))
        .select_related("unit")
        .prefetch_related(Prefetch("entries", queryset=refs))
    )


def letter_for(caller: Caller, contest: Contest, letter_id: int) -> OfficialLetter:
    letter = letters_for(caller, contest).filter(pk=letter_id).first()
    if letter is None:
        raise ApiError(404, "letter_not_found", LETTER_NOT_FOUND.format(id=letter_id))
    return letter
