"""Datasets from collections of reports: every input accounted for, outputs data tools read.

>>> from govinfo.dataset import write_dataset
>>> summary = write_dataset(["reports/"], "cells.parquet", findings="findings.csv",
...                         reports="reports.csv", jobs=2)       # doctest: +SKIP

:func:`find_sources` (which inputs), :func:`run` (one :class:`Outcome` per input, in
order, in worker processes), :func:`write_dataset` (the outputs of ``govinfo batch``),
:func:`to_frame` (pandas).
"""

from __future__ import annotations

from govinfo.dataset.batch import BatchSummary, report_row, write_dataset
from govinfo.dataset.frame import to_frame
from govinfo.dataset.runner import FINDING_COLUMNS, REASONS, Outcome, Want, classify, process, run
from govinfo.dataset.sinks import REPORT_COLUMNS, SqliteDataset, open_table
from govinfo.dataset.sources import Source, find_sources, is_archive

__all__ = [
    "FINDING_COLUMNS",
    "REASONS",
    "REPORT_COLUMNS",
    "BatchSummary",
    "Outcome",
    "Source",
    "SqliteDataset",
    "Want",
    "classify",
    "find_sources",
    "is_archive",
    "open_table",
    "process",
    "report_row",
    "run",
    "to_frame",
    "write_dataset",
]
