"""The extractor: label-anchored reading of Documents into AnnualReports."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given

from govinfo.document import Cell, Document, Location, Paragraph, Source, Table
from govinfo.errors import ReadError, UnsupportedFormatError
from govinfo.extract import extract
from govinfo.labels import APPEAL_COLUMNS, SECTIONS, table_spec
from govinfo.model import AnnualReport
from govinfo.values import format_number

from .strategies import comparable, reports

T3_HEADER = ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况"]
T3_COLUMNS = ["自然人", "法人或其他组织", "总计", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]


def para(text: str) -> Paragraph:
    return Paragraph(text)


def table(*rows: list[str]) -> Table:
    return Table(
        rows=[
            [Cell(text, Location(table=1, row=r + 1, column=c + 1)) for c, text in enumerate(row)]
            for r, row in enumerate(rows)
        ]
    )


def simple_document(report: AnnualReport) -> Document:
    """Lay a report out the simplest way: one table row per row, label then values."""
    template = report.template
    values = dict(report.cells())
    blocks: list[Paragraph | Table] = [para(report.metadata.title or "")]
    narrative = {"overview": report.narrative.overview, "problems": report.narrative.problems}
    narrative["other_matters"] = report.narrative.other_matters
    for key, heading in SECTIONS:
        blocks.append(para(heading))
        if narrative.get(key):
            blocks.append(para(narrative[key] or ""))
        if key in ("active", "applications"):
            spec = table_spec(key)
            rows: list[list[str]] = []
            if key == "applications":
                rows += [T3_HEADER, T3_COLUMNS]
            for row in spec.rows_for(template):
                if not report.has_row(key, row.key):
                    continue
                if key == "active":
                    rows.append(["信息内容", *(c.label for c in row.columns)])
                label = row.label
                rows.append([label, *(format_number(values[f"{key}/{row.key}/{c.key}"]) for c in row.columns)])
            blocks.append(table(*rows))
        if key == "appeals":
            header = ["行政复议", "行政诉讼", *[c.label for c in APPEAL_COLUMNS], "未经复议直接起诉", "复议后起诉"]
            data = [
                format_number(values[f"appeals/{r}/{c.key}"])
                for r in ("review", "litigation_direct", "litigation_after_review")
                for c in APPEAL_COLUMNS
            ]
            blocks.append(table(header, [c.label for c in APPEAL_COLUMNS] * 2, data))
    return Document(blocks=blocks)


@given(reports())
def test_simple_layout_round_trip(report: AnnualReport) -> None:
    """Any consistent report laid out label-then-values is extracted exactly, without findings."""
    extracted = extract(simple_document(report))

    assert comparable(report) == comparable(extracted)
    assert [f for f in extracted.findings if f.severity == "error"] == []


def application_row(label: str, *values: str) -> list[str]:
    return [label, *values]


def minimal_2021(*t3_rows: list[str]) -> Document:
    return Document(
        blocks=[
            para("某某区人民政府2023年度政府信息公开工作年度报告"),
            para("一、总体情况"),
            para("2023年，某某区人民政府坚持公开为常态。"),
            para("二、主动公开政府信息情况"),
            table(
                ["第二十条第（一）项"],
                ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
                ["规章", "1", "0", "5"],
            ),
            para("三、收到和处理政府信息公开申请情况"),
            table(T3_HEADER, T3_COLUMNS, *t3_rows),
        ]
    )


def test_blank_cell_keeps_its_column() -> None:
    """A blank cell is a value slot: the next number does not slide into its column."""
    doc = minimal_2021(application_row("一、本年新收政府信息公开申请数量", "", "3", "0", "0", "0", "0", "3"))

    report = extract(doc)

    assert report.get("applications/new_received/natural_person") is None
    assert report.get("applications/new_received/commercial") == 3
    assert report.get("applications/new_received/total") == 3


def test_placeholder_is_blank_with_raw_text_kept() -> None:
    """A placeholder ("/") is a blank value and the provenance keeps what the cell said."""
    doc = minimal_2021(application_row("一、本年新收政府信息公开申请数量", "/", "—", "0", "0", "0", "0", "0"))

    report = extract(doc)

    assert report.get("applications/new_received/natural_person") is None
    source = report.source_of("applications/new_received/natural_person")
    assert source is not None
    assert source.raw == "/"
    assert source.location.column == 2


def test_too_few_values_is_reported_not_shifted() -> None:
    """A short row is a finding at the row's label, and the next row keeps its own values."""
    doc = minimal_2021(
        application_row("一、本年新收政府信息公开申请数量", "1", "2"),
        application_row("二、上年结转政府信息公开申请数量", "4", "0", "0", "0", "0", "0", "4"),
    )

    report = extract(doc)

    short = [f for f in report.findings if f.code == "too-few-values"]
    assert len(short) == 1
    assert short[0].paths[0] == "applications/new_received/research"
    assert short[0].location is not None
    assert short[0].location.column == 1
    assert report.get("applications/carried_over/natural_person") == 4


