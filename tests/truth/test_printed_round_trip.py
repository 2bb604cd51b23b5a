"""What the printed writers write reads back as it was, or they say why (fuzz regressions)."""

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


@settings(max_examples=15, deadline=None)
@given(reports("2019"))
def test_a_2019_report_keeps_its_format_or_the_writer_says_why(report: AnnualReport) -> None:
    """Without a year and table 2 nothing printed says 2019: the writer refuses (fuzz regression)."""
    bare = attrs.evolve(report, active=None, metadata=attrs.evolve(report.metadata, year=None, title=None))
    for layout, extension in LAYOUTS.items():
        with pytest.raises(WriteError, match="says its format"):
            write(bare, layout)
        assert read(write(report, layout), name="report" + extension).template == "2019", layout


def test_an_unclosed_html_title_is_closed_where_the_body_starts() -> None:
    """A damaged ``</title>`` swallowed the page into the title (fuzz regression): the page is
    read as if the title ended at the body's first tag, with a reader note saying so."""
    from .test_crashes import zero_report

    report = zero_report()
    page = write(report, "html")
    assert b"</title>" in page
    got = read(page.replace(b"</title>", b"</\xef\xbf\xbditle>"), name="page.html")
    assert list(got.cells()) == list(report.cells())
    assert got.metadata.title is not None
    assert len(got.metadata.title) <= 200
    assert any("<title>" in f.message for f in got.findings if f.code == "reader-note")
