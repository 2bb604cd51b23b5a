"""The pdfplumber adapter: PDF bytes in, :class:`PageGeometry` records out.

This is the only module that imports pdfplumber (and, through it, pdfminer.six). It
checks the input's limits before any parsing work, turns every exception of the library
into a :class:`~govinfo.errors.ReadError` that names the file, and hands the layout code
nothing but characters with boxes, ruling segments and page sizes.
"""

from __future__ import annotations

import io
import re
import time
import zlib
from collections.abc import Iterator
from typing import Any

import pdfplumber
from pdfminer.pdfpage import PDFPage
from pdfminer.pdftypes import resolve1

from govinfo.errors import ReadError
from govinfo.readers._pdfgeometry import Glyph, PageGeometry, Segment

__all__ = ["MAX_PAGES", "MAX_STREAM_BYTES", "read_pages"]

MAX_PAGES = 500
"""PDFs with more pages than this are refused (a report has a handful)."""
MAX_STREAM_BYTES = 32 * 1024 * 1024
"""No stream may inflate to more than this (32 MiB)."""
MAX_INFLATED_BYTES = 192 * 1024 * 1024
"""All streams together may not inflate to more than this (192 MiB)."""
MAX_CONTENT_BYTES = 16 * 1024 * 1024
"""The pages' drawing instructions together may not exceed this (16 MiB)."""
MAX_SECONDS = 60.0
"""Reading stops with an error after this long."""
THIN = 2.5  # points: a rectangle at most this thick is a ruling, not a shaded area

_STREAM = re.compile(rb"(?<!end)stream\r?\n")
_ZLIB_HEADERS = (b"\x78\x01", b"\x78\x5e", b"\x78\x9c", b"\x78\xda")


def _error(message: str, name: str | None, location: str | None = None) -> ReadError:
    return ReadError(message, source=name, location=location, reader="pdf")


def _inflated_size(raw: bytes, limit: int) -> int:
    """The size ``raw`` inflates to, counted without keeping it; stops past ``limit``."""
    inflater = zlib.decompressobj()
    total = 0
    pending = raw
    try:
        while pending and total <= limit:
            total += len(inflater.decompress(pending, 1 << 20))
            pending = inflater.unconsumed_tail
    except zlib.error:
        pass  # a damaged stream: the parser will report what it can
    return total


def check_streams(data: bytes, name: str | None) -> None:
    """Refuse input whose compressed streams inflate beyond the limits, before parsing it."""
    total = 0
    for match in _STREAM.finditer(data):
        start = match.end()
        if data[start : start + 2] not in _ZLIB_HEADERS:
            continue
        end = data.find(b"endstream", start)
        raw = data[start : end if end >= 0 else len(data)]
        size = _inflated_size(raw, MAX_STREAM_BYTES)
        if size > MAX_STREAM_BYTES:
            raise _error(
                f"a compressed stream inflates to more than {MAX_STREAM_BYTES // (1 << 20)} MiB",
                name,
                f"byte {match.start()}",
            )
        total += size
        if total > MAX_INFLATED_BYTES:
            raise _error(f"the streams inflate to more than {MAX_INFLATED_BYTES // (1 << 20)} MiB", name)


def _page_count(pdf: Any) -> int:
    pages = resolve1(pdf.doc.catalog.get("Pages"))
    count = resolve1(pages.get("Count")) if isinstance(pages, dict) else None
    return count if isinstance(count, int) else 0


def _content_size(page: Any) -> int:
    contents = resolve1(page.page_obj.attrs.get("Contents"))
    streams = contents if isinstance(contents, list) else [contents]
    size = 0
    for stream in streams:
        stream = resolve1(stream)
        if hasattr(stream, "get_data"):
            size += len(stream.get_data())
    return size


def _glyphs(page: Any) -> Iterator[Glyph]:
    for char in page.chars:
        yield Glyph(
            char["text"],
            float(char["x0"]),
            float(char["top"]),
            float(char["x1"]),
            float(char["bottom"]),
            float(char.get("size") or (char["bottom"] - char["top"])),
            bool(char.get("upright", True)),
        )


def _segments(page: Any) -> Iterator[Segment]:
    for line in page.lines:
        yield Segment(float(line["x0"]), float(line["top"]), float(line["x1"]), float(line["bottom"]))
    for rect in page.rects:
        x0, top, x1, bottom = (float(rect[k]) for k in ("x0", "top", "x1", "bottom"))
        if x1 - x0 <= THIN or bottom - top <= THIN:
            yield Segment(x0, top, x1, bottom)  # a ruling drawn as a thin filled rectangle
        elif rect.get("stroke"):
            yield from (
                Segment(x0, top, x1, top),
                Segment(x0, bottom, x1, bottom),
                Segment(x0, top, x0, bottom),
                Segment(x1, top, x1, bottom),
            )
        # A filled, unstroked rectangle is a shaded background: no ruling.


def read_pages(data: bytes, name: str | None) -> list[PageGeometry]:
    """Return the geometry of every page.

    Raises:
        ReadError: the PDF is damaged, encrypted with a user password, over a limit, or
            the library failed on it.
    """
    check_streams(data, name)
    started = time.monotonic()
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        # Both limits are checked before ``with``: ``pdf.pages`` and ``pdf.close()`` build
        # every page at once, so they are only used on a PDF within the page limit.
        count = _page_count(pdf)
        if count > MAX_PAGES:
            raise _error(f"the PDF says it has {count} pages; the limit is {MAX_PAGES}", name)
        for number, _ in enumerate(PDFPage.create_pages(pdf.doc), start=1):  # lazily: /Count may lie
            if number > MAX_PAGES:
                raise _error(f"the PDF has more than {MAX_PAGES} pages", name)
        with pdf:
            result: list[PageGeometry] = []
            content = 0
            for number, page in enumerate(pdf.pages, start=1):
                if number > MAX_PAGES:
                    raise _error(f"the PDF has more than {MAX_PAGES} pages", name)
                content += _content_size(page)
                if content > MAX_CONTENT_BYTES:
                    raise _error(
                        f"the pages' content exceeds {MAX_CONTENT_BYTES // (1 << 20)} MiB", name, f"page {number}"
                    )
                result.append(
                    PageGeometry(
                        number,
                        float(page.width),
                        float(page.height),
                        tuple(_glyphs(page)),
                        tuple(_segments(page)),
                        len(page.images),
                    )
                )
                page.close()
                if time.monotonic() - started > MAX_SECONDS:
                    raise _error(f"reading took longer than {MAX_SECONDS:.0f} s", name, f"page {number}")
            return result
    except ReadError:
        raise
    except Exception as exc:  # pdfminer raises many types; none may escape as a traceback
        raise _error(_describe(exc), name) from exc


def _describe(exc: BaseException) -> str:
    cause = exc.__cause__ or exc.__context__
    inner = cause if type(exc).__name__ == "PdfminerException" and cause is not None else exc
    kind = type(inner).__name__
    text = str(inner).strip() or kind
    if "password" in kind.lower() or "encrypt" in kind.lower():
        return f"the PDF is encrypted and needs a password to open ({text})"
    return f"not a readable PDF ({kind}: {text[:200]})"
