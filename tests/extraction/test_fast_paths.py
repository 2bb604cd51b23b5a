"""The extraction's cheap pre-checks give what the full computation gives (issue 7).

Each fast path answers early only when the full work could not answer otherwise; these
properties run both on texts built from the form's own words (whole, cut, run together,
numbered, with strangers around them), where the answers differ most.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from govinfo.document import Location
from govinfo.extraction.template import decide_template
from govinfo.extraction.tokens import (
    _NOTE_WORD,
    Token,
    Tokens,
    _classify,
    _classify_known,
    _segment,
    classify,
    segment_labels,
    vocabulary,
)
from govinfo.form import NATIONAL
from govinfo.form.text import normalize

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
_NUMBERINGS = ["", "", "一、", "(三)", "(四)", "1.", "3.", "2、", "(1)", "十二、"]


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
        assert classify(word, True, VOCAB) == _classify_known(word, True, VOCAB)
        assert classify(word, False, VOCAB) == _classify_known(word, False, VOCAB)
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
