"""Crawler text whose tables lost their cell separators (``format="flat"``).

Some crawlers save a report page as plain text with the table cells run together: a row
label, then the row's numbers as one digit run, then the next label
(``一、本年新收政府信息公开申请数量713000074二、上年结转…``). Often the whole body of the
page is one line. This reader recovers what the text still shows and nothing more:

- each line is cut into *pieces* at sentence ends (``。！？``); a piece holding several
  numbers glued between text (not followed by a measure word such as ``条``/``年``) is
  *tabular*, and so is a short piece without prose punctuation whose every number is
  glued (a line per row); the others are prose;
- each tabular stretch of a line (consecutive tabular pieces, from the text before their
  first glued number to their last glued number) becomes a table row whose cells alternate text and number *chunks*; the
  rest of the line becomes paragraphs, split before numbered headings (``。二、``) and
  after such a heading where a space sets it apart from its text (``一、总体情况 2022年``);
- a crawler header (``标题: …``, ``发布时间: …`` above a ``==== 正文 ====`` rule) gives
  the document title; its other fields with a value stay paragraphs (the extractor reads
  ``发布时间``), the crawler's bookkeeping is dropped;
- chunks are split at digit/non-digit boundaries and at whitespace between numbers; a
  digit followed by ``.``/``、`` and a CJK character is the numbering of the following
  text (``00000002.其他…`` → ``0000000`` and ``2.其他…``); a sign starts a new number
  (``2648-18538`` → ``2648`` and ``-18538``); a decimal fraction and a money unit
  (``元``/``万元``) stay with their number; text chunks keep inner spaces.

A number chunk may stand for several cells: splitting it is the extractor's job (it knows
the tables' widths and invariants); this reader knows no label. Consecutive tabular
lines form one :class:`Table`, one row per line; each chunk is a :class:`Cell` with
``Location(line, table, row, column)``, the column being the chunk's 1-based index.
"""

from __future__ import annotations

import re

import attrs

from govinfo.document import Block, Cell, Document, Location, Paragraph, Table
from govinfo.readers._sniff import nonblank_lines, report_marker_score, sniffable_text
from govinfo.readers.text import decode_text_layout, text_document

__all__ = ["Chunk", "FlatTextReader", "chunk_text", "parse_flat_text"]

_DIGITS = "0-9\uff10-\uff19"
_NUMBER = re.compile(
    rf"(?P<sign>[-+\uff0d\u2212\uff0b])?(?P<int>[{_DIGITS}]+)"
    rf"(?P<frac>[.\uff0e][{_DIGITS}]+)?(?P<unit>万元|亿元|元)?"
)
_NUMBERING_DOT = ".、\uff0e"
_SENTENCE_MARKS = "。！？!?"
_SENTENCE_END = re.compile(r"(?<=[。！？!?])")
_HEADING_START = re.compile(r"(?<=[。！？!?])\s*(?=[一二三四五六七八九十]{1,3}、)")
# A numbered heading the crawler kept apart from its text by a space: "一、总体情况 2022年，…".
_HEADING_SPACE = re.compile(r"^([一二三四五六七八九十]{1,3}、[^\s,，。；;:：]{1,30})\s+(\S.*)$", re.S)
# Characters that, right after a number, make it prose ("2599条", "2019年", "92%").
_MEASURE = frozenset(
    "年月日时分秒号条件个项次人家宗份元万亿余多期场届批名户所座台篇部本张类倍周天岁级位套辆笔起通页"
    "%％‰℃，。、；：,.;:!?！？）)》」』\"'"
)
_BEFORE_PROSE = frozenset("第约近（(《「『@#/:：.,，、；;\"'")
_CRAWLER_BODY = re.compile(r"^=+\s*正文\s*=+\s*$", re.M)
_HEADER_FIELD = re.compile(r"^(?P<key>[^:：\s]{1,8})\s*[:：]\s*(?P<value>.*)$")
_CRAWLER_KEYS = frozenset({"本地目录"})  # the crawler's own folder, not the page's
# Labels of the applications table; only for sniffing, never to interpret anything.
_TABLE_WORDS = ("本年新收政府信息公开申请数量", "上年结转政府信息公开申请数量", "信息内容", "结果维持")
_MIN_GLUED = 3
_SHORT_ROW = 120
_BRACKETED = re.compile(r"[（(][^（()）]*[)）]")
_PROSE_MARK = re.compile(r"[，。；：！？,;:!?]")
_GLUED_SHARE = 0.6


