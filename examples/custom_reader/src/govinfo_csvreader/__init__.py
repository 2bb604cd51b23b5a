"""A govinfo plugin for govinfo's own long CSV (``govinfo convert FILE --to csv``).

The long CSV is already structured (one line per cell: ``table,row,column,value,...``),
so :meth:`LongCsvReader.read` returns an :class:`~govinfo.model.AnnualReport` directly
instead of a :class:`~govinfo.document.Document`; govinfo then skips extraction.
:class:`CellsCsvWriter` writes the compact variant: only the columns the reader needs.

Both are registered through the entry points in this package's ``pyproject.toml``::

    [project.entry-points."govinfo.readers"]
    csv = "govinfo_csvreader:LongCsvReader"

    [project.entry-points."govinfo.writers"]
    cells = "govinfo_csvreader:CellsCsvWriter"

Known limits: one report per file (a batch CSV must be split by ``source`` first); the
narrative and the title are not in the CSV and so are not in the report.
"""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal, InvalidOperation

import attrs

from govinfo.document import Location
from govinfo.errors import ReadError
from govinfo.labels import row_spec
from govinfo.model import AnnualReport, CellSource, Metadata, field_name
from govinfo.writers.csv import COLUMNS, csv_rows

__all__ = ["CellsCsvWriter", "LongCsvReader"]

HEADER = ("table", "row", "column", "value")
CELLS_COLUMNS = (*HEADER, "agency", "year", "template", "unit")
"""The columns of the compact CSV: the cell, the report it belongs to, the cell's unit."""
_INTEGER = re.compile(r"[+-]?\d+")


class LongCsvReader:
    """Read one report from a long CSV written by govinfo."""

    name = "csv"
    extensions: tuple[str, ...] = (".csv",)

    def sniff(self, data: bytes, name: str | None = None) -> float:
        """Return 1.0 when the input starts with the long CSV's header, else 0.0."""
        head = data[:64]
        if head.startswith(b"\xef\xbb\xbf"):
            head = head[3:]
        return 1.0 if head.startswith(b"table,row,column,value") else 0.0

    def read(self, data: bytes, *, name: str | None = None) -> AnnualReport:
        """Read the CSV into a report.

        Raises:
            ReadError: the input is not UTF-8, lacks a required column, names a cell the
                format does not have, holds a value that does not fit its cell, or holds
                more than one report.
        """
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise self._error(f"not UTF-8 ({exc.reason})", name, f"byte {exc.start}") from exc
        lines = csv.DictReader(io.StringIO(text, newline=""))
        missing = [column for column in HEADER if column not in (lines.fieldnames or [])]
        if missing:
            raise self._error(f"not a long CSV: no column {', '.join(missing)}", name, "line 1")

        report: AnnualReport | None = None
        identity: tuple[str, ...] | None = None
        provenance: list[CellSource] = []
        units: dict[str, str] = {}
        for line in lines:
            where = f"line {lines.line_num}"
            this = tuple(line.get(k) or "" for k in ("source", "agency", "year", "template"))
            if report is None:
                identity = this
                report = AnnualReport(metadata=self._metadata(*this[1:], name=name, where=where))
            elif this != identity:
                raise self._error("the file holds more than one report (split it by source first)", name, where)
            path = f"{line['table']}/{line['row']}/{line['column']}"
            value = self._value(line, report.template, name, where)
            try:
                report = report.with_cell(path, value)
            except KeyError:
                raise self._error(f"no cell {path} in a {report.template} report", name, where) from None
            location = Location(line=lines.line_num)
            provenance.append(CellSource(path, line.get("raw") or "", location))
            if line.get("unit"):
                units[path] = line["unit"]
        if report is None:
            raise self._error("the CSV has no cells", name, "line 2")
        report = _with_units(report, units)
        return attrs.evolve(report, provenance=tuple(provenance))

    # -- helpers -------------------------------------------------------------------------

    def _error(self, message: str, name: str | None, where: str) -> ReadError:
        return ReadError(message, source=name, location=where, reader=self.name)

    def _metadata(self, agency: str, year: str, template: str, *, name: str | None, where: str) -> Metadata:
        template = template or "2021"
        if template not in ("2019", "2021"):
            raise self._error(f"unknown template {template!r}", name, where)
        if year and not year.isdigit():
            raise self._error(f"the year {year!r} is not a number", name, where)
        return Metadata(agency=agency or None, year=int(year) if year else None, template=template)

    def _value(self, line: dict[str, str], template: str, name: str | None, where: str) -> int | Decimal | None:
        text = line["value"].strip()
        if not text:
            return None
        try:
            spec = row_spec(line["table"], line["row"], template)
            kind = next(c.kind for c in spec.columns if c.key == line["column"])
        except (KeyError, StopIteration):
            path = f"{line['table']}/{line['row']}/{line['column']}"
            raise self._error(f"no cell {path} in a {template} report", name, where) from None
        if kind == "decimal":
            try:
                number = Decimal(text)
            except InvalidOperation:
                number = Decimal("NaN")
            if number.is_finite():
                return number
        elif _INTEGER.fullmatch(text):
            return int(text)
        raise self._error(f"{text!r} is not a {kind} value", name, where)


class CellsCsvWriter:
    """Write the compact long CSV: one line per cell, only the columns in :data:`CELLS_COLUMNS`.

    The labels, raw text and status of the full long CSV are left out, which makes a
    dataset about half the size; :class:`LongCsvReader` reads it back.
    """

    name = "cells"
    extension = ".csv"
    binary = False

    def write(self, report: AnnualReport) -> bytes:
        """Return the report's cells as UTF-8 CSV, header first."""
        keep = [COLUMNS.index(column) for column in CELLS_COLUMNS]
        buffer = io.StringIO(newline="")
        out = csv.writer(buffer)
        out.writerow(CELLS_COLUMNS)
        out.writerows([line[i] for i in keep] for line in csv_rows(report))
        return buffer.getvalue().encode("utf-8")


def _with_units(report: AnnualReport, units: dict[str, str]) -> AnnualReport:
    """Keep units typed into cells (``251000元``) where the model has a place for them."""
    for path, unit in units.items():
        table, row, column = path.split("/")
        table_obj = getattr(report, table)
        row_obj = getattr(table_obj, field_name(row))
        unit_field = f"{column}_unit"
        if unit_field in attrs.fields_dict(type(row_obj)):
            row_obj = attrs.evolve(row_obj, **{unit_field: unit})
            table_obj = attrs.evolve(table_obj, **{field_name(row): row_obj})
            report = attrs.evolve(report, **{table: table_obj})
    return report
