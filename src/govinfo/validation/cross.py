"""Checks across reports (spec §7): X-1, the carry-over between consecutive years, and the pairing of a collection."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal

import attrs

from govinfo.form import normalize, table_spec
from govinfo.model import AnnualReport, Finding
from govinfo.validation._common import as_number, column_name, fmt, make_finding, row_name

__all__ = ["CARRY_OVER_MISMATCH", "AgencyIds", "CrossCheck", "agency_key", "check_carry_over", "cross_check"]

CARRY_OVER_MISMATCH = "carry-over-mismatch"


def _identity_problem(previous: AnnualReport, current: AnnualReport) -> str | None:
    prev_year, year = previous.metadata.year, current.metadata.year
    if prev_year is not None and year is not None and year != prev_year + 1:
        return f"the reports are for {prev_year} and {year}, not consecutive years"
    prev_agency, agency = previous.metadata.agency, current.metadata.agency
    if prev_agency and agency and normalize(prev_agency) != normalize(agency):
        return f"the reports are from different agencies ({prev_agency!r}, {agency!r})"
    return None


def check_carry_over(previous: AnnualReport, current: AnnualReport, *, check_identity: bool = True) -> list[Finding]:
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
    if not previous.has_row("applications", "carried_forward") or not current.has_row("applications", "carried_over"):
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
        f"{column_name('applications', c, t)} {fmt(now)}（上年报告 {fmt(before)}）" for c, now, before in differences
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


# --- pairing a collection -------------------------------------------------------------

AgencyIds = Sequence[str | None] | Mapping[str, str] | Callable[[AnnualReport], str | None]
"""How a caller says which reports belong to one agency: ids in the order of the reports,
a mapping from a report's source name (or its agency name) to an id, or a function."""


def agency_key(agency: str | None) -> str | None:
    """The agency name as compared across reports: normalised, stray marks at its ends removed."""
    if not agency:
        return None
    return re.sub(r"^[^\w]+|[^\w]+$", "", normalize(agency)) or None


def _identity(report: AnnualReport, index: int, agency_ids: AgencyIds | None) -> str | None:
    if agency_ids is None:
        return agency_key(report.metadata.agency)
    if callable(agency_ids):
        return agency_ids(report)
    if isinstance(agency_ids, Mapping):
        name = report.metadata.source.name
        for key in (name, report.metadata.agency):
            if key is not None and key in agency_ids:
                return agency_ids[key]
        return agency_key(report.metadata.agency)
    return agency_ids[index] if index < len(agency_ids) else None


def _label(report: AnnualReport) -> str:
    if report.metadata.source.name:
        return report.metadata.source.name
    return f"{report.metadata.year}" if report.metadata.year is not None else "?"


@attrs.frozen
class CrossCheck:
    """The findings of the checks across a collection of reports.

    Attributes:
        findings: per report (in the order given), the cross-report findings about it.
        pairs: how many pairs of consecutive years of one agency were compared.
        mismatches: how many of those pairs did not agree.
    """

    findings: tuple[tuple[Finding, ...], ...]
    pairs: int = 0
    mismatches: int = 0


def cross_check(reports: Sequence[AnnualReport], *, agency_ids: AgencyIds | None = None) -> CrossCheck:
    """Run the checks across reports (X-1) on every pair of consecutive years of one agency.

    Reports are paired by agency identity (the normalised agency name, or what
    ``agency_ids`` says) and year; a report without either is not paired. Where the
    previous year is given more than once, each is compared and the findings they agree
    on are listed once, naming the reports (their source names) they were compared with.
    """
    groups: dict[tuple[str, int], list[int]] = {}
    for index, report in enumerate(reports):
        agency, year = _identity(report, index, agency_ids), report.metadata.year
        if agency is not None and year is not None:
            groups.setdefault((agency, year), []).append(index)
    out: list[list[Finding]] = [[] for _ in reports]
    pairs = mismatches = 0
    for (agency, year), currents in groups.items():
        for current in currents:
            found: dict[tuple[str, tuple[str, ...]], tuple[Finding, list[str]]] = {}
            for previous in groups.get((agency, year - 1), []):
                pairs += 1
                carry = check_carry_over(reports[previous], reports[current], check_identity=False)
                mismatches += bool(carry)
                for item in carry:
                    entry = found.setdefault((item.message, item.paths), (item, []))
                    entry[1].append(_label(reports[previous]))
            for item, labels in found.values():
                listed = ", ".join(labels)
                out[current].append(
                    attrs.evolve(
                        item,
                        message=f"{item.message}（对照 {listed}）",
                        message_en=f"{item.message_en} (against {listed})",
                    )
                )
    return CrossCheck(tuple(tuple(f) for f in out), pairs, mismatches)
