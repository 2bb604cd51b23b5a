"""Cells of an unsplit run are unknown, not blank: relations over them hold, fail or stay undecided."""

from __future__ import annotations

import attrs
from hypothesis import given, settings

from govinfo.api import read
from govinfo.model import AnnualReport, Undecided
from govinfo.serialize import from_json, to_json
from govinfo.validation import validate

from ..readers.test_flat import flatten
from ..strategies import reports
from .test_crashes import zero_report

GRANTED = "applications/granted"
OPEN = (f"{GRANTED}/natural_person", f"{GRANTED}/commercial")


def _granted(splits: tuple[tuple[str, ...], ...]) -> AnnualReport:
    """A zero report whose 予以公开 row prints 总计 30, two of its cells unknown between ``splits``."""
    consistent = {
        f"applications/{row}/{column}": value
        for row in ("new_received", "granted", "results_total")
        for column, value in (("natural_person", 20), ("commercial", 10), ("total", 30))
    }
    report = zero_report().with_cells(consistent).with_cells({OPEN[0]: None, OPEN[1]: None})
    return attrs.evolve(report, undecided=(Undecided(OPEN, splits),))


def _errors(report: AnnualReport) -> list[str]:
    return [f.code for f in validate(report).errors]


def test_relations_that_hold_under_every_split_are_not_errors() -> None:
    # 20+10 and 20+10 again (the same split twice over different cells' candidates).
    assert _errors(_granted((("20", "10"),))) == []
    assert _errors(_granted((("20", "10"), ("20", "10")))) == []


def test_relations_that_hold_under_some_splits_are_undecided_not_errors() -> None:
    # Under (2, 7) the row does not add up, under (20, 10) it does: not decided, no error;
    # blanks counted as 0 would have said the row total fails.
    assert _errors(_granted((("2", "7"), ("20", "10")))) == []
    blank = attrs.evolve(_granted((("2", "7"), ("20", "10"))), undecided=())
    assert "row-total" in _errors(blank) or "inconsistent-cell" in _errors(blank)


def test_a_relation_failing_whatever_the_split_is_an_error_that_says_so() -> None:
    report = _granted((("2", "7"), ("27", "0")))  # 9 or 27, never 30
    row = [f for f in validate(report).errors if f.code == "row-total"]
    assert row
    assert OPEN[0] in row[0].paths
    assert "无论如何拆分" in row[0].message
    assert "whichever way" in row[0].message_en


def test_a_cell_given_a_value_later_is_no_longer_unknown() -> None:
    report = _granted((("2", "7"), ("27", "0"))).with_cells({OPEN[0]: 20, OPEN[1]: 10})
    assert _errors(report) == []


def test_undecided_cells_round_trip_through_json_and_are_omitted_when_none() -> None:
    report = _granted((("2", "7"), ("20", "10")))
    assert from_json(to_json(report)) == report
    assert '"undecided"' not in to_json(zero_report())


@settings(max_examples=40, deadline=None)
@given(reports(blanks=False))
def test_a_consistent_crawled_report_has_no_arithmetic_error(report: AnnualReport) -> None:
    """Whatever the crawler ran together: no error finding, the true split among the candidates."""
    back = read(flatten(report).encode(), name="page.txt")
    assert [f.code for f in validate(back).errors] == []
    truth = dict(report.cells())
    for entry in back.undecided:
        if entry.splits:
            printed = tuple(str(truth[p]) for p in entry.paths)
            assert printed in entry.splits, (entry, printed)


def test_a_run_that_lost_a_blank_cell_is_not_an_error_whatever_the_split() -> None:
    """Regression: 12|blank|0|0|0|0|12 runs together as 12000012; no split of it holds, so no
    candidate is known to be the truth and no relation over it is said to fail whatever the split."""
    consistent = {
        f"applications/{row}/{column}": value
        for row in ("new_received", "granted", "results_total")
        for column, value in (("natural_person", 12), ("total", 12))
    }
    report = zero_report().with_cells(consistent).with_cells({f"{GRANTED}/commercial": None})
    back = read(flatten(report).encode(), name="page.txt")
    assert not [f for f in validate(back).findings if "whichever" in f.message_en]
    assert all(
        not entry.splits for entry in back.undecided if f"{GRANTED}/total" in entry.paths or OPEN[0] in entry.paths
    )


def test_malformed_undecided_json_is_a_serialize_error() -> None:
    import json

    import pytest

    from govinfo.errors import SerializeError

    data = json.loads(to_json(_granted((("2", "7"), ("20", "10")))))
    bad = [
        {"paths": list(OPEN), "splits": ["27"]},  # a string is not a split
        {"paths": "abc"},
        {"paths": ["zzz"]},
        {"paths": ["applications/nope/total"]},
        {"paths": [OPEN[0], OPEN[0]]},
        {"paths": [OPEN[0]], "splits": [["9" * 5000]]},  # beyond any cell
        {"paths": [OPEN[0]], "splits": [["1", "2"]]},  # wrong length
        {"paths": [OPEN[0]], "splits": [["-1"]]},
        {"paths": [OPEN[0]], "other": 1},
    ]
    for entry in bad:
        with pytest.raises(SerializeError, match=r"\$"):
            from_json(json.dumps({**data, "undecided": [entry]}))
    with pytest.raises(SerializeError, match="two runs"):
        from_json(json.dumps({**data, "undecided": [{"paths": [OPEN[0]]}, {"paths": [OPEN[0]]}]}))
