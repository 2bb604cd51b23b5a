"""A batch: inputs in, the dataset outputs written, every input accounted for."""

from __future__ import annotations

import collections
import json
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

import attrs

from govinfo.errors import WriteError
from govinfo.registry import Registry
from govinfo.validation.cross import SeriesEntry, check_series
from govinfo.writers.csv import COLUMNS

from .runner import FINDING_COLUMNS, Outcome, Want, finding_row, run
from .sinks import REPORT_COLUMNS, PartFile, SqliteDataset, Table, format_of, open_table
from .sources import find_sources

__all__ = ["BatchSummary", "report_row", "write_dataset"]


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


def report_row(outcome: Outcome) -> tuple[Any, ...]:
    """One row of the reports output (:data:`~govinfo.dataset.REPORT_COLUMNS`)."""
    return (
        outcome.file,
        outcome.sha256,
        outcome.status,
        outcome.reason,
        outcome.reader,
        outcome.agency,
        outcome.year,
        outcome.template,
        outcome.cells,
        outcome.errors,
        outcome.warnings,
        outcome.detail,
    )


def _state_path(target: str) -> Path:
    path = Path(target)
    return path.with_name(f".{path.name}.batch-state.jsonl")


def _entry_dict(entry: SeriesEntry | None) -> Any:
    if entry is None:
        return None
    return {
        "label": entry.label,
        "agency": entry.agency,
        "year": entry.year,
        "template": entry.template,
        "cells": {k: None if v is None else str(v) for k, v in entry.cells.items()},
        "rows": sorted(entry.rows),
        "digests": dict(entry.digests),
        "nonzero": dict(entry.nonzero),
    }


def _entry_of(data: Any) -> SeriesEntry | None:
    if data is None:
        return None
    from decimal import Decimal

    return SeriesEntry(
        label=data["label"],
        agency=data["agency"],
        year=data["year"],
        template=data["template"],
        cells={k: None if v is None else Decimal(v) for k, v in data["cells"].items()},
        rows=frozenset(data["rows"]),
        digests=data["digests"],
        nonzero=data["nonzero"],
    )


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
) -> BatchSummary:
    """Read every input ``paths`` name and write the dataset outputs.

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
        resume: continue an interrupted batch with the same outputs: inputs it did are
            skipped, rows are appended.
        cross: run the checks across reports (their findings come after the others).
        agency_ids: file paths, file names or agency names → agency ids, for the series.
        progress: called with each outcome, in order.
        on_total: called once with the number of inputs, when known.

    Returns:
        A :class:`BatchSummary`. Interrupted (``KeyboardInterrupt``), the outputs are
        completed for the inputs done and the exception is raised again.

    Raises:
        WriteError: an output cannot be written or its extension says no format.
    """
    cells_kind = None
    if isinstance(output, str):
        cells_kind = format_of(output, ("csv", "jsonl", "parquet", "sqlite"))
    elif output is not None:
        cells_kind = "csv"
    finding_kind = format_of(findings, ("csv", "jsonl", "parquet")) if findings else None
    report_kind = format_of(reports, ("csv", "parquet")) if reports else None
    files = [p for p in (output, findings, reports) if isinstance(p, str)]
    if resume and not files:
        raise WriteError("resume needs an output file (-o, --findings or --reports)")
    state_file = _state_path(files[0]) if files else None

    done: dict[str, tuple[tuple[Any, ...], SeriesEntry | None]] = {}
    if resume and state_file is not None and state_file.exists():
        with state_file.open(encoding="utf-8") as handle:
            if json.loads(handle.readline() or "{}").get("complete"):
                raise WriteError(f"the batch writing {files[0]} is complete; run it again without resume to redo it")
            for line in handle:
                item = json.loads(line)
                done[item["row"][0]] = (tuple(item["row"]), _entry_of(item["entry"]))
    appending = resume and bool(done)

    skip = [*files, *(str(PartFile(f).part) for f in files)]
    sources = [s for s in find_sources(paths, include=include, exclude=exclude, skip=skip) if s.name not in done]
    if on_total is not None:
        on_total(len(sources))

    want = Want(
        cells=cells_kind in ("csv", "parquet", "sqlite"),
        findings=finding_kind is not None or cells_kind == "sqlite",
        jsonl=cells_kind == "jsonl",
        entry=cross,
        csv=cells_kind == "csv",
    )
    cells_table: Table | None = None
    database: SqliteDataset | None = None
    opened: list[Table] = []
    if cells_kind == "sqlite":
        assert isinstance(output, str)
        database = SqliteDataset(output, COLUMNS, FINDING_COLUMNS, resume=appending)
    elif output is not None:
        columns = ("kind",) if cells_kind == "jsonl" else COLUMNS
        cells_table = open_table(output, columns, kind=cells_kind or "csv", excel=excel, resume=appending)
        opened.append(cells_table)
    finding_table = None
    if findings and finding_kind:
        finding_table = open_table(findings, FINDING_COLUMNS, kind=finding_kind, excel=excel, resume=appending)
        opened.append(finding_table)

    rows: list[tuple[Any, ...]] = [row for row, _ in done.values()]
    entries: list[SeriesEntry | None] = [entry for _, entry in done.values()]
    cells = 0
    by_code: collections.Counter[str] = collections.Counter()
    complete = False
    try:
        for outcome in run(sources, want, jobs=jobs, format=format, registry=registry):
            if cells_table is not None:
                if outcome.json_line is not None:
                    cells_table.write_line(outcome.json_line)
                elif outcome.cell_csv is not None:
                    cells_table.write_text(outcome.cell_csv)
                else:
                    cells_table.write(outcome.cell_rows)
                cells_table.flush()
            if database is not None:
                database.add_cells(outcome.cell_rows)
                database.add_findings(outcome.finding_rows)
            if finding_table is not None:
                finding_table.write(outcome.finding_rows)
                finding_table.flush()
            cells += outcome.cells
            rows.append(report_row(outcome))
            by_code.update(outcome.codes)
            entries.append(outcome.entry)
            if progress is not None:
                progress(outcome)
        complete = True
        if cross:
            rows = _cross(rows, entries, agency_ids, cells_table, finding_table, database, by_code)
    finally:
        _finish(rows, entries, complete, cells_table, finding_table, database, reports, report_kind, excel, state_file)
    return _summary(rows, len(done), cells, by_code)


