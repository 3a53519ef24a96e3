"""Word documents in the Party layout (Hướng dẫn 36-HD/VPTW), written with python-docx.

Every document the contest issues (the units' letters, the award decision, the rules, the
report) is built as DOCX here and turned into PDF by ``pdf.docx_to_pdf``, so the PDF is always
the DOCX as printed. The helpers are the layout rules, written once:

- ``new_document``: A4 portrait, the Party margins, Times New Roman in every font slot (Latin,
  East Asian and complex script: Vietnamese diacritics must never fall back to another font),
  Vietnamese as the proofing language;
- ``add_paragraph`` / ``Span`` / ``add_hyperlink``: paragraphs whose runs all carry the font;
- ``add_table`` / ``add_table_row`` / ``repeat_as_header``: fixed-width tables, ruled or not;
- ``add_page_numbers`` and ``docx_bytes``.

The parts every Party document shares (header, signature, date line) are in ``party.py``.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run

FONT = "Times New Roman"
BODY_SIZE = 14
LANGUAGE = "vi-VN"

Align = WD_ALIGN_PARAGRAPH
_FONT_SLOTS = ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")
# Theme fonts win over named fonts in Word, so a slot left on a theme would not be Times.
_THEME_SLOTS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


@dataclass(frozen=True)
class Margins:
    """Page margins in millimetres."""

    top: float
    bottom: float
    left: float
    right: float


# Hướng dẫn 36-HD/VPTW: top and bottom 20-25 mm, left 30-35 mm, right 15-20 mm.
PARTY_MARGINS = Margins(top=20, bottom=20, left=30, right=15)
A4_WIDTH, A4_HEIGHT = 210, 297


def text_width_mm(margins: Margins = PARTY_MARGINS) -> float:
    """The width between the margins of an A4 portrait page: 165 mm with the Party margins."""
    return A4_WIDTH - margins.left - margins.right


# --- the document ------------------------------------------------------------------------------


def new_document(
    *,
    font: str = FONT,
    size: float = BODY_SIZE,
    margins: Margins = PARTY_MARGINS,
    title: str = "",
    author: str = "",
    created: datetime | None = None,
) -> DocumentObject:
    """An empty A4 document in ``font`` at ``size`` points, in Vietnamese, with no spacing."""
    document = Document()
    set_page_a4(document, margins)
    set_document_font(document, font, size)
    properties = document.core_properties
    # The template says "python-docx" here; a letter carries its own unit's name instead.
    properties.title = title
    properties.author = author
    properties.last_modified_by = author
    properties.comments = ""
    properties.keywords = ""
    properties.subject = ""
    properties.category = ""
    properties.language = LANGUAGE
    properties.revision = 1
    if created is not None:
        properties.created = properties.modified = created
    return document


def set_page_a4(document: DocumentObject, margins: Margins = PARTY_MARGINS) -> None:
    """Every section A4 portrait with ``margins`` (the template's default is US Letter)."""
    for section in document.sections:
        section.page_width, section.page_height = Mm(A4_WIDTH), Mm(A4_HEIGHT)
        section.top_margin, section.bottom_margin = Mm(margins.top), Mm(margins.bottom)
        section.left_margin, section.right_margin = Mm(margins.left), Mm(margins.right)
        section.header_distance = section.footer_distance = Mm(10)
        section.gutter = 0


def set_document_font(document: DocumentObject, name: str = FONT, size: float = BODY_SIZE) -> None:
    """``name`` in all four font slots of the defaults and of every style, at ``size`` points.

    Also sets Vietnamese as the language and removes the template's paragraph spacing (10 pt
    after, 1.15 lines), so that spacing is only what a helper asks for.
    """
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    run_defaults = _child(_child(defaults, "w:rPrDefault"), "w:rPr")
    _set_font_slots(run_defaults, name)
    _child(run_defaults, "w:sz").set(qn("w:val"), str(round(size * 2)))
    _set_size_cs(run_defaults, size)
    _set_language(run_defaults)
    paragraph_defaults = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    spacing = paragraph_defaults.find(qn("w:spacing"))
    if spacing is not None:
        paragraph_defaults.remove(spacing)
    for fonts in styles.iter(qn("w:rFonts")):  # styles, and their table-part overrides
        _set_font_slots(fonts.getparent(), name)
    normal = document.styles["Normal"]
    normal.font.name = name
    normal.font.size = Pt(size)
    _set_font_slots(normal.element.get_or_add_rPr(), name)


def set_run_font(run: Run, name: str = FONT) -> None:
    """``name`` in the run's four font slots, so no script of the run falls back."""
    _set_font_slots(run._r.get_or_add_rPr(), name)


def _set_font_slots(rpr, name: str) -> None:
    if hasattr(rpr, "get_or_add_rFonts"):  # a run's or a style's properties: keep the order
        fonts = rpr.get_or_add_rFonts()
    else:
        fonts = _child(rpr, "w:rFonts")
    for slot in _THEME_SLOTS:
        fonts.attrib.pop(qn(slot), None)
    for slot in _FONT_SLOTS:
        fonts.set(qn(slot), name)


def _set_size_cs(rpr, size: float) -> None:
    """The complex-script size too, which python-docx's ``font.size`` leaves alone."""
    size_cs = rpr.find(qn("w:szCs"))
    if size_cs is None:
        size_cs = OxmlElement("w:szCs")
        # The schema wants it right after w:sz (Word calls a file out of order corrupt).
        rpr.find(qn("w:sz")).addnext(size_cs)
    size_cs.set(qn("w:val"), str(round(size * 2)))


def _set_language(rpr) -> None:
    language = rpr.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        rpr.append(language)
    for attribute in ("w:val", "w:eastAsia"):
        language.set(qn(attribute), LANGUAGE)


def add_page_numbers(document: DocumentObject, *, size: float = BODY_SIZE) -> None:
    """Page numbers centred at the top from the second page on, as Party documents have them."""
    for section in document.sections:
        section.different_first_page_header_footer = True
        paragraph = section.header.paragraphs[0]
        paragraph.alignment = Align.CENTER
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), "PAGE")
        run = add_run(paragraph, "2", size=size)  # what a reader without fields shows
        paragraph._p.append(field)
        field.append(run._r)


