"""A unit's official letters: drafted in the portal, signed on paper, scanned, received.

The letter lists the unit's clips; only a letter the organisers have marked received counts
for the eligibility engine (``not_in_letter``) and the unit's compliance.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from clipcontest.common.text import Text
from clipcontest.contests.models import Contest
from clipcontest.units.models import Unit

from .models import Entry, OfficialLetter

MAX_SCAN_BYTES = 20 * 1024**2
# What a scan may be: the first bytes of a PDF, JPEG, PNG or TIFF file.
SCAN_SIGNATURES = (b"%PDF-", b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"II*\x00", b"MM\x00*")

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


@transaction.atomic
def draft_letter(
    *, contest: Contest, unit: Unit, draft: LetterDraft, entries: list[Entry]
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
    return letter


def check_scan(upload: UploadedFile) -> None:
    if upload.size > MAX_SCAN_BYTES:
        raise LetterRefused(SCAN_TOO_LARGE)
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not head.startswith(SCAN_SIGNATURES):
        raise LetterRefused(NOT_A_SCAN)


@transaction.atomic
def attach_scan(*, letter: OfficialLetter, upload: UploadedFile) -> OfficialLetter:
    """The signed letter, scanned; a new scan replaces the previous one."""
    check_scan(upload)
    letter.scan = upload
    letter.scan_uploaded_at = timezone.now()
    letter.save(update_fields=["scan", "scan_uploaded_at", "updated_at"])
    return letter


@transaction.atomic
def mark_received(*, letter: OfficialLetter, received_at: datetime | None) -> OfficialLetter:
    """The organisers record when the letter arrived (None: not received after all)."""
    letter.received_at = received_at
    letter.save(update_fields=["received_at", "updated_at"])
    return letter
