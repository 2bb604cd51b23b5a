"""The arithmetic relationships of tables 3 and 4 (spec §5, A-1 … A-6) and their culprits.

Each relationship is a :class:`Relation`: the sum of its ``left`` cells must equal the sum
of its ``right`` cells, exactly. :func:`explain` evaluates a set of relations together and
reports a minimal explanation of the failures instead of every failing instance:

1. **one cell** (``inconsistent-cell``): a cell such that changing it alone, by the same
   amount for every relation it is in, makes all those relations hold — and no other cell
   or pair of cells explains as much. A wrong cell of table 3 breaks its row's cross-foot
   and its column's balance and/or outcome sum; it is reported once, at the cell.
2. **a cell and its row total** (``inconsistent-cell``): a row that adds up, but whose
   part and total in one column are both off by the same amount (the column relations of
   both fail alike), e.g. a （七）总计 row of zeros.
3. **blank totals** (``blank-total``): 总计 cells left blank (counted as 0) on rows whose
   parts are filled; filling them with the row sums fixes their rows and, where it does,
   the column relations too. One finding for all of them.
4. anything left is reported as it is, one finding per failing relation.

A blank cell counts as 0 and every finding lists the blanks it relied on
(``Finding.assumed_zero``). A row the document does not have makes every relation that
needs it unevaluable; such relations are skipped (the extractor reports the missing row).
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal

import attrs

from govinfo.form import NATIONAL, Form, Identity, TableSpec, Term
from govinfo.model import AnnualReport, Finding, Undecided
from govinfo.validation._common import (
    BAD,
    as_number,
    blank_note,
    cell_name,
    fmt,
    make_finding,
    path_order,
    unknown_cells,
)

__all__ = [
    "APPEAL_TOTAL",
    "BLANK_TOTAL",
    "COLUMN_BALANCE",
    "INCONSISTENT_CELL",
    "OUTCOME_PARTITION",
    "ROW_TOTAL",
    "Relation",
    "all_relations",
    "appeal_total_relations",
    "column_balance_relations",
    "explain",
    "identity_relations",
    "outcome_partition_relations",
    "relations_for",
    "row_total_relations",
]

COLUMN_BALANCE = "column-balance"
OUTCOME_PARTITION = "outcome-partition"
ROW_TOTAL = "row-total"
APPEAL_TOTAL = "appeal-total"
INCONSISTENT_CELL = "inconsistent-cell"
BLANK_TOTAL = "blank-total"

ERROR = "error"

# How a relation is named when a culprit cell is said to break it.
_ROLES: dict[str, tuple[str, str]] = {
    ROW_TOTAL: ("本行合计", "the row total"),
    APPEAL_TOTAL: ("本行合计", "the row total"),
    COLUMN_BALANCE: ("本列勾稽关系", "the column balance"),
    OUTCOME_PARTITION: ("本列办理结果合计", "the column's outcome sum"),
}


@attrs.frozen(eq=False)
class Relation:
    """One instance of an arithmetic relationship: ``Σ left == Σ right``.

    Attributes:
        code: the rule it belongs to (``row-total`` …).
        kind: ``"row"`` (a row's total against its parts) or ``"column"``.
        key: the row key (``kind == "row"``) or the column key.
        left: the side the document states as a total (its sum is ``actual``).
        right: the side that should add up to it (its sum is ``expected``).
        where, where_en: the row or column named as printed (``自然人 列``).
        left_desc, right_desc, left_desc_en, right_desc_en: the two sides in words.
    """

    code: str
    kind: str
    key: str
    left: tuple[str, ...]
    right: tuple[str, ...]
    where: str
    where_en: str
    left_desc: str
    right_desc: str
    left_desc_en: str
    right_desc_en: str

    @property
    def paths(self) -> tuple[str, ...]:
        """Every cell of the relation, the stated side first."""
        return self.left + self.right

    def coefficient(self, path: str) -> int:
        """+1 for a cell of the stated side, -1 for one of the other side."""
        return 1 if path in self.left else -1


# --- building the relations from the form's identities ------------------------------


def _p(table: str, row: str, column: str) -> str:
    return f"{table}/{row}/{column}"


def _expand(table: TableSpec, terms: Sequence[str | Term], report: AnnualReport) -> list[str]:
    """The rows (or columns) an identity's terms stand for in this document."""
    out: list[str] = []
    for term in terms:
        if isinstance(term, Term):
            out.extend(table.leaves(term.group, lambda row: report.has_row(table.key, row), report.template))
        else:
            out.append(term)
    return out


def _names(names: Sequence[str], language: str) -> str:
    if language == "en":
        return " + ".join(names)
    return " 加 ".join(names) if len(names) <= 2 else "、".join(names) + "之和"


def _side(given: tuple[str, str] | None, names_zh: Sequence[str], names_en: Sequence[str]) -> tuple[str, str]:
    if given is not None:
        n = len(names_zh)
        return given[0].format(n=n), given[1].format(n=n)
    return _names(names_zh, "zh"), _names(names_en, "en")


def _column_relations(report: AnnualReport, form: Form, identity: Identity) -> list[Relation]:
    """An identity over columns: in each column, Σ total rows == Σ part rows."""
    table = form.table(identity.table)
    totals = _expand(table, identity.total, report)
    parts = _expand(table, identity.parts, report)
    if set(totals) == set(parts) or not all(report.has_row(table.key, r) for r in (*totals, *parts)):
        return []  # unevaluable (a row is missing), or trivial (a group printed as its own row)
    t = report.template
    left = _side(identity.total_name, [form.row_name(table.key, r, t) for r in totals],
                 [form.row_name(table.key, r, t, "en") for r in totals])  # fmt: skip
    right = _side(identity.parts_name, [form.row_name(table.key, r, t) for r in parts],
                  [form.row_name(table.key, r, t, "en") for r in parts])  # fmt: skip
    return [
        Relation(
            code=identity.code,
            kind="column",
            key=column.key,
            left=tuple(_p(table.key, row, column.key) for row in totals),
            right=tuple(_p(table.key, row, column.key) for row in parts),
            where=f"{form.column_name(table.key, column.key, t)} 列",
            where_en=f"{table.label_en}, column {form.column_name(table.key, column.key, t, 'en')}",
            left_desc=left[0],
            right_desc=right[0],
            left_desc_en=left[1],
            right_desc_en=right[1],
        )
        for column in table.columns
    ]


def _row_relations(report: AnnualReport, form: Form, identity: Identity) -> list[Relation]:
    """An identity over rows: in each row that has its columns, Σ total cells == Σ part cells."""
    table = form.table(identity.table)
    t = report.template
    totals = [str(term) for term in identity.total]
    parts = [term for term in identity.parts if isinstance(term, str)]
    keys = identity.rows if identity.rows is not None else tuple(dict.fromkeys(r.key for r in table.rows))
    relations = []
    for key in keys:
        if not report.has_row(table.key, key):
            continue
        row = table.row(key, t)
        have = {c.key for c in row.columns}
        if not set(totals) <= have or not set(parts) <= have:
            continue
        left = _side(identity.total_name, [form.column_name(table.key, c, t) for c in totals],
                     [form.column_name(table.key, c, t, "en") for c in totals])  # fmt: skip
        right = _side(identity.parts_name, [form.column_name(table.key, c, t) for c in parts],
                      [form.column_name(table.key, c, t, "en") for c in parts])  # fmt: skip
        relations.append(
            Relation(
                code=identity.code,
                kind="row",
                key=key,
                left=tuple(_p(table.key, key, c) for c in totals),
                right=tuple(_p(table.key, key, c) for c in parts),
                where=f"{form.row_name(table.key, key, t)} 行",
                where_en=f"{table.label_en}, row {form.row_name(table.key, key, t, 'en')}",
                left_desc=left[0],
                right_desc=right[0],
                left_desc_en=left[1],
                right_desc_en=right[1],
            )
        )
    return relations


def identity_relations(report: AnnualReport, identity: Identity, form: Form = NATIONAL) -> list[Relation]:
    """The instances of one identity that this document can be checked against.

    A relation that needs a row the document lacks is left out (the extractor reports
    the missing row).
    """
    # The relations depend only on the format version and on which rows the document
    # has: built (and described) once per such shape, then shared (Relation is frozen).
    shape = (id(form), id(identity), report.template, _rows_present(report, form))
    hit = _RELATIONS.get(shape)
    if hit is None or hit[0] is not form or hit[1] is not identity:
        built = _column_relations(report, form, identity) if identity.over == "column" else None
        if built is None:
            built = _row_relations(report, form, identity)
        if len(_RELATIONS) >= _RELATIONS_MAX:
            _RELATIONS.clear()
        hit = _RELATIONS[shape] = (form, identity, tuple(built))
    return list(hit[2])


_RELATIONS: dict[tuple[int, int, str, tuple[bool, ...]], tuple[Form, Identity, tuple[Relation, ...]]] = {}
_RELATIONS_MAX = 4096


def _rows_present(report: AnnualReport, form: Form) -> tuple[bool, ...]:
    # Asked once per identity of one validation: the answer for the last report is kept
    # (reports are immutable; holding them keeps the identity check sound).
    last_report, last_form, present = _last_present[0]
    if last_report is report and last_form is form:
        return present
    present = tuple(report.has_row(table.key, row.key) for table in form.tables for row in table.rows)
    _last_present[0] = (report, form, present)  # one atomic store: safe across threads
    return present


_last_present: list[tuple[AnnualReport | None, Form | None, tuple[bool, ...]]] = [(None, None, ())]


def relations_for(code: str, form: Form = NATIONAL) -> Callable[[AnnualReport], list[Relation]]:
    """A builder of every relation of the identities with this code."""

    def build(report: AnnualReport) -> list[Relation]:
        return [rel for i in form.identities if i.code == code for rel in identity_relations(report, i, form)]

    build.__name__ = f"{code.replace('-', '_')}_relations"
    build.__doc__ = f"The relations of the identities {code!r} of the form that this document can be checked against."
    return build


column_balance_relations = relations_for(COLUMN_BALANCE)
outcome_partition_relations = relations_for(OUTCOME_PARTITION)
row_total_relations = relations_for(ROW_TOTAL)
appeal_total_relations = relations_for(APPEAL_TOTAL)


def all_relations(report: AnnualReport, form: Form = NATIONAL) -> list[Relation]:
    """Every relation of every identity of the form the document can be checked against."""
    return [rel for identity in form.identities for rel in identity_relations(report, identity, form)]


# --- explaining the failures ----------------------------------------------------------


@attrs.frozen(eq=False)
class _Fix:
    deltas: tuple[tuple[str, Decimal], ...]
    explains: frozenset[Relation]


class _Evaluation:
    """The relations of one report, evaluated with blanks as 0."""

    def __init__(self, report: AnnualReport, relations: Iterable[Relation]) -> None:
        self.values: dict[str, Decimal | None] = {}
        self.relations: list[Relation] = []
        cells = dict(report.cells())
        for rel in relations:
            numbers = {path: as_number(cells[path] if path in cells else report.get(path)) for path in rel.paths}
            if any(value is BAD for value in numbers.values()):
                continue  # the domain rule reports the cell; the relation cannot be evaluated
            self.values.update(numbers)  # type: ignore[arg-type]
            self.relations.append(rel)
        self.residual = {rel: self.total(rel.left) - self.total(rel.right) for rel in self.relations}
        self.by_path: dict[str, list[Relation]] = defaultdict(list)
        self.row_of: dict[str, Relation] = {}
        for rel in self.relations:
            for path in rel.paths:
                self.by_path[path].append(rel)
            if rel.kind == "row" and len(rel.left) == 1:
                for path in rel.right:
                    self.row_of[path] = rel

    def value(self, path: str) -> Decimal:
        return self.values[path] or Decimal(0)

    def total(self, paths: Iterable[str]) -> Decimal:
        return sum((self.value(path) for path in paths), Decimal(0))

    def failing(self) -> list[Relation]:
        return [rel for rel in self.relations if self.residual[rel] != 0]

    def after(self, rel: Relation, deltas: dict[str, Decimal]) -> Decimal:
        """The relation's residual once the cells in ``deltas`` are changed by those amounts."""
        return self.residual[rel] + sum(
            (rel.coefficient(p) * d for p, d in deltas.items() if p in rel.paths), Decimal(0)
        )

    def blanks(self, relations: Iterable[Relation]) -> list[str]:
        return sorted({p for rel in relations for p in rel.paths if self.values[p] is None}, key=path_order)

    def try_fix(self, deltas: tuple[tuple[str, Decimal], ...]) -> frozenset[Relation] | None:
        """The failing relations ``deltas`` repairs, if it repairs every relation it touches."""
        changes = dict(deltas)
        touched = {rel for path in changes for rel in self.by_path[path]}
        if any(self.after(rel, changes) != 0 for rel in touched):
            return None
        if any(self.value(path) + d < 0 for path, d in changes.items()):
            return None
        explains = frozenset(rel for rel in touched if self.residual[rel] != 0)
        return explains or None


def _candidates(ev: _Evaluation, failing: list[Relation]) -> list[_Fix]:
    seen: set[tuple[tuple[str, Decimal], ...]] = set()
    fixes: list[_Fix] = []
    for rel in failing:
        for path in rel.paths:
            delta = -ev.residual[rel] * rel.coefficient(path)
            options: list[tuple[tuple[str, Decimal], ...]] = [((path, delta),)]
            row = ev.row_of.get(path)
            if rel.kind == "column" and row is not None:
                # Part and row total off alike: the row adds up, its columns do not.
                options.append(((path, delta), (row.left[0], delta)))
            for option in options:
                if option in seen:
                    continue
                seen.add(option)
                explains = ev.try_fix(option)
                if explains:
                    fixes.append(_Fix(option, explains))
    return fixes


def _choose(fixes: list[_Fix]) -> list[_Fix]:
    """Pick the fixes that explain the most, each only where no other explains as much."""
    ordered = sorted(fixes, key=lambda f: (-len(f.explains), len(f.deltas), path_order(f.deltas[0][0])))
    chosen: list[_Fix] = []
    covered: set[Relation] = set()
    for fix in ordered:
        if fix.explains & covered:
            continue
        if any(other is not fix and other.explains >= fix.explains for other in fixes):
            continue  # several cells would do: the arithmetic does not pin one down
        chosen.append(fix)
        covered |= fix.explains
    return chosen


def _roles(relations: Iterable[Relation]) -> tuple[str, str]:
    zh: list[str] = []
    en: list[str] = []
    order = list(_ROLES)
    for rel in sorted(relations, key=lambda r: order.index(r.code) if r.code in order else len(order)):
        default = _ROLES[ROW_TOTAL] if rel.kind == "row" else _ROLES[COLUMN_BALANCE]
        role_zh, role_en = _ROLES.get(rel.code, default)
        if role_zh not in zh:
            zh.append(role_zh)
            en.append(role_en)
    if len(zh) == 1:
        return zh[0], en[0]
    return "、".join(zh[:-1]) + "与" + zh[-1], ", ".join(en[:-1]) + " and " + en[-1]


def _stated(value: Decimal | None) -> tuple[str, str]:
    if value is None:
        return "为空（按0计）", "is blank (counted as 0)"
    return f"为 {fmt(value)}", f"is {fmt(value)}"


def _fix_finding(report: AnnualReport, ev: _Evaluation, fix: _Fix) -> Finding:
    t = report.template
    roles_zh, roles_en = _roles(fix.explains)
    blanks = ev.blanks(fix.explains)
    note_zh, note_en = blank_note(blanks, t)
    path, delta = fix.deltas[0]
    actual = ev.values[path]
    expected = ev.value(path) + delta
    stated_zh, stated_en = _stated(actual)
    if len(fix.deltas) == 1:
        message = f"{cell_name(path, t)} {stated_zh}，按{roles_zh}应为 {fmt(expected)}{note_zh}"
        message_en = f"{cell_name(path, t, 'en')} {stated_en}; {roles_en} require {fmt(expected)}{note_en}"
    else:
        total_path = fix.deltas[1][0]
        total_zh, total_en = _stated(ev.values[total_path])
        total_expected = ev.value(total_path) + delta
        message = (
            f"{cell_name(path, t)} {stated_zh}，同行 {cell_name(total_path, t)} {total_zh}"
            f"（本行相加一致），按{roles_zh}应分别为 {fmt(expected)} 和 {fmt(total_expected)}"
            f"{note_zh}"
        )
        message_en = (
            f"{cell_name(path, t, 'en')} {stated_en} and its row total {cell_name(total_path, t, 'en')} "
            f"{total_en} (the row adds up), "
            f"but {roles_en} require {fmt(expected)} and {fmt(total_expected)}{note_en}"
        )
    return make_finding(
        report,
        code=INCONSISTENT_CELL,
        message=message,
        message_en=message_en,
        paths=[p for p, _ in fix.deltas],
        expected=expected,
        actual=actual,
        assumed_zero=blanks,
    )


def _blank_totals(
    ev: _Evaluation, remaining: list[Relation], fixed: dict[str, Decimal]
) -> tuple[dict[str, Decimal], set[Relation]]:
    """Blank total cells whose row sums fill them, and the failing relations that fixes."""
    fills: dict[str, Decimal] = {}
    for rel in remaining:
        if rel.kind != "row" or len(rel.left) != 1:
            continue
        total = rel.left[0]
        if ev.values[total] is None and total not in fixed and -ev.residual[rel] > 0:
            fills[total] = -ev.residual[rel]
    if not fills:
        return {}, set()
    changes = {**fixed, **fills}
    explained: set[Relation] = set()
    for rel in {r for path in fills for r in ev.by_path[path]}:
        if ev.after(rel, changes) == 0:
            if rel in remaining:
                explained.add(rel)
        elif ev.after(rel, fixed) == 0:
            return {}, set()  # filling the blanks would break a relation that holds
    return fills, explained


def _blank_total_finding(
    report: AnnualReport, ev: _Evaluation, fills: dict[str, Decimal], explained: set[Relation]
) -> Finding:
    t = report.template
    paths = sorted(fills, key=path_order)
    listed_zh = "；".join(f"{cell_name(p, t)} 应为 {fmt(fills[p])}" for p in paths)
    listed_en = "; ".join(f"{cell_name(p, t, 'en')} = {fmt(fills[p])}" for p in paths)
    blanks = ev.blanks(explained)
    others = [p for p in blanks if p not in fills]
    note_zh, note_en = blank_note(others, t)
    return make_finding(
        report,
        code=BLANK_TOTAL,
        message=(f"{len(paths)}个总计单元格为空（按0计则本行不平），按各行之和：{listed_zh}{note_zh}"),
        message_en=(
            f"{len(paths)} total cell(s) left blank (counted as 0, their rows do not add up); "
            f"the rows add up to: {listed_en}{note_en}"
        ),
        paths=paths,
        expected=fills[paths[0]],
        actual=None,
        assumed_zero=blanks,
    )


def _raw_finding(report: AnnualReport, ev: _Evaluation, rel: Relation) -> Finding:
    left = ev.total(rel.left)
    right = ev.total(rel.right)
    blanks = ev.blanks([rel])
    note_zh, note_en = blank_note(blanks, report.template)
    return make_finding(
        report,
        code=rel.code,
        message=(f"{rel.where}：{rel.left_desc} 为 {fmt(left)}，{rel.right_desc} 为 {fmt(right)}，二者应相等{note_zh}"),
        message_en=(
            f"{rel.where_en}: {rel.left_desc_en} is {fmt(left)} but {rel.right_desc_en} {fmt(right)}{note_en}"
            if rel.kind == "row"
            else f"{rel.where_en}: {rel.left_desc_en} is {fmt(left)} but {rel.right_desc_en} is {fmt(right)}{note_en}"
        ),
        paths=rel.paths,
        expected=right,
        actual=left,
        assumed_zero=blanks,
    )


def _all_hold(report: AnnualReport, relations: list[Relation]) -> bool:
    """Whether every relation holds with blanks as 0, all its cells plain ints (else: unsure)."""
    cells = dict(report.cells())
    for rel in relations:
        residual = 0
        for sign, paths in ((1, rel.left), (-1, rel.right)):
            for path in paths:
                value = cells[path] if path in cells else report.get(path)
                if type(value) is int:
                    residual += sign * value
                elif value is not None:
                    return False  # a Decimal or a bad value: the full evaluation decides
        if residual:
            return False
    return True


SPLIT_LIMIT = 256
"""Combinations of candidate splits a relation over undecided cells is evaluated under."""


def _whatever_the_split(
    report: AnnualReport, relations: Iterable[Relation], open_: dict[str, Undecided]
) -> list[Finding]:
    """The relations over undecided cells that fail under every candidate split.

    A relation that holds under every split is checked and holds; one that holds under
    some splits only is not decided (the ``ambiguous-run`` warning says the cells are
    unknown); one that fails under all of them is an error of the report. A relation with
    another blank or a bad value in it is not decided either: the blank is not known to be
    0, and the bad value has its own finding.
    """
    findings = []
    cells = dict(report.cells())
    for rel in relations:
        entries = list({id(open_[p]): open_[p] for p in rel.paths if p in open_}.values())
        combinations = 1
        for entry in entries:
            combinations *= len(entry.splits)
        if not combinations or combinations > SPLIT_LIMIT:
            continue  # no splits listed, or too many: not decided
        base = Decimal(0)
        unknown: list[tuple[int, str]] = []
        unsure = False
        for sign, paths in ((1, rel.left), (-1, rel.right)):
            for path in paths:
                if path in open_:
                    unknown.append((sign, path))
                    continue
                number = as_number(cells[path] if path in cells else report.get(path))
                if isinstance(number, Decimal):
                    base += sign * number
                else:
                    # A bad value (the domain rule reports it) or another blank: a blank
                    # total may be the document's own omission, which the other findings
                    # name; "whatever the split" would then not be the whole truth.
                    unsure = True
        if unsure:
            continue
        residuals: set[Decimal] = set()
        for combination in itertools.product(*(entry.splits for entry in entries)):
            values = {
                p: v
                for entry, split in zip(entries, combination, strict=True)
                for p, v in zip(entry.paths, split, strict=True)
            }
            residuals.add(base + sum((sign * Decimal(values[p]) for sign, p in unknown), Decimal(0)))
            if 0 in residuals:
                break  # it holds under some split: checked if under all, else undecided
        if 0 not in residuals:
            findings.append(
                make_finding(
                    report,
                    code=rel.code,
                    message=(
                        f"{rel.where}：{rel.left_desc} 与 {rel.right_desc} 不相等，连成一串的数值无论如何拆分均如此"
                    ),
                    message_en=(
                        f"{rel.where_en}: {rel.left_desc_en} and {rel.right_desc_en} differ "
                        "whichever way the run of digits is split"
                    ),
                    paths=rel.paths,
                )
            )
    return findings


def explain(
    report: AnnualReport,
    relations: Iterable[Relation],
    *,
    culprits: bool = True,
    blank_totals: bool = True,
) -> list[Finding]:
    """Evaluate ``relations`` together and report a minimal explanation of their failures.

    Args:
        report: the report the relations were built from.
        relations: the relation instances to evaluate.
        culprits: look for single cells (or a cell with its row total) that explain
            several failures (``inconsistent-cell``).
        blank_totals: group blank total cells whose rows add up (``blank-total``).

    Returns:
        Error findings in printed order; relations no explanation covers are reported one
        by one under their own code.
    """
    relations = list(relations)
    open_ = unknown_cells(report) if report.undecided else {}
    if open_:
        # Cells of an unsplit run are unknown, not blank: their relations are evaluated
        # under every candidate split instead (never with the blanks as 0).
        over = [rel for rel in relations if any(p in open_ for p in rel.paths)]
        if over:
            skip = set(over)
            findings = _whatever_the_split(report, over, open_)
            findings += _explain(report, [r for r in relations if r not in skip], culprits, blank_totals)
            findings.sort(key=lambda f: path_order(f.paths[0] if f.paths else None))
            return findings
    return _explain(report, relations, culprits, blank_totals)


def _explain(report: AnnualReport, relations: list[Relation], culprits: bool, blank_totals: bool) -> list[Finding]:
    if _all_hold(report, relations):
        return []  # the common case, over plain ints: no Decimal, no explanation built
    ev = _Evaluation(report, relations)
    failing = ev.failing()
    if not failing:
        return []
    chosen = _choose(_candidates(ev, failing)) if culprits else []
    covered = {rel for fix in chosen for rel in fix.explains}
    fixed = {path: delta for fix in chosen for path, delta in fix.deltas}
    remaining = [rel for rel in failing if rel not in covered]
    fills: dict[str, Decimal] = {}
    explained: set[Relation] = set()
    if blank_totals:
        fills, explained = _blank_totals(ev, remaining, fixed)
        covered |= explained
    findings = [_fix_finding(report, ev, fix) for fix in chosen]
    if fills:
        findings.append(_blank_total_finding(report, ev, fills, explained))
    findings.extend(_raw_finding(report, ev, rel) for rel in failing if rel not in covered)
    findings.sort(key=lambda f: path_order(f.paths[0] if f.paths else None))
    return findings
