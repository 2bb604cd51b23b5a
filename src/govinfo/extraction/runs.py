"""Pass 5: splitting digit runs of flattened tables back into cells.

Crawled text can lose the separators between table cells: a table-3 row reads
``713000074`` for the seven cells 71|3|0|0|0|0|74. Only the tables' arithmetic can put
the boundaries back, and that arithmetic is the form's (``form.identities_of(table)``):

- a **row identity** (``over="row"``: its terms are columns) becomes an
  :class:`Equation` over the cells of each run it holds in — table 3's row total, each of
  table 4's three totals; it prunes that run's own splits (:func:`solve_run`);
- a **column identity** (``over="column"``: its terms are rows, a
  :class:`~govinfo.form.Term` standing for a group's leaf rows as the document prints
  them) becomes one :data:`Linear` identity per column, which the runs of table 3 still
  ambiguous are searched against together (:func:`solve_table`).

:func:`split_run` lists the ways to cut a row's number chunks into its cells: every chunk
holds at least one cell; a cell is ``0`` or has no leading zero; a sign only starts a
chunk and only a signed column takes it; a decimal fraction and a unit only end a chunk
and only a decimal column takes them. Nothing is guessed: where more than one split
satisfies every identity, every split is returned and the caller leaves the cells that
differ blank. An identity that no split can satisfy (the document's own arithmetic is
wrong) is dropped rather than allowed to rule every split out.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal

import attrs

from govinfo.extraction.values import parse_cell
from govinfo.form import Form, RowSpec, Term
from govinfo.form.text import normalize

__all__ = [
    "CELL_DIGITS",
    "DOCUMENT_LIMIT",
    "RUN_LIMIT",
    "SOLUTION_LIMIT",
    "SPLIT_LIMIT",
    "Equation",
    "Linear",
    "RunResult",
    "chunk_capacity",
    "column_keyword",
    "joint_identities",
    "narrative_evidence",
    "narrow_by_evidence",
    "run_budget",
    "run_equations",
    "solve_run",
    "solve_table",
    "split_run",
]

# A split is the cells' texts, in column order ("71", "3", …, "-18", "432.52元").
Split = tuple[str, ...]
# Checks a partial split (the cells so far, the digits still unassigned); False cuts it.
Prune = Callable[[Sequence[str], int], bool]

SPLIT_LIMIT = 200_000
"""Search nodes :func:`split_run` visits before it gives up (the run is then undecided)."""
SOLUTION_LIMIT = 5_000
"""Joint solutions :func:`solve_table` collects before it stops narrowing."""
RUN_LIMIT = 50_000
"""Search nodes one run may visit (:func:`solve_run`), inside its document's budget."""
DOCUMENT_LIMIT = 12_000
"""Search nodes all the runs of one document may visit together (see :func:`run_budget`).

A count of work, not a clock, so that a document reads the same on a loaded machine as
on a quiet one; about half a second of CPU at most (real documents use a few hundred)."""
CELL_DIGITS = 16
"""The most digits a cell cut from a run may have (a count is at most 10**15)."""

_CHUNK = re.compile(r"^(?P<sign>[+-])?(?P<int>[0-9]+)(?P<frac>\.[0-9]+)?(?P<unit>万元|亿元|元)?$")

# --- the identities of the form, as equations over cells -------------------------------


@attrs.frozen
class Equation:
    """``Σ cells[total] == Σ cells[parts]``, the cells given by their index in one run.

    Attributes:
        total: the indices of the cells the identity states as the total.
        parts: the indices of the cells that add up to it.
        code: the code of the identity it comes from.
    """

    total: tuple[int, ...]
    parts: tuple[int, ...]
    code: str = ""

    @property
    def cells(self) -> tuple[int, ...]:
        """Every cell it involves."""
        return (*self.total, *self.parts)


Linear = tuple[tuple[int, str, int], ...]
"""A column identity of one column: ``Σ coefficient × cell == 0``, cells as (row key, column index)."""


