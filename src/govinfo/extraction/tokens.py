"""Pass 1: every paragraph and table cell becomes a classified token, in reading order.

A token is a section heading, a row label, a group label, a caption, a column header, a
value (number, blank, placeholder) or other text. What counts as which comes from the
form (:class:`Vocabulary`): the section headings and their aliases, the rows and their
aliases, the groups, the captions, and every header text of every table. Crawled text that
ran several labels into one cell is cut back into them (:func:`segment_labels`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache

import attrs

from govinfo._fast import fast_init
from govinfo.document import Cell, Document, Location, Paragraph
from govinfo.extraction.values import ParsedCell, looks_like_value, parse_normalized
from govinfo.form import NATIONAL, Form, TableSpec
from govinfo.form.text import normalize, strip_numbering

__all__ = [
    "BLOCK_TABLES",
    "SUBJECT",
    "Token",
    "Tokens",
    "Vocabulary",
    "label_vocabulary",
    "segment_labels",
    "tokenize",
    "vocabulary",
]

BLOCK_TABLES = frozenset({"appeals"})
"""Tables printed as bands of headers over one unlabelled data row (table 4): their row
and group labels are read as headers, and their values as one block (see
:mod:`govinfo.extraction.rows`)."""

KINDS = ("heading", "row", "group", "header", "caption", "value", "text")
"""What a token can be."""

SUBJECT = re.compile("政府信息公开|政务公开|信息公开")
"""Words that name the report's subject: a document holding one is about it."""
_DIGIT = re.compile("[0-9]")
_NOTE_WORD = "勾稽关系"
"""A cell mentioning the identities is the corner note, however a document words it."""
_SEGMENT_MAX = 600
"""Longer cells are prose, not labels run together."""
_NUMBERING = re.compile(r"[一二三四五六七八九十]{1,3}、|\([一二三四五六七八九十]{1,3}\)|\d{1,2}[.、]|\(\d{1,2}\)")
_ARTICLE = re.compile(r"^.*?条")


@fast_init
@attrs.frozen
class Token:
    """One classified text of the document.

    Attributes:
        index: its position in :attr:`Tokens.items`.
        block: the index of the paragraph or table it is in.
        text: the text as found; norm: the same after :func:`~govinfo.form.normalize`.
        location: where it is in the source.
        is_cell: whether it is a table cell (else a paragraph).
        kind: one of :data:`KINDS`.
        key: the section key, ``table/row`` of a row label, or a group key.
        parsed: what a value cell says.
        needs_group: the group a generic row label (``3.其他``) only counts under.
        joined: the cell may hold several cells' numbers run together (crawled text).
        short_row: the cell's printed row has fewer cells than most rows of its table (a
            cell of it may have been lost).
        down: the grid rows the cell covers (a merged cell: ``rowspan``, ``vMerge``).
    """

    index: int
    block: int
    text: str
    norm: str
    location: Location
    is_cell: bool
    kind: str
    key: str | None = None
    parsed: ParsedCell | None = None
    needs_group: str | None = None
    joined: bool = False
    short_row: bool = False
    down: int = 1


@attrs.frozen
class _Generic:
    """A row whose body is a header word too (``总计``, ``其他``): it needs its numbering."""

    path: str  # table/row
    group: str | None  # the group it counts under only, if its group names it
    digit: bool  # whether its printed numbering is a digit one (``3.``), which it then needs


@attrs.frozen(eq=False)
class Vocabulary:
    """Everything the classifier compares texts with, derived from one form.

    Attributes:
        sections: section key → the normalised heading bodies that name it.
        groups: normalised group body → group key (tables read by row label).
        group_labels: the normalised group labels with their numbering.
        own_rows: group key → ``table/row`` of the row that stands for the group where a
            format prints it as one row (（六）其他处理 in 2019).
        rows: normalised row body or alias → ``table/row`` (tables with groups: table 3).
        prefixes: aliases (4 characters or more) a row label may start with, longest first.
        generic: row bodies that are header words too, and what they need to count.
        whole: normalised whole row label or alias → table (tables without groups: table 2);
            the row itself is resolved per format version when the rows are read.
        headers: every header text of every table.
        header_stems: texts a header starts with (a unit-bearing label without its unit).
        block_headers: the header texts of the block tables (table 4), truncations included.
        captions: the article a caption cites (``第二十条``).
        markers: format version → its normalised marker texts.
        old_markers: the normalised indicators of the pre-2019 reports.
        metadata: normalised grid label → metadata field.
        words: every label body, to cut texts that ran several together.
    """

    sections: dict[str, tuple[str, ...]]
    groups: dict[str, str]
    group_labels: tuple[str, ...]
    own_rows: dict[str, str]
    rows: dict[str, str]
    prefixes: tuple[tuple[str, str], ...]
    generic: dict[str, _Generic]
    whole: dict[str, str]
    headers: frozenset[str]
    header_stems: tuple[str, ...]
    block_headers: frozenset[str]
    captions: tuple[str, ...]
    markers: dict[str, tuple[str, ...]]
    old_markers: tuple[str, ...]
    metadata: tuple[tuple[str, str], ...]
    words: frozenset[str]


