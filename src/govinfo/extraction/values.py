"""Parsing cell text into numbers, and writing numbers back as the document would.

A cell holds a number (``302``, ``+1036``, ``1032.60994``, ``3,985,758``, ``251000元``),
nothing (blank), a placeholder that means "nothing" (``/``, ``—``, ``不适用``), or text that
is not a number at all. :func:`parse_cell` tells which, without ever guessing a number.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from functools import lru_cache

import attrs

from govinfo._fast import fast_init
from govinfo.form.text import normalize

__all__ = [
    "LOOKALIKES",
    "PLACEHOLDERS",
    "ParsedCell",
    "format_number",
    "looks_like_value",
    "parse_cell",
    "parse_normalized",
    "resembles",
]

PLACEHOLDERS = frozenset({"/", "//", "-", "--", "---", "\\", "不适用", "N/A", "n/a", "NA", "无", "空", "-/-", "*", "×"})
"""Normalised cell texts that stand for "no value" (dashes are normalised to ``-``)."""

_NUMBER = re.compile(
    r"^(?P<sign>[+-])?"
    r"(?P<int>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)"
    r"(?:\.(?P<frac>[0-9]+))?"
    r"(?P<unit>万元|元|亿元|件|个|项|条|次|人次|家|宗|人|份)?$"
)


@fast_init
@attrs.frozen
class ParsedCell:
    """What a cell's text says.

    Attributes:
        status: ``"number"``, ``"blank"``, ``"placeholder"`` or ``"text"``.
        value: the number (``Decimal``; integral for counts), ``None`` otherwise.
        unit: a unit typed into the cell (``元``), if any.
        raw: the text as found.
    """

    status: str
    value: Decimal | None = None
    unit: str | None = None
    raw: str = ""

    @property
    def is_value_slot(self) -> bool:
        """Whether the cell can stand where a table value is expected."""
        return self.status != "text"


def parse_cell(text: str) -> ParsedCell:
    """Return what ``text`` (a table cell) says; never raises."""
    return _parse_cell(text)


@lru_cache(maxsize=16384)
def _parse_cell(text: str) -> ParsedCell:
    # Cell texts recur ("0", "", "/"): each parsed once; ParsedCell and Decimal are immutable.
    return parse_normalized(text, normalize(text))


def parse_normalized(text: str, norm: str) -> ParsedCell:
    """:func:`parse_cell` of ``text`` whose :func:`~govinfo.form.normalize` is ``norm`` (not memoised)."""
    if not norm:
        return ParsedCell("blank", raw=text)
    if norm in PLACEHOLDERS or norm.strip("-") == "" or norm in ("—", "——"):
        return ParsedCell("placeholder", raw=text)
    match = _NUMBER.match(norm)
    if not match:
        return ParsedCell("text", raw=text)
    digits = match.group("int").replace(",", "")
    frac = match.group("frac")
    number = Decimal(f"{match.group('sign') or ''}{digits}{'.' + frac if frac else ''}")
    return ParsedCell("number", number, match.group("unit"), text)


LOOKALIKES = {"〇": "0", "○": "0", "O": "0", "o": "0", "零": "0", "l": "1", "I": "1", "|": "1"}
"""Characters typed (or OCR-read) for a digit: ``〇``/``O`` for 0, ``l``/``I`` for 1."""

_GARBAGE_MAX = 8
"""Longer digitless texts in a value cell are words, not a mistyped number."""


def resembles(text: str) -> str | None:
    """The number a digitless cell text looks like (``"〇"`` → ``"0"``, ``"l0"`` → ``"10"``), or ``None``.

    Only a text made of digits and look-alike characters (:data:`LOOKALIKES`) resembles
    a number; nothing here is ever read *as* that number.
    """
    norm = normalize(text)
    if not norm or not any(c in LOOKALIKES for c in norm):
        return None
    digits = "".join(LOOKALIKES.get(c, c) for c in norm)
    return digits if digits.isascii() and digits.isdigit() else None


def looks_like_value(text: str) -> bool:
    """Whether a cell text that is no number could only be a garbled value, not a label.

    It holds an ASCII digit (``增加3个``), or it is short and has no Chinese word in it
    (``〇``, ``O``, ``l``, ``?``, ``x``): what a typo or an OCR error leaves in a count cell.
    A label always has a word.
    """
    norm = normalize(text)
    if not norm:
        return False
    if re.search(r"[0-9]", norm):
        return True
    if len(norm) > _GARBAGE_MAX:
        return False
    return all(c in LOOKALIKES or unicodedata.category(c)[0] != "L" or c.isascii() for c in norm)


def format_number(value: int | Decimal | None) -> str:
    """Return a value as the long CSV and the writers print it (``""`` for ``None``).

    Decimals keep every stored digit and never use exponent notation.
    """
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)
