"""The shared builders of Party-layout documents, and DOCX -> PDF through LibreOffice.

The failures of the conversion are tested with small stand-in ``soffice`` scripts (missing,
failing, hanging): LibreOffice is an outside program, and what matters here is that each way it
can go wrong reaches the user as a clear message in both languages.
"""

from __future__ import annotations

import io
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from clipcontest.documents.docx_layout import (
    PARTY_MARGINS,
    Align,
    Span,
    add_page_numbers,
    add_paragraph,
    add_table,
    add_table_row,
    docx_bytes,
    new_document,
    text_width_mm,
)
from clipcontest.documents.party import (
    add_party_header,
    add_signature_block,
    vietnamese_date_line,
)
from clipcontest.documents.pdf import ConversionFailed, docx_to_pdf


def reopen(document):
    return Document(io.BytesIO(docx_bytes(document)))


# --- dates -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2022, 6, 9), "Mèo Vạc, ngày 09 tháng 6 năm 2022"),
        (date(2022, 2, 5), "Mèo Vạc, ngày 05 tháng 02 năm 2022"),
        (date(2022, 12, 15), "Mèo Vạc, ngày 15 tháng 12 năm 2022"),
        (date(2023, 1, 1), "Mèo Vạc, ngày 01 tháng 01 năm 2023"),
        (date(2022, 3, 10), "Mèo Vạc, ngày 10 tháng 3 năm 2022"),
    ],
)
def test_date_line_pads_days_below_10_and_months_1_and_2(day: date, expected: str) -> None:
    assert vietnamese_date_line("Mèo Vạc", day) == expected


def test_date_line_without_a_place_starts_with_a_capital() -> None:
    assert vietnamese_date_line("  ", date(2022, 6, 9)) == "Ngày 09 tháng 6 năm 2022"


# --- the document ------------------------------------------------------------------------------


def test_new_document_is_a4_with_party_margins_in_times_new_roman_and_vietnamese() -> None:
    document = reopen(new_document(title="Công văn", author="Ban Chỉ đạo 35"))

    section = document.sections[0]
    assert (section.page_width.twips, section.page_height.twips) == (11906, 16838)
    assert [round(m.mm, 1) for m in (section.top_margin, section.bottom_margin)] == [20, 20]
    assert [round(m.mm, 1) for m in (section.left_margin, section.right_margin)] == [30, 15]
    assert text_width_mm(PARTY_MARGINS) == 165
    styles = document.styles.element
    defaults = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    fonts = defaults.find(qn("w:rFonts"))
    assert {fonts.get(qn(f"w:{slot}")) for slot in ("ascii", "hAnsi", "eastAsia", "cs")} == {
        "Times New Roman"
    }
    assert defaults.find(qn("w:sz")).get(qn("w:val")) == "28"  # half-points: 14 pt
    assert defaults.find(qn("w:lang")).get(qn("w:val")) == "vi-VN"
    # A theme font would win over the named one in Word: none is left in any style.
    for element in styles.iter(qn("w:rFonts")):
        assert not any(name.endswith("Theme") or name.endswith("theme") for name in element.attrib)
    properties = document.core_properties
    assert (properties.title, properties.author, properties.comments) == (
        "Công văn",
        "Ban Chỉ đạo 35",
        "",
    )


def test_paragraph_runs_carry_the_font_in_every_slot_and_spans_override() -> None:
    document = new_document()
    paragraph = add_paragraph(
        document, "Kính gửi: ", Span("Ban Tổ chức", bold=True), size=13, italic=True
    )

    first, second = paragraph.runs
    assert (first.text, first.italic, first.bold, first.font.size.pt) == (
        "Kính gửi: ",
        True,
        None,
        13,
    )
    assert (second.text, second.italic, second.bold) == ("Ban Tổ chức", True, True)
    for run in paragraph.runs:
        fonts = run._r.rPr.rFonts
        assert {fonts.get(qn(f"w:{slot}")) for slot in ("ascii", "hAnsi", "eastAsia", "cs")} == {
            "Times New Roman"
        }


def test_paragraph_in_a_new_cell_uses_the_cell_s_empty_paragraph() -> None:
    document = new_document()
    table = add_table(document, [50, 50], ruled=False)
    cell = table.add_row().cells[0]

    add_paragraph(cell, "một", align=Align.CENTER)
    add_paragraph(cell, "")
    add_paragraph(cell, "hai")

    assert [p.text for p in cell.paragraphs] == ["một", "", "hai"]


def test_table_has_fixed_widths_and_lines_only_when_ruled() -> None:
    document = new_document()
    ruled = add_table(document, [10, 100, 55])
    bare = add_table(document, [80, 85], ruled=False)
    add_table_row(ruled, ["1", ["dòng một", "dòng hai"], Span("đậm", bold=True)], size=12)
    document = reopen(document)
    ruled, bare = document.tables

    assert [round(column.w.mm) for column in ruled._tbl.tblGrid.gridCol_lst] == [10, 100, 55]
    assert [p.text for p in ruled.rows[0].cells[1].paragraphs] == ["dòng một", "dòng hai"]
    assert ruled.rows[0].cells[2].paragraphs[0].runs[0].bold is True
    for table, line in ((ruled, "single"), (bare, "nil")):
        borders = table._tbl.tblPr.find(qn("w:tblBorders"))
        assert {edge.get(qn("w:val")) for edge in borders} == {line}
        assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        # Word refuses properties out of schema order: tblLook stays last.
        assert table._tbl.tblPr[-1].tag == qn("w:tblLook")