def _norms(texts: Iterable[str | None]) -> list[str]:
    return [normalize(t) for t in texts if t]


def _table_headers(table: TableSpec) -> list[str]:
    """The header texts of a table: every text printed over its values that is no row."""
    texts: list[str | None] = [table.header, table.note, table.row_header, *table.header_aliases]
    texts += [zh for zh, _ in table.column_groups.values()]
    for row in table.rows:
        for column in row.columns:
            texts += [column.label, *column.aliases]
    if table.key in BLOCK_TABLES:
        texts += [row.label for row in table.rows] + [group.label for group in table.groups]
    return _norms(texts)


def _stem(label: str) -> str | None:
    """``本年收费金额(单位:万元)`` → ``本年收费金额``: a label as printed without its unit."""
    norm = normalize(label)
    cut = norm.find("(")
    return norm[:cut] if cut > 0 else None


def label_vocabulary(extra: Iterable[str] = (), *, form: Form = NATIONAL) -> frozenset[str]:
    """The bodies (normalised, numbering stripped) of every label the form prints.

    Section headings, table sections, captions, column headers, row and group labels and
    their aliases; ``extra`` adds the caller's own words (truncated headers such as
    ``结果``, older heading wording).
    """
    labels: list[str] = [section.label for section in form.sections]
    for table in form.tables:
        labels += [table.section, *(g.label for g in table.groups)]
        labels += [t for t in (table.header, table.note, table.row_header) if t]
        labels += [zh for zh, _ in table.column_groups.values()]
        for row in table.rows:
            labels += [row.label, *row.aliases, *(c.label for c in row.columns)]
            labels += [row.caption] if row.caption else []
    labels += list(extra)
    words = {strip_numbering(normalize(label))[1] for label in labels}
    words.discard("")
    return frozenset(words)


@lru_cache(maxsize=16)
def vocabulary(form: Form = NATIONAL) -> Vocabulary:
    """The classifier's vocabulary for ``form`` (computed once per form)."""
    sections = {s.key: tuple(normalize(a) for a in (s.body, *s.aliases)) for s in form.sections}
    by_label = [t for t in form.tables if t.key not in BLOCK_TABLES]
    headers: list[str] = []
    stems: list[str] = []
    block_headers: list[str] = []
    for table in form.tables:
        own = _table_headers(table)
        headers += own
        if table.key in BLOCK_TABLES:
            block_headers += own
        for row in table.rows:
            stems += [s for s in (_stem(c.label) for c in row.columns) if s]
    headers += stems
    header_set = frozenset(headers)
    groups: dict[str, str] = {}
    group_labels: list[str] = []
    own_rows: dict[str, str] = {}
    rows: dict[str, str] = {}
    prefixes: list[tuple[str, str]] = []
    generic: dict[str, _Generic] = {}
    whole: dict[str, str] = {}
    for table in by_label:
        if not table.groups:
            # A table without groups is read by its whole labels (table 2).
            for row in table.rows:
                for label in (row.label, *row.aliases):
                    whole.setdefault(normalize(label), table.key)
            continue
        for group in table.groups:
            norm = normalize(group.label)
            group_labels.append(norm)
            groups[strip_numbering(norm)[1]] = group.key
            if group.row is not None:
                own_rows[group.key] = f"{table.key}/{group.row}"
        printed_by_group = {group.row for group in table.groups if group.row is not None}
        for row in table.rows:
            if row.key in printed_by_group:
                continue  # printed as its group's label; decided by what follows it
            if row.body in header_set:
                number = strip_numbering(normalize(row.label))[0]
                parent = table.group(row.group) if row.group else None
                needs = parent.key if parent is not None and parent.prefix else None
                digit = number[:1].isdigit() and needs is not None
                generic[row.body] = _Generic(f"{table.key}/{row.key}", needs, digit)
                continue
            path = f"{table.key}/{row.key}"
            rows[row.body] = path
            for alias in row.aliases:
                alias_norm = normalize(alias)
                rows.setdefault(alias_norm, path)
                if len(alias_norm) >= 4:
                    prefixes.append((alias_norm, path))
    prefixes.sort(key=lambda item: -len(item[0]))
    articles = (_ARTICLE.match(normalize(r.caption)) for t in form.tables for r in t.rows if r.caption)
    captions = sorted({m.group(0) for m in articles if m})
    metadata = tuple((normalize(label), f.key) for f in form.metadata for label in (f.label, *f.aliases))
    words = label_vocabulary((*headers, *(a for aliases in sections.values() for a in aliases)), form=form)
    return Vocabulary(
        sections=sections,
        groups=groups,
        group_labels=tuple(group_labels),
        own_rows=own_rows,
        rows=rows,
        prefixes=tuple(prefixes),
        generic=generic,
        whole=whole,
        headers=header_set,
        header_stems=tuple(stems),
        block_headers=frozenset(block_headers),
        captions=tuple(captions),
        markers={version: tuple(normalize(m) for m in marks) for version, marks in form.markers.items()},
        old_markers=tuple(normalize(m) for m in form.old_markers),
        metadata=metadata,
        words=words,
    )


