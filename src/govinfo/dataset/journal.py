"""The state of a batch, written as it goes: which chunks are done, and what the end needs.

A batch keeps a work directory beside its first output (``.cells.csv.batch/``) with the
part files of its chunks and ``journal.sqlite``: one transaction per chunk, committed
after the chunk's part files are in place, records the chunk and, per input, its row of
the reports output, its finding codes and its summary for the checks across reports. So

- after any stop, a hard kill included, ``resume`` finds every chunk that was done and
  redoes only the others (a part file without its journal entry is written again);
- the rows and summaries kept for the end of the batch live in that file, not in memory:
  memory does not grow with the number of inputs.
"""

from __future__ import annotations

import collections
import contextlib
import json
import shutil
import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from govinfo.errors import WriteError
from govinfo.model import Finding

from .chunks import ChunkResult
from .runner import finding_row, report_row

__all__ = ["JOURNAL", "Journal"]

JOURNAL = "journal.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS chunks (id TEXT PRIMARY KEY, rank INTEGER);
CREATE INDEX IF NOT EXISTS chunks_by_rank ON chunks (rank);
CREATE TABLE IF NOT EXISTS items (
    chunk TEXT, pos INTEGER, file TEXT, status TEXT, reason TEXT, detail TEXT, agency TEXT,
    year INTEGER, cells INTEGER, row TEXT, codes TEXT, entry TEXT, identity TEXT,
    PRIMARY KEY (chunk, pos));
CREATE TABLE IF NOT EXISTS cross_findings (
    chunk TEXT, pos INTEGER, errors INTEGER, warnings INTEGER, codes TEXT, rows TEXT, line TEXT,
    PRIMARY KEY (chunk, pos));