def _is_cjk(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"


def _is_digit(char: str) -> bool:
    return "0" <= char <= "9" or "\uff10" <= char <= "\uff19"


@attrs.frozen
class Chunk:
    """A stretch of a line: text, or one number (which may be several cells run together).

    Attributes:
        kind: ``"text"`` or ``"number"``.
        text: the chunk as found (text chunks stripped at both ends).
        start: offset of the chunk in the text it was cut from.
        end: offset just past the chunk.
    """

    kind: str
    text: str
    start: int
    end: int


def chunk_text(text: str) -> list[Chunk]:
    """Cut ``text`` into alternating text and number chunks (see the module docstring)."""
    chunks: list[Chunk] = []
    pos = 0

    def add_text(start: int, end: int) -> None:
        segment = text[start:end]
        stripped = segment.strip()
        if stripped:
            lead = len(segment) - len(segment.lstrip())
            chunks.append(Chunk("text", stripped, start + lead, start + lead + len(stripped)))

    for match in _NUMBER.finditer(text):
        start, end = match.span()
        int_end = match.end("int")
        digits = match.group("int")
        after = text[int_end : int_end + 2]
        numbering = (
            match.group("frac") is None
            and match.group("unit") is None
            and len(after) == 2
            and after[0] in _NUMBERING_DOT
            and _is_cjk(after[1])
        )
        if numbering:
            # The last digit numbers the following label; the rest is a number of its own.
            if len(digits) == 1:
                continue
            end = int_end - 1
        add_text(pos, start)
        chunks.append(Chunk("number", text[start:end], start, end))
        pos = end
    add_text(pos, len(text))
    return chunks


def _glued(chunks: list[Chunk], index: int, text: str) -> bool:
    """Whether a number chunk sits between labels as a table value would."""
    chunk = chunks[index]
    before = text[: chunk.start].rstrip()
    after = text[chunk.end :].lstrip()
    if before and not (_is_cjk(before[-1]) or _is_digit(before[-1]) or before[-1] in "）)”’」』】"):
        return False
    if before and before[-1] in _BEFORE_PROSE:
        return False
    if not after or after in _SENTENCE_MARKS:
        return True  # the last value of a table that ends a sentence
    first = after[0]
    if first in _MEASURE:
        return False
    return _is_cjk(first) or _is_digit(first) or first in "（(-+\uff0d\u2212"


@attrs.frozen
class _Piece:
    text: str
    start: int
    chunks: tuple[Chunk, ...]
    glued: tuple[int, ...]  # indices of glued number chunks

    @property
    def tabular(self) -> bool:
        numbers = sum(1 for c in self.chunks if c.kind == "number")
        if len(self.glued) >= _MIN_GLUED and len(self.glued) >= _GLUED_SHARE * numbers:
            return True
        # A line holding one or two rows ("二、上年结转…数量 1000001"): every number glued, no prose.
        bare = _BRACKETED.sub("", self.text)
        return 0 < len(self.glued) == numbers and len(bare) <= _SHORT_ROW and not _PROSE_MARK.search(bare)


def _pieces(line: str) -> list[_Piece]:
    pieces: list[_Piece] = []
    offset = 0
    for part in _SENTENCE_END.split(line):
        if part:
            chunks = chunk_text(part)
            glued = tuple(i for i, c in enumerate(chunks) if c.kind == "number" and _glued(chunks, i, part))
            pieces.append(_Piece(part, offset, tuple(chunks), glued))
        offset += len(part)
    return pieces


def _table_spans(line: str) -> list[tuple[int, int, list[Chunk]]]:
    """Return (start, end, chunks) of each tabular stretch of a line (consecutive pieces)."""
    groups: list[list[_Piece]] = []
    previous_tabular = False
    for piece in _pieces(line):
        if piece.tabular:
            if previous_tabular:
                groups[-1].append(piece)
            else:
                groups.append([piece])
        previous_tabular = piece.tabular
    spans: list[tuple[int, int, list[Chunk]]] = []
    for group in groups:
        first, last = group[0], group[-1]
        i = first.glued[0]
        begin = first.chunks[i - 1] if i > 0 and first.chunks[i - 1].kind == "text" else first.chunks[i]
        start = first.start + begin.start
        end = last.start + last.chunks[last.glued[-1]].end
        spans.append((start, end, chunk_text(line[start:end])))
    return spans


def _paragraphs(text: str, line: int) -> list[Paragraph]:
    out: list[Paragraph] = []
    for part in _HEADING_START.split(text):
        part = part.strip().lstrip(_SENTENCE_MARKS).lstrip()  # the full stop of a table before
        heading = _HEADING_SPACE.match(part)
        pieces = [heading.group(1), heading.group(2)] if heading else [part]
        out += [Paragraph(p, Location(line=line)) for p in pieces if p]
    return out


def _crawler_header(lines: list[str]) -> tuple[int, str | None, list[Block]]:
    """Read the crawler's header (``key: value`` lines above ``==== 正文 ====``).

    Returns the number of lines it takes (0 without a ``正文`` rule), the page title
    (``标题``) and the fields worth keeping as paragraphs (``发布时间: …``). The crawler's
    own bookkeeping (its local folder, notes without a value) is not page content.
    """
    rule = next((i for i, line in enumerate(lines) if _CRAWLER_BODY.match(line.strip())), None)
    if rule is None:
        return 0, None, []
    title: str | None = None
    kept: list[Block] = []
    for number, line in enumerate(lines[:rule], start=1):
        match = _HEADER_FIELD.match(line.strip())
        if not match or not match.group("value").strip() or match.group("key") in _CRAWLER_KEYS:
            continue
        if match.group("key") == "标题":
            title = match.group("value").strip()
        else:
            kept.append(Paragraph(line.strip(), Location(line=number)))
    return rule + 1, title, kept


def parse_flat_text(text: str) -> tuple[list[Block], str | None]:
    """Split decoded crawler text into paragraphs and tables (see the module docstring).

    Returns:
        The blocks, and the page title the crawler's header gives (``None`` without one).
    """
    lines = text.split("\n")
    skip, title, header = _crawler_header(lines)
    blocks: list[Block] = list(header)
    rows: list[tuple[Cell, ...]] = []
    tables = 0
    first_line = 0

    def end_table() -> None:
        nonlocal rows
        if rows:
            blocks.append(Table(rows, Location(line=first_line, table=tables)))
            rows = []

    def prose(text: str, number: int) -> None:
        paragraphs = _paragraphs(text, number)
        if paragraphs:
            end_table()
            blocks.extend(paragraphs)

    for number, line in enumerate(lines[skip:], start=skip + 1):
        if not line.strip():
            continue
        pos = 0
        for start, end, chunks in _table_spans(line):
            prose(line[pos:start], number)
            if not rows:
                tables += 1
                first_line = number
            row = len(rows) + 1
            rows.append(
                tuple(
                    Cell(
                        c.text,
                        Location(line=number, table=tables, row=row, column=column),
                        joined=c.kind == "number",
                    )
                    for column, c in enumerate(chunks, start=1)
                )
            )
            pos = end
        prose(line[pos:], number)
    end_table()
    return blocks, title


def _layout_lines(text: str) -> tuple[int, int, int]:
    lines, piped = nonblank_lines(text)
    if "\t" not in text:
        return len(lines), piped, 0
    tabbed = sum(1 for line in lines if "\t" in line.strip(" \r\u3000") or line.startswith("\t"))
    return len(lines), piped, tabbed


class FlatTextReader:
    """Reader of crawler text whose table cells lost their separators (``format="flat"``)."""

    name = "flat"
    extensions: tuple[str, ...] = (".txt",)

    def sniff(self, data: bytes, name: str | None = None) -> float:
        """Score ``data``: high for table labels run together with digit runs, no pipes or tabs."""
        try:
            text = sniffable_text(data)
            if text is None:
                return 0.0
            total, piped, tabbed = _layout_lines(text)
            if not total or piped >= 3 or tabbed >= 3:
                return 0.0  # cells still have their separators: the pipe or tab layout
            glued = 0
            labelled = False
            for line in text.splitlines():
                for start, end, chunks in _table_spans(line):
                    glued += sum(1 for c in chunks if c.kind == "number")
                    labelled = labelled or any(word in line[start:end] for word in _TABLE_WORDS)
            if glued < _MIN_GLUED:
                return 0.0
            markers = report_marker_score(text)
            score = 0.3 + 0.3 * markers + (0.3 if labelled else 0.0)
            if _CRAWLER_BODY.search(text):
                score += 0.1
            return min(score, 1.0)
        except Exception:  # sniff must never raise
            return 0.0

    def read(self, data: bytes, *, name: str | None = None) -> Document:
        """Read crawler text with run-together table cells.

        Raises:
            ReadError: the input is HTML or cannot be decoded.
        """
        decoded = decode_text_layout(data, name=name, reader=self.name, layout="crawler text")
        blocks, title = parse_flat_text(decoded.text)
        return text_document(decoded, blocks, name=name, reader=self.name, title=title)