def docx_bytes(document: DocumentObject) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- paragraphs --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """A piece of a paragraph formatted apart from the rest; ``None`` keeps the paragraph's."""

    text: str
    bold: bool | None = None
    italic: bool | None = None
    underline: bool | None = None
    size: float | None = None


def add_paragraph(
    container: DocumentObject | _Cell,
    *parts: str | Span,
    size: float | None = None,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    align: Align = Align.LEFT,
    space_before: float = 0,
    space_after: float = 0,
    first_line_indent_mm: float | None = None,
    line_spacing: float | None = None,
    keep_with_next: bool = False,
) -> Paragraph:
    """A paragraph of ``parts`` (``"\\n"`` breaks a line); spacing in points.

    In a table cell the cell's first, still empty paragraph is used rather than left blank.
    """
    paragraph = _next_paragraph(container)
    layout = paragraph.paragraph_format
    paragraph.alignment = align
    layout.space_before, layout.space_after = Pt(space_before), Pt(space_after)
    if first_line_indent_mm is not None:
        layout.first_line_indent = Mm(first_line_indent_mm)
    if line_spacing is not None:
        layout.line_spacing = line_spacing
    layout.keep_with_next = keep_with_next
    for part in parts:
        span = part if isinstance(part, Span) else Span(part)
        add_run(
            paragraph,
            span.text,
            size=span.size if span.size is not None else size,
            bold=bold if span.bold is None else span.bold,
            italic=italic if span.italic is None else span.italic,
            underline=underline if span.underline is None else span.underline,
        )
    return paragraph


def add_run(
    paragraph: Paragraph,
    text: str,
    *,
    size: float | None = None,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    font: str = FONT,
) -> Run:
    run = paragraph.add_run(text)
    set_run_font(run, font)
    run.bold, run.italic, run.underline = bold or None, italic or None, underline or None
    if size is not None:
        run.font.size = Pt(size)
        _set_size_cs(run._r.get_or_add_rPr(), size)
    return run


def add_hyperlink(
    paragraph: Paragraph, url: str, text: str | None = None, *, size: float | None = None
) -> Run:
    """A clickable link (kept in the PDF), printed as plain text the way an official letter is."""
    relationship = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), relationship)
    run = add_run(paragraph, url if text is None else text, size=size)
    # LibreOffice exports a link to the PDF only when its run has a character style
    # (tdf#146575); "Hyperlink" is added plain: no blue, no underline.
    styles = paragraph.part.document.styles
    if "Hyperlink" not in [style.name for style in styles]:
        styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
    run.style = "Hyperlink"
    paragraph._p.append(link)
    link.append(run._r)
    return run


def _next_paragraph(container: DocumentObject | _Cell) -> Paragraph:
    if isinstance(container, _Cell):
        paragraphs = container.paragraphs
        # A new cell holds one bare paragraph (no properties); every paragraph made here has some.
        if len(paragraphs) == 1 and paragraphs[0]._p.pPr is None and not paragraphs[0].runs:
            return paragraphs[0]
    return container.add_paragraph()


