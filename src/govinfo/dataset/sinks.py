"""The outputs of a batch: tables of rows in CSV, JSON Lines, Parquet or SQLite.

Every file is written to a hidden part beside it (``.name.part``) and moved into place
with :func:`os.replace` when it is complete, so an output is either the previous one or a
complete, well-formed one. A batch's workers write the rows of each chunk of inputs to
part files of their own (:func:`write_part`, :func:`write_sqlite_part`), which the
outputs then append (:meth:`Table.copy`, :meth:`SqliteDataset.add_part`).
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
from govinfo.writers.csv import COLUMNS

from .runner import FINDING_COLUMNS

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
    """A file written beside its target and moved into place by :meth:`commit`."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.part = self.path.with_name(f".{self.path.name}.part")
        try:
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

    def discard(self) -> None:
        """Remove the part: the target stays as it was."""
        with contextlib.suppress(OSError):
            self.part.unlink()


class Table:
    """Rows of fixed columns written to one output (see :func:`open_table`)."""

    columns: tuple[str, ...]

    def write(self, rows: Iterable[Sequence[Any]]) -> None:
        """Write rows (each in the order of ``columns``)."""
        raise NotImplementedError

    def write_line(self, line: str) -> None:
        """Write one JSON line as is (JSON Lines outputs only)."""
        raise WriteError("only a JSON Lines output takes lines")

    def copy(self, part: Path) -> None:
        """Append the rows of a part file :func:`write_part` wrote in this table's format."""
        raise NotImplementedError

    def flush(self) -> None:
        """Make what was written so far durable in the part."""

    def close(self) -> None:
        """Finish the output and move it into place."""

    def discard(self) -> None:
        """Stop without moving the output into place (the previous one stays)."""
        self.close()


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


def _copy_bytes(part: Path, stream: IO[bytes]) -> None:
    with open(part, "rb") as source:
        shutil.copyfileobj(source, stream, 1 << 20)


class _CsvTable(Table):
    def __init__(self, stream: IO[bytes], columns: Sequence[str], *, header: bool, excel: bool) -> None:
        self.columns = tuple(columns)
        self._stream = stream
        self._text = io.TextIOWrapper(stream, encoding="utf-8", newline="", write_through=False)
        if excel and header:
            self._text.write("\ufeff")  # Excel reads UTF-8 only with a byte-order mark
        self._writer = csv.writer(self._text)
        if header:
            self._writer.writerow(self.columns)

    def write(self, rows: Iterable[Sequence[Any]]) -> None:
        self._writer.writerows([_cell(v) for v in row] for row in rows)

    def copy(self, part: Path) -> None:
        self._text.flush()
        _copy_bytes(part, self._stream)

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

    def copy(self, part: Path) -> None:
        _copy_bytes(part, self._stream)

    def flush(self) -> None:
        self._stream.flush()


def _arrow_schema(pa: Any, columns: Sequence[str]) -> Any:
    return pa.schema([(c, pa.int64() if c in INT_COLUMNS else pa.string()) for c in columns])


def _arrow_table(pa: Any, schema: Any, rows: Sequence[Sequence[Any]]) -> Any:
    names = schema.names
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in names]
    arrays = [
        pa.array([None if v in (None, "") else int(v) for v in col], pa.int64())
        if name in INT_COLUMNS
        else pa.array([None if v is None else str(v) for v in col], pa.string())
        for name, col in zip(names, columns, strict=True)
    ]
    return pa.Table.from_arrays(arrays, schema=schema)


class _ParquetTable(Table):
    """Parquet in row groups of :attr:`ROW_GROUP` rows, however the rows arrive."""

    ROW_GROUP = 50_000

    def __init__(self, part: PartFile, columns: Sequence[str]) -> None:
        pa, pq = pyarrow_modules()
        self.columns = tuple(columns)
        self._pa = pa
        self._schema = _arrow_schema(pa, self.columns)
        self._writer = pq.ParquetWriter(str(part.part), self._schema, compression="zstd")
        self._pending: list[Any] = []
        self._count = 0

    def _add(self, table: Any) -> None:
        self._pending.append(table)
        self._count += table.num_rows
        while self._count >= self.ROW_GROUP:
            self._group(self.ROW_GROUP)

    def _group(self, size: int) -> None:
        combined = self._pa.concat_tables(self._pending)
        self._writer.write_table(combined.slice(0, size), row_group_size=size)
        rest = combined.slice(size)
        self._pending = [rest] if rest.num_rows else []
        self._count = rest.num_rows

    def write(self, rows: Iterable[Sequence[Any]]) -> None:
        listed = list(rows)
        if listed:
            self._add(_arrow_table(self._pa, self._schema, listed))

    def copy(self, part: Path) -> None:
        import pyarrow.ipc

        with self._pa.memory_map(str(part)) as source:
            table = pyarrow.ipc.open_file(source).read_all()
        if table.num_rows:
            self._add(table.cast(self._schema))

    def close(self) -> None:
        if self._count:
            self._group(self._count)
        self._writer.close()