def test_too_many_values_are_reported() -> None:
    """Numbers beyond a row's width are not used and are reported."""
    doc = minimal_2021(application_row("（一）予以公开", "1", "0", "0", "0", "0", "0", "1", "9"))

    report = extract(doc)

    assert [f.code for f in report.findings if f.code.startswith("too-")] == ["too-many-values"]
    assert report.get("applications/granted/total") == 1


def test_numbers_under_an_unknown_label_are_unplaced() -> None:
    """Numbers that no row label claims inside a report table are reported, not dropped."""
    doc = minimal_2021(
        application_row("（一）予以公开", "1", "0", "0", "0", "0", "0", "1"),
        application_row("（三）不予公开小计", "5", "0", "0", "0", "0", "0", "5"),
    )

    report = extract(doc)

    unplaced = [f for f in report.findings if f.code == "unplaced-value"]
    assert len(unplaced) == 1
    assert "5" in unplaced[0].message


def test_text_in_a_value_cell_is_a_bad_value() -> None:
    """Text where a number belongs keeps its column, is read as blank and is reported."""
    doc = minimal_2021(application_row("（一）予以公开", "1", "增加3个", "0", "0", "0", "0", "1"))

    report = extract(doc)

    assert report.get("applications/granted/commercial") is None
    assert report.get("applications/granted/research") == 0
    assert [f.paths[0] for f in report.findings if f.code == "bad-value"] == ["applications/granted/commercial"]


@pytest.mark.parametrize(
    ("label", "key"),
    [
        ("5.属于三类内容事务信息", "denied.internal_affairs"),
        ("（二）部分公开（区分处理的，只计这一情况，不计其他情形）", "partially_granted"),
        ("2.其他法律行政止公开", "denied.prohibited_by_law"),
        ("一、本年新收政府信息公开申请 数量", "new_received"),
        ("（三）不予公开1.属于国家秘密", "denied.state_secret"),
        ("1、属于国家秘密", "denied.state_secret"),
    ],
)
def test_label_variants_are_recognised(label: str, key: str) -> None:
    """Typos, spacing and numbering variants of spec §6 map to their row."""
    doc = minimal_2021(application_row(label, "2", "0", "0", "0", "0", "0", "2"))

    report = extract(doc)

    assert report.get(f"applications/{key}/natural_person") == 2


def test_other_sub_item_needs_its_group() -> None:
    """``3.其他`` is row other.other only under （六）其他处理."""
    doc = minimal_2021(
        [
            "（六）其他处理",
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            "0",
            "0",
            "0",
            "0",
            "0",
            "0",
            "0",
        ],
        ["3.其他", "7", "0", "0", "0", "0", "0", "7"],
    )

    report = extract(doc)

    assert report.get("applications/other.other/total") == 7


def test_single_other_row_in_2021_report() -> None:
    """A 2021 report printing （六）其他处理 as one row keeps it under ``other`` and says so."""
    doc = minimal_2021(["（六）其他处理", "2", "0", "0", "0", "0", "0", "2"])

    report = extract(doc)

    assert report.template == "2021"
    assert report.get("applications/other/total") == 2
    assert "template-mixed" in {f.code for f in report.findings}
    missing = {p for f in report.findings if f.code == "missing-row" for p in f.paths}
    assert "applications/other.other" not in missing


def test_template_2019_detected_from_table_2_headers() -> None:
    """2019 table-2 headers make a 2019 report, read with the 2019 columns."""
    doc = Document(
        blocks=[
            para("某某市人民政府办公室2019年政府信息公开工作年度报告"),
            table(
                ["第二十条第（一）项"],
                ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"],
                ["规范性文件", "60", "60", "368"],
                ["第二十条第（五）项"],
                ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
                ["行政许可", "10", "-3", "7"],
                ["第二十条第（九）项"],
                ["信息内容", "采购项目数量", "采购总金额"],
                ["政府集中采购", "6", "251000元"],
            ),
        ]
    )

    report = extract(doc)

    assert report.template == "2019"
    assert report.get("active/normative_documents/total_published") == 368
    assert report.get("active/licensing/change") == -3
    assert Decimal("251000") == report.get("active/central_procurement/amount")
    assert report.active is not None
    assert report.active.central_procurement.amount_unit == "元"  # type: ignore[union-attr]


