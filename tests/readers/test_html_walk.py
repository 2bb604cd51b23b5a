"""The HTML reader's fast walk against a straightforward reference walk (issue 7).

The reader lets libxml2 find hidden elements and layout tables and takes plain cells'
text in one call; the reference below visits every element in Python and decides
everything per element, as the reader did before. On generated pages with random
rowspan/colspan, hidden rows and cells, inline and block markup, whitespace and site
chrome, both must give the same blocks (paragraph texts and lines, every grid position
with its text, location and ``spanned`` flag) and the same notes.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import lxml.etree as etree
from hypothesis import given
from hypothesis import strategies as st

from govinfo.document import Block, Cell, Location, Paragraph, Table
from govinfo.errors import ReadError
from govinfo.readers import html
from govinfo.readers.html import MAX_COLSPAN, MAX_GRID_CELLS, HtmlReader

READER = HtmlReader()

# --- the reference: one Python decision per element ---------------------------------

_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden|mso-hide\s*:\s*all", re.I)
_BLANK = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]*\Z")


def _blank(text: str) -> bool:
    return _BLANK.match(text) is not None


def _clean(line: str) -> str:
    return re.sub(r"[ \t\n\r\f\v]+", " ", line).strip(" ")


def _line(el: etree._Element) -> int | None:
    line: object = el.sourceline
    return line if isinstance(line, int) else None


def _skipped(el: etree._Element) -> bool:
    tag = el.tag
    if not isinstance(tag, str) or tag in html._SKIP_TAGS:
        return True
    if el.get("hidden") is not None:
        return True
    style = el.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


class _Lines:
    def __init__(self) -> None:
        self.lines: list[tuple[str, int | None]] = []
        self.pieces: list[str] = []
        self.line: int | None = None

    def add(self, text: str | None, line: int | None) -> None:
        if not text:
            return
        if self.line is None and not _blank(text):
            self.line = line
        self.pieces.append(text)

    def newline(self) -> None:
        if not self.pieces:
            return
        text = _clean("".join(self.pieces))
        if not _blank(text):
            self.lines.append((text, self.line))
        self.pieces = []
        self.line = None


def _walk(
    top: etree._Element,
    lines: _Lines,
    on_break: Callable[[], None],
    on_table: Callable[[etree._Element], bool] | None = None,
) -> None:
    walker = etree.iterwalk(top, events=("start", "end"))
    for event, el in walker:
        if el is top:
            if event == "start" and el.text:
                lines.add(el.text, _line(el))
            continue
        if event == "start":
            if _skipped(el):
                walker.skip_subtree()
                continue
            if el.tag == "table" and on_table is not None and on_table(el):
                walker.skip_subtree()
                continue
            if el.tag in html._BREAKS:
                on_break()
            lines.add(el.text, _line(el))
        else:
            if el.tag in html._BLOCK_TAGS and not _skipped(el):
                on_break()
            lines.add(el.tail, _line(el))


def _cell_text(td: etree._Element) -> str:
    lines = _Lines()
    _walk(td, lines, lines.newline)
    lines.newline()
    return "\n".join(text for text, _ in lines.lines)


class _Reference:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.notes: list[str] = []
        self.lines = _Lines()
        self.tables = 0
        self.cells = 0
        self.layout: set[etree._Element] = set()

    def run(self, root: etree._Element) -> None:
        for table in root.iter("table"):
            self.layout.update(table.iterancestors("table"))
        body = root.find("body")
        _walk(body if body is not None else root, self.lines, self.flush, self.table)
        self.flush()

    def flush(self) -> None:
        self.lines.newline()
        self.blocks += [Paragraph(text, Location(line=line)) for text, line in self.lines.lines]
        self.lines.lines.clear()

    def note(self, message: str) -> None:
        if message not in self.notes:
            self.notes.append(message)

    def table(self, el: etree._Element) -> bool:
        if el in self.layout:
            return False
        self.flush()
        for caption in el.iterchildren("caption"):
            if not _skipped(caption) and (text := _cell_text(caption)):
                self.blocks.append(Paragraph(text, Location(line=_line(caption))))
        number = self.tables + 1
        trs = []
        for tr in el.iter("tr"):
            chain = [tr, *(a for a in tr.iterancestors() if el in a.iterancestors())]
            if not any(_skipped(a) for a in chain) and not html._sizing_row(tr):
                trs.append(tr)
        grid: list[dict[int, Cell]] = [{} for _ in trs]
        for r, tr in enumerate(trs):
            c = 0
            for td in tr:
                if td.tag not in ("td", "th") or _skipped(td):
                    continue
                while c in grid[r]:
                    c += 1
                where = f"table {number}, row {r + 1}, column {c + 1}"
                colspan = html._span(td.get("colspan")) or 1
                if colspan > MAX_COLSPAN:
                    self.note(f"{where}: colspan {colspan} cut to {MAX_COLSPAN}")
                    colspan = MAX_COLSPAN
                rowspan = html._span(td.get("rowspan"))
                if rowspan is None:
                    rowspan = 1
                elif rowspan == 0:
                    rowspan = len(trs) - r
                elif r + rowspan > len(trs):
                    self.note(f"{where}: rowspan {rowspan} goes past the table's last row; cut to {len(trs) - r}")
                    rowspan = len(trs) - r
                self.cells += rowspan * colspan
                if self.cells > MAX_GRID_CELLS:
                    raise ReadError("too large")
                text = _cell_text(td)
                for dr in range(rowspan):
                    for dc in range(colspan):
                        if c + dc not in grid[r + dr]:
                            location = Location(line=_line(td), table=number, row=r + dr + 1, column=c + dc + 1)
                            grid[r + dr][c + dc] = Cell(text, location, spanned=dr > 0 or dc > 0)
                c += colspan
        rows: list[tuple[Cell, ...]] = []
        for r, row in enumerate(grid):
            width = max(row) + 1 if row else 0
            line = _line(trs[r])
            filler = [Cell("", Location(line=line, table=number, row=r + 1, column=k + 1)) for k in range(width)]
            rows.append(tuple(row.get(k, filler[k]) for k in range(width)))
        if any(rows):
            self.tables += 1
            self.blocks.append(Table(rows, Location(line=_line(el), table=number)))
        return True


def reference(data: bytes) -> tuple[list[Block], list[str]]:
    """The blocks and span notes of the reference walk over the reader's own parse."""
    root = html._parse(data.decode("utf-8"), None)
    ref = _Reference()
    ref.run(root)
    return ref.blocks, ref.notes


