"""Passes 4–6: the values of the tables — rows take their slots, runs are split, the rest is reported.

- :func:`find_rows`: a row label takes the value slots that follow it, up to the row's
  width: numbers, blanks and placeholders, so a blank cell keeps its column. It stops at
  the next label or text.
- :func:`place_rows`: the most complete occurrence of each row is placed (too few or too
  many values, text where a number belongs and repeated rows are findings); the block
  tables (table 4: no row labels) are the value slots after their headers. A row whose
  numbers ran together (crawled text) is kept as a :class:`Run` instead.
- :func:`split_runs`: the runs are split with the form's identities
  (:mod:`govinfo.extraction.runs`); what they cannot decide stays blank.
- :func:`unplaced_values` and :func:`completeness`: numbers no label claims, tables and
  rows the document lacks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from functools import lru_cache
from itertools import pairwise
from typing import Any

import attrs

from govinfo._fast import fast_init
from govinfo.extraction.runs import (
    Equation,
    RunResult,
    chunk_capacity,
    column_keyword,
    joint_identities,
    narrative_evidence,
    narrow_by_evidence,
    run_budget,
    run_equations,
    solve_run,
    solve_table,
)
from govinfo.extraction.tokens import BLOCK_TABLES, Token, Tokens, Vocabulary
from govinfo.extraction.values import ParsedCell, looks_like_value, parse_cell, resembles
from govinfo.findings import Finding, finding
from govinfo.form import NATIONAL, Column, Form, RowSpec, TableSpec, Term
from govinfo.form.text import normalize, strip_numbering
from govinfo.limits import out_of_range
from govinfo.model import AnnualReport, CellSource, Undecided, field_name

__all__ = [
    "Occurrence",
    "Placement",
    "Run",
    "completeness",
    "find_rows",
    "place_rows",
    "split_runs",
    "unplaced_values",
    "with_units",
]

Value = int | Decimal | None
_ZH_NUMERALS = "一二三四五六七八九十"
_BLOCK_HEADERS = 4
"""Header texts a block table's anchor must be followed by (a lone 行政复议 is prose)."""


@fast_init
@attrs.frozen
class Occurrence:
    """One place a row label occurs, with the value slots after it and the extra numbers."""

    label: Token
    slots: tuple[Token, ...]
    extras: tuple[Token, ...]

    @property
    def numbers(self) -> int:
        """How many of its slots hold a number."""
        return sum(1 for t in self.slots if t.parsed is not None and t.parsed.status == "number")


@attrs.frozen
class Run:
    """A row (or block) whose numbers ran together: fewer number chunks than cells (crawled text)."""

    label: Token
    slots: tuple[Token, ...]
    paths: tuple[str, ...]
    columns: tuple[Column, ...]
    rows: tuple[RowSpec, ...]

    @property
    def raw(self) -> str:
        """The chunks as found, space-separated."""
        return " ".join(t.text.strip() for t in self.slots)

    @property
    def table(self) -> str:
        """The key of its table."""
        return self.paths[0].split("/")[0]


@attrs.frozen
class Placement:
    """What a pass placed: cell values, their sources and units, its findings, and what it used.

    Attributes:
        cells: (path, value) in the order placed.
        units: (path, unit) typed into decimal cells whose column fixes none (``251000元``).
        provenance: where each value came from.
        findings: what the pass has to say, in order.
        consumed: indices of the tokens it used (labels, slots, extras).
        blocks: the blocks that hold report tables (where a stray number is unplaced).
        runs: the rows kept for :func:`split_runs`.
        undecided: the cells of runs :func:`split_runs` could not split, with their candidates.
        merged: ``table/row`` of the groups read as their own row because a merged value
            cell covers their sub-rows (（六）其他处理 in 2021; see :func:`completeness`).
    """

    cells: tuple[tuple[str, Value], ...] = ()
    units: tuple[tuple[str, str], ...] = ()
    provenance: tuple[CellSource, ...] = ()
    findings: tuple[Finding, ...] = ()
    consumed: frozenset[int] = frozenset()
    blocks: frozenset[int] = frozenset()
    runs: tuple[Run, ...] = ()
    undecided: tuple[Undecided, ...] = ()
    merged: frozenset[str] = frozenset()

    def then(self, later: Placement) -> Placement:
        """This placement followed by ``later``'s."""
        return Placement(
            cells=(*self.cells, *later.cells),
            units=(*self.units, *later.units),
            provenance=(*self.provenance, *later.provenance),
            findings=(*self.findings, *later.findings),
            consumed=self.consumed | later.consumed,
            blocks=self.blocks | later.blocks,
            runs=(*self.runs, *later.runs),
            undecided=(*self.undecided, *later.undecided),
            merged=self.merged | later.merged,
        )


@attrs.define
class _Sink:
    """What one pass collects while it runs (never shared between passes)."""

    tokens: Tokens
    template: str
    form: Form
    cells: list[tuple[str, Value]] = attrs.Factory(list)
    units: list[tuple[str, str]] = attrs.Factory(list)
    provenance: list[CellSource] = attrs.Factory(list)
    findings: list[Finding] = attrs.Factory(list)
    consumed: set[int] = attrs.Factory(set)
    blocks: set[int] = attrs.Factory(set)
    runs: list[Run] = attrs.Factory(list)
    undecided: list[Undecided] = attrs.Factory(list)
    merged: set[str] = attrs.Factory(set)

    def freeze(self) -> Placement:
        return Placement(
            tuple(self.cells),
            tuple(self.units),
            tuple(self.provenance),
            tuple(self.findings),
            frozenset(self.consumed),
            frozenset(self.blocks),
            tuple(self.runs),
            tuple(self.undecided),
            frozenset(self.merged),
        )

    def name(self, path: str, language: str = "zh") -> str:
        return self.form.cell_name(path, self.template, language)

    def place(self, path: str, column: Column, slot: Token) -> None:
        """Put what ``slot`` says into the cell ``path`` (a bad value is blank, and a finding)."""
        # A text slot (a garbled value in a paragraph) was never parsed as a cell: parse it now.
        parsed = slot.parsed if slot.parsed is not None else parse_cell(slot.text)
        self.provenance.append(CellSource(path, slot.text, slot.location))
        value: Value = None
        status = parsed.status
        number = parsed.value
        too_large = status == "number" and out_of_range(number)
        if too_large:
            self._bad_value(path, slot, "超出数值上限（docs/limits.md）", f"{too_large} (docs/limits.md)")
        elif status == "number" and number is not None:
            if column.kind == "decimal":
                value = number
                if parsed.unit and column.unit is None:
                    self.units.append((path, parsed.unit))
            elif number == number.to_integral_value():
                value = int(number)
            else:
                self._bad_value(path, slot, "不是整数", "is not a whole number")
        elif status == "text":
            like = resembles(slot.text)
            if like is not None:
                self._bad_value(path, slot, f"不是数值（像是{like}）", f"is not a number (it looks like {like})")
            else:
                self._bad_value(path, slot, "不是数值", "is not a number")
        self.cells.append((path, value))

    def _bad_value(self, path: str, slot: Token, why: str, why_en: str) -> None:
        table, row, column = path.split("/")
        label = self.form.cell_label(table, row, column, self.template)
        text = slot.text.strip()
        text = text if len(text) <= 40 else text[:39] + "…"
        self.findings.append(
            finding(
                "bad-value",
                f"{label}：「{text}」{why}，按空白处理",
                f"{self.name(path, 'en')}: {text!r} {why_en}; read as blank",
                paths=[path],
                location=slot.location,
            )
        )

    def take_run(
        self, label: Token, slots: Sequence[Token], paths: Sequence[str], columns: Sequence[Column],
        rows: Sequence[RowSpec],
    ) -> bool:  # fmt: skip
        """Keep a row as a run when its numbers are too few but their digits could fill it."""
        if not slots or len(slots) >= len(paths) or not all(t.joined for t in slots):
            return False
        if any(t.parsed is None or t.parsed.status != "number" for t in slots):
            return False
        if sum(chunk_capacity(t.text) for t in slots) < len(paths):
            return False
        self.runs.append(Run(label, tuple(slots), tuple(paths), tuple(columns), tuple(rows)))
        self.consumed.add(label.index)
        self.consumed.update(t.index for t in slots)
        self.blocks.add(label.block)
        return True


