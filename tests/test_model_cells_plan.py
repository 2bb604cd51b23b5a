"""``AnnualReport.cells()`` over its precomputed plans yields what the plain walk yields (issue 7)."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest
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


# --- the cache of the last report's cells, and with_cells (issue 7, fourth part) ----------


@given(st.data())
def test_cells_of_reports_walked_in_turn_are_each_their_own(data: st.DataObject) -> None:
    # cells() keeps the last report's cells: every call, in any order of reports and their
    # edited copies, must still give that report's cells.
    base = data.draw(reports())
    paths = [path for path, _ in _reference_cells(base)] or ["applications/new_received/total"]
    edited = base.with_cells(
        {path: data.draw(st.integers(0, 9)) for path in data.draw(st.sets(st.sampled_from(paths)))}
    )
    family = [base, edited, attrs.evolve(base), data.draw(reports())]
    for index in data.draw(st.lists(st.integers(0, len(family) - 1), min_size=1, max_size=8)):
        report = family[index]
        assert list(report.cells()) == _reference_cells(report)
        assert list(report.cells()) == list(report.cells())


def test_cells_of_a_report_freed_are_not_another_s() -> None:
    for value in range(20):  # a new report may take the address of the one freed before it
        report = AnnualReport().with_cell("applications/new_received/total", value)
        assert dict(report.cells())["applications/new_received/total"] == value
        del report


def _reference_with_cells(report: AnnualReport, cells: dict[str, int | Decimal | None]) -> AnnualReport:
    """``with_cells`` as it was: row objects by (table, row), then tables."""
    from govinfo.model import ROW_CLASSES, TABLE_CLASSES, _cell_target

    by_row: dict[tuple[str, str], dict[str, int | Decimal | None]] = {}
    for path, value in cells.items():
        table, name, column = _cell_target(report.template, path)
        by_row.setdefault((table, name), {})[column] = value
    tables: dict[str, dict[str, dict[str, int | Decimal | None]]] = {}
    for (table, name), values in by_row.items():
        tables.setdefault(table, {})[name] = values
    changes = {}
    for table, rows in tables.items():
        table_obj = getattr(report, table) or TABLE_CLASSES[(report.template, table)]()
        new_rows = {}
        for name, values in rows.items():
            row_obj = getattr(table_obj, name)
            if row_obj is None:
                new_rows[name] = ROW_CLASSES[(report.template, table, name)](**values)
            else:
                new_rows[name] = attrs.evolve(row_obj, **values)
        changes[table] = attrs.evolve(table_obj, **new_rows)
    return attrs.evolve(report, **changes)


@given(st.data())
def test_with_cells_sets_what_it_set_before(data: st.DataObject) -> None:
    report = data.draw(reports())
    cell_paths = sorted(
        f"{table.key}/{row.key}/{column.key}"
        for table in TABLES
        for row in table.rows
        for column in row.columns
        if _is_cell(report.template, table.key, row.key, column.key)
    )
    candidates = st.sampled_from(cell_paths) | st.sampled_from(["applications/no_row/total", "nothing", "a/b/c/d"])
    cells = data.draw(st.dictionaries(candidates, st.none() | st.integers(-5, 10**6), max_size=12))
    try:
        expected = _reference_with_cells(report, cells)
    except KeyError as exc:
        message = str(exc)
    else:
        message = None
    if message is not None:
        with pytest.raises(KeyError) as info:
            report.with_cells(cells)
        assert str(info.value) == message
        return
    got = report.with_cells(cells)
    assert got == expected
    assert repr(got) == repr(expected)
    assert list(got.cells()) == _reference_cells(expected)
