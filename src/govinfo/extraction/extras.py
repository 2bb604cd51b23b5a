"""Pass 6b: the tables a document prints that the form does not have.

Reports add tables of their own (``信息处理费收取情况`` with 通知收取件数 / 金额 / 实际收取
金额, under 六、其他需要报告的事项 or as a section 七 of its own). Such a table is kept
as printed (:class:`~govinfo.model.ExtraTable`), never read as any of the form's cells.

A table of the document is one of these when, conservatively:

- no row was placed from it and none of its cells was used by the form's tables;
- none of its texts is the form's: no section heading, row or group label, caption, or
  column header (only the generic ``总计`` and ``其他`` may occur, which any table prints);
- it comes after one of the six section headings (the metadata grid and the page's
  navigation come before them), and it has a labelled row with a number or a header row
  above a number, the label or a header a text of its own (see :func:`_statistical`).

Numbers no row claims *inside* one of the form's tables stay ``unplaced-value`` errors:
a label the form lacks there is far more often one of the form's own, truncated, split
or mistyped (its row then missing), than a row of the document's own. The one exception
is a table with a header of its own printed as the last rows of one of the form's (two
tables Word joined): see :func:`_trailing`.

The short paragraph printed right before such a table (at most :data:`HEADING_MAX`
characters, not a section heading of the form) is its heading and is not narrative.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs

from govinfo.document import Document, Paragraph, Table
from govinfo.extraction.rows import Placement
from govinfo.extraction.tokens import Token, Tokens
from govinfo.extraction.values import parse_cell
from govinfo.form import NATIONAL, Form, normalize
from govinfo.model import EXTRA_PREFIX, CellSource, ExtraTable

__all__ = ["HEADING_MAX", "Extras", "cell_text", "find_extras", "heading_text"]

HEADING_MAX = 60
"""The longest paragraph read as a table's heading (characters); longer ones are narrative."""

_FORM_KINDS = frozenset({"heading", "row", "group", "caption"})
_GENERIC_HEADERS = frozenset({"总计", "其他"})
_SPACE = re.compile(r"\s+")


@attrs.frozen
class Extras:
    """What the pass found.

    Attributes:
        tables: the tables, in printed order (the N-th is ``extra.N``).
        provenance: where each of their cells was found (``extra.N/R/C``).
        headings: the indices of the tokens read as headings (not narrative).
        claimed: the indices of the tokens of such tables printed inside one of the form's
            (not unplaced values).
    """

    tables: tuple[ExtraTable, ...] = ()
    provenance: tuple[CellSource, ...] = ()
    headings: frozenset[int] = frozenset()
    claimed: frozenset[int] = frozenset()


def cell_text(text: str) -> str:
    """A cell's text as kept: lines joined, runs of spaces one space, ``|`` as ``｜``."""
    joined = "".join(line.strip() for line in text.splitlines())
    return _SPACE.sub(" ", joined).strip().replace("|", "｜")


def heading_text(text: str) -> str | None:
    """A paragraph's text as a heading, ``None`` if it is too long (or empty) to be one."""
    kept = cell_text(text)
    return kept if 0 < len(kept) <= HEADING_MAX else None


def _foreign(tokens: Sequence[Token]) -> bool:
    """Whether no token of a table is a text of the form (see the module docstring)."""
    for tok in tokens:
        if tok.kind in _FORM_KINDS:
            return False
        if tok.kind == "header" and tok.norm not in _GENERIC_HEADERS:
            return False
    return True


def _grid(table: Table) -> list[list[tuple[str, int, int]]]:
    """The kept rows: (text, grid row, grid column) of each cell, trailing empties dropped."""
    rows: list[list[tuple[str, int, int]]] = []
    for r, row in enumerate(table.rows):
        cells = [(cell_text(cell.text), r, c) for c, cell in enumerate(row) if not cell.spanned]
        while cells and not cells[-1][0]:
            cells.pop()
        if cells:
            rows.append(cells)
    return rows


def _statistical(rows: Sequence[Sequence[tuple[str, int, int]]]) -> bool:
    """Whether the rows are a table of their own: a labelled row with a number, or a header row.

    The label or a header must be a text of its own (not only 总计 or 其他): numbers under
    generic words alone, or texts and numbers in rows of their own, are more likely pieces
    of one of the form's tables than a table the report added.
    """

    def status(text: str) -> str:
        return parse_cell(text).status

    def own(text: str) -> bool:
        return status(text) == "text" and normalize(text) not in _GENERIC_HEADERS

    labelled = any(own(row[0][0]) and any(status(t) == "number" for t, _, _ in row[1:]) for row in rows)
    headed = (
        bool(rows)
        and all(status(t) == "text" for t, _, _ in rows[0])
        and any(own(t) for t, _, _ in rows[0])
        and any(status(t) == "number" for row in rows[1:] for t, _, _ in row)
    )
    return labelled or headed