# --- finding the rows -----------------------------------------------------------------


def _read_slots(tokens: Tokens, start: int, width: int) -> tuple[tuple[Token, ...], tuple[Token, ...]]:
    """The value slots after token ``start`` (up to ``width``), and the numbers beyond them."""
    slots: list[Token] = []
    extras: list[Token] = []
    items = tokens.items
    count = len(items)
    label = items[start]
    i = start + 1
    while i < count:
        tok = items[i]
        kind = tok.kind
        if kind == "value":
            parsed = tok.parsed
            assert parsed is not None
            blank = parsed.status == "blank"
            if blank and _next_row_blank(tokens, label, slots, tok):
                # The values began in the label's printed row: a blank cell of the next row (a
                # label column a merge reaches down into) never fills a column this row lacks.
                break
            if len(slots) < width:
                slots.append(tok)
            elif not blank:
                extras.append(tok)
        elif (
            tok.kind == "text"
            and tok.is_cell
            and not strip_numbering(tok.norm)[0]
            and _garbled_value(tokens, label, slots, tok)
            and (len(slots) < width or _same_row(label, tok))
        ):
            # Text where a number belongs ("增加3个", "〇"): keep its column, report it.
            (slots if len(slots) < width else extras).append(tok)
        else:
            break
        i += 1
    # Only a table with groups prints its labels over several columns (table 3); a row of
    # a table without (table 2) is narrower than its table and padded after its values.
    one_column = label.key is not None and label.key.partition("/")[0] in _whole_tables(tokens.vocabulary)
    aligned = None if one_column else _right_aligned(tokens, label, width)
    if aligned is not None:
        return aligned, ()
    while extras and slots and _same_row(label, slots[0]) and _same_row(label, extras[0]):
        first = slots[0].parsed
        if first is None or first.status != "blank":
            break
        # A blank cell in a label column (a ruled but empty sub-item cell) before a row whose
        # numbers fill every column: it is not a value slot, or each number would shift.
        slots = [*slots[1:], extras.pop(0)]
    return tuple(slots), tuple(extras)


@lru_cache(maxsize=16)  # Vocabulary hashes by identity
def _whole_tables(vocab: Vocabulary) -> frozenset[str]:
    """The tables read by their whole labels (``vocab.whole``'s values)."""
    return frozenset(vocab.whole.values())


def _right_aligned(tokens: Tokens, label: Token, width: int) -> tuple[Token, ...] | None:
    """The last ``width`` cells of the label's printed row, when blanks alone come before them.

    A label printed over several grid columns (``colspan``) leaves blank cells after it in
    a layout that writes every grid position (Markdown): the values are the row's last
    cells, whatever blanks stand in the label columns.
    """
    if not label.is_cell or label.location.row is None or width < 1:
        return None
    # The cells after the label in its printed row (see _same_row).
    items = tokens.items
    block, printed_row = label.block, label.location.row
    j = label.index + 1
    while j < len(items) and (tok := items[j]).is_cell and tok.block == block and tok.location.row == printed_row:
        j += 1
    row = items[label.index + 1 : j]
    lead = len(row) - width
    if lead < 1:
        return None
    if not all(t.kind == "value" and t.parsed is not None and t.parsed.status == "blank" for t in row[:lead]):
        return None
    tail = row[lead:]
    if not all(t.kind == "value" or (t.kind == "text" and looks_like_value(t.text)) for t in tail):
        return None
    return tuple(tail)


def _next_row_blank(tokens: Tokens, label: Token, slots: Sequence[Token], tok: Token) -> bool:
    """Whether ``tok`` is a blank opening a later printed row (a label column) than the label's own.

    A blank that is its row's only cell is no such thing: the pipe text ends a row at
    each ``|`` line, a blank value.
    """
    if tok.kind != "value" or tok.parsed is None or tok.parsed.status != "blank":
        return False
    if not label.is_cell or label.location.row is None or _same_row(label, tok):
        return False
    if slots and _same_row(label, slots[0]):
        nxt = tokens[tok.index + 1] if tok.index + 1 < len(tokens) else None
        return nxt is not None and _same_row(tok, nxt)
    # The label's row holds no value: a blank is still the next row's when a label follows it there.
    j = tok.index + 1
    while j < len(tokens) and _same_row(tok, tokens[j]):
        after = tokens[j]
        if after.kind in ("row", "group"):
            return True
        if after.kind != "value" or after.parsed is None or after.parsed.status != "blank":
            return False
        j += 1
    return False


def _garbled_value(tokens: Tokens, label: Token, slots: Sequence[Token], tok: Token) -> bool:
    """Whether a text cell stands where a value belongs (a typo, an OCR error), not a label.

    A text with a digit does (``增加3个``); a short digitless one (``〇``, ``O``, ``l``)
    when it sits in the printed row of the label or of the values around it.
    """
    if re.search(r"[0-9]", tok.norm):
        return True
    if not looks_like_value(tok.text):
        return False
    nxt = tokens[tok.index + 1] if tok.index + 1 < len(tokens) else None
    neighbours = [label, *slots[-1:], *([nxt] if nxt is not None and nxt.kind == "value" else [])]
    return any(_same_row(other, tok) for other in neighbours)


