"""What the PDF reader needs of a page: characters with boxes, ruling segments, the size.

These plain records are all the table reconstruction (:mod:`govinfo.readers._pdflayout`)
sees. A PDF library is wrapped by one small adapter that produces them
(:mod:`govinfo.readers._pdfplumber`), so the library can change without touching the
reconstruction. Coordinates are PDF points with the origin at the page's top-left corner,
``top`` growing downwards (as pdfplumber reports them).
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["Glyph", "PageGeometry", "Segment"]


class Glyph(NamedTuple):
    """One character as drawn: its text and its box."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    upright: bool = True


class Segment(NamedTuple):
    """A straight ruling: a stroked line, or a rectangle thin enough to be one.

    A horizontal segment has ``top == bottom`` (its centre line); a vertical one
    ``x0 == x1``.
    """

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def horizontal(self) -> bool:
        """Whether the segment runs left to right."""
        return (self.x1 - self.x0) >= (self.bottom - self.top)


class PageGeometry(NamedTuple):
    """One page: its number, size, characters, rulings and how many images it draws."""

    number: int
    width: float
    height: float
    glyphs: tuple[Glyph, ...]
    segments: tuple[Segment, ...]
    images: int = 0
