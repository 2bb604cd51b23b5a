"""The plugin's own tests: govinfo.testing runs the same round trip govinfo runs on its formats.

Run them with ``pytest examples/custom_reader/tests`` once the plugin and
``govinfo[test]`` are installed.
"""

from __future__ import annotations

from govinfo_csvreader import CellsCsvWriter, LongCsvReader

from govinfo.model import AnnualReport
from govinfo.testing import assert_round_trip


def kept_by_csv(report: AnnualReport) -> object:
    """What a CSV of cells keeps: every cell, the agency, the year and the format."""
    meta = report.metadata
    return list(report.cells()), meta.agency, meta.year, report.template


def test_reader_reads_govinfo_csv() -> None:
    """The reader reads back what govinfo's own csv writer writes."""
    assert_round_trip("csv", LongCsvReader(), normalize=kept_by_csv, max_examples=25)


def test_writer_output_reads_back() -> None:
    """The compact writer's output reads back through the reader, cell for cell."""
    assert_round_trip(CellsCsvWriter(), LongCsvReader(), normalize=kept_by_csv, max_examples=25)
