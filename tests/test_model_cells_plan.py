"""``AnnualReport.cells()`` over its precomputed plans yields what the plain walk yields (issue 7)."""

from __future__ import annotations

from decimal import Decimal

import attrs
from hypothesis import given
from hypothesis import strategies as st

from govinfo.form import TABLES
from govinfo.model import AnnualReport, _is_cell
from govinfo.testing import reports


def _reference_cells(report: AnnualReport) -> list[tuple[str, int | Decimal | None]]:
    """``cells()`` as it was: the template's rows, then every row of the other version."""
    out: list[tuple[str, int | Decimal | None]] = []
    seen: set[str] = set()
    template = report.template
    for table in TABLES:
        for row in table.rows:
            if template not in row.templates:
                continue
            for column in row.columns:
                path = f"{table.key}/{row.key}/{column.key}"
                if path not in seen and report.has_row(table.key, row.key):
                    seen.add(path)
                    out.append((path, report.get(path)))
    for table in TABLES:
        for row in table.rows:
            if template in row.templates:
                continue
            row_obj = report._row(table.key, row.key)
            if row_obj is None or not attrs.has(type(row_obj)):
                continue
            for column in row.columns:
                path = f"{table.key}/{row.key}/{column.key}"
                if path not in seen and column.key in attrs.fields_dict(type(row_obj)):
                    seen.add(path)
                    out.append((path, getattr(row_obj, column.key)))
    return out


def _other_version_paths(template: str) -> list[str]:
    """Cells of rows only the other version prints that a report of ``template`` can still hold."""
    return sorted(
        f"{table.key}/{row.key}/{column.key}"
        for table in TABLES
        for row in table.rows
        if template not in row.templates
        for column in row.columns
        if _is_cell(template, table.key, row.key, column.key)
    )


@given(st.data())
def test_cells_follow_the_printed_order_with_the_other_version_s_rows_last(data: st.DataObject) -> None:
    report = data.draw(reports())
    others = _other_version_paths(report.template)
    if others:
        chosen = data.draw(st.lists(st.sampled_from(others), unique=True, max_size=4))
        report = report.with_cells({path: data.draw(st.one_of(st.none(), st.integers(0, 9))) for path in chosen})
    assert list(report.cells()) == _reference_cells(report)


def test_a_2021_report_with_the_2019_single_other_row_lists_its_cells() -> None:
    others = _other_version_paths("2021")
    assert others  # the 2019 (六) row is a row a 2021 report may print
    report = AnnualReport().with_cells(dict.fromkeys(others[:2], 1))
    listed = dict(report.cells())
    assert all(listed[path] == 1 for path in others[:2])
    assert list(report.cells()) == _reference_cells(report)
