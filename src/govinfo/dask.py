"""Reading collections on a Dask cluster (extra ``dask``: ``pip install 'govinfo[dask]'``).

>>> from distributed import Client                                   # doctest: +SKIP
>>> client = Client("tcp://scheduler:8786")                          # doctest: +SKIP
>>> import govinfo.dask
>>> cells = govinfo.dask.cells_frame(["/shared/reports/"])           # doctest: +SKIP
>>> cells.groupby("year").size().compute()                           # doctest: +SKIP

The inputs are found here (:func:`govinfo.dataset.find_sources`: every file, globs, zip
members); each partition is read on a worker, which needs govinfo installed and the files
at the same paths. The frames have the columns of ``govinfo batch``'s long CSV and
findings file, in the same order. :func:`findings_frame` includes the checks across
reports: the reports' small summaries are grouped by agency on the cluster (a Dask
shuffle), each series checked on a worker, and those findings come after the others, in
input order, as ``govinfo batch`` writes them.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from govinfo.dataset.batch import series_findings
from govinfo.dataset.runner import FINDING_COLUMNS, Outcome, Want, finding_row, process
from govinfo.dataset.sources import Source, find_sources
from govinfo.errors import GovinfoError
from govinfo.validation.cross import SeriesEntry, identity_of
from govinfo.writers.csv import COLUMNS

__all__ = ["DASK_HINT", "cells_frame", "findings_frame", "read_bag"]

DASK_HINT = "pip install 'govinfo[dask]'"


def _modules() -> tuple[Any, Any]:
    try:
        import dask.bag
        import pandas
    except ImportError as exc:
        raise GovinfoError(f"govinfo.dask needs dask and pandas ({exc}); install the extra: {DASK_HINT}") from None
    return dask.bag, pandas


def _sources(paths: Iterable[str | os.PathLike[str]], include: Iterable[str], exclude: Iterable[str]) -> list[Source]:
    return list(find_sources(paths, include=include, exclude=exclude))


def _read(source: Source) -> Outcome:
    return process(source, Want(report=True, entry=False))


def _cells(source: Source) -> list[tuple[str, ...]]:
    return list(process(source, Want(cells=True, entry=False)).cell_rows)


_Summary = tuple[int, str, str | None, SeriesEntry]  # input index, file, agency, summary


def _findings(item: tuple[int, Source], cross: bool) -> tuple[list[tuple[Any, ...]], _Summary | None]:
    index, source = item
    outcome = process(source, Want(findings=True, entry=cross))
    entry = outcome.entry
    summary = None if entry is None or entry.year is None else (index, outcome.file, outcome.agency, entry)
    return list(outcome.finding_rows), summary


def _series(group: tuple[str, list[_Summary]]) -> list[tuple[int, int, tuple[Any, ...]]]:
    """The findings across reports of one series: ``(input index, n, row)``."""
    identity, summaries = group
    ordered = sorted(summaries, key=lambda s: (s[3].year, s[0]))
    out: list[tuple[int, int, tuple[Any, ...]]] = []
    for (index, file, agency, year), found in series_findings(
        (((i, f, a, e.year), e) for i, f, a, e in ordered), identity
    ):
        out.extend((index, n, finding_row(file, agency, year, item)) for n, item in enumerate(found))
    return out


def _ordered_rows(rows: list[tuple[int, int, tuple[Any, ...]]]) -> list[tuple[Any, ...]]:
    return [row for _, _, row in sorted(rows, key=lambda r: (r[0], r[1]))]


def read_bag(
    paths: Iterable[str | os.PathLike[str]],
    *,
    include: Iterable[str] = (),
    exclude: Iterable[str] = (),
    partition_size: int = 16,
) -> Any:
    """A Dask bag of :class:`~govinfo.dataset.Outcome`, one per input, in input order.

    Each outcome has ``report`` (or ``None``), ``status``, ``reason`` and ``error``.
    """
    bag, _ = _modules()
    return bag.from_sequence(_sources(paths, include, exclude), partition_size=partition_size).map(_read)


def _pandas(rows: Iterable[tuple[Any, ...]], columns: tuple[str, ...]) -> Any:
    """One partition as a pandas frame of ``object`` columns: a blank stays ``None`` (never NaN)."""
    import pandas

    listed = list(rows)
    return pandas.DataFrame({c: pandas.Series([r[i] for r in listed], dtype=object) for i, c in enumerate(columns)})


def _frame(rows: Any, columns: tuple[str, ...], pandas: Any) -> Any:
    import dask.dataframe
    from dask.delayed import delayed

    parts = [delayed(_pandas)(part, columns) for part in rows.to_delayed()]
    return dask.dataframe.from_delayed(parts, meta=_pandas([], columns), verify_meta=False)


def cells_frame(
    paths: Iterable[str | os.PathLike[str]],
    *,
    include: Iterable[str] = (),
    exclude: Iterable[str] = (),
    partition_size: int = 16,
) -> Any:
    """A Dask DataFrame of every cell: the columns of the long CSV, as text, as ``batch`` writes them."""
    bag, pandas = _modules()
    sources = bag.from_sequence(_sources(paths, include, exclude), partition_size=partition_size)
    return _frame(sources.map(_cells).flatten(), COLUMNS, pandas)


def findings_frame(
    paths: Iterable[str | os.PathLike[str]],
    *,
    include: Iterable[str] = (),
    exclude: Iterable[str] = (),
    partition_size: int = 16,
    cross: bool = True,
    agency_ids: Mapping[str, str] | None = None,
) -> Any:
    """A Dask DataFrame of every finding: the columns and rows of ``batch --findings``.

    Args:
        paths, include, exclude, partition_size: as for :func:`cells_frame`.
        cross: the checks across reports too (their rows come last, in input order).
        agency_ids: file paths, file names or agency names → agency ids, for the series.
    """
    bag, pandas = _modules()
    import dask.dataframe

    sources = list(enumerate(_sources(paths, include, exclude)))
    processed = bag.from_sequence(sources, partition_size=partition_size).map(_findings, cross)
    rows = processed.map(lambda item: item[0]).flatten()
    frame = _frame(rows, FINDING_COLUMNS, pandas)
    if not cross:
        return frame
    identity: Callable[[str | None, str | None], str | None] = identity_of(agency_ids)
    keyed = (
        processed.map(lambda item: item[1])
        .filter(lambda s: s is not None and identity(s[3].label, s[3].agency) is not None)
        .groupby(lambda s: identity(s[3].label, s[3].agency))
    )
    across = keyed.map(_series).flatten().repartition(1).map_partitions(_ordered_rows)
    return dask.dataframe.concat([frame, _frame(across, FINDING_COLUMNS, pandas)])  # type: ignore[no-untyped-call]