"""

_ORDERED = "FROM items JOIN chunks ON chunks.id = items.chunk"


class Journal:
    """The journal of a batch in ``workdir`` (see the module).

    Args:
        workdir: the batch's work directory.
        config: what the batch writes; ``resume`` refuses a journal written for another.
        resume: continue the journal there; otherwise start afresh (removing it).

    Raises:
        WriteError: the work directory cannot be written, or the journal to resume is
            from a batch writing other outputs.
    """

    def __init__(self, workdir: Path, config: Mapping[str, Any], *, resume: bool) -> None:
        self.workdir = workdir
        text = json.dumps(dict(config), sort_keys=True, ensure_ascii=False)
        try:
            if not resume and workdir.exists():
                shutil.rmtree(workdir)
            workdir.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(workdir / JOURNAL, isolation_level=None)
            # WAL: a transaction is durable once committed, whatever kills the process after.
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA synchronous = NORMAL")
            self._db.executescript(_SCHEMA)
            found = self._db.execute("SELECT value FROM meta WHERE key = 'config'").fetchone()
            if found is None:
                self._db.execute("INSERT INTO meta VALUES ('config', ?)", (text,))
        except (OSError, sqlite3.Error) as exc:
            raise WriteError(f"{workdir}: cannot keep the batch's journal there: {exc}") from exc
        if found is not None and found[0] != text:
            self._db.close()
            raise WriteError(
                f"{workdir}: the interrupted batch there wrote other outputs or options; "
                "run it again without resume to start afresh"
            )

    # --- the chunks -----------------------------------------------------------------------

    def plan(self, chunks: Sequence[str]) -> set[str]:
        """Rank the chunks of this run (their order); forget done chunks not among them; return the done ones."""
        with self.transaction():
            self._db.execute("DELETE FROM cross_findings")  # the checks across reports are run again at the end
            self._db.execute("UPDATE chunks SET rank = NULL")
            self._db.executemany("UPDATE chunks SET rank = ? WHERE id = ?", enumerate(chunks))
            stale = [row[0] for row in self._db.execute("SELECT id FROM chunks WHERE rank IS NULL")]
            self._db.execute("DELETE FROM items WHERE chunk NOT IN (SELECT id FROM chunks WHERE rank IS NOT NULL)")
            self._db.execute("DELETE FROM chunks WHERE rank IS NULL")
        for chunk in stale:
            for part in self.workdir.glob(f"{chunk}.*"):
                with contextlib.suppress(OSError):
                    part.unlink()
        return {row[0] for row in self._db.execute("SELECT id FROM chunks")}

    def add(self, rank: int, result: ChunkResult) -> None:
        """Record a chunk whose part files are written (one transaction: all of it or nothing)."""
        items = []
        for pos, (outcome, entry) in enumerate(zip(result.outcomes, result.entries, strict=True)):
            row = report_row(outcome)
            items.append(
                (
                    result.id,
                    pos,
                    outcome.file,
                    outcome.status,
                    outcome.reason,
                    outcome.detail,
                    outcome.agency,
                    outcome.year,
                    outcome.cells,
                    json.dumps(row, ensure_ascii=False),
                    json.dumps(outcome.codes),
                    entry,
                )
            )
        with self.transaction():
            self._db.execute("INSERT OR REPLACE INTO chunks VALUES (?, ?)", (result.id, rank))
            self._db.execute("DELETE FROM items WHERE chunk = ?", (result.id,))
            self._db.executemany("INSERT INTO items VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)", items)

    def forget(self, chunk: str) -> None:
        """Forget a done chunk (it is read again)."""
        with self.transaction():
            self._db.execute("DELETE FROM items WHERE chunk = ?", (chunk,))
            self._db.execute("DELETE FROM chunks WHERE id = ?", (chunk,))

    def done(self) -> list[str]:
        """The done chunks, in the order of the inputs."""
        return [row[0] for row in self._db.execute("SELECT id FROM chunks ORDER BY rank")]

    def count(self) -> int:
        """How many inputs the done chunks hold."""
        return int(self._db.execute("SELECT count(*) FROM items").fetchone()[0])

    # --- the checks across reports --------------------------------------------------------

    def series(self, identity: Callable[[str | None, str | None], str | None]) -> Iterator[tuple[Any, ...]]:
        """``(identity, year, chunk, pos, file, agency, entry)`` of every report with a summary,
        ordered by identity, year and input order (a series at a time, from the file).

        Call it, and :meth:`add_cross`, inside :meth:`transaction`."""
        self._db.create_function("series_identity", 2, identity)
        self._db.execute("DELETE FROM cross_findings")
        self._db.execute(
            "UPDATE items SET identity = series_identity("
            "json_extract(entry, '$.label'), json_extract(entry, '$.agency')) WHERE entry IS NOT NULL"
        )
        yield from self._db.execute(
            f"SELECT identity, items.year, chunk, pos, file, agency, entry {_ORDERED} "
            "WHERE identity IS NOT NULL AND items.year IS NOT NULL AND entry IS NOT NULL "
            "ORDER BY identity, items.year, chunks.rank, pos"
        )

    def add_cross(
        self, chunk: str, pos: int, file: str, agency: str | None, year: int | None, found: Sequence[Finding]
    ) -> None:
        """Record the findings across reports about one input."""
        from govinfo.serialize import finding_to_dict

        rows = [finding_row(file, agency, year, f) for f in found]
        line = {"kind": "cross-report", "file": file, "findings": [finding_to_dict(f) for f in found]}
        self._db.execute(
            "INSERT INTO cross_findings VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                chunk,
                pos,
                sum(1 for f in found if f.severity == "error"),
                sum(1 for f in found if f.severity == "warning"),
                json.dumps([f.code for f in found]),
                json.dumps(rows, ensure_ascii=False),
                json.dumps(line, ensure_ascii=False),
            ),
        )

    def cross_rows(self) -> Iterator[tuple[list[list[Any]], str]]:
        """Per input with findings across reports, in input order: their finding rows and JSON line."""
        query = (
            "SELECT x.rows, x.line FROM cross_findings x JOIN chunks ON chunks.id = x.chunk ORDER BY chunks.rank, x.pos"
        )
        for rows, line in self._db.execute(query):
            yield json.loads(rows), line

    # --- the end --------------------------------------------------------------------------

    def report_rows(self) -> Iterator[tuple[Any, ...]]:
        """The rows of the reports output, in input order, the findings across reports counted."""
        query = (
            f"SELECT items.row, x.errors, x.warnings {_ORDERED} "
            "LEFT JOIN cross_findings x ON x.chunk = items.chunk AND x.pos = items.pos ORDER BY chunks.rank, items.pos"
        )
        for text, errors, warnings in self._db.execute(query):
            row = json.loads(text)
            if errors is not None:
                row[9] += errors
                row[10] += warnings
            yield tuple(row)

    def totals(self) -> dict[str, Any]:
        """Counts for the summary: files, read, cells, unreadable by reason, failures, findings by code."""
        files, read, cells = self._db.execute(
            "SELECT count(*), coalesce(sum(status = 'read'), 0), coalesce(sum(cells), 0) FROM items"
        ).fetchone()
        unreadable = dict(
            self._db.execute(
                "SELECT reason, count(*) FROM items WHERE status != 'read' GROUP BY reason ORDER BY reason"
            )
        )
        failures = tuple(
            (file, reason, detail or "")
            for file, reason, detail in self._db.execute(
                f"SELECT file, reason, detail {_ORDERED} WHERE status != 'read' ORDER BY chunks.rank, pos"
            )
        )
        codes: collections.Counter[str] = collections.Counter()
        for table in ("items", "cross_findings"):
            for (text,) in self._db.execute(f"SELECT codes FROM {table}"):
                codes.update(json.loads(text))
        return {
            "files": files,
            "read": read,
            "cells": cells,
            "unreadable": unreadable,
            "failures": failures,
            "findings": dict(sorted(codes.items())),
        }

    def close(self, *, remove: bool = False) -> None:
        """Close the journal; ``remove``: remove the work directory with it (the batch is complete)."""
        self._db.close()
        if remove:
            shutil.rmtree(self.workdir, ignore_errors=True)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """One transaction: all of it is recorded, or none."""
        self._db.execute("BEGIN")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")