def _cross(
    rows: list[tuple[Any, ...]],
    entries: Sequence[SeriesEntry | None],
    agency_ids: Mapping[str, str] | None,
    cells_table: Table | None,
    finding_table: Table | None,
    database: SqliteDataset | None,
    by_code: collections.Counter[str],
) -> list[tuple[Any, ...]]:
    indexed = [(i, e) for i, e in enumerate(entries) if e is not None]
    result = check_series([e for _, e in indexed], agency_ids=agency_ids)
    out = list(rows)
    for (index, _), found in zip(indexed, result.findings, strict=True):
        if not found:
            continue
        row = rows[index]
        file, agency, year = row[0], row[5], row[6]
        finding_rows = [finding_row(file, agency, year, f) for f in found]
        by_code.update(f.code for f in found)
        if finding_table is not None:
            finding_table.write(finding_rows)
        if database is not None:
            database.add_findings(finding_rows)
        if cells_table is not None and cells_table.columns == ("kind",):
            from govinfo.serialize import finding_to_dict

            line = {"kind": "cross-report", "file": file, "findings": [finding_to_dict(f) for f in found]}
            cells_table.write_line(json.dumps(line, ensure_ascii=False))
        warnings = sum(1 for f in found if f.severity == "warning")
        errors = sum(1 for f in found if f.severity == "error")
        out[index] = (*row[:9], row[9] + errors, row[10] + warnings, row[11])
    return out


def _finish(
    rows: list[tuple[Any, ...]],
    entries: Sequence[SeriesEntry | None],
    complete: bool,
    cells_table: Table | None,
    finding_table: Table | None,
    database: SqliteDataset | None,
    reports: str | None,
    report_kind: str | None,
    excel: bool,
    state_file: Path | None,
) -> None:
    for table in (cells_table, finding_table):
        if table is not None:
            table.close()
    if database is not None:
        database.set_reports(rows)
        database.close()
    if reports and report_kind:
        table = open_table(reports, REPORT_COLUMNS, kind=report_kind, excel=excel)
        table.write(rows)
        table.close()
    if state_file is not None:
        # One JSON line per input, written as it goes: the state never is one big string.
        part = state_file.with_name(state_file.name + ".part")
        with part.open("w", encoding="utf-8") as handle:
            handle.write(json.dumps({"complete": complete}) + "\n")
            for row, entry in zip(rows, entries, strict=True):
                handle.write(json.dumps({"row": list(row), "entry": _entry_dict(entry)}, ensure_ascii=False) + "\n")
        os.replace(part, state_file)


def _summary(
    rows: Sequence[tuple[Any, ...]], resumed: int, cells: int, by_code: collections.Counter[str]
) -> BatchSummary:
    unreadable = collections.Counter(row[3] for row in rows if row[2] != "read")
    failures = tuple((row[0], row[3], row[11] or "") for row in rows if row[2] != "read")
    return BatchSummary(
        files=len(rows),
        read=sum(1 for row in rows if row[2] == "read"),
        unreadable=dict(unreadable),
        failures=failures,
        findings=dict(sorted(by_code.items())),
        cells=cells,
        resumed=resumed,
    )