def run_equations(
    form: Form, table: str, rows: Sequence[RowSpec], *, offsets: Sequence[int] | None = None
) -> tuple[Equation, ...]:
    """The row identities of ``table`` over a run covering ``rows``, one after another.

    A run of table 3 covers one row; table 4's run covers its three rows (five cells
    each). An identity holds in a row when it names the row (or names none) and the row
    has every column it names; ``offsets`` gives where each row starts in the run
    (default: right after the previous row).
    """
    out: list[Equation] = []
    start = 0
    for n, row in enumerate(rows):
        if offsets is not None:
            start = offsets[n]
        index = {c.key: i for i, c in enumerate(row.columns)}
        for identity in form.identities_of(table):
            if identity.over != "row" or (identity.rows is not None and row.key not in identity.rows):
                continue
            terms = (*identity.total, *identity.parts)
            if not all(isinstance(t, str) and t in index for t in terms):
                continue
            out.append(
                Equation(
                    tuple(start + index[t] for t in identity.total),
                    tuple(start + index[t] for t in identity.parts if isinstance(t, str)),
                    identity.code,
                )
            )
        start += len(row.columns)
    return tuple(out)


def joint_identities(
    form: Form,
    table: str,
    width: int,
    present: Callable[[str], bool],
    expand: Callable[[Term], Sequence[str]],
) -> list[Linear]:
    """The column identities of ``table``, one per column, over the rows the document has.

    ``expand`` gives the leaf rows a :class:`~govinfo.form.Term` stands for (see
    :meth:`~govinfo.form.TableSpec.leaves`); an identity whose rows are not all
    ``present``, or whose term stands for no row, is left out.
    """
    out: list[Linear] = []
    usable: list[tuple[tuple[str, ...], tuple[str, ...]]] = []
    for identity in form.identities_of(table):
        if identity.over != "column":
            continue
        sides: list[tuple[str, ...]] = []
        for side in (identity.total, identity.parts):
            rows: list[str] = []
            for term in side:
                rows += expand(term) if isinstance(term, Term) else [term]
            sides.append(tuple(rows))
        total, parts = sides
        if not total or not parts or any(t in parts for t in total):
            continue
        if all(present(r) for r in (*total, *parts)):
            usable.append((total, parts))
    for col in range(width):
        for total, parts in usable:
            out.append((*((1, r, col) for r in total), *((-1, r, col) for r in parts)))
    return out


# --- splitting one run ----------------------------------------------------------------


@attrs.frozen
class _Chunk:
    sign: str
    digits: str
    frac: str
    unit: str
    atomic: bool  # not a plain number: it can only be one cell, as it is


def _parse_chunk(text: str) -> _Chunk:
    norm = normalize(text)
    match = _CHUNK.match(norm)
    if not match:
        return _Chunk("", norm, "", "", atomic=True)
    group = match.group
    return _Chunk(group("sign") or "", group("int"), group("frac") or "", group("unit") or "", atomic=False)


def chunk_capacity(text: str) -> int:
    """Return how many cells a number chunk can hold at most (its integer digits)."""
    chunk = _parse_chunk(text)
    return 1 if chunk.atomic else len(chunk.digits)


def _valid_part(digits: str, sign: str, frac: str, unit: str, kind: str) -> bool:
    if not digits or (len(digits) > 1 and digits[0] == "0"):
        return False
    if sign and (kind != "signed" or digits == "0"):
        return False
    if (frac or unit) and kind != "decimal":
        return False
    return not (sign == "-" and kind == "decimal")


class _Budget:
    """Search nodes left (and, if asked for, a deadline), shared with the document's budget."""

    def __init__(self, limit: int, seconds: float | None = None) -> None:
        self.left = limit
        self.deadline = None if seconds is None else time.monotonic() + seconds
        self.parent = _DOCUMENT.get()

    def spend(self) -> bool:
        self.left -= 1
        if self.left < 0:
            return False
        if self.deadline is not None and self.left % 512 == 0 and time.monotonic() > self.deadline:
            self.left = -1
            return False
        return self.parent is None or self.parent.spend()


_DOCUMENT: ContextVar[_Budget | None] = ContextVar("govinfo_run_budget", default=None)


