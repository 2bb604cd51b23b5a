"""The DOCX reader: WordprocessingML packages (``.docx``, ``.docm``) with zipfile and lxml.

The main document part is walked in reading order. Paragraphs become
:class:`~govinfo.document.Paragraph` blocks; tables become
:class:`~govinfo.document.Table` blocks with merged cells resolved to a grid
(``w:gridSpan``, ``w:vMerge``, ``w:hMerge``, ``w:gridBefore``/``w:gridAfter``). Text is
what Word shows: field results but not field instructions, insertions but not
deletions, the content of content controls (but not their placeholder text), one branch
of each ``mc:AlternateContent``. Nested tables and the content of text boxes follow the
block they are anchored in, as blocks of their own.

Safety: the package is checked before anything is decompressed (member count, each
member's declared size and compression ratio, the total), members are read through a
bounded reader, and XML is parsed without DTDs, entities or network access; a
``DOCTYPE`` in a part is refused outright.
"""

from __future__ import annotations

import io
import lzma
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from posixpath import normpath
from typing import TYPE_CHECKING

import attrs

from govinfo.document import Block, Cell, Document, Location, Paragraph, Source, Table
from govinfo.errors import ReadError

if TYPE_CHECKING:  # lxml is imported on the first read: detecting a text file needs none of it
    from lxml import etree

__all__ = [
    "MAX_COLUMNS",
    "MAX_MEMBERS",
    "MAX_PART_BYTES",
    "MAX_RATIO",
    "MAX_TOTAL_BYTES",
    "DocxReader",
]

MAX_MEMBERS = 5000
"""Most members a package may list."""
MAX_PART_BYTES = 64 * 1024 * 1024
"""Largest declared uncompressed size of any member (64 MiB)."""
MAX_TOTAL_BYTES = 200 * 1024 * 1024
"""Largest declared uncompressed size of all members together (200 MiB)."""
MAX_RATIO = 200
"""Highest compression ratio accepted for a member larger than :data:`RATIO_FLOOR`."""
RATIO_FLOOR = 1024 * 1024
"""Members up to this size are exempt from the ratio check: they cannot exhaust memory."""
MAX_COLUMNS = 1000
"""Most grid columns a table row may have (Word itself stops at 63)."""

_ZIP_MAGIC = b"PK\x03\x04"
_EMPTY_ZIP_MAGIC = b"PK\x05\x06"
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_WORD_STREAM = "WordDocument".encode("utf-16-le")
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_MAIN_PART = "word/document.xml"
_CORE_PART = "docProps/core.xml"

_W_NAMESPACES = frozenset(
    {
        "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
        "http://purl.oclc.org/ooxml/wordprocessingml/main",
    }
)
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_MATH = "http://schemas.openxmlformats.org/officeDocument/2006/math"
_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_DOCUMENT = "/officeDocument"
_CORE_PROPERTIES = "/core-properties"
_DC = "http://purl.org/dc/elements/1.1/"

# Inline elements whose content Word does not show as text of the paragraph.
_SKIP_INLINE = frozenset(
    {
        "pPr", "rPr", "del", "moveFrom", "delText", "instrText", "delInstrText",
        "sdtPr", "sdtEndPr", "fldData", "footnoteReference", "endnoteReference",
        "commentReference", "annotationRef", "object", "customXmlPr", "smartTagPr",
        "rt",
    }
)  # fmt: skip
_BLOCK_CONTAINERS = frozenset({"customXml", "ins", "moveTo", "smartTag", "bdo", "dir"})
_DOCTYPE = re.compile(rb"<\s*!\s*DOCTYPE", re.IGNORECASE)
_POSITION = re.compile(r",\s*line \d+,\s*column \d+\s*$")
_DOCTYPE_UTF16 = ("<!DOCTYPE".encode("utf-16-le"), "<!DOCTYPE".encode("utf-16-be"))


def _parser() -> etree.XMLParser:
    from lxml import etree

    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=False,
    )


_LOCAL_NAMES: dict[str, str | None] = {}


