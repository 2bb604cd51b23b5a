"""A value cell merged across several rows (HTML ``rowspan``, DOCX ``vMerge``): the value is the rows' sum."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govinfo.api import read
from govinfo.document import Block, Cell, Document, Location, Paragraph, Table
from govinfo.extraction import extract
from govinfo.model import AnnualReport
from govinfo.testing import reports
from govinfo.validation import validate
from govinfo.writers._layout import LayoutTable, grid
from tests.truth.altered import merged, merged_layout

EXAMPLES = 4 if os.environ.get("GOVINFO_FAST") else 10
_SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SUBS = ("other.no_correction", "other.fee_unpaid", "other.other")
COLUMNS = ("natural_person", "commercial", "research", "public_interest", "legal_service", "other_org", "total")
GRID = ("html", "docx")
_ROW_CODES = {"too-few-values", "missing-row", "template-mixed", "unplaced-value", "format-missing-row"}


def _value(report: AnnualReport, path: str) -> int:
    value = dict(report.cells())[path]
    assert isinstance(value, int)
    return value


def _group_sums(report: AnnualReport) -> dict[str, int]:
    return {c: sum(_value(report, f"applications/{s}/{c}") for s in SUBS) for c in COLUMNS}


def _printed_merged(report: AnnualReport, sums: dict[str, int]) -> AnnualReport:
    """The report as the CMS prints it: the first sub-row's cells hold the group's sums."""
    return report.with_cells({f"applications/{SUBS[0]}/{c}": v for c, v in sums.items()})


def _applications(report: AnnualReport) -> dict[str, object]:
    return {p: v for p, v in report.cells() if p.startswith("applications/")}


@_SETTINGS
@given(report=reports("2021", blanks=False, narrative=False), fmt=st.sampled_from(GRID))
def test_a_zero_merged_over_the_sub_rows_makes_every_sub_row_zero(report: AnnualReport, fmt: str) -> None:
    sums = _group_sums(report)
    # Move the sub-rows' counts to (一)予以公开: the report stays consistent, the group is 0.
    zeroed = report.with_cells(
        {
            **{f"applications/{s}/{c}": 0 for s in SUBS for c in COLUMNS},
            **{f"applications/granted/{c}": _value(report, f"applications/granted/{c}") + sums[c] for c in COLUMNS},
        }
    )
    got = read(merged(zeroed, "applications", SUBS, fmt), format=fmt, name=f"r.{fmt}")
    checked = validate(got)
    assert checked.ok, [f.text("en") for f in checked.errors]
    assert not [f for f in checked.findings if f.code in _ROW_CODES]
    assert [f.severity for f in checked.findings if f.code == "merged-cells"] == ["info"]
    assert _applications(got) == _applications(zeroed)


@_SETTINGS
@given(report=reports("2021", blanks=False, narrative=False), fmt=st.sampled_from(GRID))
def test_a_value_merged_over_the_sub_rows_is_the_group_row_and_still_checked(report: AnnualReport, fmt: str) -> None:
    sums = _group_sums(report)
    got = read(merged(_printed_merged(report, sums), "applications", SUBS, fmt), format=fmt, name=f"r.{fmt}")
    checked = validate(got)
    (warning,) = [f for f in checked.findings if f.code == "merged-cells"]
    if any(sums.values()):
        assert warning.severity == "warning"
        assert set(warning.paths) == {f"applications/{s}" for s in SUBS}
        assert {c: dict(got.cells()).get(f"applications/other/{c}") for c in COLUMNS} == sums
        assert not any(got.has_row("applications", s) for s in SUBS)
    assert checked.ok, [f.text("en") for f in checked.errors]
    assert not [f for f in checked.findings if f.code in _ROW_CODES]
    # The sum is checked: a wrong group value is an arithmetic error, not passed over.
    wrong = {**sums, "natural_person": sums["natural_person"] + 1}
    got = read(merged(_printed_merged(report, wrong), "applications", SUBS, fmt), format=fmt, name=f"r.{fmt}")
    errors = validate(got).errors
    assert {"outcome-partition", "inconsistent-cell"} & {f.code for f in errors}
    assert any(p.startswith(("applications/other/", "applications/results_total/")) for f in errors for p in f.paths)


@_SETTINGS
@given(report=reports("2021", blanks=False, narrative=False), fmt=st.sampled_from(GRID))
def test_a_value_merged_over_rows_of_no_group_row_leaves_them_blank_with_a_warning(
    report: AnnualReport, fmt: str
) -> None:
    rows = ("denied.state_secret", "denied.prohibited_by_law")
    value = 1 + sum(_value(report, f"applications/{r}/natural_person") for r in rows)
    printed = report.with_cells({f"applications/{rows[0]}/natural_person": value})
    got = read(merged(printed, "applications", rows, fmt), format=fmt, name=f"r.{fmt}")
    (warning,) = [f for f in got.findings if f.code == "merged-cells"]
    assert warning.severity == "warning"
    assert set(warning.paths) == {f"applications/{r}" for r in rows}
    cells = dict(got.cells())
    assert all(cells[f"applications/{r}/natural_person"] is None for r in rows)
    for column in COLUMNS[1:]:  # the other columns are merged too: 0 stays 0, others blank
        for r in rows:
            top = _value(report, f"applications/{rows[0]}/{column}")
            assert cells[f"applications/{r}/{column}"] == (0 if top == 0 else None)
    assert not [f for f in got.findings if f.code in _ROW_CODES]


def _grid_document(report: AnnualReport, rows: tuple[str, ...]) -> Document:
    """The merged layout as a paged reader (PDF) resolves it: every position a cell, copies ``spanned``."""
    blocks: list[Block] = []
    number = 0
    for block in merged_layout(report, "applications", rows):
        if isinstance(block, LayoutTable):
            number += 1
            cells = [
                [
                    Cell(slot.cell.text, Location(page=1, table=number, row=r + 1, column=c + 1), spanned=slot.spanned)
                    for c, slot in enumerate(line)
                ]
                for r, line in enumerate(grid(block))
            ]
            blocks.append(Table(cells, Location(page=1, table=number)))
        else:
            blocks.append(Paragraph(block.text, Location(page=1)))
    return Document(blocks=blocks)


@_SETTINGS
@given(report=reports("2021", blanks=False, narrative=False))
def test_a_paged_reader_grid_with_merged_cells_reads_the_same(report: AnnualReport) -> None:
    """The mechanism is the grid's (PDF merges resolve to the same spanned copies)."""
    sums = _group_sums(report)
    got = extract(_grid_document(_printed_merged(report, sums), SUBS))
    assert [f.code for f in got.findings if f.severity != "info"] == (["merged-cells"] if any(sums.values()) else [])
    if any(sums.values()):
        assert {c: dict(got.cells()).get(f"applications/other/{c}") for c in COLUMNS} == sums
    assert validate(got).ok