def test_money_keeps_every_digit() -> None:
    """The 2021 fee amount is a Decimal with all its decimals."""
    doc = Document(
        blocks=[
            table(["第二十条第（八）项"], ["信息内容", "本年收费金额（单位：万元）"], ["行政事业性收费", "1032.60994"]),
        ]
    )

    report = extract(doc)

    assert Decimal("1032.60994") == report.get("active/admin_fees/amount")


def test_year_from_statistics_period_not_publication_date() -> None:
    """The report year comes from the statistics period, not the publication date."""
    doc = Document(
        blocks=[
            table(
                ["索引号:", "h726966-0801-2024-0001", "主题分类:", "综合政务"],
                ["发布机构:", "某某区商务局", "生成日期:", "2024-01-17"],
            ),
            para("本年报由总体情况等六部分组成。其统计数据截至2023年12月31日，将通过区政府信息公开平台对外公布。"),
            para("一、总体情况"),
            para("我局坚持以人民为中心。"),
        ]
    )

    report = extract(doc)

    assert report.metadata.year == 2023
    assert report.metadata.agency == "某某区商务局"
    assert report.metadata.index_number == "h726966-0801-2024-0001"
    assert str(report.metadata.published) == "2024-01-17"


def test_pre_2019_report_is_refused() -> None:
    """An old free-form report is refused clearly, never read as zeros."""
    doc = Document(
        blocks=[
            para("某某县2016年度政府信息公开工作年度报告"),
            table(["指标名称", "计量单位", "2016年度", "历年累计"], ["主动公开政府信息数", "条", "3460", "85376"]),
        ]
    )

    with pytest.raises(UnsupportedFormatError, match="pre-2019"):
        extract(doc)


def test_a_text_that_is_not_a_report_is_refused() -> None:
    """No title, no year, nothing of the form and not about disclosure: not a report (issue 8)."""
    source = Source(name="hello.txt", reader="text")
    with pytest.raises(ReadError, match="not an annual report") as caught:
        extract(Document(blocks=[para("这是一段与年报无关的文字。"), para("hello")], source=source))
    assert "hello.txt" in str(caught.value)


def test_document_without_tables_reports_missing_tables() -> None:
    """A text about disclosure with no statistical tables gives a missing-table error for each table."""
    report = extract(Document(blocks=[para("本机关政府信息公开工作情况如下。")]))

    assert [f.paths[0] for f in report.findings if f.code == "missing-table"] == ["active", "applications", "appeals"]
    assert list(report.cells()) == []


def test_blank_template_reports_no_values() -> None:
    """Labels with empty cells give blank cells and a no-values error, never zeros."""
    doc = Document(
        blocks=[table(T3_HEADER, T3_COLUMNS, application_row("一、本年新收政府信息公开申请数量", *[""] * 7))]
    )

    report = extract(doc)

    assert len(list(report.cells())) == 7
    assert all(value is None for _, value in report.cells())
    assert "no-values" in {f.code for f in report.findings}


def test_spanned_copies_are_not_read_twice() -> None:
    """A merged label's spanned copies neither start a row nor take value slots."""
    row = [
        Cell("一、本年新收政府信息公开申请数量"),
        Cell("一、本年新收政府信息公开申请数量", spanned=True),
        Cell("一、本年新收政府信息公开申请数量", spanned=True),
        *(Cell(v) for v in ("1", "0", "0", "0", "0", "0", "1")),
    ]
    doc = Document(blocks=[Table(rows=[row])])

    report = extract(doc)

    assert report.get("applications/new_received/natural_person") == 1
    assert report.get("applications/new_received/total") == 1
    assert [f for f in report.findings if f.code.startswith("too-")] == []


def test_table_4_values_follow_its_headers() -> None:
    """Table 4's unlabeled data row is read after its three header rows."""
    headers = [
        "行政复议",
        "行政诉讼",
        "结果维持",
        "结果纠正",
        "其他结果",
        "尚未审结",
        "总计",
        "未经复议直接起诉",
        "复议后起诉",
    ]
    doc = Document(blocks=[table(headers, ["", "", "", "", "", "结果维持", "总计"], [str(i) for i in range(15)])])

    report = extract(doc)

    assert report.get("appeals/review/upheld") == 0
    assert report.get("appeals/review/total") == 4
    assert report.get("appeals/litigation_after_review/total") == 14


