"""Value domains (spec A21-7 / A19-7): counts are integers ≥ 0, money is ≥ 0.

Only the 2019 ``本年增/减`` columns (``change``) are signed. Blank cells are fine here.
"""

from __future__ import annotations

from decimal import Decimal

from govinfo.labels import row_spec
from govinfo.model import AnnualReport, Finding
from govinfo.rules._common import BAD, as_number, cell_name, fmt, make_finding

__all__ = ["NEGATIVE_VALUE", "WRONG_NUMBER_TYPE", "check_negative", "check_number_type"]

NEGATIVE_VALUE = "negative-value"
WRONG_NUMBER_TYPE = "wrong-number-type"


def _kind(report: AnnualReport, path: str) -> str:
    table, row, column = path.split("/")
    spec = row_spec(table, row, report.template)
    return next((c.kind for c in spec.columns if c.key == column), "count")


def check_negative(report: AnnualReport) -> list[Finding]:
    """A negative number in a count or money cell (``change`` may be negative)."""
    findings = []
    for path, value in report.cells():
        number = as_number(value)
        if not isinstance(number, Decimal) or number >= 0 or _kind(report, path) == "signed":
            continue
        findings.append(
            make_finding(
                report,
                code=NEGATIVE_VALUE,
                severity="error",
                message=f"{cell_name(path, report.template)} 为 {fmt(number)}，不能为负数",
                message_en=f"{path} is {fmt(number)}; it cannot be negative",
                paths=(path,),
                actual=number,
            )
        )
    return findings


def check_number_type(report: AnnualReport) -> list[Finding]:
    """A count cell holding a fraction, or any cell holding something other than a number."""
    findings = []
    for path, value in report.cells():
        if value is None:
            continue
        number = as_number(value)
        kind = _kind(report, path)
        if number is BAD:
            shown = str(value)
            actual = None
        elif isinstance(number, Decimal) and kind != "decimal" and number != number.to_integral_value():
            shown = fmt(number)
            actual = number
        else:
            continue
        wanted_zh = "金额（数字）" if kind == "decimal" else "整数"
        wanted_en = "an amount (a number)" if kind == "decimal" else "a whole number"
        findings.append(
            make_finding(
                report,
                code=WRONG_NUMBER_TYPE,
                severity="error",
                message=f"{cell_name(path, report.template)} 为 {shown}，应为{wanted_zh}",
                message_en=f"{path} is {shown!r}; it should be {wanted_en}",
                paths=(path,),
                actual=actual,
            )
        )
    return findings
