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

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal

import attrs

from govinfo.labels import APPEAL_COLUMNS, APPEAL_ROWS, APPLICANT_COLUMNS, table_spec
from govinfo.model import AnnualReport, Finding
from govinfo.rules._common import (
    BAD,
    as_number,
    blank_note,
    cell_name,
    column_name,
    fmt,
    make_finding,
    path_order,
    row_name,
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
    "outcome_partition_relations",
    "outcome_rows",
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

_APPS = "applications"
_APPEALS = "appeals"
_STRUCTURAL_ROWS = ("new_received", "carried_over", "results_total", "carried_forward")


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


# --- building the relations -----------------------------------------------------------


def _p(table: str, row: str, column: str) -> str:
    return f"{table}/{row}/{column}"


def _has(report: AnnualReport, table: str, rows: Iterable[str]) -> bool:
    return all(report.has_row(table, row) for row in rows)


def outcome_rows(report: AnnualReport) -> tuple[str, ...] | None:
    """The outcome leaf rows of table 3 as this document prints them.

    The three （六） sub-rows where the document has any of them, else the single （六）其他处理
    row, decided by the rows present and not by the template. ``None`` when a leaf row the
    choice needs is absent (the partition cannot be evaluated).
    """
    rows = table_spec(_APPS).rows
    base = [
        r.key
        for r in rows
        if r.key not in _STRUCTURAL_ROWS and r.group != "other" and r.key != "other"
    ]
    subs = [r.key for r in rows if r.group == "other"]
    if any(report.has_row(_APPS, key) for key in subs):
        leaves = [*base, *subs]
    elif report.has_row(_APPS, "other"):
        leaves = [*base, "other"]
    else:
        return None
    return tuple(leaves) if _has(report, _APPS, leaves) else None


def _column_relation(
    report: AnnualReport,
    code: str,
    column: str,
    left: Sequence[str],
    right: Sequence[str],
    desc: tuple[str, str],
    desc_en: tuple[str, str],
) -> Relation:
    """A relation between rows of table 3 within one column: Σ ``left`` rows == Σ ``right`` rows."""
    return Relation(
        code=code,
        kind="column",
        key=column,
        left=tuple(_p(_APPS, row, column) for row in left),
        right=tuple(_p(_APPS, row, column) for row in right),
        where=f"{column_name(_APPS, column, report.template)} 列",
        where_en=f"column {column}",
        left_desc=desc[0],
        right_desc=desc[1],
        left_desc_en=desc_en[0],
        right_desc_en=desc_en[1],
    )


def column_balance_relations(report: AnnualReport) -> list[Relation]:
    """A-1: ∀ column, 本年新收 + 上年结转 == （七）总计 + 结转下年度."""
    if not _has(report, _APPS, _STRUCTURAL_ROWS):
        return []
    t = report.template
    nr, co, rt, cf = (row_name(_APPS, key, t) for key in _STRUCTURAL_ROWS)
    return [
        _column_relation(
            report,
            COLUMN_BALANCE,
            column.key,
            ("results_total", "carried_forward"),
            ("new_received", "carried_over"),
            (f"{rt} 加 {cf}", f"{nr} 加 {co}"),
            ("results_total + carried_forward", "new_received + carried_over"),
        )
        for column in APPLICANT_COLUMNS
    ]


def outcome_partition_relations(report: AnnualReport) -> list[Relation]:
    """A-2: ∀ column, （七）总计 == Σ outcome leaf rows.

    Where a document prints both the single （六）其他处理 row and its three sub-rows, the
    sub-rows are the leaves and （六） is checked as their subtotal.
    """
    leaves = outcome_rows(report)
    if leaves is None or not report.has_row(_APPS, "results_total"):
        return []
    t = report.template
    subs = tuple(key for key in leaves if key.startswith("other."))
    subtotal = bool(subs) and report.has_row(_APPS, "other")
    relations = []
    for column in APPLICANT_COLUMNS:
        relations.append(
            _column_relation(
                report,
                OUTCOME_PARTITION,
                column.key,
                ("results_total",),
                leaves,
                (row_name(_APPS, "results_total", t), f"各项办理结果之和（{len(leaves)}项）"),
                ("results_total", f"the sum of the {len(leaves)} outcome rows"),
            )
        )
        if subtotal:
            relations.append(
                _column_relation(
                    report,
                    OUTCOME_PARTITION,
                    column.key,
                    ("other",),
                    subs,
                    (row_name(_APPS, "other", t), "其下各项之和"),
                    ("other", "the sum of its sub-rows"),
                )
            )
    return relations


def _row_relations(
    report: AnnualReport, table: str, code: str, rows: Sequence[str], parts: Sequence[str]
) -> list[Relation]:
    t = report.template
    part_names = [column_name(table, c, t) for c in parts]
    right_desc = "自然人与法人或其他组织各列之和" if table == _APPS else "、".join(part_names) + "之和"
    right_desc_en = "the applicant columns add up to" if table == _APPS else "its parts add up to"
    relations = []
    for row in rows:
        if not report.has_row(table, row):
            continue
        relations.append(
            Relation(
                code=code,
                kind="row",
                key=row,
                left=(_p(table, row, "total"),),
                right=tuple(_p(table, row, c) for c in parts),
                where=f"{row_name(table, row, t)} 行",
                where_en=f"row {table}/{row}",
                left_desc=column_name(table, "total", t),
                right_desc=right_desc,
                left_desc_en="total",
                right_desc_en=right_desc_en,
            )
        )
    return relations


def row_total_relations(report: AnnualReport) -> list[Relation]:
    """A-3: ∀ row of table 3 present, 总计 == 自然人 + the five 法人或其他组织 columns."""
    rows = [r.key for r in table_spec(_APPS).rows]
    parts = [c.key for c in APPLICANT_COLUMNS if c.key != "total"]
    return _row_relations(report, _APPS, ROW_TOTAL, rows, parts)


def appeal_total_relations(report: AnnualReport) -> list[Relation]:
    """A-4..6: ∀ row of table 4, 总计 == 结果维持 + 结果纠正 + 其他结果 + 尚未审结."""
    rows = [r.key for r in APPEAL_ROWS]
    parts = [c.key for c in APPEAL_COLUMNS if c.key != "total"]
    return _row_relations(report, _APPEALS, APPEAL_TOTAL, rows, parts)


RELATION_BUILDERS: dict[str, Callable[[AnnualReport], list[Relation]]] = {
    COLUMN_BALANCE: column_balance_relations,
    OUTCOME_PARTITION: outcome_partition_relations,
    ROW_TOTAL: row_total_relations,
    APPEAL_TOTAL: appeal_total_relations,
}


def all_relations(report: AnnualReport) -> list[Relation]:
    """Every relation of every arithmetic rule the document can be checked against."""
    return [rel for build in RELATION_BUILDERS.values() for rel in build(report)]


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
            numbers = {
                path: as_number(cells[path] if path in cells else report.get(path))
                for path in rel.paths
            }
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
        return sorted(
            {p for rel in relations for p in rel.paths if self.values[p] is None}, key=path_order
        )

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
    ordered = sorted(
        fixes, key=lambda f: (-len(f.explains), len(f.deltas), path_order(f.deltas[0][0]))
    )
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
    for rel in sorted(relations, key=lambda r: order.index(r.code)):
        role_zh, role_en = _ROLES[rel.code]
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
        message_en = f"{path} {stated_en}; {roles_en} require {fmt(expected)}{note_en}"
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
            f"{path} {stated_en} and its row total {total_path} {total_en} (the row adds up), "
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
    listed_en = ", ".join(f"{p} = {fmt(fills[p])}" for p in paths)
    blanks = ev.blanks(explained)
    others = [p for p in blanks if p not in fills]
    note_zh, note_en = blank_note(others, t)
    return make_finding(
        report,
        code=BLANK_TOTAL,
        message=(
            f"{len(paths)}个总计单元格为空（按0计则本行不平），按各行之和：{listed_zh}{note_zh}"
        ),
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
        message=(
            f"{rel.where}：{rel.left_desc} 为 {fmt(left)}，{rel.right_desc} 为 {fmt(right)}，"
            f"二者应相等{note_zh}"
        ),
        message_en=(
            f"{rel.where_en}: {rel.left_desc_en} is {fmt(left)} but {rel.right_desc_en} "
            f"{fmt(right)}{note_en}"
            if rel.kind == "row"
            else f"{rel.where_en}: {rel.left_desc_en} is {fmt(left)} but "
            f"{rel.right_desc_en} is {fmt(right)}{note_en}"
        ),
        paths=rel.paths,
        expected=right,
        actual=left,
        assumed_zero=blanks,
    )


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
