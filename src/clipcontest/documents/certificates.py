"""The prize certificates (giấy chứng nhận): one A4 landscape PDF per prize, made with WeasyPrint.

A certificate prints the facts kept on its ``Certificate`` row (so a later rename does not
change a reprint), the contest's letterhead and signature, and a QR code of its public
verification page. It is always in Vietnamese, whatever the language of the page that asked.

The layout is a Django template, ``documents/certificate.html``, with its CSS in
``documents/certificate.css``; organisers who want their own design put a template of the same
name in a folder listed in ``TEMPLATES[0]["DIRS"]`` (or in an app listed before
``clipcontest.documents``) and Django's loaders pick it up. Either template may be overridden
alone.

Rendering never touches the network: the fonts are the vendored Be Vietnam Pro files (found
through the static files finders, given to WeasyPrint as ``file://`` URLs) and Debian's
Liberation Serif, the QR code is a ``data:`` URI, and the URL fetcher refuses every other
scheme, so an overriding template cannot make the server fetch anything.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import segno
import weasyprint
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from weasyprint.urls import URLFetcher

from clipcontest.awards.models import Certificate
from clipcontest.awards.queries import valid_certificates
from clipcontest.common.money import amount_in_words, format_vnd
from clipcontest.common.text import ascii_slug
from clipcontest.contests.models import Contest, Letterhead
from clipcontest.contests.queries import letterhead_of

from .party import vietnamese_date_line

TEMPLATE = "documents/certificate.html"
ZIP_NAME = "certificates.zip"
FONT_DIR = "clipcontest/vendor/fonts/be-vietnam-pro"
# The vendored font comes in three subsets, as Google Fonts cuts it. Each subset gets a family
# of its own ("Be Vietnam Pro Vietnamese"), listed in turn where the CSS uses the font: under
# one family name WeasyPrint 70 embeds the three files of a weight as one PDF font (it keys them
# by family and weight), which prints "GIẤY" as "GIÆY".
FONT_SUBSETS = {
    "vietnamese": (
        "U+0102-0103,U+0110-0111,U+0128-0129,U+0168-0169,U+01A0-01A1,U+01AF-01B0,"
        "U+0300-0301,U+0303-0304,U+0308-0309,U+0323,U+0329,U+1EA0-1EF9,U+20AB"
    ),
    "latin-ext": (
        "U+0100-02BA,U+02BD-02C5,U+02C7-02CC,U+02CE-02D7,U+02DD-02FF,U+0304,U+0308,U+0329,"
        "U+1D00-1DBF,U+1E00-1E9F,U+1EF2-1EFF,U+2020,U+20A0-20AB,U+20AD-20C0,U+2113,"
        "U+2C60-2C7F,U+A720-A7FF"
    ),
    "latin": (
        "U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,"
        "U+0329,U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD"
    ),
}
FONT_WEIGHTS = (400, 600, 700)
# Past these lengths the text takes the smaller type, so a certificate stays on one page.
LONG_TITLE = 90
LONG_AUTHORS = 100
LONG_CONTEST_NAME = 170
# A finished PDF's name: "01-giai-nhat-HG-MV-2.pdf".
_PDF_NAME = re.compile(r"^\d{2,}-[a-z0-9-]+-[A-Za-z0-9-]+\.pdf$")

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class FontFace:
    """One ``@font-face`` rule of the certificate's CSS."""

    family: str
    weight: int
    url: str
    unicode_range: str


def verification_url(certificate: Certificate, base_url: str) -> str:
    """The public page that confirms the certificate, as its QR code encodes and it prints.

    Always the Vietnamese address (no language prefix): the page offers the English version.
    ``base_url`` is the site's public address, ``https://...`` with no path after the host.
    """
    if not re.match(r"^https?://[^/\s]+", base_url):
        raise ValueError(f"base_url must be an http(s) address, not {base_url!r}")
    with translation.override("vi"):
        path = reverse("portal:verify", args=[certificate.serial])
    return base_url.rstrip("/") + path


def certificate_pdf(certificate: Certificate, *, base_url: str) -> bytes:
    """The certificate as a one-page A4 landscape PDF.

    Raises ValueError for a voided certificate: one that no longer holds is never printed
    again. The template is ``documents/certificate.html`` (CSS in ``documents/certificate.css``)
    and organisers may override either with Django's template loaders (see the module's
    docstring); ``base_url`` is the site's public address, for the QR code.
    """
    return _render(certificate, letterhead_of(certificate.contest), base_url=base_url)


def certificate_filename(certificate: Certificate) -> str:
    """``01-giai-nhat-HG-MV-2.pdf``: the printed number, the prize and the clip, ASCII only."""
    tier = ascii_slug(certificate.tier_name).lower() or ascii_slug(certificate.tier_key).lower()
    return f"{certificate.number:02d}-{tier}-{ascii_slug(certificate.entry.ref)}.pdf"


def certificates_zip(certificates: Iterable[Certificate], *, base_url: str) -> bytes:
    """One PDF per certificate, in a zip named after each (see :func:`certificate_filename`)."""
    rendered = []
    letterheads: dict[int, Letterhead] = {}
    for certificate in certificates:
        if certificate.contest_id not in letterheads:
            letterheads[certificate.contest_id] = letterhead_of(certificate.contest)
        letterhead = letterheads[certificate.contest_id]
        pdf = _render(certificate, letterhead, base_url=base_url)
        rendered.append((certificate_filename(certificate), pdf))
    return _zip(rendered)


