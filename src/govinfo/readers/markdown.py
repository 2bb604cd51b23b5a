"""Markdown, as PDF-to-Markdown converters write it: pipe tables between wrapped paragraphs.

markdown-it-py (CommonMark) finds the blocks — headings, paragraphs, lists, code, pipe
tables — and renders their inline text (emphasis, escapes, code spans). Table rows are
split from the source lines themselves, so a row with more cells than its header keeps
them all (GFM would drop the extra cells, and refuse a table whose rule row has another
width). Conventions:

- A heading is a paragraph. A paragraph's lines are joined as wrapped lines (no
  separator, a space only between Latin words), except where a line starts with an
  enumeration (``一、`` ``（二）`` ``3.`` ``第二十条``) or the line before it ends a
  sentence: then a new paragraph starts, so a row label converted as text stays a label
  of its own — the extractor gives it the values of the table row that follows.
- Lines that only hold a page number (``— 1 —``, ``- 4 -``, ``第 2 页``) are dropped,
  inside tables too, and so is a heading that repeats the heading before it between two
  parts of a table (a page header the converter kept).
- A form table split into several Markdown tables is joined again when nothing but blank
  lines and page furniture lie between the parts and they have the same number of
  columns.
- Tables that are one table's column groups — each under a heading, all with the same
  header row and the same number of rows, no text in their body — are put side by side,
  the headings becoming a header row (``P（C）`` headings give two levels, ``P`` over
  ``C``).
- Every cell is kept, empty ones as blank cells; locations are line, table, row, column.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

import attrs

from govinfo.document import Block, Cell, Document, Location, Paragraph, Table
from govinfo.readers._pages import PAGE_NUMBER
from govinfo.readers._sniff import report_marker_score, sniffable_text
from govinfo.readers.text import decode_text_layout, text_document

__all__ = ["MarkdownReader", "markdown_tables"]

_RULE = re.compile(r"^\|?(?:\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*$")
_NUMBER = re.compile(r"^[+-]?\d[\d,]*(?:\.\d+)?$|^[-—/]*$")
_FLAT_ROW = re.compile(r"^([^，。；,;:：|\d]{2,30}?)\s+(-?\d[\d,.]*)\s*$")
"""A table row flattened into a line of text, ``行政许可 97``: a label and one number."""
_ENUMERATION = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．](?!\d)|第[一二三四五六七八九十百\d]+[条章节])"
)
_SENTENCE_END = ("。", "；", ";", "！", "？", "：", ":")
_LATIN = re.compile(r"[A-Za-z]")
_PARENTHESISED = re.compile(r"^(?P<parent>.+?)\s*[（(](?P<child>[^（）()]+)[）)]\s*$")


def _is_row(line: str) -> bool:
    stripped = line.strip()
    return stripped.count("|") >= 2 and (stripped.startswith("|") or stripped.endswith("|"))


def markdown_tables(text: str) -> int:
    """How many Markdown table headers (a pipe row over a ``|---|`` rule) ``text`` holds."""
    if "---" not in text:  # a rule line needs a run of three dashes
        return 0
    lines = [line for line in text.splitlines() if line.strip()]
    return sum(1 for a, b in itertools.pairwise(lines) if _RULE.match(b.strip()) and _is_row(a) and not _RULE.match(a))


def _split_row(line: str) -> list[str]:
    """The cells of a pipe row: unescaped ``|`` outside code spans separate them."""
    stripped = line.strip()
    if stripped.startswith("|"):
        stripped = stripped[1:]
    if stripped.endswith("|") and not stripped.endswith("\\|"):
        stripped = stripped[:-1]
    cells: list[str] = []
    current: list[str] = []
    in_code = False
    i = 0
    while i < len(stripped):
        ch = stripped[i]
        if ch == "\\" and i + 1 < len(stripped) and stripped[i + 1] == "|":
            current.append("|")
            i += 2
            continue
        if ch == "`":
            in_code = not in_code
        if ch == "|" and not in_code:
            cells.append("".join(current))
            current = []
        else:
            current.append(ch)
        i += 1
    cells.append("".join(current))
    return cells


def _join(parts: Sequence[str]) -> str:
    out = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if out and _LATIN.match(out[-1]) and _LATIN.match(part[0]):
            out += " "
        out += part
    return out


@attrs.define
class _Item:
    """One source line: a heading, a line of running text, or a table row."""

    kind: str  # heading | text | row
    line: int  # 1-based
    text: str = ""
    cells: list[str] = attrs.Factory(list)
    paragraph: int = 0  # lines of one Markdown paragraph share this number


def _inline_text(md: object, source: str) -> str:
    from markdown_it import MarkdownIt

    assert isinstance(md, MarkdownIt)
    out: list[str] = []
    for token in md.parseInline(source)[0].children or []:
        if token.type in ("text", "code_inline", "html_inline"):
            out.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            out.append("\n")
    return "".join(out)


def _items(text: str) -> list[_Item]:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable("table")
    lines = text.split("\n")
    items: list[_Item] = []
    paragraph = 0
    prefix = ""
    tokens = md.parse(text)
    for index, token in enumerate(tokens):
        if token.type == "list_item_open" and token.info:
            prefix = f"{token.info}{token.markup} "  # keep the number of an ordered item
            continue
        if token.map is None:
            continue
        start, end = token.map
        if token.type == "table_open":
            paragraph += 1
            items += [
                _Item(
                    "row", n + 1, cells=[_inline_text(md, c).strip() for c in _split_row(lines[n])], paragraph=paragraph
                )
                for n in range(start, end)
                if lines[n].strip() and not _RULE.match(lines[n].strip())
            ]
        elif token.type == "heading_open":
            inline = tokens[index + 1]
            items.append(_Item("heading", start + 1, text=_flat(inline.children)))
        elif token.type == "paragraph_open":
            paragraph += 1
            inline = tokens[index + 1]
            segments = _segments(inline.children)
            for offset, segment in enumerate(segments):
                n = start + offset
                raw = lines[n] if n < len(lines) else segment
                if _RULE.match(raw.strip()):
                    continue
                if _is_row(raw):
                    cells = [_inline_text(md, c).strip() for c in _split_row(raw)]
                    items.append(_Item("row", n + 1, cells=cells, paragraph=paragraph))
                    continue
                items.append(
                    _Item("text", n + 1, text=(prefix + segment) if offset == 0 else segment, paragraph=paragraph)
                )
            prefix = ""
        elif token.type in ("fence", "code_block", "html_block"):
            for n in range(start, end):
                if lines[n].strip() and not lines[n].strip().startswith("```"):
                    paragraph += 1
                    items.append(_Item("text", n + 1, text=lines[n].strip(), paragraph=paragraph))
    return items


def _flat(children: object) -> str:
    out: list[str] = []
    for token in children or []:  # type: ignore[attr-defined]
        if token.type in ("text", "code_inline", "html_inline"):
            out.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            out.append("\n")
    return "".join(out).strip()


def _segments(children: object) -> list[str]:
    return _flat(children).split("\n")


def _drop_furniture(items: list[_Item]) -> list[_Item]:
    kept = [i for i in items if not (i.kind != "row" and PAGE_NUMBER.match(i.text))]
    out: list[_Item] = []
    last_heading: str | None = None
    for n, item in enumerate(kept):
        if item.kind == "heading":
            between_rows = (
                out
                and out[-1].kind == "row"
                and n + 1 < len(kept)
                and kept[n + 1].kind == "row"
                and item.text == last_heading
            )
            last_heading = item.text
            if between_rows:
                continue  # a page header repeated between two parts of a table
        out.append(item)
    return out


@attrs.define
class _TableBuild:
    rows: list[_Item]
    heading: _Item | None = None  # the heading directly above the table


def _flat_rows(items: list[_Item]) -> list[_Item]:
    """Lines that are a label and one number (a table row the converter flattened) as rows."""
    out: list[_Item] = []
    for item in items:
        match = _FLAT_ROW.match(item.text) if item.kind == "text" else None
        if match is None:
            out.append(item)
            continue
        out.append(_Item("row", item.line, item.text, [match[1].strip(), match[2]], paragraph=-item.line))
    return out


def _numeric_body(table: _TableBuild) -> bool:
    return all(_NUMBER.match(c.strip()) for row in table.rows[1:] for c in row.cells)


def _side_by_side(parts: list[_TableBuild]) -> bool:
    if len(parts) < 2 or any(p.heading is None for p in parts):
        return False
    first = parts[0]
    return len(first.rows) >= 2 and all(
        [c.strip() for c in p.rows[0].cells] == [c.strip() for c in first.rows[0].cells]
        and len(p.rows) == len(first.rows)
        and _numeric_body(p)
        for p in parts
    )


def _header_rows(parts: list[_TableBuild], number: int) -> list[list[Cell]]:
    """Header rows made of the column groups' headings (``P（C）``: ``P`` over ``C``)."""
    levels: list[tuple[str, str | None]] = []
    for part in parts:
        assert part.heading is not None
        match = _PARENTHESISED.match(part.heading.text)
        levels.append((match["parent"], match["child"]) if match else (part.heading.text, None))
    two = any(child for _, child in levels)
    top: list[Cell] = []
    second: list[Cell] = []
    previous_parent: str | None = None
    for part, (parent, child) in zip(parts, levels, strict=True):
        assert part.heading is not None
        width = len(part.rows[0].cells)
        line = part.heading.line
        for k in range(width):
            column = len(top) + 1
            origin = k == 0 and parent != previous_parent
            top.append(Cell(parent, Location(line=line, table=number, row=1, column=column), spanned=not origin))
            if two:
                text = child if child is not None else parent
                second.append(
                    Cell(text, Location(line=line, table=number, row=2, column=column), spanned=child is None or k > 0)
                )
        previous_parent = parent
    return [top, second] if two else [top]


