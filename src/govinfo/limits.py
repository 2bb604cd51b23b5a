"""The largest values govinfo keeps, and how to tell a value within them.

A cell holds a count (at most :data:`MAX_COUNT`, 10¹⁵: no agency receives a quadrillion
applications) or an amount (at most :data:`MAX_AMOUNT` in magnitude, with at most
:data:`MAX_FRACTION_DIGITS` digits after the point). A number beyond these is not a
value of the form: extraction reads it as a ``bad-value`` (the cell blank), the JSON
reader refuses it, validation reports it and the writers refuse it, so no step builds
a gigabyte string out of ``"1e999999999"``. ``docs/limits.md`` lists these with every
other limit of govinfo.
"""

from __future__ import annotations

from decimal import Decimal

__all__ = [
    "MAX_AMOUNT",
    "MAX_COUNT",
    "MAX_DECIMAL_EXPONENT",
    "MAX_FRACTION_DIGITS",
    "MAX_JSON_DEPTH",
    "describe",
    "out_of_range",
]

MAX_COUNT = 10**15
"""The largest count (and the largest magnitude of a signed count) a cell may hold."""
MAX_AMOUNT = Decimal(10**15)
"""The largest magnitude of an amount (money, in the unit of its column)."""
MAX_FRACTION_DIGITS = 10
"""The most digits an amount may have after the decimal point."""
MAX_DECIMAL_EXPONENT = 1000
"""The largest decimal exponent (either sign) of any number in govinfo's JSON (findings too)."""
MAX_JSON_DEPTH = 64
"""The deepest nesting of arrays and objects :func:`govinfo.from_json` reads."""
_ONE = Decimal(1)


def out_of_range(value: object) -> str | None:
    """Why ``value`` (a cell value) is beyond govinfo's limits, or ``None`` when it is not.

    Never raises, whatever the value: a ``bool``, a string or a non-finite decimal is
    not this function's business (it returns ``None``; validation reports them).
    """
    if type(value) is Decimal and value.same_quantum(_ONE) and value.adjusted() < 15:
        return None  # the usual cell: a whole number as printed (exponent 0) of at most 15 digits
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return "exceeds the largest count, 10**15" if abs(value) > MAX_COUNT else None
    if isinstance(value, Decimal):
        if not value.is_finite():
            return None
        if not value.is_zero() and (value.adjusted() > 15 or abs(value) > MAX_AMOUNT):
            return "exceeds the largest amount, 10**15"
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and -exponent > MAX_FRACTION_DIGITS:
            return f"has more than {MAX_FRACTION_DIGITS} digits after the decimal point"
    return None


def describe(value: object, width: int = 24) -> str:
    """A short printable form of a value that may be huge (never raises)."""
    if isinstance(value, int) and not isinstance(value, bool) and out_of_range(value):
        digits = value.bit_length() * 30103 // 100000 + 1
        return f"{'-' if value < 0 else ''}a number of about {digits} digits"
    if isinstance(value, Decimal) and value.is_finite() and out_of_range(value):
        sign, _, exponent = value.as_tuple()
        return f"{'-' if sign else ''}a number of order 10**{value.adjusted()}" if isinstance(exponent, int) else "?"
    text = repr(value)
    return text if len(text) <= width else text[: width - 1] + "…"