# --- tables ------------------------------------------------------------------------------------


def add_table(
    document: DocumentObject,
    widths_mm: Sequence[float],
    *,
    ruled: bool = True,
    align: WD_TABLE_ALIGNMENT = WD_TABLE_ALIGNMENT.CENTER,
    padding_mm: float = 1.2,
) -> Table:
    """An empty table with fixed column widths; ``ruled=False`` draws no line at all.

    ``padding_mm`` is the room left and right of the text in each cell (Word's default, 1.9 mm,
    wastes a narrow column).
    """
    table = document.add_table(rows=0, cols=len(widths_mm))
    table.alignment = align
    table.autofit = False
    properties = table._tbl.tblPr
    width = _child(properties, "w:tblW")
    width.set(qn("w:w"), str(_twips(sum(widths_mm))))
    width.set(qn("w:type"), "dxa")
    for column, millimetres in zip(table._tbl.tblGrid.gridCol_lst, widths_mm, strict=True):
        column.w = Mm(millimetres)
    margins = _child(properties, "w:tblCellMar")
    for edge in ("left", "right"):
        margin = _child(margins, f"w:{edge}")
        margin.set(qn("w:w"), str(_twips(padding_mm)))
        margin.set(qn("w:type"), "dxa")
    borders = _child(properties, "w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = _child(borders, f"w:{edge}")
        line.set(qn("w:val"), "single" if ruled else "nil")
        if ruled:
            line.set(qn("w:sz"), "4")  # eighths of a point: a hairline of 0.5 pt
            line.set(qn("w:space"), "0")
            line.set(qn("w:color"), "000000")
    return table


def add_table_row(
    table: Table,
    values: Sequence[str | Span | Sequence[str | Span]],
    *,
    size: float | None = None,
    bold: bool = False,
    aligns: Sequence[Align] | None = None,
    vertical: WD_CELL_VERTICAL_ALIGNMENT = WD_CELL_VERTICAL_ALIGNMENT.CENTER,
) -> _Row:
    """A row of one paragraph per cell; a cell given as a list gets one paragraph per item."""
    row = table.add_row()
    keep_row_together(row)
    for index, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
        cell.vertical_alignment = vertical
        lines = [value] if isinstance(value, str | Span) else list(value)
        for line in lines:
            add_paragraph(
                cell, line, size=size, bold=bold, align=aligns[index] if aligns else Align.LEFT
            )
    return row


def repeat_as_header(row: _Row) -> None:
    """Print ``row`` again at the top of every page the table runs onto."""
    _child(row._tr.get_or_add_trPr(), "w:tblHeader").set(qn("w:val"), "true")


def keep_row_together(row: _Row) -> None:
    """A row is never split between two pages."""
    _child(row._tr.get_or_add_trPr(), "w:cantSplit").set(qn("w:val"), "true")


# The order WordprocessingML requires of the children we add (Word refuses a file out of order).
_ORDER = {
    "w:tblPr": (
        "w:tblStyle w:tblpPr w:tblOverlap w:bidiVisual w:tblStyleRowBandSize "
        "w:tblStyleColBandSize w:tblW w:jc w:tblCellSpacing w:tblInd w:tblBorders w:shd "
        "w:tblLayout w:tblCellMar w:tblLook w:tblCaption w:tblDescription"
    ),
    "w:trPr": (
        "w:cnfStyle w:divId w:gridBefore w:gridAfter w:wBefore w:wAfter w:cantSplit w:trHeight "
        "w:tblHeader w:tblCellSpacing w:jc w:hidden"
    ),
    "w:tblBorders": "w:top w:left w:start w:bottom w:right w:end w:insideH w:insideV",
    "w:tblCellMar": "w:top w:left w:start w:bottom w:right w:end",
}


def _child(parent, tag: str):
    """The child ``tag`` of ``parent``, added in its schema position if missing."""
    element = parent.find(qn(tag))
    if element is not None:
        return element
    element = OxmlElement(tag)
    order = next((tags.split() for name, tags in _ORDER.items() if parent.tag == qn(name)), None)
    if order and tag in order:
        later = {qn(name) for name in order[order.index(tag) + 1 :]}
        successor = next((child for child in parent if child.tag in later), None)
        if successor is not None:
            successor.addprevious(element)
            return element
    parent.append(element)
    return element


def _twips(millimetres: float) -> int:
    return round(millimetres / 25.4 * 1440)