class _FileTable(Table):
    """A table in a part file, committed on close."""

    def __init__(self, path: str, kind: str, columns: Sequence[str], *, excel: bool) -> None:
        self.columns = tuple(columns)
        self._part = PartFile(path)
        self._stream: IO[bytes] | None = None
        try:
            if kind == "parquet":
                self._inner: Table = _ParquetTable(self._part, columns)
                return
            self._stream = open(self._part.part, "wb")  # noqa: SIM115 (closed in close)
        except OSError as exc:
            raise WriteError(f"{path}: {exc.strerror or exc}") from exc
        if kind == "csv":
            self._inner = _CsvTable(self._stream, columns, header=True, excel=excel)
        else:
            self._inner = _JsonlTable(self._stream, columns)

    def write(self, rows: Iterable[Sequence[Any]]) -> None:
        self._inner.write(rows)

    def write_line(self, line: str) -> None:
        self._inner.write_line(line)

    def copy(self, part: Path) -> None:
        self._inner.copy(part)

    def flush(self) -> None:
        self._inner.flush()
        if self._stream is not None:
            self._stream.flush()

    def _end(self) -> None:
        self._inner.close()
        if self._stream is not None:
            self._stream.close()

    def close(self) -> None:
        self._end()
        self._part.commit()

    def discard(self) -> None:
        with contextlib.suppress(Exception):
            self._end()
        self._part.discard()


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

    def copy(self, part: Path) -> None:
        self._inner.copy(part)

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
) -> Table:
    """Open an output of rows.

    Args:
        target: a path (written to a part beside it, moved into place on ``close``), or a
            binary stream (written as is).
        columns: the header.
        kind: ``csv``, ``jsonl`` or ``parquet``.
        excel: CSV only: start with a UTF-8 byte-order mark, for Excel.

    Raises:
        WriteError: the file cannot be written, or pyarrow is missing for Parquet.
    """
    if isinstance(target, str):
        return _FileTable(target, kind, columns, excel=excel)
    return _StreamTable(target, kind, columns, excel=excel)


