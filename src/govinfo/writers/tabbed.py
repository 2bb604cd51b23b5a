"""Writing a report in the tab-delimited text layout that :class:`TabbedTextReader` reads.

The layout of seed 004: headings and paragraphs as plain lines; each table cell on a
line of its own behind a tab (``\\t0``, a blank value as a lone tab); a blank line after
each row. Where a merged cell from a row above reaches down, the row holds one empty
cell in its place; where a cell reaches across, nothing. The metadata grid is one line, and
so is each row of a table the form does not have (``report.extras``).
"""

from __future__ import annotations

from govinfo.model import AnnualReport
from govinfo.writers._layout import LayoutTable, extra_rows, grid, is_extra, write_lines

__all__ = ["write_tabbed", "write_tabbed_bytes"]


def write_tabbed(report: AnnualReport) -> str:
    """Return ``report`` in the tab-delimited text layout."""
    return write_lines(report, _table_lines, layout_name="tab-delimited text")


def write_tabbed_bytes(report: AnnualReport) -> bytes:
    """Return ``report`` in the tab-delimited text layout, UTF-8 encoded."""
    return write_tabbed(report).encode("utf-8")


def _table_lines(table: LayoutTable) -> list[str]:
    if is_extra(table):
        # A table the form lacks: a row per line, its cells behind tabs, a blank line after.
        return [line for texts in extra_rows(table) for line in ("".join(f"\t{t}" for t in texts), "")]
    lines: list[str] = []
    for row in grid(table):
        cells: list[str] = []
        previous = None
        for slot in row:
            if not slot.spanned:
                cells.append(slot.text)
            elif slot.rowspanned and slot.cell is not previous:
                cells.append("")  # a cell from above: one empty cell, however wide
            previous = slot.cell
        if table.key == "metadata":
            lines.append("".join(f"\t{text}" for text in cells))
        else:
            lines.extend(f"\t{text}" for text in cells)
        lines.append("")
    return lines