def test_party_header_without_superior_body_and_without_subject() -> None:
    document = new_document()
    add_party_header(
        document,
        superior_body="",
        issuing_body="Ban Chỉ đạo 35 tỉnh",
        number="05-QĐ/BCĐ35",
        date_line=vietnamese_date_line("Hà Giang", date(2022, 7, 20)),
    )
    (header,) = reopen(document).tables

    assert [[cell.text for cell in row.cells] for row in header.rows] == [
        ["BAN CHỈ ĐẠO 35 TỈNH\n*", "ĐẢNG CỘNG SẢN VIỆT NAM"],
        ["Số 05-QĐ/BCĐ35", "Hà Giang, ngày 20 tháng 7 năm 2022"],
    ]
    assert header.rows[1].cells[1].paragraphs[0].runs[0].italic is True


def test_signature_block_ends_recipients_with_commas_and_a_full_stop() -> None:
    document = new_document()
    add_signature_block(
        document,
        recipients=["Ban Thường vụ Tỉnh ủy (để báo cáo)", "Các thành viên,", "Lưu VT"],
        authority=["T/M Ban Chỉ đạo", "Trưởng ban"],
        signer_name="Vũ Mạnh Hà",
        blank_lines=3,
    )
    recipients, signature = reopen(document).tables[0].rows[0].cells

    assert [p.text for p in recipients.paragraphs] == [
        "Nơi nhận:",
        "- Ban Thường vụ Tỉnh ủy (để báo cáo),",
        "- Các thành viên,",
        "- Lưu VT.",
    ]
    assert [p.text for p in signature.paragraphs] == [
        "T/M BAN CHỈ ĐẠO",
        "TRƯỞNG BAN",
        "",
        "",
        "",
        "Vũ Mạnh Hà",
    ]


def test_page_numbers_from_the_second_page_on() -> None:
    document = new_document()
    add_page_numbers(document)
    section = reopen(document).sections[0]

    assert section.different_first_page_header_footer is True
    assert not section.first_page_header.paragraphs[0].text
    field = section.header.paragraphs[0]._p.find(qn("w:fldSimple"))
    assert field.get(qn("w:instr")) == "PAGE"


# --- PDF ---------------------------------------------------------------------------------------


def fake_soffice(folder: Path, script: str) -> str:
    path = folder / "soffice"
    path.write_text("#!/bin/sh\n" + script)
    path.chmod(0o755)
    return str(path)


def test_missing_libreoffice_is_a_clear_error_in_both_languages(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder: no soffice anywhere

    with pytest.raises(ConversionFailed) as raised:
        docx_to_pdf(docx_bytes(new_document()))

    message = raised.value.message
    assert "máy chủ chưa cài LibreOffice" in message.vi
    assert "“soffice”" in message.vi
    assert "LibreOffice is not installed on the server" in message.en
    assert str(raised.value) == message.en


def test_libreoffice_failing_is_reported_with_its_reason(tmp_path) -> None:
    command = fake_soffice(tmp_path, 'echo "Error: source file could not be loaded" >&2\nexit 1\n')

    with pytest.raises(ConversionFailed) as raised:
        docx_to_pdf(b"not a docx", command=command)

    assert raised.value.message.as_dict() == {
        "vi": "Không tạo được tệp PDF: LibreOffice không chuyển được văn bản "
        "(Error: source file could not be loaded).",
        "en": "Could not make the PDF: LibreOffice could not convert the document "
        "(Error: source file could not be loaded).",
    }


def test_libreoffice_ending_without_a_pdf_is_a_failure(tmp_path) -> None:
    command = fake_soffice(tmp_path, "exit 0\n")

    with pytest.raises(ConversionFailed, match="could not convert the document"):
        docx_to_pdf(b"PK", command=command)


def test_hanging_libreoffice_is_stopped_with_its_children(tmp_path) -> None:
    child = tmp_path / "child.pid"
    command = fake_soffice(tmp_path, f"sleep 60 &\necho $! > {child}\nwait\n")

    started = time.monotonic()
    with pytest.raises(ConversionFailed) as raised:
        docx_to_pdf(b"PK", command=command, timeout=1)

    assert time.monotonic() - started < 10
    assert "trong 1 giây" in raised.value.message.vi
    assert "within 1 seconds" in raised.value.message.en
    # The launcher's child (soffice.bin in real life) is killed too, not left running.
    assert ended(int(child.read_text()))


def ended(pid: int, *, within: float = 5) -> bool:
    """Whether the process is gone or dead (a zombie waiting for init), polling a little."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except FileNotFoundError:
            return True
        if state in {"Z", "X"}:
            return True
        time.sleep(0.05)
    return False


def test_two_conversions_at_once_each_get_their_own_pdf(tmp_path) -> None:
    def make(text: str) -> bytes:
        document = new_document()
        add_paragraph(document, text, size=14)
        return docx_bytes(document)

    texts = ["Văn bản thứ nhất: Đồng Văn", "Văn bản thứ hai: Mèo Vạc"]
    with ThreadPoolExecutor(max_workers=2) as pool:
        pdfs = list(pool.map(docx_to_pdf, [make(text) for text in texts]))

    for number, (text, pdf) in enumerate(zip(texts, pdfs, strict=True)):
        assert pdf.startswith(b"%PDF")
        path = tmp_path / f"{number}.pdf"
        path.write_bytes(pdf)
        printed = subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, check=True, text=True
        ).stdout
        assert printed.strip() == text
