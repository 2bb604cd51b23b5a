"""The extraction's cheap pre-checks give what the full computation gives (issue 7).

Each fast path answers early only when the full work could not answer otherwise; these
properties run both on texts built from the form's own words (whole, cut, run together,
numbered, with strangers around them), where the answers differ most.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import govinfo.extraction.extras as extras_module
from govinfo import to_json
from govinfo.api import read_document
from govinfo.document import Cell, Document, Location, Paragraph, Table
from govinfo.errors import GovinfoError
from govinfo.extraction import extract
from govinfo.extraction.template import decide_template
from govinfo.extraction.tokens import (
    _NOTE_WORD,
    Token,
    Tokens,
    _classify,
    _classify_known,
    _covered_rows,
    _segment,
    _split_heading,
    _usual_length,
    classify,
    segment_labels,
    tokenize,
    vocabulary,
)
from govinfo.extraction.values import parse_cell, parse_normalized
from govinfo.form import NATIONAL
from govinfo.form.text import _PUNCT, _WS, normalize
from govinfo.limits import MAX_AMOUNT, MAX_FRACTION_DIGITS, out_of_range

VOCAB = vocabulary(NATIONAL)
_WORDS = sorted(
    {
        *VOCAB.words,
        *VOCAB.headers,
        *VOCAB.header_stems,
        *VOCAB.captions,
        *VOCAB.group_labels,
        *VOCAB.rows,
        *VOCAB.whole,
        *VOCAB.groups,
        *VOCAB.generic,
        *(alias for aliases in VOCAB.sections.values() for alias in aliases),
        *(m for marks in VOCAB.markers.values() for m in marks),
        *(label for label, _ in VOCAB.metadata),
        _NOTE_WORD,
    }
)
_NUMBERINGS = ["", "", "一、", "(三)", "(四)", "1.", "3.", "2、", "(1)", "十二、", "\u0663.", "(\u0663)"]


@st.composite
def _piece(draw: st.DrawFn) -> str:
    word = draw(st.sampled_from(_WORDS))
    start = draw(st.integers(0, len(word)))
    end = draw(st.integers(start, len(word)))
    kind = draw(st.sampled_from(["whole", "whole", "cut", "stranger"]))
    if kind == "cut":
        word = word[start:end]
    elif kind == "stranger":
        word = draw(st.text(alphabet="栏目专题导航链接0123456789无法他其:.()、 ", max_size=6))
    return draw(st.sampled_from(_NUMBERINGS)) + word


_TEXTS = st.lists(_piece(), min_size=1, max_size=4).map(lambda parts: normalize("".join(parts)))


@given(_TEXTS, st.booleans())
def test_the_opening_test_never_changes_a_classification(norm: str, is_cell: bool) -> None:
    full = _classify_known(norm, is_cell, VOCAB)
    assert classify(norm, is_cell, VOCAB) == full
    assert _classify(norm, is_cell, VOCAB) == full


def test_the_opening_test_lets_the_form_s_labels_through_and_stops_strangers() -> None:
    # Every word of the form classified alone keeps its kind; navigation texts are "text" at once.
    for word in _WORDS:
        for numbering in _NUMBERINGS:
            norm = normalize(numbering + word)
            assert classify(norm, True, VOCAB) == _classify_known(norm, True, VOCAB)
            assert classify(norm, False, VOCAB) == _classify_known(norm, False, VOCAB)
    assert classify(normalize("栏目123"), True, VOCAB) == ("text", None, None)
    assert classify("勾稽关系说明", True, VOCAB)[0] == "header"  # the corner note, anywhere


@given(_TEXTS)
def test_the_ending_test_never_changes_a_cut(norm: str) -> None:
    slow = _segment(norm, VOCAB.words) if len(norm) >= 4 else None
    assert segment_labels(norm, VOCAB.words) == slow


def _reference_scores(norms: list[str]) -> tuple[int, int]:
    """The header scan as it was: one ``any(startswith)`` per marker and text."""
    new_marks, old_marks = VOCAB.markers.get("2021", ()), VOCAB.markers.get("2019", ())
    score21 = sum(1 for n in norms if any(n.startswith(m) for m in new_marks))
    score19 = sum(1 for n in norms if any(n == m or n.startswith(m) for m in old_marks))
    return score21, score19


@given(st.lists(st.tuples(_TEXTS, st.booleans()), max_size=12))
def test_the_header_scan_counts_as_before(texts: list[tuple[str, bool]]) -> None:
    items = tuple(
        Token(i, 0, norm, norm, Location(), True, "value" if is_value else "text")
        for i, (norm, is_value) in enumerate(texts)
    )
    decision = decide_template(Tokens(items, VOCAB), None, NATIONAL)
    expected = _reference_scores([norm for norm, is_value in texts if not is_value])
    assert decision.scores == (("2021", expected[0]), ("2019", expected[1]))


def _reference_out_of_range(value: Decimal) -> str | None:
    """``limits.out_of_range`` of a decimal as it was, without the whole-number shortcut."""
    if not value.is_finite():
        return None
    if not value.is_zero() and (value.adjusted() > 15 or abs(value) > MAX_AMOUNT):
        return "exceeds the largest amount, 10**15"
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > MAX_FRACTION_DIGITS:
        return f"has more than {MAX_FRACTION_DIGITS} digits after the decimal point"
    return None


_DECIMALS = st.one_of(
    st.decimals(allow_nan=True, allow_infinity=True),
    st.builds(
        lambda digits, exponent, sign: Decimal((sign, tuple(int(d) for d in digits), exponent)),
        st.text(alphabet="0123456789", min_size=1, max_size=20),
        st.integers(-14, 4),
        st.integers(0, 1),
    ),
    st.sampled_from([Decimal("1E+15"), Decimal("1000000000000001"), Decimal("-0"), Decimal("0E-20"), Decimal("sNaN")]),
)


@given(_DECIMALS)
def test_the_whole_number_shortcut_gives_the_same_limit(value: Decimal) -> None:
    assert out_of_range(value) == _reference_out_of_range(value)


def _reference_covered_rows(rows: list[list[Cell]]) -> dict[tuple[int, int], int]:
    """``tokens._covered_rows`` as it was: the whole grid, every cell looked below."""
    grid: dict[tuple[int, int], Cell] = {}
    for r, row in enumerate(rows):
        for k, cell in enumerate(row):
            grid[(r, cell.location.column or k + 1)] = cell
    out: dict[tuple[int, int], int] = {}
    for r, row in enumerate(rows):
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


_CELLS = st.builds(
    lambda text, spanned, column: Cell(text, Location(column=column), spanned=spanned),
    st.sampled_from(["", "1", "x"]),
    st.booleans(),
    st.one_of(st.none(), st.integers(1, 4)),  # repeated and missing columns too
)


@given(st.lists(st.lists(_CELLS, max_size=5), max_size=6))
def test_the_merge_scan_skips_only_rows_no_merge_reaches(rows: list[list[Cell]]) -> None:
    assert _covered_rows(rows) == _reference_covered_rows(rows)


def _documents() -> list[Path]:
    root = Path(__file__).resolve().parents[2]
    found = [p for p in (root / "examples" / "samples").iterdir() if p.suffix != ".json"]
    found += [p for p in (root / "tests" / "samples").rglob("*") if p.is_file() and p.suffix != ".json"]
    return sorted(found)


@pytest.mark.parametrize("path", _documents(), ids=lambda p: p.name)
def test_the_last_row_shortcut_of_extras_changes_nothing(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    try:
        document = read_document(path)
    except GovinfoError:
        pytest.skip("refused")
    try:
        fast = extract(document)
    except GovinfoError:
        pytest.skip("refused")
    monkeypatch.setattr(extras_module, "_last_row_is_the_forms", lambda *args: False)
    slow = extract(document)
    assert slow == fast
    assert to_json(slow) == to_json(fast)


def test_the_last_row_shortcut_answers_for_the_form_s_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    answers: list[bool] = []
    shortcut = extras_module._last_row_is_the_forms

    def counted(*args: Any) -> bool:
        answers.append(shortcut(*args))
        return answers[-1]

    monkeypatch.setattr(extras_module, "_last_row_is_the_forms", counted)
    extract(read_document(Path(__file__).resolve().parents[2] / "examples" / "samples" / "sample-2021.txt"))
    assert answers
    assert all(answers)  # every table of the sample ends in one of the form's rows


def _reference_normalize(text: str) -> str:
    """``form.text.normalize`` as it was: every step on every text."""
    text = unicodedata.normalize("NFKC", text)
    text = _WS.sub("", text).replace("\u200b", "").replace("\ufeff", "")
    return text.translate(_PUNCT)


_SPECIAL = "".join(map(chr, _PUNCT)) + "\u200b\ufeff\u3000\xa0 \t\n（）：１２"


@given(st.one_of(st.text(), st.text(alphabet=_SPECIAL + "栏目ab0", max_size=8), _TEXTS))
def test_normalize_skips_only_texts_it_would_keep(text: str) -> None:
    assert normalize.__wrapped__(text) == _reference_normalize(text)


def _reference_tokenize(document: Document) -> tuple[Token, ...]:
    """``tokenize`` as it was: every text normalised, parsed, classified and cut on its own."""
    tokens: list[Token] = []
    for block_no, block in enumerate(document.blocks):
        if isinstance(block, Paragraph):
            texts: list[tuple[str, Location, bool, bool, bool, int]] = [
                (block.text, block.location, False, False, False, 1)
            ]
        else:
            usual = _usual_length(block.rows)
            down = _reference_covered_rows([list(row) for row in block.rows])
            texts = [
                (c.text, c.location, True, c.joined, len(row) < usual, down.get((r, k), 1))
                for r, row in enumerate(block.rows)
                for k, c in enumerate(row)
                if not c.spanned
            ]
        for text, location, is_cell, joined, short, rows_down in texts:
            norm = _reference_normalize(text)
            if not is_cell and not norm:
                continue
            glued = None if is_cell else _split_heading(text, VOCAB)
            if glued is not None:
                section, heading, text = glued
                tokens.append(
                    Token(len(tokens), block_no, heading, normalize(heading), location, False, "heading", section)
                )
                norm = normalize(text)
            parsed = parse_cell(text) if is_cell else None
            if parsed is not None and parsed.is_value_slot:
                kind, key, needs = "value", None, None
            else:
                kind, key, needs = _classify_known(norm, is_cell, VOCAB)
                if not is_cell and kind in ("header", "caption"):
                    kind = "text"
                pieces = _segment(norm, VOCAB.words) if is_cell and kind in ("text", "caption", "header") else None
                if pieces and len(norm) <= 600 and len(norm) >= 4:
                    for p in pieces:
                        p_kind, p_key, p_needs = _classify_known(p, True, VOCAB)
                        tokens.append(
                            Token(len(tokens), block_no, p, p, location, True, p_kind, p_key, needs_group=p_needs)
                        )
                    continue
            tokens.append(
                Token(
                    len(tokens),
                    block_no,
                    text,
                    norm,
                    location,
                    is_cell,
                    kind,
                    key,
                    parsed,
                    needs,
                    joined,
                    short,
                    rows_down,
                )
            )
    return tuple(tokens)


_CELL_TEXTS = st.one_of(
    _TEXTS,
    st.sampled_from(["", " ", "0", "12", "/", "—", "3,985", "251000元", "增加3个", "〇"]),
    # Labels run together, one of them a generic row that needs its group (pieces with needs_group).
    st.sampled_from(["总计3.其他", "五、行政复议3.其他", "(七)总计"]).map(lambda t: _WORDS[0] + t),
)


@st.composite
def _documents_of_the_form(draw: st.DrawFn) -> Document:
    blocks: list[Paragraph | Table] = []
    for b in range(draw(st.integers(1, 5))):
        if draw(st.booleans()):
            text = draw(st.one_of(_TEXTS, st.just(""), st.just("五、存在的主要问题及改进情况2023年，无")))
            blocks.append(Paragraph(text, Location(paragraph=b + 1)))
            continue
        width = draw(st.integers(1, 5))
        rows = []
        for r in range(draw(st.integers(0, 6))):
            # Mostly full rows (a grid: a shorter row is short_row), some shorter.
            length = width if draw(st.integers(0, 3)) else draw(st.integers(0, width))
            row = []
            for k in range(length):
                spanned = draw(st.booleans()) and r > 0
                text = draw(_CELL_TEXTS)
                row.append(Cell(text, Location(table=b + 1, row=r + 1, column=k + 1), spanned, draw(st.booleans())))
            rows.append(row)
        blocks.append(Table(rows, Location(table=b + 1)))
    return Document(blocks=blocks)


@given(_documents_of_the_form())
def test_tokenize_gives_the_tokens_of_the_full_steps(document: Document) -> None:
    assert tokenize(document, keep_chrome=True).items == _reference_tokenize(document)


def test_the_header_scan_counts_every_marker() -> None:
    markers = [m for marks in VOCAB.markers.values() for m in marks]
    norms = [*markers, *(m + "(件)" for m in markers), *("第" + m for m in markers), *(m[:1] for m in markers)]
    items = tuple(Token(i, 0, norm, norm, Location(), True, "header") for i, norm in enumerate(norms))
    decision = decide_template(Tokens(items, VOCAB), None, NATIONAL)
    expected = _reference_scores(norms)
    assert decision.scores == (("2021", expected[0]), ("2019", expected[1]))
    assert expected[0] > 0
    assert expected[1] > 0


def test_the_front_matter_is_the_tokens_before_the_first_heading() -> None:
    kinds = ["text", "value", "heading", "text", "heading"]
    items = tuple(Token(i, i, k, k, Location(), False, k) for i, k in enumerate(kinds))
    assert Tokens(items, VOCAB).front_matter() == items[:2]
    assert Tokens(items[3:4], VOCAB).front_matter() == items[3:4]
    assert Tokens((), VOCAB).front_matter() == ()


@given(_CELL_TEXTS)
def test_parse_normalized_is_parse_cell(text: str) -> None:
    assert parse_normalized(text, normalize(text)) == parse_cell(text)


# --- printable() -------------------------------------------------------------------------

_PRINT_CHARS = st.sampled_from(["a", "一", "\u00a0", "\u3000", "\n", "\t", "\r", "\r\n", "\x07", "\x85", "\ud800", "0"])


def _printable_as_before(text: str) -> str:
    """The cleaning as it was before the fast test (every text isprintable refuses is rebuilt)."""
    if text.isprintable():
        return text
    import re

    controls = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
    return re.sub("[\ud800-\udfff]", "\ufffd", controls.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n")))


_PRINT_TEXTS = st.lists(_PRINT_CHARS, max_size=4).map("".join)


@given(st.lists(st.lists(_PRINT_TEXTS, min_size=1, max_size=3), min_size=1, max_size=3))
def test_printable_cleans_as_before_and_keeps_clean_tables(rows: list[list[str]]) -> None:
    from govinfo.extraction import printable

    table = Table([[Cell(text) for text in row] for row in rows])
    paragraph = Paragraph(rows[0][0])
    clean = printable(Document(blocks=[paragraph, table]))
    para_out, table_out = clean.blocks
    assert isinstance(para_out, Paragraph)
    assert isinstance(table_out, Table)
    assert para_out.text == _printable_as_before(paragraph.text)
    assert [[c.text for c in row] for row in table_out.rows] == [[_printable_as_before(t) for t in row] for row in rows]
    if not any(ch in t for row in rows for t in row for ch in "\r\x07\x85\ud800"):
        assert table_out is table  # NBSP, U+3000 and line breaks need no cleaning: the table is kept
        assert para_out is paragraph
