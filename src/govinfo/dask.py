"""Reading collections on a Dask cluster (extra ``dask``: ``pip install 'govinfo[dask]'``).

>>> from distributed import Client                                   # doctest: +SKIP
>>> client = Client("tcp://scheduler:8786")                          # doctest: +SKIP
>>> import govinfo.dask
>>> cells = govinfo.dask.cells_frame(["/shared/reports/"])           # doctest: +SKIP
>>> cells.groupby("year").size().compute()                           # doctest: +SKIP

The inputs are found here (:func:`govinfo.dataset.find_sources`: every file, globs, zip
members); each partition is read on a worker, which needs govinfo installed and the files
at the same paths. The frames have the columns of ``govinfo batch``'s long CSV and
findings file, in the same order. The checks across reports need every report of a
series together: run them with ``govinfo batch`` or :func:`govinfo.validate_many`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any

from govinfo.dataset.runner import FINDING_COLUMNS, Outcome, Want, process
from govinfo.dataset.sources import Source, find_sources
from govinfo.errors import GovinfoError
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


def _findings(source: Source) -> list[tuple[Any, ...]]:
    return list(process(source, Want(findings=True, entry=False)).finding_rows)


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


def _frame(rows: Any, columns: tuple[str, ...], pandas: Any) -> Any:
    meta = pandas.DataFrame({c: pandas.Series(dtype=object) for c in columns})
    return rows.to_dataframe(meta=meta)


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
) -> Any:
    """A Dask DataFrame of every finding of each report on its own: the columns of ``batch --findings``."""
    bag, pandas = _modules()
    sources = bag.from_sequence(_sources(paths, include, exclude), partition_size=partition_size)
    return _frame(sources.map(_findings).flatten(), FINDING_COLUMNS, pandas)
