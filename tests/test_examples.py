"""The scripts and samples in examples/ keep working and stay in step with the writers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from govinfo.api import read
from govinfo.serialize import from_json
from govinfo.validation import validate
from govinfo.writers.csv import COLUMNS

from .helpers import EXAMPLES, example_module
from .strategies import comparable

SAMPLES = EXAMPLES / "samples"


samples = example_module("make_samples")
LAYOUTS = [(name, template) for name, template, fmt in samples.SAMPLES if fmt not in ("json", "csv")]


def _quickstart(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(EXAMPLES / "quickstart.py"), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=120,
    )


def test_quickstart_reports_the_error(tmp_path: Path) -> None:
    """quickstart.py prints the wrong cell, writes JSON and CSV, and exits 1."""
    result = _quickstart(str(SAMPLES / "sample-2021-with-error.txt"), str(tmp_path))
    report = read(SAMPLES / "sample-2021-with-error.txt")

    assert result.returncode == 1, result.stderr
    assert "1 error(s)" in result.stdout
    assert "applications/granted/natural_person" in result.stdout
    assert from_json((tmp_path / "report.json").read_bytes()) == report
    assert (tmp_path / "report.csv").read_text(encoding="utf-8").startswith(",".join(COLUMNS))


def test_quickstart_clean_sample(tmp_path: Path) -> None:
    """On a consistent report quickstart.py exits 0."""
    result = _quickstart(str(SAMPLES / "sample-2021.txt"), str(tmp_path))

    assert result.returncode == 0, result.stderr
    assert "0 error(s)" in result.stdout


def test_samples_are_current(tmp_path: Path) -> None:
    """The committed samples are exactly what make_samples.py writes today."""
    written = samples.make_samples(tmp_path)
    committed = sorted(p.name for p in SAMPLES.iterdir() if p.is_file())

    assert sorted(p.name for p in written) == committed
    for path in written:
        assert path.read_bytes() == (SAMPLES / path.name).read_bytes(), (
            f"{path.name} is stale: run python examples/make_samples.py"
        )


@pytest.mark.parametrize(("name", "template"), LAYOUTS)
def test_samples_read_back(name: str, template: str) -> None:
    """Every layout of the sample reads back as the report it was written from, no findings."""
    report = read(SAMPLES / name)

    assert comparable(report) == comparable(samples.build_report(template))
    assert validate(report).findings == ()


def test_sample_with_error() -> None:
    """The error sample has exactly one error, at the cell that was changed."""
    result = validate(read(SAMPLES / "sample-2021-with-error.txt"))

    assert len(result.errors) == 1
    assert result.errors[0].paths[0] == "applications/granted/natural_person"
    assert result.errors[0].expected == 18
