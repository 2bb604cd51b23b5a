"""HTML reader: saved web pages, Word/WPS/LibreOffice HTML exports and HTML fragments.

Every ``<table>`` becomes a :class:`~govinfo.document.Table` with ``rowspan``/``colspan``
resolved to a grid; the running text (``<p>``, ``<h1>``–``<h6>``, ``<div>`` text,
``<li>``, text between blocks) becomes :class:`~govinfo.document.Paragraph` blocks in
reading order. A table that contains other tables is page layout, not data: its own text
becomes paragraphs and the tables inside it are read as tables of their own.

The reader knows nothing about annual reports. It keeps text as found, with two
exceptions that are HTML semantics rather than content: runs of ASCII whitespace collapse
to one space (as a browser shows them) and ``<br>`` and block boundaries inside a cell
become ``\\n``. A cell that holds only whitespace, ``&nbsp;`` or an empty ``<o:p>`` is
empty (``""``).

Safety: the input size is checked before anything else (:data:`MAX_HTML_BYTES`); the
parser never touches the network and expands no entities beyond HTML's own; a DOCTYPE's
internal subset is blanked out before parsing; the number of grid positions is bounded
(:data:`MAX_GRID_CELLS`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from govinfo.document import Block, Cell, Document, Location, Paragraph, Source, Table
from govinfo.errors import ReadError
from govinfo.readers._decode import declared_charset, decode, looks_binary
from govinfo.readers._sniff import foreign_format

if TYPE_CHECKING:  # lxml is imported on the first read: detecting a text file needs none of it
    import lxml.etree as etree

__all__ = ["MAX_COLSPAN", "MAX_GRID_CELLS", "MAX_HTML_BYTES", "HtmlReader"]

MAX_HTML_BYTES = 32 * 1024 * 1024
"""Larger inputs are refused before parsing (32 MiB)."""

MAX_GRID_CELLS = 1_000_000
"""Most grid positions (spanned copies included) all tables of one document may have."""

MAX_COLSPAN = 1000
"""``colspan`` values above this are cut to it, as browsers do."""

MAX_NOTES = 50

_UTF16_32_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)

_DOC_START = re.compile(r"\A(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.S)
_STRONG_TAG = re.compile(r"<(?:html|head|body|table|meta|title|!doctype\s+html)\b")
_WEAK_TAG = re.compile(r"</?(?:p|div|span|br|td|tr|th|h[1-6]|font|b|strong|ul|ol|li|a|img|center|section)\b[^<>]*>")
_ANY_TAG = re.compile(r"<(?:[a-zA-Z][a-zA-Z0-9:-]*|!doctype|/[a-zA-Z])", re.I)

_BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd",
        "details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure",
        "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr",
        "html", "legend", "li", "listing", "main", "menu", "nav", "ol", "option", "p",
        "plaintext", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th",
        "thead", "tr", "ul", "xmp",
    }
)  # fmt: skip
_SKIP_TAGS = frozenset(
    {
        "script", "style", "noscript", "template", "head", "title", "meta", "link", "base",
        "xml", "svg", "math", "object", "embed", "applet", "iframe", "frame", "frameset",
        "noframes", "audio", "video", "canvas", "map", "input", "datalist",
    }
)  # fmt: skip
_BREAKS = _BLOCK_TAGS | {"br", "hr"}
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden|mso-hide\s*:\s*all", re.I)
_ASCII_WS = re.compile(r"[ \t\n\r\f\v]+")
# Whitespace in the Unicode sense (NBSP and U+3000 included) and invisible characters.
_SPAN_VALUE = re.compile(r"\s*\+?([0-9]+)")
# A DOCTYPE with an internal subset: libxml2's HTML parser would show the subset as text.
_DOCTYPE_SUBSET = re.compile(r"<!DOCTYPE[^\[>]{0,1000}\[", re.I)
_SUBSET_END = re.compile(r"\]\s*>")
_TAG_END = re.compile(">")


class HtmlReader:
    """Reads HTML pages and fragments into a :class:`~govinfo.document.Document`."""

    name = "html"
    extensions: tuple[str, ...] = (".html", ".htm", ".shtml", ".xhtml")

    def sniff(self, data: bytes, name: str | None = None) -> float:
        """Score how likely ``data`` is HTML: ≥ 0.8 for markup near the start, 0 for binary."""
        try:
            return _sniff(data)
        except Exception:
            return 0.0

    def read(self, data: bytes, *, name: str | None = None) -> Document:
        """Read an HTML document.

        Raises:
            ReadError: the input is too large, empty, binary, not HTML, or cannot be parsed.
        """
        if len(data) > MAX_HTML_BYTES:
            raise ReadError(
                f"the HTML input is {len(data)} bytes; the limit is {MAX_HTML_BYTES} bytes",
                source=name,
                reader=self.name,
            )
        if not data.strip():
            raise ReadError("the input is empty: no HTML to read", source=name, reader=self.name)
        what = foreign_format(data)
        if what is not None:
            raise ReadError(f"this is not HTML: it is {what}", source=name, reader=self.name)
        if looks_binary(data):
            raise ReadError("this is binary data, not HTML", source=name, reader=self.name)
        decoded = decode(data, declared=declared_charset(data), source=name, reader=self.name)
        text, encoding, reason, notes = decoded.text, decoded.encoding, decoded.reason, decoded.notes
        text = text.lstrip("\ufeff")
        if not _ANY_TAG.search(text):
            raise ReadError("this is not HTML: it contains no tags", source=name, reader=self.name)
        root = _parse(text, name)
        closed = _close_title(text, root)
        if closed is not None:
            root = _parse(closed, name)
            notes = (*notes, "the <title> element is not closed: the page after it was read as the body")
        builder = _Builder(name)
        builder.notes.extend(notes)
        if _looks_truncated(text):
            builder.note("the HTML ends before </html>: the file may be truncated")
        builder.run(root)
        return Document(
            blocks=builder.blocks,
            source=Source(name=name, reader=self.name, encoding=encoding, encoding_reason=reason),
            title=_title(root),
            notes=builder.notes[:MAX_NOTES],
        )


# --- sniffing ------------------------------------------------------------------------


def _sniff(data: bytes) -> float:
    head = data[:8192]
    if not head.strip():
        return 0.0
    if foreign_format(head) is not None:
        return 0.0
    text: str | None = None
    for bom, codec in _UTF16_32_BOMS:
        if head.startswith(bom):
            text = head[len(bom) :].decode(codec, "ignore")
            break
    if text is None:
        if looks_binary(head):
            return 0.0
        text = head.decode("latin-1")
    text = text.lstrip("\ufeff\xef\xbb\xbf \t\r\n").lower()
    if _DOC_START.match(text):
        return 0.95
    if _STRONG_TAG.search(text):
        return 0.85
    weak = len(_WEAK_TAG.findall(text))
    if weak >= 2:
        return 0.8
    return 0.3 if weak else 0.0


# --- decoding and parsing ------------------------------------------------------------


def _blank_doctype_subset(text: str) -> str:
    """Replace a DOCTYPE internal subset by blank lines (entities are never defined)."""
    match = _DOCTYPE_SUBSET.search(text, 0, 65536)
    if not match:
        return text
    close = _SUBSET_END.search(text, match.end()) or _TAG_END.search(text, match.end())
    if close is None:
        return text
    stop = close.end()
    removed = text[match.start() : stop]
    return text[: match.start()] + "<!DOCTYPE html>" + "\n" * removed.count("\n") + text[stop:]


def _parse(text: str, name: str | None) -> etree._Element:
    import lxml.etree as etree

    text = _blank_doctype_subset(text)
    # lxml.etree's HTMLParser is lxml.html's without the HtmlElement class lookup, which
    # costs a Python call per element and is not needed here.
    parser = etree.HTMLParser(
        encoding="utf-8",
        no_network=True,
        remove_comments=True,
        remove_pis=True,
        recover=True,
        huge_tree=True,  # deep nesting of sloppy markup; the input size is capped already
    )
    try:
        root = etree.fromstring(text.encode("utf-8", "surrogatepass"), parser)
    except (etree.LxmlError, ValueError) as exc:
        raise ReadError(f"the HTML cannot be parsed: {exc}", source=name, location=_where(exc), reader="html") from exc
    for entry in parser.error_log:
        if entry.level >= etree.ErrorLevels.FATAL:
            raise ReadError(
                f"the HTML cannot be parsed: {entry.message}",
                source=name,
                location=f"line {entry.line}, column {entry.column}",
                reader="html",
            )
    if root is None:
        raise ReadError("the input holds no HTML elements", source=name, reader="html")
    return root


def _where(exc: Exception) -> str | None:
    position = getattr(exc, "position", None)
    if isinstance(position, tuple) and len(position) == 2:
        return f"line {position[0]}, column {position[1]}"
    line = getattr(exc, "lineno", None)
    return f"line {line}" if line else None


_HTML_OPEN = re.compile("<html", re.I)
_HTML_CLOSE = re.compile("</html", re.I)


def _looks_truncated(text: str) -> bool:
    if not _HTML_OPEN.search(text, 0, 65536):
        return False
    return not _HTML_CLOSE.search(text, max(0, len(text) - 65536))


_TITLE_OPEN = re.compile(r"<title\b[^>]*>", re.I)
_SWALLOWED = re.compile(r"<(?:/head|body|table|h[1-6]|p|div)\b", re.I)


def _close_title(text: str, root: etree._Element) -> str | None:
    """The page with its ``<title>`` closed, when an unclosed one swallowed the page (else ``None``).

    A title's text is raw text up to ``</title>``: with that tag damaged, the whole page
    is the title and there is no body. The title then ends where the first tag of a body
    (``</head>``, ``<body>``, a table, heading, paragraph or division) stands in it.
    """
    for el in root.iter("title"):
        swallowed = _SWALLOWED.search("".join(t for t in el.itertext() if isinstance(t, str)))
        if swallowed is None:
            return None
        opened = _TITLE_OPEN.search(text)
        if opened is None:
            return None
        end = _SWALLOWED.search(text, opened.end())
        return None if end is None else text[: end.start()] + "</title>" + text[end.start() :]
    return None


def _title(root: etree._Element) -> str | None:
    for el in root.iter("title"):
        title = _clean("".join(t for t in el.itertext() if isinstance(t, str)))
        return title if not _blank(title) else None
    return None


# --- text ----------------------------------------------------------------------------


def _clean(line: str) -> str:
    if "  " not in line and line.isprintable():  # no tab, newline or other control: no run to squeeze
        return line.strip(" ")
    return _ASCII_WS.sub(" ", line).strip(" ")


# Every character ``str.isspace`` (and the regular expressions' ``\\s``) calls whitespace,
# and the invisible ones: text made only of these is blank.
_BLANK_CHARS = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
    "\u200b\u200c\u200d\u2060\ufeff"
)


def _blank(text: str) -> bool:
    return not text.strip(_BLANK_CHARS)


def _line(el: etree._Element) -> int | None:
    line: object = el.sourceline
    return line if isinstance(line, int) else None


def _hidden(root: etree._Element) -> set[etree._Element]:
    """The elements a browser does not show because of their attributes.

    libxml2 finds the ``hidden`` attributes and the ``style`` values; only a style that
    names one of ``_HIDDEN_STYLE``'s properties (in some case) is matched against it.
    """
    found: set[etree._Element] = set()
    marked: object = root.xpath("//*[@hidden]")
    assert isinstance(marked, list)
    found.update(marked)
    # Plain strings first (no element attached: cheaper); the elements only when one may match.
    plain: object = root.xpath("//@style", smart_strings=False)
    assert isinstance(plain, list)
    if not any(_may_hide(style) for style in plain):
        return found
    styles: object = root.xpath("//@style")  # strings that know their element
    assert isinstance(styles, list)
    for style in styles:
        if _may_hide(style) and _HIDDEN_STYLE.search(style):
            found.add(style.getparent())
    return found


def _may_hide(style: str) -> bool:
    """Whether ``style`` may meet ``_HIDDEN_STYLE`` (names one of its properties in some case)."""
    folded = style.lower()
    return (
        "display" in folded
        or "visibility" in folded
        or "mso-hide" in folded
        or "\u0130" in style  # the letters case-insensitive matching takes for "i" and "s"
        or "\u0131" in style
        or "\u017f" in style
    )


def _joined(parts: list[str | None]) -> str:
    """Text pieces with ``None`` at line breaks: the cleaned non-blank lines, ``\\n``-joined."""
    lines: list[str] = []
    line: list[str] = []
    for part in parts:
        if part is not None:
            line.append(part)
        elif line:
            text = _clean("".join(line))
            if not _blank(text):
                lines.append(text)
            line = []
    if line:
        text = _clean("".join(line))
        if not _blank(text):
            lines.append(text)
    return "\n".join(lines)


def _sizing_row(tr: etree._Element) -> bool:
    """Whether ``tr`` is an invisible zero-height row without text (Word adds one per table)."""
    if (tr.get("height") or "").strip().lower() not in ("0", "0px", "0pt"):
        return False
    return _blank("".join(t for t in tr.itertext() if isinstance(t, str)))


def _span(value: str | None) -> int | None:
    """Parse a span attribute leniently (``"2"``, ``" 2px"``); ``None`` if unreadable."""
    if value is None:
        return None
    if value.isascii() and value.isdigit() and len(value) < 10:
        return int(value)
    match = _SPAN_VALUE.match(value)
    if not match:
        return None
    digits = match.group(1)
    return 10**9 if len(digits) > 9 else int(digits)


# --- document building ---------------------------------------------------------------


def _cell_where(table: int, row: int, column: int) -> str:
    return f"table {table}, row {row + 1}, column {column + 1}"


class _Builder:
    """Walks the page once, in document order, into paragraphs and tables.

    libxml2 does the searching: the hidden elements (one XPath query), the layout tables
    (one query) and the iteration itself; the Python loop only looks at each element's
    tag, text and tail. A cell whose content is plain inline markup takes its text from
    one text serialisation (``etree.tostring(method="text")``).
    """

    def __init__(self, name: str | None) -> None:
        self.name = name
        self.blocks: list[Block] = []
        self.notes: list[str] = []
        self.tables = 0
        self.grid_cells = 0
        self.hidden: set[etree._Element] = set()
        self.layout: set[etree._Element] = set()
        self._pieces: list[str] = []
        self._first: int | None = None

    def note(self, message: str) -> None:
        if message not in self.notes and len(self.notes) < MAX_NOTES:
            self.notes.append(message)

    def skipped(self, el: etree._Element) -> bool:
        """Whether ``el`` and its content are not shown: a non-content element, or hidden."""
        tag = el.tag
        return tag.__class__ is not str or tag in _SKIP_TAGS or el in self.hidden

    def run(self, root: etree._Element) -> None:
        import lxml.etree as etree

        self._iterwalk = etree.iterwalk
        self._tostring = etree.tostring
        self.hidden = _hidden(root)
        layout: object = root.xpath("//table[.//table]")  # tables holding tables are page layout
        assert isinstance(layout, list)
        self.layout = set(layout)
        body = root.find("body")
        top = body if body is not None else root
        self._walk(top)
        self.flush()

    def _walk(self, top: etree._Element) -> None:
        """Feed the text of ``top``'s content into paragraphs; tables go to :meth:`table`."""
        hidden, layout, pieces = self.hidden, self.layout, self._pieces
        if top.text:
            self.add(top.text, top)
        walker = self._iterwalk(top, events=("start", "end"))
        for event, el in walker:
            if el is top:
                continue
            tag = el.tag
            if event == "start":
                if tag.__class__ is not str or tag in _SKIP_TAGS or el in hidden:
                    walker.skip_subtree()
                    continue
                if tag == "table" and el not in layout:
                    self.table(el)
                    walker.skip_subtree()
                    continue
                if tag in _BREAKS and pieces:
                    self.flush()
                text = el.text
            else:
                if tag in _BLOCK_TAGS and pieces and el not in hidden:
                    self.flush()
                text = el.tail
            if text:
                if self._first is None and not _blank(text):
                    self._first = _line(el)
                pieces.append(text)

    def add(self, text: str, el: etree._Element) -> None:
        if self._first is None and not _blank(text):
            self._first = _line(el)
        self._pieces.append(text)

    def flush(self) -> None:
        if not self._pieces:
            return
        text = _clean("".join(self._pieces))
        if not _blank(text):
            self.blocks.append(Paragraph(text, Location(line=self._first)))
        self._pieces.clear()
        self._first = None

    def cell_text(self, td: etree._Element) -> str:
        """The text of a cell (or caption): lines at ``<br>`` and block boundaries."""
        if len(td) == 0:  # the common case: text only
            text = _clean(td.text or "")
            return "" if _blank(text) else text
        hidden = self.hidden
        if len(td) == 1:  # a link or a span round the text (site chrome): its text and tail
            only = td[0]
            tag = only.tag
            if (
                tag.__class__ is str
                and len(only) == 0
                and tag not in _BREAKS
                and tag not in _SKIP_TAGS
                and only not in hidden
            ):
                text = _clean((td.text or "") + (only.text or "") + (only.tail or ""))
                return "" if _blank(text) else text
        for el in td.iterdescendants():
            tag = el.tag
            if tag.__class__ is not str or tag in _BREAKS or tag in _SKIP_TAGS or el in hidden:
                break
        else:  # inline markup only: one line, the text libxml2 serialises
            text = _clean(self._tostring(td, method="text", encoding=str, with_tail=False))
            return "" if _blank(text) else text
        parts: list[str | None] = []
        if td.text:
            parts.append(td.text)
        walker = self._iterwalk(td, events=("start", "end"))
        for event, el in walker:
            if el is td:
                continue
            tag = el.tag
            if event == "start":
                if tag.__class__ is not str or tag in _SKIP_TAGS or el in hidden:
                    walker.skip_subtree()
                    continue
                if tag in _BREAKS:
                    parts.append(None)
                if el.text:
                    parts.append(el.text)
            else:
                if tag in _BLOCK_TAGS and el not in hidden:
                    parts.append(None)
                if el.tail:
                    parts.append(el.tail)
        return _joined(parts)

    def table(self, el: etree._Element) -> None:
        self.flush()
        for caption in el.iterchildren("caption"):
            if not self.skipped(caption):
                text = self.cell_text(caption)
                if text:
                    self.blocks.append(Paragraph(text, Location(line=_line(caption))))
        table = self._grid(el, self.tables + 1)
        if table is not None:
            self.tables += 1
            self.blocks.append(table)

    def _rows(self, el: etree._Element) -> list[etree._Element]:
        rows = []
        hidden = self.hidden
        for tr in el.iter("tr"):
            if tr in hidden or _sizing_row(tr):
                continue
            parent = tr.getparent()
            while parent is not None and parent is not el:
                if self.skipped(parent):
                    break
                parent = parent.getparent()
            else:
                rows.append(tr)
        return rows

    def _grid(self, el: etree._Element, number: int) -> Table | None:
        trs = self._rows(el)
        height = len(trs)
        grid: list[dict[int, Cell]] = [{} for _ in range(height)]
        hidden = self.hidden
        for r, tr in enumerate(trs):
            c = 0
            row = grid[r]
            for td in tr:
                tag = td.tag
                if (tag != "td" and tag != "th") or td in hidden:
                    continue
                while c in row:
                    c += 1
                attribute = td.get("colspan")
                colspan = 1 if attribute is None else (_span(attribute) or 1)
                if colspan > MAX_COLSPAN:
                    self.note(f"{_cell_where(number, r, c)}: colspan {colspan} cut to {MAX_COLSPAN}")
                    colspan = MAX_COLSPAN
                attribute = td.get("rowspan")
                rowspan = None if attribute is None else _span(attribute)
                if rowspan is None:
                    rowspan = 1
                elif rowspan == 0:  # HTML: to the end of the row group
                    rowspan = height - r
                elif r + rowspan > height:
                    self.note(
                        f"{_cell_where(number, r, c)}: rowspan {rowspan} goes past the table's last "
                        f"row; cut to {height - r}"
                    )
                    rowspan = height - r
                self.grid_cells += rowspan * colspan
                if self.grid_cells > MAX_GRID_CELLS:
                    raise ReadError(
                        f"the tables are too large: more than {MAX_GRID_CELLS} cells",
                        source=self.name,
                        location=f"line {_line(td)}, {_cell_where(number, r, c)}",
                        reader="html",
                    )
                text = self.cell_text(td)
                line = _line(td)
                if rowspan == 1 and colspan == 1:
                    row[c] = Cell(text, Location(line, number, r + 1, c + 1))
                    c += 1
                    continue
                for dr in range(rowspan):
                    covered = grid[r + dr]
                    for dc in range(colspan):
                        if c + dc in covered:
                            continue  # overlapping spans: the earlier cell keeps the place
                        covered[c + dc] = Cell(
                            text,
                            Location(line, number, r + dr + 1, c + dc + 1),
                            dr > 0 or dc > 0,
                        )
                c += colspan
        rows: list[tuple[Cell, ...]] = []
        for r, row in enumerate(grid):
            if not row:
                rows.append(())
                continue
            line = _line(trs[r])
            rows.append(
                tuple(
                    row[k] if k in row else Cell("", Location(line, number, r + 1, k + 1)) for k in range(max(row) + 1)
                )
            )
        if not any(rows):
            return None
        return Table(rows, Location(line=_line(el), table=number))
