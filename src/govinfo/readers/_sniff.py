"""Sniffing helpers shared by the readers and the registry (private).

Cheap looks at the start of an input: which non-text format it is (a PDF, a ZIP ...),
whether it is HTML, its first bytes as text, and how much it reads like a report.
None of them raises on any input.
"""

from __future__ import annotations

import re

from govinfo.readers._decode import looks_binary

__all__ = [
    "foreign_format",
    "layout_score",
    "looks_like_html",
    "nonblank_lines",
    "report_marker_score",
    "sample_text",
    "sniffable_text",
]

# Magic numbers of formats no built-in reader reads, often given a report's name (.html, .doc).
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "a ZIP archive (DOCX, XLSX ...)"),
    (b"%PDF", "a PDF file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an OLE file (old Word/Excel .doc/.xls)"),
    (b"\x89PNG", "a PNG image"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
)

_HTML = re.compile(
    rb"<!doctype\s+html|</?(?:html|head|body|meta|table|tbody|tr|td|th|p|div|span|br|h[1-6])[\s>/]",
    re.I,
)
_MARKERS = (
    "政府信息公开",
    "年度报告",
    "主动公开",
    "信息内容",
    "申请人情况",
    "行政复议",
    "本年度办理结果",
)


def foreign_format(data: bytes) -> str | None:
    """Name the non-text format ``data`` starts with (``"a PDF file"``), if it is a known one."""
    return next((what for magic, what in _MAGIC if data.startswith(magic)), None)


def looks_like_html(data: bytes) -> bool:
    """Return whether the first bytes of ``data`` look like an HTML document."""
    head = data[:4096].lstrip()
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:].lstrip()
    return head[:1] == b"<" and bool(_HTML.search(head))


def sample_text(data: bytes, limit: int = 65536) -> str:
    """Decode the first ``limit`` bytes leniently, for sniffing only."""
    head = data[:limit]
    for codec in ("utf-8-sig", "gb18030"):
        try:
            return head.decode(codec)
        except UnicodeDecodeError as exc:
            if codec == "utf-8-sig" and exc.start >= len(head) - 4:
                return head[: exc.start].decode("utf-8-sig", "replace")  # cut mid-character
    return head.decode("utf-8", "replace")


def sniffable_text(data: bytes) -> str | None:
    """Return the start of ``data`` as text for a text reader's sniff, or ``None``.

    ``None`` for what no text layout can be: empty input, binary data, HTML. The answer
    for the last input is kept, so the sniffers of one detection decode the sample once.
    """
    last_data, last_text = _last_sniffed[0]
    if last_data is data:
        return last_text
    text = None if not data or looks_binary(data) or looks_like_html(data) else sample_text(data)
    _last_sniffed[0] = (data, text)  # one atomic store: safe across threads
    return text


# (bytes, text) of the last sniffable_text call; holding the bytes keeps the identity
# check sound.
_last_sniffed: list[tuple[bytes, str | None]] = [(b"", None)]


def nonblank_lines(text: str) -> tuple[tuple[str, ...], int]:
    """Return the lines of ``text`` that are not blank, and how many of them end in ``|``.

    The answer for the last text is kept: the text sniffers of one detection share the
    sample from :func:`sniffable_text`, and with it these lines.
    """
    last_text, lines, piped = _last_lines[0]
    if last_text is text:
        return lines, piped
    lines = tuple(line for line in text.splitlines() if line.strip())
    piped = sum(1 for line in lines if line.rstrip().endswith("|")) if "|" in text else 0
    _last_lines[0] = (text, lines, piped)  # one atomic store: safe across threads
    return lines, piped


_last_lines: list[tuple[str, tuple[str, ...], int]] = [("", (), 0)]


def layout_score(cell_lines: int, lines: int, markers: float) -> float:
    """Return a text layout's sniff score from its share of cell lines and report markers."""
    return min(1.0, 0.6 + 0.2 * markers + 0.2 * min(cell_lines / lines / 0.5, 1.0))


def report_marker_score(text: str) -> float:
    """Return 0.0–1.0: how many report markers (政府信息公开, 信息内容…) ``text`` holds."""
    hits = sum(1 for marker in _MARKERS if marker in text)
    return min(hits / 3, 1.0)
