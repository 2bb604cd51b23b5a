"""govinfo: read, check and write Chinese government information disclosure annual reports.

>>> import govinfo
>>> report = govinfo.read("report.html")          # doctest: +SKIP
>>> result = govinfo.validate(report)             # doctest: +SKIP
>>> result.ok, [f.message for f in result.errors] # doctest: +SKIP
"""

from __future__ import annotations

from govinfo.api import read, read_document
from govinfo.document import Document
from govinfo.errors import (
    FormatError,
    GovinfoError,
    ReaderConflictError,
    ReaderLoadError,
    ReadError,
    SerializeError,
    UnknownFormatError,
    UnsupportedFormatError,
    ValidationError,
    WriteError,
)
from govinfo.extraction import extract
from govinfo.model import AnnualReport, Finding
from govinfo.registry import (
    Registry,
    detect,
    get_reader,
    readers,
    register_reader,
    unregister_reader,
)
from govinfo.serialize import from_json, to_json
from govinfo.validate import ValidationReport, validate
from govinfo.writers import write

__version__ = "0.1.0"

__all__ = [
    "AnnualReport",
    "Document",
    "Finding",
    "FormatError",
    "GovinfoError",
    "ReadError",
    "ReaderConflictError",
    "ReaderLoadError",
    "Registry",
    "SerializeError",
    "UnknownFormatError",
    "UnsupportedFormatError",
    "ValidationError",
    "ValidationReport",
    "WriteError",
    "__version__",
    "detect",
    "extract",
    "from_json",
    "get_reader",
    "read",
    "read_document",
    "readers",
    "register_reader",
    "to_json",
    "unregister_reader",
    "validate",
    "write",
]


def __dir__() -> list[str]:
    return sorted(__all__)
