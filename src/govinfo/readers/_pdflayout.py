"""Pages of glyphs and rulings in, paragraphs and tables out: the PDF reader's layout.

Everything here works on the plain records of :mod:`govinfo.readers._pdfgeometry`:

- **Tables** come from the rulings. Segments that touch form a region; its distinct
  vertical and horizontal positions make a grid of elementary cells, and two neighbouring
  elementary cells belong to one (merged) cell when no ruling separates them. A merged
  cell's text sits at its top-left grid position; the positions it also covers hold
  ``spanned`` copies. Positions inside the table's outline that no ruling closes (a row
  narrower than the table) are spanned fillers, so they are never taken for blank values.
- **A cell's text** is its characters in reading order, its wrapped lines joined without
  a separator (``300`` / ``1`` is ``3001``; a space only between two Latin words). Two
  cells' characters are never joined: each character belongs to the cell its centre is in.
- **A table continued on the next page** (nothing but page furniture between the parts,
  the same outer edges and column positions) is one table. Where the page break cuts a
  merged cell — a group label spanning rows on both pages — the two pieces are one cell
  again when one of them spans several rows and the other is empty, or its last line is
  full (the next character would not fit) and it continues onto the next page
  (``（四）无`` / ``法提供``). Pieces of one row each are two rows, and numbers never run on.
- **Paragraphs** are the lines outside tables, joined while a line runs to the right
  margin and the next one is not indented (across a page break too); centred lines of one
  size (a title over two lines) are joined as well. Page numbers (``- 4 -``, ``— 1 —``,
  ``第 2 页``) and running headers repeated on most pages are dropped.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence

import attrs

from govinfo.document import Block, Cell, Location, Paragraph, Table
from govinfo.readers._pages import PAGE_NUMBER
from govinfo.readers._pdfgeometry import Glyph, PageGeometry, Segment

__all__ = ["build_blocks"]

SNAP = 2.0  # points: rulings closer than this are one
THIN = 2.5  # a filled rectangle at most this thick is a ruling
COVER = 0.5  # share of a grid edge a ruling must cover to separate two cells
JOIN_TOLERANCE = 3.0  # points: column positions of a continued table must agree this well
MARGIN = 0.1  # share of the page height at the top and bottom where headers and footers live

_BARE_NUMBER = re.compile(r"^\s*\d{1,4}(?:\s*/\s*\d{1,4})?\s*$")
_LATIN = re.compile(r"[A-Za-z]")
_NUMERIC = re.compile(r"^[\d\s.,%+\-−]*$")
_WORDY = re.compile(r"[A-Za-z0-9.,;:!?%()'\"/+-]")


# --- text of a set of glyphs -------------------------------------------------------------


@attrs.define
class _Line:
    glyphs: list[Glyph]
    page: int
    top: float
    bottom: float

    @property
    def x0(self) -> float:
        return min(g.x0 for g in self.glyphs)

    @property
    def x1(self) -> float:
        return max(g.x1 for g in self.glyphs)

    @property
    def size(self) -> float:
        sizes = Counter(round(g.size, 1) for g in self.glyphs if not g.text.isspace())
        return sizes.most_common(1)[0][0] if sizes else self.glyphs[0].size

    @property
    def text(self) -> str:
        return _line_text(self.glyphs)


def _line_text(glyphs: Sequence[Glyph]) -> str:
    out: list[str] = []
    previous: Glyph | None = None
    for glyph in glyphs:
        if previous is not None and _WORDY.match(glyph.text) and _WORDY.match(previous.text):
            # A gap is a space only between Latin letters and digits: Chinese text has none,
            # and a gap next to a Han character is the fonts' spacing, not a space.
            gap = glyph.x0 - previous.x1
            if gap > max(0.2 * min(glyph.size, previous.size), 1.0):
                out.append(" ")
        out.append(glyph.text)
        previous = glyph
    return "".join(out).strip()


def _lines(glyphs: Iterable[tuple[Glyph, int]]) -> list[_Line]:
    """Group glyphs into lines, top to bottom; each line's glyphs left to right."""
    upright: list[tuple[Glyph, int]] = []
    rotated: list[tuple[Glyph, int]] = []
    for item in glyphs:
        (upright if item[0].upright else rotated).append(item)
    lines: list[_Line] = []
    for glyph, page in sorted(upright, key=lambda item: (item[1], item[0].top, item[0].x0)):
        height = glyph.bottom - glyph.top
        if lines:
            line = lines[-1]
            overlap = min(line.bottom, glyph.bottom) - max(line.top, glyph.top)
            if line.page == page and overlap >= 0.5 * min(height, line.bottom - line.top):
                line.glyphs.append(glyph)
                line.bottom = max(line.bottom, glyph.bottom)
                continue
        lines.append(_Line([glyph], page, glyph.top, glyph.bottom))
    for line in lines:
        line.glyphs.sort(key=lambda g: g.x0)
    if rotated:
        # Text set vertically: one "line" per column of glyphs, read top to bottom.
        columns: list[_Line] = []
        for glyph, page in sorted(rotated, key=lambda item: (item[1], item[0].x0, item[0].top)):
            if columns and columns[-1].page == page and glyph.x0 < columns[-1].x1 - 0.5 * (glyph.x1 - glyph.x0):
                columns[-1].glyphs.append(glyph)
                columns[-1].bottom = max(columns[-1].bottom, glyph.bottom)
                continue
            columns.append(_Line([glyph], page, glyph.top, glyph.bottom))
        for column in columns:
            column.glyphs.sort(key=lambda g: g.top)
        lines = sorted([*lines, *columns], key=lambda line: (line.page, line.top))
    return lines


