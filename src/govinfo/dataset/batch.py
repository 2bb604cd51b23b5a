"""A batch: inputs in, the dataset outputs written, every input accounted for."""

from __future__ import annotations

import contextlib
import itertools
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, TypeVar

import attrs

from govinfo.errors import WriteError
from govinfo.model import Finding
from govinfo.registry import Registry
from govinfo.validation.cross import SeriesEntry, check_series, identity_of
from govinfo.writers.csv import COLUMNS

from .chunks import CHUNK, Plan, chunk_id, chunked, entry_from_json, part_path, run_chunks
from .journal import JOURNAL, Journal
from .runner import FINDING_COLUMNS, Outcome, report_row
from .sinks import REPORT_COLUMNS, SqliteDataset, Table, format_of, open_table, pyarrow_modules
from .sources import find_sources

__all__ = ["BatchSummary", "report_row", "series_findings", "write_dataset"]


@attrs.frozen
class BatchSummary:
    """What a batch did.

    Attributes:
        files: inputs accounted for (with those done before, on ``resume``).
        read: inputs read.
        unreadable: per reason code, how many inputs could not be read.
        failures: ``(file, reason, detail)`` of each unreadable input.
        findings: per code, how many findings (across reports included).
        cells: cells written.
        resumed: inputs skipped because a previous run had done them.
        complete: whether every input was tried (``False`` after an interruption).
    """

    files: int
    read: int
    unreadable: Mapping[str, int]
    failures: tuple[tuple[str, str, str], ...]
    findings: Mapping[str, int]
    cells: int
    resumed: int = 0
    complete: bool = True


def _workdir(target: str) -> Path:
    path = Path(target)
    return path.with_name(f".{path.name}.batch")


def write_dataset(
    paths: Iterable[str | os.PathLike[str]],
    output: str | IO[bytes] | None = None,
    *,
    findings: str | None = None,
    reports: str | None = None,
    jobs: int | None = None,
    include: Iterable[str] = (),
    exclude: Iterable[str] = (),
    format: str | None = None,
    registry: Registry | None = None,
    excel: bool = False,
    resume: bool = False,
    cross: bool = True,
    agency_ids: Mapping[str, str] | None = None,
    progress: Callable[[Outcome], None] | None = None,
    on_total: Callable[[int], None] | None = None,
    chunk: int = CHUNK,
) -> BatchSummary:
    """Read every input ``paths`` name and write the dataset outputs.

    The inputs are read in chunks (``chunk`` inputs on average); each worker writes the
    rows of its chunks to part files in a work directory beside the first output
    (``.NAME.batch/``, with the journal of the chunks done), and the outputs are put
    together from them at the end, in input order: the same bytes whatever ``jobs``.

    Args:
        paths: files, directories, globs, zip archives (see :func:`find_sources`).
        output: the cells: a path whose extension says the format (``.csv``, ``.jsonl``,
            ``.parquet``, ``.sqlite``), or a binary stream (CSV), or ``None``.
        findings: a ``.csv``, ``.jsonl`` or ``.parquet`` file, one row per finding.
        reports: a ``.csv`` or ``.parquet`` file, one row per input.
        jobs: worker processes (``None``: one per CPU).
        include, exclude: glob patterns choosing the inputs.
        format, registry: as for :func:`govinfo.read`.
        excel: CSV outputs start with a UTF-8 byte-order mark.
        resume: continue an interrupted batch (Ctrl-C, ``SIGTERM``, a hard kill) with the
            same outputs: the chunks it did are not read again.
        cross: run the checks across reports (their findings come after the others).
        agency_ids: file paths, file names or agency names → agency ids, for the series.
        progress: called with each outcome (without its rows) as its chunk is done.
        on_total: called once with the number of inputs to read, when known.
        chunk: the mean number of inputs per chunk (what a hard kill can lose per worker).

    Returns:
        A :class:`BatchSummary`. Interrupted (``KeyboardInterrupt``), the outputs are
        written for the chunks done (without the checks across reports) and the
        exception is raised again.

    Raises:
        WriteError: an output cannot be written or its extension says no format.
        GovinfoError: a worker process ended unexpectedly (``resume`` continues).
    """
    cells_kind = None
    if isinstance(output, str):
        cells_kind = format_of(output, ("csv", "jsonl", "parquet", "sqlite"))
    elif output is not None:
        cells_kind = "csv"
    finding_kind = format_of(findings, ("csv", "jsonl", "parquet")) if findings else None
    report_kind = format_of(reports, ("csv", "parquet")) if reports else None
    if cells_kind == "parquet" or "parquet" in (finding_kind, report_kind):
        pyarrow_modules()  # say which extra to install before reading anything
    files = [p for p in (output, findings, reports) if isinstance(p, str)]
    if resume and not files:
        raise WriteError("resume needs an output file (-o, --findings or --reports)")
    if chunk < 1:
        raise ValueError(f"chunk must be 1 or more, not {chunk}")
    if resume and not (_workdir(files[0]) / JOURNAL).exists() and Path(files[0]).exists():
        raise WriteError(
            f"the batch writing {files[0]} is complete (there is nothing to resume); run it again without resume"
        )

    skip: list[str | os.PathLike[str]] = [*files, *(Path(f).with_name(f".{Path(f).name}.part") for f in files)]
    sources = list(find_sources(paths, include=include, exclude=exclude, skip=skip))
    partition = [(chunk_id(c), c) for c in chunked(sources, chunk)]
    del sources
    plan = Plan(cells=cells_kind, findings=finding_kind, cross=cross, format=format)
    config = {"cells": cells_kind, "findings": finding_kind, "reports": report_kind, "cross": cross, "format": format}
    workdir = _workdir(files[0]) if files else Path(tempfile.mkdtemp(prefix="govinfo-batch-"))
    journal = Journal(workdir, config, resume=resume)
    outputs = _Outputs(output, cells_kind, findings, finding_kind, reports, report_kind, excel)
    complete = False
    try:
        done = journal.plan([c for c, _ in partition])
        for lost in [c for c in done if not all(p.exists() for p in plan.parts(workdir, c))]:
            journal.forget(lost)  # its part files are gone: read it again
            done.discard(lost)
        resumed = journal.count()
        rank = {c: i for i, (c, _) in enumerate(partition)}
        todo = [(c, sources) for c, sources in partition if c not in done]
        del partition
        if on_total is not None:
            on_total(sum(len(sources) for _, sources in todo))
        try:
            with contextlib.closing(run_chunks(todo, workdir, plan, jobs=jobs, registry=registry)) as results:
                for result in results:
                    journal.add(rank[result.id], result)
                    if progress is not None:
                        for outcome in result.outcomes:
                            progress(outcome)
        except KeyboardInterrupt:
            outputs.write(journal, with_cross=False)
            raise
        if cross:
            _cross(journal, agency_ids)
        outputs.write(journal, with_cross=cross)
        totals = journal.totals()
        complete = True
    finally:
        journal.close(remove=complete or not files)
    return BatchSummary(**totals, resumed=resumed)