# --- label segmentation ---------------------------------------------------------------


def _segment_from(text: str, start: int, words: frozenset[str], longest: int) -> list[list[str] | None]:
    """best[i]: the fewest known labels that make up ``text[i:]`` (``None``: impossible)."""
    n = len(text)
    best: list[list[str] | None] = [None] * (n + 1)
    best[n] = []
    for i in range(n - 1, start - 1, -1):
        starts = [i]
        numbering = _NUMBERING.match(text, i)
        if numbering:
            starts.append(numbering.end())
        for body_start in starts:
            for end in range(min(n, body_start + longest), body_start, -1):
                rest = best[end]
                if rest is None or text[body_start:end] not in words:
                    continue
                if best[i] is None or len(rest) + 1 < len(best[i] or ()):
                    best[i] = [text[i:end], *rest]
    return best


def segment_labels(norm: str, words: frozenset[str]) -> list[str] | None:
    """Cut a normalised text holding several labels into them, or return ``None``.

    ``"第二十条第(五)项信息内容本年处理决定数量行政许可"`` →
    ``["第二十条第(五)项", "信息内容", "本年处理决定数量", "行政许可"]``. A label keeps
    its numbering (``"3.其他"``). The whole text must be labels, except for one unknown
    stretch at the start when at least two labels follow it (a heading with a typo, the
    tail of a sentence): that stretch is returned as the first piece. A text that is one
    label, or that no such cut explains, gives ``None``.
    """
    if not words or len(norm) < 4 or not _may_end_a_label(norm, words):
        return None
    cut = _segment_cached(norm, words)
    return None if cut is None else list(cut)


@lru_cache(maxsize=8192)
def _segment_cached(norm: str, words: frozenset[str]) -> tuple[str, ...] | None:
    # The same labels recur in every report of a collection: cut each text once.
    cut = _segment(norm, words)
    return None if cut is None else tuple(cut)


@lru_cache(maxsize=64)
def _longest(words: frozenset[str]) -> int:
    return max(len(word) for word in words)


@lru_cache(maxsize=64)
def _endings(words: frozenset[str]) -> tuple[frozenset[str], frozenset[str]]:
    """The last two characters of the words of two or more, and the one-character words."""
    return frozenset(w[-2:] for w in words if len(w) >= 2), frozenset(w for w in words if len(w) == 1)


def _may_end_a_label(norm: str, words: frozenset[str]) -> bool:
    """A necessary condition for a cut: every cut ends with a word, so ``norm`` must end like one."""
    pairs, singles = _endings(words)
    return norm[-2:] in pairs or norm[-1:] in singles


def _segment(norm: str, words: frozenset[str]) -> list[str] | None:
    longest = _longest(words)
    best = _segment_from(norm, 0, words, longest)
    whole = best[0]
    if whole is not None:
        return whole if len(whole) >= 2 else None
    for i in range(1, len(norm)):
        rest = best[i]
        if rest is not None and len(rest) >= 2:
            return [norm[:i], *rest]
    return None