@contextmanager
def run_budget(limit: int = DOCUMENT_LIMIT, seconds: float | None = None) -> Iterator[None]:
    """Share one budget among every search in the block (the runs of one document).

    Once it is spent, each search left gives up at once and its run is undecided
    (reported ambiguous), so a document of pathological runs takes bounded time.
    ``seconds`` adds a wall-clock deadline; the reader does not use one, since what is
    decided would then depend on how busy the machine is.
    """
    token = _DOCUMENT.set(_Budget(limit, seconds))
    try:
        yield
    finally:
        _DOCUMENT.reset(token)


def split_run(
    chunks: Sequence[str],
    kinds: Sequence[str],
    *,
    prune: Prune | None = None,
    limit: int = SPLIT_LIMIT,
    stop: int | None = None,
    cap: int | None = None,
    budget: _Budget | None = None,
) -> list[Split] | None:
    """List every way to cut ``chunks`` into ``len(kinds)`` cells, in order.

    Args:
        chunks: the number chunks of one row as the reader cut them (``"230"``,
            ``"000023"``, ``"-18538"``, ``"13575394432.52元"``); chunk boundaries are
            cell boundaries.
        kinds: the columns' kinds (``"count"``, ``"signed"``, ``"decimal"``).
        prune: called with the cells so far and the digits not yet assigned after each
            cell; returning ``False`` drops every split that starts so (invariants).
        limit: search nodes to visit at most.
        stop: return once this many splits are found (``None``: find them all).
        cap: the largest value a cell may have (its sign ignored), if known.
        budget: the search nodes to share with other searches (default: ``limit`` of
            its own).

    Returns:
        The splits (cell texts), or ``None`` when there are more than ``limit`` nodes to
        search: the run is then undecided.
    """
    parsed = [_parse_chunk(c) for c in chunks]
    width = len(kinds)
    capacities = [1 if c.atomic else len(c.digits) for c in parsed]
    if not parsed or len(parsed) > width or sum(capacities) < width:
        return []
    suffix = [0] * (len(parsed) + 1)
    for j in range(len(parsed) - 1, -1, -1):
        suffix[j] = suffix[j + 1] + capacities[j]
    out: list[Split] = []
    parts: list[str] = []
    nodes = budget if budget is not None else _Budget(limit)
    # No cell is longer than the cap (or the largest count): the digits left must fit.
    longest = min(CELL_DIGITS, len(str(cap))) if cap is not None else CELL_DIGITS

    def walk(j: int, pos: int) -> bool:
        """Fill the cells from chunk ``j``, digit ``pos`` on; ``False`` once over budget."""
        if not nodes.spend():
            return False
        if j == len(parsed):
            if len(parts) == width:
                out.append(tuple(parts))
            return stop is None or len(out) < stop
        chunk = parsed[j]
        later = len(parsed) - j - 1
        cells_after = width - len(parts) - 1
        size = capacities[j]
        for end in range(pos + 1, size + 1):
            last = end == size
            rest = size - end + suffix[j + 1]
            if not (later + (0 if last else 1) <= cells_after <= rest):
                continue
            if rest > cells_after * longest:
                continue  # the digits left would not fit in the cells left
            if chunk.atomic:
                text = chunk.digits
            else:
                piece = chunk.digits[pos:end]
                if (len(piece) > 1 and piece[0] == "0") or len(piece) > longest:
                    break  # a longer cell from here would only add to the leading zero, or be too long
                if cap is not None and int(piece) > cap:
                    break  # and a longer one would only be larger
                sign = chunk.sign if pos == 0 else ""
                frac, unit = (chunk.frac, chunk.unit) if last else ("", "")
                if not _valid_part(piece, sign, frac, unit, kinds[len(parts)]):
                    continue
                text = f"{sign}{piece}{frac}{unit}"
            parts.append(text)
            ok = True
            if prune is None or prune(parts, rest):
                ok = walk(j + 1, 0) if last else walk(j, end)
            parts.pop()
            if not ok:
                return False
        return True

    if not walk(0, 0) and (stop is None or len(out) < stop):
        return None
    return out


def _num(part: str) -> int | Decimal:
    if part.isascii() and part.isdigit():
        return int(part)
    parsed = parse_cell(part)
    return parsed.value if parsed.value is not None else 0


def _values(split: Split) -> tuple[int, ...]:
    return tuple(int(_num(p)) for p in split)


