"""A table printed as its labels alone is one ``blank-table`` finding; one printed blank reads back blank."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govinfo.api import read
from govinfo.model import AnnualReport
from govinfo.testing import reports
from tests.truth.altered import LAYOUTS, altered_cells, document

EXAMPLES = 4 if os.environ.get("GOVINFO_FAST") else 10
_SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TABLES = ("active", "applications", "appeals")


def _table_paths(report: AnnualReport, table: str) -> list[str]:
    return [path for path, _ in report.cells() if path.startswith(table + "/")]


def _check(got: AnnualReport, table: str) -> None:
    blank = [f for f in got.findings if f.code == "blank-table"]
    assert [f.paths for f in blank] == [(table,)]
    assert blank[0].severity == "error"
    about = [f for f in got.findings if f.code in ("missing-table", "too-few-values", "unplaced-value")]
    assert not about, [f.text("en") for f in about]
    assert all(value is None for path, value in got.cells() if path.startswith(table + "/"))


@_SETTINGS
@given(report=reports(blanks=False, narrative=False), fmt=st.sampled_from(LAYOUTS), table=st.sampled_from(TABLES))
def test_a_table_printed_with_blank_cells_reads_back_blank_without_a_finding(
    report: AnnualReport, fmt: str, table: str
) -> None:
    """Blank cells are the report's own blanks: read back as blanks, no finding of their own."""
    blanked = report.with_cells(dict.fromkeys(_table_paths(report, table)))
    got = read(document(blanked, fmt), format=fmt, name=f"r.{fmt}")
    assert not [f for f in got.findings if f.severity != "info"], [f.text("en") for f in got.findings]
    assert dict(got.cells()) == dict(blanked.cells())


@_SETTINGS
@given(
    report=reports(blanks=False, narrative=False),
    fmt=st.sampled_from(("text", "tabbed", "html", "docx")),
    table=st.sampled_from(TABLES),
)
def test_a_table_of_labels_alone_is_one_blank_table_not_missing(report: AnnualReport, fmt: str, table: str) -> None:
    """Every value cell of the table deleted: the labels say the table is there, blank."""
    deleted = altered_cells(report, dict.fromkeys(_table_paths(report, table)), fmt)
    got = read(deleted, format=fmt, name=f"r.{fmt}")
    _check(got, table)
