"""The form: the two national formats as data, in one place.

Everything that knows the paper form takes it from here: the extractor (its label index),
validation (the identities), the digit-run solver (its equations), the writers (the
layout), the long CSV (the labels) and ``govinfo rules`` (the catalogue of cells and
formulas). :data:`NATIONAL` is the form of both national formats; :class:`Form` and the
classes it is made of are in :mod:`govinfo.form.spec`.

The module-level functions answer for :data:`NATIONAL`:

>>> from govinfo import form
>>> form.cell_label("applications", "denied.state_secret", "total")
'（三）不予公开·1.属于国家秘密 / 总计'
>>> form.cell_name("applications/granted/natural_person", language="en")
'Table 3, row (1) Granted, column Natural person'
>>> form.lookup("2.其他法律行政止公开")
(('applications', 'denied.prohibited_by_law'),)
"""

from __future__ import annotations

from collections.abc import Iterator

from govinfo.form.catalogue import cell_catalogue, cells_markdown
from govinfo.form.national import NATIONAL
from govinfo.form.spec import (
    LANGUAGES,
    Column,
    Form,
    GroupSpec,
    Identity,
    MetadataField,
    RowSpec,
    Section,
    TableSpec,
    Term,
)
from govinfo.form.text import normalize, strip_numbering

__all__ = [
    "LANGUAGES",
    "NATIONAL",
    "TABLES",
    "TEMPLATES",
    "Column",
    "Form",
    "GroupSpec",
    "Identity",
    "MetadataField",
    "RowSpec",
    "Section",
    "TableSpec",
    "Term",
    "cell_catalogue",
    "cell_label",
    "cell_name",
    "cells_markdown",
    "column_name",
    "iter_cell_specs",
    "lookup",
    "normalize",
    "path_order",
    "row_name",
    "row_spec",
    "strip_numbering",
    "table_spec",
]

TEMPLATES = ("2019", "2021")
"""The format versions: 国办公开办函〔2019〕60号 and 〔2021〕30号."""

TABLES: tuple[TableSpec, ...] = NATIONAL.tables
"""The three statistical tables of :data:`NATIONAL`."""


def table_spec(key: str) -> TableSpec:
    """Return the table with this key (``KeyError`` if there is none)."""
    return NATIONAL.table(key)


def row_spec(table: str, row: str, template: str) -> RowSpec:
    """Return the row of ``table`` with key ``row`` as format ``template`` prints it.

    Rows that belong to the other version only (``other`` in 2021 documents that print
    the single (六) row) are found too.
    """
    return NATIONAL.table(table).row(row, template)


def iter_cell_specs(template: str) -> Iterator[tuple[TableSpec, RowSpec, Column]]:
    """Yield every (table, row, column) the given format version prints, in order."""
    return NATIONAL.iter_cells(template)


def cell_label(table: str, row: str, column: str, template: str = "2021") -> str:
    """Return the Chinese name of a cell as a reader of the paper form would say it.

    ``cell_label("applications", "denied.state_secret", "total")`` →
    ``"（三）不予公开·1.属于国家秘密 / 总计"``.
    """
    return NATIONAL.cell_label(table, row, column, template)


def cell_name(path: str, template: str = "2021", language: str = "zh") -> str:
    """The name of a cell (or row, or table) path in Chinese or English; see :meth:`Form.cell_name`."""
    return NATIONAL.cell_name(path, template, language)


def row_name(table: str, row: str, template: str = "2021", language: str = "zh") -> str:
    """The name of a row as printed, its group included."""
    return NATIONAL.row_name(table, row, template, language)


def column_name(table: str, column: str, template: str = "2021", language: str = "zh") -> str:
    """The name of a column as printed, its group included."""
    return NATIONAL.column_name(table, column, template, language)


def lookup(text: str, table: str | None = None) -> tuple[tuple[str, str], ...]:
    """The rows a printed label names, as ``(table, row key)``; see :meth:`Form.lookup`."""
    return NATIONAL.lookup(text, table)


def path_order(path: str | None) -> int:
    """Position of a cell, row or table path in printed order (unknown paths last)."""
    return NATIONAL.path_order(path)