@attrs.frozen
class RunResult:
    """What the invariants leave of one run.

    Attributes:
        chunks: the run's chunks as found.
        candidates: every split still possible, in the order found.
        decided: ``False`` when there were too many splits to search (none is listed).
        constrained: whether invariants narrowed the splits (``False``: the structure of
            the run alone decided, or nothing could).
        evidence: the numbers of the prose that narrowed the splits, as (column index,
            value); see :func:`narrow_by_evidence`.
        unsound: the row's own identities allow none of the structural splits: either the
            document's numbers are wrong or a blank cell was lost from the run, so the
            candidates need not hold the true values.
    """

    chunks: tuple[str, ...]
    candidates: tuple[Split, ...]
    decided: bool = True
    constrained: bool = False
    evidence: tuple[tuple[int, int], ...] = ()
    unsound: bool = False

    @property
    def unique(self) -> Split | None:
        """The one split left, or ``None``."""
        return self.candidates[0] if self.decided and len(self.candidates) == 1 else None

    def agreed(self, width: int) -> tuple[str | None, ...]:
        """Per cell, the text every candidate gives it, or ``None`` where they differ."""
        if not self.decided or not self.candidates:
            return (None,) * width
        first = self.candidates[0]
        return tuple(first[i] if all(c[i] == first[i] for c in self.candidates) else None for i in range(width))


def _digits_bound(cells_after: int, remaining: int) -> int:
    """The largest number a last cell can hold when ``cells_after`` cells share ``remaining`` digits."""
    size = remaining - (cells_after - 1)
    return 10**size - 1 if size > 0 else -1


def _sum_prune(total: int, cells: int) -> Prune:
    """The cells so far never exceed ``total`` and, once all ``cells`` are there, make it."""

    def prune(parts: Sequence[str], remaining: int) -> bool:
        need = total - sum(_num(p) for p in parts)
        left = cells - len(parts)
        if need < 0 or left == 0:
            return need == 0
        # The most the cells left can add: one takes every spare digit, the others one each.
        spare = min(remaining - left + 1, CELL_DIGITS + 1)
        return spare > 0 and need <= int(10**spare) - 1 + 9 * (left - 1)

    return prune


def _holds(equation: Equation, split: Sequence[str]) -> bool:
    return sum(_num(split[i]) for i in equation.total) == sum(_num(split[i]) for i in equation.parts)


def _equation_prune(equations: Sequence[Equation], kinds: Sequence[str], *, bound: bool = True) -> Prune:
    """Check each equation as soon as its last cell is assigned.

    With ``bound``, an equation whose one total cell comes after all its parts (counts
    only) also cuts a split as soon as the parts so far exceed what the total could still
    hold in the digits left.
    """
    closing: dict[int, list[Equation]] = {}
    open_parts: dict[int, list[Equation]] = {}
    for equation in equations:
        last = max(equation.cells)
        closing.setdefault(last, []).append(equation)
        if (
            bound
            and len(equation.total) == 1
            and equation.total[0] == last
            and all(kinds[i] == "count" for i in equation.cells)
        ):
            for i in equation.parts:
                open_parts.setdefault(i, []).append(equation)

    def prune(parts: Sequence[str], remaining: int) -> bool:
        k = len(parts) - 1
        for equation in closing.get(k, ()):
            if not _holds(equation, parts):
                return False
        for equation in open_parts.get(k, ()):
            so_far = sum(_num(parts[i]) for i in equation.parts if i <= k)
            if so_far > _digits_bound(equation.total[0] - k, remaining):
                return False
        return True

    return prune


def _is_cross_foot(equation: Equation, width: int) -> bool:
    """The total is the last cell, the parts every other one (table 3's row total)."""
    return equation.total == (width - 1,) and sorted(equation.parts) == list(range(width - 1))


