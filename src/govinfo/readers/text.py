"""The pipe-delimited text layout: one cell per line ending in ``|``, runs of ``|`` for spans.

Plain-text exports of report pages (seeds 000–003) write each table cell as
``text |`` on a line of its own. Merged cells leave padding pipes: extra pipes after a
cell on the same line (``0 | ||``) or a line of pipes alone (``|||``). The padding counts
the grid positions a row loses to spans but not where they were, so it is read as
``spanned`` cells at the end of the row. Other exports put a whole row on one line
(``label | 0 | 0 |``) or a metadata grid (``索引号: | … | 主题分类: | … |``).

Conventions (the extractor relies on them):

- a non-blank line that does not end in ``|`` is a :class:`Paragraph`;
- consecutive cell lines (blank lines between them ignored) form one :class:`Table`;
- each ``text |`` segment is a :class:`Cell` with its text stripped;
- padding pipes — empty segments after the last non-empty cell of a line, or a line of
  two or more pipes alone — are ``spanned`` cells and end the current row;
- a line that is a single ``|`` is one empty, non-spanned cell (a blank value) and ends
  the row;
- a line holding two or more non-empty cells is a whole row.
"""

from __future__ import annotations

import itertools
import re

from govinfo.document import Block, Cell, Document, Location, Paragraph, Source, Table
from govinfo.errors import ReadError
from govinfo.readers._decode import Decoded, decode
from govinfo.readers._sniff import (
    layout_score,
    looks_like_html,
    nonblank_lines,
    report_marker_score,
    sniffable_text,
)

__all__ = [
    "PipeTextReader",
    "decode_text_layout",
    "parse_pipe_text",
    "text_document",
]

# The start of a JSON document (govinfo's own JSON export holds every label as text).
_JSON_START = re.compile(r"\A\s*(?:\{\s*\"|\[\s*[\[{\]])")
# A markdown table's rule line (|---|:---:|): no cells, only structure.
_MD_RULE = re.compile(r"^\|?(?:\s*:?-{3,}:?\s*\|)+\s*$")


def _markdown_tables(text: str, lines: tuple[str, ...]) -> bool:
    if "---" not in text:  # a rule line needs a run of three dashes
        return False
    lines = tuple(line.strip() for line in lines)
    return any(
        _MD_RULE.match(rule) and "|" in row and not _MD_RULE.match(row) for row, rule in itertools.pairwise(lines)
    )


def decode_text_layout(data: bytes, *, name: str | None, reader: str, layout: str) -> Decoded:
    """Decode the bytes of a text layout, refusing HTML (``layout`` names the layout).

    Raises:
        ReadError: the input is HTML, binary, or cannot be decoded.
    """
    if looks_like_html(data):
        raise ReadError(f"this looks like HTML, not {layout}; use format='html'", source=name, reader=reader)
    return decode(data, source=name, reader=reader)


def text_document(
    decoded: Decoded, blocks: list[Block], *, name: str | None, reader: str, title: str | None = None
) -> Document:
    """Return the :class:`Document` of a decoded text layout, its encoding recorded."""
    return Document(
        blocks=blocks,
        source=Source(name=name, reader=reader, encoding=decoded.encoding, encoding_reason=decoded.reason),
        title=title,
        notes=decoded.notes,
    )


class PipeTextReader:
    """Reader of the pipe-delimited text layout (``format="text"``).

    Also reads plain text with no cells at all (every line a paragraph): tables then have
    to be found by the extractor, which reports them as missing.
    """

    name = "text"
    extensions: tuple[str, ...] = (".txt",)

    def sniff(self, data: bytes, name: str | None = None) -> float:
        """Score ``data``: high for many lines ending in ``|`` plus report markers."""
        try:
            text = sniffable_text(data)
            if text is None:
                return 0.0
            lines, piped = nonblank_lines(text)
            if not lines or _JSON_START.match(text.lstrip("\ufeff")):
                return 0.0
            if _markdown_tables(text, lines):
                return 0.3  # Markdown tables (a pipe row over a |---| rule): the Markdown reader's
            markers = report_marker_score(text)
            if piped >= 5 and piped / len(lines) >= 0.2:
                return layout_score(piped, len(lines), markers)
            # Plain text: this is the generic text reader, but other readers may fit better.
            return 0.2 + 0.3 * markers
        except Exception:  # sniff must never raise
            return 0.0

    def read(self, data: bytes, *, name: str | None = None) -> Document:
        """Read pipe-delimited text.

        Raises:
            ReadError: the input is binary, HTML, or cannot be decoded.
        """
        decoded = decode_text_layout(data, name=name, reader=self.name, layout="pipe text")
        return text_document(decoded, parse_pipe_text(decoded.text), name=name, reader=self.name)


def parse_pipe_text(text: str) -> list[Block]:
    """Split decoded pipe text into paragraphs and tables (see the module docstring).

    One pass, no per-cell helper calls: a cell costs one :class:`Cell` and one
    :class:`Location`. ``tests/readers/test_text_parse.py`` checks it against the
    straightforward per-cell builder it replaced.
    """
    blocks: list[Block] = []
    rows: list[tuple[Cell, ...]] | None = None  # the open table's rows, if a table is open
    current: list[Cell] = []  # the open row
    table = 0  # the open table's number
    table_line = 0
    md_rules = "---" in text  # a Markdown rule line needs a run of three dashes
    md_rule = _MD_RULE.match
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if not stripped or (md_rules and md_rule(stripped)):
            continue
        if stripped[-1] != "|":  # not a cell line (strip and rstrip agree on the end)
            if rows is not None:
                if current:
                    rows.append(tuple(current))
                    current = []
                blocks.append(Table(rows, Location(table_line, table)))
                rows = None
            blocks.append(Paragraph(line, Location(number)))
            continue
        if rows is None:
            table += 1
            table_line = number
            rows = []
        row = len(rows) + 1
        if stripped.find("|") == len(stripped) - 1:  # one cell: ``text |`` or ``|``
            cell = stripped[:-1].strip()
            current.append(Cell(cell, Location(number, table, row, len(current) + 1), False))
            if not cell:  # a single ``|``: a blank value, and the row ends
                rows.append(tuple(current))
                current = []
            continue
        texts = [s.strip() for s in stripped.split("|")[:-1]]
        last = len(texts) - 1
        while last >= 0 and not texts[last]:
            last -= 1
        if last < 0:  # pipes alone: spanned positions, and the row ends
            column = len(current)
            current.extend([Cell("", Location(number, table, row, column + i), True) for i in range(1, len(texts) + 1)])
            rows.append(tuple(current))
            current = []
            continue
        # A leading pipe before content is a row delimiter (markdown style), not a cell.
        first = 1 if stripped[0] == "|" else 0
        column = len(current) + 1 - first
        for i in range(first, last + 1):
            current.append(Cell(texts[i], Location(number, table, row, column + i), False))
        padding = len(texts) - last - 1
        if padding:
            column = len(current)
            current.extend([Cell("", Location(number, table, row, column + i), True) for i in range(1, padding + 1)])
        if padding or (last > 0 and any(texts[:last])):  # padding, or two or more filled cells
            rows.append(tuple(current))
            current = []
    if rows is not None:
        if current:
            rows.append(tuple(current))
        blocks.append(Table(rows, Location(table_line, table)))
    return blocks