# --- classification -------------------------------------------------------------------


def match_section(norm: str, vocab: Vocabulary) -> str | None:
    """The section a normalised heading names, or ``None``."""
    prefix, body = strip_numbering(norm)
    body = body.rstrip(":.")
    if len(body) > 40:
        return None
    for key, aliases in vocab.sections.items():
        for alias in aliases:
            if body == alias or (prefix and body.startswith(alias) and len(body) - len(alias) <= 4):
                return key
    return None


@lru_cache(maxsize=8192)  # pure in (text, vocabulary); Vocabulary hashes by identity
def _split_heading(text: str, vocab: Vocabulary) -> tuple[str, str, str] | None:
    """Split a numbered section heading off the prose it was run into, if it was."""
    stripped = text.strip()
    if not strip_numbering(normalize(stripped[:8]))[0] or match_section(normalize(stripped), vocab):
        return None
    for end in range(4, min(len(stripped), 48)):
        prefix, body = strip_numbering(normalize(stripped[:end]))
        if not prefix:
            continue
        for key, aliases in vocab.sections.items():
            if body in aliases:
                rest = stripped[end:].strip()
                return (key, stripped[:end], rest) if rest else None
    return None


def _match_row(norm: str, vocab: Vocabulary) -> tuple[str, str | None] | None:
    """Return (``table/row``, group it needs) for the label of a row in a group, or ``None``."""
    prefix, body = strip_numbering(norm)
    generic = vocab.generic.get(body)
    if generic is not None:
        # Generic bodies ("总计", "其他") only count with their numbering.
        if not prefix or (generic.digit and not prefix[0].isdigit()):
            return None
        return generic.path, generic.group
    if body in vocab.rows:
        return vocab.rows[body], None
    for alias, key in vocab.prefixes:
        if body.startswith(alias):
            return key, None
    return None


def _interleaved_with(norm: str, group_norm: str) -> str | None:
    """The text left when a group label is taken out of ``norm`` character by character.

    A PDF conversion that reads two side-by-side cells line by line interleaves them:
    ``(四)无`` + ``2.没有现成信息需要另`` / ``法提供`` + ``行制作``. The group label must
    open the text (its numbering and first word) and all of it must occur in order; what
    is left is the sub-item's label, or ``None`` when the group label is not in the text.
    """
    opening = len(group_norm) - len(strip_numbering(group_norm)[1]) + 1
    if len(norm) <= len(group_norm) or not norm.startswith(group_norm[:opening]):
        return None
    rest: list[str] = []
    wanted = iter(group_norm)
    needed = next(wanted, None)
    for char in norm:
        if char == needed:
            needed = next(wanted, None)
        else:
            rest.append(char)
    return "".join(rest) if needed is None else None


@attrs.frozen(eq=False)
class _Openings:
    """How a text the form knows can begin: a cheap test that most other texts fail.

    Every match of :func:`classify` but the corner note (:data:`_NOTE_WORD`, anywhere in
    the text) is the text, or its body after the numbering, equal to or starting with a
    word of the vocabulary. ``norm`` / ``body`` hold the first two characters of those
    words (and the words of one character whole); a text whose opening is in neither can
    only be ``"text"``.
    """

    norm: frozenset[str]
    body: frozenset[str]
    either: frozenset[str]  # norm | body: a text without numbering is its own body
    usable: bool  # False if some word is empty (everything starts with it)

    def may_be_label(self, norm: str) -> bool:
        """Whether :func:`classify` can give ``norm`` any kind but ``"text"`` (no: it cannot)."""
        first = norm[:1]
        if not self.usable or norm[:2] in self.either or first in self.either or _NOTE_WORD in norm:
            return True
        if not (first in _NUMBERING_STARTS or first.isdecimal()):
            return False  # no numbering to strip: the body is the text, tested above
        body = strip_numbering(norm)[1]
        return body[:2] in self.body or body[:1] in self.body


_NUMBERING_STARTS = frozenset("一二三四五六七八九十(")
"""What a numbering (:func:`~govinfo.form.text.strip_numbering`) can start with, besides a digit."""


