"""The DOCX writer: a report as a minimal WordprocessingML package, laid out as printed.

The package holds ``[Content_Types].xml``, ``_rels/.rels``, ``word/document.xml``,
``word/_rels/document.xml.rels``, ``word/styles.xml`` and ``docProps/core.xml`` (with the
title). The body follows :func:`govinfo.writers._layout.layout`: the title, the six
section headings with their paragraphs, and the three tables with the official merged
cells as ``w:gridSpan`` (across) and ``w:vMerge`` (down), on a ``w:tblGrid``, with
single-line borders. The output is deterministic: the same report gives the same bytes.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence

from lxml import etree

from govinfo.model import AnnualReport
from govinfo.writers._layout import (
    Heading,
    LayoutBlock,
    LayoutTable,
    Para,
    Slot,
    check_extras,
    grid,
    layout,
    report_title,
)

__all__ = ["write_docx"]

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_XML = "http://www.w3.org/XML/1998/namespace"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CP = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
_DC = "http://purl.org/dc/elements/1.1/"
_DCTERMS = "http://purl.org/dc/terms/"

_MAIN_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_STYLES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"
_CORE_TYPE = "application/vnd.openxmlformats-package.core-properties+xml"
_RELS_TYPE = "application/vnd.openxmlformats-package.relationships+xml"
_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_CORE_REL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
_STYLES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"

# A4 portrait with the margins Chinese government documents commonly use (twips).
_PAGE_WIDTH, _PAGE_HEIGHT = 11906, 16838
_MARGIN_LR, _MARGIN_TB = 1588, 1440
_TEXT_WIDTH = _PAGE_WIDTH - 2 * _MARGIN_LR

# Relative widths of the label columns of table 3 (the value columns share the rest).
_LABEL_WEIGHTS = {"applications": (1.0, 1.3, 3.4)}
_TABLE_FONT_SIZE = 21  # half-points: 10.5 pt, 五号

# Characters XML 1.0 cannot carry; Word would refuse the part.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def _w(local: str) -> str:
    return f"{{{W}}}{local}"


def _sub(parent: etree._Element, local: str, **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, _w(local))
    for key, value in attributes.items():
        element.set(_w(key), value)
    return element


# --- paragraphs -----------------------------------------------------------------------


def _runs(p: etree._Element, text: str, *, bold: bool = False, size: int | None = None) -> None:
    """Append runs carrying ``text``: tabs as ``w:tab``, line breaks as ``w:br``."""
    text = _NOT_XML.sub("", text)
    if not text:
        return
    r = _sub(p, "r")
    if bold or size:
        r_pr = _sub(r, "rPr")
        if bold:
            _sub(r_pr, "b")
            _sub(r_pr, "bCs")
        if size:
            _sub(r_pr, "sz", val=str(size))
            _sub(r_pr, "szCs", val=str(size))
    for i, line in enumerate(text.split("\n")):
        if i:
            _sub(r, "br")
        for j, piece in enumerate(line.split("\t")):
            if j:
                _sub(r, "tab")
            if piece:
                t = _sub(r, "t")
                t.text = piece
                if piece != piece.strip() or "  " in piece:
                    t.set(f"{{{_XML}}}space", "preserve")


def _paragraph(
    parent: etree._Element,
    text: str,
    *,
    style: str | None = None,
    align: str | None = None,
    bold: bool = False,
    indent: bool = False,
    size: int | None = None,
    single: bool = False,
) -> etree._Element:
    p = _sub(parent, "p")
    if style or align or indent or single:
        p_pr = _sub(p, "pPr")
        if style:
            _sub(p_pr, "pStyle", val=style)
        if single:
            _sub(p_pr, "spacing", line="240", lineRule="auto")
        if indent:
            _sub(p_pr, "ind", firstLineChars="200", firstLine="640")
        if align:
            _sub(p_pr, "jc", val=align)
    _runs(p, text, bold=bold, size=size)
    return p


# --- tables ---------------------------------------------------------------------------


def _column_widths(table: LayoutTable, width: int) -> list[int]:
    labels = _LABEL_WEIGHTS.get(table.key, ())
    weights = [*labels, *([1.0] * (width - len(labels)))][:width]
    total = sum(weights)
    widths = [int(_TEXT_WIDTH * w / total) for w in weights]
    widths[-1] += _TEXT_WIDTH - sum(widths)
    return widths


def _borders(parent: etree._Element, local: str, sides: Sequence[str]) -> None:
    borders = _sub(parent, local)
    for side in sides:
        _sub(borders, side, val="single", sz="4", space="0", color="000000")


def _starts_here(slots: list[Slot], c: int) -> bool:
    """Whether grid column ``c`` is the leftmost column of the cell covering it."""
    return c == 0 or slots[c - 1].cell is not slots[c].cell


def _table(body: etree._Element, table: LayoutTable) -> None:
    slots = grid(table)
    if not slots:
        return
    width = len(slots[0])
    widths = _column_widths(table, width)
    tbl = _sub(body, "tbl")
    tbl_pr = _sub(tbl, "tblPr")
    _sub(tbl_pr, "tblW", w=str(_TEXT_WIDTH), type="dxa")
    _sub(tbl_pr, "jc", val="center")
    _borders(tbl_pr, "tblBorders", ("top", "left", "bottom", "right", "insideH", "insideV"))
    _sub(tbl_pr, "tblLayout", type="fixed")
    cell_margins = _sub(tbl_pr, "tblCellMar")
    _sub(cell_margins, "left", w="57", type="dxa")
    _sub(cell_margins, "right", w="57", type="dxa")
    _sub(tbl_pr, "tblLook", val="0000")
    tbl_grid = _sub(tbl, "tblGrid")
    for column_width in widths:
        _sub(tbl_grid, "gridCol", w=str(column_width))
    for row in slots:
        tr = _sub(tbl, "tr")
        tr_pr = _sub(tr, "trPr")
        _sub(tr_pr, "cantSplit")
        for c, slot in enumerate(row):
            if not _starts_here(row, c):  # covered by the cell to the left
                continue
            cell = slot.cell
            span = cell.colspan
            tc = _sub(tr, "tc")
            tc_pr = _sub(tc, "tcPr")
            _sub(tc_pr, "tcW", w=str(sum(widths[c : c + span])), type="dxa")
            if span > 1:
                _sub(tc_pr, "gridSpan", val=str(span))
            if slot.rowspanned:
                _sub(tc_pr, "vMerge")  # continues the cell above
            elif cell.rowspan > 1:
                _sub(tc_pr, "vMerge", val="restart")
            _sub(tc_pr, "vAlign", val="center")
            # Row labels read left-aligned; headers, values and the metadata grid centred.
            label = cell.path is None and not cell.header and table.key != "metadata"
            text = "" if slot.rowspanned else cell.text
            for line in text.split("\n"):
                _paragraph(
                    tc,
                    line,
                    align="left" if label else "center",
                    bold=cell.header,
                    size=_TABLE_FONT_SIZE,
                    single=True,
                )


# --- the package ----------------------------------------------------------------------


def _document(blocks: Sequence[LayoutBlock]) -> bytes:
    root = etree.Element(_w("document"), nsmap={"w": W, "r": _R})
    body = _sub(root, "body")
    previous: LayoutBlock | None = None
    for block in blocks:
        if isinstance(block, Heading):
            if block.level == 1:
                _paragraph(body, block.text, style="Title", align="center")
            else:
                _paragraph(body, block.text, style="Heading2")
        elif isinstance(block, Para):
            _paragraph(body, block.text, indent=True)
        else:
            if isinstance(previous, LayoutTable):  # Word would join two adjacent tables
                _sub(body, "p")
            _table(body, block)
        previous = block
    _sub(body, "p")  # a body must not end with a table
    sect = _sub(body, "sectPr")
    _sub(sect, "pgSz", w=str(_PAGE_WIDTH), h=str(_PAGE_HEIGHT))
    _sub(
        sect,
        "pgMar",
        top=str(_MARGIN_TB),
        right=str(_MARGIN_LR),
        bottom=str(_MARGIN_TB),
        left=str(_MARGIN_LR),
        header="851",
        footer="992",
        gutter="0",
    )
    return _serialize(root)


def _styles() -> bytes:
    root = etree.Element(_w("styles"), nsmap={"w": W})
    defaults = _sub(root, "docDefaults")
    r_pr = _sub(_sub(defaults, "rPrDefault"), "rPr")
    _sub(r_pr, "rFonts", ascii="Times New Roman", hAnsi="Times New Roman", eastAsia="宋体", cs="Times New Roman")
    _sub(r_pr, "sz", val="24")
    _sub(r_pr, "szCs", val="24")
    _sub(r_pr, "lang", val="en-US", eastAsia="zh-CN", bidi="ar-SA")
    _sub(_sub(defaults, "pPrDefault"), "pPr")

    def style(style_id: str, name: str, *, default: bool = False) -> etree._Element:
        element = _sub(root, "style", type="paragraph", styleId=style_id)
        if default:
            element.set(_w("default"), "1")
        _sub(element, "name", val=name)
        if not default:
            _sub(element, "basedOn", val="Normal")
            _sub(element, "next", val="Normal")
        _sub(element, "qFormat")
        return element

    normal = style("Normal", "Normal", default=True)
    p_pr = _sub(normal, "pPr")
    _sub(p_pr, "spacing", line="360", lineRule="auto")
    title = style("Title", "Title")
    p_pr = _sub(title, "pPr")
    _sub(p_pr, "spacing", before="240", after="240")
    _sub(p_pr, "jc", val="center")
    _sub(p_pr, "outlineLvl", val="0")
    r_pr = _sub(title, "rPr")
    _sub(r_pr, "rFonts", eastAsia="黑体")
    _sub(r_pr, "b")
    _sub(r_pr, "sz", val="36")
    _sub(r_pr, "szCs", val="36")
    heading = style("Heading2", "heading 2")
    p_pr = _sub(heading, "pPr")
    _sub(p_pr, "keepNext")
    _sub(p_pr, "spacing", before="120", after="120")
    _sub(p_pr, "outlineLvl", val="1")
    r_pr = _sub(heading, "rPr")
    _sub(r_pr, "rFonts", eastAsia="黑体")
    _sub(r_pr, "b")
    _sub(r_pr, "sz", val="28")
    _sub(r_pr, "szCs", val="28")
    return _serialize(root)


def _core(title: str | None) -> bytes:
    root = etree.Element(f"{{{_CP}}}coreProperties", nsmap={"cp": _CP, "dc": _DC, "dcterms": _DCTERMS})
    if title:
        etree.SubElement(root, f"{{{_DC}}}title").text = _NOT_XML.sub("", title)
    etree.SubElement(root, f"{{{_DC}}}creator").text = "govinfo"
    return _serialize(root)


def _content_types() -> bytes:
    root = etree.fromstring(f'<Types xmlns="{_CT}"/>')
    for extension, content_type in (("rels", _RELS_TYPE), ("xml", "application/xml")):
        etree.SubElement(root, f"{{{_CT}}}Default", Extension=extension, ContentType=content_type)
    for part, content_type in (
        ("/word/document.xml", _MAIN_TYPE),
        ("/word/styles.xml", _STYLES_TYPE),
        ("/docProps/core.xml", _CORE_TYPE),
    ):
        etree.SubElement(root, f"{{{_CT}}}Override", PartName=part, ContentType=content_type)
    return _serialize(root)


def _relationships(*relations: tuple[str, str, str]) -> bytes:
    root = etree.fromstring(f'<Relationships xmlns="{_RELS}"/>')
    for rel_id, rel_type, target in relations:
        etree.SubElement(root, f"{{{_RELS}}}Relationship", Id=rel_id, Type=rel_type, Target=target)
    return _serialize(root)


def _serialize(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def write_docx(report: AnnualReport) -> bytes:
    """Return ``report`` as the bytes of a ``.docx`` file laid out as the official format.

    Raises:
        WriteError: a table the form lacks would not read back (its heading, its texts).
    """
    blocks = layout(report)
    check_extras(report, blocks, joins_tables=False, layout_name="DOCX")
    parts = (
        ("[Content_Types].xml", _content_types()),
        (
            "_rels/.rels",
            _relationships(
                ("rId1", _OFFICE_DOCUMENT, "word/document.xml"),
                ("rId2", _CORE_REL, "docProps/core.xml"),
            ),
        ),
        ("word/document.xml", _document(blocks)),
        ("word/_rels/document.xml.rels", _relationships(("rId1", _STYLES_REL, "styles.xml"))),
        ("word/styles.xml", _styles()),
        ("docProps/core.xml", _core(report_title(report))),
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts:
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            package.writestr(info, data)
    return buffer.getvalue()