def _lost_cell(tokens: Tokens, occurrence: Occurrence) -> bool:
    """Whether a row's blank value may be a lost cell: its printed row is short of the table's.

    A grid whose rows all have the same number of cells (Markdown, a ruled table) keeps
    a blank cell as a cell; a row with fewer cells than the others, whose values are all in
    it, one of them blank, and cells after them (padding) or label columns before its label,
    may have lost a cell and had a blank slide in. (A row of label and values alone may be
    a narrower table's; the pipe text ends a row at each ``|`` line.)
    """
    label, slots = occurrence.label, occurrence.slots
    if not label.short_row or not slots or not all(_same_row(label, t) for t in slots):
        return False
    last = slots[-1].index + 1
    # Cells beside the values that are not theirs: after them, or between the label and
    # them (a row read from its end, see _right_aligned).
    padded = (last < len(tokens) and _same_row(label, tokens[last])) or slots[0].index > label.index + 1
    # Label columns before the label: the row belongs to the full grid, not a narrower table.
    inner = (label.location.column or 1) > 1
    return (padded or inner) and any(t.parsed is not None and t.parsed.status == "blank" for t in slots)


def _same_row(label: Token, tok: Token) -> bool:
    """Whether ``tok`` is a cell in the same printed table row as ``label``."""
    return (
        label.is_cell
        and tok.is_cell
        and tok.block == label.block
        and label.location.row is not None
        and tok.location.row == label.location.row
    )


@lru_cache(maxsize=4096)  # pure: Form is frozen and hashes by identity
def _row(form: Form, row_path: str, template: str) -> RowSpec | None:
    table, _, key = row_path.partition("/")
    try:
        return form.table(table).row(key, template)
    except KeyError:
        return None


@lru_cache(maxsize=4096)  # pure, as _row
def _cell_paths(form: Form, row_path: str, template: str) -> tuple[str, ...]:
    """The paths of the cells of a row (its columns, in order)."""
    return tuple(f"{row_path}/{c.key}" for c in _columns(form, row_path, template))


def _columns(form: Form, row_path: str, template: str) -> tuple[Column, ...]:
    row = _row(form, row_path, template)
    return row.columns if row is not None else ()


def _whole_label_row(form: Form, table: str, norm: str, template: str) -> str | None:
    """The row of ``template`` a whole label names (table 2: labels repeat across versions)."""
    return _whole_labels(form, table, template).get(norm)


@lru_cache(maxsize=256)  # pure: Form is frozen and hashes by identity
def _whole_labels(form: Form, table: str, template: str) -> dict[str, str]:
    """Normalised label or alias → the first row of ``template`` that prints it (never mutated)."""
    labels: dict[str, str] = {}
    for row in form.table(table).rows_for(template):
        for text in (row.label, *row.aliases):
            labels.setdefault(normalize(text), row.key)
    return labels


def _has_members(form: Form, row_path: str, template: str) -> bool:
    """Whether the group printed as the row ``row_path`` has sub-rows in ``template``."""
    table, _, key = row_path.partition("/")
    spec = form.table(table)
    group = next((g for g in spec.groups if g.row == key), None)
    return group is not None and bool(spec.members(group.key, template))


def _sub_item_group(spec: TableSpec, key: str) -> str | None:
    """The group a sub-item names as part of its label (``denied`` for ``denied.state_secret``)."""
    row = spec.row(key)
    if row.group is None:
        return None
    return row.group if spec.group(row.group).prefix else None


def find_rows(tokens: Tokens, template: str, form: Form = NATIONAL) -> dict[str, tuple[Occurrence, ...]]:
    """Every occurrence of every row label, with the slots after it; ``table/row`` → occurrences."""
    found: dict[str, list[Occurrence]] = {}

    def occurrence(row_path: str, tok: Token) -> None:
        slots, extras = _read_slots(tokens, tok.index, len(_columns(form, row_path, template)))
        found.setdefault(row_path, []).append(Occurrence(tok, slots, extras))

    own_rows = tokens.vocabulary.own_rows
    group: str | None = None
    for tok in tokens:
        if tok.kind == "heading":
            group = None
            continue
        if tok.kind == "group":
            group = tok.key
            nxt = tokens[tok.index + 1] if tok.index + 1 < len(tokens) else None
            if (
                tok.key in own_rows
                and nxt is not None
                and (nxt.kind == "value" or not _has_members(form, own_rows[tok.key], template))
            ):
                # The group is its own row (（六）其他处理 in 2019): also when no value follows it.
                occurrence(own_rows[tok.key], tok)
            continue
        if tok.kind != "row" or tok.key is None:
            continue
        table, _, key = tok.key.partition("/")
        spec = form.table(table)
        if not spec.groups:
            whole = _whole_label_row(form, table, key, template)
            if whole is None:
                continue  # a row of the other format: its numbers end up unplaced
            occurrence(f"{table}/{whole}", tok)
            continue
        if tok.needs_group and tok.needs_group != group:
            continue
        # A sub-item sets its group too: some layouts omit the merged group label.
        group = _sub_item_group(spec, key)
        occurrence(tok.key, tok)
    return _hand_detached(tokens, {path: tuple(items) for path, items in found.items()}, form, template)


def _printed_rows(cells: Sequence[Token]) -> list[tuple[Token, ...]]:
    """Value cells grouped by the printed table row they are in, in order."""
    rows: list[list[Token]] = []
    for tok in cells:
        if rows and (rows[-1][0].block, rows[-1][0].location.row) == (tok.block, tok.location.row):
            rows[-1].append(tok)
        else:
            rows.append([tok])
    return [tuple(row) for row in rows]


def _detached(occurrence: Occurrence) -> bool:
    """A label printed as a line of its own, outside the table row that holds its values."""
    return not occurrence.label.is_cell and (not occurrence.slots or occurrence.slots[0].is_cell)


