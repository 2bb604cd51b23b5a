"""Value domains (spec A21-7 / A19-7): counts are integers ≥ 0, money is ≥ 0.

Only the 2019 ``本年增/减`` columns (``change``) are signed. Blank cells are fine here.
"""

from __future__ import annotations

from decimal import Decimal

from govinfo.form import row_spec
from govinfo.limits import MAX_COUNT, describe, out_of_range
from govinfo.model import AnnualReport, Finding
from govinfo.validation._common import BAD, as_number, cell_name, fmt, make_finding

__all__ = ["NEGATIVE_VALUE", "WRONG_NUMBER_TYPE", "check_negative", "check_number_type"]

NEGATIVE_VALUE = "negative-value"
WRONG_NUMBER_TYPE = "wrong-number-type"


def _kind(report: AnnualReport, path: str) -> str:
    table, row, column = path.split("/")
    spec = row_spec(table, row, report.template)
    return next((c.kind for c in spec.columns if c.key == column), "count")


def _cell_finding(report: AnnualReport, code: str, path: str, says: tuple[str, str], actual: Decimal | None) -> Finding:
    """An error about one cell: its printed name (its path, in English), then ``says``."""
    return make_finding(
        report,
        code=code,
        message=f"{cell_name(path, report.template)} {says[0]}",
        message_en=f"{cell_name(path, report.template, 'en')} {says[1]}",
        paths=(path,),
        actual=actual,
    )


def check_negative(report: AnnualReport) -> list[Finding]:
    """A negative number in a count or money cell (``change`` may be negative)."""
    findings = []
    for path, value in report.cells():
        if value is None or (type(value) is int and value >= 0):
            continue  # the common case, decided without a Decimal
        number = as_number(value)
        if isinstance(number, Decimal) and number < 0 and _kind(report, path) != "signed":
            says = f"为 {fmt(number)}，不能为负数", f"is {fmt(number)}; it cannot be negative"
            findings.append(_cell_finding(report, NEGATIVE_VALUE, path, says, number))
    return findings


def check_number_type(report: AnnualReport) -> list[Finding]:
    """A count cell holding a fraction, or any cell holding something other than a number."""
    findings = []
    for path, value in report.cells():
        if value is None or (type(value) is int and -MAX_COUNT <= value <= MAX_COUNT):
            continue  # blank, or a plain int in range (never a fraction; bool is not int here)
        number = as_number(value)
        kind = _kind(report, path)
        too_large = out_of_range(value)
        if too_large:
            shown = describe(value)
            says = f"为 {shown}，超出数值上限（docs/limits.md）", f"is {shown}: it {too_large} (docs/limits.md)"
            findings.append(_cell_finding(report, "bad-value", path, says, None))
            continue
        if number is BAD:
            shown, actual = str(value)[:40], None
        elif isinstance(number, Decimal) and kind != "decimal" and number != number.to_integral_value():
            shown, actual = fmt(number), number
        else:
            continue
        if kind == "decimal":
            says = f"为 {shown}，应为金额（数字）", f"is {shown!r}; it should be an amount (a number)"
        else:
            says = f"为 {shown}，应为整数", f"is {shown!r}; it should be a whole number"
        findings.append(_cell_finding(report, WRONG_NUMBER_TYPE, path, says, actual))
    return findings
