"""The long CSV: one line per cell a report has (``spec/dataset.md``).

Columns, in order (the first four are the contract's required ones):

``table,row,column,value``
    the cell's stable keys and its value as the document states it: digits for counts
    (``302``), a signed integer for 2019 changes (``-3``), a plain decimal for money
    (``1032.60994``, every digit, never exponent notation); empty when the cell holds no
    number.
``source,agency,year,template``
    the report the line comes from (file name, agency, report year, format version).
``unit``
    the cell's unit: the one the format fixes (``万元``) or the one typed into the cell
    (``元`` in ``251000元``); empty for counts.
``raw``
    the cell text as found in the document, when the report knows it.
``row_label,column_label``
    the Chinese labels as printed; group names are joined with ``·``
    (``（三）不予公开·1.属于国家秘密``, ``法人或其他组织·商业企业``).
``status``
    ``value`` (a number), ``blank`` (empty cell), ``placeholder`` (``/``, ``—``, ``无``
    …: "nothing", on purpose), ``text`` (words where a number belongs), ``invalid`` (a
    number the cell cannot hold, such as a fraction in a count; the findings say why) or
    ``ambiguous`` (a cell of a run of digits the tables' identities cannot split: blank,
    and an ``ambiguous-run`` warning lists the candidate splits).

The tables the document prints that the form does not have (``report.extras``) follow,
one line per cell of their data rows but the row labels: ``table`` is ``extra.N`` (the
N-th such table), ``row`` and ``column`` the 1-based row and column of its printed grid,
``value`` the number the cell states (digits as printed, a plain decimal), ``row_label``
the table's heading and the row's label joined with ``·``, ``column_label`` the header over
the column, ``status`` as above (``invalid``: a number beyond govinfo's limits).

A row the document does not have produces no lines. The file is UTF-8 without BOM, with
RFC 4180 quoting and ``\\r\\n`` line ends (what RFC 4180 prescribes, and what the
:mod:`csv` module writes by default); reports written by :func:`write_csv_many` share one
header line, so files of many reports concatenate into one dataset.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import IO

from govinfo.extraction.values import format_number, parse_cell
from govinfo.form import cell_label, row_spec
from govinfo.model import EXTRA_PREFIX, AnnualReport, field_name

__all__ = ["COLUMNS", "csv_rows", "write_csv", "write_csv_bytes", "write_csv_many"]

COLUMNS: tuple[str, ...] = (
    "table",
    "row",
    "column",
    "value",
    "source",
    "agency",
    "year",
    "template",
    "unit",
    "raw",
    "row_label",
    "column_label",
    "status",
)
"""The header of the long CSV."""

_STATUS = {"blank": "blank", "placeholder": "placeholder", "text": "text", "number": "invalid"}


def _status(value: int | Decimal | None, raw: str | None, ambiguous: bool = False) -> str:
    if value is not None:
        return "value"
    if ambiguous:
        return "ambiguous"
    if raw is None:
        return "blank"
    return _STATUS[parse_cell(raw).status]


def _unit(report: AnnualReport, table: str, row: str, column: str) -> str:
    spec = row_spec(table, row, report.template)
    col = next(c for c in spec.columns if c.key == column)
    if col.unit:
        return col.unit
    # A unit typed into the cell is kept next to the value (``Procurement.amount_unit``).
    table_obj = getattr(report, table, None)
    row_obj = getattr(table_obj, field_name(row), None)
    typed = getattr(row_obj, f"{column}_unit", None)
    return typed if isinstance(typed, str) else ""


def csv_rows(report: AnnualReport) -> Iterator[list[str]]:
    """Yield the long-CSV lines of one report (without the header), in printed order."""
    meta = report.metadata
    head = [
        meta.source.name or "",
        meta.agency or "",
        "" if meta.year is None else str(meta.year),
        meta.template,
    ]
    raw_by_path = {entry.path: entry.raw for entry in report.provenance}
    ambiguous = {p for f in report.findings if f.code == "ambiguous-run" for p in f.paths}
    for path, value in report.cells():
        table, row, column = path.split("/")
        raw = raw_by_path.get(path)
        # cell_label joins "row / column"; no label contains " / " itself.
        row_label, _, column_label = cell_label(table, row, column, report.template).partition(" / ")
        yield [
            table,
            row,
            column,
            format_number(value),
            *head,
            _unit(report, table, row, column),
            "" if raw is None else raw,
            row_label,
            column_label,
            _status(value, raw, path in ambiguous),
        ]
    for number, extra in enumerate(report.extras, start=1):
        for cell in extra.values(f"{EXTRA_PREFIX}{number}"):
            table, row, column = cell.path.split("/")
            yield [
                table,
                row,
                column,
                format_number(cell.value),
                *head,
                cell.unit or "",
                cell.raw,
                "·".join(part for part in (extra.heading, cell.row_label) if part),
                cell.column_label,
                cell.status,
            ]


def write_csv_many(reports: Iterable[AnnualReport], out: IO[str]) -> int:
    """Write many reports as one long CSV, header once.

    Args:
        reports: the reports, written in the order given.
        out: a text file opened with ``newline=""`` (as the :mod:`csv` module requires).

    Returns:
        The number of cell lines written (the header not counted).
    """
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    count = 0
    for report in reports:
        for line in csv_rows(report):
            writer.writerow(line)
            count += 1
    return count


def write_csv(report: AnnualReport) -> str:
    """Return one report as a long CSV document (header included)."""
    buffer = io.StringIO(newline="")
    write_csv_many([report], buffer)
    return buffer.getvalue()


def write_csv_bytes(report: AnnualReport) -> bytes:
    """Return :func:`write_csv` as UTF-8 bytes (the ``csv`` writer)."""
    return write_csv(report).encode("utf-8")
