"""Format readers: bytes in, :class:`~govinfo.document.Document` out.

A reader is any object with these members (:class:`Reader` is the protocol; subclassing
it is optional):

- ``name``: a short identifier (``"text"``, ``"html"``);
- ``extensions``: file name suffixes it usually reads (``(".html", ".htm")``);
- ``sniff(data, name) -> float``: a cheap 0.0–1.0 score that never raises;
- ``read(data, *, name=None) -> Document | AnnualReport``: raises
  :class:`~govinfo.errors.ReadError` on malformed input.

The built-in readers are listed in :data:`BUILTIN_READERS`, in the order that breaks
ties between equal scores. Third-party readers register through the entry-point group
``govinfo.readers`` or :func:`govinfo.register_reader`.

For reader authors: :func:`decode_text` decodes a text format with govinfo's encoding
policy, :func:`declared_charset` finds the charset HTML or XML declares, and
:func:`looks_binary` tells binary data from text (see ``docs/writing-a-reader.md``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

from govinfo.readers._decode import Decoded, declared_charset, decode_text, looks_binary

if TYPE_CHECKING:
    from govinfo.document import Document
    from govinfo.model import AnnualReport

__all__ = ["BUILTIN_READERS", "Decoded", "Reader", "declared_charset", "decode_text", "looks_binary"]


@runtime_checkable
class Reader(Protocol):
    """What the registry needs of a reader."""

    name: str
    extensions: tuple[str, ...]

    def sniff(self, data: bytes, name: str | None = None) -> float:
        """Return how likely ``data`` is this reader's format, 0.0–1.0; never raise."""
        ...

    def read(self, data: bytes, *, name: str | None = None) -> Document | AnnualReport:
        """Read ``data``; raise :class:`~govinfo.errors.ReadError` when it is malformed."""
        ...


# Dotted paths, loaded lazily by the registry; order breaks ties between equal scores.
BUILTIN_READERS: tuple[str, ...] = (
    "govinfo.readers.text:PipeTextReader",
    "govinfo.readers.tabbed:TabbedTextReader",
    "govinfo.readers.html:HtmlReader",
    "govinfo.readers.docx:DocxReader",
    "govinfo.readers.flat:FlatTextReader",
    "govinfo.readers.json:JsonReader",
    "govinfo.readers.pdf:PdfReader",
    "govinfo.readers.markdown:MarkdownReader",
    "govinfo.readers.office:OfficeReader",
)
