"""Splitting digit runs of flattened tables back into cells (the extractor's helper).

Crawled text can lose the separators between table cells: a table-3 row reads
``713000074`` for the seven cells 71|3|0|0|0|0|74, and labels run into each other
(``第二十条第（五）项信息内容本年处理决定数量行政许可``). Only the tables' arithmetic can
put the boundaries back. These pure functions do it, and never guess: where more than one
split satisfies everything the tables promise, every split is returned and the caller
leaves the cells that differ blank.

- :func:`segment_labels` cuts a text that holds several known labels into them.
- :func:`split_run` lists the ways to cut a row's number chunks into its cells: every
  chunk holds at least one cell; a cell is ``0`` or has no leading zero; a sign only
  starts a chunk and only a signed column takes it; a decimal fraction and a unit only
  end a chunk and only a decimal column takes them.
- :func:`solve_applications` splits table-3 runs with the row cross-foot first (A-3),
  then searches the runs still ambiguous jointly against the column balance (A-1) and
  the outcome partition (A-2). :func:`solve_appeals` splits a table-4 run with its three
  totals; :func:`solve_free` splits a run of a table without invariants (table 2).

An invariant that no split can satisfy (the document's own arithmetic is wrong) is
dropped rather than allowed to rule every split out: then the structural splits stand,
and a single one is still certain.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal

import attrs

from govinfo.labels import (
    ACTIVE_CAPTIONS,
    ACTIVE_HEADER,
    APPLICANT_HEADER,
    APPLICATION_GROUPS,
    APPLICATIONS_NOTE,
    ORG_HEADER,
    SECTIONS,
    TABLES,
    normalize,
    strip_numbering,
)
from govinfo.values import parse_cell

__all__ = [
    "RunResult",
    "chunk_capacity",
    "column_keyword",
    "label_vocabulary",
    "narrative_evidence",
    "narrow_by_evidence",
    "segment_labels",
    "solve_appeals",
    "solve_applications",
    "solve_free",
    "split_run",
]

# A split is the cells' texts, in column order ("71", "3", …, "-18", "432.52元").
Split = tuple[str, ...]
# Checks a partial split (the cells so far, the digits still unassigned); False cuts it.
Prune = Callable[[Sequence[str], int], bool]

SPLIT_LIMIT = 200_000
"""Search nodes :func:`split_run` visits before it gives up (the run is then undecided)."""
SOLUTION_LIMIT = 5_000
"""Joint solutions :func:`solve_applications` collects before it stops narrowing."""

_CHUNK = re.compile(r"^(?P<sign>[+-])?(?P<int>\d+)(?P<frac>\.\d+)?(?P<unit>万元|亿元|元)?$")
_NUMBERING = re.compile(r"[一二三四五六七八九十]{1,3}、|\([一二三四五六七八九十]{1,3}\)|\d{1,2}[.、]|\(\d{1,2}\)")

BALANCE_ROWS = ("new_received", "carried_over", "results_total", "carried_forward")
"""Table-3 rows of the column balance A-1, in the order of its terms (+, +, −, −)."""

# --- label segmentation ---------------------------------------------------------------


def label_vocabulary(extra: Iterable[str] = ()) -> frozenset[str]:
    """Return the bodies (normalised, numbering stripped) of every printed label.

    Section headings, captions, column headers, row and group labels and their aliases
    come from :mod:`govinfo.labels`; ``extra`` adds the caller's own words (truncated
    headers such as ``结果``, older heading wording).
    """
    labels: list[str] = [ACTIVE_HEADER, APPLICANT_HEADER, ORG_HEADER, APPLICATIONS_NOTE]
    labels += [label for _, label in SECTIONS]
    labels += list(ACTIVE_CAPTIONS.values()) + list(APPLICATION_GROUPS.values())
    for table in TABLES:
        labels.append(table.section)
        for row in table.rows:
            labels += [row.label, *row.aliases, *(c.label for c in row.columns)]
    labels += list(extra)
    words = {strip_numbering(normalize(label))[1] for label in labels}
    words.discard("")
    return frozenset(words)


def _segment_from(text: str, start: int, vocabulary: frozenset[str], longest: int) -> list[list[str] | None]:
    """best[i]: the fewest known labels that make up ``text[i:]`` (``None``: impossible)."""
    n = len(text)
    best: list[list[str] | None] = [None] * (n + 1)
    best[n] = []
    for i in range(n - 1, start - 1, -1):
        starts = [i]
        numbering = _NUMBERING.match(text, i)
        if numbering:
            starts.append(numbering.end())
        for body_start in starts:
            for end in range(min(n, body_start + longest), body_start, -1):
                rest = best[end]
                if rest is None or text[body_start:end] not in vocabulary:
                    continue
                if best[i] is None or len(rest) + 1 < len(best[i] or ()):
                    best[i] = [text[i:end], *rest]
    return best


def segment_labels(norm: str, vocabulary: frozenset[str]) -> list[str] | None:
    """Cut a normalised text holding several labels into them, or return ``None``.

    ``"第二十条第(五)项信息内容本年处理决定数量行政许可"`` →
    ``["第二十条第(五)项", "信息内容", "本年处理决定数量", "行政许可"]``. A label keeps
    its numbering (``"3.其他"``). The whole text must be labels, except for one unknown
    stretch at the start when at least two labels follow it (a heading with a typo, the
    tail of a sentence): that stretch is returned as the first piece. A text that is one
    label, or that no such cut explains, gives ``None``.
    """
    if not vocabulary or len(norm) < 4:
        return None
    longest = max(len(word) for word in vocabulary)
    best = _segment_from(norm, 0, vocabulary, longest)
    whole = best[0]
    if whole is not None:
        return whole if len(whole) >= 2 else None
    for i in range(1, len(norm)):
        rest = best[i]
        if rest is not None and len(rest) >= 2:
            return [norm[:i], *rest]
    return None


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
    def __init__(self, limit: int) -> None:
        self.left = limit

    def spend(self) -> bool:
        self.left -= 1
        return self.left >= 0


def split_run(
    chunks: Sequence[str],
    kinds: Sequence[str],
    *,
    prune: Prune | None = None,
    limit: int = SPLIT_LIMIT,
    stop: int | None = None,
    cap: int | None = None,
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
    budget = _Budget(limit)

    def walk(j: int, pos: int) -> bool:
        """Fill the cells from chunk ``j``, digit ``pos`` on; ``False`` once over budget."""
        if not budget.spend():
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
            if chunk.atomic:
                text = chunk.digits
            else:
                piece = chunk.digits[pos:end]
                if len(piece) > 1 and piece[0] == "0":
                    break  # a longer cell from here would only add to the leading zero
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
    if part.isdigit():
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
    """

    chunks: tuple[str, ...]
    candidates: tuple[Split, ...]
    decided: bool = True
    constrained: bool = False
    evidence: tuple[tuple[int, int], ...] = ()

    @property
    def unique(self) -> Split | None:
        """The one split left, or ``None``."""
        return self.candidates[0] if self.decided and len(self.candidates) == 1 else None

    def agreed(self, width: int) -> tuple[str | None, ...]:
        """Per cell, the text every candidate gives it, or ``None`` where they differ."""
        if not self.decided or not self.candidates:
            return (None,) * width
        first = self.candidates[0]
        return tuple(
            first[i] if all(c[i] == first[i] for c in self.candidates) else None for i in range(width)
        )


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
        spare = remaining - left + 1
        return spare > 0 and need <= int(10**spare) - 1 + 9 * (left - 1)

    return prune