def _local(element: etree._Element) -> str | None:
    """Return the local name of a WordprocessingML element, ``None`` for anything else."""
    tag = element.tag
    if not isinstance(tag, str):  # comments, processing instructions
        return None
    try:
        return _LOCAL_NAMES[tag]
    except KeyError:
        pass
    namespace, _, local = tag[1:].partition("}") if tag.startswith("{") else ("", "", tag)
    result = local if namespace in _W_NAMESPACES else None
    if len(_LOCAL_NAMES) < 10000:  # tag names come from the input: keep the cache bounded
        _LOCAL_NAMES[tag] = result
    return result


def _is(element: etree._Element, namespace: str, local: str) -> bool:
    return element.tag == f"{{{namespace}}}{local}"


def _w_attr(element: etree._Element, local: str) -> str | None:
    for namespace in _W_NAMESPACES:
        value = element.get(f"{{{namespace}}}{local}")
        if value is not None:
            return value
    return None


def _w_child(element: etree._Element | None, local: str) -> etree._Element | None:
    if element is None:
        return None
    for child in element:
        if _local(child) == local:
            return child
    return None


def _properties(element: etree._Element, local: str) -> dict[str, etree._Element]:
    """Return the children of ``element``'s property element (``w:tcPr``) by local name.

    The schema puts the property element first (``w:trPr`` after ``w:tblPrEx`` at most).
    """
    names = _LOCAL_NAMES
    for index, child in enumerate(element):
        if index > 1:
            break
        tag = child.tag
        if (names[tag] if tag in names else _local(child)) == local:
            properties: dict[str, etree._Element] = {}
            for c in child:
                tag = c.tag
                name = names[tag] if tag in names else _local(c)
                if name is not None:
                    properties[name] = c
            return properties
    return {}


_NO_PROPERTIES: dict[str, etree._Element] = {}


def _int_attr(element: etree._Element | None, default: int) -> int:
    if element is None:
        return default
    value = _w_attr(element, "val")
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _on(element: etree._Element | None) -> bool:
    """Return whether an on/off property (``w:showingPlcHdr``) is present and on."""
    if element is None:
        return False
    return (_w_attr(element, "val") or "true").lower() not in ("false", "0", "off")


def _sdt_content(sdt: etree._Element) -> etree._Element | None:
    """Return a content control's content, ``None`` while it shows its placeholder text."""
    if _on(_w_child(_w_child(sdt, "sdtPr"), "showingPlcHdr")):
        return None
    return _w_child(sdt, "sdtContent")


def _choose_branch(alternate: etree._Element) -> etree._Element | None:
    """Return the one branch of ``mc:AlternateContent`` to read.

    Every branch shows the same content in a different markup; reading two would
    double the text. The first branch that holds any text or text box wins, the first
    branch otherwise.
    """
    branches = [child for child in alternate if _is(child, _MC, "Choice") or _is(child, _MC, "Fallback")]
    for branch in branches:
        for element in branch.iter():
            if _local(element) in ("t", "txbxContent"):
                return branch
    return branches[0] if branches else None


# A paragraph is plain when it holds only runs (and childless proof/bookmark marks) and
# its runs only text, tabs, breaks and properties: no fields, content controls, tracked
# changes, alternate content, text boxes or symbols. Its text is then its runs' children
# in order, with no state to keep. libxml2 finds the paragraphs and cells that are not
# plain; only those take the general walk.
_PLAIN_RUN = ("rPr", "t", "tab", "ptab", "br", "cr", "noBreakHyphen", "lastRenderedPageBreak")
_MARKS = ("proofErr", "bookmarkStart", "bookmarkEnd")


# The cell properties ``_row`` reads; a cell with none of them has the default shape.
_CELL_SHAPE = ("cellDel", "gridSpan", "vMerge", "hMerge")
_ROW_SHAPE = ("del", "gridBefore", "gridAfter")  # and those ``_row`` and ``_rows`` read of a row


def _grandparents(root: etree._Element, names: tuple[str, ...]) -> set[etree._Element]:
    """The grandparents of the elements named ``names`` in any WordprocessingML namespace.

    A superset of the cells (``w:tc``) whose ``w:tcPr`` holds one of them; found by
    libxml2's own iteration, so no proxy is made for the other elements.
    """
    tags = [f"{{{namespace}}}{name}" for namespace in sorted(_W_NAMESPACES) for name in names]
    found: set[etree._Element] = set()
    for element in root.iter(*tags):
        parent = element.getparent()
        grandparent = parent.getparent() if parent is not None else None
        if grandparent is not None:
            found.add(grandparent)
    return found