@lru_cache(maxsize=16)
def _openings(vocab: Vocabulary) -> _Openings:
    openings = [group[: len(group) - len(strip_numbering(group)[1]) + 1] for group in vocab.group_labels]
    norm_words = [
        *vocab.captions, *vocab.group_labels, *openings, *vocab.whole, *vocab.headers, *vocab.header_stems,
    ]  # fmt: skip
    body_words = [
        *(alias for aliases in vocab.sections.values() for alias in aliases),
        *vocab.groups, *vocab.generic, *vocab.rows, *(alias for alias, _ in vocab.prefixes),
    ]  # fmt: skip

    def heads(words: list[str]) -> frozenset[str]:
        return frozenset(w[:2] for w in words)  # a one-character word stays whole

    usable = all(norm_words) and all(body_words)
    return _Openings(heads(norm_words), heads(body_words), heads(norm_words) | heads(body_words), usable)


def classify(norm: str, is_cell: bool, vocab: Vocabulary) -> tuple[str, str | None, str | None]:
    """Return (kind, key, needs_group) for a normalised text."""
    if not _openings(vocab).may_be_label(norm):
        return "text", None, None
    return _classify_known(norm, is_cell, vocab)


def _classify_known(norm: str, is_cell: bool, vocab: Vocabulary) -> tuple[str, str | None, str | None]:
    """:func:`classify` without the opening test (the tests compare the two)."""
    if not is_cell:
        section = match_section(norm, vocab)
        if section:
            return "heading", section, None
    if any(norm.startswith(c) for c in vocab.captions):
        return "caption", None, None
    prefix, body = strip_numbering(norm)
    if body in vocab.groups and prefix:
        return "group", vocab.groups[body], None
    row = _match_row(norm, vocab)
    if row:
        return "row", row[0], row[1]
    # "(三)不予公开1.属于国家秘密": a group label merged with its first sub-item.
    for group_norm in vocab.group_labels:
        if norm.startswith(group_norm) and len(norm) > len(group_norm):
            inner = _match_row(norm[len(group_norm) :], vocab)
            if inner:
                return "row", inner[0], None
    for group_norm in vocab.group_labels:
        inner_norm = _interleaved_with(norm, group_norm)
        if inner_norm is not None and strip_numbering(inner_norm)[1] in vocab.rows:
            inner = _match_row(inner_norm, vocab)
            if inner:
                return "row", inner[0], None
    if norm in vocab.whole:
        return "row", f"{vocab.whole[norm]}/{norm}", None
    if norm in vocab.headers:
        return "header", None, None
    if _NOTE_WORD in norm or any(norm.startswith(s) for s in vocab.header_stems):
        return "header", None, None
    return "text", None, None


# classify is pure in its arguments (Vocabulary hashes by identity): the labels of a
# collection recur, so each is classified once.
_classify_cached = lru_cache(maxsize=16384)(_classify_known)


def _classify(norm: str, is_cell: bool, vocab: Vocabulary) -> tuple[str, str | None, str | None]:
    # Texts that cannot be labels (a page's navigation) are answered before the cache, so
    # thousands of them do not push the report's labels out of it.
    if not _openings(vocab).may_be_label(norm):
        return "text", None, None
    return _classify_cached(norm, is_cell, vocab)


@attrs.frozen
class Tokens:
    """What pass 1 returns: the tokens in reading order, and the vocabulary they were made with."""

    items: tuple[Token, ...]
    vocabulary: Vocabulary
    chrome: frozenset[int] = frozenset()
    """The blocks that are page chrome (see :func:`tokenize`): their first cell alone is a token."""
    chrome_subject: bool = False
    """Whether a cell of a chrome block left out of the tokens names the report's subject."""
    _first_heading: int = attrs.field(init=False, eq=False, repr=False)

    @_first_heading.default
    def _find_first_heading(self) -> int:
        return next((t.index for t in self.items if t.kind == "heading"), len(self.items))

    def __iter__(self) -> Iterator[Token]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, index: int) -> Token:
        return self.items[index]

    def front_matter(self) -> Sequence[Token]:
        """The tokens before the first section heading."""
        return self.items[: self._first_heading]  # found once, when the tokens were made


def _piece_token(index: int, block: int, piece: str, location: Location, vocab: Vocabulary) -> Token:
    kind, key, needs = _classify(piece, True, vocab)
    return Token(index, block, piece, piece, location, True, kind, key, needs_group=needs)


