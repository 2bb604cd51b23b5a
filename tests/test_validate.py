"""Tests for govinfo.validate and govinfo.rules: the rules, the culprit logic, the API."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from govinfo.errors import GovinfoError, ValidationError
from govinfo.findings import CATALOGUE
from govinfo.form import NATIONAL
from govinfo.labels import cell_label, iter_cell_specs, row_spec
from govinfo.model import AnnualReport, Finding, Metadata
from govinfo.validation import (
    CROSS_CODES,
    RULES,
    Rule,
    ValidationReport,
    check_carry_over,
    describe,
    get_rule,
    validate,
)
from govinfo.values import parse_cell

from .strategies import reports, set_cells

DOCS = Path(__file__).resolve().parent.parent / "docs" / "rules.md"

# The codes of the extractor's findings, as its source emits them (``_finding("code", …)``).
EXTRACTION_CODES = tuple(c.code for c in CATALOGUE.values() if c.stage in ("reading", "extraction"))


# --- helpers ----------------------------------------------------------------------------


def zero_report(template: str = "2021", year: int | None = None) -> AnnualReport:
    """A report of the template with every cell of its rows 0 (so every relation holds)."""
    year = year if year is not None else (2019 if template == "2019" else 2023)
    report = AnnualReport(metadata=Metadata(template=template, year=year, agency="某县商务局"))
    cells: dict[str, Any] = {}
    for table, row, column in iter_cell_specs(template):
        zero: int | Decimal = Decimal(0) if column.kind == "decimal" else 0
        cells[f"{table.key}/{row.key}/{column.key}"] = zero
    return set_cells(report, cells)


def story(template: str = "2021") -> AnnualReport:
    """A small consistent report: 6 new + 1 carried over = 6 handled + 1 carried forward."""
    cells = {
        "applications/new_received/natural_person": 5,
        "applications/new_received/commercial": 1,
        "applications/new_received/total": 6,
        "applications/carried_over/natural_person": 1,
        "applications/carried_over/total": 1,
        "applications/granted/natural_person": 3,
        "applications/granted/commercial": 1,
        "applications/granted/total": 4,
        "applications/denied.state_secret/natural_person": 2,
        "applications/denied.state_secret/total": 2,
        "applications/results_total/natural_person": 5,
        "applications/results_total/commercial": 1,
        "applications/results_total/total": 6,
        "applications/carried_forward/natural_person": 1,
        "applications/carried_forward/total": 1,
        "appeals/review/upheld": 2,
        "appeals/review/corrected": 1,
        "appeals/review/total": 3,
    }
    return set_cells(zero_report(template), cells)


def table_paths(report: AnnualReport, tables: tuple[str, ...]) -> list[str]:
    return [path for path, _ in report.cells() if path.split("/")[0] in tables]


def documented_codes() -> set[str]:
    return set(re.findall(r"`([a-z]+(?:-[a-z]+)+)`", DOCS.read_text(encoding="utf-8")))


# --- properties -------------------------------------------------------------------------


@given(reports())
def test_consistent_report_has_no_findings(report: AnnualReport) -> None:
    result = validate(report)
    assert result.findings == ()
    assert result.ok


@given(reports(blanks=True))
def test_consistent_report_with_blanks_has_no_error(report: AnnualReport) -> None:
    assert validate(report).errors == ()


@given(st.data())
def test_one_wrong_cell_of_table3_is_one_finding_at_that_cell(data: st.DataObject) -> None:
    report = data.draw(reports())
    path = data.draw(st.sampled_from(table_paths(report, ("applications",))))
    original = report.get(path) or 0
    new = data.draw(st.integers(0, 500).filter(lambda v: v != original))
    result = validate(report.with_cell(path, new))
    assert len(result.errors) == 1, result.format("en")
    finding = result.errors[0]
    assert finding.code == "inconsistent-cell"
    assert finding.paths == (path,)
    assert finding.expected == Decimal(original)
    assert finding.actual == Decimal(new)
    table, row, column = path.split("/")
    assert cell_label(table, row, column, report.template) in finding.message
    assert NATIONAL.cell_name(path, report.template, "en") in finding.message_en
    assert not re.search(r"[\u4e00-\u9fff]", finding.message_en)  # no Chinese in English


@given(st.data())
def test_one_wrong_cell_of_table4_is_one_finding_on_its_row(data: st.DataObject) -> None:
    report = data.draw(reports())
    path = data.draw(st.sampled_from(table_paths(report, ("appeals",))))
    original = report.get(path) or 0
    new = data.draw(st.integers(0, 500).filter(lambda v: v != original))
    result = validate(report.with_cell(path, new))
    assert len(result.errors) == 1, result.format("en")
    finding = result.errors[0]
    row = path.split("/")[1]
    assert all(p.split("/")[1] == row for p in finding.paths)
    if finding.code == "inconsistent-cell":
        # Pinned only when no other cell of the row can take the difference (counts ≥ 0).
        assert finding.paths == (path,)
        assert finding.expected == Decimal(original)
    else:
        assert finding.code == "appeal-total"
        assert path in finding.paths


@given(st.data())
def test_findings_name_their_row_first(data: st.DataObject) -> None:
    report = data.draw(reports())
    path = data.draw(st.sampled_from(table_paths(report, ("applications", "appeals"))))
    original = report.get(path) or 0
    new = data.draw(st.integers(0, 500).filter(lambda v: v != original))
    errors = validate(report.with_cell(path, new)).errors
    assert errors
    assert errors[0].paths[0].split("/")[:2] == path.split("/")[:2]


@given(st.data())
def test_two_wrong_cells_in_different_rows_and_columns_are_two_findings(
    data: st.DataObject,
) -> None:
    report = data.draw(reports("2021"))
    first = "applications/granted/natural_person"
    second = "applications/not_processed.duplicate/research"
    changed = report
    for path in (first, second):
        changed = changed.with_cell(path, (report.get(path) or 0) + data.draw(st.integers(1, 9)))
    errors = validate(changed).errors
    assert [f.paths for f in errors] == [(first,), (second,)]


# --- table 3 rules ------------------------------------------------------------------------


def test_story_is_consistent() -> None:
    assert validate(story()).findings == ()
    assert validate(story("2019")).findings == ()


def test_column_balance_alone() -> None:
    report = set_cells(
        story(),
        {
            "applications/carried_over/natural_person": 2,
            "applications/carried_over/total": 2,
        },
    )
    result = validate(report, rules=["column-balance"])
    assert [f.code for f in result.findings] == ["column-balance", "column-balance"]
    first = result.findings[0]
    assert first.paths[:2] == (
        "applications/results_total/natural_person",
        "applications/carried_forward/natural_person",
    )
    assert (first.actual, first.expected) == (Decimal(6), Decimal(7))
    assert "自然人 列" in first.message
    assert "二、上年结转政府信息公开申请数量" in first.message


def test_column_balance_ambiguous_pair_stays_as_it_is() -> None:
    # Carried over (row consistent) is off in the 自然人 and 总计 columns; the same
    # difference could sit in 结转下年度, so no culprit is named.
    report = set_cells(
        story(),
        {
            "applications/carried_over/natural_person": 2,
            "applications/carried_over/total": 2,
        },
    )
    codes = [f.code for f in validate(report).errors]
    assert codes == ["column-balance", "column-balance"]


def test_outcome_partition_alone() -> None:
    report = story().with_cell("applications/granted/natural_person", 4)
    result = validate(report, rules=["outcome-partition"])
    assert len(result.findings) == 1
    finding = result.findings[0]
    assert finding.code == "outcome-partition"
    assert (finding.actual, finding.expected) == (Decimal(5), Decimal(6))
    assert finding.paths[0] == "applications/results_total/natural_person"
    assert len(finding.paths) == 1 + 21


def test_outcome_partition_2019_has_19_leaves() -> None:
    report = story("2019").with_cell("applications/other/natural_person", 1)
    finding = validate(report, rules=["outcome-partition"]).findings[0]
    assert len(finding.paths) == 1 + 19
    assert "applications/other/natural_person" in finding.paths


def test_row_total_alone() -> None:
    report = story().with_cell("applications/granted/total", 9)
    result = validate(report, rules=["row-total"])
    assert len(result.findings) == 1
    finding = result.findings[0]
    assert finding.code == "row-total"
    assert (finding.actual, finding.expected) == (Decimal(9), Decimal(4))
    assert finding.paths[0] == "applications/granted/total"
    assert "（一）予以公开 行" in finding.message


def test_wrong_leaf_cell_is_one_culprit() -> None:
    path = "applications/denied.state_secret/natural_person"
    result = validate(story().with_cell(path, 5))
    assert len(result.findings) == 1
    finding = result.findings[0]
    assert finding.code == "inconsistent-cell"
    assert finding.paths == (path,)
    assert (finding.actual, finding.expected) == (Decimal(5), Decimal(2))
    assert finding.message.startswith("（三）不予公开·1.属于国家秘密 / 自然人 为 5，")
    assert finding.message.endswith("应为 2")
    assert "本行合计" in finding.message


def test_wrong_results_total_explains_three_relations() -> None:
    path = "applications/results_total/natural_person"
    finding = validate(story().with_cell(path, 7)).findings
    assert [f.paths for f in finding] == [(path,)]
    assert finding[0].expected == Decimal(5)
    assert "本行合计、本列勾稽关系与本列办理结果合计" in finding[0].message


def test_wrong_total_column_cell_is_one_culprit() -> None:
    path = "applications/new_received/total"
    result = validate(story().with_cell(path, 60))
    assert [(f.code, f.paths, f.expected) for f in result.findings] == [("inconsistent-cell", (path,), Decimal(6))]


def test_culprits_off_reports_every_relation() -> None:
    report = story().with_cell("applications/granted/natural_person", 4)
    result = validate(report, rules=["row-total", "outcome-partition", "column-balance"])
    assert sorted(f.code for f in result.findings) == ["outcome-partition", "row-total"]


def test_row_that_adds_up_but_columns_do_not_is_one_pair() -> None:
    # （七）总计 left at 0 in 自然人 and 总计: the row adds up, both columns do not.
    report = set_cells(
        story(),
        {
            "applications/results_total/natural_person": 0,
            "applications/results_total/commercial": 0,
            "applications/results_total/total": 0,
        },
    )
    report = set_cells(
        report,
        {
            "applications/results_total/commercial": 1,
            "applications/results_total/total": 1,
        },
    )
    result = validate(report)
    assert len(result.findings) == 1
    finding = result.findings[0]
    assert finding.code == "inconsistent-cell"
    assert finding.paths == (
        "applications/results_total/natural_person",
        "applications/results_total/total",
    )
    assert (finding.actual, finding.expected) == (Decimal(0), Decimal(5))
    assert "应分别为 5 和 6" in finding.message


def test_blank_totals_are_one_finding() -> None:
    report = set_cells(
        story(),
        {"applications/granted/total": None, "applications/denied.state_secret/total": None},
    )
    result = validate(report)
    assert len(result.findings) == 1
    finding = result.findings[0]
    assert finding.code == "blank-total"
    assert finding.paths == ("applications/granted/total", "applications/denied.state_secret/total")
    assert finding.expected == Decimal(4)
    assert finding.actual is None
    assert set(finding.paths) <= set(finding.assumed_zero)
    assert "应为 4" in finding.message
    assert "应为 2" in finding.message


def test_single_blank_total_that_breaks_its_column_is_a_culprit() -> None:
    path = "applications/carried_forward/total"
    finding = validate(story().with_cell(path, None)).findings
    assert [(f.code, f.paths, f.expected, f.actual) for f in finding] == [
        ("inconsistent-cell", (path,), Decimal(1), None)
    ]
    assert finding[0].assumed_zero == (path,)
    assert "为空（按0计）" in finding[0].message


def test_blank_cells_count_as_zero_and_are_tagged() -> None:
    report = set_cells(
        story(),
        {
            "applications/granted/commercial": None,
            "applications/granted/research": None,
        },
    )
    finding = validate(report, rules=["row-total"]).findings
    assert len(finding) == 1
    assert finding[0].expected == Decimal(3)
    assert finding[0].assumed_zero == (
        "applications/granted/commercial",
        "applications/granted/research",
    )
    assert "按0计" in finding[0].message
    assert "counted as 0" in finding[0].message_en


def test_absent_row_skips_what_needs_it() -> None:
    apps = attrs.evolve(story().applications, carried_forward=None)
    report = attrs.evolve(story(), applications=apps)
    report = report.with_cell("applications/new_received/natural_person", 50)
    result = validate(report, rules=["column-balance", "row-total"])
    # Column balance cannot be evaluated; the row check still runs.
    assert [f.code for f in result.findings] == ["row-total"]


def test_2021_report_with_the_single_other_row() -> None:
    report = zero_report("2021")
    apps = attrs.evolve(report.applications, other_no_correction=None, other_fee_unpaid=None, other_other=None)
    report = attrs.evolve(report, applications=apps)
    report = set_cells(
        report,
        {
            "applications/other/natural_person": 2,
            "applications/other/total": 2,
            "applications/new_received/natural_person": 2,
            "applications/new_received/total": 2,
            "applications/results_total/natural_person": 2,
            "applications/results_total/total": 2,
        },
    )
    result = validate(report)
    assert result.errors == ()
    assert [f.code for f in result.warnings] == ["format-missing-row"]
    assert result.warnings[0].message.startswith("（六）其他处理")
    wrong = validate(report.with_cell("applications/other/natural_person", 3))
    assert [(f.code, f.paths, f.expected) for f in wrong.errors] == [
        ("inconsistent-cell", ("applications/other/natural_person",), Decimal(2))
    ]


def test_single_other_row_warning_not_repeated_after_extractor() -> None:
    report = zero_report("2021")
    apps = attrs.evolve(report.applications, other_no_correction=None, other_fee_unpaid=None, other_other=None)
    mixed = Finding(code="template-mixed", severity="warning", message="…", paths=("applications/other",))
    report = set_cells(attrs.evolve(report, applications=apps, findings=(mixed,)), {"applications/other/total": 0})
    assert validate(report).findings == (mixed,)


def test_other_with_sub_rows_is_checked_as_subtotal() -> None:
    report = set_cells(
        zero_report("2021"),
        {"applications/other/natural_person": 0, "applications/other/total": 0},
    )
    assert validate(report).errors == ()
    wrong = report.with_cell("applications/other/natural_person", 4)
    wrong = wrong.with_cell("applications/other/total", 4)
    # （六） and its 总计 both 4 while its sub-rows are 0: one finding for the pair.
    assert [(f.code, f.paths, f.expected) for f in validate(wrong).errors] == [
        (
            "inconsistent-cell",
            ("applications/other/natural_person", "applications/other/total"),
            Decimal(0),
        )
    ]
    only = validate(wrong, rules=["outcome-partition"]).findings
    assert [f.paths[0] for f in only] == ["applications/other/natural_person", "applications/other/total"]


# --- table 4 ----------------------------------------------------------------------------


def test_appeal_total() -> None:
    report = story().with_cell("appeals/review/upheld", 5)
    result = validate(report)
    assert len(result.findings) == 1
    finding = result.findings[0]
    assert finding.code == "appeal-total"
    assert finding.paths[0] == "appeals/review/total"
    assert (finding.actual, finding.expected) == (Decimal(3), Decimal(6))
    assert finding.message.startswith("行政复议 行：总计 为 3，")
    assert "结果维持、结果纠正、其他结果、尚未审结之和" in finding.message


def test_appeal_total_printed_zero_is_pinned_by_non_negativity() -> None:
    report = story().with_cell("appeals/review/total", 0)
    finding = validate(report).findings
    assert [(f.code, f.paths, f.expected) for f in finding] == [
        ("inconsistent-cell", ("appeals/review/total",), Decimal(3))
    ]


# --- domain -----------------------------------------------------------------------------


def test_negative_count() -> None:
    report = zero_report().with_cell("applications/granted/research", -2)
    finding = validate(report, rules=["negative-value"]).findings
    assert [(f.code, f.paths, f.actual) for f in finding] == [
        ("negative-value", ("applications/granted/research",), Decimal(-2))
    ]
    assert "不能为负数" in finding[0].message


def test_negative_fee_and_signed_change() -> None:
    report = zero_report("2021").with_cell("active/admin_fees/amount", Decimal("-1.5"))
    assert [f.paths for f in validate(report).errors] == [("active/admin_fees/amount",)]
    report19 = zero_report("2019").with_cell("active/licensing/change", -3)
    assert validate(report19).findings == ()


def test_fraction_in_count_cell() -> None:
    report = zero_report().with_cell("active/penalty/decisions", Decimal("2.5"))
    finding = validate(report).findings
    assert [(f.code, f.paths) for f in finding] == [("wrong-number-type", ("active/penalty/decisions",))]
    fee = zero_report().with_cell("active/admin_fees/amount", Decimal("1032.60994"))
    assert validate(fee).findings == ()


def test_non_number_skips_the_arithmetic() -> None:
    report = story().with_cell("applications/granted/natural_person", "三")  # type: ignore[arg-type]
    result = validate(report)
    assert [f.code for f in result.findings] == ["wrong-number-type"]


# --- conformance ------------------------------------------------------------------------


def test_missing_row_warning() -> None:
    apps = attrs.evolve(zero_report().applications, denied_admin_query=None)
    report = attrs.evolve(zero_report(), applications=apps)
    result = validate(report)
    assert result.ok
    assert [(f.code, f.severity, f.paths) for f in result.findings] == [
        ("format-missing-row", "warning", ("applications/denied.admin_query",))
    ]
    assert "8.属于行政查询事项" in result.findings[0].message


def test_missing_row_not_repeated_after_extractor() -> None:
    apps = attrs.evolve(zero_report().applications, denied_admin_query=None)
    said = Finding(code="missing-row", severity="warning", message="…", paths=("applications/denied.admin_query",))
    report = attrs.evolve(zero_report(), applications=apps, findings=(said,))
    assert validate(report).findings == (said,)


def test_missing_table() -> None:
    report = attrs.evolve(zero_report(), appeals=None)
    assert [(f.code, f.paths) for f in validate(report).findings] == [("format-missing-row", ("appeals",))]


@pytest.mark.parametrize(
    ("template", "year", "warned"),
    [("2021", 2020, True), ("2021", 2021, False), ("2019", 2021, True), ("2019", 2020, False)],
)
def test_template_year(template: str, year: int, warned: bool) -> None:
    report = zero_report(template, year)
    codes = [f.code for f in validate(report).findings]
    assert codes == (["template-year-mismatch"] if warned else [])


def test_no_year_no_template_warning() -> None:
    report = attrs.evolve(zero_report("2019"), metadata=Metadata(template="2019"))
    assert validate(report).findings == ()


# --- API: selection, severities, ordering, report ----------------------------------------


def test_rule_catalogue() -> None:
    codes = [rule.code for rule in RULES]
    assert len(codes) == len(set(codes))
    for rule in RULES:
        assert rule.severity in ("error", "warning", "info")
        assert rule.templates <= {"2019", "2021"}
        assert rule.title
        assert rule.title_en
        assert rule.spec
        assert rule.formula
    assert get_rule("row-total").spec == "A21-3, A19-3"
    with pytest.raises(KeyError):
        get_rule("no-such-rule")


def test_rule_check_on_its_own() -> None:
    path = "applications/granted/natural_person"
    report = story().with_cell(path, 4)
    assert [f.paths for f in get_rule("inconsistent-cell").check(report)] == [(path,)]
    assert [f.code for f in get_rule("row-total").check(report)] == ["row-total"]


def test_rule_selection_by_object_and_code() -> None:
    report = story().with_cell("appeals/review/upheld", -1)
    assert [f.code for f in validate(report, rules=[get_rule("negative-value")]).findings] == ["negative-value"]
    assert [f.code for f in validate(report, rules="appeal-total").findings] == ["appeal-total"]
    assert validate(report, rules=[]).findings == ()
    with pytest.raises(KeyError):
        validate(report, rules=["nope"])


def test_custom_rule() -> None:
    def check(report: AnnualReport) -> list[Finding]:
        return [Finding(code="my-check", severity="info", message="看过了", message_en="seen")]

    rule = Rule("my-check", "info", "自定义", "custom", check, frozenset({"2021"}), "local")
    result = validate(story(), rules=[rule, "row-total"])
    assert [f.code for f in result.infos] == ["my-check"]


def test_severity_override() -> None:
    report = story().with_cell("applications/granted/natural_person", 4)
    result = validate(report, severities={"inconsistent-cell": "warning"})
    assert result.ok
    assert [f.code for f in result.warnings] == ["inconsistent-cell"]
    with pytest.raises(ValueError, match="severity"):
        validate(report, severities={"inconsistent-cell": "fatal"})


def test_severity_override_applies_to_extractor_findings() -> None:
    said = Finding(code="no-agency", severity="info", message="未找到机关名称")
    report = attrs.evolve(story(), findings=(said,))
    result = validate(report, severities={"no-agency": "error"})
    assert [f.code for f in result.errors] == ["no-agency"]


def test_extractor_findings_first_and_sorting() -> None:
    said = Finding(code="reader-note", severity="warning", message="编码为GB18030")
    active = attrs.evolve(story().active, regulations=None)
    report = attrs.evolve(story(), active=active, findings=(said,))
    report = set_cells(
        report,
        {"appeals/review/upheld": 9, "applications/granted/natural_person": 4},
    )
    result = validate(report)
    assert [f.code for f in result.findings] == [
        "inconsistent-cell",
        "appeal-total",
        "reader-note",
        "format-missing-row",
    ]
    assert result.template == "2021"


def test_validation_report_api() -> None:
    report = story().with_cell("applications/granted/natural_person", 4)
    result = validate(report)
    assert not result.ok
    assert result.by_code("inconsistent-cell") == result.errors
    assert result.by_code("row-total") == ()
    assert result.warnings == ()
    assert result.infos == ()
    with pytest.raises(ValidationError) as caught:
        result.raise_for_errors()
    assert caught.value.report is result
    assert isinstance(caught.value, GovinfoError)
    assert isinstance(caught.value, ValueError)
    assert validate(story()).raise_for_errors().ok


def test_language_only_changes_the_display() -> None:
    report = story().with_cell("applications/granted/natural_person", 4)
    zh = validate(report)
    en = validate(report, language="en")
    assert zh.findings == en.findings
    assert "（一）予以公开 / 自然人" in str(zh)
    assert "Table 3, row (1) Granted, column Natural person is 4; " in str(en)
    assert "applications/" not in str(en)
    assert describe(zh.findings[0], "en").startswith("error [inconsistent-cell]")
    assert describe(zh.findings[0]).startswith("错误［inconsistent-cell］")
    with pytest.raises(ValueError, match="language"):
        validate(report, language="fr")


def test_validation_report_is_frozen_data() -> None:
    result = ValidationReport(findings=[], source="a.html", template="2019")
    assert result.findings == ()
    assert result.ok
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        result.source = "b"  # type: ignore[misc]


def test_location_comes_from_provenance() -> None:
    from govinfo.document import Location
    from govinfo.model import CellSource

    path = "applications/granted/natural_person"
    where = Location(line=42)
    report = attrs.evolve(story().with_cell(path, 4), provenance=(CellSource(path, "4", where),))
    assert validate(report).findings[0].location == where


# --- carry-over across years ------------------------------------------------------------


def _years(previous_forward: int, current_over: int) -> tuple[AnnualReport, AnnualReport]:
    previous = zero_report("2021", 2022).with_cell("applications/carried_forward/natural_person", previous_forward)
    current = zero_report("2021", 2023).with_cell("applications/carried_over/natural_person", current_over)
    return previous, current


def test_carry_over_match() -> None:
    assert check_carry_over(*_years(3, 3)) == []


def test_carry_over_mismatch() -> None:
    previous, current = _years(3, 1)
    current = current.with_cell("applications/carried_over/total", None)
    previous = previous.with_cell("applications/carried_forward/total", 3)
    findings = check_carry_over(previous, current)
    assert len(findings) == 1
    finding = findings[0]
    assert (finding.code, finding.severity) == ("carry-over-mismatch", "warning")
    assert finding.paths == ("applications/carried_over/natural_person", "applications/carried_over/total")
    assert (finding.actual, finding.expected) == (Decimal(1), Decimal(3))
    assert finding.assumed_zero == ("applications/carried_over/total",)
    assert "2022年度" in finding.message
    assert "机构改革" in finding.message


def test_carry_over_needs_consecutive_years_of_one_agency() -> None:
    previous, current = _years(3, 1)
    with pytest.raises(ValueError, match="consecutive"):
        check_carry_over(current, previous)
    other = attrs.evolve(current, metadata=attrs.evolve(current.metadata, agency="某市教育局"))
    with pytest.raises(ValueError, match="agencies"):
        check_carry_over(previous, other)
    assert len(check_carry_over(previous, other, check_identity=False)) == 1


def test_carry_over_without_the_rows() -> None:
    previous, current = _years(3, 1)
    apps = attrs.evolve(previous.applications, carried_forward=None)
    assert check_carry_over(attrs.evolve(previous, applications=apps), current) == []


# --- documentation ----------------------------------------------------------------------


def test_every_code_is_documented() -> None:
    assert {"missing-table", "missing-row", "too-few-values", "reader-note", "no-year"} <= set(EXTRACTION_CODES)
    documented = documented_codes()
    emitted = {rule.code for rule in RULES} | set(CROSS_CODES) | set(EXTRACTION_CODES)
    assert emitted - documented == set()
    assert set(CATALOGUE) - documented == set()


def test_every_rule_code_is_in_the_catalogue_with_its_severity() -> None:
    for rule in RULES:
        assert CATALOGUE[rule.code].severity == rule.severity
    for code in CROSS_CODES:
        assert code in CATALOGUE


def test_docs_list_spec_ids_and_severities() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for rule in RULES:
        line = next(line for line in text.splitlines() if f"`{rule.code}`" in line and "|" in line)
        assert rule.severity in line
        assert rule.spec in line


def test_docs_catalogue_is_the_rules_catalogue() -> None:
    """Each catalogue row of docs/rules.md says what ``govinfo rules`` says, word for word."""
    lines = DOCS.read_text(encoding="utf-8").splitlines()
    for rule in RULES:
        expected = (
            f"| `{rule.code}` | {rule.severity} | {rule.spec} | {rule.formula} | {rule.title} | {rule.title_en} |"
        )
        assert expected in lines, rule.code


# --- the corpus: tables read by a person, with the errors the documents contain ---------


def _truth_report(truth: dict[str, Any], manifest: dict[str, Any]) -> AnnualReport:
    template = truth["template"]
    report = AnnualReport(metadata=Metadata(template=template, year=manifest.get("year")))
    cells: dict[str, Any] = {}
    for path, raw in truth["cells"].items():
        table, row, column = path.split("/")
        kind = next(c.kind for c in row_spec(table, row, template).columns if c.key == column)
        parsed = parse_cell(raw)
        value: Any = None
        if parsed.status == "number" and parsed.value is not None:
            value = parsed.value if kind == "decimal" else int(parsed.value)
        cells[path] = value
    return set_cells(report, cells)


def test_corpus_truth_errors_are_found_without_cascades(corpus: Path) -> None:
    real = corpus / "real"
    manifest = {
        entry["file"]: entry
        for entry in map(json.loads, (real / "manifest.jsonl").read_text(encoding="utf-8").splitlines())
    }
    checked = 0
    for truth_file in sorted((real / "truth").glob("*.json")):
        entry = manifest[truth_file.name.removesuffix(".json")]
        expected = entry.get("source_errors")
        if expected is None:
            continue
        report = _truth_report(json.loads(truth_file.read_text(encoding="utf-8")), entry)
        errors = validate(report).errors
        name = truth_file.name
        assert bool(errors) == bool(expected), (name, [f.message_en for f in errors])
        assert len(errors) <= len(expected), (name, [f.message_en for f in errors])
        tables = {"applications" if e.startswith("table3") else "appeals" for e in expected}
        assert {f.paths[0].split("/")[0] for f in errors} == (tables if errors else set()), name
        checked += 1
    assert checked >= 20


@given(st.lists(reports(), min_size=1, max_size=3))
def test_the_rows_present_kept_for_the_last_report_are_that_report_s(batch: list[AnnualReport]) -> None:
    """``_rows_present`` keeps its answer for the last report only (issue 7)."""
    from govinfo.validation.arithmetic import _rows_present

    for report in [*batch, *batch]:
        expected = tuple(report.has_row(t.key, r.key) for t in NATIONAL.tables for r in t.rows)
        assert _rows_present(report, NATIONAL) == expected
        assert _rows_present(report, NATIONAL) == expected
