"""Tests for the HTML writer: layout details and round trips through the HTML reader."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import lxml.html
import pytest
from hypothesis import given

from govinfo.document import Document
from govinfo.extract import extract
from govinfo.labels import APPLICATIONS_NOTE, iter_cell_specs
from govinfo.model import AnnualReport, Metadata, Narrative, Procurement
from govinfo.readers.html import HtmlReader
from govinfo.registry import Registry
from govinfo.writers import write
from govinfo.writers.html import write_html, write_html_bytes
from tests.strategies import comparable, reports, set_cells

READER = HtmlReader()


def _report(cells: dict[str, object], template: str = "2021", **meta: object) -> AnnualReport:
    """A whole report of zeros (every table, every row) with ``cells`` changed."""
    year = 2022 if template == "2021" else 2020
    metadata = Metadata(
        agency="某县商务局",
        year=year,
        template=template,
        title=f"某县商务局{year}年度政府信息公开工作年度报告",
        **meta,  # type: ignore[arg-type]
    )
    zeros = {f"{t.key}/{r.key}/{c.key}": 0 for t, r, c in iter_cell_specs(template)}
    return set_cells(AnnualReport(metadata=metadata), {**zeros, **cells})


def _read_back(report: AnnualReport) -> AnnualReport:
    document = READER.read(write_html_bytes(report), name="report.html")
    assert isinstance(document, Document)
    assert document.notes == ()
    return extract(document)


def _assert_round_trip(report: AnnualReport) -> None:
    back = _read_back(report)
    assert [f for f in back.findings if f.severity == "error"] == []
    assert comparable(back) == comparable(report)


def _tree(report: AnnualReport) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(write_html_bytes(report))


# --- round trips ------------------------------------------------------------------------


@given(reports("2021"))
def test_round_trip_2021(report: AnnualReport) -> None:
    _assert_round_trip(report)


@given(reports("2019"))
def test_round_trip_2019(report: AnnualReport) -> None:
    _assert_round_trip(report)


def test_round_trip_with_unit_metadata_and_multiline_narrative() -> None:
    report = _report(
        {"active/central_procurement/projects": 6, "active/regulations/made": None},
        template="2019",
        index_number="014314799/2024-00002",
        published=dt.date(2020, 1, 31),
    )
    table2 = attrs.evolve(
        report.active,
        central_procurement=Procurement(projects=6, amount=Decimal("251000"), amount_unit="元"),
    )
    report = attrs.evolve(
        report,
        active=table2,
        narrative=Narrative(overview="第一段政府信息公开\n第二段推进标准化", problems="问题"),
    )
    html = write_html(report)
    assert "251000元" in html
    assert "索引号" in html
    _assert_round_trip(report)


def test_round_trip_of_a_2021_report_printing_the_single_other_row() -> None:
    columns = ("natural_person", "commercial", "research", "public_interest", "legal_service", "other_org", "total")
    cells = {f"applications/other/{c}": 0 for c in columns}
    report = _report(cells)
    for key in ("other_no_correction", "other_fee_unpaid", "other_other"):
        report = attrs.evolve(report, applications=attrs.evolve(report.applications, **{key: None}))
    assert "（六）其他处理" in write_html(report)
    back = _read_back(report)
    assert [f.code for f in back.findings] == ["template-mixed"]  # a warning, not an error
    assert attrs.evolve(comparable(back), findings=()) == comparable(report)


# --- layout details -----------------------------------------------------------------------


def test_page_is_utf8_and_says_so() -> None:
    data = write_html_bytes(_report({}))
    assert data.decode("utf-8").startswith("<!DOCTYPE html>")
    assert b'<meta charset="utf-8">' in data
    assert write(_report({}), "html") == data
    document = READER.read(data)
    assert (document.source.encoding, document.source.encoding_reason) == ("utf-8", "utf-8")
    assert document.title == "某县商务局2022年度政府信息公开工作年度报告"


def test_the_page_is_detected_as_html() -> None:
    registry = Registry([READER], entry_points=False)
    assert registry.detect(write_html_bytes(_report({})), None) is READER
    assert READER.sniff(write_html_bytes(_report({})), None) >= 0.9


@pytest.mark.parametrize(("template", "rows"), [("2021", 22), ("2019", 20)])
def test_table3_has_the_official_merged_cells(template: str, rows: int) -> None:
    tree = _tree(_report({}, template=template))
    results = tree.xpath("//td[text()='三、本年度办理结果']")
    assert len(results) == 1
    assert results[0].get("rowspan") == str(rows)
    corner = tree.xpath(f"//th[text()='{APPLICATIONS_NOTE}']")[0]
    assert (corner.get("rowspan"), corner.get("colspan")) == ("3", "3")
    denied = tree.xpath("//td[text()='（三）不予公开']")[0]
    assert denied.get("rowspan") == "8"
    label = tree.xpath("//td[text()='一、本年新收政府信息公开申请数量']")[0]
    assert label.get("colspan") == "3"


def test_table4_headers_and_value_paths() -> None:
    tree = _tree(_report({"appeals/review/upheld": 5}))
    group = tree.xpath("//th[text()='行政诉讼']")[0]
    assert group.get("colspan") == "10"
    assert tree.xpath("//th[text()='未经复议直接起诉']")[0].get("colspan") == "5"
    cell = tree.xpath("//td[@data-path='appeals/review/upheld']")[0]
    assert cell.text == "5"


def test_blank_values_are_empty_cells_and_text_is_escaped() -> None:
    report = attrs.evolve(
        _report({"applications/granted/research": None}),
        narrative=Narrative(overview="A<b>&C"),
    )
    html = write_html(report)
    assert '<td data-path="applications/granted/research"></td>' in html
    assert "<p>A&lt;b&gt;&amp;C</p>" in html
    document = READER.read(html.encode())
    assert "A<b>&C" in [p.text for p in document.paragraphs]
    assert _read_back(report).get("applications/granted/research") is None


def test_reader_grid_matches_the_layout() -> None:
    document = READER.read(write_html_bytes(_report({})))
    active, applications, appeals = document.tables
    assert {len(row) for row in active.rows} == {4}
    assert {len(row) for row in applications.rows} == {10}
    assert {len(row) for row in appeals.rows} == {15}
    assert len(applications.rows) == 3 + 25
    label = applications.rows[5][0]
    assert (label.text, label.spanned) == ("三、本年度办理结果", False)
    assert [row[0].spanned for row in applications.rows[5:27]] == [False] + [True] * 21
