"""The format-neutral document a reader produces: paragraphs and tables.

A reader knows a file format and nothing about annual reports. It returns a
:class:`Document`: the blocks of the file in reading order, each paragraph and table cell
with its :class:`Location` in the source. Merged cells are resolved to a grid: the cell
that carries the text sits at the merge's top-left position, and each position it also
covers holds a copy with ``spanned=True`` (so columns keep their place and nothing is
counted twice).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import attrs

from govinfo._fast import fast_init

__all__ = ["Block", "Cell", "Document", "Location", "Paragraph", "Source", "Table"]


@fast_init
@attrs.frozen
class Location:
    """Where a piece of text was found in the source.

    Attributes:
        line: 1-based line number (text formats).
        table: 1-based table number in document order (table formats).
        row: 1-based row number within the table (grid row after span resolution).
        column: 1-based column number within the grid.
        paragraph: 1-based paragraph number (formats without lines, such as DOCX).
        part: the part of a container format (``word/document.xml``).
        page: 1-based page number (paged formats such as PDF).
    """

    line: int | None = None
    table: int | None = None
    row: int | None = None
    column: int | None = None
    paragraph: int | None = None
    part: str | None = None
    page: int | None = None

    def describe(self, language: str = "en") -> str:
        """Return the location in words.

        ``"line 12"``, ``"table 3, row 5, column 2"``, ``"page 4, paragraph 2"`` in English
        (``language="en"``); ``"第12行"``, ``"第3个表格第5行第2列"``, ``"第4页，第2段"`` in
        Chinese (``language="zh"``).
        """
        zh = language == "zh"
        parts: list[str] = []
        if self.page is not None:
            parts.append(f"第{self.page}页" if zh else f"page {self.page}")
        if self.part:
            parts.append(self.part)
        if self.line is not None:
            parts.append(f"第{self.line}行" if zh else f"line {self.line}")
        if self.paragraph is not None:
            parts.append(f"第{self.paragraph}段" if zh else f"paragraph {self.paragraph}")
        grid = [
            (self.table, "第{}个表格", "table {}"),
            (self.row, "第{}行", "row {}"),
            (self.column, "第{}列", "column {}"),
        ]
        cell = [(zh_form if zh else en_form).format(n) for n, zh_form, en_form in grid if n is not None]
        if cell:
            parts.append("".join(cell) if zh else ", ".join(cell))
        if zh:
            return "，".join(parts) or "位置不明"
        return ", ".join(parts) or "unknown location"

    def __str__(self) -> str:
        return self.describe()


@fast_init
@attrs.frozen
class Cell:
    """A table cell.

    Attributes:
        text: the cell's text, whitespace as found (line breaks inside a cell as ``\\n``).
        location: where the cell is in the source.
        spanned: ``True`` for a grid position covered by a merge that starts elsewhere.
        joined: ``True`` when the reader could not see this cell's boundaries: a number in
            it may be the values of several cells run together (crawled text that lost its
            separators, ``713000074`` for 71|3|0|0|0|0|74).
    """

    text: str
    location: Location = Location()
    spanned: bool = False
    joined: bool = False


def _rows(rows: Iterable[Iterable[Cell]]) -> tuple[tuple[Cell, ...], ...]:
    return tuple(tuple(row) for row in rows)


def _blocks(blocks: Iterable[Block]) -> tuple[Block, ...]:
    return tuple(blocks)


def _strings(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(items)


@fast_init
@attrs.frozen
class Table:
    """A table: rows of cells, merged cells resolved (see the module docstring).

    Rows need not be of equal length: text layouts lose trailing cells.
    """

    rows: tuple[tuple[Cell, ...], ...] = attrs.field(converter=_rows)
    location: Location = Location()

    def cells(self) -> Iterator[Cell]:
        """Yield every cell in reading order (row by row), spanned copies included."""
        for row in self.rows:
            yield from row


@fast_init
@attrs.frozen
class Paragraph:
    """A paragraph of running text (a heading is a paragraph too)."""

    text: str
    location: Location = Location()


Block = Paragraph | Table


@attrs.frozen(kw_only=True)
class Source:
    """What is known about the input a document or a report was read from.

    The same object is a :class:`Document`'s ``source`` and a report's
    ``metadata.source``.

    Attributes:
        name: the file name, if the input had one.
        sha256: hex digest of the input bytes.
        reader: the name of the reader that read it.
        encoding: the text encoding used (``None`` for binary formats).
        encoding_reason: why that encoding (``"bom"``, ``"utf-8"``, ``"declared"``,
            ``"detected"``...).
    """

    name: str | None = None
    sha256: str | None = None
    reader: str | None = None
    encoding: str | None = None
    encoding_reason: str | None = None


@attrs.frozen(kw_only=True)
class Document:
    """Paragraphs and tables of one input, in reading order.

    Attributes:
        blocks: the paragraphs and tables.
        source: what the input was and how it was decoded.
        title: a title the file carries outside its body (HTML ``<title>``, DOCX core
            properties), if any.
        notes: things the reader noticed but could still read past (a declared charset
            that was wrong, a table that had to be repaired); they become findings.
    """

    blocks: tuple[Block, ...] = attrs.field(converter=_blocks, default=())
    source: Source = Source()
    title: str | None = None
    notes: tuple[str, ...] = attrs.field(converter=_strings, default=())

    @property
    def tables(self) -> tuple[Table, ...]:
        """The tables, in document order."""
        return tuple(b for b in self.blocks if isinstance(b, Table))

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        """The paragraphs, in document order."""
        return tuple(b for b in self.blocks if isinstance(b, Paragraph))
