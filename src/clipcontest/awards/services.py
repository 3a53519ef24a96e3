"""Issuing certificates from the finalised results: the one way a certificate comes to exist.

Money and certificates follow finalised results only. Issuing is idempotent (a task that runs
twice, or an organiser who clicks twice, changes nothing the second time) and never deletes:
after a reopen moves a prize, the next issue voids the certificate that no longer holds, with
the reason, and issues a new one under the next number.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from clipcontest.audit.services import record
from clipcontest.common.money import amount_in_words
from clipcontest.common.text import Text
from clipcontest.contests.models import Contest
from clipcontest.contests.queries import letterhead_of
from clipcontest.entries.models import Entry
from clipcontest.judging.services import lock_contest

from .models import Certificate
from .queries import Winner, winners
from .results import contest_results

NOT_FINALISED = Text(
    vi="Kết quả chưa được chốt: chỉ lập giấy chứng nhận và danh sách chi trả từ kết quả đã chốt.",
    en="The results are not finalised: certificates and payouts come from finalised results only.",
)
PRIZE_MOVED = Text(
    vi="Kết quả đã thay đổi sau khi mở lại: clip không còn giữ giải này.",
    en="The results changed after a reopen: the clip no longer holds this prize.",
)
# Unambiguous when read aloud or typed from paper: no 0/O, 1/I/L.
_SERIAL_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


class AwardsRefused(ValueError):
    """An awards step the rules do not allow now; ``message`` says why in both languages."""

    def __init__(self, message: Text) -> None:
        self.message = message
        super().__init__(message.en)


@dataclass(frozen=True)
class Issued:
    """What one run of :func:`issue_certificates` did."""

    certificates: list[Certificate]
    created: int
    voided: int


@transaction.atomic
def issue_certificates(*, contest: Contest, by: Any = None) -> Issued:
    """Make sure every prize of the finalised results has exactly one valid certificate.

    Returns the valid certificates in number order. Refuses unless the results are finalised.
    """
    lock_contest(contest)
    results = contest_results(contest)
    if not results.finalised:
        raise AwardsRefused(NOT_FINALISED)
    wanted = {winner.ref: winner for winner in winners(results) if winner.certificate}
    valid = {
        certificate.entry.ref: certificate
        for certificate in Certificate.objects.filter(
            contest=contest, voided_at__isnull=True
        ).select_related("entry")
    }
    voided = 0
    for ref, certificate in valid.items():
        winner = wanted.get(ref)
        if winner is None or not _still_holds(certificate, winner):
            _void(certificate, by=by, reason=PRIZE_MOVED.vi)
            voided += 1
    entries = dict(
        Entry.objects.filter(contest=contest, ref__in=list(wanted)).values_list("ref", "pk")
    )
    number = Certificate.objects.filter(contest=contest).aggregate(n=Max("number"))["n"] or 0
    created = 0
    today = timezone.localdate()
    zero_tens = letterhead_of(contest).zero_tens
    for ref, winner in wanted.items():
        current = valid.get(ref)
        if current is not None and current.voided_at is None:
            continue
        number += 1
        certificate = Certificate.objects.create(
            contest=contest,
            entry_id=entries[ref],
            number=number,
            serial=_serial(contest, number),
            rank=winner.rank,
            tier_key=winner.tier_key,
            tier_name=winner.tier_name,
            tier_name_en=winner.tier_name_en,
            amount=winner.amount,
            amount_in_words=(
                amount_in_words(winner.amount, zero_tens=zero_tens) if winner.amount else ""
            ),
            title=winner.title,
            unit_name=winner.unit_name,
            authors=list(winner.authors),
            issued_on=today,
        )
        record(
            action="certificate.issue",
            obj=certificate,
            actor=by,
            contest=contest,
            after={"serial": certificate.serial, "ref": ref, "prize": winner.tier_key},
        )
        created += 1
    certificates = list(
        Certificate.objects.filter(contest=contest, voided_at__isnull=True).order_by("number")
    )
    return Issued(certificates=certificates, created=created, voided=voided)


def _still_holds(certificate: Certificate, winner: Winner) -> bool:
    """A move within the same tier keeps the certificate: it prints the prize, not the rank."""
    return (certificate.tier_key, certificate.amount) == (winner.tier_key, winner.amount)


def _void(certificate: Certificate, *, by: Any, reason: str) -> None:
    certificate.voided_at = timezone.now()
    certificate.void_reason = reason
    certificate.save(update_fields=["voided_at", "void_reason"])
    record(
        action="certificate.void",
        obj=certificate,
        actor=by,
        contest=certificate.contest,
        before={"serial": certificate.serial, "valid": True},
        after={"valid": False},
        reason=reason,
    )


def _serial(contest: Contest, number: int) -> str:
    """``SC35-2022-007-K3QXZ``: the contest, the printed number, and 5 random characters."""
    tail = "".join(secrets.choice(_SERIAL_ALPHABET) for _ in range(5))
    return f"{contest.slug.upper()}-{number:03d}-{tail}"
