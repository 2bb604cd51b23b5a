"""Helpers the rule modules share: numbers, the names of cells, finding construction."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from govinfo.findings import Finding, finding
from govinfo.form import NATIONAL
from govinfo.limits import out_of_range
from govinfo.model import AnnualReport, Undecided

__all__ = [
    "BAD",
    "as_number",
    "blank_note",
    "cell_name",
    "column_name",
    "fmt",
    "make_finding",
    "path_order",
    "row_name",
    "unknown_cells",
]


class _Bad:
    """Marker for a cell that holds something other than a usable number."""

    def __repr__(self) -> str:
        return "BAD"


BAD = _Bad()


def as_number(value: object) -> Decimal | _Bad | None:
    """Return a cell value as a finite :class:`Decimal`, ``None`` for a blank, else :data:`BAD`."""
    if value is None:
        return None
    if isinstance(value, bool):
        return BAD
    if out_of_range(value):
        return BAD
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, Decimal):
        return value if value.is_finite() else BAD
    if isinstance(value, float):
        return Decimal(repr(value)) if value == value and abs(value) != float("inf") else BAD
    return BAD


def fmt(value: Decimal | None) -> str:
    """Write a number as the form would show it (``3``, ``1032.60994``); ``None`` as ``空``."""
    if value is None:
        return "空"
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def cell_name(path: str, template: str, language: str = "zh") -> str:
    """The name of a cell as printed: ``（三）不予公开·1.属于国家秘密 / 自然人``.

    In English: ``Table 3, row (3) Denied · 1. State secret, column Natural person``.
    """
    return NATIONAL.cell_name(path, template, language)


def row_name(table: str, row: str, template: str, language: str = "zh") -> str:
    """The name of a row as printed, group included (see :meth:`govinfo.form.Form.row_name`)."""
    return NATIONAL.row_name(table, row, template, language)


def column_name(table: str, column: str, template: str, language: str = "zh") -> str:
    """The name of a column as printed (``法人或其他组织·商业企业``)."""
    return NATIONAL.column_name(table, column, template, language)


def path_order(path: str | None) -> int:
    """Position of a cell, row or table path in printed order (unknown paths last)."""
    return NATIONAL.path_order(path)


def blank_note(blanks: Iterable[str], template: str) -> tuple[str, str]:
    """The (Chinese, English) remark that blank cells were counted as 0 (empty if none)."""
    blanks = list(blanks)
    if not blanks:
        return "", ""
    if len(blanks) <= 3:
        names = "、".join(cell_name(p, template) for p in blanks)
        names_en = "; ".join(cell_name(p, template, "en") for p in blanks)
        return f"（空白单元格按0计：{names}）", f" (blank cells counted as 0: {names_en})"
    return (
        f"（{len(blanks)}个空白单元格按0计）",
        f" ({len(blanks)} blank cells counted as 0)",
    )


def make_finding(
    report: AnnualReport,
    *,
    code: str,
    message: str,
    message_en: str,
    severity: str | None = None,
    paths: Iterable[str] = (),
    expected: Decimal | None = None,
    actual: Decimal | None = None,
    assumed_zero: Iterable[str] = (),
) -> Finding:
    """Build a rule's finding (:func:`govinfo.findings.finding`), located at its first path."""
    return finding(
        code,
        message,
        message_en,
        severity=severity,
        paths=paths,
        expected=expected,
        actual=actual,
        assumed_zero=sorted(set(assumed_zero), key=path_order),
        report=report,
    )


def unknown_cells(report: AnnualReport) -> dict[str, Undecided]:
    """The cells of unsplit runs (:attr:`AnnualReport.undecided`) still blank, each with its run.

    The report's validator has checked that every path is a cell of its format.
    """
    return {p: entry for entry in report.undecided for p in entry.paths if report.get(p) is None}