def _join(parts: Iterable[str]) -> str:
    """Join wrapped lines: no separator, except a space between two Latin words."""
    out = ""
    for part in parts:
        if not part:
            continue
        if out and _LATIN.match(out[-1]) and _LATIN.match(part[0]):
            out += " "
        out += part
    return out


# --- rulings -----------------------------------------------------------------------------


def _cluster(values: Iterable[float], tolerance: float = SNAP) -> list[float]:
    """Distinct positions: sorted values, neighbours closer than ``tolerance`` merged."""
    groups: list[list[float]] = []
    for value in sorted(values):
        if groups and value - groups[-1][-1] <= tolerance:
            groups[-1].append(value)
        else:
            groups.append([value])
    return [sum(g) / len(g) for g in groups]


@attrs.define
class _Rule:
    """A merged horizontal (``at`` = y) or vertical (``at`` = x) ruling from ``lo`` to ``hi``."""

    at: float
    lo: float
    hi: float


def _merge_rules(rules: list[tuple[float, float, float]]) -> list[_Rule]:
    merged: list[_Rule] = []
    for at, lo, hi in sorted(rules):
        for rule in reversed(merged[-8:]):
            if abs(rule.at - at) <= SNAP / 2 and lo <= rule.hi + SNAP and hi >= rule.lo - SNAP:
                rule.lo, rule.hi = min(rule.lo, lo), max(rule.hi, hi)
                break
        else:
            merged.append(_Rule(at, lo, hi))
    return merged


def _rules(segments: Sequence[Segment]) -> tuple[list[_Rule], list[_Rule]]:
    horizontal: list[tuple[float, float, float]] = []
    vertical: list[tuple[float, float, float]] = []
    for s in segments:
        width, height = s.x1 - s.x0, s.bottom - s.top
        if width >= height and width > SNAP:
            horizontal.append(((s.top + s.bottom) / 2, s.x0, s.x1))
        elif height > width and height > SNAP:
            vertical.append(((s.x0 + s.x1) / 2, s.top, s.bottom))
    return _merge_rules(horizontal), _merge_rules(vertical)


