"""govinfo.testing: the strategies and the round-trip check plugin authors call."""

from __future__ import annotations

import subprocess
import sys

import attrs
import pytest
from hypothesis import given, settings

from govinfo.errors import WriteError
from govinfo.model import AnnualReport
from govinfo.registry import Registry
from govinfo.testing import assert_round_trip, comparable, reports
from govinfo.writers import FunctionWriter, write
from govinfo.writers.text import write_text_bytes

from .helpers import example_module

samples = example_module("make_samples")


def test_builtin_layouts_round_trip() -> None:
    """The check passes for a built-in writer, by name, with detection choosing the reader."""
    assert_round_trip("tabbed", max_examples=5)
    assert_round_trip("text", "text", report=samples.build_report("2019"))


@settings(max_examples=5)
@given(report=reports(template="2021"))
def test_inside_given_with_a_function(report: AnnualReport) -> None:
    """Inside a test's own @given the drawn report is passed; a plain function is a writer."""
    assert_round_trip(write_text_bytes, "text", report=report)


def test_a_lossy_writer_fails_naming_the_cell() -> None:
    """A writer that changes a cell fails the check, and the message names the cell and both values."""
    report = samples.build_report("2021")

    def off_by_one(r: AnnualReport) -> bytes:
        value = r.get("appeals/review/total")
        return write(r.with_cell("appeals/review/total", (value or 0) + 1), "text")

    with pytest.raises(AssertionError, match=r"appeals/review/total: wrote \d+, read \d+") as info:
        assert_round_trip(FunctionWriter("lossy", off_by_one, extension=".txt"), report=report)
    assert "writer 'lossy' → the detected reader 'text'" in str(info.value)


def test_generated_failures_are_found() -> None:
    """Without a report the check draws reports itself, and finds a writer that drops the narrative."""
    writer = FunctionWriter("no-narrative", lambda r: write(attrs.evolve(r, narrative=type(r.narrative)()), "text"))

    with pytest.raises(AssertionError, match="narrative"):
        assert_round_trip(writer, "text", max_examples=20)


def test_normalize_and_an_unregistered_reader() -> None:
    """A reader object needs no registration; ``normalize`` says what a lossy format must keep."""

    class TextOnly:
        name = "mine"
        extensions = (".mine",)

        def sniff(self, data: bytes, name: str | None = None) -> float:
            return 0.0

        def read(self, data: bytes, *, name: str | None = None) -> AnnualReport:
            return AnnualReport()

    report = samples.build_report("2021")
    assert_round_trip("json", TextOnly(), report=AnnualReport())
    with pytest.raises(AssertionError):
        assert_round_trip("json", TextOnly(), report=report)
    assert_round_trip("json", TextOnly(), report=report, normalize=lambda r: r.template)
    assert comparable(report) == comparable(attrs.evolve(report, provenance=()))


def test_unknown_writer_name() -> None:
    """A writer name the registry does not have is the registry's WriteError."""
    with pytest.raises(WriteError, match="no writer named 'nope'"):
        assert_round_trip("nope", registry=Registry(entry_points=False))


def test_without_hypothesis_the_import_error_says_what_to_install() -> None:
    """Importing govinfo.testing without Hypothesis names the extra to install."""
    code = (
        "import sys\n"
        "sys.modules['hypothesis'] = None\n"
        "try:\n"
        "    import govinfo.testing\n"
        "except ImportError as exc:\n"
        "    print(exc)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)

    assert "pip install 'govinfo[test]'" in result.stdout