_Piece = tuple[str, str, str | None, str | None]  # text, kind, key, needs_group
# norm, parsed, kind, key, needs_group, pieces, and what the cell is as chrome (_chrome_cell)
_CellReading = tuple[str, ParsedCell, str, str | None, str | None, tuple[_Piece, ...] | None, int]

CHROME = 1
"""A cell no pass uses but as "some text" (see :func:`_chrome_cell`)."""
BARRIER = 2
"""A chrome cell that also ends every run of values a pass reads (no digit, no garbled value)."""
SUBJECT_WORD = 4
"""A chrome cell naming the report's subject (:data:`SUBJECT`)."""


@lru_cache(maxsize=16)  # Vocabulary hashes by identity
def _chrome_words(vocab: Vocabulary) -> tuple[tuple[str, ...], re.Pattern[str] | None]:
    """(what a used text may start with, what it may hold anywhere) beyond its kind."""
    starts = (*(label for label, _ in vocab.metadata), *(m for marks in vocab.markers.values() for m in marks))
    inside = re.compile("|".join(map(re.escape, vocab.old_markers))) if vocab.old_markers else None
    return starts, inside


def _chrome_cell(text: str, norm: str, kind: str, pieces: object, vocab: Vocabulary) -> int:
    """What a cell is as page chrome: 0, or :data:`CHROME` with :data:`BARRIER`, :data:`SUBJECT_WORD`.

    A chrome cell is ``"text"``, not cut, starts with no metadata label or header marker,
    is no block-table header and holds no pre-2019 indicator. The passes see such a token
    only as "some text": one that may be read as a garbled value when a run of values
    reaches it (a digit, a look-alike: :func:`~govinfo.extraction.rows._read_slots`), one
    that ends such a run otherwise (a *barrier*), the text after a metadata label
    (:mod:`~govinfo.extraction.metadata`), or a word of the subject that makes a document
    one about it.
    """
    if kind != "text" or pieces is not None:
        return 0
    starts, inside = _chrome_words(vocab)
    if norm.startswith(starts) or norm in vocab.block_headers or (inside is not None and inside.search(norm)):
        return 0
    flags = CHROME
    if not _DIGIT.search(norm) and not looks_like_value(text):
        flags |= BARRIER
    if SUBJECT.search(norm):
        flags |= SUBJECT_WORD
    return flags


@lru_cache(maxsize=16384)  # pure in (text, vocabulary): the cells of a collection recur
def _read_cell(text: str, vocab: Vocabulary) -> _CellReading:
    """What :func:`tokenize` makes of a cell's text: (norm, parsed, kind, key, needs_group, pieces).

    ``pieces`` are the labels a text that ran several together is cut into, each classified
    (``None``: the text is one token).
    """
    # This reading is memoised per text already: the uncached steps spare their own caches
    # (thousands of a page's navigation texts would only push other texts out of them).
    norm = normalize.__wrapped__(text)
    parsed = parse_normalized(text, norm)
    if parsed.is_value_slot:
        return norm, parsed, "value", None, None, None, 0
    kind, key, needs = _classify(norm, True, vocab)
    cuttable = kind in ("text", "caption", "header") and len(norm) <= _SEGMENT_MAX
    cut = segment_labels(norm, vocab.words) if cuttable else None
    pieces = tuple((piece, *_classify(piece, True, vocab)) for piece in cut) if cut else None
    return norm, parsed, kind, key, needs, pieces, _chrome_cell(text, norm, kind, pieces, vocab)


