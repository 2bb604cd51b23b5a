"""govinfo: read, check and write Chinese government information disclosure annual reports.

>>> import govinfo
>>> report = govinfo.read("report.html")          # doctest: +SKIP
>>> result = govinfo.validate(report)             # doctest: +SKIP
>>> result.ok, [f.message for f in result.errors] # doctest: +SKIP
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from govinfo.errors import (
    FormatError,
    GovinfoError,
    NotAReportError,
    ReaderConflictError,
    ReaderLoadError,
    ReadError,
    SerializeError,
    UnknownFormatError,
    UnsupportedFormatError,
    ValidationError,
    WriteError,
    WriterConflictError,
)

if TYPE_CHECKING:
    from govinfo.api import ReadResult, iter_files, read, read_document, read_many
    from govinfo.document import Document
    from govinfo.extraction import extract
    from govinfo.model import AnnualReport, Finding
    from govinfo.registry import (
        Registry,
        detect,
        get_reader,
        get_writer,
        readers,
        register_reader,
        register_writer,
        unregister_reader,
        unregister_writer,
    )
    from govinfo.review import render_html
    from govinfo.serialize import from_json, to_json
    from govinfo.validation import ValidationReport, validate, validate_many
    from govinfo.writers import write

# The public names and the module each comes from: imported on first use (PEP 562), so
# ``import govinfo`` and ``govinfo --version`` load neither the model nor cattrs, lxml,
# chardet or importlib.metadata.
_LAZY = {
    **dict.fromkeys(("ReadResult", "iter_files", "read", "read_document", "read_many"), "govinfo.api"),
    "Document": "govinfo.document",
    "extract": "govinfo.extraction",
    "AnnualReport": "govinfo.model",
    "Finding": "govinfo.model",
    **dict.fromkeys(
        (
            "Registry",
            "detect",
            "get_reader",
            "get_writer",
            "readers",
            "register_reader",
            "register_writer",
            "unregister_reader",
            "unregister_writer",
        ),
        "govinfo.registry",
    ),
    "from_json": "govinfo.serialize",
    "to_json": "govinfo.serialize",
    **dict.fromkeys(("ValidationReport", "validate", "validate_many"), "govinfo.validation"),
    "write": "govinfo.writers",
    "render_html": "govinfo.review",
}

__version__ = "0.1.0"


def to_frame(reports: Any, what: str = "cells", *, agency_ids: Any = None) -> Any:
    """A pandas DataFrame of reports' cells or findings (see :func:`govinfo.dataset.to_frame`)."""
    from govinfo.dataset.frame import to_frame as frame

    return frame(reports, what, agency_ids=agency_ids)


__all__ = [
    "AnnualReport",
    "Document",
    "Finding",
    "FormatError",
    "GovinfoError",
    "NotAReportError",
    "ReadError",
    "ReadResult",
    "ReaderConflictError",
    "ReaderLoadError",
    "Registry",
    "SerializeError",
    "UnknownFormatError",
    "UnsupportedFormatError",
    "ValidationError",
    "ValidationReport",
    "WriteError",
    "WriterConflictError",
    "__version__",
    "detect",
    "extract",
    "from_json",
    "get_reader",
    "get_writer",
    "iter_files",
    "read",
    "read_document",
    "read_many",
    "readers",
    "register_reader",
    "register_writer",
    "render_html",
    "to_frame",
    "to_json",
    "unregister_reader",
    "unregister_writer",
    "validate",
    "validate_many",
    "write",
]


def __dir__() -> list[str]:
    return sorted(__all__)


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        if name.startswith("__"):
            raise AttributeError(f"module 'govinfo' has no attribute {name!r}")
        try:  # a submodule reached as an attribute (``govinfo.registry``)
            return importlib.import_module(f"govinfo.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"govinfo.{name}":
                raise
            raise AttributeError(f"module 'govinfo' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