def _hand_detached(
    tokens: Tokens, found: dict[str, tuple[Occurrence, ...]], form: Form, template: str
) -> dict[str, tuple[Occurrence, ...]]:
    """Give row labels detached from their values the label-less value rows, in order.

    PDF-to-Markdown conversions print some row labels as lines of their own and their
    values as table rows without a label cell, not always in the same order (a value row
    may come before its label). Within one table, when the detached labels and the
    label-less value rows are equally many, the n-th label takes the n-th row. When they
    are not, each label keeps the values printed right after it, except where labels
    stand stacked over one row: which of them the row belongs to is not known, so the
    row is left for :func:`unplaced_values` to report rather than shifted.
    """
    by_table: dict[str, list[tuple[str, Occurrence]]] = {}
    for path, occurrences in found.items():
        by_table.setdefault(path.partition("/")[0], []).extend((path, o) for o in occurrences)
    result = dict(found)
    for entries in by_table.values():
        labels: list[tuple[int, str, Occurrence]] = []
        rows: list[tuple[Token, ...]] = []
        for path, occ in entries:
            if _detached(occ):
                labels.append((occ.label.index, path, occ))
                loose = [*occ.slots, *occ.extras]
            else:
                loose = [t for t in occ.extras if t.is_cell and not _same_row(occ.label, t)]
            if all(t.is_cell and t.kind == "value" for t in loose):
                rows.extend(_printed_rows(loose))
        if not labels:
            continue
        labels.sort(key=lambda item: item[0])
        rows.sort(key=lambda row: row[0].index)
        paired = len(labels) == len(rows)
        moved = {t.index for row in rows for t in row} if paired else set()
        replaced: dict[int, Occurrence] = {}
        if paired:
            for (_, path, occ), values in zip(labels, rows, strict=True):
                width = len(_columns(form, path, template))
                extras = tuple(t for t in values[width:] if t.parsed is not None and t.parsed.status != "blank")
                replaced[id(occ)] = Occurrence(occ.label, values[:width], extras)
        else:
            for (_, _, before), (_, _, occ) in pairwise(labels):
                between = tokens.items[before.label.index + 1 : occ.label.index]
                stacked = not before.slots and all(t.kind not in ("value", "row") for t in between)
                if occ.slots and stacked:
                    # Its values stay unused: unplaced_values reports them.
                    replaced[id(occ)] = Occurrence(occ.label, (), (*occ.slots, *occ.extras))
        for path, occ in entries:
            new = replaced.get(id(occ))
            if new is None and moved and any(t.index in moved for t in occ.extras):
                new = Occurrence(occ.label, occ.slots, tuple(t for t in occ.extras if t.index not in moved))
            if new is not None:
                result[path] = tuple(new if o is occ else o for o in result[path])
    return result


# --- placing them ---------------------------------------------------------------------


def _best(occurrences: Sequence[Occurrence]) -> Occurrence:
    if len(occurrences) == 1:
        return occurrences[0]  # what max gives for one
    return max(occurrences, key=lambda o: (o.numbers, len(o.slots)))


def _label_row(occurrence: Occurrence) -> int | None:
    label = occurrence.label
    return label.location.row if label.is_cell else None


def _covered_by(best: Mapping[str, Occurrence], path: str, handled: set[str]) -> list[tuple[str, Occurrence]]:
    """The rows whose labels lie in the grid rows the merged value cells of ``path`` reach down to."""
    occurrence = best[path]
    top = _label_row(occurrence)
    reach = max((t.down for t in occurrence.slots), default=1)
    if top is None or reach < 2:
        return []
    table = path.split("/")[0]
    covered = [
        (other_path, other)
        for other_path, other in best.items()
        if other_path != path
        and other_path not in handled
        and other_path.split("/")[0] == table
        and other.label.block == occurrence.label.block
        and (row := _label_row(other)) is not None
        and top < row < top + reach
    ]
    return sorted(covered, key=lambda item: _label_row(item[1]) or 0)


def _own_group(spec: TableSpec, keys: Sequence[str], template: str) -> str | None:
    """The row of the group whose sub-rows are exactly ``keys``, if it has one (（六）其他处理)."""
    for group in spec.groups:
        members = [row.key for row in spec.members(group.key, template)]
        if group.row is not None and members and sorted(members) == sorted(keys):
            return group.row
    return None


def _place_merged(sink: _Sink, found: Mapping[str, Sequence[Occurrence]]) -> set[str]:
    """Rows sharing value cells merged down over them (``rowspan``, ``vMerge``); their paths.

    The merged value belongs to the rows together. A 0 is 0 in every row (counts are never
    negative). Another value leaves the rows' cells unknown: when the rows are all the
    sub-rows of a group that has a row of its own (（六）其他处理) and every value cell is
    merged over all of them, the value goes to that row (validation uses it as the
    outcome leaf, so the sum is still checked); otherwise the rows' cells stay blank. Either
    way a ``merged-cells`` warning names the rows (an info when every merged value is 0).
    """
    form, template = sink.form, sink.template
    best = {path: _best(occurrences) for path, occurrences in found.items() if occurrences}
    handled: set[str] = set()
    for path, occurrence in best.items():
        if path in handled:
            continue
        columns = _columns(form, path, template)
        covered = _covered_by(best, path, handled)
        if not covered or len(occurrence.slots) != len(columns):
            continue
        top = _label_row(occurrence) or 0
        grid_column = {t.location.column: j for j, t in enumerate(occurrence.slots)}
        own: dict[str, dict[int, Token]] = {}
        for other_path, other in covered:
            if _columns(form, other_path, template) != columns:
                break
            placed = {t.location.column: t for t in other.slots if t.location.column in grid_column}
            own[other_path] = {grid_column[column]: t for column, t in placed.items()}
            if len(own[other_path]) != len(other.slots):
                break
        else:
            _place_group(sink, path, occurrence, covered, own, columns, top)
            handled.update([path, *own])
    return handled