# Whether a cell with no span or merge is placed inline rather than through ``place``
# (the tests turn it off to compare both).
_INLINE_CELLS = True


def _has_element_child(element: etree._Element) -> bool:
    return any(isinstance(child.tag, str) for child in element)  # comments and PIs are not elements


def _not_plain_paragraphs(root: etree._Element, namespace: str) -> list[etree._Element]:
    """The paragraphs (``w:p`` in ``namespace``) that are not plain, in document order.

    A paragraph is not plain when a child element is not ``pPr``, a run or a mark, a
    mark has a child element, or a run has a child element other than those of
    ``_PLAIN_RUN`` (or a ``lastRenderedPageBreak`` with a child element). One lean pass
    over the paragraphs' children; ``tests/readers/test_docx_plain.py`` checks it
    against the XPath query it replaced.
    """
    w = f"{{{namespace}}}"
    run, properties, page_break = w + "r", w + "pPr", w + "lastRenderedPageBreak"
    marks = frozenset(w + name for name in _MARKS)
    plain_run = frozenset(w + name for name in _PLAIN_RUN)
    found: list[etree._Element] = []
    for p in root.iter(w + "p"):
        for child in p:
            tag = child.tag
            if tag == run:
                for inner in child:
                    inner_tag = inner.tag
                    if inner_tag in plain_run:
                        if inner_tag == page_break and _has_element_child(inner):
                            break
                    elif isinstance(inner_tag, str):
                        break
                else:
                    continue
                found.append(p)
                break
            if tag == properties:
                continue
            if tag in marks:
                if _has_element_child(child):
                    found.append(p)
                    break
            elif isinstance(tag, str):
                found.append(p)
                break
    return found


def _not_plain_cells(root: etree._Element, namespace: str) -> list[etree._Element]:
    """The cells (``w:tc`` in ``namespace``) with a child element other than ``tcPr`` or ``p``."""
    w = f"{{{namespace}}}"
    p, properties = w + "p", w + "tcPr"
    found: list[etree._Element] = []
    for tc in root.iter(w + "tc"):
        for child in tc:
            tag = child.tag
            if tag != p and tag != properties and isinstance(tag, str):
                found.append(tc)
                break
    return found


def _not_plain(root: etree._Element, namespace: str) -> tuple[set[etree._Element], set[etree._Element]]:
    """The paragraphs, and the cells, that are not plain (see above)."""
    paragraphs = _not_plain_paragraphs(root, namespace)
    complex_cells = set(_not_plain_cells(root, namespace))
    tc = f"{{{namespace}}}tc"
    complex_cells.update(parent for p in paragraphs if (parent := p.getparent()) is not None and parent.tag == tc)
    return set(paragraphs), complex_cells