def _cross_foot_splits(chunks: Sequence[str], kinds: Sequence[str], others: Sequence[Equation]) -> list[Split] | None:
    """The splits whose last cell (the row total) is the sum of the others, and ``others`` hold.

    The total is a suffix of the last chunk: each possible one is tried first, so that
    the other cells can be cut short as soon as they exceed it.
    """
    width = len(kinds)
    last = _parse_chunk(chunks[-1])
    if last.atomic or last.sign or last.frac or last.unit:
        total = Equation((width - 1,), tuple(range(width - 1)))
        return split_run(chunks, kinds, prune=_equation_prune((total, *others), kinds, bound=False))
    out: list[Split] = []
    budget = _Budget(SPLIT_LIMIT)
    for cut in range(len(last.digits) - 1, max(len(last.digits) - CELL_DIGITS, 0) - 1, -1):
        total_text = last.digits[cut:]
        head = [*chunks[:-1], last.digits[:cut]] if cut else list(chunks[:-1])
        if not head or (len(total_text) > 1 and total_text[0] == "0"):
            continue
        found = split_run(
            head, kinds[:-1], prune=_sum_prune(int(total_text), width - 1), cap=int(total_text), budget=budget
        )
        if found is None:
            return None
        splits = [(*split, total_text) for split in found]
        out += [split for split in splits if all(_holds(e, split) for e in others)]
    return out


Search = Callable[[Sequence[str], Sequence[str]], "list[Split] | None"]


def _searcher(equations: Sequence[Equation], width: int) -> Search | None:
    """How to list the splits ``equations`` allow: the cross-foot fast path, else a generic prune."""
    if not equations:
        return None
    for n, equation in enumerate(equations):
        if _is_cross_foot(equation, width):
            others = [*equations[:n], *equations[n + 1 :]]
            return lambda chunks, kinds: _cross_foot_splits(chunks, kinds, others)
    return lambda chunks, kinds: split_run(chunks, kinds, prune=_equation_prune(equations, kinds))


def _narrowed(chunks: Sequence[str], kinds: Sequence[str], search: Search | None) -> RunResult:
    """Split a run structurally, then with ``search`` (the splits its identities allow)."""
    if search is not None:
        # Whether the structure alone decides; listing every structural split can be long.
        first = split_run(chunks, kinds, stop=2)
        if first is not None and len(first) <= 1:
            return RunResult(tuple(chunks), tuple(first))
        narrowed = search(chunks, kinds)
        if narrowed is None:
            return RunResult(tuple(chunks), (), decided=False)
        if narrowed:
            return RunResult(tuple(chunks), tuple(narrowed), constrained=True)
    # No identity, or the document's own total is wrong for every split: it cannot decide.
    structural = split_run(chunks, kinds)
    if structural is None:
        return RunResult(tuple(chunks), (), decided=False)
    return RunResult(tuple(chunks), tuple(structural), unsound=search is not None)


def solve_run(chunks: Sequence[str], kinds: Sequence[str], equations: Sequence[Equation] = ()) -> RunResult:
    """Split one run with its own equations (see :func:`run_equations`).

    Without equations (table 2 of the national form) only the structure decides; a run
    that ``equations`` leave no split for keeps its structural splits.
    """
    with run_budget(RUN_LIMIT, None):
        return _narrowed(chunks, kinds, _searcher(equations, len(kinds)))


# --- runs solved together -------------------------------------------------------------


_Compiled = tuple[int, tuple[tuple[str, tuple[tuple[int, int], ...], bool, bool], ...]]
"""An identity over known cells and run rows: (the known cells' sum, per run row its
(coefficient, column) terms and whether any coefficient is positive / negative)."""


