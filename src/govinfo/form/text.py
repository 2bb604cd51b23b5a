"""The text normalisation every printed label goes through before it is compared."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["normalize", "strip_numbering"]

_WS = re.compile(r"\s+")
_PUNCT = str.maketrans(
    {
        "【": "(",
        "】": ")",
        "〔": "(",
        "〕": ")",
        "［": "(",
        "］": ")",
        "[": "(",
        "]": ")",
        "：": ":",
        "，": ",",
        "．": ".",
        "。": ".",
        "\u2014": "-",
        "\u2013": "-",
        "\u2012": "-",
        "\u2212": "-",
        "\ufe63": "-",
    }
)


@lru_cache(maxsize=8192)
def normalize(text: str) -> str:
    """Return ``text`` in the form labels are compared in.

    NFKC (full-width letters, digits and brackets become ASCII), all whitespace removed
    (including U+3000 and no-break spaces), bracket, colon and dash variants unified.
    Curly quotes are kept: they survive NFKC in the official labels too.
    """
    text = unicodedata.normalize("NFKC", text)
    if not _TOUCHED.search(text):
        return text  # no space and no character to unify: the steps below would keep it as it is
    text = _WS.sub("", text).replace("\u200b", "").replace("\ufeff", "")
    return text.translate(_PUNCT)


_TOUCHED = re.compile("[\\s\u200b\ufeff" + re.escape("".join(map(chr, _PUNCT))) + "]")
"""Any character :func:`normalize` removes or replaces after NFKC."""


_NUMBERING = re.compile(
    r"^(?:"
    r"[一二三四五六七八九十]+[、.,]"  # 一、  三.
    r"|\([一二三四五六七八九十]+\)[、.]?"  # (一)
    r"|\d{1,2}(?:[、.,]|\)(?!\d))"  # 1.  1、  1)
    r"|\(\d{1,2}\)"  # (1)
    r")"
)


def strip_numbering(normalized: str) -> tuple[str, str]:
    """Split a normalised label into its numbering prefix and its body.

    ``"(三)不予公开"`` → ``("(三)", "不予公开")``; a label without numbering gives
    ``("", label)``.
    """
    match = _NUMBERING.match(normalized)
    if not match:
        return "", normalized
    return match.group(0), normalized[match.end() :]