@attrs.define
class _Walker:
    """Turns the body of the main part into blocks, numbering paragraphs and tables."""

    part: str
    source: str | None = None
    notes: list[str] = attrs.Factory(list)
    blocks: list[Block] = attrs.Factory(list)
    paragraph_count: int = 0
    table_count: int = 0
    # Open complex fields, innermost last: True once past w:fldChar separate (the result).
    fields: list[bool] = attrs.Factory(list)
    # The paragraphs and cells that need the general walk; the others are plain.
    complex_paragraphs: set[etree._Element] = attrs.Factory(set)
    complex_cells: set[etree._Element] = attrs.Factory(set)
    namespace: str = ""
    tags: dict[str, str] = attrs.Factory(dict)
    # The cells whose properties may hold a span, a merge or a deletion (``None``: any may).
    shaped_cells: set[etree._Element] | None = None
    # The rows whose properties may hold a deletion or cells before or after the grid.
    shaped_rows: set[etree._Element] | None = None

    def prepare(self, root: etree._Element) -> None:
        """Find the paragraphs and cells of ``root`` that are not plain."""
        self.namespace = root.tag[1:].partition("}")[0] if isinstance(root.tag, str) else ""
        names = ("p", "tc", "r", "t", "tab", "ptab", "br", "cr", "noBreakHyphen")
        self.tags = {name: f"{{{self.namespace}}}{name}" for name in names}
        self.complex_paragraphs, self.complex_cells = _not_plain(root, self.namespace)
        self.shaped_cells = _grandparents(root, _CELL_SHAPE)
        self.shaped_rows = _grandparents(root, _ROW_SHAPE)

    def _plain_text(self, p: etree._Element) -> str:
        """The text of a plain paragraph (at the start of a paragraph every open field shows)."""
        tags = self.tags
        t, hyphen = tags["t"], tags["noBreakHyphen"]
        tabs, breaks = (tags["tab"], tags["ptab"]), (tags["br"], tags["cr"])
        pieces: list[str] = []
        for r in p.iterchildren(tags["r"]):
            for child in r:
                tag = child.tag
                if tag == t:
                    pieces.append(child.text or "")
                elif tag in tabs:
                    pieces.append("\t")
                elif tag in breaks:
                    pieces.append("\n")
                elif tag == hyphen:
                    pieces.append("-")
        return "".join(pieces)

    # -- block level ---------------------------------------------------------------------

    def walk(self, container: etree._Element) -> None:
        """Append the blocks of a body, cell, text box or content control to ``blocks``."""
        for child in container:
            local = _local(child)
            if local == "p":
                self._paragraph(child)
            elif local == "tbl":
                self._table(child)
            elif local == "sdt":
                content = _sdt_content(child)
                if content is not None:
                    self.walk(content)
            elif local in _BLOCK_CONTAINERS:
                self.walk(child)
            elif local == "altChunk":
                self._note("an embedded document (w:altChunk) was not read")
            elif _is(child, _MC, "AlternateContent"):
                branch = _choose_branch(child)
                if branch is not None:
                    self.walk(branch)

    def _note(self, message: str) -> None:
        note = f"{self.part}: {message}"
        if note not in self.notes:
            self.notes.append(note)

    def _paragraph(self, p: etree._Element) -> None:
        self.paragraph_count += 1
        number = self.paragraph_count
        if p.tag == self.tags.get("p") and p not in self.complex_paragraphs:
            text = self._plain_text(p)
            if text:
                self.blocks.append(Paragraph(text, Location(part=self.part, paragraph=number)))
            return
        pieces: list[str] = []
        deferred: list[etree._Element] = []
        self._inline(p, pieces, deferred)
        self._end_paragraph()
        text = "".join(pieces)
        if text:
            self.blocks.append(Paragraph(text, Location(part=self.part, paragraph=number)))
        self._flush(deferred)

    def _flush(self, deferred: list[etree._Element]) -> None:
        """Emit nested tables and text-box content found inside a paragraph or table."""
        for element in deferred:
            if _local(element) == "tbl":
                self._table(element)
            else:  # w:txbxContent: a story of its own, with its own fields
                saved, self.fields = self.fields, []
                self.walk(element)
                self.fields = saved

    # -- inline level --------------------------------------------------------------------

    def _showing(self) -> bool:
        return all(self.fields)

    def _inline(self, element: etree._Element, pieces: list[str], deferred: list[etree._Element]) -> None:
        for child in element:
            local = _local(child)
            if local is None:
                if _is(child, _MC, "AlternateContent"):
                    branch = _choose_branch(child)
                    if branch is not None:
                        self._inline(branch, pieces, deferred)
                elif _is(child, _MATH, "t"):
                    if self._showing():
                        pieces.append(child.text or "")
                elif isinstance(child.tag, str):  # drawings, math, VML: look for text boxes
                    self._inline(child, pieces, deferred)
                continue
            if local in _SKIP_INLINE:
                continue
            if local == "t":
                if self._showing():
                    pieces.append(child.text or "")
            elif local in ("tab", "ptab"):
                if self._showing():
                    pieces.append("\t")
            elif local in ("br", "cr"):
                if self._showing():
                    pieces.append("\n")
            elif local == "noBreakHyphen":
                if self._showing():
                    pieces.append("-")
            elif local == "sym":
                if self._showing():
                    pieces.append(_symbol(child))
            elif local == "fldChar":
                self._field_char(child)
            elif local == "txbxContent":
                deferred.append(child)
            elif local == "sdt":
                content = _sdt_content(child)
                if content is not None:
                    self._inline(content, pieces, deferred)
            elif local == "tbl":  # a table where only inline content belongs: keep it
                deferred.append(child)
            elif local == "p":  # a paragraph inside inline content (sdt misuse)
                if pieces and not pieces[-1].endswith("\n"):
                    pieces.append("\n")
                self._inline(child, pieces, deferred)
            else:  # r, hyperlink, smartTag, fldSimple, ins, moveTo, customXml, ...
                self._inline(child, pieces, deferred)

    def _end_paragraph(self) -> None:
        """Close fields whose instruction runs past the paragraph: they are malformed.

        A field's result may span paragraphs (a table of contents), its instruction may
        not; without this, one unclosed field would hide the rest of the document.
        """
        if False in self.fields:
            del self.fields[self.fields.index(False) :]
            self._note("a field without an end (w:fldChar) was closed at the paragraph end")

    def _field_char(self, element: etree._Element) -> None:
        kind = _w_attr(element, "fldCharType")
        if kind == "begin":
            self.fields.append(False)
        elif kind == "separate" and self.fields:
            self.fields[-1] = True
        elif kind == "end" and self.fields:
            self.fields.pop()

    # -- tables --------------------------------------------------------------------------

    def _table(self, tbl: etree._Element) -> None:
        self.table_count += 1
        number = self.table_count
        deferred: list[etree._Element] = []
        rows: list[list[Cell]] = []
        origins: list[str | None] = []  # per grid column: text of the cell covering it above
        for tr in _rows(tbl, self.shaped_rows):
            r = len(rows) + 1
            row, origins = self._row(tr, number, r, origins, deferred)
            rows.append(row)
        if rows:
            self.blocks.append(Table(rows, Location(part=self.part, table=number)))
        else:
            self.table_count -= 1
        self._flush(deferred)

    def _row(
        self,
        tr: etree._Element,
        table: int,
        r: int,
        above: list[str | None],
        deferred: list[etree._Element],
    ) -> tuple[list[Cell], list[str | None]]:
        shaped_rows = self.shaped_rows
        tr_pr = _properties(tr, "trPr") if shaped_rows is None or tr in shaped_rows else _NO_PROPERTIES
        cells: list[Cell] = []
        origins: list[str | None] = []
        part = self.part

        def place(text: str, spanned: bool, origin: str | None) -> None:
            if len(cells) >= MAX_COLUMNS:
                raise ReadError(
                    f"table {table}, row {r} has more than {MAX_COLUMNS} grid columns",
                    source=self.source,
                    location=self.part,
                    reader="docx",
                )
            location = Location(None, table, r, len(cells) + 1, None, part)
            cells.append(Cell(text, location, spanned))
            origins.append(origin)

        for _ in range(max(0, _int_attr(tr_pr.get("gridBefore"), 0))):
            place("", True, None)
        shaped = self.shaped_cells
        for tc in _unwrap(tr, "tc"):
            # A cell none of whose grandchildren is a shape property has the default shape.
            tc_pr = _properties(tc, "tcPr") if shaped is None or tc in shaped else _NO_PROPERTIES
            if "cellDel" in tc_pr:  # a deleted cell (tracked changes)
                continue
            grid_span = tc_pr.get("gridSpan")
            span = 1 if grid_span is None else max(1, _int_attr(grid_span, 1))
            v_merge = tc_pr.get("vMerge")
            h_merge = tc_pr.get("hMerge")
            text, own_deferred = self._cell_text(tc)
            column = len(cells)
            if span == 1 and v_merge is None and h_merge is None and column < MAX_COLUMNS and _INLINE_CELLS:
                deferred.extend(own_deferred)  # the common cell, as place() would put it
                cells.append(Cell(text, Location(None, table, r, column + 1, None, part), False))
                origins.append(text)
                continue
            continues_up = (
                v_merge is not None
                and (_w_attr(v_merge, "val") or "continue") == "continue"
                and column < len(above)
                and above[column] is not None
            )
            continues_left = (
                h_merge is not None and (_w_attr(h_merge, "val") or "continue") == "continue" and bool(cells)
            )
            if continues_up or continues_left:
                origin = above[column] if continues_up else origins[-1]
                if text.strip() and text != origin:  # a repeat of the origin is harmless
                    self._note(f"table {table}, row {r}: text in a merged-away cell was ignored: {text[:40]!r}")
                for _ in range(span):
                    place(origin or "", True, origin)
                continue
            deferred.extend(own_deferred)
            place(text, False, text)
            for _ in range(span - 1):
                place(text, True, text)
        for _ in range(max(0, _int_attr(tr_pr.get("gridAfter"), 0))):
            place("", True, None)
        return cells, origins

    def _cell_text(self, tc: etree._Element) -> tuple[str, list[etree._Element]]:
        """Return a cell's own text (paragraphs joined by ``\\n``) and what it nests."""
        if tc.tag == self.tags.get("tc") and tc not in self.complex_cells:
            return "\n".join([self._plain_text(p) for p in tc.iterchildren(self.tags["p"])]), []
        paragraphs: list[str] = []
        deferred: list[etree._Element] = []
        for p in _cell_paragraphs(tc, deferred):
            pieces: list[str] = []
            self._inline(p, pieces, deferred)
            self._end_paragraph()
            paragraphs.append("".join(pieces))
        return "\n".join(paragraphs), deferred


