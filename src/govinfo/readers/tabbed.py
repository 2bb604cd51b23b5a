"""The tab-delimited text layout: each cell starts with a tab, a blank line ends a row.

Some exports (seed 004) write each table cell on a line of its own with a leading tab
(``\\t0``); a line holding only a tab is an empty cell. Several tabs on one line are
several cells of one row. A blank line ends the row; the table goes on across blank
lines as long as cell lines follow. Merged cells leave empty cells where a cell from the
row above reaches down, nothing where one reaches across, so no cell here is
``spanned``.

Conventions:

- a non-blank line that does not start with a tab is a :class:`Paragraph` (it ends the
  table; in real exports a row label that lost its tab lands here, between two tables);
- each tab-started segment is a :class:`Cell`, its text stripped, with
  ``Location(line, table, row, column)``.
"""

from __future__ import annotations

from govinfo.document import Block, Cell, Document, Location, Paragraph, Table
from govinfo.readers._sniff import layout_score, report_marker_score, sniffable_text
from govinfo.readers.text import decode_text_layout, text_document

__all__ = ["TabbedTextReader", "parse_tabbed_text"]


class TabbedTextReader:
    """Reader of the tab-delimited text layout (``format="tabbed"``)."""

    name = "tabbed"
    extensions: tuple[str, ...] = (".txt", ".tsv")

    def sniff(self, data: bytes, name: str | None = None) -> float:
        """Score ``data``: high when many lines start with a tab and report markers occur."""
        try:
            text = sniffable_text(data)
            if text is None:
                return 0.0
            if "\t" not in text:  # no line starts with a tab: not this layout
                return 0.1 * report_marker_score(text)  # 0.0 for blank text, which holds no marker
            lines = [line for line in text.splitlines() if line.strip(" \r\u3000")]
            if not lines:
                return 0.0
            tabbed = sum(1 for line in lines if line.startswith("\t"))
            piped = sum(1 for line in lines if line.rstrip().endswith("|"))
            markers = report_marker_score(text)
            if tabbed >= 5 and tabbed / len(lines) >= 0.2 and tabbed > piped:
                return layout_score(tabbed, len(lines), markers)
            return 0.1 * markers
        except Exception:  # sniff must never raise
            return 0.0

    def read(self, data: bytes, *, name: str | None = None) -> Document:
        """Read tab-delimited text.

        Raises:
            ReadError: the input is binary, HTML, or cannot be decoded.
        """
        decoded = decode_text_layout(data, name=name, reader=self.name, layout="tab-delimited text")
        return text_document(decoded, parse_tabbed_text(decoded.text), name=name, reader=self.name)


def parse_tabbed_text(text: str) -> list[Block]:
    """Split decoded tab-delimited text into paragraphs and tables (see the module docstring)."""
    blocks: list[Block] = []
    rows: list[tuple[Cell, ...]] = []
    current: list[Cell] = []
    tables = 0
    start = 0

    def end_row() -> None:
        nonlocal current
        if current:
            rows.append(tuple(current))
            current = []

    def end_table() -> None:
        nonlocal rows
        end_row()
        if rows:
            blocks.append(Table(rows, Location(line=start, table=tables)))
            rows = []

    for number, line in enumerate(text.split("\n"), start=1):
        if line.startswith("\t"):
            if not rows and not current:
                tables += 1
                start = number
            for segment in line.split("\t")[1:]:
                location = Location(number, tables, len(rows) + 1, len(current) + 1)
                current.append(Cell(segment.strip(), location, False))
        elif not line.strip():
            end_row()
        else:
            end_table()
            blocks.append(Paragraph(line, Location(line=number)))
    end_table()
    return blocks