def _place_group(
    sink: _Sink, path: str, occurrence: Occurrence, covered: Sequence[tuple[str, Occurrence]],
    own: Mapping[str, Mapping[int, Token]], columns: Sequence[Column], top: int,
) -> None:  # fmt: skip
    """Place the rows of one merge (see :func:`_place_merged`) with its findings."""
    form, template = sink.form, sink.template
    table = path.split("/")[0]
    rows = [(path, occurrence), *covered]
    unknown: list[int] = []  # columns whose merged value is not 0: the rows' values are not known
    for j, slot in enumerate(occurrence.slots):
        parsed = slot.parsed
        if slot.down < 2 or parsed is None or parsed.status in ("blank", "placeholder") or parsed.value == 0:
            continue
        unknown.append(j)
    merged_rows = [p for p, o in rows if any((_label_row(o) or 0) < top + occurrence.slots[j].down for j in unknown)]
    keys = [p.split("/")[1] for p, _ in rows]
    whole = all(slot.down > max(_label_row(o) or 0 for _, o in covered) - top for slot in occurrence.slots)
    group_row = _own_group(form.table(table), keys, template) if unknown and whole else None
    for _, o in rows:
        sink.consumed.add(o.label.index)
        sink.consumed.update(t.index for t in (*o.slots, *o.extras))
        sink.blocks.add(o.label.block)
    if group_row is not None:
        for column, slot in zip(columns, occurrence.slots, strict=True):
            sink.place(f"{table}/{group_row}/{column.key}", column, slot)
        sink.merged.add(f"{table}/{group_row}")
    else:
        for p, o in rows:
            row_top = _label_row(o) or 0
            for j, column in enumerate(columns):
                slot = occurrence.slots[j]
                if p != path and row_top >= top + slot.down:
                    cell = own.get(p, {}).get(j)
                    if cell is None:
                        sink.cells.append((f"{p}/{column.key}", None))
                        continue
                    sink.place(f"{p}/{column.key}", column, cell)
                elif j in unknown:
                    sink.cells.append((f"{p}/{column.key}", None))
                else:
                    sink.place(f"{p}/{column.key}", column, slot)
    labels = "".join(f"「{o.label.text.strip()}」" for _, o in rows)
    names = "; ".join(form.row_name(table, p.split("/")[1], template, "en") for p, _ in rows)
    if not unknown:
        sink.findings.append(
            finding(
                "merged-cells",
                f"{labels}共用跨行合并的数值单元格，数值为0，各行均记为0",
                f"the rows {names} share value cells merged across them; the values are 0, so every row is 0",
                paths=[p for p, _ in rows],
                location=occurrence.label.location,
                severity="info",
            )
        )
        return
    values = "、".join(occurrence.slots[j].text.strip() for j in unknown)
    values_en = ", ".join(occurrence.slots[j].text.strip() for j in unknown)
    if group_row is not None:
        group_label = form.table(table).row(group_row).label
        zh = f"合计记入「{group_label}」并用于核对"
        en = f"their sum is kept as {form.row_name(table, group_row, template, 'en')} and checked"
    else:
        zh, en = "这些单元格留空", "those cells are left blank"
    sink.findings.append(
        finding(
            "merged-cells",
            f"{labels}共用跨行合并的数值单元格（{values}）：数值属于这{len(rows)}行之和，各行的数值不明；{zh}",
            f"the rows {names} share value cells merged across them ({values_en}): each is the sum of the "
            f"{len(rows)} rows, whose own values are not known; {en}",
            paths=merged_rows if group_row is None else [p for p, _ in rows],
            location=occurrence.label.location,
        )
    )


def _place_labelled(sink: _Sink, found: Mapping[str, Sequence[Occurrence]]) -> None:
    form, template = sink.form, sink.template
    empty: dict[str, list[tuple[str, Occurrence, tuple[Column, ...]]]] = {}
    merged = _place_merged(sink, found)
    for row_path, occurrences in found.items():
        if row_path in merged:
            continue
        table = row_path.partition("/")[0]
        row = _row(form, row_path, template)
        columns = row.columns if row is not None else ()
        best = _best(occurrences)
        if not best.slots:
            empty.setdefault(table, []).append((row_path, best, columns))
            sink.consumed.add(best.label.index)
            sink.blocks.update(t.block for t in best.extras)  # numbers it could not take
            continue
        paths = list(_cell_paths(form, row_path, template))
        if sink.take_run(best.label, best.slots, paths, columns, (row,) if row is not None else ()):
            continue
        sink.consumed.add(best.label.index)
        sink.blocks.add(best.label.block)
        for column, slot, path in zip(columns, best.slots, paths, strict=False):
            sink.place(path, column, slot)
        sink.consumed.update(slot.index for slot in best.slots)
        label = best.label.text.strip()
        name_en = sink.name(row_path, "en")
        if _lost_cell(sink.tokens, best):
            sink.findings.append(
                finding(
                    "too-few-values",
                    f"「{label}」一行印出的单元格少于表格的其他行，且有空白格：可能丢失了一个单元格，"
                    "已读的数值可能不在原来的列",
                    f"{name_en}: its printed row has fewer cells than the table's other rows and a blank one; "
                    "a cell may have been lost, and the values found may not be in their columns",
                    paths=paths,
                    location=best.label.location,
                )
            )
        elif len(best.slots) < len(columns):
            sink.findings.append(
                finding(
                    "too-few-values",
                    f"「{label}」一行应有{len(columns)}个数值，只找到{len(best.slots)}个；缺少的列记为空白，"
                    "已读的数值也可能不在原来的列",
                    f"{name_en} should have {len(columns)} values but {len(best.slots)} were found; "
                    "the missing columns are left blank, and the values found may not be in their columns",
                    # Every cell of the row: which column lost its value is not known.
                    paths=[*paths[len(best.slots) :], *paths[: len(best.slots)]],
                    location=best.label.location,
                )
            )
        if best.extras:
            texts = "、".join(t.text.strip() for t in best.extras)
            texts_en = ", ".join(t.text.strip() for t in best.extras)
            sink.findings.append(
                finding(
                    "too-many-values",
                    f"「{label}」一行多出{len(best.extras)}个数值（{texts}），未予采用",
                    f"{name_en} has {len(best.extras)} value(s) more than its {len(columns)} columns "
                    f"({texts_en}); they were not used",
                    paths=[row_path],
                    location=best.extras[0].location,
                )
            )
            sink.consumed.update(t.index for t in best.extras)
        for other in occurrences:
            if other is best or other.numbers == 0:
                continue
            sink.findings.append(
                finding(
                    "duplicate-row",
                    f"「{other.label.text.strip()}」一行出现了不止一次，采用{best.label.location}处的数值",
                    f"{name_en} appears more than once; the values at {best.label.location.describe('en')} were used",
                    paths=[row_path],
                    location=other.label.location,
                )
            )
            sink.consumed.add(other.label.index)
            sink.consumed.update(t.index for t in other.slots + other.extras)

    placed = {path.split("/")[0] for path, _ in sink.cells} | {run.table for run in sink.runs}
    for table, rows in empty.items():
        if table not in placed:
            # Every row of the table is a label alone: the table is there, all blank, not missing.
            for path, _, columns in rows:
                sink.cells.extend((f"{path}/{c.key}", None) for c in columns)
            _note_blank_table(sink, form.table(table), sum(len(columns) for _, _, columns in rows), rows[0][1].label)
            continue
        # Labels with no value after them (a blank page, values lost): one finding per table.
        labels = "".join(f"「{o.label.text.strip()}」" for _, o, _ in rows)
        names = "; ".join(form.row_name(table, path.split("/")[1], template, "en") for path, _, _ in rows)
        sink.findings.append(
            finding(
                "too-few-values",
                f"{len(rows)}行有栏目而没有任何数值：{labels}",
                f"{len(rows)} row(s) of {form.table(table).label_en} have a label but no values: {names}",
                paths=[f"{path}/{c.key}" for path, _, columns in rows for c in columns],
                location=rows[0][1].label.location,
            )
        )