def _symbol(element: etree._Element) -> str:
    code = _w_attr(element, "char") or ""
    try:
        return chr(int(code, 16))
    except (ValueError, OverflowError):
        return ""


def _unwrap(container: etree._Element, wanted: str) -> Iterator[etree._Element]:
    """Yield the ``wanted`` children of ``container``, looking through wrappers."""
    for child in container:
        local = _local(child)
        if local == wanted:
            yield child
        elif local == "sdt":
            content = _w_child(child, "sdtContent")
            if content is not None:
                yield from _unwrap(content, wanted)
        elif local in ("customXml", "ins", "moveTo"):
            yield from _unwrap(child, wanted)
        elif _is(child, _MC, "AlternateContent"):
            branch = _choose_branch(child)
            if branch is not None:
                yield from _unwrap(branch, wanted)


def _rows(tbl: etree._Element, shaped: set[etree._Element] | None = None) -> Iterator[etree._Element]:
    """The rows of a table but deleted ones (``shaped``: the rows that may have properties read)."""
    for tr in _unwrap(tbl, "tr"):
        # a deleted row (tracked changes) is left out
        if (shaped is not None and tr not in shaped) or "del" not in _properties(tr, "trPr"):
            yield tr


def _cell_paragraphs(container: etree._Element, deferred: list[etree._Element]) -> Iterator[etree._Element]:
    """Yield a cell's own paragraphs; its nested tables go to ``deferred``."""
    for child in container:
        local = _local(child)
        if local == "p":
            yield child
        elif local == "tbl":
            deferred.append(child)
        elif local == "sdt":
            content = _sdt_content(child)
            if content is not None:
                yield from _cell_paragraphs(content, deferred)
        elif local in _BLOCK_CONTAINERS:
            yield from _cell_paragraphs(child, deferred)
        elif _is(child, _MC, "AlternateContent"):
            branch = _choose_branch(child)
            if branch is not None:
                yield from _cell_paragraphs(branch, deferred)


