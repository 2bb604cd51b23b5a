"""Tests for the format-neutral printed layout shared by the writers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from govinfo.errors import WriteError
from govinfo.labels import (
    APPEAL_COLUMNS,
    APPLICATION_GROUPS,
    APPLICATIONS_NOTE,
    SECTIONS,
    iter_cell_specs,
    table_spec,
)
from govinfo.model import AnnualReport, ApplicantCounts, Metadata, Narrative, Procurement
from govinfo.writers._layout import (
    Heading,
    LayoutCell,
    LayoutTable,
    Para,
    format_value,
    grid,
    layout,
    report_title,
)
from tests.strategies import reports, set_cells

TEMPLATES = ("2019", "2021")


def _full(template: str) -> AnnualReport:
    """A report of ``template`` with every cell the format prints set to 1."""
    cells = {f"{table.key}/{row.key}/{col.key}": 1 for table, row, col in iter_cell_specs(template)}
    return set_cells(AnnualReport(metadata=Metadata(template=template)), cells)


def _tables(report: AnnualReport) -> dict[str, LayoutTable]:
    return {b.key: b for b in layout(report) if isinstance(b, LayoutTable)}


def _find(table: LayoutTable, text: str) -> LayoutCell:
    matches = [c for row in table.rows for c in row if c.text == text]
    assert len(matches) == 1, f"{text!r} appears {len(matches)} times"
    return matches[0]


@given(st.sampled_from(TEMPLATES).flatmap(reports))
def test_every_table_fills_a_rectangle(report: AnnualReport) -> None:
    widths = {"active": 4, "applications": 10, "appeals": 15}
    for key, table in _tables(report).items():
        slots = grid(table)
        assert {len(row) for row in slots} == {widths[key]}
        for row in table.rows:
            assert all(c.rowspan >= 1 and c.colspan >= 1 for c in row)


@given(st.sampled_from(TEMPLATES).flatmap(reports))
def test_every_value_path_printed_once_with_its_value(report: AnnualReport) -> None:
    printed = [cell for table in _tables(report).values() for row in table.rows for cell in row if cell.path]
    paths = [cell.path for cell in printed]
    assert len(paths) == len(set(paths))
    assert set(paths) == {path for path, _ in report.cells()}
    for cell in printed:
        assert cell.path is not None
        assert cell.text == format_value(report.get(cell.path))
        assert not cell.header


@pytest.mark.parametrize(("template", "span"), [("2021", 22), ("2019", 20)])
def test_table3_header_and_result_spans(template: str, span: int) -> None:
    table = _tables(_full(template))["applications"]
    note = _find(table, APPLICATIONS_NOTE)
    assert (note.rowspan, note.colspan) == (3, 3)
    assert _find(table, "申请人情况").colspan == 7
    assert _find(table, "自然人").rowspan == 2
    assert _find(table, "法人或其他组织").colspan == 5
    assert _find(table, "总计").rowspan == 2
    assert _find(table, APPLICATION_GROUPS["results"]).rowspan == span
    assert _find(table, APPLICATION_GROUPS["denied"]).rowspan == 8
    assert _find(table, APPLICATION_GROUPS["unavailable"]).rowspan == 3
    assert _find(table, APPLICATION_GROUPS["not_processed"]).rowspan == 5
    other = _find(table, "（六）其他处理")
    assert (other.rowspan, other.colspan) == ((3, 1) if template == "2021" else (1, 2))
    assert _find(table, "（一）予以公开").colspan == 2
    assert _find(table, "（七）总计").colspan == 2
    assert _find(table, "一、本年新收政府信息公开申请数量").colspan == 3
    assert _find(table, "四、结转下年度继续办理").colspan == 3
    assert len(table.rows) == 3 + len(table_spec("applications").rows_for(template))


def test_table3_grid_columns() -> None:
    table = _tables(_full("2021"))["applications"]
    slots = grid(table)
    # Row 4 (一、…): label over columns 1–3, then the seven values.
    assert [s.spanned for s in slots[3][:3]] == [False, True, True]
    assert all(s.cell.path for s in slots[3][3:])
    # A sub-row of (三): 三 and (三) come from above, the sub-label sits in column 3.
    row = next(r for r in slots if r[2].text == "2.其他法律行政法规禁止公开")
    assert row[0].rowspanned
    assert row[1].rowspanned
    assert row[0].text == APPLICATION_GROUPS["results"]
    assert row[1].text == APPLICATION_GROUPS["denied"]


def test_table4_layout() -> None:
    table = _tables(_full("2021"))["appeals"]
    assert len(table.rows) == 4
    assert [c.text for c in table.rows[0]] == ["行政复议", "行政诉讼"]
    assert [c.colspan for c in table.rows[0]] == [5, 10]
    assert [c.rowspan for c in table.rows[1][:5]] == [2] * 5
    assert [c.text for c in table.rows[1][5:]] == ["未经复议直接起诉", "复议后起诉"]
    assert len(table.rows[2]) == 10
    paths = [c.path for c in table.rows[3]]
    assert paths[:2] == ["appeals/review/upheld", "appeals/review/corrected"]
    assert len(table.rows[3]) == 15


@pytest.mark.parametrize("template", TEMPLATES)
def test_table2_blocks(template: str) -> None:
    table = _tables(_full(template))["active"]
    captions = [row[0].text for row in table.rows if len(row) == 1]
    expected = ["（一）", "（五）", "（六）", "（八）"] + (["（九）"] if template == "2019" else [])
    assert captions == [f"第二十条第{n}项" for n in expected]
    assert all(row[0].colspan == 4 for row in table.rows if len(row) == 1)
    headers = [row for row in table.rows if row[0].text == "信息内容"]
    assert len(headers) == len(expected)
    assert all(c.header for row in headers for c in row)


def test_sections_and_narrative_in_order() -> None:
    report = AnnualReport(
        metadata=Metadata(agency="某区人民政府", year=2022),
        narrative=Narrative(overview="第一段\n第二段", problems="问题"),
    )
    blocks = layout(report)
    assert blocks[0] == Heading("某区人民政府2022年度政府信息公开工作年度报告", level=1)
    headings = [b for b in blocks if isinstance(b, Heading) and b.level == 2]
    assert [h.text for h in headings] == [label for _, label in SECTIONS]
    assert [h.key for h in headings] == [key for key, _ in SECTIONS]
    assert blocks[2:4] == [Para("第一段"), Para("第二段")]
    assert not any(isinstance(b, LayoutTable) for b in blocks)  # no tables in the report


def test_title_prefers_the_reports_own() -> None:
    meta = Metadata(agency="甲局", year=2021, title="2021年政务信息公开工作年度报告")
    assert report_title(AnnualReport(metadata=meta)) == "2021年政务信息公开工作年度报告"
    assert report_title(AnnualReport(metadata=Metadata(agency="甲局"))) is None


def test_metadata_grid() -> None:
    meta = Metadata(index_number="h726966-0801-2024-0001", published=dt.date(2024, 1, 17))
    blocks = layout(AnnualReport(metadata=meta))
    first = blocks[0]
    assert isinstance(first, LayoutTable)
    assert first.key == "metadata"
    assert [c.text for c in first.rows[0]] == [
        "索引号：",
        "h726966-0801-2024-0001",
        "发布日期：",
        "2024-01-17",
    ]
    assert not any(isinstance(b, LayoutTable) for b in layout(AnnualReport()))
    # The agency goes into the grid only where the title does not name it.
    named = Metadata(agency="甲局", year=2021)
    assert not any(isinstance(b, LayoutTable) for b in layout(AnnualReport(metadata=named)))
    unnamed = attrs.evolve(named, title="2021年政务信息公开工作年度报告")
    grid_row = layout(AnnualReport(metadata=unnamed))[0]
    assert isinstance(grid_row, LayoutTable)
    assert [c.text for c in grid_row.rows[0]] == ["发布机构：", "甲局"]


def test_absent_rows_are_left_out_and_spans_shrink() -> None:
    report = _full("2021")
    apps = attrs.evolve(report.applications, denied_state_secret=None, denied_admin_query=None, carried_over=None)
    table = _tables(attrs.evolve(report, applications=apps))["applications"]
    grid(table)  # still a rectangle
    assert _find(table, APPLICATION_GROUPS["denied"]).rowspan == 6
    assert _find(table, APPLICATION_GROUPS["results"]).rowspan == 20
    texts = {c.text for row in table.rows for c in row}
    assert "1.属于国家秘密" not in texts
    assert "二、上年结转政府信息公开申请数量" not in texts


def test_absent_table_keeps_its_heading() -> None:
    report = attrs.evolve(_full("2021"), applications=None)
    blocks = layout(report)
    assert "applications" not in {b.key for b in blocks if isinstance(b, LayoutTable)}
    assert Heading("三、收到和处理政府信息公开申请情况", key="applications") in blocks


def test_2021_report_with_single_other_row() -> None:
    report = _full("2021")
    apps = attrs.evolve(
        report.applications,
        other_no_correction=None,
        other_fee_unpaid=None,
        other_other=None,
        other=ApplicantCounts(natural_person=1, total=1),
    )
    table = _tables(attrs.evolve(report, applications=apps))["applications"]
    other = _find(table, "（六）其他处理")
    assert (other.rowspan, other.colspan) == (1, 2)
    assert _find(table, APPLICATION_GROUPS["results"]).rowspan == 20
    paths = {c.path for row in table.rows for c in row if c.path}
    assert "applications/other/natural_person" in paths
    assert not any(p.startswith("applications/other.") for p in paths)


def test_appeals_leave_out_the_columns_of_an_absent_row() -> None:
    """Blank cells would read back as a row the report does not have (found by the fuzzer)."""
    report = _full("2021")
    appeals = attrs.evolve(report.appeals, litigation_after_review=None)
    table = _tables(attrs.evolve(report, appeals=appeals))["appeals"]
    assert len(grid(table)[0]) == 10
    values = table.rows[-1]
    assert [c.path for c in values[5:10]] == [f"appeals/litigation_direct/{c.key}" for c in APPEAL_COLUMNS]


def test_appeals_with_a_gap_are_refused_not_shifted() -> None:
    report = _full("2021")
    appeals = attrs.evolve(report.appeals, litigation_direct=None)
    with pytest.raises(WriteError, match="litigation_direct"):
        _tables(attrs.evolve(report, appeals=appeals))


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (0, None, "0"),
        (-3, None, "-3"),
        (None, None, ""),
        (None, "元", ""),
        (Decimal("1032.60994"), None, "1032.60994"),
        (Decimal("0E-5"), None, "0.00000"),
        (Decimal("1E+3"), None, "1000"),
        (Decimal("251000"), "元", "251000元"),
    ],
)
def test_format_value(value: int | Decimal | None, unit: str | None, text: str) -> None:
    assert format_value(value, unit) == text


def test_procurement_unit_is_printed() -> None:
    report = set_cells(
        AnnualReport(metadata=Metadata(template="2019")),
        {"active/central_procurement/projects": 6},
    )
    active = attrs.evolve(
        report.active,
        central_procurement=Procurement(projects=6, amount=Decimal(251000), amount_unit="元"),
    )
    table = _tables(attrs.evolve(report, active=active))["active"]
    path = "active/central_procurement/amount"
    cell = next(c for row in table.rows for c in row if c.path == path)
    assert cell.text == "251000元"
    assert cell.colspan == 2


def test_grid_rejects_overlaps_and_holes() -> None:
    with pytest.raises(ValueError, match="no cell"):
        grid(LayoutTable("x", ((LayoutCell("a"), LayoutCell("b")), (LayoutCell("c"),))))
    with pytest.raises(ValueError, match="below"):
        grid(LayoutTable("x", ((LayoutCell("a", rowspan=2),),)))