class _Search:
    """Backtracking over the ambiguous rows, checking identities as rows get values."""

    def __init__(
        self,
        domains: dict[str, list[tuple[int, ...]]],
        known: Mapping[tuple[str, int], int | None],
        identities: list[Linear],
    ) -> None:
        self.order = sorted(domains, key=lambda r: len(domains[r]))
        self.domains = domains
        self.known = known
        self.identities = [i for i in identities if self._usable(i)]
        # Each identity as a running sum over the cells assigned so far (the known cells
        # from the start), and how many unassigned run rows can still raise / lower it.
        self.sums: list[int] = []
        self.rising: list[int] = []
        self.falling: list[int] = []
        self.by_row: dict[str, list[tuple[int, tuple[tuple[int, int], ...], bool, bool]]] = {r: [] for r in domains}
        for index, identity in enumerate(self.identities):
            constant, rows = self._compile(identity)
            self.sums.append(constant)
            self.rising.append(sum(raises for _, _, raises, _ in rows))
            self.falling.append(sum(lowers for _, _, _, lowers in rows))
            for row, terms, raises, lowers in rows:
                self.by_row[row].append((index, terms, raises, lowers))
        self.deltas: dict[str, list[tuple[int, ...]]] = {}
        self.solutions: list[dict[str, tuple[int, ...]]] = []
        self.budget = _Budget(SPLIT_LIMIT)
        self.complete = True

    def _usable(self, identity: Linear) -> bool:
        """Only identities that involve a run and no blank or missing cell can decide."""
        involves_run = False
        for _, row, col in identity:
            if row in self.domains:
                involves_run = True
            elif self.known.get((row, col)) is None:
                return False
        return involves_run

    def _compile(self, identity: Linear) -> _Compiled:
        """The sum of the identity's known cells, and its terms per run row."""
        constant = 0
        rows: dict[str, list[tuple[int, int]]] = {}
        for coefficient, row, col in identity:
            if row in self.domains:
                rows.setdefault(row, []).append((coefficient, col))
            else:
                value = self.known[(row, col)]
                assert value is not None
                constant += coefficient * value
        return constant, tuple(
            (row, tuple(terms), any(c > 0 for c, _ in terms), any(c < 0 for c, _ in terms))
            for row, terms in rows.items()
        )

    def _holds(self, index: int) -> bool:
        """Whether identity ``index`` can still hold: unassigned cells are ≥ 0, so a run
        row with a + term can only raise the sum, one with a − term lower it."""
        total = self.sums[index]
        up, down = self.rising[index] > 0, self.falling[index] > 0
        if up and down:
            return True
        if up:
            return total <= 0
        if down:
            return total >= 0
        return total == 0

    def _deltas(self, row: str) -> list[tuple[int, ...]]:
        """Per candidate of ``row``, what it adds to each of the row's identities."""
        deltas = self.deltas.get(row)
        if deltas is None:
            entries = self.by_row[row]
            deltas = [
                tuple(sum(coefficient * candidate[col] for coefficient, col in terms) for _, terms, _, _ in entries)
                for candidate in self.domains[row]
            ]
            self.deltas[row] = deltas
        return deltas

    def run(self, values: dict[str, tuple[int, ...]], depth: int = 0) -> None:
        if len(self.solutions) >= SOLUTION_LIMIT or not self.budget.spend():
            self.complete = False
            return
        if depth == len(self.order):
            self.solutions.append(dict(values))
            return
        row = self.order[depth]
        entries = self.by_row[row]
        checks = [index for index, _, _, _ in entries]
        for index, _, raises, lowers in entries:
            self.rising[index] -= raises
            self.falling[index] -= lowers
        sums = self.sums
        try:
            for n, (candidate, delta) in enumerate(zip(self.domains[row], self._deltas(row), strict=True)):
                # Every 16 candidates tried count as a node: a row of thousands of splits
                # checked against many identities is bounded too, not only the depth.
                if n and n % 16 == 0 and not self.budget.spend():
                    self.complete = False
                    return
                for index, add in zip(checks, delta, strict=True):
                    sums[index] += add
                if all(self._holds(index) for index in checks):
                    values[row] = candidate
                    self.run(values, depth + 1)
                    del values[row]
                for index, add in zip(checks, delta, strict=True):
                    sums[index] -= add
                if not self.complete:
                    return
        finally:
            for index, _, raises, lowers in entries:
                self.rising[index] += raises
                self.falling[index] += lowers


