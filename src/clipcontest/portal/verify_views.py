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
from clipcontest.common.money import format_vnd


@require_safe
@cache_control(private=True, max_age=0)
def verify_certificate(request: HttpRequest, serial: str) -> HttpResponse:
    """The certificate with this serial (any letter case), valid or voided; 404 if unknown."""
    certificate = certificate_by_serial(serial)
    if certificate is None:
        return render(request, "portal/verify_unknown.html", {"serial": serial}, status=404)
    amount = certificate.amount
    context = {
        "certificate": certificate,
        "contest_name": certificate.contest.name,
        "authors": ", ".join(certificate.authors),
        "amount": format_vnd(amount) if amount else "",
        # In words exactly as printed, frozen when the certificate was issued.
        "amount_in_words": certificate.amount_in_words,
    }
    return render(request, "portal/verify.html", context)
