"""The JSON reader: govinfo reads its own export back, as a report, without extraction."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given

import govinfo
from govinfo.errors import ReadError
from govinfo.model import AnnualReport, SourceInfo
from govinfo.readers.json import JsonReader
from govinfo.serialize import to_json

from ..strategies import reports


@given(reports())
def test_export_reads_back_identical(report: AnnualReport) -> None:
    """read(to_json(r)) is r, detected by content even without a file name; a source is kept."""
    sourced = attrs.evolve(
        report,
        metadata=attrs.evolve(report.metadata, source=SourceInfo(name="r.html", sha256="ab" * 32, reader="html")),
    )
    data = to_json(sourced).encode()

    assert sourced == govinfo.read(data)
    assert "json" == govinfo.detect(data).name


def test_sniff_wants_govinfo_json() -> None:
    """Any JSON object is not a report: only govinfo's format_version scores high."""
    reader = JsonReader()

    assert 0.95 == reader.sniff(b'{"format_version": 1, "metadata": {}}')
    assert 0.1 == reader.sniff(b'{"rows": []}')
    assert 0.0 == reader.sniff(b"<html></html>")


def test_malformed_json_names_the_problem() -> None:
    """Broken or foreign JSON is a ReadError naming the file."""
    with pytest.raises(ReadError, match=r"report\.json: not a govinfo JSON report"):
        JsonReader().read(b'{"format_version": 1, "metadata": {"year": "x"}}', name="report.json")
