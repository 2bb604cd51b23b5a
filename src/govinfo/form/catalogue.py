"""The cell catalogue: every cell of both formats with its key and its labels.

``govinfo rules`` prints it, ``docs/data-contract.md`` holds :func:`cells_markdown`'s
tables (a test checks that they agree).
"""

from __future__ import annotations

from govinfo.form.national import NATIONAL
from govinfo.form.spec import Form

__all__ = ["cell_catalogue", "cells_markdown"]


def cell_catalogue(form: Form = NATIONAL) -> list[dict[str, str]]:
    """One entry per cell of each format (2021 first): keys, Chinese and English labels, kind, unit."""
    rows: list[dict[str, str]] = []
    for template in ("2021", "2019"):
        for table, row, column in form.iter_cells(template):
            rows.append(
                {
                    "template": template,
                    "table": table.key,
                    "row": row.key,
                    "column": column.key,
                    "row_label": form.row_name(table.key, row.key, template),
                    "column_label": form.column_name(table.key, column.key, template),
                    "row_label_en": form.row_name(table.key, row.key, template, "en"),
                    "column_label_en": form.column_name(table.key, column.key, template, "en"),
                    "kind": column.kind,
                    "unit": column.unit or "",
                }
            )
    return rows


def cells_markdown(form: Form = NATIONAL) -> str:
    """The key ↔ label tables of ``docs/data-contract.md``."""
    out: list[str] = []
    for table in form.tables:
        out += [f"### `{table.key}` — {table.section}", ""]
        shared = len({row.columns for row in table.rows}) == 1
        if shared:
            out += ["| row | formats | label |", "|---|---|---|"]
        else:
            out += ["| row | formats | label | columns |", "|---|---|---|---|"]
        for row in table.rows:
            template = max(row.templates)
            label = form.row_name(table.key, row.key, template)
            formats = ", ".join(sorted(row.templates))
            if shared:
                out.append(f"| `{row.key}` | {formats} | {label} |")
                continue
            columns = "; ".join(
                f"`{c.key}` {form.column_name(table.key, c.key, template)}"
                + (f" ({c.kind})" if c.kind != "count" else "")
                for c in row.columns
            )
            out.append(f"| `{row.key}` | {formats} | {label} | {columns} |")
        if shared:
            first = table.rows[0]
            template = max(first.templates)
            out += ["", "| column | label |", "|---|---|"]
            for column in first.columns:
                out.append(f"| `{column.key}` | {form.column_name(table.key, column.key, template)} |")
        out.append("")
    return "\n".join(out)
