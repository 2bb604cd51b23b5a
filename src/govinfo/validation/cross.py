"""Checks across reports (spec §7): X-1, the carry-over between consecutive years."""

from __future__ import annotations

from decimal import Decimal

from govinfo.form import normalize, table_spec
from govinfo.model import AnnualReport, Finding
from govinfo.validation._common import as_number, column_name, fmt, make_finding, row_name

__all__ = ["CARRY_OVER_MISMATCH", "check_carry_over"]

CARRY_OVER_MISMATCH = "carry-over-mismatch"


def _identity_problem(previous: AnnualReport, current: AnnualReport) -> str | None:
    prev_year, year = previous.metadata.year, current.metadata.year
    if prev_year is not None and year is not None and year != prev_year + 1:
        return f"the reports are for {prev_year} and {year}, not consecutive years"
    prev_agency, agency = previous.metadata.agency, current.metadata.agency
    if prev_agency and agency and normalize(prev_agency) != normalize(agency):
        return f"the reports are from different agencies ({prev_agency!r}, {agency!r})"
    return None


def check_carry_over(
    previous: AnnualReport, current: AnnualReport, *, check_identity: bool = True
) -> list[Finding]:
    """X-1: this year's 上年结转 equals last year's 结转下年度, column by column.

    One warning (``carry-over-mismatch``) lists every column that differs, the first
    first; its paths are cells of ``current``. Blank cells count as 0. Agency mergers and
    renamings (机构改革) break the relation legitimately, hence a warning.

    Args:
        previous: the report for year N-1.
        current: the report for year N of the same agency.
        check_identity: refuse reports whose stated years are not consecutive or whose
            stated agencies differ (unknown years or agencies are not checked).

    Raises:
        ValueError: ``check_identity`` and the two reports are not consecutive years of
            one agency.
    """
    if check_identity:
        problem = _identity_problem(previous, current)
        if problem:
            raise ValueError(f"cannot compare carry-over: {problem}")
    if not previous.has_row("applications", "carried_forward") or not current.has_row(
        "applications", "carried_over"
    ):
        return []
    t = current.template
    differences: list[tuple[str, Decimal | None, Decimal | None]] = []
    for column in table_spec("applications").columns:
        now = as_number(current.get(f"applications/carried_over/{column.key}"))
        before = as_number(previous.get(f"applications/carried_forward/{column.key}"))
        if not isinstance(now, Decimal | None) or not isinstance(before, Decimal | None):
            continue  # not a number: the domain rule says so
        if (now or 0) != (before or 0):
            differences.append((column.key, now, before))
    if not differences:
        return []
    prev_label = f"{previous.metadata.year}年度" if previous.metadata.year else "上一年度"
    year_label = f"{current.metadata.year}年度" if current.metadata.year else "本年度"
    listed_zh = "、".join(
        f"{column_name('applications', c, t)} {fmt(now)}（上年报告 {fmt(before)}）"
        for c, now, before in differences
    )
    listed_en = "; ".join(
        f"column {column_name('applications', c, t, 'en')} {fmt(now)} (last year {fmt(before)})"
        for c, now, before in differences
    )
    _, now, before = differences[0]
    paths = [f"applications/carried_over/{c}" for c, _, _ in differences]
    return [
        make_finding(
            current,
            code=CARRY_OVER_MISMATCH,
            message=(
                f"{year_label}“{row_name('applications', 'carried_over', t)}”与{prev_label}报告"
                f"“{row_name('applications', 'carried_forward', previous.template)}”不一致：{listed_zh}"
                "（空白按0计；机构改革、统计口径调整等可致合理差异，宜在报告中说明）"
            ),
            message_en=(
                f"Table 3, row {row_name('applications', 'carried_over', t, 'en')} differs from last year's "
                f"row {row_name('applications', 'carried_forward', previous.template, 'en')}: "
                f"{listed_en} (blank cells counted as 0; agency reorganisations can explain it)"
            ),
            paths=paths,
            expected=before if before is not None else Decimal(0),
            actual=now,
            assumed_zero=[p for p, (_, n, _) in zip(paths, differences, strict=True) if n is None],
        )
    ]
