"""Parsing cell text into numbers and printing numbers back."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govinfo.values import format_number, parse_cell


@pytest.mark.parametrize(
    ("text", "status", "value", "unit"),
    [
        ("302", "number", Decimal(302), None),
        (" ３０２ ", "number", Decimal(302), None),
        ("+1036", "number", Decimal(1036), None),
        ("-3", "number", Decimal(-3), None),
        ("1032.60994", "number", Decimal("1032.60994"), None),
        ("3,985,758", "number", Decimal(3985758), None),
        ("251000元", "number", Decimal(251000), "元"),
        ("", "blank", None, None),
        ("\u3000", "blank", None, None),
        ("\xa0", "blank", None, None),
        ("/", "placeholder", None, None),
        ("—", "placeholder", None, None),
        ("--", "placeholder", None, None),
        ("不适用", "placeholder", None, None),
        ("N/A", "placeholder", None, None),
        ("增加3个", "text", None, None),
        ("1,23", "text", None, None),
        ("行政许可", "text", None, None),
    ],
)
def test_parse_cell(text: str, status: str, value: Decimal | None, unit: str | None) -> None:
    """Numbers, blanks, placeholders and text are told apart; nothing is guessed."""
    parsed = parse_cell(text)

    assert (status, value, unit, text) == (parsed.status, parsed.value, parsed.unit, parsed.raw)


@given(st.integers(-(10**12), 10**12))
def test_integers_round_trip(value: int) -> None:
    """An integer printed by format_number parses back to itself."""
    assert Decimal(value) == parse_cell(format_number(value)).value


@given(st.decimals(min_value=0, max_value=10**9, places=5, allow_nan=False, allow_infinity=False))
def test_decimals_round_trip_without_exponent(value: Decimal) -> None:
    """Money keeps every digit and never uses exponent notation."""
    text = format_number(value)

    assert "E" not in text.upper()
    assert value == parse_cell(text).value
    assert "" == format_number(None)
