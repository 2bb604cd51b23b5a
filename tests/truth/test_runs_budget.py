"""The digit-run solver works within a budget: long or many runs end undecided, not hung."""

from __future__ import annotations

import random
import time

import pytest

from govinfo.extraction import extract, rows, runs
from govinfo.extraction.runs import CELL_DIGITS, run_budget, solve_run, split_run
from govinfo.readers.flat import FlatTextReader
from govinfo.serialize import to_json

from ..readers.test_flat import T3_ROWS, crawled


def _read(text: str) -> tuple[float, list[str]]:
    """CPU seconds (a loaded machine does not make it look slow) and the finding codes."""
    started = time.process_time()
    report = extract(FlatTextReader().read(text.encode(), name="page.txt"))
    return time.process_time() - started, [f.code for f in report.findings]


def test_a_long_run_is_reported_ambiguous_within_the_budget() -> None:
    label, values = T3_ROWS[0]
    run = "".join(map(str, values))
    rng = random.Random(60)
    for extra in (20, 60, 200, 2000):
        digits = "".join(rng.choice("0123456789") for _ in range(extra))
        seconds, codes = _read(crawled().replace(label + run, label + run + digits, 1))
        assert seconds < 1.0, (extra, seconds)
        assert "ambiguous-run" in codes


def test_every_run_garbled_still_ends_in_time() -> None:
    rng = random.Random(3)
    text = "".join(c if not c.isdigit() else c * rng.randint(1, 4) for c in crawled())
    seconds, _ = _read(text)
    assert seconds < 1.5


def test_the_real_splits_stay_exact_under_the_budget() -> None:
    _, codes = _read(crawled())
    assert "ambiguous-run" not in codes


def test_no_cell_cut_from_a_run_is_longer_than_a_count() -> None:
    assert split_run(["1" * (CELL_DIGITS + 1)], ("count",)) == []
    splits = split_run(["1" * (2 * CELL_DIGITS)], ("count",) * 2)
    assert splits == [("1" * CELL_DIGITS, "1" * CELL_DIGITS)]


def test_a_run_of_thousands_of_digits_never_builds_huge_numbers() -> None:
    # int() of more than 4,300 digits raises in Python; the solver never gets there.
    result = solve_run(["7" * 5000], ("count",) * 7)
    assert result.candidates == ()


def test_a_spent_document_budget_leaves_the_rest_undecided() -> None:
    with run_budget(10, None):
        result = solve_run(["1" * 30], ("count",) * 7)
    assert not result.decided
    assert result.agreed(7) == (None,) * 7


def test_non_ascii_digits_are_not_digits_of_a_run() -> None:
    result = solve_run(["٣٣"], ("count",) * 2)
    assert result.candidates == ()


def test_a_busy_machine_reads_a_document_as_a_quiet_one_does(monkeypatch: pytest.MonkeyPatch) -> None:
    # The budget counts work, not time: with a clock that races ahead (a machine so busy
    # that every search step takes a second), the same runs are split the same way.
    rng = random.Random(5)
    text = "".join(c if not c.isdigit() else c * rng.randint(1, 2) for c in crawled())
    quiet = to_json(extract(FlatTextReader().read(text.encode(), name="page.txt")))
    clock = iter(range(10**9))
    monkeypatch.setattr(runs.time, "monotonic", lambda: float(next(clock)))
    busy = to_json(extract(FlatTextReader().read(text.encode(), name="page.txt")))
    assert busy == quiet
    # With a deadline, the same clock would have left runs undecided: the test bites.
    monkeypatch.setattr(rows, "run_budget", lambda: runs.run_budget(seconds=0.25))
    hurried = to_json(extract(FlatTextReader().read(text.encode(), name="page.txt")))
    assert hurried != quiet
