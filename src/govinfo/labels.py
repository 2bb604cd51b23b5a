"""Deprecated: the form moved to :mod:`govinfo.form` (kept importable for one release).

The names of 0.1 are still here, taken from :data:`govinfo.form.NATIONAL`.
"""

from __future__ import annotations

from govinfo.form import (
    NATIONAL,
    TABLES,
    Column,
    RowSpec,
    TableSpec,
    cell_label,
    iter_cell_specs,
    normalize,
    row_spec,
    strip_numbering,
    table_spec,
)
from govinfo.form.national import ACTIVE_ROWS, APPEAL_COLUMNS, APPEAL_ROWS, APPLICANT_COLUMNS, APPLICATION_ROWS

__all__ = [
    "ACTIVE_CAPTIONS",
    "ACTIVE_HEADER",
    "ACTIVE_ROWS",
    "APPEAL_COLUMNS",
    "APPEAL_ROWS",
    "APPLICANT_COLUMNS",
    "APPLICANT_HEADER",
    "APPLICATIONS_NOTE",
    "APPLICATION_GROUPS",
    "APPLICATION_ROWS",
    "METADATA_LABELS",
    "ORG_HEADER",
    "SECTIONS",
    "TABLES",
    "Column",
    "RowSpec",
    "TableSpec",
    "cell_label",
    "iter_cell_specs",
    "normalize",
    "row_spec",
    "strip_numbering",
    "table_spec",
]

_APPS = table_spec("applications")
APPLICATION_GROUPS: dict[str, str] = {g.key: g.label for g in _APPS.groups}
APPLICATIONS_NOTE: str = _APPS.note or ""
APPLICANT_HEADER: str = _APPS.header or ""
ORG_HEADER: str = _APPS.column_groups["org"][0]
ACTIVE_HEADER: str = table_spec("active").row_header or ""
ACTIVE_CAPTIONS: dict[str, str] = {r.key: r.caption or "" for r in ACTIVE_ROWS}
METADATA_LABELS: dict[str, str] = {field.key: field.label for field in NATIONAL.metadata}
SECTIONS: tuple[tuple[str, str], ...] = tuple((s.key, s.label) for s in NATIONAL.sections)
