"""Validation: the arithmetic and conformance checks of an :class:`AnnualReport`.

:func:`validate` runs the rules of the catalogue :data:`RULES` (by default all that apply to
the report's template) and returns a :class:`ValidationReport`: findings as data, never
exceptions::

    report = govinfo.read("report.html")
    result = validate(report)
    for finding in result.errors:
        print(finding.message)          # Chinese, naming rows and columns as printed
    result = validate(report, rules=["row-total", "column-balance"],
                      severities={"format-missing-row": "info"})

One wrong cell gives one finding: the arithmetic rules are evaluated together and a cell
that explains several failing relations is reported once, as the likely culprit
(``inconsistent-cell``), with the value that would make them hold (see docs/rules.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

from govinfo.errors import ValidationError
from govinfo.findings import (
    LANGUAGES,
    SEVERITIES,
    Finding,
    ValidationReport,
    check_language,
    check_severity,
    render,
)
from govinfo.model import TEMPLATES, AnnualReport
from govinfo.rules import arithmetic, conformance, domain, narrative
from govinfo.rules._common import path_order
from govinfo.rules.arithmetic import Relation
from govinfo.rules.cross import CARRY_OVER_MISMATCH, check_carry_over

__all__ = [
    "CROSS_CODES",
    "LANGUAGES",
    "RULES",
    "Finding",
    "Rule",
    "ValidationError",
    "ValidationReport",
    "check_carry_over",
    "describe",
    "get_rule",
    "validate",
]

CROSS_CODES = (CARRY_OVER_MISMATCH,)
"""Codes of the checks across reports (:func:`check_carry_over`), not in :data:`RULES`."""

_RANK = {severity: rank for rank, severity in enumerate(SEVERITIES)}
_ALL_TEMPLATES = frozenset(TEMPLATES)


def _check_severity(_: Any, attribute: attrs.Attribute[str], value: str) -> None:
    check_severity(value, attribute.name)


@attrs.frozen
class Rule:
    """A validation rule of the catalogue.

    Attributes:
        code: the stable code of the findings it emits.
        severity: its default severity (``error``, ``warning``, ``info``).
        title, title_en: what it checks, in Chinese and English.
        check: the rule on its own: report in, findings out.
        templates: the format versions it applies to.
        spec: the invariant or check it implements (``A21-1, A19-1``, ``X-8``).
        formula: the relation in symbols, for the catalogue.
        relations: for the arithmetic rules, the relation instances of a report;
            :func:`validate` evaluates those of all chosen rules together, so that one
            wrong cell is reported once.
    """

    code: str
    severity: str = attrs.field(validator=_check_severity)
    title: str
    title_en: str
    check: Callable[[AnnualReport], Iterable[Finding]] = attrs.field(eq=False)
    templates: frozenset[str]
    spec: str
    formula: str = attrs.field(default="", kw_only=True)
    relations: Callable[[AnnualReport], Iterable[Relation]] | None = attrs.field(
        default=None, kw_only=True, eq=False
    )


def _alone(build: Callable[[AnnualReport], list[Relation]]) -> Callable[[AnnualReport], list[Finding]]:
    def check(report: AnnualReport) -> list[Finding]:
        return arithmetic.explain(report, build(report), culprits=False, blank_totals=False)

    return check


def _only(code: str) -> Callable[[AnnualReport], list[Finding]]:
    def check(report: AnnualReport) -> list[Finding]:
        findings = arithmetic.explain(report, arithmetic.all_relations(report))
        return [f for f in findings if f.code == code]

    return check


RULES: tuple[Rule, ...] = (
    Rule(
        arithmetic.COLUMN_BALANCE,
        "error",
        "表三各列：本年新收加上年结转，等于办理结果总计加结转下年度",
        "Table 3, each column: new + carried over = results total + carried forward",
        _alone(arithmetic.column_balance_relations),
        _ALL_TEMPLATES,
        "A21-1, A19-1",
        formula="∀c: new_received[c] + carried_over[c] == results_total[c] + carried_forward[c]",
        relations=arithmetic.column_balance_relations,
    ),
    Rule(
        arithmetic.OUTCOME_PARTITION,
        "error",
        "表三各列：（七）总计等于各项办理结果之和",
        "Table 3, each column: results total = sum of the outcome rows",
        _alone(arithmetic.outcome_partition_relations),
        _ALL_TEMPLATES,
        "A21-2, A19-2",
        formula="∀c: results_total[c] == Σ outcome leaf rows [c] (21 rows, or 19 with one （六） row)",
        relations=arithmetic.outcome_partition_relations,
    ),
    Rule(
        arithmetic.ROW_TOTAL,
        "error",
        "表三各行：总计等于自然人与法人或其他组织各列之和",
        "Table 3, each row: total = natural person + the five organisation columns",
        _alone(arithmetic.row_total_relations),
        _ALL_TEMPLATES,
        "A21-3, A19-3",
        formula="∀r: r.total == r.natural_person + r.commercial + r.research "
        "+ r.public_interest + r.legal_service + r.other_org",
        relations=arithmetic.row_total_relations,
    ),
    Rule(
        arithmetic.APPEAL_TOTAL,
        "error",
        "表四各行：总计等于结果维持、结果纠正、其他结果、尚未审结之和",
        "Table 4, each row: total = upheld + corrected + other + pending",
        _alone(arithmetic.appeal_total_relations),
        _ALL_TEMPLATES,
        "A21-4..6, A19-4..6",
        formula="∀r ∈ {review, litigation_direct, litigation_after_review}: "
        "r.total == r.upheld + r.corrected + r.other + r.pending",
        relations=arithmetic.appeal_total_relations,
    ),
    Rule(
        arithmetic.INCONSISTENT_CELL,
        "error",
        "单元格与所在行、列的合计不符（可能的错填单元格）",
        "One cell (or a cell and its row total) explains several failing sums: the likely culprit",
        _only(arithmetic.INCONSISTENT_CELL),
        _ALL_TEMPLATES,
        "§5.1 (report a minimal set of failing cells)",
        formula="the only cell (or cell and row total) whose change by one amount makes every relation it is in hold",
    ),
    Rule(
        arithmetic.BLANK_TOTAL,
        "error",
        "总计单元格空白而本行有数",
        "Total cells left blank on rows whose parts are filled",
        _only(arithmetic.BLANK_TOTAL),
        _ALL_TEMPLATES,
        "§5.1 (blank cells), A21-3..6",
        formula="blank r.total with Σ parts > 0; filled with the row sums, the table adds up",
    ),
    Rule(
        domain.NEGATIVE_VALUE,
        "error",
        "件数与金额不能为负数（2019年格式“本年增/减”除外）",
        "Counts and amounts are not negative (except the 2019 change columns)",
        domain.check_negative,
        _ALL_TEMPLATES,
        "A21-7, A19-7",
        formula="∀ count or amount cell v: v ≥ 0 (the 2019 change columns are signed)",
    ),
    Rule(
        domain.WRONG_NUMBER_TYPE,
        "error",
        "件数应为整数，金额应为数字",
        "Counts are whole numbers, amounts are numbers",
        domain.check_number_type,
        _ALL_TEMPLATES,
        "A21-7, A19-7",
        formula="∀ count cell v: v ∈ ℤ; ∀ amount cell v: v is a finite decimal",
    ),
    Rule(
        conformance.FORMAT_MISSING_ROW,
        "warning",
        "缺少格式规定的行或表格",
        "A row or table of the template is missing",
        conformance.check_missing_rows,
        _ALL_TEMPLATES,
        "X-8",
        formula="every row (and table) of the template is present (25 or 23 rows in table 3)",
    ),
    Rule(
        conformance.TEMPLATE_YEAR_MISMATCH,
        "warning",
        "表格格式与报告年度不符",
        "The template does not fit the report year",
        conformance.check_template_year,
        _ALL_TEMPLATES,
        "X-8",
        formula="template 2021 ⇔ report year ≥ 2021",
    ),
    Rule(
        narrative.NARRATIVE_MISMATCH,
        "warning",
        "报告正文所述数字与表格不符",
        "A figure the report's text states differs from its tables",
        narrative.check_narrative,
        _ALL_TEMPLATES,
        "X-2",
        formula="each count the prose states (收到N件, 办结N件, 予以公开N件, 行政复议N件, 纠正N件 …) "
        "== its table cell or a sum of cells (group of rows, several appeal rows)",
    ),
)
"""The built-in rules, in the order their findings are documented."""

_PHASES = (arithmetic.INCONSISTENT_CELL, arithmetic.BLANK_TOTAL)


def get_rule(code: str) -> Rule:
    """Return the built-in rule with this code.

    Raises:
        KeyError: there is no such rule.
    """
    for rule in RULES:
        if rule.code == code:
            return rule
    raise KeyError(f"no rule {code!r}; the rules are: {', '.join(r.code for r in RULES)}")


describe = render
"""Deprecated alias of :func:`govinfo.findings.render`."""


def _select(report: AnnualReport, rules: Iterable[Rule | str] | None) -> list[Rule]:
    if rules is None:
        return [rule for rule in RULES if report.template in rule.templates]
    if isinstance(rules, str | Rule):
        rules = [rules]
    chosen: list[Rule] = []
    for item in rules:
        rule = get_rule(item) if isinstance(item, str) else item
        if rule not in chosen:
            chosen.append(rule)
    return chosen


def _sort_key(finding: Finding) -> tuple[int, int]:
    return _RANK[finding.severity], path_order(finding.paths[0] if finding.paths else None)


def validate(
    report: AnnualReport,
    *,
    rules: Iterable[Rule | str] | None = None,
    severities: Mapping[str, str] | None = None,
    language: str = "zh",
) -> ValidationReport:
    """Check a report and return every finding.

    Args:
        report: the report to check.
        rules: the rules to run, as :class:`Rule` objects or codes; default: every rule of
            :data:`RULES` that applies to the report's template.
        severities: severity overrides by code (``{"format-missing-row": "info"}``); they
            apply to the extractor's findings too.
        language: the language ``str()`` of the result shows (``zh`` or ``en``); both
            messages are always in the findings.

    Returns:
        The extractor's findings (``report.findings``) and the rules' findings, sorted by
        severity, then printed order (stable).

    Raises:
        KeyError: a rule code is unknown.
        ValueError: an unknown severity or language.
    """
    check_language(language)
    overrides = dict(severities or {})
    for code, severity in overrides.items():
        check_severity(severity, f"severity for {code!r}")
    chosen = _select(report, rules)
    codes = {rule.code for rule in chosen}
    findings: list[Finding] = list(report.findings)
    related = [rule for rule in chosen if rule.relations is not None]
    if related:
        relations = [rel for rule in related for rel in rule.relations(report)]  # type: ignore[misc]
        findings.extend(
            arithmetic.explain(
                report,
                relations,
                culprits=arithmetic.INCONSISTENT_CELL in codes,
                blank_totals=arithmetic.BLANK_TOTAL in codes,
            )
        )
    for rule in chosen:
        if rule.relations is not None or (related and rule.code in _PHASES):
            continue
        findings.extend(rule.check(report))
    if overrides:
        findings = [
            attrs.evolve(f, severity=overrides[f.code]) if f.code in overrides else f
            for f in findings
        ]
    findings.sort(key=_sort_key)
    return ValidationReport(
        findings=tuple(findings),
        source=report.metadata.source.name,
        template=report.template,
        language=language,
    )