# --- the package -----------------------------------------------------------------------


class _Package:
    """A checked zip archive: members are read only through :meth:`read`."""

    def __init__(self, data: bytes, source: str | None) -> None:
        self.source = source
        declared = _declared_members(data)
        if declared is None and data.startswith(_ZIP_MAGIC):
            raise self.error(
                "the zip archive is truncated: its end (the central directory) is missing; "
                "download or copy the file again"
            )
        if declared is not None and declared > MAX_MEMBERS:
            raise self.error(f"the package lists {declared} members; the limit is {MAX_MEMBERS}")
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zip.infolist()
        except Exception as exc:  # zipfile raises several types on damaged archives
            raise self.error(
                f"the zip archive is damaged or truncated ({exc}); open it in Word and save it again"
            ) from None
        if len(infos) > MAX_MEMBERS:
            raise self.error(f"the package has {len(infos)} members; the limit is {MAX_MEMBERS}")
        total = 0
        self.members: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            self._check(info)
            total += info.file_size
            # Part names are case-insensitive in OPC; the first of two spellings wins.
            self.members.setdefault(info.filename.lstrip("/").lower(), info)
        if total > MAX_TOTAL_BYTES:
            raise self.error(f"the package would unpack to {total} bytes; the limit is {MAX_TOTAL_BYTES} (a zip bomb?)")

    def error(self, message: str, part: str | None = None) -> ReadError:
        return ReadError(message, source=self.source, location=part, reader="docx")

    def _check(self, info: zipfile.ZipInfo) -> None:
        name = info.filename
        if info.file_size > MAX_PART_BYTES:
            raise self.error(
                f"the member declares {info.file_size} bytes uncompressed; the limit is {MAX_PART_BYTES} (a zip bomb?)",
                name,
            )
        if info.file_size > RATIO_FLOOR:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > MAX_RATIO:
                raise self.error(
                    f"the member compresses {ratio:.0f}:1; the limit is {MAX_RATIO}:1 (a zip bomb?)",
                    name,
                )

    def has(self, part: str) -> bool:
        return part.lower() in self.members

    def read(self, part: str) -> bytes:
        """Return a member's bytes, reading no more than it declares."""
        info = self.members[part.lower()]
        limit = info.file_size
        chunks: list[bytes] = []
        size = 0
        try:
            with self.zip.open(info) as handle:
                while True:
                    chunk = handle.read(min(1 << 20, limit - size + 1))
                    if not chunk:
                        break
                    size += len(chunk)
                    if size > limit:
                        raise self.error("the member is larger than its zip header says", part)
                    chunks.append(chunk)
        except ReadError:
            raise
        except NotImplementedError as exc:
            raise self.error(f"unsupported zip compression: {exc}", part) from None
        except RuntimeError:  # zipfile's way of saying "encrypted"
            raise self.error("the member is encrypted (password-protected)", part) from None
        except (zipfile.BadZipFile, zlib.error, lzma.LZMAError, struct.error, EOFError, OSError, ValueError) as exc:
            raise self.error(
                f"the member is damaged or truncated ({exc}); open the file in Word and save it again",
                part,
            ) from None
        return b"".join(chunks)

    def xml(self, part: str) -> etree._Element:
        """Return the root element of an XML member, parsed safely."""
        data = self.read(part)
        if _DOCTYPE.search(data) or any(marker in data for marker in _DOCTYPE_UTF16):
            raise self.error(
                "the XML declares a DOCTYPE, which WordprocessingML never uses; refused "
                "(entity expansion or external entities)",
                part,
            )
        from lxml import etree

        try:
            root = etree.fromstring(data, _parser())
        except etree.XMLSyntaxError as exc:
            line = f", line {exc.lineno}" if exc.lineno else ""
            reason = _POSITION.sub("", exc.msg or "syntax error")
            raise self.error(f"the XML is not well-formed: {reason}", f"{part}{line}") from None
        tree = root.getroottree()
        if getattr(tree.docinfo, "doctype", "") or tree.docinfo.internalDTD is not None:
            raise self.error("the XML declares a DOCTYPE; refused", part)
        return root

    def relationship(self, type_suffix: str, default: str) -> str:
        """Return the part a package relationship of this type points to."""
        if not self.has("_rels/.rels"):
            return default
        try:
            root = self.xml("_rels/.rels")
        except ReadError as exc:
            if "DOCTYPE" in exc.reason:
                raise
            return default
        for rel in root:
            if rel.tag != f"{{{_REL_NS}}}Relationship":
                continue
            external = rel.get("TargetMode") == "External"
            if (rel.get("Type") or "").endswith(type_suffix) and not external:
                # Targets of the package relationships are relative to the package root.
                resolved = normpath((rel.get("Target") or "").lstrip("/"))
                if resolved not in ("", ".") and not resolved.startswith(".."):
                    return resolved
        return default