def _regions(horizontal: list[_Rule], vertical: list[_Rule]) -> list[tuple[list[_Rule], list[_Rule]]]:
    """Sets of rulings that touch one another and enclose at least one cell."""
    parent = list(range(len(horizontal) + len(vertical)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    offset = len(horizontal)
    for i, h in enumerate(horizontal):
        for j, v in enumerate(vertical):
            if v.lo - SNAP <= h.at <= v.hi + SNAP and h.lo - SNAP <= v.at <= h.hi + SNAP:
                a, b = find(i), find(offset + j)
                if a != b:
                    parent[a] = b
    groups: dict[int, tuple[list[_Rule], list[_Rule]]] = {}
    for i, h in enumerate(horizontal):
        groups.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(vertical):
        groups.setdefault(find(offset + j), ([], []))[1].append(v)
    return [(hs, vs) for hs, vs in groups.values() if len(hs) >= 2 and len(vs) >= 2]


# --- tables ------------------------------------------------------------------------------


@attrs.define
class _Region:
    """A table on one page or, once continued, on several: rulings and glyphs."""

    page: int
    horizontal: list[_Rule]
    vertical: list[_Rule]
    glyphs: list[tuple[Glyph, int]] = attrs.Factory(list)
    seams: list[float] = attrs.Factory(list)  # y of each page break inside the table
    parts: list[tuple[float, int]] = attrs.Factory(list)  # (top y, page) of each part

    @property
    def top(self) -> float:
        return min(min(h.at for h in self.horizontal), min(v.lo for v in self.vertical))

    @property
    def bottom(self) -> float:
        return max(max(h.at for h in self.horizontal), max(v.hi for v in self.vertical))

    @property
    def left(self) -> float:
        return min(min(v.at for v in self.vertical), min(h.lo for h in self.horizontal))

    @property
    def right(self) -> float:
        return max(max(v.at for v in self.vertical), max(h.hi for h in self.horizontal))

    def contains(self, glyph: Glyph) -> bool:
        cx, cy = (glyph.x0 + glyph.x1) / 2, (glyph.top + glyph.bottom) / 2
        return self.left - 1 <= cx <= self.right + 1 and self.top - 1 <= cy <= self.bottom + 1

    def columns(self) -> list[float]:
        """Column boundaries: the vertical rulings and the outline's left and right."""
        return _cluster([*(v.at for v in self.vertical), self.left, self.right])

    def rows(self) -> list[float]:
        """Row boundaries: the horizontal rulings and the outline's top and bottom."""
        return _cluster([*(h.at for h in self.horizontal), self.top, self.bottom])

    def continues_into(self, other: _Region) -> bool:
        """Whether ``other`` (at the top of the next page) has this table's column grid."""
        if abs(self.left - other.left) > JOIN_TOLERANCE or abs(self.right - other.right) > JOIN_TOLERANCE:
            return False
        mine, theirs = self.columns(), other.columns()
        shared = sum(1 for x in theirs if any(abs(x - y) <= JOIN_TOLERANCE for y in mine))
        return shared >= 0.8 * len(theirs)

    def absorb(self, other: _Region) -> None:
        """Append the next page's part below this one, its top edge on this bottom edge."""
        seam = self.bottom
        dy = seam - other.top
        self.horizontal += [_Rule(h.at + dy, h.lo, h.hi) for h in other.horizontal]
        self.vertical += [_Rule(v.at, v.lo + dy, v.hi + dy) for v in other.vertical]
        self.glyphs += [(g._replace(top=g.top + dy, bottom=g.bottom + dy), p) for g, p in other.glyphs]
        self.seams.append(seam)
        self.parts.append((seam, other.page))


class _Coverage:
    """How much of a grid edge the rulings at one position cover."""

    def __init__(self, rules: Iterable[_Rule], positions: list[float]) -> None:
        self.spans: list[list[tuple[float, float]]] = [[] for _ in positions]
        for rule in rules:
            index = _nearest(positions, rule.at)
            self.spans[index].append((rule.lo, rule.hi))

    def covers(self, index: int, lo: float, hi: float) -> bool:
        length = hi - lo
        if length <= 0:
            return True
        covered = 0.0
        for a, b in self.spans[index]:
            covered += max(0.0, min(b + SNAP, hi) - max(a - SNAP, lo))
        return covered >= COVER * length


def _nearest(positions: list[float], value: float) -> int:
    i = bisect.bisect_left(positions, value)
    if i == 0:
        return 0
    if i == len(positions):
        return len(positions) - 1
    return i if positions[i] - value < value - positions[i - 1] else i - 1


def _index(positions: list[float], value: float) -> int:
    """The elementary interval of ``positions`` that holds ``value`` (clamped)."""
    return min(max(bisect.bisect_right(positions, value) - 1, 0), len(positions) - 2)


@attrs.define
class _Group:
    r0: int
    c0: int
    r1: int  # exclusive
    c1: int  # exclusive
    glyphs: list[tuple[Glyph, int]]
    closed: bool

    @property
    def rows(self) -> int:
        return self.r1 - self.r0


def _table(region: _Region, number: int) -> Table:
    xs = region.columns()
    ys = region.rows()
    rows, cols = len(ys) - 1, len(xs) - 1
    across = _Coverage(region.horizontal, ys)  # horizontal rulings, by row boundary
    down = _Coverage(region.vertical, xs)  # vertical rulings, by column boundary

    def h_edge(boundary: int, col: int) -> bool:
        return across.covers(boundary, xs[col], xs[col + 1])

    def v_edge(boundary: int, row: int) -> bool:
        return down.covers(boundary, ys[row], ys[row + 1])

    parent = list(range(rows * cols))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    for r in range(rows):
        for c in range(cols):
            if c + 1 < cols and not v_edge(c + 1, r):
                union(r * cols + c, r * cols + c + 1)
            if r + 1 < rows and not h_edge(r + 1, c):
                union(r * cols + c, (r + 1) * cols + c)

    placed: dict[int, list[tuple[Glyph, int]]] = {}
    for glyph, page in region.glyphs:
        cx, cy = (glyph.x0 + glyph.x1) / 2, (glyph.top + glyph.bottom) / 2
        cell = _index(ys, cy) * cols + _index(xs, cx)
        placed.setdefault(cell, []).append((glyph, page))

    groups = _groups(rows, cols, find, placed, h_edge, v_edge)
    seams = [_nearest(ys, seam) for seam in region.seams]
    if seams:
        _mend_seams(groups, seams, union, cols, xs)
        groups = _groups(rows, cols, find, placed, h_edge, v_edge)

    part_tops = [(ys[_nearest(ys, top)], page) for top, page in [(region.top, region.page), *region.parts]]

    def page_of(row: int) -> int:
        page = region.page
        for top, part_page in part_tops:
            if ys[row] >= top - SNAP:
                page = part_page
        return page

    grid: list[list[Cell | None]] = [[None] * cols for _ in range(rows)]
    for group in groups:
        text = _join(line.text for line in _lines(group.glyphs))
        filler = not group.closed and not text
        for r in range(group.r0, group.r1):
            for c in range(group.c0, group.c1):
                origin = r == group.r0 and c == group.c0
                location = Location(page=page_of(r), table=number, row=r + 1, column=c + 1)
                grid[r][c] = Cell(text, location, spanned=filler or not origin)
    cells = [[cell for cell in row if cell is not None] for row in grid]
    return Table(cells, Location(page=region.page, table=number))


def _groups(
    rows: int,
    cols: int,
    find: Callable[[int], int],
    placed: dict[int, list[tuple[Glyph, int]]],
    h_edge: Callable[[int, int], bool],
    v_edge: Callable[[int, int], bool],
) -> list[_Group]:
    members: dict[int, list[int]] = {}
    for i in range(rows * cols):
        members.setdefault(find(i), []).append(i)
    groups: list[_Group] = []
    for cells in members.values():
        rs = [i // cols for i in cells]
        cs = [i % cols for i in cells]
        r0, r1, c0, c1 = min(rs), max(rs) + 1, min(cs), max(cs) + 1
        if (r1 - r0) * (c1 - c0) != len(cells):
            # Not a rectangle (a ruling missing in the middle): keep each position apart.
            for i in cells:
                r, c = divmod(i, cols)
                groups.append(_Group(r, c, r + 1, c + 1, placed.get(i, []), True))
            continue
        # Open: on the table's outline where no ruling is drawn (outside a narrower row).
        closed = not (
            (r0 == 0 and not all(h_edge(0, c) for c in range(c0, c1)))
            or (r1 == rows and not all(h_edge(rows, c) for c in range(c0, c1)))
            or (c0 == 0 and not all(v_edge(0, r) for r in range(r0, r1)))
            or (c1 == cols and not all(v_edge(cols, r) for r in range(r0, r1)))
        )
        glyphs = [g for i in cells for g in placed.get(i, [])]
        groups.append(_Group(r0, c0, r1, c1, glyphs, closed))
    return groups


def _mend_seams(
    groups: list[_Group], seams: list[int], union: Callable[[int, int], None], cols: int, xs: list[float]
) -> None:
    """Make one cell of the pieces of a merged cell that a page break cut in two."""
    for seam in seams:
        above = {(g.c0, g.c1): g for g in groups if g.r1 == seam}
        for below in (g for g in groups if g.r0 == seam):
            upper = above.get((below.c0, below.c1))
            if upper is None:
                continue
            # Only a cell spanning rows (a group label) is cut by a page break: cells of
            # one row each are two rows, whatever their text.
            mend = upper.rows > 1 or below.rows > 1
            if mend and upper.glyphs and below.glyphs:
                mend = _runs_on(upper, below, xs)
            if mend:
                for r in range(upper.r0, below.r1):
                    for c in range(below.c0, below.c1):
                        union(upper.r0 * cols + upper.c0, r * cols + c)


def _runs_on(upper: _Group, below: _Group, xs: list[float]) -> bool:
    """Whether the text of ``upper`` wraps into ``below``: its last line has no room left.

    The room is the cell's width less its padding (the smallest gap between its text and
    its left edge, at most 4 pt, on either side) and less the last line; the text runs on
    when the first character of ``below`` would not fit into it. Numbers never run on: two
    numbers on either side of the break are the values of two rows.
    """
    lines = _lines(upper.glyphs)
    if _NUMERIC.match(_join(line.text for line in lines)) or _NUMERIC.match(_lines(below.glyphs)[0].text):
        return False  # values in two rows, not a word cut by the page break
    following = _lines(below.glyphs)[0].glyphs[0]
    left, right = xs[upper.c0], xs[upper.c1]
    padding = min(4.0, *(line.x0 - left for line in lines))
    room = (right - left) - 2 * max(padding, 0.0) - (lines[-1].x1 - lines[-1].x0)
    return room < (following.x1 - following.x0) + 0.5


# --- pages -------------------------------------------------------------------------------


def _dedupe(glyphs: Sequence[Glyph]) -> list[Glyph]:
    """Drop glyphs drawn twice at the same place (fake bold, shadows)."""
    seen: set[tuple[str, int, int]] = set()
    kept: list[Glyph] = []
    for g in glyphs:
        key = (g.text, round(g.x0), round(g.top))
        if key in seen:
            continue
        seen.add(key)
        kept.append(g)
    return kept


@attrs.define
class _Page:
    number: int
    width: float
    height: float
    items: list[_Line | _Region]


def _layout_page(page: PageGeometry) -> _Page:
    horizontal, vertical = _rules(page.segments)
    regions = [_Region(page.number, hs, vs) for hs, vs in _regions(horizontal, vertical)]
    loose: list[tuple[Glyph, int]] = []
    for glyph in _dedupe(page.glyphs):
        for region in regions:
            if region.contains(glyph):
                region.glyphs.append((glyph, page.number))
                break
        else:
            if glyph.text.strip():
                loose.append((glyph, page.number))
    lines = [line for line in _lines(loose) if line.text]
    items: list[_Line | _Region] = [*lines, *regions]
    items.sort(key=lambda item: item.top)
    return _Page(page.number, page.width, page.height, items)


def _mask(text: str) -> str:
    return re.sub(r"\d+", "#", text.replace(" ", ""))


def _drop_chrome(pages: list[_Page]) -> None:
    """Remove page numbers and running headers/footers."""
    repeated: set[str] = set()
    if len(pages) >= 3:
        counts: Counter[str] = Counter()
        for page in pages:
            seen = {_mask(item.text) for item in page.items if isinstance(item, _Line) and _in_margin(item, page)}
            counts.update(seen)
        repeated = {text for text, n in counts.items() if n > len(pages) / 2}
    for page in pages:
        kept: list[_Line | _Region] = []
        for item in page.items:
            if isinstance(item, _Line):
                text = item.text
                if PAGE_NUMBER.match(text):
                    continue
                if _in_margin(item, page) and (_BARE_NUMBER.match(text) or _mask(text) in repeated):
                    continue
            kept.append(item)
        page.items = kept


def _in_margin(line: _Line, page: _Page) -> bool:
    return line.bottom <= page.height * MARGIN or line.top >= page.height * (1 - MARGIN)


def _join_tables(pages: list[_Page]) -> None:
    """Append a table's continuation at the top of the next page to the table."""
    for previous, page in itertools.pairwise(pages):
        if not previous.items or not page.items:
            continue
        last, first = previous.items[-1], page.items[0]
        if isinstance(last, _Region) and isinstance(first, _Region) and last.continues_into(first):
            last.absorb(first)
            # The joined table moves to this page's start: it may go on to the next page.
            previous.items.pop()
            page.items[0] = last


@attrs.define
class _Body:
    left: float
    right: float


def _body(lines: list[_Line]) -> _Body:
    if not lines:
        return _Body(0.0, 0.0)
    lefts = Counter(round(line.x0) for line in lines)
    return _Body(float(lefts.most_common(1)[0][0]), max(line.x1 for line in lines))


def _centred(line: _Line, body: _Body) -> bool:
    left, right = line.x0 - body.left, body.right - line.x1
    return left > line.size and right > line.size and abs(left - right) < 1.5 * line.size


def _continues(previous: _Line, line: _Line, body: _Body, new_page: bool) -> bool:
    """Whether ``line`` goes on with the paragraph that ``previous`` ends."""
    size = max(previous.size, line.size)
    if abs(previous.size - line.size) > 0.15 * size:
        return False
    full = previous.x1 >= body.right - 1.5 * previous.size
    if _centred(line, body) and (full or _centred(previous, body)):
        # A centred title wrapped onto a second line (or a centred block of one size).
        return not new_page and line.top - previous.bottom < 1.5 * size
    if line.x0 > body.left + 0.8 * line.size:
        return False  # indented: a new paragraph
    if previous.x1 < body.right - 1.5 * previous.size:
        return False  # the previous line ended short
    return new_page or line.top - previous.bottom < 0.9 * size


def build_blocks(pages: Sequence[PageGeometry]) -> list[Block]:
    """Return the paragraphs and tables of the pages in reading order."""
    laid = [_layout_page(page) for page in pages]
    _drop_chrome(laid)
    _join_tables(laid)
    bodies = {page.number: _body([i for i in page.items if isinstance(i, _Line)]) for page in laid}
    blocks: list[Block] = []
    current: list[_Line] = []
    tables = paragraphs = 0

    def flush() -> None:
        nonlocal paragraphs
        if current:
            paragraphs += 1
            text = _join(line.text for line in current)
            blocks.append(Paragraph(text, Location(page=current[0].page, paragraph=paragraphs)))
            current.clear()

    for page in laid:
        for item in page.items:
            if isinstance(item, _Region):
                flush()
                tables += 1
                blocks.append(_table(item, tables))
                continue
            if current:
                previous = current[-1]
                new_page = previous.page != item.page
                if not _continues(previous, item, bodies[item.page], new_page):
                    flush()
            current.append(item)
    flush()
    return blocks
