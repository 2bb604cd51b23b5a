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

from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any, overload

import attrs

from govinfo.errors import ValidationError
from govinfo.findings import (
    CATALOGUE,
    LANGUAGES,
    SEVERITIES,
    Finding,
    ValidationReport,
    check_language,
    check_severity,
    code_info,
    render,
)
from govinfo.form import NATIONAL, Form
from govinfo.model import TEMPLATES, AnnualReport
from govinfo.validation import arithmetic, conformance, domain, narrative
from govinfo.validation._common import path_order
from govinfo.validation.arithmetic import Relation
from govinfo.validation.cross import CODES as _CROSS_CODES
from govinfo.validation.cross import AgencyIds, CrossCheck, check_carry_over, cross_check

__all__ = [
    "CROSS_CODES",
    "LANGUAGES",
    "RULES",
    "CrossCheck",
    "Finding",
    "ManyResult",
    "Rule",
    "ValidationError",
    "ValidationReport",
    "catalogue",
    "check_carry_over",
    "cross_check",
    "describe",
    "get_rule",
    "validate",
    "validate_many",
]

CROSS_CODES = _CROSS_CODES
"""Codes of the checks across reports (:func:`cross_check`), not in :data:`RULES`."""

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
    relations: Callable[[AnnualReport], Iterable[Relation]] | None = attrs.field(default=None, kw_only=True, eq=False)


def _alone(build: Callable[[AnnualReport], list[Relation]]) -> Callable[[AnnualReport], list[Finding]]:
    def check(report: AnnualReport) -> list[Finding]:
        return arithmetic.explain(report, build(report), culprits=False, blank_totals=False)

    return check


def _only(code: str) -> Callable[[AnnualReport], list[Finding]]:
    def check(report: AnnualReport) -> list[Finding]:
        findings = arithmetic.explain(report, arithmetic.all_relations(report))
        return [f for f in findings if f.code == code]

    return check


def _builtin(
    code: str,
    check: Callable[[AnnualReport], Iterable[Finding]],
    *,
    formula: str = "",
    relations: Callable[[AnnualReport], Iterable[Relation]] | None = None,
) -> Rule:
    """A built-in rule: severity, titles and spec id from the finding catalogue."""
    entry = code_info(code)
    return Rule(
        code,
        entry.severity,
        entry.title,
        entry.title_en,
        check,
        _ALL_TEMPLATES,
        entry.spec,
        formula=formula,
        relations=relations,
    )


def _identity_rule(code: str, form: Form = NATIONAL) -> Rule:
    """The rule of the form's identities with this code; its formula is theirs.

    The code must be in the finding catalogue (``KeyError`` otherwise): its findings are.
    """
    formulas = [form.identity_formula(i) for i in form.identities if i.code == code]
    build = arithmetic.relations_for(code, form)
    return _builtin(code, _alone(build), formula="; ".join(formulas), relations=build)