def _crossfoot_splits(chunks: Sequence[str], kinds: Sequence[str]) -> list[Split] | None:
    """The splits whose last cell (the row total) is the sum of the others (A-3).

    The total is a suffix of the last chunk: each possible one is tried first, so that
    the other cells can be cut short as soon as they exceed it.
    """
    last = _parse_chunk(chunks[-1])
    if last.atomic or last.sign or last.frac or last.unit:
        return split_run(chunks, kinds, prune=lambda parts, _: len(parts) < len(kinds) or _adds_up(parts))
    out: list[Split] = []
    for cut in range(len(last.digits) - 1, -1, -1):
        total = last.digits[cut:]
        head = [*chunks[:-1], last.digits[:cut]] if cut else list(chunks[:-1])
        if not head or (len(total) > 1 and total[0] == "0"):
            continue
        found = split_run(head, kinds[:-1], prune=_sum_prune(int(total), len(kinds) - 1), cap=int(total))
        if found is None:
            return None
        out += [(*split, total) for split in found]
    return out


def _adds_up(parts: Sequence[str]) -> bool:
    return sum(_num(p) for p in parts[:-1]) == _num(parts[-1])


def _group_prune(group: int) -> Prune:
    """Every ``group`` cells: the last = the sum of the others (table 4's three totals)."""

    def prune(parts: Sequence[str], remaining: int) -> bool:
        k = len(parts)
        start = (k - 1) // group * group
        current = parts[start:]
        if len(current) == group:
            return sum(_num(p) for p in current[:-1]) == _num(current[-1])
        return sum(_num(p) for p in current) <= _digits_bound(group - len(current), remaining)

    return prune


Search = Callable[[Sequence[str], Sequence[str]], "list[Split] | None"]


def _narrowed(chunks: Sequence[str], kinds: Sequence[str], search: Search | None) -> RunResult:
    """Split a run structurally, then with ``search`` (the splits its invariants allow)."""
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
    # No invariant, or the document's own total is wrong for every split: it cannot decide.
    structural = split_run(chunks, kinds)
    if structural is None:
        return RunResult(tuple(chunks), (), decided=False)
    return RunResult(tuple(chunks), tuple(structural))


