"""The pipe-text parser's one-pass loop against the per-cell builder it replaced (issue 7).

``parse_pipe_text`` builds cells inline and skips the Markdown rule pattern when the text
has no run of three dashes. On generated pipe texts (one cell per line, whole rows,
padding pipes, lines of pipes alone, leading pipes, rule lines, paragraphs, blank and
whitespace lines) its blocks must be those of the straightforward builder below, which is
the reader's previous code.
"""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from govinfo.document import Block, Cell, Location, Paragraph, Table
from govinfo.readers.text import parse_pipe_text

_MD_RULE = re.compile(r"^\|?(?:\s*:?-{3,}:?\s*\|)+\s*$")


class _Builder:
    def __init__(self, number: int, line: int) -> None:
        self.number = number
        self.line = line
        self.rows: list[tuple[Cell, ...]] = []
        self.current: list[Cell] = []

    def add(self, text: str, line: int, *, spanned: bool = False) -> None:
        location = Location(line=line, table=self.number, row=len(self.rows) + 1, column=len(self.current) + 1)
        self.current.append(Cell(text, location, spanned))

    def end_row(self) -> None:
        if self.current:
            self.rows.append(tuple(self.current))
            self.current = []

    def build(self) -> Table:
        self.end_row()
        return Table(self.rows, Location(line=self.line, table=self.number))


def _reference(text: str) -> list[Block]:
    blocks: list[Block] = []
    table: _Builder | None = None
    tables = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip() or _MD_RULE.match(line.strip()):
            continue
        stripped = line.rstrip()
        if not stripped.endswith("|"):
            if table is not None:
                blocks.append(table.build())
                table = None
            blocks.append(Paragraph(line, Location(line=number)))
            continue
        if table is None:
            tables += 1
            table = _Builder(tables, number)
        texts = [s.strip() for s in stripped.split("|")[:-1]]
        filled = [i for i, t in enumerate(texts) if t]
        if not filled:
            if len(texts) == 1:
                table.add("", number)
            else:
                for _ in texts:
                    table.add("", number, spanned=True)
            table.end_row()
            continue
        first = 1 if line.lstrip().startswith("|") else 0
        last = filled[-1]
        for t in texts[first : last + 1]:
            table.add(t, number)
        padding = len(texts) - last - 1
        for _ in range(padding):
            table.add("", number, spanned=True)
        if padding or len(filled) >= 2:
            table.end_row()
    if table is not None:
        blocks.append(table.build())
    return blocks


_PIECES = st.sampled_from(["", " ", "\u3000", "\t", "收到申请数", "12", "0", "-", "---", ":---:", "a b", "\r"])


@st.composite
def _line(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["cell", "cell", "cell", "row", "pipes", "rule", "paragraph", "blank"]))
    lead = draw(st.sampled_from(["", " ", "|", " |", "\u3000"]))
    tail = draw(st.sampled_from(["", " ", "\t", "\r", "\u3000"]))
    if kind == "cell":
        return f"{lead}{draw(_PIECES)} |{draw(st.sampled_from(['', '|', '||', ' | |']))}{tail}"
    if kind == "row":
        cells = draw(st.lists(_PIECES, min_size=1, max_size=5))
        return lead + "".join(f"{c} |" for c in cells) + tail
    if kind == "pipes":
        return lead + "|" * draw(st.integers(1, 4)) + tail
    if kind == "rule":
        return lead + draw(st.sampled_from(["|---|---|", "---|", "| :---: |", "|--|"])) + tail
    if kind == "paragraph":
        return lead.replace("|", "") + draw(_PIECES) + draw(st.sampled_from(["", "|a", "二、"])) + tail
    return draw(st.sampled_from(["", " ", "\t", "\u3000"]))


@given(st.lists(_line(), max_size=30))
def test_the_one_pass_parser_equals_the_per_cell_builder(lines: list[str]) -> None:
    text = "\n".join(lines)
    assert parse_pipe_text(text) == _reference(text)


def test_the_samples_parse_as_before() -> None:
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "examples" / "samples"
    for path in sorted(root.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert parse_pipe_text(text) == _reference(text), path.name
