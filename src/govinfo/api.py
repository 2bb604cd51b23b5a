"""``govinfo.read``: a path, bytes or a binary file in, an :class:`AnnualReport` out.

:func:`read_many` reads many files, in worker processes if asked; :func:`iter_files`
turns files and directories into the list of files it reads.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import io
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import attrs

from govinfo.document import Document
from govinfo.errors import ReadError
from govinfo.model import AnnualReport
from govinfo.registry import Registry, default_registry

__all__ = ["MAX_INPUT_BYTES", "ReadResult", "iter_files", "load_bytes", "read", "read_document", "read_many"]

MAX_INPUT_BYTES = 64 * 1024 * 1024
"""Inputs larger than this are refused with a :class:`ReadError` (64 MiB)."""

Input = str | os.PathLike[str] | bytes | bytearray | memoryview | IO[bytes]


def load_bytes(source: Input, name: str | None = None) -> tuple[bytes, str | None]:
    """Return the bytes of ``source`` and its name (a path's name unless ``name`` is given).

    Raises:
        ReadError: the file cannot be opened or is too large.
        TypeError: ``source`` is text, not bytes (pass ``text.encode()``).
    """
    if isinstance(source, str | os.PathLike):
        path = os.fspath(source)
        try:
            size = os.path.getsize(path)
            if size > MAX_INPUT_BYTES:
                raise ReadError(f"the file is {size} bytes; the limit is {MAX_INPUT_BYTES}", source=path)
            with open(path, "rb") as handle:
                data = handle.read()
        except OSError as exc:
            raise ReadError(exc.strerror or str(exc), source=path) from exc
        return data, name if name is not None else path
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
    elif hasattr(source, "read"):
        if isinstance(source, io.TextIOBase):  # before reading: decoding could fail first
            raise TypeError("open the file in binary mode ('rb'): govinfo reads bytes")
        if name is None:
            file_name = getattr(source, "name", None)
            name = file_name if isinstance(file_name, str) else None
        try:
            chunk = source.read(MAX_INPUT_BYTES + 1)
        except OSError as exc:
            raise ReadError(exc.strerror or str(exc), source=name) from exc
        if isinstance(chunk, str):
            raise TypeError("open the file in binary mode ('rb'): govinfo reads bytes")
        data = bytes(chunk)
    else:
        raise TypeError(f"cannot read from {type(source).__name__}: give a path, bytes or a binary file")
    if len(data) > MAX_INPUT_BYTES:
        raise ReadError(f"the input is larger than {MAX_INPUT_BYTES} bytes", source=name)
    return data, name


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while one input is read.

    A read builds hundreds of thousands of small objects (an 18 MB page: every cell, its
    location, its token) that form no reference cycles and live until the read ends; the
    collector would walk them all several times over (a fifth of such a read). It is
    enabled again when the read ends, however it ends, unless it was off before.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def read_document(
    source: Input,
    *,
    name: str | None = None,
    format: str | None = None,
    registry: Registry | None = None,
) -> Document | AnnualReport:
    """Read ``source`` with the chosen or detected reader, without extraction.

    Returns what the reader returns: a :class:`Document`, or an :class:`AnnualReport`
    for readers of structured input.

    Raises:
        ReadError: the input is empty, too large, or the reader cannot read it.
        UnknownFormatError: no reader recognises the input, or ``format`` names none.
    """
    with _collector_paused():
        return _read_document(source, name=name, format=format, registry=registry)


def _read_document(
    source: Input,
    *,
    name: str | None,
    format: str | None,
    registry: Registry | None,
) -> Document | AnnualReport:
    registry = registry or default_registry
    data, name = load_bytes(source, name)
    if not data or data.isspace():
        # Detection would hand an empty file to the text reader, which would then report
        # three missing tables: say what is really wrong instead.
        raise ReadError("the input is empty", source=name)
    reader = registry.get(format) if format else registry.detect(data, name)
    result = reader.read(data, name=name)
    if isinstance(result, Document):
        digest = hashlib.sha256(data).hexdigest()
        result = attrs.evolve(
            result,
            source=attrs.evolve(result.source, name=name, sha256=digest, reader=reader.name),
        )
    elif isinstance(result, AnnualReport):
        source_info = result.metadata.source
        if source_info.sha256 is None or source_info.reader is None:
            source_info = attrs.evolve(
                source_info,
                name=source_info.name or name,
                sha256=source_info.sha256 or hashlib.sha256(data).hexdigest(),
                reader=source_info.reader or reader.name,
            )
            result = attrs.evolve(result, metadata=attrs.evolve(result.metadata, source=source_info))
    else:
        raise ReadError(
            f"reader {reader.name!r} returned {type(result).__name__}, not a Document or an AnnualReport",
            source=name,
            reader=reader.name,
        )
    return result


def read(
    source: Input,
    *,
    name: str | None = None,
    format: str | None = None,
    registry: Registry | None = None,
) -> AnnualReport:
    """Read one annual report.

    Args:
        source: a path, the file's bytes, or a binary file object.
        name: the file name to use for detection and messages (defaults to the path's).
        format: a reader name to skip detection (``"text"``, ``"tabbed"``, ``"html"``,
            ``"docx"``, ``"flat"`` or a plugin's).
        registry: the reader registry to use (the default one otherwise).

    Returns:
        The report. Problems with its content are in ``report.findings`` and in
        :func:`govinfo.validate`; they are not exceptions.

    Raises:
        ReadError: the input is empty, too large, or cannot be read by the chosen reader.
        UnknownFormatError: no reader recognises the input, or ``format`` names none.
    """
    from govinfo.extraction import extract

    with _collector_paused():
        result = _read_document(source, name=name, format=format, registry=registry)
        if isinstance(result, AnnualReport):
            return result
        return extract(result)


# --- many files --------------------------------------------------------------------------


@attrs.frozen
class ReadResult:
    """What :func:`read_many` made of one file.

    Attributes:
        path: the file, as :func:`iter_files` gave it.
        report: the report, or ``None`` when the file could not be read.
        error: why not, or ``None``: a :class:`~govinfo.errors.GovinfoError` (above all
            :class:`~govinfo.errors.ReadError` and
            :class:`~govinfo.errors.UnknownFormatError`) or an :class:`OSError`. Any other
            exception is a bug in a reader or in govinfo; it is returned too, so that one
            file never stops the others.
    """

    path: str
    report: AnnualReport | None = None
    error: Exception | None = None

    @property
    def ok(self) -> bool:
        """Whether the file was read."""
        return self.error is None

    def __iter__(self) -> Iterator[Any]:
        """``path, report_or_error = result``."""
        return iter((self.path, self.report if self.error is None else self.error))


def iter_files(
    paths: Iterable[str | os.PathLike[str]],
    *,
    registry: Registry | None = None,
    exclude: Iterable[str | os.PathLike[str]] = (),
) -> Iterator[str]:
    """Yield the files ``paths`` name, each once, in the order given.

    A path that is not a directory is yielded as given, whether it exists or not (reading
    it then says what is wrong). A directory is searched recursively, in sorted order, for
    files with an extension one of the registry's readers declares; hidden files and
    directories (names starting with ``.``) inside it are skipped.

    Args:
        paths: files and directories.
        registry: whose readers' extensions a directory search looks for (the default
            registry otherwise).
        exclude: files never to yield, compared as resolved paths (a batch's own output).
    """
    registry = registry or default_registry
    extensions = {e.lower() for reader in registry.readers.values() for e in reader.extensions}
    excluded = {Path(p).resolve() for p in exclude}
    seen: set[str] = set()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = [
                str(f)
                for f in sorted(path.rglob("*"))
                if not any(part.startswith(".") for part in f.relative_to(path).parts)
                and f.is_file()
                and f.suffix.lower() in extensions
            ]
        else:
            found = [os.fspath(given)]
        for file in found:
            if file not in seen and (not excluded or Path(file).resolve() not in excluded):
                seen.add(file)
                yield file


def read_many(
    paths: Iterable[str | os.PathLike[str]],
    *,
    jobs: int | None = 1,
    format: str | None = None,
    registry: Registry | None = None,
    include: Iterable[str] = (),
    exclude: Iterable[str] = (),
) -> Iterator[ReadResult]:
    """Read every input ``paths`` name, one result per input, in input order.

    Inputs are found as ``govinfo batch`` finds them (:func:`govinfo.dataset.find_sources`):
    every file of a directory, whatever its extension (detection is by content), globs
    and the members of zip archives (``archive.zip!member``). A file that cannot be read
    is a result with its ``error``, never an exception, so the other files are read all
    the same. Each result unpacks as ``path, report_or_error``. The order of the results
    does not depend on ``jobs``, and memory stays flat: only a few inputs per worker are
    in flight.

    Args:
        paths: files, directories, globs, zip archives.
        jobs: worker processes: 1 (the default) reads in this process, 0 or ``None``
            starts one per CPU. With more than one, ``registry`` must be picklable (its
            readers defined at the top level of a module) wherever processes are not forked.
        format: a reader name to skip detection for every file.
        registry: the registry to use (the default one otherwise).
        include, exclude: glob patterns choosing the inputs (see ``find_sources``).

    Raises:
        ValueError: ``jobs`` is negative.
    """
    from govinfo.dataset.runner import Want, run, workers
    from govinfo.dataset.sources import find_sources

    workers(jobs)  # a negative count is refused before anything is read
    sources = find_sources(paths, include=include, exclude=exclude)
    want = Want(report=True, entry=False)
    for outcome in run(sources, want, jobs=jobs, format=format, registry=registry):
        if outcome.report is not None:
            yield ReadResult(outcome.file, outcome.report)
        else:
            error = outcome.error or ReadError(outcome.detail or "not an annual report", source=outcome.file)
            yield ReadResult(outcome.file, error=error)