def _build_table(parts: list[_TableBuild], number: int) -> Table:
    rows: list[list[Cell]] = []
    if len(parts) > 1 and _side_by_side(parts):
        rows = _header_rows(parts, number)
        for r in range(len(parts[0].rows)):
            row: list[Cell] = []
            for part in parts:
                item = part.rows[r]
                for text in item.cells:
                    row.append(
                        Cell(text, Location(line=item.line, table=number, row=len(rows) + 1, column=len(row) + 1))
                    )
            rows.append(row)
    else:
        for part in parts:
            for item in part.rows:
                r = len(rows) + 1
                rows.append(
                    [
                        Cell(t, Location(line=item.line, table=number, row=r, column=c))
                        for c, t in enumerate(item.cells, start=1)
                    ]
                )
    first = parts[0].rows[0].line
    return Table(rows, Location(line=first, table=number))


def _blocks(items: list[_Item]) -> list[Block]:
    blocks: list[Block] = []
    # First group the items into runs: paragraphs (as item lists) and tables.
    runs: list[_Item | _TableBuild] = []
    for item in items:
        if item.kind == "row":
            last = runs[-1] if runs else None
            if isinstance(last, _TableBuild) and (
                last.rows[-1].paragraph == item.paragraph or len(last.rows[-1].cells) == len(item.cells)
            ):
                last.rows.append(item)  # rows of one block, or a part after blank lines and furniture
                continue
            heading = last if isinstance(last, _Item) and last.kind == "heading" else None
            runs.append(_TableBuild([item], heading))
        else:
            runs.append(item)
    # Column groups under headings: heading, table, heading, table ... side by side.
    pending: list[_TableBuild] = []
    tables = 0
    paragraph_lines: list[_Item] = []

    def flush_text() -> None:
        if paragraph_lines:
            blocks.append(Paragraph(_join([i.text for i in paragraph_lines]), Location(line=paragraph_lines[0].line)))
            paragraph_lines.clear()

    def flush_tables() -> None:
        nonlocal tables
        if not pending:
            return
        if _side_by_side(pending):
            tables += 1
            blocks.append(_build_table(list(pending), tables))
        else:
            for part in pending:
                if part.heading is not None:
                    blocks.append(Paragraph(part.heading.text, Location(line=part.heading.line)))
                tables += 1
                blocks.append(_build_table([part], tables))
        pending.clear()

    for n, run in enumerate(runs):
        if isinstance(run, _TableBuild):
            flush_text()
            pending.append(run)
            continue
        following = runs[n + 1] if n + 1 < len(runs) else None
        if run.kind == "heading" and isinstance(following, _TableBuild) and following.heading is run:
            flush_text()
            if pending and not _could_group(pending, following):
                flush_tables()
            continue  # emitted with its table
        flush_tables()
        if run.kind == "heading":
            flush_text()
            blocks.append(Paragraph(run.text, Location(line=run.line)))
            continue
        if paragraph_lines and _new_paragraph(paragraph_lines[-1], run):
            flush_text()
        paragraph_lines.append(run)
    flush_text()
    flush_tables()
    return blocks