def solve_free(chunks: Sequence[str], kinds: Sequence[str]) -> RunResult:
    """Split a run of a table with no invariants (table 2): only the structure decides."""
    return _narrowed(chunks, kinds, None)


def solve_appeals(chunks: Sequence[str], group: int = 5) -> RunResult:
    """Split a run of table 4's values (groups of four outcomes and their total)."""
    width = 3 * group
    return _narrowed(chunks, ("count",) * width, lambda c, k: split_run(c, k, prune=_group_prune(group)))


# --- table 3: runs solved together ----------------------------------------------------

# An identity: Σ coefficient × cell = 0, cells as (row, column index).
_Identity = tuple[tuple[int, str, int], ...]


def _identities(width: int, rows: Iterable[str], leaves: Sequence[str] | None) -> list[_Identity]:
    present = set(rows)
    out: list[_Identity] = []
    for col in range(width):
        if set(BALANCE_ROWS) <= present:
            signs = (1, 1, -1, -1)
            out.append(tuple((s, row, col) for s, row in zip(signs, BALANCE_ROWS, strict=True)))
        if leaves and "results_total" in present and set(leaves) <= present:
            out.append(((1, "results_total", col), *((-1, leaf, col) for leaf in leaves)))
    return out


class _Search:
    """Backtracking over the ambiguous rows, checking identities as rows get values."""

    def __init__(
        self,
        domains: dict[str, list[tuple[int, ...]]],
        known: Mapping[tuple[str, int], int | None],
        identities: list[_Identity],
    ) -> None:
        self.order = sorted(domains, key=lambda r: len(domains[r]))
        self.domains = domains
        self.known = known
        self.identities = [i for i in identities if self._usable(i)]
        self.by_row: dict[str, list[_Identity]] = {r: [] for r in domains}
        for identity in self.identities:
            for row in {r for _, r, _ in identity if r in domains}:
                self.by_row[row].append(identity)
        self.solutions: list[dict[str, tuple[int, ...]]] = []
        self.budget = _Budget(SPLIT_LIMIT)
        self.complete = True

    def _usable(self, identity: _Identity) -> bool:
        """Only identities that involve a run and no blank or missing cell can decide."""
        involves_run = False
        for _, row, col in identity:
            if row in self.domains:
                involves_run = True
            elif self.known.get((row, col)) is None:
                return False
        return involves_run

    def _holds(self, identity: _Identity, values: Mapping[str, tuple[int, ...]]) -> bool:
        total = 0
        up = down = False
        for coefficient, row, col in identity:
            if row in self.domains and row not in values:
                up, down = up or coefficient > 0, down or coefficient < 0
                continue
            value = values[row][col] if row in self.domains else self.known[(row, col)]
            assert value is not None
            total += coefficient * value
        # Unassigned cells are ≥ 0: a + term can only raise the sum, a − term lower it.
        if up and down:
            return True
        if up:
            return total <= 0
        if down:
            return total >= 0
        return total == 0

    def run(self, values: dict[str, tuple[int, ...]], depth: int = 0) -> None:
        if len(self.solutions) >= SOLUTION_LIMIT or not self.budget.spend():
            self.complete = False
            return
        if depth == len(self.order):
            self.solutions.append(dict(values))
            return
        row = self.order[depth]
        for candidate in self.domains[row]:
            values[row] = candidate
            if all(self._holds(i, values) for i in self.by_row[row]):
                self.run(values, depth + 1)
            del values[row]
            if not self.complete:
                return


def solve_applications(
    runs: Mapping[str, Sequence[str]],
    known: Mapping[tuple[str, int], int | None],
    *,
    width: int = 7,
    leaves: Sequence[str] | None = None,
) -> dict[str, RunResult]:
    """Split the runs of table 3 with the table's invariants.

    Args:
        runs: row key → the row's number chunks (fewer cells than ``width``).
        known: (row key, column index) → the value of every cell read normally
            (``None`` for a blank); rows neither here nor in ``runs`` are missing.
        width: columns per row, the total last.
        leaves: the outcome rows whose sum is ``results_total`` (A-2); ``None`` to skip
            that identity. It is used only when every leaf row is present.

    Returns:
        Row key → what is left of its run. Each row's cross-foot (A-3) narrows its own
        splits; the rows still ambiguous are then searched together against A-1 and A-2.
    """
    kinds = ("count",) * width
    results = {row: _narrowed(chunks, kinds, _crossfoot_splits) for row, chunks in runs.items()}
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
    rows = {row for row, _ in known} | set(runs)
    identities = _identities(width, rows, leaves)
    domains = {row: [_values(c) for c in r.candidates] for row, r in ambiguous.items()}
    search = _Search(domains, fixed, identities)
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
    identity: _Identity,
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

