"""Reading many inputs: one :class:`Outcome` per input, in input order, in worker processes.

:func:`process` reads and checks one input and says why it could not (the ``reason``
codes of :data:`REASONS`). :func:`run` does it for many, in a
:class:`concurrent.futures.ProcessPoolExecutor` with a bounded number of inputs in flight,
so that memory does not grow with the number of inputs, and yields the outcomes in input
order whatever the number of workers. The workers also turn each report into the rows
the outputs need (:class:`Want`), so the parent process only writes them.
"""

from __future__ import annotations

import collections
import concurrent.futures
import hashlib
import json
import os
import pickle
import signal
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

import attrs

from govinfo.errors import (
    GovinfoError,
    NotAReportError,
    ReadError,
    SerializeError,
    UnknownFormatError,
    UnsupportedFormatError,
)
from govinfo.model import AnnualReport, Finding
from govinfo.registry import Registry
from govinfo.validation.cross import SeriesEntry, series_entry

from .sources import Source

__all__ = ["FINDING_COLUMNS", "REASONS", "Outcome", "Want", "classify", "finding_row", "process", "report_row", "run"]

REASONS: dict[str, str] = {
    "not-a-report": "not an annual report (no reader recognises it, or no statistical table was found)",
    "pre-2019": "an old report, in the free-form format before the 2019 national format",
    "truncated": "the file is truncated",
    "needs-extra": "reading it needs an optional extra of govinfo (the reason says which to install)",
    "needs-program": "reading it needs a program that is not installed (LibreOffice)",
    "empty": "the file is empty",
    "too-large": "the file is larger than govinfo reads",
    "cannot-open": "the file cannot be opened",
    "damaged": "the reader found the file damaged or malformed",
    "internal-error": "a bug in govinfo or in a reader plugin",
}
"""The reasons an input is ``unreadable``, by code."""

FINDING_COLUMNS: tuple[str, ...] = (
    "file",
    "agency",
    "year",
    "code",
    "severity",
    "table",
    "row",
    "column",
    "expected",
    "actual",
    "message_zh",
    "message_en",
)
"""The columns of the findings output, one row per finding."""


@attrs.frozen
class Want:
    """What the workers prepare for the outputs.

    Attributes:
        cells: the long-CSV rows of every report.
        findings: one row per finding (:data:`FINDING_COLUMNS`).
        jsonl: each report as a JSON line, with its findings.
        report: the report object itself (the Python API).
        entry: the small summary the checks across reports need.
    """

    cells: bool = False
    findings: bool = False
    jsonl: bool = False
    report: bool = False
    entry: bool = True


@attrs.frozen
class Outcome:
    """What became of one input.

    Attributes:
        file: the input's name (``Source.name``).
        status: ``"read"`` or ``"unreadable"``.
        reason: for an unreadable input, a code of :data:`REASONS`; ``detail`` says more
            (with the install command, for a missing extra).
        sha256: of the input's bytes, when they could be loaded.
        reader, agency, year, template: of the report.
        cells, errors, warnings: how many cells the report has, and its findings by severity.
        findings: the findings about the report on its own (not across reports), when asked
            for the report; ``codes`` are their codes, always.
        report: the report, when asked for (``Want.report``).
        error: the exception, when asked for the report.
        entry: the summary for the checks across reports.
        cell_rows, finding_rows, json_line: the prepared output rows (see :class:`Want`).
    """

    file: str
    status: str
    reason: str | None = None
    detail: str | None = None
    sha256: str | None = None
    reader: str | None = None
    agency: str | None = None
    year: int | None = None
    template: str | None = None
    cells: int = 0
    errors: int = 0
    warnings: int = 0
    findings: tuple[Finding, ...] = ()
    codes: tuple[str, ...] = ()
    report: AnnualReport | None = None
    error: Exception | None = None
    entry: SeriesEntry | None = None
    cell_rows: tuple[tuple[str, ...], ...] = ()
    finding_rows: tuple[tuple[Any, ...], ...] = ()
    json_line: str | None = None

    @property
    def ok(self) -> bool:
        """Whether the input was read."""
        return self.status == "read"