def _could_group(pending: list[_TableBuild], following: _TableBuild) -> bool:
    first = pending[0]
    return first.heading is not None and [c.strip() for c in following.rows[0].cells] == [
        c.strip() for c in first.rows[0].cells
    ]


def _new_paragraph(previous: _Item, line: _Item) -> bool:
    if previous.paragraph != line.paragraph:
        return True
    if _ENUMERATION.match(line.text):
        return True
    return previous.text.rstrip().endswith(_SENTENCE_END)


class MarkdownReader:
    """Reader of Markdown with pipe tables (``format="markdown"``)."""

    name = "markdown"
    extensions: tuple[str, ...] = (".md", ".markdown")

    def sniff(self, data: bytes, name: str | None = None) -> float:
        """Score ``data``: high for Markdown tables (a pipe row over a ``|---|`` rule)."""
        try:
            text = sniffable_text(data)
            if text is None:
                return 0.0
            tables = markdown_tables(text)
            markers = report_marker_score(text)
            if tables:
                return min(1.0, 0.8 + 0.1 * min(tables, 2) + 0.1 * markers)
            headings = len(re.findall(r"(?m)^#{1,6}\s+\S", text))
            return 0.3 + 0.2 * markers if headings >= 2 else 0.0
        except Exception:  # sniff must never raise
            return 0.0

    def read(self, data: bytes, *, name: str | None = None) -> Document:
        """Read Markdown text.

        Raises:
            ReadError: the input is HTML, binary, or cannot be decoded.
        """
        decoded = decode_text_layout(data, name=name, reader=self.name, layout="Markdown")
        items = _flat_rows(_drop_furniture(_items(decoded.text)))
        return text_document(decoded, _blocks(items), name=name, reader=self.name)