def write_part(
    path: Path,
    kind: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]] = (),
    *,
    lines: Iterable[str] = (),
) -> None:
    """Write rows (or JSON ``lines``) to a part file that :meth:`Table.copy` appends, atomically.

    ``kind`` ``csv`` and ``jsonl`` are written as the outputs are, without the header;
    ``parquet`` as an Arrow IPC file.

    Raises:
        WriteError: pyarrow is missing (Parquet).
        OSError: the file cannot be written.
    """
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    if kind == "parquet":
        pa, _ = pyarrow_modules()
        import pyarrow.ipc

        schema = _arrow_schema(pa, columns)
        table = _arrow_table(pa, schema, rows)
        with pa.OSFile(str(temporary), "wb") as sink, pyarrow.ipc.new_file(sink, schema) as writer:
            writer.write_table(table)
    else:
        with open(temporary, "wb") as stream:
            table = (
                _CsvTable(stream, columns, header=False, excel=False) if kind == "csv" else _JsonlTable(stream, columns)
            )
            table.write(rows)
            for line in lines:
                table.write_line(line)
            table.close()
    os.replace(temporary, path)


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
    (quote ``"table"``, ``"row"`` and ``"column"`` in SQL: they are keywords). The
    database is written to a part beside ``path`` and moved into place by :meth:`close`.
    """

    def __init__(self, path: str, cell_columns: Sequence[str], finding_columns: Sequence[str]) -> None:
        self._part = PartFile(path)
        self.cell_columns = tuple(cell_columns)
        self.finding_columns = tuple(finding_columns)
        try:
            self._db = sqlite3.connect(self._part.part)
            # The part is moved into place only once complete: no rollback journal needed.
            self._db.execute("PRAGMA journal_mode = OFF")
            self._db.execute("PRAGMA synchronous = OFF")
            _create(self._db, self.cell_columns, self.finding_columns, keys=True)
        except sqlite3.Error as exc:
            raise WriteError(f"{path}: {exc}") from exc

    def add_cells(self, rows: Iterable[Sequence[Any]]) -> None:
        """Insert cell rows (the long-CSV columns)."""
        _insert(self._db, "cells", self.cell_columns, rows)

    def add_findings(self, rows: Iterable[Sequence[Any]]) -> None:
        """Insert finding rows."""
        _insert(self._db, "findings", self.finding_columns, rows)

    def add_part(self, part: Path) -> None:
        """Insert the cells and findings of a part :func:`write_sqlite_part` wrote."""
        cells = ", ".join(_q(c) for c in self.cell_columns)
        finds = ", ".join(_q(c) for c in self.finding_columns)
        self._db.commit()
        try:
            self._db.execute("ATTACH DATABASE ? AS part", (str(part),))
        except sqlite3.Error as exc:
            raise WriteError(f"{part}: {exc}") from exc
        try:
            self._db.execute(f"INSERT INTO cells ({cells}) SELECT {cells} FROM part.cells ORDER BY rowid")
            self._db.execute(f"INSERT INTO findings ({finds}) SELECT {finds} FROM part.findings ORDER BY id")
            self._db.commit()
        except sqlite3.Error as exc:
            self._db.rollback()
            raise WriteError(f"{self._part.path}: {exc}") from exc
        finally:
            with contextlib.suppress(sqlite3.Error):
                self._db.execute("DETACH DATABASE part")

    def set_reports(self, rows: Iterable[Sequence[Any]]) -> None:
        """Replace the reports table with these rows."""
        self._db.execute("DELETE FROM reports")
        _insert(self._db, "reports", REPORT_COLUMNS, rows)

    def flush(self) -> None:
        """Commit."""
        self._db.commit()

    def close(self) -> None:
        """Commit, close and move into place."""
        self._db.commit()
        self._db.close()
        self._part.commit()

    def discard(self) -> None:
        """Close without moving into place (the previous database stays)."""
        with contextlib.suppress(sqlite3.Error):
            self._db.close()
        self._part.discard()


def _create(db: sqlite3.Connection, cell_columns: Sequence[str], finding_columns: Sequence[str], *, keys: bool) -> None:
    def cols(names: Sequence[str]) -> str:
        return ", ".join(f"{_q(c)} {'INTEGER' if c in INT_COLUMNS else 'TEXT'}" for c in names)

    if not keys:  # a part: only the rows, in order
        db.executescript(
            f"""
            CREATE TABLE cells ({cols(cell_columns)});
            CREATE TABLE findings (id INTEGER PRIMARY KEY, {cols(finding_columns)});
            """
        )
        return
    db.executescript(
        f"""
        CREATE TABLE IF NOT EXISTS reports ({cols(REPORT_COLUMNS)}, PRIMARY KEY (file));
        CREATE TABLE IF NOT EXISTS cells ({cols(cell_columns)},
            PRIMARY KEY (source, "table", "row", "column"));
        CREATE INDEX IF NOT EXISTS cells_by_key ON cells ("table", "row", "column");
        CREATE TABLE IF NOT EXISTS findings (id INTEGER PRIMARY KEY, {cols(finding_columns)});
        CREATE INDEX IF NOT EXISTS findings_by_file ON findings (file);
        CREATE INDEX IF NOT EXISTS findings_by_code ON findings (code);
        """
    )


def _insert(db: sqlite3.Connection, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    names = ", ".join(_q(c) for c in columns)
    marks = ", ".join("?" for _ in columns)
    converted = ([_sql_value(c, v) for c, v in zip(columns, row, strict=True)] for row in rows)
    db.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", converted)


def write_sqlite_part(path: Path, cells: Iterable[Sequence[Any]], findings: Iterable[Sequence[Any]]) -> None:
    """Write cell and finding rows to a SQLite part that :meth:`SqliteDataset.add_part` inserts, atomically.

    Raises:
        OSError, sqlite3.Error: the file cannot be written.
    """
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    with contextlib.suppress(FileNotFoundError):
        temporary.unlink()
    db = sqlite3.connect(temporary)
    try:
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        _create(db, COLUMNS, FINDING_COLUMNS, keys=False)
        _insert(db, "cells", COLUMNS, cells)
        _insert(db, "findings", FINDING_COLUMNS, findings)
        db.commit()
    finally:
        db.close()
    os.replace(temporary, path)
