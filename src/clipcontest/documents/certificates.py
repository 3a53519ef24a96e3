"""The prize certificates (giấy chứng nhận): one A4 landscape PDF per prize, made with WeasyPrint.

A certificate prints the facts kept on its ``Certificate`` row (so a later rename does not
change a reprint), the contest's letterhead and signature, and a QR code of its public
verification page. It is always in Vietnamese, whatever the language of the page that asked.

The layout is a Django template, ``documents/certificate.html``, with its CSS in
``documents/certificate.css``; organisers who want their own design put a template of the same
name in a folder listed in ``TEMPLATES[0]["DIRS"]`` (or in an app listed before
``clipcontest.documents``) and Django's loaders pick it up. Either template may be overridden
alone.

A batch lays out up to :data:`CHUNK` certificates as one document and then writes each page as
a PDF of its own (same pixels, a fraction of the time): the pages share the ``<head>`` of the
first, so an overriding template keeps what differs between certificates in its ``<body>``
(as ``sheet--compact`` does). A template without a ``<body>``, or whose page spills onto a
second one, is rendered one certificate at a time.

The chunks are rendered in worker processes, ``CLIPCONTEST_CERTIFICATE_PROCESSES`` of them
(default: one per core; 0 or 1 renders in the asking process). WeasyPrint is single-threaded
and its work (layout, cutting the fonts down with fontTools) is Python holding the GIL, so
threads would not help; processes forked from the asking one inherit the imported WeasyPrint
and start at once. The asking process still builds every certificate's HTML (Django
templates, database rows) and hands the children plain strings; they run only WeasyPrint and
never use the database connection they inherit. The batch is split evenly over the processes
(at most :data:`CHUNK` to a chunk) and the PDFs come back in order, the same pages whatever the
number of processes.

Rendering never touches the network: the fonts are the vendored Be Vietnam Pro files (found
through the static files finders, given to WeasyPrint as ``file://`` URLs) and Debian's
Liberation Serif, the QR code is a ``data:`` URI, and the URL fetcher refuses every other
scheme, so an overriding template cannot make the server fetch anything.
"""

from __future__ import annotations

import io
import math
import multiprocessing
import re
import tempfile
import zipfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import segno
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import get_template
from django.urls import reverse
from django.utils import translation

from clipcontest.awards.models import Certificate
from clipcontest.awards.queries import valid_certificates
from clipcontest.common.money import amount_in_words, format_vnd
from clipcontest.common.text import ascii_slug
from clipcontest.contests.models import Contest, Letterhead
from clipcontest.contests.queries import letterhead_of

from .party import vietnamese_date_line

if TYPE_CHECKING:  # WeasyPrint is imported when a certificate is printed, not with the views.
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher

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
# Certificates laid out together as one WeasyPrint document, then written one PDF per page:
# the stylesheet, the fonts and the document set-up are paid once per chunk, not per page,
# and a chunk bounds the memory the laid-out pages hold.
CHUNK = 50
_BODY = re.compile(r"<body[^>]*>(.*)</body>", re.S | re.I)
_STYLE = re.compile(r"<style\b.*?</style>", re.S | re.I)
_PAGE_BREAK = '<div style="break-before: page"></div>'

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class FontFace:
    """One ``@font-face`` rule of the certificate's CSS."""

    family: str
    weight: int
    url: str
    unicode_range: str
    format: str = "woff2"


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
    letterhead = letterhead_of(certificate.contest)
    return next(_Printer(base_url).pdfs([(certificate, letterhead)]))


def certificate_filename(certificate: Certificate) -> str:
    """``01-giai-nhat-HG-MV-2.pdf``: the printed number, the prize and the clip, ASCII only."""
    tier = ascii_slug(certificate.tier_name).lower() or ascii_slug(certificate.tier_key).lower()
    return f"{certificate.number:02d}-{tier}-{ascii_slug(certificate.entry.ref)}.pdf"


