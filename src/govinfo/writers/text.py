"""Writing a report in the pipe-delimited text layout that :class:`PipeTextReader` reads.

The layout of the plain-text exports in the wild (seeds 000–003): headings and
paragraphs as plain lines; each table cell on a line of its own as ``text |``; after the
last cell of a row, one padding pipe per grid position the row loses to merged cells
(``0 | ||``). A blank value is a line holding a single ``|``. A table the form does not
have (``report.extras``) is printed a row per line (``信息处理费 | 2 | 380 | |``). The metadata grid, where
the report has one, is printed one row per line (``索引号： | … | 发布日期： | … |``).

The layout has no escape: a narrative line that itself ends in ``|`` (a web page's
footer such as ``使用帮助 | 联系我们 |`` taken into the narrative) would read back as a row
of cells, so the writer refuses such a report with a :class:`~govinfo.errors.WriteError`.
"""

from __future__ import annotations

from govinfo.model import AnnualReport
from govinfo.writers._layout import LayoutTable, extra_rows, grid, is_extra, write_lines

__all__ = ["write_text", "write_text_bytes"]


def write_text(report: AnnualReport) -> str:
    """Return ``report`` in the pipe-delimited text layout."""
    return write_lines(report, _table_lines, layout_name="pipe text", unprintable=_cell_like)


def _cell_like(text: str) -> str | None:
    if text.strip().endswith("|"):
        return "it ends in '|', which this layout reads as a table cell"
    return None


def write_text_bytes(report: AnnualReport) -> bytes:
    """Return ``report`` in the pipe-delimited text layout, UTF-8 encoded."""
    return write_text(report).encode("utf-8")


def _table_lines(table: LayoutTable) -> list[str]:
    if is_extra(table):
        return [_extra_line(texts) for texts in extra_rows(table)]
    lines: list[str] = []
    for row in grid(table):
        texts = [slot.text for slot in row if not slot.spanned]
        padding = len(row) - len(texts)
        if table.key == "metadata":
            lines.append(" | ".join(texts) + " |" + " " * bool(padding) + "|" * padding)
            continue
        for text in texts[:-1]:
            lines.append(f"{text} |" if text else "|")
        last = texts[-1] if texts else ""
        if last:
            lines.append(f"{last} |" + (" " + "|" * padding if padding else ""))
        else:
            # A lone "|" is a blank cell that already ends the row; a single padding
            # pipe on its own line would read as another blank cell, so it is dropped.
            if texts:
                lines.append("|")
            if padding >= 2:
                lines.append("|" * padding)
    return lines


def _extra_line(texts: list[str]) -> str:
    """A row of a table the form lacks, whole on one line, ended by one padding pipe.

    The padding ends the row however few of its cells hold text; an empty first cell is
    kept by a leading pipe (which the reader drops as a delimiter).
    """
    return ("| " if not texts[0] else "") + " | ".join(texts) + " | |"
