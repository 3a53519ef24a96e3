"""The prize certificates: one A4 landscape PDF per prize, the facts as issued, a QR code.

The PDFs are read back with poppler (``pdftotext -layout``, ``pdfinfo``): the Vietnamese text
intact, one landscape A4 page. The first prize is also rasterised into ``var/test-output/`` so a
person can look at it (``var/`` is git-ignored).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import zipfile
from collections.abc import Iterator
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from awards.conftest import chair, fast_password_hashing  # noqa: F401 - a fixture
from django.utils import timezone, translation

from clipcontest.awards.models import Certificate
from clipcontest.awards.services import issue_certificates
from clipcontest.common.money import amount_in_words
from clipcontest.contests.models import Contest
from clipcontest.contests.queries import letterhead_of
from clipcontest.documents import certificates as printing
from clipcontest.documents.batches import UNEXPECTED, request_document, run_batch
from clipcontest.documents.certificates import (
    CHUNK,
    ZIP_NAME,
    certificate_filename,
    certificate_pdf,
    certificates_zip,
    chunk_size,
    verification_url,
    write_certificates,
)
from clipcontest.documents.models import DocumentBatch

pytestmark = pytest.mark.django_db

BASE_URL = "https://clipcontest.example"
OUTPUT = Path(__file__).resolve().parents[2] / "var" / "test-output"


@pytest.fixture
def certificates(finalised: Contest) -> list[Certificate]:
    """The six certificates of the finalised demo contest, issued on 5 July 2022."""
    letterhead = letterhead_of(finalised)
    letterhead.superior_body = "Tỉnh ủy Hà Giang"
    letterhead.body = "Ban Tuyên giáo"
    letterhead.place = "Hà Giang"
    letterhead.signer_name = "Nguyễn Thị Thu Hà"
    letterhead.signer_is_deputy = True
    letterhead.save()
    issue_certificates(contest=finalised, by=chair())
    Certificate.objects.update(issued_on=date(2022, 7, 5))
    return list(Certificate.objects.select_related("contest", "entry").order_by("number"))


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "certificate.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    )
    return done.stdout


def pdf_info(pdf: bytes, tmp_path: Path) -> dict[str, str]:
    path = tmp_path / "info.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True)
    return dict(
        (key.strip(), value.strip())
        for key, value in (line.split(":", 1) for line in done.stdout.splitlines() if ":" in line)
    )


def word_boxes(pdf: bytes, tmp_path: Path) -> list[tuple[str, float, float]]:
    """Each word of the page with its top and bottom (pt from the top edge)."""
    path = tmp_path / "boxes.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, check=True, text=True
    )
    pattern = r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>'
    return [
        (word, float(top), float(bottom)) for top, bottom, word in re.findall(pattern, done.stdout)
    ]


def squeezed(text: str) -> str:
    """The text with its layout spaces collapsed, so a phrase can be found across columns."""
    return re.sub(r"\s+", " ", text)


def test_first_prize_certificate_prints_every_fact_in_vietnamese(certificates, tmp_path):
    first = certificates[0]

    text = pdf_text(certificate_pdf(first, base_url=BASE_URL), tmp_path)

    flat = squeezed(text)
    assert "GIẤY CHỨNG NHẬN" in flat
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in flat
    assert "TỈNH ỦY HÀ GIANG" in flat and "BAN TUYÊN GIÁO" in flat
    assert "Đạt Giải Nhất" in flat
    assert f"“{first.title}”" in flat
    assert f"Tác giả: {', '.join(first.authors)}" in flat
    assert f"Đơn vị: {first.unit_name}" in flat
    assert "Giá trị giải thưởng: 3.000.000 đ (Ba triệu đồng)" in flat
    assert f"Số: {first.serial}" in flat
    assert "Hà Giang, ngày 05 tháng 7 năm 2022" in flat
    assert "K/T TRƯỞNG BAN" in flat and "PHÓ TRƯỞNG BAN" in flat
    assert "Nguyễn Thị Thu Hà" in flat
    # The contest's long name wraps, but every word of it is there in order.
    assert squeezed(first.contest.name) in flat


def test_certificate_is_one_a4_landscape_page(certificates, tmp_path):
    info = pdf_info(certificate_pdf(certificates[0], base_url=BASE_URL), tmp_path)

    assert info["Pages"] == "1"
    # "841.89 x 595.276 pts (A4)": wider than high, 297 x 210 mm.
    width, height = map(float, re.match(r"([\d.]+) x ([\d.]+) pts", info["Page size"]).groups())
    assert (round(width, 2), round(height, 2)) == (841.89, 595.28)
    assert info["Title"] == f"Giấy chứng nhận số {certificates[0].serial}"


def test_certificate_is_vietnamese_whatever_the_active_language(certificates, tmp_path):
    with translation.override("en"):
        text = squeezed(pdf_text(certificate_pdf(certificates[0], base_url=BASE_URL), tmp_path))

    assert "Đạt Giải Nhất" in text and "First prize" not in text
    assert f"{BASE_URL}/verify/{certificates[0].serial}/" in text  # never the /en/ address


def test_qr_code_and_printed_address_lead_to_the_verification_page(certificates, tmp_path):
    first = certificates[0]

    url = verification_url(first, BASE_URL + "/")

    assert url == f"https://clipcontest.example/verify/{first.serial}/"
    text = pdf_text(certificate_pdf(first, base_url=BASE_URL), tmp_path)
    assert url in text


def test_verification_address_must_be_a_web_address(certificates):
    for wrong in ("clipcontest.example", "ftp://clipcontest.example", "", "/verify"):
        with pytest.raises(ValueError):
            verification_url(certificates[0], wrong)


def test_amount_in_words_follows_the_letterheads_zero_tens(finalised, tmp_path):
    letterhead = letterhead_of(finalised)
    letterhead.zero_tens = "lẻ"
    letterhead.save()
    certificate = issue_certificates(contest=finalised).certificates[0]
    # The words are written when the certificate is issued; this prize has no zero tens, so
    # print the words a 1.005.000 đ prize would have been issued with.
    Certificate.objects.filter(pk=certificate.pk).update(
        amount=1_005_000, amount_in_words=amount_in_words(1_005_000, zero_tens="lẻ")
    )
    certificate.refresh_from_db()

    text = squeezed(pdf_text(certificate_pdf(certificate, base_url=BASE_URL), tmp_path))

    assert "1.005.000 đ (Một triệu không trăm lẻ năm nghìn đồng)" in text


def test_issuing_stores_the_amount_in_words_as_printed(finalised):
    """The words are frozen at issue: a later change of "linh"/"lẻ" never rewrites them."""
    certificate = issue_certificates(contest=finalised).certificates[0]

    assert certificate.amount_in_words == amount_in_words(certificate.amount)
    assert certificate.amount_in_words.endswith("đồng")


def test_long_title_and_many_authors_still_fit_on_one_page(certificates, tmp_path):
    first = certificates[0]
    first.title = (
        "Cảnh giác trước những luận điệu xuyên tạc về chủ trương, đường lối của Đảng và chính "
        "sách, pháp luật của Nhà nước trên không gian mạng, bảo vệ nền tảng tư tưởng của Đảng, "
        "giữ vững trận địa tư tưởng ở vùng cao biên giới cực Bắc của Tổ quốc trong thời kỳ mới"
    )
    first.authors = [
        "Nguyễn Thị Lan",
        "Trần Văn Hùng",
        "Lê Minh Đức",
        "Phạm Thị Hồng Nhung",
        "Vàng Mí Sính",
        "Giàng Thị Mỷ",
    ]
    first.save()

    pdf = certificate_pdf(first, base_url=BASE_URL)

    assert pdf_info(pdf, tmp_path)["Pages"] == "1"
    text = squeezed(pdf_text(pdf, tmp_path))
    assert "trong thời kỳ mới”" in text
    assert "Vàng Mí Sính, Giàng Thị Mỷ" in text
    # The award ends above the date line: the text never runs into the signature block.
    boxes = word_boxes(pdf, tmp_path)
    award_bottom = max(bottom for word, _, bottom in boxes if word in ("thưởng:", "Mỷ"))
    foot_top = min(top for word, top, _ in boxes if word in ("ngày", "Số:"))
    assert award_bottom < foot_top


def test_voided_certificate_is_never_rendered(certificates):
    void = certificates[1]
    void.voided_at = timezone.now()
    void.void_reason = "Kết quả đã thay đổi sau khi mở lại"
    void.save()

    with pytest.raises(ValueError, match="void"):
        certificate_pdf(void, base_url=BASE_URL)
    with pytest.raises(ValueError):
        certificates_zip([certificates[0], void], base_url=BASE_URL)


def test_file_names_carry_the_number_the_prize_and_the_clip(certificates):
    names = [certificate_filename(c) for c in certificates]

    assert names == [
        "01-giai-nhat-HG-MV-2.pdf",
        "02-giai-nhi-HG-KCQ-2.pdf",
        "03-giai-nhi-HG-BQ-2.pdf",
        "04-giai-ba-HG-KCQ-1.pdf",
        "05-giai-ba-HG-QB-1.pdf",
        "06-giai-ba-HG-VX-1.pdf",
    ]


def test_zip_holds_one_pdf_per_certificate(certificates):
    data = certificates_zip(certificates[:2], base_url=BASE_URL)

    with zipfile.ZipFile(__import__("io").BytesIO(data)) as archive:
        assert archive.namelist() == ["01-giai-nhat-HG-MV-2.pdf", "02-giai-nhi-HG-KCQ-2.pdf"]
        assert all(archive.read(name).startswith(b"%PDF-") for name in archive.namelist())


@pytest.mark.parametrize("processes", [1, 2])
def test_write_certificates_writes_each_pdf_and_the_zip_with_progress(
    processes, certificates, finalised, tmp_path, django_assert_max_num_queries, settings
):
    settings.CLIPCONTEST_CERTIFICATE_PROCESSES = processes
    calls: list[tuple[int, int]] = []
    folder = tmp_path / "giay-chung-nhan"

    # The queries do not grow with the number of certificates.
    with django_assert_max_num_queries(3):
        paths = write_certificates(
            finalised, folder, base_url=BASE_URL, progress=lambda *c: calls.append(c)
        )

    names = [certificate_filename(c) for c in certificates]
    assert [p.name for p in paths] == [*names, ZIP_NAME]
    assert sorted(p.name for p in folder.iterdir()) == sorted([*names, ZIP_NAME])
    assert calls == [(n, 6) for n in range(1, 7)]
    with zipfile.ZipFile(folder / ZIP_NAME) as archive:
        assert archive.namelist() == names
        # Rendered once: the zip holds the very bytes written beside it.
        assert all(archive.read(name) == (folder / name).read_bytes() for name in names)


def test_write_certificates_removes_the_pdf_of_a_certificate_voided_since(
    certificates, finalised, tmp_path
):
    folder = tmp_path / "out"
    write_certificates(finalised, folder, base_url=BASE_URL)
    unrelated = folder / "ghi-chu.pdf"
    unrelated.write_bytes(b"%PDF-1.7 notes")
    void = certificates[5]
    void.voided_at = timezone.now()
    void.save()

    paths = write_certificates(finalised, folder, base_url=BASE_URL)

    assert len(paths) == 6  # five PDFs and the zip
    assert not (folder / certificate_filename(void)).exists()
    assert unrelated.exists()  # only certificate PDFs are ever removed
    with zipfile.ZipFile(folder / ZIP_NAME) as archive:
        assert certificate_filename(void) not in archive.namelist()


def test_fonts_come_from_the_disk_and_nothing_from_the_network(certificates, tmp_path):
    from clipcontest.documents.certificates import _local_fetcher, font_faces

    faces = font_faces()
    assert faces and all(face.url.startswith("file:///") for face in faces)
    assert all(Path(face.url.removeprefix("file://")).is_file() for face in faces)
    with pytest.raises(ValueError, match="disallowed protocol"):
        _local_fetcher().fetch("https://fonts.googleapis.com/css2?family=Be+Vietnam+Pro")
    # Be Vietnam Pro and the serif are embedded, so the page prints the same anywhere.
    path = tmp_path / "fonts.pdf"
    path.write_bytes(certificate_pdf(certificates[0], base_url=BASE_URL))
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, text=True)
    # Each subset of the font embedded on its own: WeasyPrint merges same-named faces, which
    # once printed "GIẤY CHỨNG NHẬN" as "GIÆY CHQNG NHBN".
    assert "Be-Vietnam-Pro-Latin-Bold" in fonts.stdout
    assert "Be-Vietnam-Pro-Vietnamese-Bold" in fonts.stdout
    assert "Liberation-Serif" in fonts.stdout
    assert all(" yes " in line for line in fonts.stdout.splitlines()[2:])  # all embedded


def test_first_prize_rendered_to_png_for_a_person_to_look_at(certificates):
    OUTPUT.mkdir(parents=True, exist_ok=True)
    pdf = OUTPUT / "certificate-first-prize.pdf"
    pdf.write_bytes(certificate_pdf(certificates[0], base_url=BASE_URL))

    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-singlefile", str(pdf), str(pdf.with_suffix(""))],
        check=True,
    )

    png = pdf.with_suffix(".png")
    assert png.read_bytes().startswith(b"\x89PNG")


# Rendering in worker processes (issue 8): the parent builds the HTML, forked children run
# WeasyPrint on it. The results must not depend on how many processes there are.


@contextmanager
def within(seconds: int) -> Iterator[None]:
    """Fails the test instead of letting it hang, should the parent wait forever on a child."""

    def too_long(signum, frame):
        raise TimeoutError(f"still waiting after {seconds} s")

    previous = signal.signal(signal.SIGALRM, too_long)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def rendered_by(monkeypatch, tmp_path: Path) -> Path:
    """Notes the process id of whoever runs WeasyPrint on a chunk, one line per chunk. The
    children are forked, so they run the patched function too and write the same file."""
    log = tmp_path / "renderers.txt"
    real = printing._render

    def noting(htmls, fonts, fetcher):
        with log.open("a") as out:
            out.write(f"{os.getpid()} {len(htmls)}\n")
        yield from real(htmls, fonts, fetcher)

    monkeypatch.setattr(printing, "_render", noting)
    return log


def page_pixels(pdf: bytes, tmp_path: Path) -> bytes:
    path = tmp_path / "pixels.pdf"
    path.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-gray", "-r", "30", "-singlefile", str(path), str(tmp_path / "pixels")],
        capture_output=True,
        check=True,
    )
    pixels = (tmp_path / "pixels.pgm").read_bytes()
    assert len(pixels) > 10_000  # a whole page of pixels, not an empty answer
    return pixels


def test_a_batch_is_split_evenly_over_the_processes_in_chunks_of_at_most_chunk():
    assert chunk_size(21, 2) == 11  # 11 + 10
    assert chunk_size(6, 2) == 3
    assert chunk_size(1000, 2) == CHUNK  # 20 chunks of 50
    assert chunk_size(21, 1) == 21  # in the process itself, as one chunk
    assert chunk_size(1, 2) == 1
    assert chunk_size(0, 2) == 1  # nothing to render, nothing divided by zero


def test_one_and_two_processes_print_the_same_certificates_in_the_same_order(
    certificates, settings, monkeypatch, tmp_path
):
    renderers = rendered_by(monkeypatch, tmp_path)

    batch = [(c, letterhead_of(c.contest)) for c in certificates]

    settings.CLIPCONTEST_CERTIFICATE_PROCESSES = 1
    alone = list(printing._Printer(BASE_URL).pdfs(batch))
    in_parent = renderers.read_text().splitlines()
    renderers.unlink()
    settings.CLIPCONTEST_CERTIFICATE_PROCESSES = 2
    with within(120):
        shared = list(printing._Printer(BASE_URL).pdfs(batch))

    # One chunk of six in this process; then two chunks of three, each in a child of its own.
    assert in_parent == [f"{os.getpid()} 6"]
    children = renderers.read_text().splitlines()
    assert sorted(line.split()[1] for line in children) == ["3", "3"]
    pids = {line.split()[0] for line in children}
    assert len(pids) == 2 and str(os.getpid()) not in pids
    # The same pages, in the same order. WeasyPrint stamps each embedded font with the time it
    # was cut, so the bytes differ from run to run; the text and the pixels do not.
    assert len(alone) == len(shared) == len(certificates)
    for certificate, one, two in zip(certificates, alone, shared, strict=True):
        assert pdf_info(two, tmp_path)["Pages"] == "1"
        assert pdf_info(two, tmp_path)["Title"] == f"Giấy chứng nhận số {certificate.serial}"
        text = pdf_text(two, tmp_path)
        assert text == pdf_text(one, tmp_path)
        assert f"Số: {certificate.serial}" in squeezed(text)
        assert page_pixels(two, tmp_path) == page_pixels(one, tmp_path)


def test_a_child_that_fails_fails_the_batch(certificates, settings, monkeypatch):
    settings.CLIPCONTEST_CERTIFICATE_PROCESSES = 2
    parent = os.getpid()

    def failing(htmls, fonts, fetcher):
        if os.getpid() != parent:
            raise RuntimeError("WeasyPrint broke")
        yield b""

    monkeypatch.setattr(printing, "_render", failing)

    with within(60), pytest.raises(RuntimeError, match="WeasyPrint broke"):
        certificates_zip(certificates, base_url=BASE_URL)


def test_a_child_that_dies_fails_the_batch_and_the_error_is_kept(
    certificates, finalised, settings, monkeypatch
):
    settings.CLIPCONTEST_CERTIFICATE_PROCESSES = 2
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    parent = os.getpid()
    real = printing._render

    def dying(htmls, fonts, fetcher):
        if os.getpid() != parent:
            os._exit(9)  # as if killed for memory: no exception, no goodbye
        yield from real(htmls, fonts, fetcher)

    monkeypatch.setattr(printing, "_render", dying)
    with within(60), pytest.raises(BrokenProcessPool):
        certificates_zip(certificates, base_url=BASE_URL)

    batch = request_document(contest=finalised, kind="certificates", by=chair(), base_url=BASE_URL)
    with within(60):
        batch = run_batch(batch.pk)

    assert batch.state == DocumentBatch.State.FAILED
    assert batch.error == UNEXPECTED.both()
    # The parent's database connection survived its children.
    assert DocumentBatch.objects.filter(pk=batch.pk, state=DocumentBatch.State.FAILED).exists()
