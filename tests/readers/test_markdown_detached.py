"""Markdown conversions whose row labels came loose from their values (PDF-to-Markdown tools).

The documents are written here from generated reports: table 3 as pipe tables, with some
rows printed the way 014 prints them — their labels as lines of their own, stacked, and
their values as table rows without a label cell, before or after the labels.
"""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import given
from hypothesis import strategies as st

import govinfo
from govinfo.extraction.tokens import classify, vocabulary
from govinfo.form.text import normalize
from govinfo.model import AnnualReport
from govinfo.testing import reports
from govinfo.writers._layout import LayoutTable, grid, write_lines

RowsFilter = Callable[[str], bool]


def _value_path(row: list[str | None]) -> str | None:
    return next((p for p in row if p is not None), None)


def _markdown(report: AnnualReport, detached: RowsFilter, *, values_first: bool = False, lose: int = 0) -> str:
    """``report`` as Markdown; the table-3 rows ``detached`` picks lose their label cells.

    ``lose``: how many of the detached value rows (from the first) are not printed at all.
    """
    lost = [lose]

    def table_lines(table: LayoutTable) -> list[str]:
        lines: list[str] = [] if table.key == "metadata" else [f"## {table.key}"]
        labels: list[str] = []
        values: list[str] = []

        def flush() -> None:
            if not labels:
                return
            kept = values[lost[0] :]
            lost[0] = max(0, lost[0] - len(values))
            parts = [["", *labels, ""], ["| " + " | ".join(v) + " |" for v in kept]]
            for part in reversed(parts) if values_first else parts:
                lines.extend(part)
                lines.append("")
            labels.clear()
            values.clear()

        for number, row in enumerate(grid(table)):
            texts = [slot.text for slot in row if not slot.spanned]
            path = _value_path([slot.cell.path for slot in row])
            row_path = path.rsplit("/", 1)[0] if path else None
            if table.key == "applications" and row_path and detached(row_path):
                label = next(s.text for s in reversed(row) if s.cell.path is None and not s.spanned)
                labels.append(label)
                values.append([s.text for s in row if s.cell.path is not None])
                continue
            flush()
            lines.append("| " + " | ".join(texts) + " |")
            if number == 0:
                lines.append("|" + "---|" * len(texts))
        flush()
        return [*lines, ""]

    return write_lines(report, table_lines)


def _read(text: str) -> AnnualReport:
    return govinfo.read(text.encode("utf-8"), name="converted.md", format="markdown")


def _applications(report: AnnualReport) -> dict[str, object]:
    return {path: value for path, value in report.cells() if path.startswith("applications/")}


@given(report=reports("2021", blanks=False, narrative=False), first=st.integers(3, 14), count=st.integers(1, 5))
def test_stacked_labels_take_their_rows_in_order(report: AnnualReport, first: int, count: int) -> None:
    """Labels printed apart from their value rows still get every value of their row."""
    rows = [p.rsplit("/", 1)[0] for p in _applications(report)]
    order = list(dict.fromkeys(rows))
    chosen = set(order[first : first + count])
    for values_first in (False, True):
        read = _read(_markdown(report, chosen.__contains__, values_first=values_first))
        assert _applications(read) == _applications(report)
        assert not [f for f in read.findings if f.severity == "error"]


@given(report=reports("2021", blanks=False, narrative=False))
def test_a_row_under_two_stacked_labels_is_reported_not_given_to_either(report: AnnualReport) -> None:
    """Two labels stacked over one row: which label lost its values is not known."""
    chosen = {"applications/denied.third_party_rights", "applications/denied.internal_affairs"}
    read = _read(_markdown(report, chosen.__contains__, lose=1))
    for row in chosen:
        assert not [p for p, v in read.cells() if p.startswith(row + "/") and v is not None]
    codes = {f.code for f in (*read.findings, *govinfo.validate(read).findings) if f.severity == "error"}
    assert {"too-few-values", "unplaced-value"} <= codes


@given(report=reports("2021", blanks=False, narrative=False))
def test_a_label_right_over_its_row_keeps_it_when_another_lost_its_own(report: AnnualReport) -> None:
    """One detached label without values does not make the next one give up its row."""
    chosen = {"applications/denied.internal_affairs", "applications/unavailable.not_held"}
    read = _read(_markdown(report, chosen.__contains__, lose=1))
    cells = dict(read.cells())
    lost, kept = "applications/denied.internal_affairs", "applications/unavailable.not_held"
    assert all(v is None for p, v in cells.items() if p.startswith(lost + "/"))
    assert {p: v for p, v in cells.items() if p.startswith(kept + "/")} == {
        p: v for p, v in report.cells() if p.startswith(kept + "/")
    }
    assert "too-few-values" in {f.code for f in read.findings}


def test_a_group_label_interleaved_with_its_first_sub_item_names_the_sub_item() -> None:
    """``（四）无`` / ``2.没有现成信息需要另`` / ``法提供`` / ``行制作`` read line by line."""
    vocab = vocabulary()
    interleaved = normalize("（四）无2.没有现成信息需要另法提供行制作")
    assert classify(interleaved, False, vocab)[:2] == ("row", "applications/unavailable.needs_creation")
    # Not every text that opens like a group label is one of its sub-items.
    assert classify(normalize("（四）无其他说明"), False, vocab)[0] == "text"
    assert classify(normalize("（四）无法提供"), False, vocab)[:2] == ("group", "unavailable")


_APPEALS = (
    "四、政府信息公开行政复议、行政诉讼情况\n\n"
    "行政复议行政诉讼\n\n未经复议直接起诉复议后起诉\n\n"
    "| 维持 | 纠正 | 结果 | 审结 | 结果 | 结果 | 其他 | 尚未 | 结果 | 结果 | 其他 | 尚未 |\n"
    "|---|---|---|---|---|---|---|---|---|---|---|---|\n"
    "| {values} |\n\n五、存在的主要问题及改进情况\n\n无。\n"
)


def test_table_4_with_garbled_header_bands_is_read_from_its_one_full_row() -> None:
    """The header cells came out as lines of text; the 15 values of the data row remain."""
    values = [1, 0, 0, 0, 1, 2, 1, 0, 0, 3, 0, 0, 0, 1, 1]
    report = _read(_APPEALS.format(values=" | ".join(map(str, values))))
    appeals = [v for p, v in report.cells() if p.startswith("appeals/")]
    assert appeals == values
    assert "missing-table" not in {f.code for f in report.findings if "appeals" in f.paths}


def test_table_4_with_a_short_data_row_is_not_guessed() -> None:
    """Fourteen values under garbled headers: which one is missing is not known."""
    report = _read(_APPEALS.format(values=" | ".join(["1"] * 14)))
    assert not [v for p, v in report.cells() if p.startswith("appeals/") and v is not None]
    assert "missing-table" in {f.code for f in report.findings}