def _block_name(spec: TableSpec, language: str) -> str:
    """Table 4 by its number and its rows: ``表四（行政复议、行政诉讼）``."""
    if language == "en":
        return spec.label_en
    names = [row.label for row in spec.rows if row.group is None] + [g.label for g in spec.groups]
    return f"{spec.label}（{'、'.join(names)}）"


def _place_block(sink: _Sink, spec: TableSpec) -> None:
    """A table printed as header bands over one unlabelled data row (table 4)."""
    tokens, template = sink.tokens, sink.template
    headers = tokens.vocabulary.block_headers
    rows = spec.rows_for(template)
    if not rows:
        return
    first = normalize(rows[0].label)
    columns = tuple(c for row in rows for c in row.columns)
    width = len(columns)
    anchors = [t for t in tokens if t.is_cell and t.norm == first and t.index not in sink.consumed]
    headed: Token | None = None  # an anchor with its headers and no value after them
    for anchor in anchors:
        last_header = anchor.index
        i = anchor.index + 1
        while i < len(tokens):
            tok = tokens[i]
            if tok.kind == "header" or (tok.is_cell and tok.norm in headers):
                last_header = i
            elif tok.kind == "value":
                assert tok.parsed is not None
                if tok.parsed.status != "blank":
                    break
            else:
                break
            i += 1
        found = [t for t in tokens.items[anchor.index : last_header + 1] if t.norm in headers]
        if len(found) < _BLOCK_HEADERS:
            continue
        slots, extras = _read_slots(tokens, last_header, width)
        if not slots:
            headed = headed or anchor
            continue
        sink.consumed.update(range(anchor.index, last_header + 1))
        _place_block_values(sink, spec, anchor, slots, extras)
        return
    before = len(sink.cells)
    _place_block_under_heading(sink, spec)
    if headed is not None and len(sink.cells) == before:
        # Its headers and no value: the table is there, all blank, not missing.
        sink.cells.extend((f"{spec.key}/{row.key}/{c.key}", None) for row in rows for c in row.columns)
        sink.blocks.add(headed.block)
        _note_blank_table(sink, spec, sum(len(row.columns) for row in rows), headed)


def _note_blank_table(sink: _Sink, spec: TableSpec, count: int, at: Token) -> None:
    """One ``blank-table`` for a table printed as its labels alone (its cells blank or left out)."""
    sink.findings.append(
        finding(
            "blank-table",
            f"表格「{spec.section}」只有栏目，{count}个单元格全部空白（没有印出数值）",
            f"{spec.label_en} (section {_section_name(sink.form, spec)}) has its labels only: all {count} "
            "cells are blank (no value is printed)",
            paths=[spec.key],
            location=at.location,
        )
    )


def _place_block_under_heading(sink: _Sink, spec: TableSpec) -> None:
    """Table 4 whose header bands came out garbled, found by its one full data row.

    A conversion that reads the header cells line by line leaves no cell that says
    ``行政复议``; the table is still there when its section holds header words and then
    one printed row of exactly the table's number of values, all numbers.
    """
    tokens, template = sink.tokens, sink.template
    rows = spec.rows_for(template)
    width = sum(len(row.columns) for row in rows)
    heading = next((t for t in tokens if t.kind == "heading" and t.key == spec.key), None)
    if heading is None or not rows:
        return
    headers = 0
    for tok in tokens.items[heading.index + 1 :]:
        if tok.kind == "heading" or tok.index in sink.consumed:
            return
        if tok.kind == "header":
            headers += 1
        elif tok.kind == "value":
            break
        elif tok.kind != "text":
            return
    else:
        return
    row = [t for t in tokens.items[tok.index : tok.index + width + 1] if _same_row(t, tok) or t is tok]
    numbers = all(t.kind == "value" and t.parsed is not None and t.parsed.status == "number" for t in row)
    if headers < _BLOCK_HEADERS or not tok.is_cell or len(row) != width or not numbers:
        return
    _place_block_values(sink, spec, heading, tuple(row), ())


def _place_block_values(
    sink: _Sink, spec: TableSpec, anchor: Token, slots: tuple[Token, ...], extras: tuple[Token, ...]
) -> None:
    """Place the value slots of a block table after its headers, with its findings."""
    rows = spec.rows_for(sink.template)
    columns = tuple(c for row in rows for c in row.columns)
    width = len(columns)
    sink.blocks.add(anchor.block)
    paths = [f"{spec.key}/{row.key}/{c.key}" for row in rows for c in row.columns]
    if sink.take_run(anchor, slots, paths, columns, rows):
        return
    for path, column, slot in zip(paths, columns, slots, strict=False):
        sink.place(path, column, slot)
        sink.consumed.add(slot.index)
    name, name_en = _block_name(spec, "zh"), _block_name(spec, "en")
    if len(slots) < width:
        sink.findings.append(
            finding(
                "too-few-values",
                f"{name}应有{width}个数值，只找到{len(slots)}个；缺少的列记为空白，已读的数值也可能不在原来的列",
                f"{name_en} should have {width} values but {len(slots)} were found; the missing ones are left "
                "blank, and the values found may not be in their columns",
                # Every cell of the block: which column lost its value is not known.
                paths=[*paths[len(slots) :], *paths[: len(slots)]],
                location=anchor.location,
            )
        )
    if extras:
        texts = "、".join(t.text.strip() for t in extras)
        texts_en = ", ".join(t.text.strip() for t in extras)
        sink.findings.append(
            finding(
                "too-many-values",
                f"{spec.label}多出{len(extras)}个数值（{texts}），未予采用",
                f"{name_en} has {len(extras)} value(s) beyond its {width} columns ({texts_en}); they were not used",
                paths=[spec.key],
                location=extras[0].location,
            )
        )
        sink.consumed.update(t.index for t in extras)


def place_rows(
    tokens: Tokens, found: Mapping[str, Sequence[Occurrence]], template: str, form: Form = NATIONAL
) -> Placement:
    """Place the best occurrence of every row, then the block tables; keep the runs."""
    sink = _Sink(tokens, template, form)
    _place_labelled(sink, found)
    for spec in form.tables:
        if spec.key in BLOCK_TABLES:
            _place_block(sink, spec)
    return sink.freeze()


# --- runs: cells that lost their separators -------------------------------------------


def _row_index(run: Run) -> dict[str, int]:
    return {c.key: i for i, c in enumerate(run.columns)}