RULES: tuple[Rule, ...] = (
    *(_identity_rule(code) for code in dict.fromkeys(i.code for i in NATIONAL.identities)),
    _builtin(
        arithmetic.INCONSISTENT_CELL,
        _only(arithmetic.INCONSISTENT_CELL),
        formula="the only cell (or cell and row total) whose change by one amount makes every relation it is in hold",
    ),
    _builtin(
        arithmetic.BLANK_TOTAL,
        _only(arithmetic.BLANK_TOTAL),
        formula="blank r.total with Σ parts > 0; filled with the row sums, the table adds up",
    ),
    _builtin(
        domain.NEGATIVE_VALUE,
        domain.check_negative,
        formula="∀ count or amount cell v: v ≥ 0 (the 2019 change columns are signed)",
    ),
    _builtin(
        domain.WRONG_NUMBER_TYPE,
        domain.check_number_type,
        formula="∀ count cell v: v ∈ ℤ; ∀ amount cell v: v is a finite decimal",
    ),
    _builtin(
        conformance.FORMAT_MISSING_ROW,
        conformance.check_missing_rows,
        formula="every row (and table) of the template is present (25 or 23 rows in table 3)",
    ),
    _builtin(
        conformance.TEMPLATE_YEAR_MISMATCH,
        conformance.check_template_year,
        formula="template 2021 ⇔ report year ≥ 2021",
    ),
    _builtin(
        conformance.EXTRA_TABLE,
        conformance.check_extra_tables,
        formula="a table of the document none of whose texts is the form's: kept as extra.N, never checked",
    ),
    _builtin(
        narrative.NARRATIVE_MISMATCH,
        narrative.check_narrative,
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


@lru_cache(maxsize=16)
def _identity_rules(form: Form) -> tuple[Rule, ...]:
    """The rules of a form's identities (one per code), built once per form."""
    return tuple(_identity_rule(code, form) for code in dict.fromkeys(i.code for i in form.identities))


def _find(catalogue: list[Rule], code: str) -> Rule:
    return next((r for r in catalogue if r.code == code), None) or get_rule(code)


def _select(report: AnnualReport, rules: Iterable[Rule | str] | None, form: Form = NATIONAL) -> list[Rule]:
    catalogue = list(RULES)
    if form is not NATIONAL:
        catalogue = [*_identity_rules(form), *(r for r in RULES if r.relations is None)]
    if rules is None:
        return [rule for rule in catalogue if report.template in rule.templates]
    if isinstance(rules, str | Rule):
        rules = [rules]
    chosen: list[Rule] = []
    for item in rules:
        rule = item if isinstance(item, Rule) else _find(catalogue, item)
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
    form: Form | None = None,
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
        form: the form whose identities the arithmetic rules check (default: the
            national formats, :data:`govinfo.form.NATIONAL`); a copy with an identity of
            your own (:meth:`~govinfo.form.Form.with_identities`) checks that one too.

    Returns:
        The extractor's findings (``report.findings``) and the rules' findings, sorted by
        severity, then printed order (stable).

    Raises:
        KeyError: a rule code, or the code of a severity override, is unknown.
        ValueError: an unknown severity or language.
    """
    check_language(language)
    overrides = dict(severities or {})
    for code, severity in overrides.items():
        check_severity(severity, f"severity for {code!r}")
        code_info(code)
    chosen = _select(report, rules, form or NATIONAL)
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
        findings = [attrs.evolve(f, severity=overrides[f.code]) if f.code in overrides else f for f in findings]
    findings.sort(key=_sort_key)
    return ValidationReport(
        findings=tuple(findings),
        source=report.metadata.source.name,
        template=report.template,
        language=language,
    )


@attrs.frozen
class ManyResult(Sequence[ValidationReport]):
    """What :func:`validate_many` found: one :class:`ValidationReport` per report, in order.

    It is a sequence of those reports; ``pairs`` and ``mismatches`` say how many pairs of
    consecutive years of one agency were compared across reports, and how many disagreed.
    """

    reports: tuple[ValidationReport, ...]
    pairs: int = 0
    mismatches: int = 0

    @overload
    def __getitem__(self, index: int) -> ValidationReport: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[ValidationReport]: ...
    def __getitem__(self, index: int | slice) -> ValidationReport | Sequence[ValidationReport]:
        return self.reports[index]

    def __len__(self) -> int:
        return len(self.reports)

    @property
    def ok(self) -> bool:
        """``True`` when no report has an error."""
        return all(r.ok for r in self.reports)


def validate_many(
    reports: Iterable[AnnualReport],
    *,
    agency_ids: AgencyIds | None = None,
    cross: bool = True,
    rules: Iterable[Rule | str] | None = None,
    severities: Mapping[str, str] | None = None,
    language: str = "zh",
    form: Form | None = None,
) -> ManyResult:
    """Check a collection of reports, each on its own and across reports.

    Every report is checked as :func:`validate` checks it; then the reports of one agency
    in consecutive years are paired and checked against each other (spec §7: X-1
    ``carry-over-mismatch``, X-3 ``table-unchanged``, X-4 ``stock-flow-mismatch``, X-5
    ``item-count-mismatch``: warnings at the later report's cells).

    Args:
        reports: the reports, in any order (a series of years, a province's reports …).
        agency_ids: which reports belong to one agency: ids in the order of ``reports``,
            a mapping from a report's source name (or printed agency name) to an id, or a
            function of the report. Default: the normalised agency name each report prints,
            so a renamed agency needs an id to stay one series.
        cross: run the checks across reports (default ``True``).
        rules, severities, language, form: as for :func:`validate`; the severity
            overrides apply to the cross-report findings too.

    Returns:
        A :class:`ManyResult`: one :class:`ValidationReport` per report, in input order.
    """
    items = list(reports)
    results = [validate(report, rules=rules, severities=severities, language=language, form=form) for report in items]
    if not cross:
        return ManyResult(tuple(results))
    across = cross_check(items, agency_ids=agency_ids)
    overrides = dict(severities or {})
    merged: list[ValidationReport] = []
    for result, extra in zip(results, across.findings, strict=True):
        if extra:
            added = [attrs.evolve(f, severity=overrides[f.code]) if f.code in overrides else f for f in extra]
            findings = sorted((*result.findings, *added), key=_sort_key)
            result = attrs.evolve(result, findings=tuple(findings))
        merged.append(result)
    return ManyResult(tuple(merged), across.pairs, across.mismatches)


def catalogue() -> list[dict[str, Any]]:
    """Every finding code govinfo can emit, in pipeline order, as ``govinfo rules --json`` lists it.

    Each entry: ``code``, ``severity``, ``stage``, ``title``, ``title_en``,
    ``description``, ``description_en``, ``spec``; and, for the codes of :data:`RULES`,
    ``rule: True`` with its ``formula`` and ``templates`` (``rule: False`` and empty
    otherwise: those are emitted while reading or across reports).
    """
    rules = {rule.code: rule for rule in RULES}
    out: list[dict[str, Any]] = []
    for entry in CATALOGUE.values():
        rule = rules.get(entry.code)
        out.append(
            {
                "code": entry.code,
                "severity": entry.severity,
                "stage": entry.stage,
                "title": entry.title,
                "title_en": entry.title_en,
                "description": entry.description,
                "description_en": entry.description_en,
                "spec": entry.spec,
                "rule": rule is not None,
                "formula": rule.formula if rule else "",
                "templates": sorted(rule.templates) if rule else [],
            }
        )
    return out