# --- generated pages ------------------------------------------------------------------

_WORDS = st.sampled_from(
    ["一、收到申请数", "12", " 3 ", "", "\u3000", "&nbsp;", "合计", "\u200b", "a  b", "\t7\n", "（一）予以公开"]
)
_STYLES = st.sampled_from(
    [
        "",
        ' style="display:none"',
        ' style="DISPLAY : NONE"',
        ' style="border: medium none"',
        ' style="visibility:hidden"',
        ' style="vısıbılıty:hıdden"',  # dotless i: case-insensitive matching takes it for i
        ' style="mso-hide:all"',
        ' style="display:block"',
        " hidden",
        ' style="font-family:宋体; display: inline"',
    ]
)


@st.composite
def _content(draw: st.DrawFn, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(["text", "text", "inline", "block", "br", "skip"] if depth < 2 else ["text"]))
        if kind == "text":
            parts.append(draw(_WORDS))
        elif kind == "br":
            parts.append("<br>")
        elif kind == "skip":
            parts.append(draw(st.sampled_from(["<script>1</script>", "<style>p{}</style>", "<o:p></o:p>"])))
        else:
            tag = draw(st.sampled_from(["span", "a", "b", "font"] if kind == "inline" else ["p", "div", "li"]))
            parts.append(f"<{tag}{draw(_STYLES)}>{draw(_content(depth + 1))}</{tag}>{draw(_WORDS)}")
    return "".join(parts)


@st.composite
def _table(draw: st.DrawFn) -> str:
    rows = []
    for _ in range(draw(st.integers(0, 5))):
        cells = []
        for _ in range(draw(st.integers(0, 4))):
            tag = draw(st.sampled_from(["td", "td", "th"]))
            span = ""
            if draw(st.booleans()):
                span += f' rowspan="{draw(st.sampled_from(["0", "1", "2", "3", "9", " 2px", "x"]))}"'
            if draw(st.booleans()):
                span += f' colspan="{draw(st.sampled_from(["1", "2", "3", "1001", "-1"]))}"'
            style = draw(_STYLES) if draw(st.integers(0, 5)) == 0 else ""
            cells.append(f"<{tag}{span}{style}>{draw(_content())}</{tag}>")
        height = ' height="0"' if draw(st.integers(0, 8)) == 0 else ""
        style = draw(_STYLES) if draw(st.integers(0, 6)) == 0 else ""
        rows.append(f"<tr{height}{style}>\n" + "\n".join(cells) + "</tr>\n")
    caption = f"<caption>{draw(_content())}</caption>" if draw(st.booleans()) else ""
    body = "".join(rows)
    if draw(st.booleans()):
        body = f"<tbody{draw(_STYLES)}>{body}</tbody>"
    return f'<table class="{draw(st.sampled_from(["nav", "report"]))}">{caption}{body}</table>'


@st.composite
def pages(draw: st.DrawFn) -> bytes:
    blocks = []
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["table", "table", "prose", "layout", "hidden"]))
        if kind == "table":
            blocks.append(draw(_table()))
        elif kind == "prose":
            blocks.append(f"<p>{draw(_content())}</p>{draw(_WORDS)}")
        elif kind == "layout":  # a table holding tables: page layout
            blocks.append(f"<table><tr><td>{draw(_content())}{draw(_table())}</td></tr></table>")
        else:
            blocks.append(f"<div{draw(_STYLES)}>{draw(_content())}{draw(_table())}</div>")
    page = "\n".join(blocks)
    if draw(st.booleans()):
        page = f"<html><head><title>t</title></head><body>{draw(_WORDS)}\n{page}</body></html>"
    return page.encode("utf-8")


