"""The digit-run solver works within a budget: long or many runs end undecided, not hung."""

from __future__ import annotations

import random
import time

from govinfo.extraction import extract
from govinfo.extraction.runs import CELL_DIGITS, DOCUMENT_SECONDS, run_budget, solve_run, split_run
from govinfo.readers.flat import FlatTextReader

from ..readers.test_flat import T3_ROWS, crawled


def _read(text: str) -> tuple[float, list[str]]:
    started = time.monotonic()
    report = extract(FlatTextReader().read(text.encode(), name="page.txt"))
    return time.monotonic() - started, [f.code for f in report.findings]


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
    assert seconds < 2 * DOCUMENT_SECONDS + 0.5


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
