"""Documents the project writes itself, then alters: one cell replaced or deleted, cells merged.

Every layout is written by govinfo's own writers (Markdown from the same printed layout,
:func:`markdown`); the alteration is made on the bytes, at a marker value put in the cell
to alter, so it lands exactly on that cell whatever the layout prints around it.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Mapping, Sequence
from unittest import mock

import attrs

from govinfo.model import AnnualReport
from govinfo.writers import write
from govinfo.writers._layout import Heading, LayoutBlock, LayoutTable, Para, grid, layout

__all__ = ["LAYOUTS", "MARKER", "altered", "altered_cells", "document", "markdown", "merged", "merged_layout"]

LAYOUTS = ("text", "tabbed", "html", "docx", "markdown")
"""The printed layouts, by reader name."""
MARKER = 97531
"""Markers are ``MARKER * 100 + i``: values no generated report holds (they stay below 10⁶)."""


def markdown(report: AnnualReport) -> bytes:
    """``report`` as a Markdown file: the printed layout, each grid row one pipe-table row."""
    out: list[str] = []
    for block in layout(report):
        if isinstance(block, Heading):
            out.append(("# " if block.level == 1 else "## ") + block.text)
        elif isinstance(block, Para):
            out.append(block.text)
        else:
            rows = grid(block)
            out.append("")
            for i, row in enumerate(rows):
                out.append("| " + " | ".join("" if s.spanned else s.cell.text for s in row) + " |")
                if i == 0:
                    out.append("|" + "---|" * len(row))
            out.append("")
    return ("\n".join(out) + "\n").encode("utf-8")


def document(report: AnnualReport, fmt: str) -> bytes:
    """``report`` written in the layout ``fmt`` (one of :data:`LAYOUTS`)."""
    return markdown(report) if fmt == "markdown" else write(report, fmt)


def _in_docx(data: bytes, change: Callable[[bytes], bytes]) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            member = source.read(info)
            target.writestr(info, change(member) if info.filename == "word/document.xml" else member)
    return out.getvalue()


def _cell_pattern(fmt: str, marker: bytes) -> tuple[bytes, bytes]:
    """(regex of the marker's whole cell, what replaces the cell when it is deleted)."""
    m = re.escape(marker)
    if fmt == "text":
        return rb"(?m)^" + m + rb" \|[^\n]*\n", b""
    if fmt == "tabbed":
        return rb"(?m)^\t" + m + rb"\n", b""
    if fmt == "markdown":
        return rb" " + m + rb" \|", b""
    if fmt == "html":
        return rb"<td[^>]*>" + m + rb"</td>", b""
    return rb"<w:tc>(?:(?!<w:tc>).)*?<w:t[^>]*>" + m + rb"</w:t>.*?</w:tc>", b""


def altered(report: AnnualReport, path: str, fmt: str, text: str | None) -> bytes:
    """``report`` in layout ``fmt`` with the cell ``path`` holding ``text``, or deleted (``None``).

    Deleting removes the cell itself (not its row): the cells after it move up one place,
    as when a cell is lost in an export. In the pipe text, the padding pipes a deleted
    row-ending cell carried stay on the line before.
    """
    return altered_cells(report, {path: text}, fmt)


def altered_cells(report: AnnualReport, changes: Mapping[str, str | None], fmt: str) -> bytes:
    """``report`` in layout ``fmt`` with each cell of ``changes`` holding its text, or deleted."""
    markers = {path: str(MARKER * 100 + i).encode() for i, path in enumerate(changes)}
    marked = report.with_cells({path: int(m) for path, m in markers.items()})
    data = document(marked, fmt)

    def change(raw: bytes) -> bytes:
        for path, marker in markers.items():
            assert raw.count(marker) == 1, f"the marker of {path} is not in exactly one cell of the {fmt} layout"
            raw = _change(raw, marker, changes[path], fmt)
        return raw

    return _in_docx(data, change) if fmt == "docx" else change(data)


def _change(raw: bytes, marker: bytes, text: str | None, fmt: str) -> bytes:
    if text is not None:
        return raw.replace(marker, text.encode("utf-8"))
    if fmt == "text":
        # Keep the row-ending pipes a deleted last cell carried ("0 | ||").
        line = re.search(rb"(?m)^" + re.escape(marker) + rb" \|([^\n]*)\n", raw)
        assert line is not None
        start, end = line.span()
        tail = line.group(1).strip()
        if tail:
            return raw[:start].rstrip(b"\n") + b" " + tail + b"\n" + raw[end:]
        return raw[:start] + raw[end:]
    pattern, replacement = _cell_pattern(fmt, marker)
    new, count = re.subn(pattern, replacement, raw, count=1, flags=re.DOTALL)
    assert count == 1, f"no cell holds the marker in the {fmt} layout"
    return new


def merged_layout(report: AnnualReport, table: str, rows: Sequence[str]) -> list[LayoutBlock]:
    """The printed layout of ``report`` with the value cells of ``rows[0]`` merged down over ``rows``.

    The first row's value cells get ``rowspan=len(rows)``, the other rows keep their
    labels only: a CMS table printing one value for several sub-rows.
    """
    first, others = f"{table}/{rows[0]}/", tuple(f"{table}/{row}/" for row in rows[1:])
    out: list[LayoutBlock] = []
    for block in layout(report):
        if isinstance(block, LayoutTable) and block.key == table:
            new_rows = []
            for cells in block.rows:
                kept = []
                for cell in cells:
                    if cell.path is not None and cell.path.startswith(others):
                        continue
                    if cell.path is not None and cell.path.startswith(first):
                        cell = attrs.evolve(cell, rowspan=len(rows))
                    kept.append(cell)
                new_rows.append(tuple(kept))
            block = attrs.evolve(block, rows=tuple(new_rows))
        out.append(block)
    return out


def merged(report: AnnualReport, table: str, rows: Sequence[str], fmt: str) -> bytes:
    """``report`` written as ``fmt`` (``html`` or ``docx``) with :func:`merged_layout`'s merge."""
    blocks = merged_layout(report, table, rows)
    module = {"html": "govinfo.writers.html", "docx": "govinfo.writers.docx"}[fmt]
    with mock.patch(f"{module}.layout", return_value=blocks):
        return write(report, fmt)