def _declared_members(data: bytes) -> int | None:
    """Return the member count the end-of-central-directory record declares, if found.

    Read before :class:`zipfile.ZipFile` builds one object per member, so that a
    central directory listing millions of members is refused cheaply.
    """
    end = data.rfind(_EMPTY_ZIP_MAGIC, max(0, len(data) - 65557))
    if end < 0 or end + 22 > len(data):
        return None
    count = int.from_bytes(data[end + 10 : end + 12], "little")
    locator = end - 20
    if count == 0xFFFF and locator >= 56 and data[locator : locator + 4] == b"PK\x06\x07":
        record = locator - 56
        if data[record : record + 4] == b"PK\x06\x06":
            count = int.from_bytes(data[record + 32 : record + 40], "little")
    return count


def _not_a_zip(data: bytes, source: str | None) -> ReadError:
    def error(message: str) -> ReadError:
        return ReadError(message, source=source, reader="docx")

    head = data[:2048].replace(b"\x00", b"").lstrip(b"\xef\xbb\xbf\xff\xfe \t\r\n").lower()
    if data.startswith(_OLE2_MAGIC):
        if _ENCRYPTED_STREAM in data:
            return error(
                "a password-protected Office document (an encrypted package); "
                "remove the password in Word and save it again as .docx"
            )
        if _WORD_STREAM in data:
            return error("a legacy Word 97-2003 .doc; save it as .docx")
        return error(
            "a legacy Office 97-2003 file (OLE2 compound file), not a DOCX; if it is a Word .doc, save it as .docx"
        )
    if head.startswith(b"{\\rtf"):
        return error("an RTF file, not a DOCX; save it as .docx")
    if b"<html" in head or head.startswith((b"<!doctype html", b"<meta", b"<head", b"<body")):
        return error("an HTML page (websites often save these as .doc), not a DOCX; read it with the html reader")
    if head.startswith(b"mime-version"):
        return error("a MIME HTML web archive (Word's 'single file web page'), not a DOCX")
    if head.startswith(b"<"):
        return error("an XML or markup file, not a DOCX package; save it as .docx")
    if not data:
        return error("the file is empty")
    return error("not a DOCX file: it does not start with a zip signature")


