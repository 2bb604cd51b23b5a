"""On the real documents: error findings exactly where the manifest lists source errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from govinfo.api import read
from govinfo.errors import UnsupportedFormatError
from govinfo.findings import CATALOGUE
from govinfo.validation import validate

from ..conftest import CORPUS

# Damaged PDF-to-Markdown conversions: the Markdown reader (not this mechanisms)
# still loses rows of them.
READER_LIMITS = {
    # The conversion lost a column and a row label: its too-few-values and unplaced-value
    # errors are true of this file, though the report it was made from has none.
    "015_shanghai-gov-office-2025.md": "the conversion lost a column and a row label (true errors of this file)",
}


def _entries() -> list[Any]:
    manifest = CORPUS / "real" / "manifest.jsonl"
    if not manifest.is_file():
        return []
    params = []
    for line in manifest.read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        if "source_errors" not in entry:
            continue
        reason = READER_LIMITS.get(entry["file"])
        marks = [pytest.mark.xfail(reason=reason, strict=False)] if reason else []
        params.append(pytest.param(entry, id=entry["file"], marks=marks))
    return params


def _table(source_error: str) -> str:
    return {"table2": "active", "table3": "applications", "table4": "appeals"}[source_error.split()[0]]


@pytest.mark.parametrize("entry", _entries())
def test_errors_exactly_where_the_document_has_some(corpus: Path, entry: dict[str, Any]) -> None:
    try:
        report = read(corpus / "real" / entry["file"])
    except UnsupportedFormatError:
        assert entry.get("template") == "pre-2019"
        return
    errors = validate(report).errors
    expected = entry["source_errors"]
    messages = [f"{f.code}: {f.message_en}" for f in errors]
    assert bool(errors) == bool(expected), messages
    # Every error is in a table the document's own errors are in, and about arithmetic.
    assert {f.paths[0].split("/")[0] for f in errors if f.paths} <= {_table(e) for e in expected}, messages
    assert all(CATALOGUE[f.code].stage != "extraction" for f in errors), messages


@pytest.mark.parametrize("entry", _entries())
def test_ambiguous_runs_are_warnings_on_blank_cells(corpus: Path, entry: dict[str, Any]) -> None:
    truth_file = corpus / "real" / "truth" / (entry["file"] + ".json")
    if not truth_file.is_file():
        pytest.skip("no truth file")
    truth = json.loads(truth_file.read_text(encoding="utf-8"))
    if not truth.get("ambiguous_runs"):
        pytest.skip("no ambiguous runs")
    report = read(corpus / "real" / entry["file"])
    ambiguous = [f for f in report.findings if f.code == "ambiguous-run"]
    assert ambiguous
    assert all(f.severity == "warning" for f in ambiguous)
    assert all(report.get(p) is None for f in ambiguous for p in f.paths)
