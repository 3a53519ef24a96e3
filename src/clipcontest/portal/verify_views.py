"""The public verification page of a certificate: the address its QR code encodes.

Anyone holding a certificate (a bank, an employer, a journalist) can check it is genuine and
still valid. The page shows exactly what the certificate prints and nothing more: no score, no
ranking, no judge, no link into the portal. Serials carry a random part, so the page cannot be
walked to list the winners; it is kept out of search engines and out of shared caches, because
a certificate may be voided after a reopen and the page must then say so at once.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from clipcontest.awards.queries import certificate_by_serial
from clipcontest.common.money import ZERO_TENS_WORDS, amount_in_words, format_vnd
from clipcontest.contests.models import Letterhead


@require_safe
@cache_control(private=True, max_age=0)
def verify_certificate(request: HttpRequest, serial: str) -> HttpResponse:
    """The certificate with this serial (any letter case), valid or voided; 404 if unknown."""
    certificate = certificate_by_serial(serial)
    if certificate is None:
        return render(request, "portal/verify_unknown.html", {"serial": serial}, status=404)
    amount = certificate.amount
    # Read, never created: an anonymous visit writes nothing. No letterhead yet means the
    # default a letterhead is created with, so the words match the certificate either way.
    zero_tens = (
        Letterhead.objects.filter(contest_id=certificate.contest_id)
        .values_list("zero_tens", flat=True)
        .first()
    )
    context = {
        "certificate": certificate,
        "contest_name": certificate.contest.name,
        "authors": ", ".join(certificate.authors),
        "amount": format_vnd(amount) if amount else "",
        # In words as printed: the letterhead's choice of "linh" or "lẻ".
        "amount_in_words": (
            amount_in_words(amount, zero_tens=zero_tens or ZERO_TENS_WORDS[0]) if amount else ""
        ),
    }
    return render(request, "portal/verify.html", context)
