"""Crawler text exports whose table cells lost their separators, read against the truth.

In these files (``005``–``011`` of the corpus) every table row's numbers run together
(``713000074`` for 71|3|0|0|0|0|74); only the tables' arithmetic splits them. Every cell
the person read must come out right, except the runs the truth lists as ambiguous
(``ambiguous_runs``: table 2 has no invariant): those cells must be blank with an
``ambiguous-run`` finding, or equal to the truth where the prose pins them (the truth
used the narrative too). Nothing else may be reported ambiguous.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from govinfo.api import read
from govinfo.model import AnnualReport
from govinfo.registry import default_registry
from govinfo.validation import validate
from govinfo.values import format_number

FLAT = (
    "005_pingtan-2019.txt",
    "006_pingtan-2020.txt",
    "007_pingtan-2021.txt",
    "008_pingtan-2022.txt",
    "009_pingtan-2023.txt",
    "010_pingtan-2024.txt",
    "011_pingtan-2025.txt",
)
# Text exports that keep their cell boundaries (or have none): not for this reader.
NOT_FLAT = ("013_shuyang-county-2025.txt", "016_xiongxian-township-2019-blank-tables.txt")

# file name → why it is not read right yet (xfail, strict). None at present.
KNOWN_FAILURES: dict[str, str] = {}


def _params(files: tuple[str, ...]) -> list[Any]:
    return [
        pytest.param(f, marks=[pytest.mark.xfail(reason=KNOWN_FAILURES[f], strict=True)] if f in KNOWN_FAILURES else [])
        for f in files
    ]


def _load(corpus: Path, name: str) -> tuple[dict[str, Any], dict[str, Any], AnnualReport]:
    real = corpus / "real"
    entries = [json.loads(line) for line in (real / "manifest.jsonl").read_text(encoding="utf-8").splitlines() if line]
    entry = next(e for e in entries if e["file"] == name)
    truth = json.loads((real / entry["truth"]).read_text(encoding="utf-8"))
    return entry, truth, read(real / name)


def _ambiguous_paths(report: AnnualReport, truth: dict[str, Any]) -> dict[str, set[str]]:
    """Truth's ambiguous runs (raw digits) → the paths of the row that holds that run."""
    by_raw: dict[str, set[str]] = {}
    for source in report.provenance:
        by_raw.setdefault(source.raw.replace(" ", ""), set()).add(source.path)
    return {raw: by_raw.get(raw, set()) for raw in truth.get("ambiguous_runs", {}).values()}


@pytest.mark.parametrize("name", _params(FLAT))
def test_cells_are_right_or_honestly_blank(corpus: Path, name: str) -> None:
    entry, truth, report = _load(corpus, name)
    assert report.metadata.source.reader == "flat"
    assert report.template == truth["template"]
    assert report.metadata.year == entry["year"]
    cells = {path: format_number(value) for path, value in report.cells()}
    runs = _ambiguous_paths(report, truth)
    assert all(runs.values()), f"a run of the truth was not found as one run: {runs}"
    loose = set().union(*runs.values())
    blank_with_reason = {p for f in report.findings if f.code == "ambiguous-run" for p in f.paths}
    wrong = []
    for path, value in truth["cells"].items():
        got = cells.get(path)
        if path in loose and got == "" and path in blank_with_reason:
            continue
        if got != value:
            wrong.append((path, value, got))
    assert wrong == []
    # Nothing beyond the truth's cells, except the cells of its ambiguous runs.
    assert set(cells) - set(truth["cells"]) <= loose
    # Only what the truth calls ambiguous may be reported so.
    assert blank_with_reason <= loose
    assert {cells[p] for p in blank_with_reason} <= {""}


@pytest.mark.parametrize("name", _params(FLAT))
def test_every_ambiguous_run_is_found(corpus: Path, name: str) -> None:
    _, truth, report = _load(corpus, name)
    runs = _ambiguous_paths(report, truth)
    reported = {p for f in report.findings if f.code == "ambiguous-run" for p in f.paths}
    split_by_prose = {p for f in report.findings if f.code == "split-run" for p in f.paths}
    for raw, paths in runs.items():
        # Each run is reported ambiguous, unless the prose pinned some of its cells.
        assert paths & (reported | split_by_prose), raw


@pytest.mark.parametrize("name", _params(FLAT))
def test_errors_only_where_the_document_has_some(corpus: Path, name: str) -> None:
    entry, _, report = _load(corpus, name)
    codes = {f.code for f in validate(report).errors}
    assert bool(codes) == bool(entry.get("source_errors")), codes


@pytest.mark.parametrize("name", NOT_FLAT)
def test_other_text_exports_are_not_taken(corpus: Path, name: str) -> None:
    data = (corpus / "real" / name).read_bytes()
    assert default_registry.detect(data, name).name != "flat"