def _text(exc: BaseException) -> str:
    return exc.reason if isinstance(exc, ReadError) else str(exc)


def classify(exc: BaseException) -> tuple[str, str]:
    """The reason code (:data:`REASONS`) and a one-line explanation of why an input is unreadable."""
    text = _text(exc)
    if isinstance(exc, UnsupportedFormatError):
        return "pre-2019", text
    if isinstance(exc, UnknownFormatError | SerializeError | NotAReportError):
        return "not-a-report", text
    if isinstance(exc, ReadError):
        lowered = text.lower()
        if "pip install 'govinfo[" in text:
            return "needs-extra", text
        if "libreoffice" in lowered:
            return "needs-program", text
        if "truncated" in lowered:
            return "truncated", text
        if "is empty" in lowered:
            return "empty", text
        if "the limit is" in lowered or "larger than" in lowered:
            return "too-large", text
        if isinstance(exc.__cause__, OSError):
            return "cannot-open", text
        if "not a govinfo json report" in lowered:
            return "not-a-report", text
        return "damaged", text
    if isinstance(exc, OSError):
        return "cannot-open", exc.strerror or str(exc)
    if isinstance(exc, GovinfoError):
        return "damaged", text
    return "internal-error", f"internal error: {type(exc).__name__}: {exc}"


def _number(value: Decimal | None) -> str | None:
    if value is None:
        return None
    return format(value, "f")


def finding_row(file: str, agency: str | None, year: int | None, item: Finding) -> tuple[Any, ...]:
    """One row of the findings output (:data:`FINDING_COLUMNS`)."""
    parts: list[str | None] = [None, None, None]
    if item.paths:
        parts = [*item.paths[0].split("/"), None, None, None][:3]
    table, row, column = parts
    return (
        file,
        agency,
        year,
        item.code,
        item.severity,
        table,
        row,
        column,
        _number(item.expected),
        _number(item.actual),
        item.message,
        item.message_en,
    )


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


def _json_line(outcome: Outcome, report: AnnualReport | None) -> str:
    from govinfo.serialize import finding_to_dict, to_dict

    data = {
        "kind": "report",
        "file": outcome.file,
        "status": outcome.status,
        "reason": outcome.reason,
        "detail": outcome.detail,
        "sha256": outcome.sha256,
        "report": None if report is None else to_dict(report),
        "findings": [finding_to_dict(f) for f in outcome.findings],
    }
    return json.dumps(data, ensure_ascii=False)


def _unreadable(source: Source, exc: Exception, sha256: str | None, want: Want) -> Outcome:
    reason, detail = classify(exc)
    outcome = Outcome(
        source.name,
        "unreadable",
        reason,
        detail,
        sha256,
        error=exc.with_traceback(None) if want.report else None,
    )
    return attrs.evolve(outcome, json_line=_json_line(outcome, None)) if want.jsonl else outcome


