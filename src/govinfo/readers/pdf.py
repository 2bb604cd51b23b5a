"""PDF with a text layer: paragraphs and ruled tables rebuilt from the page geometry.

Needs the ``pdf`` extra (``pip install 'govinfo[pdf]'``, which brings pdfplumber). The
sniffer recognises a PDF by its ``%PDF-`` header without importing anything. The library
is used only in :mod:`govinfo.readers._pdfplumber`, which turns each page into characters
with boxes and ruling segments; :mod:`govinfo.readers._pdflayout` rebuilds paragraphs and
tables from those (see there for what is handled).

Refused with a :class:`~govinfo.errors.ReadError`: a PDF without a text layer (a scan:
no numbers are read out of it), fonts without a Unicode mapping, a user password, damaged
files, and inputs over the limits (pages, inflated streams, time).
"""

from __future__ import annotations

from govinfo.document import Document, Source
from govinfo.errors import ReadError
from govinfo.readers._pdfgeometry import PageGeometry
from govinfo.readers._pdflayout import build_blocks

__all__ = ["PdfReader", "is_pdf"]

INSTALL_HINT = "pip install 'govinfo[pdf]'"
MIN_TEXT = 20  # visible characters below which a PDF has no usable text layer


def is_pdf(data: bytes) -> bool:
    """Whether ``data`` starts like a PDF (``%PDF-`` within its first 1024 bytes)."""
    return b"%PDF-" in data[:1024]


class PdfReader:
    """Reader of PDF files with a text layer (``format="pdf"``)."""

    name = "pdf"
    extensions: tuple[str, ...] = (".pdf",)

    def sniff(self, data: bytes, name: str | None = None) -> float:
        """Score ``data``: 1.0 for the ``%PDF-`` header, whatever the file is called."""
        try:
            return 1.0 if is_pdf(data) else 0.0
        except Exception:  # sniff must never raise
            return 0.0

    def read(self, data: bytes, *, name: str | None = None) -> Document:
        """Read a PDF's paragraphs and tables.

        Raises:
            ReadError: pdfplumber is not installed, the PDF has no text layer, is damaged,
                encrypted or over a limit.
        """
        if not is_pdf(data):
            raise ReadError("this is not a PDF (no %PDF- header)", source=name, reader=self.name)
        try:
            from govinfo.readers._pdfplumber import read_pages
        except ImportError as exc:
            raise ReadError(
                f"reading PDF needs pdfplumber, which is not installed ({exc}); install it with {INSTALL_HINT}",
                source=name,
                reader=self.name,
            ) from None
        pages = read_pages(data, name)
        _check_text_layer(pages, name)
        note = scan_note(pages)
        return Document(
            blocks=build_blocks(pages),
            source=Source(name=name, reader=self.name),
            notes=[note] if note else [],
        )


SCAN_TEXT_PER_PAGE = 200
"""Characters per page below which a PDF whose every page draws an image looks like a scan."""


def scan_note(pages: list[PageGeometry]) -> str | None:
    """A note when every page is an image with little text on it (a scan with a watermark or page numbers)."""
    if not pages or any(page.images == 0 for page in pages):
        return None
    characters = sum(1 for page in pages for g in page.glyphs if g.text.strip())
    if characters >= SCAN_TEXT_PER_PAGE * len(pages):
        return None
    return (
        f"every page is an image with little text ({characters} characters on {len(pages)} page(s)): "
        "a scan, whose tables would need OCR?"
    )


def _check_text_layer(pages: list[PageGeometry], name: str | None) -> None:
    visible = [g.text for page in pages for g in page.glyphs if g.text.strip()]
    unmapped = sum(1 for text in visible if text.startswith("(cid:"))
    images = sum(page.images for page in pages)
    if len(visible) - unmapped < MIN_TEXT:
        if unmapped:
            why = "its fonts have no Unicode mapping, so the characters cannot be read"
        elif images:
            why = f"it has no text layer, only {images} image(s): a scan, which would need OCR"
        else:
            why = "it has no text"
        raise ReadError(f"cannot read this PDF: {why}", source=name, reader="pdf")
    if unmapped > 0.3 * len(visible):
        raise ReadError(
            f"cannot read this PDF: {unmapped} of its {len(visible)} characters have no Unicode mapping",
            source=name,
            reader="pdf",
        )