@given(pages())
def test_the_fast_walk_gives_the_reference_blocks(data: bytes) -> None:
    try:
        document = READER.read(data, name="page.html")
    except ReadError:
        return  # no tags at all: both refuse (the reference reads the reader's own parse)
    blocks, notes = reference(data)
    assert list(document.blocks) == blocks
    assert [n for n in document.notes if "rowspan" in n or "colspan" in n] == notes


def test_generated_pages_have_spans_hidden_content_and_layout() -> None:
    """The reference really differs from naive readings on what the strategy generates."""
    data = (
        b'<table><tr><td rowspan="2" colspan="2">A<br>B</td><td style="display:none">x</td><td>C</td></tr>'
        b'<tr style="DISPLAY: NONE"><td>h</td></tr><tr><td>D</td></tr></table>'
        b"<table><tr><td>L<table><tr><td><a>n</a> <b>m</b></td></tr></table></td></tr></table>"
    )
    document = READER.read(data)
    assert list(document.blocks) == reference(data)[0]
    first, second = document.tables
    assert [[c.text for c in row] for row in first.rows] == [["A\nB", "A\nB", "C"], ["A\nB", "A\nB", "D"]]
    assert [[c.spanned for c in row] for row in first.rows] == [[False, True, False], [True, True, False]]
    assert [[c.text for c in row] for row in second.rows] == [["n m"]]
    assert document.paragraphs[0].text == "L"


@given(st.text(alphabet=st.sampled_from(" \t\n\xa0\u3000\u2028\u200b\ufeff\u2060ab\x1c\x85"), max_size=12))
def test_blank_is_the_regular_expression(text: str) -> None:
    assert html._blank(text) == _blank(text)


def test_blank_chars_are_every_whitespace_character() -> None:
    whitespace = {chr(c) for c in range(0x110000) if chr(c).isspace()}
    assert set(html._BLANK_CHARS) == whitespace | {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"}


@given(
    st.text(
        alphabet=st.sampled_from([*"displayvisibilitynoehdmsoa-:; ", "\u0130", "\u0131", "\u017f", "K", "N"]),
        max_size=30,
    )
)
def test_hidden_styles_are_the_regular_expression(style: str) -> None:
    root = etree.fromstring("<html><body><p>x</p></body></html>", etree.HTMLParser())
    p = root.find(".//p")
    assert p is not None
    p.set("style", style)
    assert (p in html._hidden(root)) == bool(style and _HIDDEN_STYLE.search(style))


_STYLE_VALUES = st.sampled_from(
    ["", "color:red", "display:none", "DISPLAY : NONE", "visibility:hidden", "mso-hide:all", "display:block",
     "d\u0130splay:none", "di\u017fplay:none", "font-size:9pt;display: none"]
)  # fmt: skip


@given(st.lists(st.tuples(st.sampled_from(["p", "span", "td", "div"]), _STYLE_VALUES), max_size=12))
def test_hidden_elements_are_those_whose_style_matches(elements: list[tuple[str, str]]) -> None:
    """Each element whose style matches is hidden, and no other (values shared and not)."""
    body = "".join(f'<{tag} style="{style}">x</{tag}>' for tag, style in elements)
    root = etree.fromstring(f"<html><body><table><tr><td>{body}</td></tr></table></body></html>", etree.HTMLParser())
    expected = {el for el in root.iter() if _HIDDEN_STYLE.search(el.get("style") or "")}
    assert html._hidden(root) == expected


@given(st.text(alphabet=st.sampled_from([*" \t\n\r\x0b\x0cab合", "\u3000", "\xa0", "\x85", "\u2028"]), max_size=20))
def test_clean_squeezes_ascii_whitespace_as_the_regular_expression(line: str) -> None:
    """The printable fast path of ``_clean`` gives what the substitution gives (issue 7)."""
    assert html._clean(line) == re.sub(r"[ \t\n\r\f\v]+", " ", line).strip(" ")


_ONE_CHILD_TAGS = st.sampled_from(["a", "span", "b", "font", "br", "p", "div", "script", "style", "img", "li"])
_PIECES = st.sampled_from(["", " ", "首页", "  栏目  1 ", "\xa0", "\n", "a\tb"])


@given(
    _PIECES,
    _ONE_CHILD_TAGS,
    st.sampled_from(["", ' style="display:none"', " hidden", ' style="color:red"']),
    _PIECES,
    _PIECES,
    st.booleans(),
)
def test_a_cell_round_one_element_reads_as_the_reference(
    before: str, tag: str, attributes: str, inner: str, tail: str, nested: bool
) -> None:
    """``<td>text<a>text</a>tail</td>``: the shortcut for one child gives the general walk's text."""
    content = f"<i>{inner}</i>" if nested else inner
    cell = f"<td>{before}<{tag}{attributes}>{content}</{tag}>{tail}</td>"
    data = f"<html><body><table><tr>{cell}<td>x</td></tr></table></body></html>"
    document = READER.read(data.encode("utf-8"))
    assert list(document.blocks) == reference(data.encode("utf-8"))[0]