def write_certificates(
    contest: Contest, folder: Path, *, base_url: str, progress: Progress | None = None
) -> list[Path]:
    """Write every valid certificate of the contest into ``folder``, then ``certificates.zip``.

    Returns the PDFs' paths in number order, then the zip's. ``progress(done, total)`` is called
    after each PDF (a background task shows it as a progress bar). Each PDF is rendered once;
    the zip holds the same bytes. Files are written under a temporary name and then renamed, so
    a reader never sees half a PDF and the task can run twice without harm. Certificate PDFs
    left in the folder by an earlier run and no longer valid (voided since) are deleted, so the
    folder never hands out a certificate that does not hold. With no valid certificate the zip
    is written empty.
    """
    folder.mkdir(parents=True, exist_ok=True)
    certificates = list(valid_certificates(contest).select_related("contest", "entry"))
    letterhead = letterhead_of(contest)
    total = len(certificates)
    written: list[Path] = []
    rendered: list[tuple[str, bytes]] = []
    for done, certificate in enumerate(certificates, start=1):
        name = certificate_filename(certificate)
        pdf = _render(certificate, letterhead, base_url=base_url)
        written.append(_write_atomically(folder / name, pdf))
        rendered.append((name, pdf))
        if progress is not None:
            progress(done, total)
    current = {path.name for path in written}
    for stale in folder.glob("*.pdf"):
        if _PDF_NAME.match(stale.name) and stale.name not in current:
            stale.unlink()
    written.append(_write_atomically(folder / ZIP_NAME, _zip(rendered)))
    return written


def certificate_context(
    certificate: Certificate, letterhead: Letterhead, *, base_url: str
) -> dict[str, object]:
    """What the certificate template prints, every value already in its printed form."""
    url = verification_url(certificate, base_url)
    authors = ", ".join(name.strip() for name in certificate.authors if name.strip())
    contest_name = certificate.contest.name.strip()
    amount = certificate.amount
    return {
        "certificate": certificate,
        "superior_body": letterhead.superior_body.strip().upper(),
        "body": letterhead.body.strip().upper(),
        "tier_name": certificate.tier_name,
        "contest_name": contest_name,
        "title": certificate.title.strip(),
        "authors": authors,
        "unit_name": certificate.unit_name.strip(),
        "amount": format_vnd(amount) if amount else "",
        "amount_in_words": certificate.amount_in_words
        or (amount_in_words(amount, zero_tens=letterhead.zero_tens) if amount else ""),
        "serial": certificate.serial,
        "date_line": vietnamese_date_line(letterhead.place, certificate.issued_on),
        "authority_lines": letterhead.authority_lines(),
        "signer_name": letterhead.signer_name.strip(),
        "verification_url": url,
        "qr_data_uri": _qr_data_uri(url),
        "compact": (
            len(certificate.title) > LONG_TITLE
            or len(authors) > LONG_AUTHORS
            or len(contest_name) > LONG_CONTEST_NAME
        ),
        "font_faces": font_faces(),
    }


def font_faces() -> list[FontFace]:
    """The vendored Be Vietnam Pro, as ``file://`` URLs WeasyPrint reads from the disk."""
    faces = []
    for weight in FONT_WEIGHTS:
        for subset, unicode_range in FONT_SUBSETS.items():
            found = finders.find(f"{FONT_DIR}/be-vietnam-pro-{subset}-{weight}-normal.woff2")
            if not found:
                raise FileNotFoundError(f"the vendored font {subset} {weight} is missing")
            path = Path(found if isinstance(found, str) else found[0])
            faces.append(
                FontFace(
                    family=f"Be Vietnam Pro {subset.replace('-', ' ').title()}",
                    weight=weight,
                    url=path.resolve().as_uri(),
                    unicode_range=unicode_range,
                )
            )
    return faces


def _render(certificate: Certificate, letterhead: Letterhead, *, base_url: str) -> bytes:
    if not certificate.valid:
        raise ValueError(f"certificate {certificate.serial} is void and is never printed")
    with translation.override("vi"):
        context = certificate_context(certificate, letterhead, base_url=base_url)
        html = render_to_string(TEMPLATE, context)
    document = weasyprint.HTML(string=html, url_fetcher=_local_fetcher())
    return document.write_pdf()


def _local_fetcher() -> URLFetcher:
    """Reads the fonts from the disk and the QR code from its data URI; refuses anything else."""
    return URLFetcher(allowed_protocols={"file", "data"}, allow_redirects=False)


def _qr_data_uri(url: str) -> str:
    # "m" recovers from 15% damage: enough for a folded or stamped sheet, still a small code.
    return segno.make(url, error="m").svg_data_uri(scale=4, border=0, dark="#1b1b1b")


def _zip(files: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    # PDFs are compressed already; storing them keeps the zip fast to build and to open.
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, data in files:
            archive.writestr(name, data)
    return buffer.getvalue()


def _write_atomically(path: Path, data: bytes) -> Path:
    partial = path.with_name(path.name + ".part")
    partial.write_bytes(data)
    partial.replace(path)
    return path