def process(
    source: Source, want: Want = Want(), *, format: str | None = None, registry: Registry | None = None
) -> Outcome:
    """Read and check one input; never raises for a bad input (the outcome says why)."""
    from govinfo.api import MAX_INPUT_BYTES, read
    from govinfo.validation import validate
    from govinfo.writers.csv import csv_rows

    sha256 = None
    try:
        data = source.load(MAX_INPUT_BYTES)
        sha256 = hashlib.sha256(data).hexdigest()
        report = read(data, name=source.name, format=format, registry=registry)
        del data
        findings = validate(report).findings
    except Exception as exc:  # every failure is an outcome; see classify
        return _unreadable(source, exc, sha256, want)
    cells = sum(1 for _ in report.cells())
    if cells == 0 and any(f.code == "missing-table" for f in findings):
        reason = "not-a-report"
        detail = "no statistical table of an annual report was found in it"
        outcome = Outcome(source.name, "unreadable", reason, detail, sha256, reader=report.metadata.source.reader)
        return attrs.evolve(outcome, json_line=_json_line(outcome, None)) if want.jsonl else outcome
    meta = report.metadata
    outcome = Outcome(
        source.name,
        "read",
        sha256=sha256,
        reader=meta.source.reader,
        agency=meta.agency,
        year=meta.year,
        template=report.template,
        cells=cells,
        errors=sum(1 for f in findings if f.severity == "error"),
        warnings=sum(1 for f in findings if f.severity == "warning"),
        findings=tuple(findings),
        codes=tuple(f.code for f in findings),
        report=report if want.report else None,
        entry=series_entry(report) if want.entry else None,
    )
    outcome = attrs.evolve(
        outcome,
        cell_rows=tuple(tuple(r) for r in csv_rows(report)) if want.cells else (),
        finding_rows=tuple(finding_row(source.name, meta.agency, meta.year, f) for f in findings)
        if want.findings
        else (),
        json_line=_json_line(outcome, report) if want.jsonl else None,
    )
    return outcome if want.report or want.jsonl else attrs.evolve(outcome, findings=())


# --- many, in worker processes -------------------------------------------------------------

_worker: dict[str, Any] = {}


def _start_worker(want: Want, format: str | None, registry: Registry | None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops us
    _worker.update(want=want, format=format, registry=registry)


def _process_chunk(sources: list[Source]) -> list[Outcome]:
    out = []
    for source in sources:
        outcome = process(source, _worker["want"], format=_worker["format"], registry=_worker["registry"])
        if outcome.error is not None:
            try:
                pickle.loads(pickle.dumps(outcome.error))
            except Exception:  # it must cross back to the parent process
                outcome = attrs.evolve(outcome, error=RuntimeError(f"{type(outcome.error).__name__}: {outcome.error}"))
        out.append(outcome)
    return out


def workers(jobs: int | None) -> int:
    """The number of worker processes for ``jobs`` (``None`` or 0: one per CPU)."""
    if jobs is not None and jobs < 0:
        raise ValueError(f"jobs must be 0 or None (one per CPU) or more, not {jobs}")
    return jobs or os.cpu_count() or 1


def run(
    sources: Iterable[Source],
    want: Want = Want(),
    *,
    jobs: int | None = None,
    format: str | None = None,
    registry: Registry | None = None,
    chunk: int = 2,
) -> Iterator[Outcome]:
    """Yield the :class:`Outcome` of every source, in the order given.

    Args:
        sources: the inputs (see :func:`~govinfo.dataset.find_sources`); consumed lazily.
        want: what to prepare for the outputs.
        jobs: worker processes; ``None`` or 0 starts one per CPU, 1 reads in this process.
        format: a reader name to skip detection.
        registry: the registry (picklable where processes are not forked).
        chunk: inputs per task sent to a worker.

    At most ``4 × jobs`` tasks are in flight, so memory stays flat however many inputs.

    Raises:
        ValueError: ``jobs`` is negative.
    """
    count = workers(jobs)
    items = iter(sources)
    if count == 1:
        for source in items:
            yield process(source, want, format=format, registry=registry)
        return
    pool = concurrent.futures.ProcessPoolExecutor(
        max_workers=count, initializer=_start_worker, initargs=(want, format, registry)
    )
    pending: collections.deque[concurrent.futures.Future[list[Outcome]]] = collections.deque()
    try:
        exhausted = False
        while True:
            while not exhausted and len(pending) < 4 * count:
                batch = [s for _, s in zip(range(chunk), items, strict=False)]
                if not batch:
                    exhausted = True
                    break
                pending.append(pool.submit(_process_chunk, batch))
            if not pending:
                break
            yield from pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
