"""Format conformance (spec §7 X-8): the template's rows are there, the template fits the year.

These are warnings: real documents deviate for reasons of their own, and the arithmetic
rules skip what a missing row makes unevaluable.
"""

from __future__ import annotations

from govinfo.findings import finding
from govinfo.form import NATIONAL, TABLES, table_spec
from govinfo.model import EXTRA_PREFIX, AnnualReport, Finding
from govinfo.validation._common import make_finding, row_name

__all__ = [
    "EXTRA_TABLE",
    "FORMAT_MISSING_ROW",
    "TEMPLATE_YEAR_MISMATCH",
    "check_extra_tables",
    "check_missing_rows",
    "check_template_year",
]

EXTRA_TABLE = "extra-table"
FORMAT_MISSING_ROW = "format-missing-row"
TEMPLATE_YEAR_MISMATCH = "template-year-mismatch"

# Extractor findings that already say a row or table is missing (or printed in the other
# version's layout): the conformance rule does not repeat them.
_EXTRACTOR_CODES = ("missing-row", "missing-table", "template-mixed", "merged-cells")

_FIRST_2021_YEAR = 2021


def _reported(report: AnnualReport) -> list[str]:
    return [p for f in report.findings if f.code in _EXTRACTOR_CODES for p in f.paths]


def _covered(reported: list[str], prefix: str) -> bool:
    return any(p == prefix or p.startswith(prefix + "/") for p in reported)


def _warn(report: AnnualReport, paths: tuple[str, ...], message: str, message_en: str) -> Finding:
    return make_finding(
        report,
        code=FORMAT_MISSING_ROW,
        message=message,
        message_en=message_en,
        paths=paths,
    )


def _other_layout(report: AnnualReport, missing: list[str], reported: list[str]) -> list[Finding]:
    """Handle （六）其他处理 printed in the other version's layout; trims ``missing``."""
    t = report.template
    subs = [r.key for r in table_spec("applications").rows if r.group == "other"]
    has_single = report.has_row("applications", "other")
    has_subs = any(report.has_row("applications", key) for key in subs)
    mixed_reported = any(f.code == "template-mixed" for f in report.findings)
    findings = []
    if t == "2021" and has_single and not has_subs:
        missing[:] = [key for key in missing if key not in subs]
        if not mixed_reported and not any(_covered(reported, f"applications/{k}") for k in subs):
            findings.append(
                _warn(
                    report,
                    tuple(f"applications/{k}" for k in subs),
                    "（六）其他处理 按2019年格式印为一行，缺少2021年格式的三个子项",
                    "（六）其他处理 is printed as one row (2019 layout), without the three sub-rows of the 2021 format",
                )
            )
    elif t == "2019" and has_subs and not has_single:
        missing[:] = [key for key in missing if key != "other"]
        if not mixed_reported and not _covered(reported, "applications/other"):
            findings.append(
                _warn(
                    report,
                    ("applications/other",),
                    "（六）其他处理 按2021年格式分为子项印出，而非2019年格式的一行",
                    "（六）其他处理 is printed with the sub-rows of the 2021 format instead of "
                    "the single row of the 2019 format",
                )
            )
    return findings


def check_missing_rows(report: AnnualReport) -> list[Finding]:
    """Rows (or whole tables) of the report's template that the document does not have."""
    t = report.template
    reported = _reported(report)
    findings: list[Finding] = []
    for table in TABLES:
        if getattr(report, table.key) is None:
            if not _covered(reported, table.key):
                findings.append(
                    _warn(
                        report,
                        (table.key,),
                        f"缺少表格：{table.section}",
                        f"{table.label_en} ({NATIONAL.section(table.key).label_en}) is missing",
                    )
                )
            continue
        missing = [r.key for r in table.rows_for(t) if not report.has_row(table.key, r.key)]
        if table.key == "applications":
            findings.extend(_other_layout(report, missing, reported))
        for key in missing:
            prefix = f"{table.key}/{key}"
            if _covered(reported, prefix):
                continue
            findings.append(
                _warn(
                    report,
                    (prefix,),
                    f"{table.section} 缺少“{row_name(table.key, key, t)}”行（{t}年格式）",
                    f"{table.label_en}, row {row_name(table.key, key, t, 'en')} of the {t} format is missing",
                )
            )
    return findings


def check_template_year(report: AnnualReport) -> list[Finding]:
    """The 2021 format for a report year before 2021, or the 2019 format from 2021 on."""
    year = report.metadata.year
    t = report.template
    if year is None:
        return []
    if t == "2021" and year < _FIRST_2021_YEAR:
        message = (
            f"报告年度为{year}年，但表格为2021年格式（国办公开办函〔2021〕30号），该格式适用于2021年度及以后的年度报告"
        )
        message_en = (
            f"the report year is {year} but the tables follow the 2021 format, which applies from report year 2021"
        )
    elif t == "2019" and year >= _FIRST_2021_YEAR:
        message = f"报告年度为{year}年，但表格为2019年格式；2021年度起应使用2021年格式（国办公开办函〔2021〕30号）"
        message_en = (
            f"the report year is {year} but the tables follow the 2019 format; "
            "the 2021 format applies from report year 2021"
        )
    else:
        return []
    return [
        make_finding(
            report,
            code=TEMPLATE_YEAR_MISMATCH,
            message=message,
            message_en=message_en,
        )
    ]


def check_extra_tables(report: AnnualReport) -> list[Finding]:
    """One info per table the document prints that the form does not have (``extra.N``)."""
    findings = []
    for number, table in enumerate(report.extras, start=1):
        key = f"{EXTRA_PREFIX}{number}"
        values = [v for v in table.values(key) if v.value is not None]
        section = NATIONAL.section(table.section)
        name = f"「{table.heading}」" if table.heading else f"（{section.label}部分，无标题）"
        name_en = repr(table.heading) if table.heading else f"(untitled, in section {section.label_en})"
        first = report.source_of(f"{key}/1/1")
        findings.append(
            finding(
                EXTRA_TABLE,
                f"报告印有格式之外的表格{name}（{key}，{len(table.rows)}行，{len(values)}个数值），"
                "已按原样保留，不计入格式的表格，也不核对",
                f"the report prints a table the format does not have, {name_en} ({key}, "
                f"{len(table.rows)} row(s), {len(values)} number(s)); it is kept as printed, not taken for "
                "the format's tables and not checked",
                paths=[key],
                location=None if first is None else first.location,
            )
        )
    return findings
