"""A batch in chunks: each worker writes the part files of its chunks itself.

The inputs are cut into chunks (:func:`chunked`: where a chunk ends depends only on the
inputs' names, never on the number of workers). A worker reads the inputs of a chunk and
writes the chunk's rows to its own files in the batch's work directory
(:func:`write_chunk`); the parent process receives only a :class:`ChunkResult`, one small
:class:`~govinfo.dataset.Outcome` (no rows) and the summary for the checks across reports
per input, and at the end concatenates the chunk files into the outputs, in input order.
So the parent never unpickles or writes a cell, and the outputs are the same bytes
whatever the number of workers.
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import json
import os
import signal
import threading
import time
from collections.abc import Generator, Iterable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from govinfo.errors import GovinfoError, WriteError
from govinfo.registry import Registry
from govinfo.validation.cross import SeriesEntry
from govinfo.writers.csv import COLUMNS

from .runner import FINDING_COLUMNS, Outcome, Want, process, workers
from .sinks import write_part, write_sqlite_part
from .sources import Source

__all__ = [
    "CHUNK",
    "ChunkResult",
    "Plan",
    "chunk_id",
    "chunked",
    "entry_from_json",
    "entry_to_json",
    "part_path",
    "run_chunks",
    "write_chunk",
]

CHUNK = 8
"""The mean number of inputs per chunk."""

_SUFFIX = {"csv": "csv", "jsonl": "jsonl", "parquet": "arrow", "sqlite": "sqlite"}


@attrs.frozen
class Plan:
    """What every chunk of a batch writes.

    Attributes:
        cells: the format of the cells output (``csv``, ``jsonl``, ``parquet``, ``sqlite``) or ``None``.
        findings: the format of the findings output (``csv``, ``jsonl``, ``parquet``) or ``None``.
        cross: whether to summarise each report for the checks across reports.
        format: a reader name to skip detection.
    """

    cells: str | None = None
    findings: str | None = None
    cross: bool = True
    format: str | None = None

    def parts(self, workdir: Path, chunk: str) -> list[Path]:
        """The part files a chunk writes."""
        out = []
        if self.cells is not None:
            out.append(part_path(workdir, chunk, "cells", self.cells))
        if self.findings is not None:
            out.append(part_path(workdir, chunk, "findings", self.findings))
        return out

    @property
    def want(self) -> Want:
        """What :func:`~govinfo.dataset.process` prepares for this plan."""
        return Want(
            cells=self.cells in ("csv", "parquet", "sqlite"),
            findings=self.findings is not None or self.cells == "sqlite",
            jsonl=self.cells == "jsonl",
            entry=self.cross,
        )


@attrs.frozen
class ChunkResult:
    """What a worker sends back for one chunk: no rows, only what the parent keeps.

    Attributes:
        id: the chunk's id (:func:`chunk_id`).
        outcomes: one per input, in order, without rows, findings or entry.
        entries: per input, its summary for the checks across reports as JSON (or ``None``).
    """

    id: str
    outcomes: tuple[Outcome, ...]
    entries: tuple[str | None, ...]


def _stamp(source: Source) -> str:
    try:
        info = os.stat(source.path)
    except OSError:
        return "-"
    return f"{info.st_size}:{info.st_mtime_ns}"


def chunk_id(sources: Sequence[Source]) -> str:
    """The id of a chunk: its inputs' names, sizes and modification times (a changed file is redone)."""
    digest = hashlib.sha256()
    for source in sources:
        digest.update(f"{source.name}\0{_stamp(source)}\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()[:24]


def chunked(sources: Iterable[Source], size: int = CHUNK) -> Iterator[list[Source]]:
    """Cut the inputs into chunks of ``size`` inputs on average (at most ``4 × size``).

    A chunk ends after an input whose name hashes to 0 modulo ``size``: the boundaries
    depend only on the names, so the chunks are the same whatever the number of workers,
    and adding or removing an input changes only the chunk it falls in (``resume`` redoes
    that one).
    """
    chunk: list[Source] = []
    for source in sources:
        chunk.append(source)
        mark = int.from_bytes(hashlib.sha256(source.name.encode("utf-8", "surrogateescape")).digest()[:4], "big")
        if mark % size == 0 or len(chunk) >= 4 * size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def part_path(workdir: Path, chunk: str, what: str, kind: str) -> Path:
    """The file a chunk writes for one output (``what``: ``cells`` or ``findings``)."""
    return workdir / f"{chunk}.{what}.{_SUFFIX[kind]}"


# --- the summary for the checks across reports, as JSON -----------------------------------


def entry_to_json(entry: SeriesEntry) -> str:
    """``entry`` as one line of JSON (:func:`entry_from_json` reads it back)."""
    data = {
        "label": entry.label,
        "agency": entry.agency,
        "year": entry.year,
        "template": entry.template,
        "cells": {k: None if v is None else str(v) for k, v in entry.cells.items()},
        "rows": sorted(entry.rows),
        "digests": dict(entry.digests),
        "nonzero": dict(entry.nonzero),
    }
    return json.dumps(data, ensure_ascii=False)


def entry_from_json(text: str) -> SeriesEntry:
    """The :class:`SeriesEntry` of :func:`entry_to_json`."""
    data = json.loads(text)
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


# --- one chunk, in a worker ---------------------------------------------------------------


def write_chunk(
    workdir: Path, chunk: str, sources: Sequence[Source], plan: Plan, registry: Registry | None = None
) -> ChunkResult:
    """Read the inputs of one chunk and write its part files (each atomically) in ``workdir``.

    Raises:
        WriteError: a part file cannot be written.
    """
    want = plan.want
    outcomes: list[Outcome] = []
    entries: list[str | None] = []
    cells: list[tuple[Any, ...]] = []
    findings: list[tuple[Any, ...]] = []
    lines: list[str] = []
    for source in sources:
        outcome = process(source, want, format=plan.format, registry=registry)
        cells.extend(outcome.cell_rows)
        findings.extend(outcome.finding_rows)
        if outcome.json_line is not None:
            lines.append(outcome.json_line)
        entries.append(None if outcome.entry is None else entry_to_json(outcome.entry))
        outcomes.append(
            attrs.evolve(outcome, findings=(), entry=None, cell_rows=(), finding_rows=(), json_line=None, error=None)
        )
    try:
        if plan.cells == "sqlite":
            write_sqlite_part(part_path(workdir, chunk, "cells", "sqlite"), cells, findings)
        elif plan.cells == "jsonl":
            write_part(part_path(workdir, chunk, "cells", "jsonl"), "jsonl", ("kind",), lines=lines)
        elif plan.cells is not None:
            write_part(part_path(workdir, chunk, "cells", plan.cells), plan.cells, COLUMNS, cells)
        if plan.findings is not None:
            write_part(part_path(workdir, chunk, "findings", plan.findings), plan.findings, FINDING_COLUMNS, findings)
    except OSError as exc:
        raise WriteError(f"{workdir}: cannot write the part files of a chunk: {exc.strerror or exc}") from exc
    return ChunkResult(chunk, tuple(outcomes), tuple(entries))


# --- many chunks, in worker processes -----------------------------------------------------

_worker: dict[str, Any] = {}


def _watch_parent(parent: int) -> None:
    while True:  # a parent killed hard (SIGKILL) cannot stop us: end with it
        time.sleep(0.5)
        if os.getppid() != parent:
            os._exit(1)


def _start_worker(workdir: Path, plan: Plan, registry: Registry | None, parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops us
    _worker.update(workdir=workdir, plan=plan, registry=registry)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _chunk_task(chunk: str, sources: list[Source]) -> ChunkResult:
    return write_chunk(_worker["workdir"], chunk, sources, _worker["plan"], _worker["registry"])


def run_chunks(
    chunks: Iterable[tuple[str, list[Source]]],
    workdir: Path,
    plan: Plan,
    *,
    jobs: int | None = None,
    registry: Registry | None = None,
) -> Generator[ChunkResult, None, None]:
    """Write every chunk's part files; yield each chunk's result as it is done.

    With more than one job, the chunks are written in worker processes, at most
    ``2 × jobs`` in flight, and the results come in the order they finish (with one
    job: in order, in this process). When the caller stops (an interruption), the
    chunks being written are finished and dropped: ``resume`` writes them again.

    Raises:
        GovinfoError: a worker process ended unexpectedly.
        WriteError: a part file cannot be written.
    """
    count = workers(jobs)
    items = iter(chunks)
    if count == 1:
        for chunk, sources in items:
            yield write_chunk(workdir, chunk, sources, plan, registry)
        return
    pool = concurrent.futures.ProcessPoolExecutor(
        max_workers=count, initializer=_start_worker, initargs=(workdir, plan, registry, os.getpid())
    )
    pending: set[concurrent.futures.Future[ChunkResult]] = set()
    try:
        exhausted = False
        while True:
            while not exhausted and len(pending) < 2 * count:
                item = next(items, None)
                if item is None:
                    exhausted = True
                    break
                pending.add(pool.submit(_chunk_task, *item))
            if not pending:
                break
            done, pending = concurrent.futures.wait(pending, return_when=concurrent.futures.FIRST_COMPLETED)
            for future in done:
                try:
                    yield future.result()
                except concurrent.futures.process.BrokenProcessPool as exc:
                    raise GovinfoError(f"a worker process ended unexpectedly (killed, out of memory?): {exc}") from exc
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
