"""Exceptions raised by govinfo.

Findings about a report's content are data (:class:`govinfo.findings.Finding`), never
exceptions. Exceptions are only for "cannot continue"::

    GovinfoError(Exception)                catch-all for callers
    ├── FormatError                        could not choose or load a reader
    │   ├── UnknownFormatError(LookupError) no reader by that name / nothing scored high enough
    │   └── ReaderLoadError(ImportError)   a plugin entry point failed to import
    ├── ReaderConflictError(ValueError)    duplicate reader name without ``replace=True``
    ├── ReadError(ValueError)              the chosen reader found malformed input
    ├── UnsupportedFormatError(ReadError)  a real report in a format govinfo does not read
    │                                      (pre-2019 free-form reports)
    ├── NotAReportError(ReadError)         a readable text that is not an annual report
    ├── WriteError(ValueError)             a report cannot be written in the asked layout
    ├── WriterConflictError(ValueError)    duplicate writer name without ``replace=True``
    ├── SerializeError(ValueError)         JSON that does not fit the model
    └── ValidationError(ValueError)        ``ValidationReport.raise_for_errors()`` found errors
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from govinfo.validation import ValidationReport


class GovinfoError(Exception):
    """Base class of every exception govinfo raises on purpose."""


class FormatError(GovinfoError):
    """A reader could not be chosen or loaded."""


class UnknownFormatError(FormatError, LookupError):
    """No reader has that name, or no reader recognised the input.

    Attributes:
        scores: every reader's sniff score for the input (empty for a name lookup).
    """

    def __init__(self, message: str, scores: Mapping[str, float] | None = None) -> None:
        super().__init__(message)
        self.scores: dict[str, float] = dict(scores or {})


class ReaderLoadError(FormatError, ImportError):
    """A reader plugin registered through an entry point failed to load."""


class ReaderConflictError(GovinfoError, ValueError):
    """A reader with that name is registered already (pass ``replace=True``)."""


class ReadError(GovinfoError, ValueError):
    """The chosen reader found input it cannot read.

    Attributes:
        source: the file name (or ``None`` for anonymous bytes).
        location: where in the input, in words ("line 12", "word/document.xml").
        reader: the name of the reader that failed.
    """

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        location: str | None = None,
        reader: str | None = None,
    ) -> None:
        self.reason = message
        self.source = source
        self.location = location
        self.reader = reader
        super().__init__(self._compose())

    def _compose(self) -> str:
        where = ", ".join(part for part in (self.source, self.location) if part)
        return f"{where}: {self.reason}" if where else self.reason


class UnsupportedFormatError(ReadError):
    """The input is a report, but in a format govinfo does not read (pre-2019)."""


class NotAReportError(ReadError):
    """The input reads, but is not an annual report: no title, year, table or word of the form."""


class WriteError(GovinfoError, ValueError):
    """A report cannot be written in the requested layout."""


class WriterConflictError(GovinfoError, ValueError):
    """A writer with that name is registered already (pass ``replace=True``)."""


class SerializeError(GovinfoError, ValueError):
    """JSON that does not fit the model.

    Attributes:
        messages: one line per problem, with a path such as ``$.applications.granted``.
    """

    def __init__(self, message: str, messages: list[str] | None = None) -> None:
        super().__init__(message)
        self.messages = list(messages or [])


class ValidationError(GovinfoError, ValueError):
    """A validated report has error findings (raised only on request).

    Attributes:
        report: the :class:`~govinfo.findings.ValidationReport` with the findings.
    """

    def __init__(self, message: str, report: ValidationReport) -> None:
        super().__init__(message)
        self.report = report