def test_reader_notes_become_findings() -> None:
    """What a reader noticed (a wrong declared charset) is reported as a warning."""
    title = para("某某局2023年政府信息公开工作年度报告")
    report = extract(Document(blocks=[title], notes=["declared gbk but bytes are UTF-8"]))

    notes = [f for f in report.findings if f.code == "reader-note"]
    assert [f.severity for f in notes] == ["warning"]


def test_heading_run_into_its_prose_is_split_off() -> None:
    """A numbered section heading glued to its first sentence still starts its section."""
    doc = Document(
        blocks=[
            para("一、总体情况 本年度坚持公开为常态。"),
            para("五、存在的主要问题及改进情况2023年，我区将丰富意见征集形式。"),
            para("六、其他需要报告的事项无其他需要报告的事项。"),
        ]
    )

    narrative = extract(doc).narrative

    assert "本年度坚持公开为常态。" == narrative.overview
    assert "2023年，我区将丰富意见征集形式。" == narrative.problems
    assert "无其他需要报告的事项。" == narrative.other_matters


def test_page_chrome_after_the_report_is_not_narrative() -> None:
    """Link lists and footer lines after the last section are cut from the narrative."""
    doc = Document(
        blocks=[
            para("六、其他需要报告的事项"),
            para("本年度未收取信息处理费。"),
            para("某某区人民政府"),
            para("友情链接"),
            para("人民网"),
            para("新华网"),
            para("网站标识码：3590000001"),
        ]
    )

    assert "本年度未收取信息处理费。" == extract(doc).narrative.other_matters


def test_missing_rows_are_one_finding_per_table() -> None:
    """A table cut short gives one missing-row finding listing every absent row."""
    doc = minimal_2021(application_row("一、本年新收政府信息公开申请数量", "1", "0", "0", "0", "0", "0", "1"))

    missing = [f for f in extract(doc).findings if f.code == "missing-row"]

    assert ["applications"] == [f.paths[0].split("/")[0] for f in missing if f.paths[0].startswith("applications")]
    apps = next(f for f in missing if f.paths[0].startswith("applications"))
    assert 24 == len(apps.paths)
    assert "applications/carried_forward" in apps.paths


def test_labels_without_any_value_are_one_finding_per_table() -> None:
    """A page with the row labels but no numbers at all gives one error per table, not one per row."""
    doc = Document(
        blocks=[
            para("一、本年新收政府信息公开申请数量"),
            para("二、上年结转政府信息公开申请数量"),
            para("（一）予以公开"),
        ]
    )

    empty = [f for f in extract(doc).findings if f.code == "too-few-values"]

    assert 1 == len(empty)
    assert 21 == len(empty[0].paths)
    assert [] == list(extract(doc).cells())


def test_an_empty_label_column_cell_before_a_full_row_is_not_a_value() -> None:
    """Regression (002 PDF): a ruled, empty sub-item cell after （七）总计 must not shift its numbers."""
    from govinfo.document import Cell, Document, Location, Table
    from govinfo.extraction import extract as extract_document

    texts = [["三、本年度办理结果", "（七）总计", "", "95", "0", "1", "0", "0", "2", "98"]]
    rows = [[Cell(t, Location(table=1, row=1, column=c + 1)) for c, t in enumerate(row)] for row in texts]
    report = extract_document(Document(blocks=[Table(rows=rows)]))
    assert report.get("applications/results_total/natural_person") == 95
    assert report.get("applications/results_total/total") == 98
    assert not [f for f in report.findings if f.code == "too-many-values"]


def test_a_blank_first_value_is_kept_when_the_row_has_no_surplus() -> None:
    """The same leading blank is a real blank cell when the row has only its seven values."""
    from govinfo.document import Cell, Document, Location, Table
    from govinfo.extraction import extract as extract_document

    texts = [["（七）总计", "", "0", "1", "0", "0", "2", "3"]]
    rows = [[Cell(t, Location(table=1, row=1, column=c + 1)) for c, t in enumerate(row)] for row in texts]
    report = extract_document(Document(blocks=[Table(rows=rows)]))
    assert report.get("applications/results_total/natural_person") is None
    assert report.get("applications/results_total/total") == 3