def solve_table(
    runs: Mapping[str, Sequence[str]],
    known: Mapping[tuple[str, int], int | None],
    *,
    kinds: Sequence[str],
    equations: Mapping[str, Sequence[Equation]],
    identities: Sequence[Linear],
) -> dict[str, RunResult]:
    """Split the runs of one table (each a row) with the table's identities.

    Args:
        runs: row key → the row's number chunks (fewer cells than ``kinds``).
        known: (row key, column index) → the value of every cell read normally
            (``None`` for a blank).
        kinds: the columns' kinds.
        equations: row key → the row's own equations (its row identities).
        identities: the column identities over the table (see :func:`joint_identities`).

    Returns:
        Row key → what is left of its run. Each row's own equations narrow its splits;
        the rows still ambiguous are then searched together against ``identities``.
    """
    width = len(kinds)
    results = {row: solve_run(chunks, kinds, equations.get(row, ())) for row, chunks in runs.items()}
    ambiguous = {row: r for row, r in results.items() if r.decided and len(r.candidates) > 1}
    if not ambiguous:
        return results
    fixed: dict[tuple[str, int], int | None] = dict(known)
    for row, result in results.items():
        if row in ambiguous:
            continue
        split = result.unique
        for col in range(width):
            fixed[(row, col)] = int(_num(split[col])) if split is not None else None
    domains = {row: [_values(c) for c in r.candidates] for row, r in ambiguous.items()}
    search = _Search(domains, fixed, list(identities))
    if search.identities:
        search.run({})
        if search.complete and not search.solutions:
            # Some identity fails whatever the split (the document's own error): drop
            # those no combination satisfies on its own, and try again.
            keep = [i for i in search.identities if _satisfiable(i, domains, fixed)]
            search = _Search(domains, fixed, keep)
            if search.identities:
                search.run({})
    if not search.complete or not search.solutions:
        return results
    for row, result in ambiguous.items():
        seen = {s[row] for s in search.solutions}
        kept = tuple(c for c in result.candidates if _values(c) in seen)
        results[row] = attrs.evolve(result, candidates=kept, constrained=True)
    return results


def _satisfiable(
    identity: Linear,
    domains: Mapping[str, list[tuple[int, ...]]],
    known: Mapping[tuple[str, int], int | None],
) -> bool:
    search = _Search({r: d for r, d in domains.items() if any(r == row for _, row, _ in identity)}, known, [identity])
    search.run({})
    return bool(search.solutions) or not search.complete


# --- numbers the prose gives ----------------------------------------------------------

_CLAUSE = re.compile(r"[^,，。;；:：!?！？]+")
_AMOUNT = re.compile(r"(?<![\d.])(\d+)(?:件|个|份|条|项)")


def column_keyword(label: str) -> str:
    """The words of a column label that prose uses for it (``本年制发件数`` → ``制发``)."""
    word = normalize(label)
    for prefix in ("本年度", "本年"):
        word = word.removeprefix(prefix)
    for suffix in ("件数", "数量"):
        word = word.removesuffix(suffix)
    return word


def narrative_evidence(
    texts: Iterable[str],
    row_words: Sequence[str],
    rival_words: Sequence[str],
    keywords: Sequence[str],
) -> list[tuple[int, int]]:
    """Find what the prose says about the cells of one row.

    A clause (text between commas and full stops) is evidence for a cell when it names
    the row (one of ``row_words``, ``规范性文件``) and no other row (``rival_words``),
    names exactly one column (its keyword, ``现行有效``) and holds exactly one count
    (``698件``): ``集中公开现行有效行政规范性文件698件`` → (column of 现行有效, 698).

    Returns:
        (column index, value) pairs, in the order found.
    """
    found: list[tuple[int, int]] = []
    words = sorted((normalize(w) for w in row_words), key=len, reverse=True)
    rivals = [normalize(w) for w in rival_words]
    for text in texts:
        for clause in _CLAUSE.findall(normalize(text)):
            if not any(w in clause for w in words):
                continue
            rest = clause
            for w in words:
                rest = rest.replace(w, "|")
            if any(r and r in rest for r in rivals):
                continue
            columns = [i for i, k in enumerate(keywords) if k and k in clause]
            amounts = _AMOUNT.findall(clause)
            if len(columns) == 1 and len(amounts) == 1:
                found.append((columns[0], int(amounts[0])))
    return found


def narrow_by_evidence(result: RunResult, evidence: Iterable[tuple[int, int]]) -> RunResult:
    """Keep the splits that agree with what the prose says.

    Evidence that no split agrees with (the prose and the table disagree) is ignored,
    so the prose can narrow the splits but never rule them all out.
    """
    candidates = result.candidates
    used: list[tuple[int, int]] = []
    for column, value in evidence:
        kept = tuple(c for c in candidates if column < len(c) and _num(c[column]) == value)
        if kept and (column, value) not in used:
            used.append((column, value))
            candidates = kept
    if not used or candidates == result.candidates:
        return result
    return attrs.evolve(result, candidates=candidates, evidence=tuple(used))