class DocxReader:
    """Reads Word ``.docx``/``.docm`` packages into a :class:`~govinfo.document.Document`."""

    name = "docx"
    extensions = (".docx", ".docm")

    def sniff(self, data: bytes, name: str | None = None) -> float:
        """Score ``data``: 0.95 for a zip with a ``word/document.xml`` member.

        A legacy ``.doc`` or a password-protected DOCX (both OLE2 files) scores 0.5 so
        that detection brings it here and :meth:`read` can say what to do with it; other
        zips score 0.1.
        """
        try:
            if data.startswith(_ZIP_MAGIC):
                return 0.95 if _MAIN_PART.encode() in data else 0.1
            if data.startswith(_OLE2_MAGIC):
                head = data[: 1 << 20]
                return 0.5 if _WORD_STREAM in head or _ENCRYPTED_STREAM in head else 0.0
        except Exception:
            return 0.0
        return 0.0

    def read(self, data: bytes, *, name: str | None = None) -> Document:
        """Read a DOCX package.

        Raises:
            ReadError: not a DOCX package (a legacy .doc, HTML, RTF), a damaged or
                truncated zip, a zip bomb, a part that is not well-formed XML or that
                declares a DOCTYPE, or no main document part.
        """
        if not data.startswith((_ZIP_MAGIC, _EMPTY_ZIP_MAGIC)):
            raise _not_a_zip(data, name)
        package = _Package(data, name)
        part = package.relationship(_OFFICE_DOCUMENT, _MAIN_PART)
        if not package.has(part):
            part = _MAIN_PART
        if not package.has(part):
            raise package.error(
                f"the package has no {_MAIN_PART}: it is a zip file but not a Word document",
                _MAIN_PART,
            )
        root = package.xml(part)
        body = _w_child(root, "body")
        if _local(root) != "document" or body is None:
            raise package.error("no w:document/w:body: not a WordprocessingML document", part)
        walker = _Walker(part, name)
        if root.tag[1:].partition("}")[0] in _W_NAMESPACES:
            walker.prepare(root)
        try:
            walker.walk(body)
        except RecursionError:
            raise package.error("the document nests content too deeply to read", part) from None
        title = _title(package, walker.notes)
        blocks: tuple[Block, ...] = tuple(walker.blocks)
        notes: tuple[str, ...] = tuple(walker.notes)
        return Document(blocks=blocks, source=Source(name=name, reader=self.name), title=title, notes=notes)


def _title(package: _Package, notes: list[str]) -> str | None:
    part = package.relationship(_CORE_PROPERTIES, _CORE_PART)
    if not package.has(part):
        return None
    try:
        root = package.xml(part)
    except ReadError as exc:
        if "DOCTYPE" in exc.reason:
            raise
        notes.append(f"{part}: the document properties could not be read ({exc.reason})")
        return None
    element = root.find(f"{{{_DC}}}title")
    if element is None:
        return None
    title = "".join(t for t in element.itertext() if isinstance(t, str)).strip()
    return title or None
