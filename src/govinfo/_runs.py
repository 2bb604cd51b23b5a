"""Deprecated: the digit-run solver moved to :mod:`govinfo.extraction.runs` (kept for one release).

The 0.1 functions are here with their 0.1 signatures, their equations now taken from the
national form (:data:`govinfo.form.NATIONAL`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from govinfo.extraction.runs import (
    Equation,
    RunResult,
    chunk_capacity,
    column_keyword,
    joint_identities,
    narrative_evidence,
    narrow_by_evidence,
    run_equations,
    solve_run,
    solve_table,
    split_run,
)
from govinfo.extraction.tokens import label_vocabulary, segment_labels
from govinfo.form import NATIONAL, Term

__all__ = [
    "BALANCE_ROWS",
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

BALANCE_ROWS = ("new_received", "carried_over", "results_total", "carried_forward")
"""Table-3 rows of the column balance A-1 (now the form's ``column-balance`` identity)."""


def solve_free(chunks: Sequence[str], kinds: Sequence[str]) -> RunResult:
    """Split a run with no equations: only the structure decides."""
    return solve_run(chunks, kinds)


def solve_appeals(chunks: Sequence[str], group: int = 5) -> RunResult:
    """Split a run of table 4's three rows with their totals (the form's row identities)."""
    rows = NATIONAL.table("appeals").rows
    if group == len(rows[0].columns):
        equations = run_equations(NATIONAL, "appeals", rows)
    else:
        equations = tuple(
            Equation((g * group + group - 1,), tuple(range(g * group, g * group + group - 1))) for g in range(3)
        )
    return solve_run(chunks, ("count",) * (3 * group), equations)


def solve_applications(
    runs: Mapping[str, Sequence[str]],
    known: Mapping[tuple[str, int], int | None],
    *,
    width: int = 7,
    leaves: Sequence[str] | None = None,
) -> dict[str, RunResult]:
    """Split table-3 runs: each row's total, then the column identities together.

    ``leaves`` are the outcome rows whose sum is the results total (``None``: the
    outcome partition is not used).
    """
    spec = NATIONAL.table("applications")
    present = {row for row, _ in known} | set(runs)
    equations = {row: run_equations(NATIONAL, "applications", (spec.row(row),)) for row in runs}

    def expand(term: Term) -> tuple[str, ...]:
        return tuple(leaves) if leaves and term.group == "results" else ()

    identities = joint_identities(NATIONAL, "applications", width, present.__contains__, expand)
    return solve_table(runs, known, kinds=("count",) * width, equations=equations, identities=identities)