K = TypeVar("K")


def series_findings(items: Iterable[tuple[K, SeriesEntry]], identity: str) -> Iterator[tuple[K, tuple[Finding, ...]]]:
    """The findings across reports of one series, a year at a time with the year before.

    Args:
        items: ``(key, summary)`` of every report of one agency ``identity``, ordered by
            year (and, within a year, as the reports should be listed); the summaries
            have years.
        identity: the series' agency identity.

    Yields ``(key, findings)`` for each report with findings: those of
    :func:`~govinfo.validation.cross.check_series`, holding two years in memory at most.
    """
    previous: list[tuple[K, SeriesEntry]] = []
    before: int | None = None
    for year, group in itertools.groupby(items, key=lambda item: item[1].year):
        assert year is not None
        current = list(group)
        if before == year - 1:
            entries = [entry for _, entry in (*previous, *current)]
            result = check_series(entries, agency_ids=[identity] * len(entries))
            for (key, _), found in zip(current, result.findings[len(previous) :], strict=True):
                if found:
                    yield key, found
        previous, before = current, year


def _cross(journal: Journal, agency_ids: Mapping[str, str] | None) -> None:
    """The checks across reports, a series at a time, from the journal."""
    with journal.transaction():
        for identity, rows in itertools.groupby(journal.series(identity_of(agency_ids)), key=lambda r: r[0]):
            items = (
                ((chunk, pos, file, agency, year), entry_from_json(entry))
                for _, year, chunk, pos, file, agency, entry in rows
            )
            for (chunk, pos, file, agency, year), found in series_findings(items, identity):
                journal.add_cross(chunk, pos, file, agency, year, found)


class _Outputs:
    """The outputs of a batch, put together from the part files of the chunks done."""

    def __init__(
        self,
        output: str | IO[bytes] | None,
        cells_kind: str | None,
        findings: str | None,
        finding_kind: str | None,
        reports: str | None,
        report_kind: str | None,
        excel: bool,
    ) -> None:
        self.output, self.cells_kind = output, cells_kind
        self.findings, self.finding_kind = findings, finding_kind
        self.reports, self.report_kind = reports, report_kind
        self.excel = excel

    def write(self, journal: Journal, *, with_cross: bool) -> None:
        """Write every output (each to its part, then moved into place)."""
        workdir = journal.workdir
        opened: list[Table | SqliteDataset] = []
        try:
            cells_table = database = finding_table = None
            if self.cells_kind == "sqlite":
                assert isinstance(self.output, str)
                database = SqliteDataset(self.output, COLUMNS, FINDING_COLUMNS)
                opened.append(database)
            elif self.output is not None and self.cells_kind is not None:
                columns = ("kind",) if self.cells_kind == "jsonl" else COLUMNS
                cells_table = open_table(self.output, columns, kind=self.cells_kind, excel=self.excel)
                opened.append(cells_table)
            if self.findings and self.finding_kind:
                finding_table = open_table(self.findings, FINDING_COLUMNS, kind=self.finding_kind, excel=self.excel)
                opened.append(finding_table)
            for chunk in journal.done():
                if database is not None:
                    database.add_part(part_path(workdir, chunk, "cells", "sqlite"))
                elif cells_table is not None and self.cells_kind is not None:
                    cells_table.copy(part_path(workdir, chunk, "cells", self.cells_kind))
                if finding_table is not None and self.finding_kind is not None:
                    finding_table.copy(part_path(workdir, chunk, "findings", self.finding_kind))
            if with_cross:
                for rows, line in journal.cross_rows():
                    if finding_table is not None:
                        finding_table.write(rows)
                    if database is not None:
                        database.add_findings(rows)
                    if cells_table is not None and self.cells_kind == "jsonl":
                        cells_table.write_line(line)
            if database is not None:
                database.set_reports(journal.report_rows())
            if self.reports and self.report_kind:
                table = open_table(self.reports, REPORT_COLUMNS, kind=self.report_kind, excel=self.excel)
                opened.append(table)
                table.write(journal.report_rows())
        except BaseException:
            for item in opened:
                item.discard()
            raise
        for item in opened:
            item.close()