def find_extras(document: Document, tokens: Tokens, placed: Placement, form: Form = NATIONAL) -> Extras:
    """The tables of ``document`` that are not the form's (see the module docstring)."""
    by_block: dict[int, list[Token]] = {}
    section_at: dict[int, str | None] = {}
    section: str | None = None
    for tok in tokens:
        if tok.block not in by_block:
            section_at[tok.block] = section
            by_block[tok.block] = []
        by_block[tok.block].append(tok)
        if tok.kind == "heading" and tok.key is not None:
            section = tok.key
    sections = {s.key for s in form.sections}
    tables: list[ExtraTable] = []
    provenance: list[CellSource] = []
    headings: set[int] = set()
    claimed: set[int] = set()
    for number, block in enumerate(document.blocks):
        own = by_block.get(number)
        where = section_at.get(number)
        if not isinstance(block, Table) or not own or where not in sections or number in tokens.chrome:
            continue  # page chrome has no number: no table of the report's own (_statistical)
        if number in placed.blocks or any(t.index in placed.consumed for t in own):
            tail = _trailing(block, own, placed)
            if tail is not None:
                rows, tokens_of_tail = tail
                claimed.update(t.index for t in tokens_of_tail)
                _keep(tables, provenance, block, rows, None, where)
            continue
        if not _foreign(own):
            continue
        rows = _grid(block)
        if not _statistical(rows):
            continue
        assert where is not None
        heading = None
        before = document.blocks[number - 1] if number > 0 else None
        before_tokens = by_block.get(number - 1, [])
        if (
            isinstance(before, Paragraph)
            and before_tokens
            and all(t.kind == "text" for t in before_tokens)
            and not any(t.index in placed.consumed for t in before_tokens)
        ):
            heading = heading_text(before.text)
            if heading is not None:
                headings.update(t.index for t in before_tokens)
        _keep(tables, provenance, block, rows, heading, where)
    return Extras(tuple(tables), tuple(provenance), frozenset(headings), frozenset(claimed))


def _keep(
    tables: list[ExtraTable],
    provenance: list[CellSource],
    block: Table,
    rows: Sequence[Sequence[tuple[str, int, int]]],
    heading: str | None,
    section: str,
) -> None:
    key = f"{EXTRA_PREFIX}{len(tables) + 1}"
    tables.append(ExtraTable(heading=heading, section=section, rows=[[t for t, _, _ in row] for row in rows]))
    for r, row in enumerate(rows, start=1):
        for c, (_, gr, gc) in enumerate(row, start=1):
            cell = block.rows[gr][gc]
            provenance.append(CellSource(f"{key}/{r}/{c}", cell.text, cell.location))


def _last_row_is_the_forms(block: Table, own: Sequence[Token], placed: Placement) -> bool:
    """A shortcut of :func:`_trailing`: whether a token of the last row is the form's or was used.

    The tokens of a cell carry the cell's own :class:`Location` object, so those found by
    identity are some of those :func:`_trailing` finds by equality: when one of them is
    used or a text of the form, :func:`_trailing` finds the same in the last row and
    returns ``None``. When none is, it is asked in full.
    """
    if not block.rows:
        return False
    last = {id(cell.location) for cell in block.rows[-1] if not cell.spanned}
    found = [tok for tok in own if id(tok.location) in last]
    return any(t.index in placed.consumed for t in found) or not _foreign(found)


def _trailing(
    block: Table, own: Sequence[Token], placed: Placement
) -> tuple[list[list[tuple[str, int, int]]], list[Token]] | None:
    """A table of the document's own printed as the last rows of one of the form's tables.

    Word joins two tables with nothing between them; a CMS prints a page in one. The rows
    after the last one that holds a text of the form or a cell the form's tables used are
    such a table when the first of them is a header (texts only, no number) and they hold a
    number: a table with a header of its own. Otherwise their numbers stay unplaced.
    """
    if _last_row_is_the_forms(block, own, placed):
        return None
    by_location: dict[object, list[Token]] = {}
    for tok in own:
        by_location.setdefault(tok.location, []).append(tok)
    row_tokens: list[list[Token]] = []
    for row in block.rows:
        found: list[Token] = []
        for cell in row:
            if not cell.spanned:
                found.extend(by_location.get(cell.location, ()))
        row_tokens.append(found)
    last = -1
    for r, found in enumerate(row_tokens):
        if any(t.index in placed.consumed for t in found) or not _foreign(found):
            last = r
    if last < 0 or last == len(block.rows) - 1:
        return None
    tail = Table(block.rows[last + 1 :], block.location)
    rows = _grid(tail)
    if not rows or not _statistical(rows):
        return None
    if any(parse_cell(text).status == "number" for text, _, _ in rows[0]):
        return None  # no header of its own: the rows may be the form's, mislabelled
    shifted = [[(text, r + last + 1, c) for text, r, c in row] for row in rows]
    return shifted, [t for found in row_tokens[last + 1 :] for t in found]
