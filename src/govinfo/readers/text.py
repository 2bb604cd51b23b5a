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
from govinfo.readers._sniff import layout_score, looks_like_html, report_marker_score, sniffable_text

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


def _markdown_tables(text: str) -> bool:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
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
            lines = [line for line in text.splitlines() if line.strip()]
            if not lines or _JSON_START.match(text.lstrip("\ufeff")):
                return 0.0
            if _markdown_tables(text):
                return 0.3  # Markdown tables (a pipe row over a |---| rule): the Markdown reader's
            piped = sum(1 for line in lines if line.rstrip().endswith("|"))
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


class _TableBuilder:
    """Collects cells into rows; numbers tables, rows and columns from 1."""

    def __init__(self, number: int, line: int) -> None:
        self.number = number
        self.line = line
        self.rows: list[tuple[Cell, ...]] = []
        self.current: list[Cell] = []

    def add(self, text: str, line: int, *, spanned: bool = False) -> None:
        location = Location(line=line, table=self.number, row=len(self.rows) + 1, column=len(self.current) + 1)
        self.current.append(Cell(text, location, spanned))

    def end_row(self) -> None:
        if self.current:
            self.rows.append(tuple(self.current))
            self.current = []

    def build(self) -> Table:
        self.end_row()
        return Table(self.rows, Location(line=self.line, table=self.number))


def _split_cells(line: str) -> list[str] | None:
    """Return the ``|``-terminated segments of a cell line, or ``None`` for other lines."""
    stripped = line.rstrip()
    if not stripped.endswith("|"):
        return None
    return stripped.split("|")[:-1]


def parse_pipe_text(text: str) -> list[Block]:
    """Split decoded pipe text into paragraphs and tables (see the module docstring)."""
    blocks: list[Block] = []
    table: _TableBuilder | None = None
    tables = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip() or _MD_RULE.match(line.strip()):
            continue
        segments = _split_cells(line)
        if segments is None:
            if table is not None:
                blocks.append(table.build())
                table = None
            blocks.append(Paragraph(line, Location(line=number)))
            continue
        if table is None:
            tables += 1
            table = _TableBuilder(tables, number)
        texts = [s.strip() for s in segments]
        filled = [i for i, t in enumerate(texts) if t]
        if not filled:
            if len(texts) == 1:
                table.add("", number)
            else:
                for _ in texts:
                    table.add("", number, spanned=True)
            table.end_row()
            continue
        first = 0
        if line.lstrip().startswith("|") and len(filled) >= 1:
            # A leading pipe before content is a row delimiter (markdown style), not a cell.
            first = 1
        last = filled[-1]
        for t in texts[first : last + 1]:
            table.add(t, number)
        padding = len(texts) - last - 1
        for _ in range(padding):
            table.add("", number, spanned=True)
        if padding or len(filled) >= 2:
            table.end_row()
    if table is not None:
        blocks.append(table.build())
    return blocks
