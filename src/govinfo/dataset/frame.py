"""pandas DataFrames of reports (extra ``pandas``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from govinfo.errors import GovinfoError
from govinfo.model import AnnualReport

__all__ = ["PANDAS_HINT", "to_frame"]

PANDAS_HINT = "pip install 'govinfo[pandas]'"


def _reports(items: Iterable[Any]) -> list[AnnualReport]:
    out = []
    for item in items:
        report = getattr(item, "report", item)  # a ReadResult or an Outcome: its report, if any
        if isinstance(report, AnnualReport):
            out.append(report)
    return out


def to_frame(reports: Iterable[Any], what: str = "cells", *, agency_ids: Any = None) -> Any:
    """Return a pandas DataFrame of the reports' cells (the long CSV) or findings.

    Args:
        reports: reports, or :func:`govinfo.read_many` results (unreadable ones skipped).
        what: ``"cells"``: the columns of the long CSV, with ``value`` typed: ``int``
            for counts and 2019 changes, :class:`decimal.Decimal` for money (exact, never
            a float), ``None`` for a cell without a number (an ``object`` column), and
            ``year`` a nullable ``Int64``. ``"findings"``: the columns of the findings
            output (``expected`` and ``actual`` as ``Decimal`` or ``None``), the checks
            across reports included.
        agency_ids: for the checks across reports (see :func:`govinfo.validate_many`).

    Raises:
        GovinfoError: pandas is not installed (install the extra).
        ValueError: ``what`` is neither.
    """
    try:
        import pandas as pd
    except ImportError as exc:
        raise GovinfoError(f"to_frame needs pandas ({exc}); install the extra: {PANDAS_HINT}") from None
    from govinfo.dataset.runner import FINDING_COLUMNS, finding_row
    from govinfo.writers.csv import COLUMNS, csv_rows

    items = _reports(reports)
    if what == "cells":
        rows: list[list[Any]] = []
        for report in items:
            values = dict(report.cells())
            values.update((cell.path, cell.value) for cell in report.extra_values())  # tables the form lacks
            for row in csv_rows(report):
                row_out: list[Any] = list(row)
                row_out[3] = values[f"{row[0]}/{row[1]}/{row[2]}"]
                rows.append(row_out)
        frame = pd.DataFrame(rows, columns=list(COLUMNS))
        frame["value"] = frame["value"].astype(object)
    elif what == "findings":
        from govinfo.validation import validate_many

        results = validate_many(items, agency_ids=agency_ids)
        rows = []
        for report, result in zip(items, results, strict=True):
            meta = report.metadata
            for item in result.findings:
                row_out = list(finding_row(meta.source.name or "", meta.agency, meta.year, item))
                row_out[8], row_out[9] = item.expected, item.actual
                rows.append(row_out)
        frame = pd.DataFrame(rows, columns=list(FINDING_COLUMNS))
    else:
        raise ValueError(f"what must be 'cells' or 'findings', not {what!r}")
    frame["year"] = pd.to_numeric(frame["year"].replace("", None)).astype("Int64")
    return frame