def certificates_zip(certificates: Iterable[Certificate], *, base_url: str) -> bytes:
    """One PDF per certificate, in a zip named after each (see :func:`certificate_filename`)."""
    letterheads: dict[int, Letterhead] = {}
    batch = []
    for certificate in certificates:
        if certificate.contest_id not in letterheads:
            letterheads[certificate.contest_id] = letterhead_of(certificate.contest)
        batch.append((certificate, letterheads[certificate.contest_id]))
    pdfs = _Printer(base_url).pdfs(batch)
    return _zip([(certificate_filename(c), pdf) for (c, _), pdf in zip(batch, pdfs, strict=True)])


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
    pdfs = _Printer(base_url).pdfs([(certificate, letterhead) for certificate in certificates])
    for done, (certificate, pdf) in enumerate(zip(certificates, pdfs, strict=True), start=1):
        name = certificate_filename(certificate)
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
    certificate: Certificate,
    letterhead: Letterhead,
    *,
    base_url: str,
    faces: list[FontFace] | None = None,
) -> dict[str, object]:
    """What the certificate template prints, every value already in its printed form.

    ``faces`` are the :func:`font_faces`, passed in by a batch that looked them up once.
    """
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
        "font_faces": font_faces() if faces is None else faces,
    }


def font_faces() -> list[FontFace]:
    """The vendored Be Vietnam Pro, as ``file://`` URLs WeasyPrint reads from the disk.

    Each WOFF2 file is unpacked once into a TrueType copy in the temporary folder (WeasyPrint
    would unpack it again for every batch); where that folder cannot be written, the WOFF2.
    """
    faces = []
    for weight in FONT_WEIGHTS:
        for subset, unicode_range in FONT_SUBSETS.items():
            found = finders.find(f"{FONT_DIR}/be-vietnam-pro-{subset}-{weight}-normal.woff2")
            if not found:
                raise FileNotFoundError(f"the vendored font {subset} {weight} is missing")
            path = Path(found if isinstance(found, str) else found[0]).resolve()
            truetype = _unpacked(path)
            faces.append(
                FontFace(
                    family=f"Be Vietnam Pro {subset.replace('-', ' ').title()}",
                    weight=weight,
                    url=(truetype or path).as_uri(),
                    unicode_range=unicode_range,
                    format="truetype" if truetype else "woff2",
                )
            )
    return faces


def _unpacked(woff2_path: Path) -> Path | None:
    """The TrueType copy of a WOFF2 file, made on first use (named by the file's size and
    time, so a replaced font is unpacked again); None if it cannot be written."""
    stat = woff2_path.stat()
    folder = Path(tempfile.gettempdir()) / "clipcontest-fonts"
    target = folder / f"{woff2_path.stem}-{stat.st_size}-{stat.st_mtime_ns}.ttf"
    if target.is_file():
        return target
    try:
        from fontTools.ttLib import woff2

        folder.mkdir(exist_ok=True)
        buffer = io.BytesIO()
        with woff2_path.open("rb") as packed:
            woff2.decompress(packed, buffer)
        partial = target.with_name(f"{target.name}.{id(buffer)}.part")
        partial.write_bytes(buffer.getvalue())
        partial.replace(target)  # atomic: two workers unpacking at once both end well
    except (OSError, ValueError, ImportError):
        return None
    return target


class _Printer:
    """The work a batch of certificates shares: the template compiled once, the font files
    looked up once and loaded into one WeasyPrint font configuration (unpacking the WOFF2 files
    was most of a lone certificate's time), and many certificates laid out as one document.
    Only the QR code and the text are made per certificate."""

    def __init__(self, base_url: str) -> None:
        from weasyprint.text.fonts import FontConfiguration

        self.base_url = base_url
        self.template = get_template(TEMPLATE)
        self.faces = font_faces()
        self.fonts = FontConfiguration()
        self.fetcher = _local_fetcher()

    def pdfs(self, batch: list[tuple[Certificate, Letterhead]]) -> Iterator[bytes]:
        """One single-page PDF per certificate, in order, each ready as soon as its chunk is."""
        for certificate, _ in batch:
            if not certificate.valid:
                raise ValueError(f"certificate {certificate.serial} is void and is never printed")
        processes = certificate_processes()
        size = chunk_size(len(batch), processes)
        chunks = (self._htmls(batch[start : start + size]) for start in range(0, len(batch), size))
        workers = min(processes, math.ceil(len(batch) / size))
        if workers <= 1:
            for htmls in chunks:
                yield from _render(htmls, self.fonts, self.fetcher)
        else:
            yield from _rendered_by_children(chunks, workers)

    def _htmls(self, batch: list[tuple[Certificate, Letterhead]]) -> list[str]:
        with translation.override("vi"):
            return [
                self.template.render(
                    certificate_context(c, lh, base_url=self.base_url, faces=self.faces)
                )
                for c, lh in batch
            ]


