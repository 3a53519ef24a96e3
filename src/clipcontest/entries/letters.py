"""A unit's official letters: drafted in the portal, signed on paper, scanned, received.

The letter lists the unit's clips; only a letter the organisers have marked received counts
for the eligibility engine (``not_in_letter``) and the unit's compliance.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from clipcontest.audit.services import record
from clipcontest.common.text import Text
from clipcontest.contests.models import Contest
from clipcontest.units.models import Unit

from .models import Entry, OfficialLetter

MAX_SCAN_BYTES = 20 * 1024**2
# What a scan may be: the first bytes of a PDF, JPEG, PNG or TIFF file, and the extension it is
# stored under (the organisers' browser is told its type from that, never from the unit's name).
SCAN_SUFFIXES = {
    b"%PDF-": ".pdf",
    b"\xff\xd8\xff": ".jpg",
    b"\x89PNG\r\n\x1a\n": ".png",
    b"II*\x00": ".tif",
    b"MM\x00*": ".tif",
}
SCAN_SIGNATURES = tuple(SCAN_SUFFIXES)

NOT_A_SCAN = Text(
    vi="Bản quét phải là tệp PDF hoặc ảnh (JPEG, PNG, TIFF).",
    en="The scan must be a PDF or an image (JPEG, PNG, TIFF).",
)
SCAN_TOO_LARGE = Text(
    vi="Bản quét quá lớn (tối đa 20 MB).", en="The scan is too large (at most 20 MB)."
)
NUMBER_TAKEN = Text(
    vi="Đơn vị đã có công văn số {number}.", en="The unit already has a letter numbered {number}."
)
NO_ENTRIES = Text(
    vi="Công văn cần liệt kê ít nhất một clip.", en="The letter must list at least one clip."
)
FOREIGN_ENTRY = Text(
    vi="Công văn chỉ được liệt kê clip của đơn vị mình.",
    en="A letter can only list the unit's own clips.",
)


class LetterRefused(ValueError):
    def __init__(self, message: Text) -> None:
        self.message = message
        super().__init__(message.en)


@dataclass(frozen=True)
class LetterDraft:
    number: str
    date: date
    place: str
    signer_name: str
    signer_is_deputy: bool = False
    contact_name: str = ""
    contact_phone: str = ""


def letter_facts(letter: OfficialLetter, refs: list[str] | None = None) -> dict[str, Any]:
    """What the audit log keeps of a letter; ``refs`` spares the query when the caller has them."""
    if refs is None:
        refs = sorted(letter.entries.values_list("ref", flat=True))
    return {
        "number": letter.number,
        "date": letter.date,
        "place": letter.place,
        "signer_name": letter.signer_name,
        "clips": sorted(refs),
        "received_at": letter.received_at,
        "scan": letter.scan.name if letter.scan else None,
    }


@transaction.atomic
def draft_letter(
    *, contest: Contest, unit: Unit, draft: LetterDraft, entries: list[Entry], by: Any = None
) -> OfficialLetter:
    """A new letter of the unit listing its clips; it counts once the organisers receive it."""
    if not entries:
        raise LetterRefused(NO_ENTRIES)
    if any(e.unit_id != unit.pk or e.contest_id != contest.pk for e in entries):
        raise LetterRefused(FOREIGN_ENTRY)
    number = " ".join(draft.number.split())
    try:
        with transaction.atomic():
            letter = OfficialLetter.objects.create(
                contest=contest,
                unit=unit,
                number=number,
                date=draft.date,
                place=draft.place.strip(),
                signer_name=draft.signer_name.strip(),
                signer_is_deputy=draft.signer_is_deputy,
                contact_name=draft.contact_name.strip(),
                contact_phone=draft.contact_phone.strip(),
            )
    except IntegrityError:
        raise LetterRefused(NUMBER_TAKEN.format(number=number)) from None
    letter.entries.set(entries)
    after = letter_facts(letter, [entry.ref for entry in entries])
    record(action="letter.drafted", obj=letter, actor=by, contest=contest, after=after)
    return letter


def check_scan(upload: UploadedFile) -> str:
    """The extension to store the scan under, from its first bytes; LetterRefused if none."""
    if upload.size > MAX_SCAN_BYTES:
        raise LetterRefused(SCAN_TOO_LARGE)
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for signature, suffix in SCAN_SUFFIXES.items():
        if head.startswith(signature):
            return suffix
    raise LetterRefused(NOT_A_SCAN)


@transaction.atomic
def attach_scan(*, letter: OfficialLetter, upload: UploadedFile, by: Any = None) -> OfficialLetter:
    """The signed letter, scanned; a new scan replaces the previous one."""
    # "scan.html" starting with "%PDF-" is stored as a PDF: served as HTML, it would run its
    # scripts in the organisers' session.
    upload.name = f"scan{check_scan(upload)}"
    before = {"scan": letter.scan.name if letter.scan else None}
    letter.scan = upload
    letter.scan_uploaded_at = timezone.now()
    letter.save(update_fields=["scan", "scan_uploaded_at", "updated_at"])
    record(
        action="letter.scan_attached",
        obj=letter,
        actor=by,
        contest=letter.contest,
        before=before,
        after={"scan": letter.scan.name},
    )
    return letter


@transaction.atomic
def mark_received(
    *, letter: OfficialLetter, received_at: datetime | None, by: Any = None
) -> OfficialLetter:
    """The organisers record when the letter arrived (None: not received after all)."""
    before = {"received_at": letter.received_at}
    letter.received_at = received_at
    letter.save(update_fields=["received_at", "updated_at"])
    record(
        action="letter.received" if received_at is not None else "letter.unreceived",
        obj=letter,
        actor=by,
        contest=letter.contest,
        before=before,
        after={"received_at": received_at},
    )
    return letter
