"""The outputs of a batch: tables of rows in CSV, JSON Lines, Parquet or SQLite.

Every file is written to a hidden part beside it (``.name.part``) and moved into place
with :func:`os.replace` when the batch ends or is interrupted, so an output is either the
previous one or a complete, well-formed one; a part is flushed after each input. With
``resume`` the previous output is copied to the part first and rows are appended.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import shutil
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, Any

from govinfo.errors import WriteError

__all__ = [
    "INT_COLUMNS",
    "REPORT_COLUMNS",
    "PartFile",
    "SqliteDataset",
    "Table",
    "format_of",
    "open_table",
    "pyarrow_modules",
]

REPORT_COLUMNS: tuple[str, ...] = (
    "file",
    "sha256",
    "status",
    "reason",
    "reader",
    "agency",
    "year",
    "template",
    "cells",
    "errors",
    "warnings",
    "detail",
)
"""The columns of the reports output, one row per input."""

INT_COLUMNS = frozenset({"year", "cells", "errors", "warnings"})
"""Columns written as integers where the format has types (Parquet, SQLite)."""

_FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet"}
_SQLITE = (".sqlite", ".sqlite3", ".db")
PARQUET_HINT = "pip install 'govinfo[parquet]'"


def format_of(path: str, allowed: Sequence[str]) -> str:
    """The output format named by ``path``'s extension, one of ``allowed``.

    Raises:
        WriteError: the extension names none of them.
    """
    suffix = Path(path).suffix.lower()
    kind = "sqlite" if suffix in _SQLITE else _FORMATS.get(suffix, "")
    if kind not in allowed:
        exts = {"csv": ".csv", "jsonl": ".jsonl", "parquet": ".parquet", "sqlite": ".sqlite"}
        listed = ", ".join(exts[a] for a in allowed)
        raise WriteError(f"{path}: cannot tell the output format from its extension; use one of {listed}")
    return kind


def pyarrow_modules() -> tuple[Any, Any]:
    """Import pyarrow and pyarrow.parquet, or say which extra to install."""
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError as exc:
        raise WriteError(f"writing Parquet needs pyarrow ({exc}); install the extra: {PARQUET_HINT}") from None
    return pyarrow, pyarrow.parquet


class PartFile:
    """A file written beside its target and moved into place by :meth:`commit`.

    Args:
        path: the target.
        resume: start from a copy of the existing target (``appending`` is then true).
    """

    def __init__(self, path: str | os.PathLike[str], *, resume: bool = False) -> None:
        self.path = Path(path)
        self.part = self.path.with_name(f".{self.path.name}.part")
        self.appending = resume and self.path.exists()
        try:
            if self.appending:
                shutil.copyfile(self.path, self.part)
            else:
                with contextlib.suppress(FileNotFoundError):
                    self.part.unlink()
        except OSError as exc:
            raise WriteError(f"{self.path}: {exc.strerror or exc}") from exc

    def commit(self) -> None:
        """Move the part into place."""
        try:
            os.replace(self.part, self.path)
        except OSError as exc:
            raise WriteError(f"{self.path}: {exc.strerror or exc}") from exc


class Table:
    """Rows of fixed columns written to one output (see :func:`open_table`)."""

    columns: tuple[str, ...]

    def write(self, rows: Iterable[Sequence[Any]]) -> None:
        """Write rows (each in the order of ``columns``)."""
        raise NotImplementedError

    def write_line(self, line: str) -> None:
        """Write one JSON line as is (JSON Lines outputs only)."""
        raise WriteError("only a JSON Lines output takes lines")

    def write_text(self, text: str) -> None:
        """Write rows already in CSV (CSV outputs only)."""
        raise WriteError("only a CSV output takes CSV text")

    def flush(self) -> None:
        """Make what was written so far durable in the part."""

    def close(self) -> None:
        """Finish the output and move it into place."""


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


class _CsvTable(Table):
    def __init__(self, stream: IO[bytes], columns: Sequence[str], *, header: bool, excel: bool) -> None:
        self.columns = tuple(columns)
        self._text = io.TextIOWrapper(stream, encoding="utf-8", newline="", write_through=False)
        if excel and header:
            self._text.write("\ufeff")  # Excel reads UTF-8 only with a byte-order mark
        self._writer = csv.writer(self._text)
        if header:
            self._writer.writerow(self.columns)

    def write(self, rows: Iterable[Sequence[Any]]) -> None:
        self._writer.writerows([_cell(v) for v in row] for row in rows)

    def write_text(self, text: str) -> None:
        self._text.write(text)

    def flush(self) -> None:
        self._text.flush()

    def close(self) -> None:
        self._text.flush()
        self._text.detach()


class _JsonlTable(Table):
    def __init__(self, stream: IO[bytes], columns: Sequence[str]) -> None:
        self.columns = tuple(columns)
        self._stream = stream

    def write(self, rows: Iterable[Sequence[Any]]) -> None:
        for row in rows:
            self.write_line(json.dumps(dict(zip(self.columns, row, strict=True)), ensure_ascii=False))

    def write_line(self, line: str) -> None:
        self._stream.write(line.encode("utf-8") + b"\n")

    def flush(self) -> None:
        self._stream.flush()


class _ParquetTable(Table):
    ROW_GROUP = 50_000

    def __init__(self, part: PartFile, columns: Sequence[str]) -> None:
        pa, pq = pyarrow_modules()
        self.columns = tuple(columns)
        self._pa = pa
        self._schema = pa.schema(
            [(c, pa.int64() if c in INT_COLUMNS else pa.string()) for c in self.columns],
        )
        self._writer = pq.ParquetWriter(str(part.part) + ".tmp", self._schema, compression="zstd")
        self._part = part
        if part.appending:
            previous = pq.ParquetFile(str(part.part))
            for index in range(previous.num_row_groups):
                self._writer.write_table(previous.read_row_group(index).cast(self._schema))
        self._rows: list[Sequence[Any]] = []

    def write(self, rows: Iterable[Sequence[Any]]) -> None:
        self._rows.extend(rows)
        if len(self._rows) >= self.ROW_GROUP:
            self.flush()

    def flush(self) -> None:
        if not self._rows:
            return
        columns = list(zip(*self._rows, strict=True))
        arrays = [
            self._pa.array([None if v in (None, "") else int(v) for v in col], self._pa.int64())
            if name in INT_COLUMNS
            else self._pa.array([None if v is None else str(v) for v in col], self._pa.string())
            for name, col in zip(self.columns, columns, strict=True)
        ]
        self._writer.write_table(self._pa.Table.from_arrays(arrays, schema=self._schema))
        self._rows = []

    def close(self) -> None:
        self.flush()
        self._writer.close()
        os.replace(str(self._part.part) + ".tmp", self._part.part)


class _FileTable(Table):
    """A table in a part file, committed on close."""

    def __init__(self, path: str, kind: str, columns: Sequence[str], *, excel: bool, resume: bool) -> None:
        self.columns = tuple(columns)
        self._part = PartFile(path, resume=resume)
        self._stream: IO[bytes] | None = None
        try:
            if kind == "parquet":
                self._inner: Table = _ParquetTable(self._part, columns)
                return
            self._stream = open(self._part.part, "ab")  # noqa: SIM115 (closed in close)
        except OSError as exc:
            raise WriteError(f"{path}: {exc.strerror or exc}") from exc
        if kind == "csv":
            self._inner = _CsvTable(self._stream, columns, header=not self._part.appending, excel=excel)
        else:
            self._inner = _JsonlTable(self._stream, columns)

    def write(self, rows: Iterable[Sequence[Any]]) -> None:
        self._inner.write(rows)

    def write_line(self, line: str) -> None:
        self._inner.write_line(line)

    def write_text(self, text: str) -> None:
        self._inner.write_text(text)

    def flush(self) -> None:
        self._inner.flush()
        if self._stream is not None:
            self._stream.flush()

    def close(self) -> None:
        self._inner.close()
        if self._stream is not None:
            self._stream.close()
        self._part.commit()


class _StreamTable(Table):
    """A table on a stream the caller owns (standard output)."""

    def __init__(self, stream: IO[bytes], kind: str, columns: Sequence[str], *, excel: bool) -> None:
        self.columns = tuple(columns)
        self._stream = stream
        if kind == "csv":
            self._inner: Table = _CsvTable(stream, columns, header=True, excel=excel)
        elif kind == "jsonl":
            self._inner = _JsonlTable(stream, columns)
        else:
            raise WriteError(f"{kind} cannot be written to standard output; name a file")

    def write(self, rows: Iterable[Sequence[Any]]) -> None:
        self._inner.write(rows)

    def write_line(self, line: str) -> None:
        self._inner.write_line(line)

    def write_text(self, text: str) -> None:
        self._inner.write_text(text)

    def flush(self) -> None:
        self._inner.flush()
        self._stream.flush()

    def close(self) -> None:
        self._inner.close()
        self._stream.flush()


def open_table(
    target: str | IO[bytes],
    columns: Sequence[str],
    *,
    kind: str,
    excel: bool = False,
    resume: bool = False,
) -> Table:
    """Open an output of rows.

    Args:
        target: a path (written atomically), or a binary stream (written as is).
        columns: the header.
        kind: ``csv``, ``jsonl`` or ``parquet``.
        excel: CSV only: start with a UTF-8 byte-order mark, for Excel.
        resume: append to the existing file (no second header).

    Raises:
        WriteError: the file cannot be written, or pyarrow is missing for Parquet.
    """
    if isinstance(target, str):
        return _FileTable(target, kind, columns, excel=excel, resume=resume)
    return _StreamTable(target, kind, columns, excel=excel)


# --- SQLite ------------------------------------------------------------------------------


def _sql_value(column: str, value: Any) -> Any:
    if column in INT_COLUMNS:
        return None if value in (None, "") else int(value)
    return value


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class SqliteDataset:
    """A SQLite database with the tables ``reports``, ``cells`` and ``findings``.

    ``reports`` has one row per input (key ``file``); ``cells`` one per cell (key
    ``source, table, row, column``; index on ``table, row, column``); ``findings`` one per
    finding (indexes on ``file`` and ``code``). Column names are those of the CSV outputs
    (quote ``"table"``, ``"row"`` and ``"column"`` in SQL: they are keywords).
    """

    def __init__(
        self, path: str, cell_columns: Sequence[str], finding_columns: Sequence[str], *, resume: bool = False
    ) -> None:
        self._part = PartFile(path, resume=resume)
        self.cell_columns = tuple(cell_columns)
        self.finding_columns = tuple(finding_columns)
        try:
            self._db = sqlite3.connect(self._part.part)
            self._create()
        except sqlite3.Error as exc:
            raise WriteError(f"{path}: {exc}") from exc

    def _create(self) -> None:
        def cols(names: Sequence[str]) -> str:
            return ", ".join(f"{_q(c)} {'INTEGER' if c in INT_COLUMNS else 'TEXT'}" for c in names)

        self._db.executescript(
            f"""
            CREATE TABLE IF NOT EXISTS reports ({cols(REPORT_COLUMNS)}, PRIMARY KEY (file));
            CREATE TABLE IF NOT EXISTS cells ({cols(self.cell_columns)},
                PRIMARY KEY (source, "table", "row", "column"));
            CREATE INDEX IF NOT EXISTS cells_by_key ON cells ("table", "row", "column");
            CREATE TABLE IF NOT EXISTS findings (id INTEGER PRIMARY KEY, {cols(self.finding_columns)});
            CREATE INDEX IF NOT EXISTS findings_by_file ON findings (file);
            CREATE INDEX IF NOT EXISTS findings_by_code ON findings (code);
            """
        )

    def _insert(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        names = ", ".join(_q(c) for c in columns)
        marks = ", ".join("?" for _ in columns)
        converted = ([_sql_value(c, v) for c, v in zip(columns, row, strict=True)] for row in rows)
        self._db.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", converted)

    def add_cells(self, rows: Iterable[Sequence[Any]]) -> None:
        """Insert cell rows (the long-CSV columns)."""
        self._insert("cells", self.cell_columns, rows)

    def add_findings(self, rows: Iterable[Sequence[Any]]) -> None:
        """Insert finding rows."""
        self._insert("findings", self.finding_columns, rows)

    def set_reports(self, rows: Iterable[Sequence[Any]]) -> None:
        """Replace the reports table with these rows."""
        self._db.execute("DELETE FROM reports")
        self._insert("reports", REPORT_COLUMNS, rows)

    def flush(self) -> None:
        """Commit."""
        self._db.commit()

    def close(self) -> None:
        """Commit, close and move into place."""
        self._db.commit()
        self._db.close()
        self._part.commit()
