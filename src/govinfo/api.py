"""``govinfo.read``: a path, bytes or a binary file in, an :class:`AnnualReport` out."""

from __future__ import annotations

import hashlib
import io
import os
from typing import IO

import attrs

from govinfo.document import Document
from govinfo.errors import ReadError
from govinfo.model import AnnualReport, SourceInfo
from govinfo.registry import Registry, default_registry

__all__ = ["MAX_INPUT_BYTES", "load_bytes", "read", "read_document"]

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

    result = read_document(source, name=name, format=format, registry=registry)
    if isinstance(result, AnnualReport):
        return result
    return extract(result)


def source_info(document: Document) -> SourceInfo:
    """Return the model's :class:`SourceInfo` for a document's source."""
    s = document.source
    return SourceInfo(
        name=s.name,
        sha256=s.sha256,
        reader=s.reader,
        encoding=s.encoding,
        encoding_reason=s.encoding_reason,
    )
