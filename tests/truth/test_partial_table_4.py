"""A report with only some rows of table 4 is written without the others (fuzz regression)."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govinfo.api import read
from govinfo.errors import WriteError
from govinfo.form import table_spec
from govinfo.model import AnnualReport, field_name
from govinfo.writers import write

from ..strategies import reports

ROWS = [row.key for row in table_spec("appeals").rows]
LAYOUTS = {"text": ".txt", "tabbed": ".tsv", "html": ".html", "docx": ".docx"}


def _without(report: AnnualReport, absent: set[str]) -> AnnualReport:
    assert report.appeals is not None
    appeals = attrs.evolve(report.appeals, **{field_name(key): None for key in absent})
    return attrs.evolve(report, appeals=appeals)


@settings(max_examples=30, deadline=None)
@given(reports(), st.sets(st.sampled_from(ROWS), min_size=1, max_size=len(ROWS) - 1))
def test_absent_rows_of_table_4_stay_absent_in_every_printed_layout(report: AnnualReport, absent: set[str]) -> None:
    report = _without(report, absent)
    kept = [k for k in ROWS if k not in absent]
    if kept != ROWS[: len(kept)]:
        # The readers find table 4 by 行政复议 and take its groups in order: the writer says so.
        for layout in LAYOUTS:
            with pytest.raises(WriteError, match="no printed layout holds that"):
                write(report, layout)
        return
    for layout, extension in LAYOUTS.items():
        back = read(write(report, layout), name="report" + extension)
        assert [k for k in ROWS if back.has_row("appeals", k)] == kept, layout
        assert list(back.cells()) == list(report.cells()), layout
