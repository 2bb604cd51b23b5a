"""Turning bytes into text: BOM, strict UTF-8, declared charset, GB18030, then chardet.

Shared by the text-based readers; :func:`decode_text` is the public face
(``govinfo.readers.decode_text``). The order matters (DESIGN.md, "Decoding"): strict
UTF-8 almost never succeeds by accident on GBK bytes, so it is tried before a declared
charset — that is how a page that declares the wrong charset is still read right. A
declared GB2312/GBK is read as GB18030, its superset.
"""

from __future__ import annotations

import codecs
import re

import attrs

from govinfo.errors import ReadError

__all__ = ["Decoded", "canonical_charset", "declared_charset", "decode", "decode_text", "looks_binary"]

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_GB_FAMILY = {"gb2312", "gbk", "gb18030", "cp936", "x-gbk", "gb_2312-80", "euc-cn", "hz-gb-2312"}


@attrs.frozen
class Decoded:
    """Text decoded from bytes, with the encoding used and why.

    Attributes:
        text: the decoded text, newlines unified to ``\\n``.
        encoding: the codec name used.
        reason: ``"bom"``, ``"utf-8"``, ``"declared"`` or ``"detected"``.
        notes: problems noticed (a declared charset that did not fit the bytes).
    """

    text: str
    encoding: str
    reason: str
    notes: tuple[str, ...] = ()


def canonical_charset(label: str) -> str | None:
    """Return a Python codec name for a charset label (GB family → gb18030), or ``None``."""
    label = label.strip().strip("\"'").lower()
    if label in _GB_FAMILY:
        return "gb18030"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


# The control bytes that do not occur in text (TAB, LF, FF, CR and ESC do).
_CONTROLS = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))


def looks_binary(data: bytes, sample: int = 4096) -> bool:
    """Return whether ``data`` looks like binary rather than text (NUL bytes, control chars)."""
    head = data[:sample]
    if not head:
        return False
    if any(head.startswith(bom) for bom, _ in _BOMS[1:]):
        return False  # UTF-16/32 text has NULs
    if b"\x00" in head:
        return True
    controls = len(head) - len(head.translate(None, _CONTROLS))  # counted in C
    return controls > len(head) // 100 + 1


def decode(
    data: bytes,
    *,
    declared: str | None = None,
    source: str | None = None,
    reader: str | None = None,
) -> Decoded:
    """Decode ``data`` following the order in the module docstring.

    A single-byte Western charset (declared, or guessed by chardet on a short sample)
    never fails to decode, so Chinese bytes read through it would be mojibake; where
    GB18030 reads the same bytes as Chinese, GB18030 wins and a note says so.

    Args:
        data: the input bytes.
        declared: a charset the input declares (``<meta charset>``, XML declaration).
        source: the file name, for error messages.
        reader: the reader's name, for error messages.

    Raises:
        ReadError: the bytes are binary, or no encoding decodes them.
    """
    return _prefer_chinese(data, _decode(data, declared=declared, source=source, reader=reader))


def decode_text(
    data: bytes,
    *,
    name: str | None = None,
    reader: str | None = None,
    declared: str | None = None,
) -> Decoded:
    """Decode a text format's bytes the way govinfo's own readers do.

    The order is: a byte-order mark; else strict UTF-8; else ``declared`` (GB2312 and
    GBK are read as GB18030, their superset); else GB18030 when every character it reads
    is in GB2312; else chardet, then GB18030. A single-byte Western result where GB18030
    reads the same bytes as Chinese becomes GB18030. Newlines are unified to ``\\n``.

    Args:
        data: the input bytes.
        name: the file name, for error messages.
        reader: your reader's name, for error messages.
        declared: the charset the input declares, if its format can declare one
            (:func:`declared_charset` finds HTML's ``<meta charset>`` and XML's).

    Returns:
        The text with ``encoding`` and ``reason`` (``"bom"``, ``"utf-8"``,
        ``"declared"``, ``"detected"``) for :class:`~govinfo.document.Source`, and
        ``notes`` (a declared charset that was wrong, a truncated last character) for
        :class:`~govinfo.document.Document`.

    Raises:
        ReadError: the bytes are binary, or no encoding decodes them.
    """
    return decode(data, declared=declared, source=name, reader=reader)