def tokenize(document: Document, form: Form = NATIONAL, *, keep_chrome: bool = False) -> Tokens:
    """Classify every paragraph and table cell of ``document`` (spanned copies skipped).

    A table whose every cell is page chrome (a CMS page's navigation, see
    :func:`_chrome_cell`) gives one token, its first cell's, when no run of values can
    reach into it: the first cell ends such a run, or what comes before the table is prose
    or chrome itself. Its block is in :attr:`Tokens.chrome`. No pass can tell that one
    token from the table's full run of tokens; ``keep_chrome=True`` keeps them all.
    """
    vocab = vocabulary(form)
    tokens: list[Token] = []
    append = tokens.append
    chrome: set[int] = set()
    chrome_subject = False
    for block_no, block in enumerate(document.blocks):
        if isinstance(block, Paragraph):
            _paragraph_tokens(tokens, block_no, block, vocab)
            continue
        rows = block.rows
        # The spanned copies' readings are never asked for.
        readings = [[(c, _read_cell(c.text, vocab)) for c in row if not c.spanned] for row in rows]
        if not keep_chrome and all(reading[6] for row in readings for _, reading in row):
            first = next(((c, reading) for row in readings for c, reading in row), None)
            before = tokens[-1] if tokens else None
            if first is not None and (
                first[1][6] & BARRIER
                or before is None
                or (not before.is_cell and before.kind == "text")
                or before.block in chrome
            ):
                c, (norm, parsed, kind, key, needs, _, _) = first
                append(Token(len(tokens), block_no, c.text, norm, c.location, True, kind, key, parsed, needs, c.joined))
                chrome.add(block_no)
                chrome_subject = chrome_subject or any(
                    reading[6] & SUBJECT_WORD for row in readings for _, reading in row
                )
                continue
        usual = _usual_length(rows)
        down = _covered_rows(rows)
        for r, row in enumerate(rows):
            short = len(row) < usual
            read = iter(readings[r])
            for k, c in enumerate(row):
                if c.spanned:
                    continue
                norm, parsed, kind, key, needs, pieces, _ = next(read)[1]
                if pieces is not None:
                    base = len(tokens)
                    tokens += [
                        Token(base + i, block_no, piece, piece, c.location, True, kind_of, key_of, needs_group=wants)
                        for i, (piece, kind_of, key_of, wants) in enumerate(pieces)
                    ]
                    continue
                append(
                    Token(
                        len(tokens), block_no, c.text, norm, c.location, True, kind, key, parsed, needs, c.joined,
                        short, down.get((r, k), 1) if down else 1,
                    )
                )  # fmt: skip
    return Tokens(tuple(tokens), vocab, frozenset(chrome), chrome_subject)


def _paragraph_tokens(tokens: list[Token], block_no: int, block: Paragraph, vocab: Vocabulary) -> None:
    """The token of a paragraph (two when a heading was run into it); none for a blank one."""
    text, location = block.text, block.location
    norm = normalize(text)
    if not norm:
        return
    glued = _split_heading(text, vocab)
    if glued is not None:
        # "五、存在的主要问题及改进情况2023年，…": a heading run into its first paragraph.
        section, heading, text = glued
        tokens.append(Token(len(tokens), block_no, heading, normalize(heading), location, False, "heading", section))
        norm = normalize(text)
    kind, key, needs = _classify(norm, False, vocab)
    if kind in ("header", "caption"):
        kind = "text"  # a paragraph saying "总计" is prose, not a header
    tokens.append(Token(len(tokens), block_no, text, norm, location, False, kind, key, None, needs, False, False, 1))


def _covered_rows(rows: Sequence[Sequence[Cell]]) -> dict[tuple[int, int], int]:
    """(row, index) of each cell merged down → the grid rows it covers (itself included).

    The copies a merge leaves below its cell are ``spanned`` cells of the same column with
    the same text.
    """
    # Only a row holding spanned copies can continue a merge from the row above it.
    with_copies = {r for r, row in enumerate(rows) if any(cell.spanned for cell in row)}
    if not with_copies:
        return {}  # nothing is merged down
    grid: dict[tuple[int, int], Cell] = {}
    for r in sorted(with_copies):
        for k, cell in enumerate(rows[r]):
            grid[(r, cell.location.column or k + 1)] = cell
    out: dict[tuple[int, int], int] = {}
    for r, row in enumerate(rows):
        if r + 1 not in with_copies:
            continue  # the row below holds no copy: nothing here is merged down
        for k, cell in enumerate(row):
            if cell.spanned:
                continue
            column = cell.location.column or k + 1
            down = 1
            while (below := grid.get((r + down, column))) is not None and below.spanned and below.text == cell.text:
                down += 1
            if down > 1:
                out[(r, k)] = down
    return out


_RECTANGULAR = 0.75
"""Share of a table's rows that must have the same number of cells for it to be a grid."""


def _usual_length(rows: Sequence[Sequence[object]]) -> int:
    """The number of cells the rows of a rectangular table have; 0 for a ragged one.

    Markdown tables and ruled grids (spanned positions included) have one row length, a
    row shorter than it lost a cell; the text layouts end rows where their cells end.
    """
    if len(rows) < 3:
        return 0
    counts = Counter(len(row) for row in rows)
    length, count = max(counts.items(), key=lambda item: (item[1], item[0]))
    return length if count >= _RECTANGULAR * len(rows) else 0