def certificate_processes() -> int:
    """How many processes render a batch: ``CLIPCONTEST_CERTIFICATE_PROCESSES``, at least 1."""
    return max(1, int(settings.CLIPCONTEST_CERTIFICATE_PROCESSES or 1))


def chunk_size(count: int, processes: int) -> int:
    """Certificates per chunk: the batch split evenly over the processes, at most :data:`CHUNK`
    (21 certificates on 2 processes are 2 chunks of 11, 1,000 are 20 chunks of 50)."""
    return max(1, min(CHUNK, math.ceil(count / max(1, processes))))


def _rendered_by_children(chunks: Iterator[list[str]], workers: int) -> Iterator[bytes]:
    """The chunks' PDFs, in order, rendered by ``workers`` forked processes.

    One chunk more than there are workers is queued, so a worker never waits for the next
    chunk's HTML, and no more, so the finished PDFs waiting to be handed out stay few. A child
    that raises raises here, one that dies raises ``BrokenProcessPool``: the batch fails, it
    never hangs. The children leave through the pool (``os._exit``), so the database connection
    they inherited is neither used nor closed by them.
    """
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_start_child,
    )
    pending: deque[Future[list[bytes]]] = deque()
    try:
        for htmls in chunks:
            pending.append(pool.submit(_render_in_child, htmls))
            if len(pending) > workers:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


class _Child:
    """A worker process's own WeasyPrint set-up, made once by :func:`_start_child` and used
    for each chunk it renders."""

    fonts: FontConfiguration
    fetcher: URLFetcher


def _start_child() -> None:
    from weasyprint.text.fonts import FontConfiguration

    _Child.fonts = FontConfiguration()
    _Child.fetcher = _local_fetcher()


def _render_in_child(htmls: list[str]) -> list[bytes]:
    return list(_render(htmls, _Child.fonts, _Child.fetcher))


def _render(htmls: list[str], fonts: FontConfiguration, fetcher: URLFetcher) -> Iterator[bytes]:
    """One PDF per HTML page of a chunk: WeasyPrint only, no Django and no database."""
    import weasyprint
    from weasyprint.html import get_html_metadata
    from weasyprint.pdf.metadata import DocumentMetadata

    bodies = [_BODY.search(html) for html in htmls]
    document = None
    if len(htmls) > 1 and all(bodies):
        # The head (stylesheet, fonts) of the first; the page of each after it.
        first = bodies[0]
        combined = (
            htmls[0][: first.start(1)]
            + _PAGE_BREAK.join(body.group(1) for body in bodies)
            + htmls[0][first.end(1) :]
        )
        document = weasyprint.HTML(string=combined, url_fetcher=fetcher).render(font_config=fonts)
    if document is None or len(document.pages) != len(htmls):
        # A template without a body, or one whose page does not stay one page: alone.
        for html in htmls:
            page = weasyprint.HTML(string=html, url_fetcher=fetcher)
            yield page.write_pdf(font_config=fonts)
        return
    for page, html, body in zip(document.pages, htmls, bodies, strict=True):
        # Its own title and author: the head without its stylesheet, which is slow to parse.
        head = _STYLE.sub("", html[: body.start()])
        head = weasyprint.HTML(string=head, url_fetcher=fetcher)
        single = document.copy([page])
        single.metadata = DocumentMetadata(**get_html_metadata(head))
        yield single.write_pdf()


def _local_fetcher() -> URLFetcher:
    """Reads the fonts from the disk and the QR code from its data URI; refuses anything else."""
    from weasyprint.urls import URLFetcher

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