_CJK_CODECS = frozenset(
    {
        "gb18030", "gbk", "gb2312", "hz", "big5", "big5hkscs", "cp950", "euc_jp",
        "shift_jis", "cp932", "euc_kr", "cp949", "iso2022_jp", "iso2022_kr",
        "utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be",
    }
)  # fmt: skip
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _prefer_chinese(data: bytes, decoded: Decoded) -> Decoded:
    if decoded.reason not in ("declared", "detected"):
        return decoded
    if canonical_charset(decoded.encoding) in _CJK_CODECS:
        return decoded
    if data.isascii() or _CJK.search(decoded.text):
        return decoded
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return decoded
    if len(_CJK.findall(text)) < 2:
        return decoded
    notes = decoded.notes
    if decoded.reason == "declared":
        notes = (
            *notes,
            f"the document declares charset {decoded.encoding!r} but its bytes read as "
            "Chinese in GB18030; read as GB18030",
        )
    return Decoded(_newlines(text), "gb18030", "detected", notes)


def _decode(
    data: bytes,
    *,
    declared: str | None = None,
    source: str | None = None,
    reader: str | None = None,
) -> Decoded:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(_newlines(data.decode(codec)), codec.replace("-sig", ""), "bom")
            except UnicodeDecodeError as exc:
                raise ReadError(
                    f"the file starts with a {codec} byte-order mark but is not valid {codec}",
                    source=source,
                    location=f"byte {exc.start}",
                    reader=reader,
                ) from exc
    if looks_binary(data):
        raise ReadError("this is binary data, not text", source=source, reader=reader)
    notes: list[str] = []
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.start >= len(data) - 3 and exc.start > 0:
            # UTF-8 cut in the middle of its last character: a truncated file, not GBK.
            text = data[: exc.start].decode("utf-8", "replace")
            note = "the file ends in the middle of a character: it may be truncated"
            return Decoded(_newlines(text), "utf-8", "utf-8", (note,))
    else:
        declared_codec = canonical_charset(declared) if declared else None
        if declared_codec and declared_codec not in ("utf-8", "ascii"):
            notes.append(f"the document declares charset {declared!r} but its bytes are UTF-8; read as UTF-8")
        return Decoded(_newlines(text), "utf-8", "utf-8", tuple(notes))
    if declared:
        declared_as = canonical_charset(declared)
        if declared_as is None:
            notes.append(f"the declared charset {declared!r} is unknown; detecting instead")
        else:
            try:
                return Decoded(_newlines(data.decode(declared_as)), declared_as, "declared", tuple(notes))
            except UnicodeDecodeError as exc:
                notes.append(
                    f"the document declares charset {declared!r} but byte {exc.start} "
                    f"does not fit it; detecting instead"
                )
    # GB18030 is what these reports use when they are not UTF-8: taken without chardet
    # when every character it reads is in GB2312, the common simplified set (Big5 or
    # Shift_JIS bytes read as GB18030 give rarer characters, and go to chardet).
    try:
        text = data.decode("gb18030")
        text.encode("gb2312")
    except UnicodeError:
        pass
    else:
        return Decoded(_newlines(text), "gb18030", "detected", tuple(notes))
    import chardet

    guess = chardet.detect(data[:65536])
    label = guess.get("encoding")
    detected = canonical_charset(str(label)) if label else None
    # GB18030 covers GBK and GB2312, the usual legacy encodings of these reports.
    for candidate in dict.fromkeys(c for c in (detected, "gb18030") if c):
        try:
            return Decoded(_newlines(data.decode(candidate)), candidate, "detected", tuple(notes))
        except UnicodeDecodeError:
            continue
    raise ReadError(
        "cannot decode the text: it is neither UTF-8 nor GB18030 and no other encoding fits",
        source=source,
        reader=reader,
    )


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
_XML_DECL = re.compile(rb"""<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_\-.]+)["']""", re.I)


def declared_charset(data: bytes, limit: int = 8192) -> str | None:
    """Return the charset an HTML or XML document declares in its first bytes, if any."""
    head = data[:limit]
    match = _META_CHARSET.search(head) or _XML_DECL.search(head)
    return match.group(1).decode("ascii", "replace") if match else None
