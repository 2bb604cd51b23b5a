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
from govinfo.document import Cell, Location
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
    classify,
    segment_labels,
    vocabulary,
)
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