def _solve_joint(runs: Sequence[Run], cells: Mapping[str, Value], template: str, form: Form) -> dict[int, RunResult]:
    """Split the single-row runs of one table together (table 3), with the form's identities."""
    table = runs[0].table
    spec = form.table(table)
    by_row = {run.paths[0].split("/")[1]: run for run in runs}
    index = _row_index(runs[0])
    known: dict[tuple[str, int], int | None] = {}
    for path, value in cells.items():
        t, row, column = path.split("/")
        if t == table and column in index:
            known[(row, index[column])] = int(value) if value is not None else None
    present = {row for row, _ in known} | set(by_row)

    def expand(term: Term) -> tuple[str, ...]:
        return spec.leaves(term.group, present.__contains__, template)

    identities = joint_identities(form, table, len(index), present.__contains__, expand)
    equations: dict[str, Sequence[Equation]] = {
        row: run_equations(form, table, run.rows) for row, run in by_row.items()
    }
    results = solve_table(
        {row: [t.text for t in run.slots] for row, run in by_row.items()},
        known,
        kinds=[c.kind for c in runs[0].columns],
        equations=equations,
        identities=identities,
    )
    return {id(by_row[row]): result for row, result in results.items()}


def _prose_evidence(run: Run, tokens: Tokens, template: str, form: Form) -> list[tuple[int, int]]:
    """What the paragraphs say about a row's cells (table 2 has no identities to split it)."""
    if len(run.rows) != 1:
        return []
    key = run.rows[0].key
    rows = form.table(run.table).rows_for(template)
    row = next((r for r in rows if r.key == key), None)
    if row is None:
        return []
    rivals = [w for r in rows if r.key != key for w in (r.label, *r.aliases)]
    prose = (t.text for t in tokens if not t.is_cell)
    keywords = [column_keyword(c.label) for c in run.columns]
    return narrative_evidence(prose, (row.label, *row.aliases), rivals, keywords)


def _run_name(run: Run, form: Form, template: str) -> tuple[str, str]:
    spec = form.table(run.table)
    if len(run.rows) != 1:
        return _block_name(spec, "zh"), _block_name(spec, "en")
    row_path = run.paths[0].rsplit("/", 1)[0]
    return f"「{run.label.text.strip()}」一行", form.cell_name(row_path, template, "en")


def _note_ambiguous(sink: _Sink, run: Run, result: RunResult, blank: Sequence[str]) -> None:
    form, template = sink.form, sink.template
    name, name_en = _run_name(run, form, template)
    shown = ["|".join(c) for c in result.candidates[:8]]
    more = len(result.candidates) - len(shown)
    listed = "；".join(shown) + (f"；等共{len(result.candidates)}种" if more else "")
    listed_en = ", ".join(repr(split) for split in shown) + (", …" if more else "")
    spec = form.table(run.table)
    if not result.decided:
        zh, en = "拆分方式过多，无法判定", "there are too many ways to split it to search them"
    elif not form.identities_of(run.table):
        zh = f"{spec.label}没有勾稽关系可以判定，有{len(result.candidates)}种拆分（{listed}）"
        en = f"{spec.label_en} has no identities to decide between {len(result.candidates)} splits ({listed_en})"
    else:
        zh = f"按表格的勾稽关系仍有{len(result.candidates)}种拆分（{listed}）"
        en = f"{len(result.candidates)} splits remain under the table's identities ({listed_en})"
    sink.findings.append(
        finding(
            "ambiguous-run",
            f"{name}的数值在原文中连成一串「{run.raw}」，应拆为{len(run.paths)}个数值，{zh}；"
            f"无法确定的{len(blank)}个单元格留空",
            f"{name_en}: its {len(run.paths)} values ran together in the source ({run.raw!r}); {en}; "
            f"the {len(blank)} cell(s) that differ are left blank",
            paths=blank,
            location=run.slots[0].location,
        )
    )


def _undecided(run: Run, result: RunResult, agreed: Sequence[str | None]) -> Undecided:
    """The blank cells of a run and what each candidate split gives them (none if undecided)."""
    open_ = [i for i, part in enumerate(agreed) if part is None]
    paths = tuple(run.paths[i] for i in open_)
    if not result.decided or result.unsound:
        return Undecided(paths)  # no candidates that are known to hold the true values
    splits = dict.fromkeys(tuple(c[i] for i in open_) for c in result.candidates)
    try:
        return Undecided(paths, tuple(splits))
    except ValueError:  # a part that is not a plain number: nothing to check the splits with
        return Undecided(paths)


def _note_evidence(sink: _Sink, run: Run, result: RunResult) -> None:
    name, name_en = _run_name(run, sink.form, sink.template)
    said = "、".join(f"{run.columns[col].label}{value}" for col, value in result.evidence)
    said_en = ", ".join(
        f"{sink.form.column_name(run.table, run.columns[col].key, sink.template, 'en')} = {value}"
        for col, value in result.evidence
    )
    sink.findings.append(
        finding(
            "split-run",
            f"{name}的数值在原文中连成一串「{run.raw}」，已参照正文所述（{said}）拆分",
            f"{name_en}: its values ran together in the source ({run.raw!r}); the split follows "
            f"what the text says ({said_en})",
            paths=[run.paths[col] for col, _ in result.evidence],
            location=run.slots[0].location,
        )
    )


def _note_splits(sink: _Sink, runs: Sequence[Run]) -> None:
    if not runs:
        return
    example = runs[0]
    sink.findings.append(
        finding(
            "split-run",
            f"有{len(runs)}行的数值在原文中连成一串（如「{example.raw}」），已按表格的勾稽关系拆分；"
            "这些行的勾稽关系因此不能再用来核对",
            f"{len(runs)} row(s) had their values run together in the source (e.g. {example.raw!r}) "
            "and were split by the tables' identities, which therefore no longer check them",
            paths=[p for run in runs for p in run.paths],
            location=example.slots[0].location,
        )
    )


def split_runs(tokens: Tokens, placed: Placement, template: str, form: Form = NATIONAL) -> Placement:
    """Split ``placed.runs`` with the form's identities; leave what they cannot decide blank.

    Single-row runs of a table with column identities (table 3) are split together
    against the cells ``placed`` read normally; every other run (table 2's rows, table
    4's block) with its own row identities, and table 2's, where still ambiguous, with
    what the prose says. All the searches of one document share one budget
    (:func:`~govinfo.extraction.runs.run_budget`): past it, the runs left are undecided.
    """
    sink = _Sink(tokens, template, form)
    runs = placed.runs
    if not runs:
        return sink.freeze()
    with run_budget():
        solved = _solve_runs(runs, placed, tokens, template, form)
    for run in runs:
        result = solved[id(run)]
        agreed = result.agreed(len(run.paths))
        for path, column, part in zip(run.paths, run.columns, agreed, strict=True):
            parsed = parse_cell(part) if part is not None else ParsedCell("blank", raw=run.raw)
            sink.place(path, column, attrs.evolve(run.slots[0], text=run.raw, parsed=parsed))
        blank = [path for path, part in zip(run.paths, agreed, strict=True) if part is None]
        if blank:
            _note_ambiguous(sink, run, result, blank)
            sink.undecided.append(_undecided(run, result, agreed))
    _note_splits(sink, [run for run in runs if solved[id(run)].constrained and solved[id(run)].unique])
    for run in runs:
        if solved[id(run)].evidence:
            _note_evidence(sink, run, solved[id(run)])
    return sink.freeze()


def _solve_runs(
    runs: Sequence[Run], placed: Placement, tokens: Tokens, template: str, form: Form
) -> dict[int, RunResult]:
    cells = dict(placed.cells)
    solved: dict[int, RunResult] = {}
    joint: dict[str, list[Run]] = {}
    for run in runs:
        has_columns = any(i.over == "column" for i in form.identities_of(run.table))
        if len(run.rows) == 1 and has_columns:
            joint.setdefault(run.table, []).append(run)
    for group in joint.values():
        solved.update(_solve_joint(group, cells, template, form))
    for run in runs:
        if id(run) in solved:
            continue
        texts = [t.text for t in run.slots]
        result = solve_run(texts, [c.kind for c in run.columns], run_equations(form, run.table, run.rows))
        if result.unique is None and len(run.rows) == 1:
            result = narrow_by_evidence(result, _prose_evidence(run, tokens, template, form))
        solved[id(run)] = result
    return solved


# --- what nobody claimed, what is missing ---------------------------------------------


def unplaced_values(tokens: Tokens, placed: Placement) -> tuple[Finding, ...]:
    """Numbers in report tables that no row claimed, one finding per stretch of them."""
    findings: list[Finding] = []
    stretch: list[Token] = []

    def flush() -> None:
        if not stretch:
            return
        texts = "、".join(t.text.strip() for t in stretch)
        texts_en = ", ".join(t.text.strip() for t in stretch)
        findings.append(
            finding(
                "unplaced-value",
                f"表格中有{len(stretch)}个数值无法对应到任何一行（{texts}）",
                f"{len(stretch)} value(s) in a report table could not be placed in any row ({texts_en})",
                location=stretch[0].location,
            )
        )
        stretch.clear()

    for tok in tokens:
        if (
            tok.kind == "value"
            and tok.block in placed.blocks
            and tok.index not in placed.consumed
            and tok.parsed is not None
            and tok.parsed.status == "number"
        ):
            stretch.append(tok)
        elif tok.kind != "value" or tok.index in placed.consumed:
            flush()
    flush()
    return tuple(findings)


def with_units(report: AnnualReport, units: Iterable[tuple[str, str]]) -> AnnualReport:
    """Record the units typed into decimal cells on the rows that keep one (``amount_unit``)."""
    for path, unit in units:
        table, row_key, column = path.split("/")
        table_obj: Any = getattr(report, table, None)
        row: Any = getattr(table_obj, field_name(row_key), None) if table_obj is not None else None
        field = f"{column}_unit"
        if row is None or not hasattr(row, field):
            continue
        table_obj = attrs.evolve(table_obj, **{field_name(row_key): attrs.evolve(row, **{field: unit})})
        changes: dict[str, Any] = {table: table_obj}
        report = attrs.evolve(report, **changes)
    return report


def _section_name(form: Form, spec: TableSpec) -> str:
    for section in form.sections:
        if section.label == spec.section:
            return section.label_en
    return spec.section


def completeness(
    report: AnnualReport, paths: Iterable[str], form: Form = NATIONAL, *, merged: Iterable[str] = ()
) -> tuple[Finding, ...]:
    """The tables and rows of the report's format that the document lacks.

    A group printed as its own row (（六）其他处理 as one row) stands for its sub-rows,
    and its sub-rows for it; a block table (table 4) is read whole or not at all.
    ``paths`` are the cells extraction placed (blank ones included); ``merged`` the group
    rows (``table/row``) that hold the values merged over their sub-rows, which are no
    other format's row (a ``merged-cells`` warning says so already).
    """
    merged = frozenset(merged)
    template = report.template
    findings: list[Finding] = []
    tables_present = {path.split("/")[0] for path in paths}
    printed_whole: list[tuple[TableSpec, str]] = []
    for spec in form.tables:
        key = spec.key
        if key not in tables_present:
            findings.append(
                finding(
                    "missing-table",
                    f"未找到表格「{spec.section}」（可能以图片发布，或格式不符）",
                    f"{spec.label_en} (section {_section_name(form, spec)}) was not found as text "
                    "(published as an image, or not in a national format?)",
                    paths=[key],
                )
            )
            continue
        if key in BLOCK_TABLES:
            continue
        skip: set[str] = set()
        for group in spec.groups:
            if group.row is None:
                continue
            members = {row.key for row in spec.members(group.key)}
            if report.has_row(key, group.row):
                skip |= members
                printed_whole.append((spec, group.key))
            if any(report.has_row(key, m) for m in members):
                skip.add(group.row)
        missing = [row for row in spec.rows_for(template) if row.key not in skip and not report.has_row(key, row.key)]
        if missing:
            # One finding per table: a truncated table must not flood the report.
            labels = "".join(f"「{row.label}」" for row in missing)
            names = "; ".join(form.row_name(key, row.key, template, "en") for row in missing)
            findings.append(
                finding(
                    "missing-row",
                    f"表格「{spec.section}」缺少{len(missing)}行：{labels}",
                    f"{spec.label_en} lacks {len(missing)} row(s): {names}",
                    paths=[f"{key}/{row.key}" for row in missing],
                )
            )
    for spec, group_key in printed_whole:
        group = spec.group(group_key)
        assert group.row is not None
        if template in spec.row(group.row).templates or f"{spec.key}/{group.row}" in merged:
            continue
        subs = spec.members(group_key, template)
        count = _ZH_NUMERALS[len(subs) - 1] if 0 < len(subs) <= len(_ZH_NUMERALS) else str(len(subs))
        findings.append(
            finding(
                "template-mixed",
                f"{group.label}按{_other_version(template)}年版印为一行，未分列{template}年版的{count}个子项",
                f"{form.row_name(spec.key, group.row, template, 'en')} is printed as one row "
                f"({_other_version(template)} style) instead of the {len(subs)} sub-rows of the {template} format",
                paths=[f"{spec.key}/{group.row}"],
            )
        )
    return tuple(findings)


def _other_version(template: str) -> str:
    return "2019" if template == "2021" else "2021"
