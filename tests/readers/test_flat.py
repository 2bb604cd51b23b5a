"""Tests for the reader of crawler text whose table cells lost their separators."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given

from govinfo.api import read
from govinfo.document import Location, Paragraph, Table
from govinfo.errors import ReadError
from govinfo.labels import APPEAL_COLUMNS, APPEAL_ROWS, SECTIONS, table_spec
from govinfo.model import AnnualReport
from govinfo.readers.flat import FlatTextReader, chunk_text, parse_flat_text
from govinfo.registry import Registry
from govinfo.values import format_number, parse_cell

from ..strategies import reports

SAMPLES = Path(__file__).resolve().parent.parent / "samples"

# A crawled page: the crawler's header, then the whole body on one line, cells run together.
HEADER = (
    "标题: 某县2022年度政府信息公开工作年度报告\n"
    "发布时间: 2023-01-20 09:30\n"
    "发布机构: \n"
    "本地目录: pages/2023/某县2022年度政府信息公开工作年度报告\n"
    "页面链接与图片详见 links.tsv(同目录)\n"
    "==================== 正文 ====================\n"
)
TABLE_2 = (
    "二、主动公开政府信息情况第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章000"
    "行政规范性文件8855698第二十条第（五）项信息内容本年处理决定数量行政许可10690"
    "第二十条第（六）项信息内容本年处理决定数量行政处罚2113行政强制0"
    "第二十条第（八）项信息内容本年收费金额（单位：万元）行政事业性收费9116.36"
)
TABLE_3_HEAD = (
    "三、收到和处理政府信息公开申请情况（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    "申请人情况自然人法人或其他组织总计商业 企业科研机构社会公益 组织法律服务机构其他"
)
# (label, the row's values) of table 3, 2021 format; consistent, one value each per cell.
T3_ROWS: list[tuple[str, tuple[int, ...]]] = [
    ("一、本年新收政府信息公开申请数量", (71, 3, 0, 2, 0, 1, 77)),
    ("二、上年结转政府信息公开申请数量", (1, 0, 0, 0, 0, 0, 1)),
    ("三、本年度办理结果（一）予以公开", (27, 0, 0, 2, 0, 1, 30)),
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", (8, 1, 0, 0, 0, 0, 9)),
    ("（三）不予公开1.属于国家秘密", (0,) * 7),
    ("2.其他法律行政法规禁止公开", (0,) * 7),
    ("3.危及“三安全一稳定”", (0,) * 7),
    ("4.保护第三方合法权益", (0,) * 7),
    ("5.属于三类内部事务信息", (1, 0, 0, 0, 0, 0, 1)),
    ("6.属于四类过程性信息", (2, 0, 0, 0, 0, 0, 2)),
    ("7.属于行政执法案卷", (0,) * 7),
    ("8.属于行政查询事项", (0,) * 7),
    ("（四）无法提供1.本机关不掌握相关政府信息", (32, 2, 0, 0, 0, 0, 34)),
    ("2.没有现成信息需要另行制作", (0,) * 7),
    ("3.补正后申请内容仍不明确", (0,) * 7),
    ("（五）不予处理1.信访举报投诉类申请", (0,) * 7),
    ("2.重复申请", (0,) * 7),
    ("3.要求提供公开出版物", (0,) * 7),
    ("4.无正当理由大量反复申请", (0,) * 7),
    ("5.要求行政机关确认或重新出具已获取信息", (0,) * 7),
    ("（六）其他处理1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", (0,) * 7),
    ("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", (0,) * 7),
    ("3.其他", (0, 0, 0, 0, 0, 0, 0)),
    ("（七）总计", (70, 3, 0, 2, 0, 1, 76)),
]
T4_HEAD = (
    "四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计"
    "未经复议直接起诉复议后起诉结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计"
)


def _t3_rows() -> list[tuple[str, tuple[int, ...]]]:
    """Table 3 with its last row, carried forward = received + carried over − processed."""
    rows = T3_ROWS
    new, over, total = rows[0][1], rows[1][1], rows[-1][1]
    forward = tuple(n + o - t for n, o, t in zip(new, over, total, strict=True))
    return [*rows, ("四、结转下年度继续办理", forward)]


def crawled(t3_runs: bool = True, t4: str = "10203120001200000") -> str:
    """The synthetic crawled page; ``t3_runs=False`` spaces table 3's values apart."""
    t3 = "".join(label + ("".join if t3_runs else " ".join)(str(v) for v in values) for label, values in _t3_rows())
    body = (
        "某县2022年度政府信息公开工作年度报告 根据《中华人民共和国政府信息公开条例》和《中华人民共和国政府信息公开"
        "工作年度报告格式》，某县人民政府办公室编制本报告，所列数据统计期限为2022年1月1日至2022年12月31日。"
        "一、总体情况 2022年，本县推进政务公开。"
        "全年公开信息2599条，规范性文件类信息68条，其中集中公开现行有效行政规范性文件698件，"
        "本年度制发的规范性文件88件。"
        + TABLE_2
        + TABLE_3_HEAD
        + t3
        + T4_HEAD
        + t4
        + " 五、存在的主要问题及改进情况 2022年，公开工作仍有不足。六、其他需要报告的事项 无。"
    )
    return HEADER + body + "\n"


@pytest.fixture
def reader() -> FlatTextReader:
    return FlatTextReader()


# --- chunks -------------------------------------------------------------------------------


def _chunks(text: str) -> list[tuple[str, str]]:
    return [(c.kind, c.text) for c in chunk_text(text)]


def test_chunks_alternate_text_and_numbers() -> None:
    assert _chunks("一、本年新收政府信息公开申请数量713000074二、上年结转") == [
        ("text", "一、本年新收政府信息公开申请数量"),
        ("number", "713000074"),
        ("text", "二、上年结转"),
    ]


def test_numbering_digit_belongs_to_the_following_label() -> None:
    assert _chunks("00000002.其他法律行政法规禁止公开") == [
        ("number", "0000000"),
        ("text", "2.其他法律行政法规禁止公开"),
    ]
    assert _chunks("（三）不予公开1.属于国家秘密0000000") == [
        ("text", "（三）不予公开1.属于国家秘密"),
        ("number", "0000000"),
    ]
    assert _chunks("10000013、其他") == [("number", "1000001"), ("text", "3、其他")]


def test_a_sign_starts_a_new_number() -> None:
    assert _chunks("行政处罚2648-18538行政强制") == [
        ("text", "行政处罚"),
        ("number", "2648"),
        ("number", "-18538"),
        ("text", "行政强制"),
    ]


def test_fraction_and_money_unit_stay_with_their_number() -> None:
    assert _chunks("行政事业性收费9116.36政府集中采购13575394432.52元三、收到") == [
        ("text", "行政事业性收费"),
        ("number", "9116.36"),
        ("text", "政府集中采购"),
        ("number", "13575394432.52元"),
        ("text", "三、收到"),
    ]


def test_spaces_separate_numbers_but_not_text() -> None:
    assert _chunks("总计23 0 00 0 023四、结转下年度继续办理 0 0") == [
        ("text", "总计"),
        ("number", "23"),
        ("number", "0"),
        ("number", "00"),
        ("number", "0"),
        ("number", "023"),
        ("text", "四、结转下年度继续办理"),
        ("number", "0"),
        ("number", "0"),
    ]
    assert _chunks("社会公益 组织 法律服务 机构") == [("text", "社会公益 组织 法律服务 机构")]


def test_chunk_offsets_point_into_the_text() -> None:
    text = "规章 000 规范性文件"
    for chunk in chunk_text(text):
        assert text[chunk.start : chunk.end] == chunk.text


# --- blocks -------------------------------------------------------------------------------


def test_crawler_header_gives_the_title_and_keeps_page_fields() -> None:
    blocks, title = parse_flat_text(crawled())
    assert title == "某县2022年度政府信息公开工作年度报告"
    texts = [b.text for b in blocks if isinstance(b, Paragraph)]
    assert texts[0] == "发布时间: 2023-01-20 09:30"
    assert not any(t.startswith(("标题", "本地目录", "发布机构", "页面链接", "====")) for t in texts)


def test_one_line_body_becomes_paragraphs_around_one_table() -> None:
    blocks, _ = parse_flat_text(crawled())
    kinds = [type(b).__name__ for b in blocks]
    assert kinds.count("Table") == 1
    table = next(b for b in blocks if isinstance(b, Table))
    before = [b.text for b in blocks[: blocks.index(table)] if isinstance(b, Paragraph)]
    after = [b.text for b in blocks[blocks.index(table) + 1 :] if isinstance(b, Paragraph)]
    # Prose is cut before numbered headings, and after one a space sets apart.
    assert "一、总体情况" in before
    assert any("2599条" in t for t in before)
    assert after == ["五、存在的主要问题及改进情况", "2022年，公开工作仍有不足。", "六、其他需要报告的事项", "无。"]
    cells = table.rows[0]
    assert cells[0].text.startswith("二、主动公开政府信息情况第二十条")
    assert cells[0].text.endswith("规章")
    assert cells[1].text == "000"
    assert cells[-1].text == "10203120001200000"


def test_cells_have_locations_and_numbers_are_marked_joined() -> None:
    blocks, _ = parse_flat_text(crawled())
    table = next(b for b in blocks if isinstance(b, Table))
    assert table.location == Location(line=7, table=1)
    for column, cell in enumerate(table.rows[0], start=1):
        assert cell.location == Location(line=7, table=1, row=1, column=column)
        assert cell.joined == (parse_cell(cell.text).status == "number")
        assert not cell.spanned


def test_lines_of_flattened_rows_form_one_table() -> None:
    text = (
        "三、收到和处理政府信息公开申请情况\n"
        "一、本年新收政府信息公开申请数量 713000074\n"
        "二、上年结转政府信息公开申请数量 1000001\n"
        "（一）予以公开 210000021（二）部分公开 8100009\n"
        "四、政府信息公开行政复议、行政诉讼情况\n"
    )
    blocks, title = parse_flat_text(text)
    assert title is None
    assert [type(b).__name__ for b in blocks] == ["Paragraph", "Table", "Paragraph"]
    table = blocks[1]
    assert isinstance(table, Table)
    assert [[c.text for c in row] for row in table.rows] == [
        ["一、本年新收政府信息公开申请数量", "713000074"],
        ["二、上年结转政府信息公开申请数量", "1000001"],
        ["（一）予以公开", "210000021", "（二）部分公开", "8100009"],
    ]
    assert table.rows[2][3].location == Location(line=4, table=1, row=3, column=4)


def test_prose_between_two_tables_of_a_line_stays_prose() -> None:
    text = (
        "规章000行政规范性文件123行政许可10行政处罚5。说明：全年公开信息2599条。"
        "一、本年新收政府信息公开申请数量1000001二、上年结转政府信息公开申请数量0000000\n"
    )
    blocks, _ = parse_flat_text(text)
    assert [type(b).__name__ for b in blocks] == ["Table", "Paragraph", "Table"]
    first, middle, second = blocks
    assert isinstance(first, Table)
    assert isinstance(second, Table)
    assert [c.text for c in first.rows[0]][-2:] == ["行政处罚", "5"]
    assert middle == Paragraph("说明：全年公开信息2599条。", Location(line=1))
    assert [c.location.table for c in second.rows[0]] == [2, 2, 2, 2]


def test_prose_with_numbers_is_not_a_table() -> None:
    text = "全年公开政府信息2599条，其中规范性文件68条、行政许可类信息69条。2019年共办理申请23件。\n"
    blocks, _ = parse_flat_text(text)
    assert all(isinstance(b, Paragraph) for b in blocks)


# --- sniffing and detection -----------------------------------------------------------------


def test_sniff_high_for_crawled_text(reader: FlatTextReader) -> None:
    assert reader.sniff(crawled().encode(), None) >= 0.9
    assert reader.sniff(crawled().encode("gb18030"), "page.txt") >= 0.9


@pytest.mark.parametrize("sample", ["text/pipe_fragment.txt", "tabbed/tab_fragment.txt", "html/fragment-2021.html"])
def test_sniff_zero_for_pipe_tab_and_html(reader: FlatTextReader, sample: str) -> None:
    assert reader.sniff((SAMPLES / sample).read_bytes(), sample) == 0.0


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\x00\x01\x02binary",
        "全年公开政府信息2599条，办理申请23件。".encode(),
        "一、总体情况\n本年度工作平稳推进。\n".encode(),
    ],
)
def test_sniff_zero_without_glued_numbers(reader: FlatTextReader, data: bytes) -> None:
    assert reader.sniff(data, None) == 0.0


def test_registry_picks_flat_only_for_crawled_text() -> None:
    registry = Registry(entry_points=False)
    assert registry.detect(crawled().encode(), "page.txt").name == "flat"
    assert registry.detect(crawled().encode(), None).name == "flat"
    assert registry.detect((SAMPLES / "text/pipe_fragment.txt").read_bytes(), "a.txt").name == "text"
    assert registry.detect((SAMPLES / "tabbed/tab_fragment.txt").read_bytes(), "a.txt").name == "tabbed"


def test_html_is_refused(reader: FlatTextReader) -> None:
    with pytest.raises(ReadError, match="HTML"):
        reader.read(b"<html><body><p>x</p></body></html>", name="page.txt")


def test_source_records_reader_and_encoding(reader: FlatTextReader) -> None:
    doc = reader.read(crawled().encode("gb18030"), name="page.txt")
    assert doc.source.reader == "flat"
    assert doc.source.encoding == "gb18030"
    assert doc.title == "某县2022年度政府信息公开工作年度报告"


# --- end to end: the runs are split by the tables' invariants --------------------------------


def _cells(report: AnnualReport) -> dict[str, str]:
    return {path: format_number(value) for path, value in report.cells()}


def test_crawled_report_reads_every_cell_the_arithmetic_decides() -> None:
    report = read(crawled().encode(), name="page.txt")
    cells = _cells(report)
    assert report.metadata.source.reader == "flat"
    assert report.metadata.title == "某县2022年度政府信息公开工作年度报告"
    assert report.metadata.year == 2022
    assert report.template == "2021"
    for (label, values), spec in zip(_t3_rows(), table_spec("applications").rows_for("2021"), strict=True):
        got = [cells[f"applications/{spec.key}/{c.key}"] for c in spec.columns]
        assert got == [str(v) for v in values], label
    appeals = [cells[f"appeals/{r.key}/{c.key}"] for r in APPEAL_ROWS for c in APPEAL_COLUMNS]
    assert appeals == ["1", "0", "2", "0", "3", "12", "0", "0", "0", "12", "0", "0", "0", "0", "0"]
    assert cells["active/regulations/issued"] == "0"
    assert cells["active/licensing/decisions"] == "10690"
    assert cells["active/admin_fees/amount"] == "9116.36"
    # Table 2 has no invariants: the prose pins 88 and 698, hence 55.
    assert [cells[f"active/normative_documents/{c}"] for c in ("issued", "repealed", "in_force")] == [
        "88",
        "55",
        "698",
    ]
    assert not [f for f in report.findings if f.severity == "error"]
    notes = [f for f in report.findings if f.code == "split-run"]
    assert len(notes) == 2
    provenance = {p.path: p for p in report.provenance}
    granted = provenance["applications/granted/natural_person"]
    assert granted.raw == "270020130"
    assert granted.location.table == 1


def test_undecidable_run_is_blank_with_its_candidates() -> None:
    text = crawled().replace("本年度制发的规范性文件88件", "本年度发布了一批文件")
    text = text.replace("现行有效行政规范性文件698件", "一批文件")
    report = read(text.encode(), name="page.txt")
    cells = _cells(report)
    paths = [f"active/normative_documents/{c}" for c in ("issued", "repealed", "in_force")]
    assert [cells[p] for p in paths] == ["", "", ""]
    ambiguous = [f for f in report.findings if f.code == "ambiguous-run"]
    assert len(ambiguous) == 1
    finding = ambiguous[0]
    assert finding.severity == "warning"
    assert finding.paths == tuple(paths)
    assert "88|55|698" in finding.message
    assert "8855698" in finding.message
    assert finding.location is not None
    assert finding.location.line == 7


def test_spaced_values_read_without_runs() -> None:
    report = read(crawled(t3_runs=False).encode(), name="page.txt")
    cells = _cells(report)
    assert cells["applications/new_received/total"] == "77"
    assert cells["applications/granted/research"] == "0"
    assert not any(f.code == "split-run" and "applications" in f.paths[0] for f in report.findings)


def test_table_4_run_with_no_consistent_split_is_left_blank() -> None:
    # 1+1+1+1 is not 5 however the run is cut: no total helps, only the structure is sure.
    report = read(crawled(t4="11115000000000000").encode(), name="page.txt")
    cells = _cells(report)
    review = [f"appeals/review/{c.key}" for c in APPEAL_COLUMNS]
    assert [cells[p] for p in review] == [""] * 5
    assert cells["appeals/litigation_direct/upheld"] == "0"  # every split agrees on the zeros
    finding = next(f for f in report.findings if f.code == "ambiguous-run")
    assert finding.paths == tuple(review)


# --- property: any consistent report, flattened, reads back or says why not ------------------


def flatten(report: AnnualReport) -> str:
    """Write a report the way the crawler does: one line, no cell separators."""
    values = dict(report.cells())
    template = report.template
    parts: list[str] = []
    for key, heading in SECTIONS:
        parts.append(heading)
        if key == "overview":
            parts.append(f"{report.narrative.overview}。")
        if key == "active":
            for row in table_spec("active").rows_for(template):
                parts.append("信息内容" + "".join(c.label for c in row.columns) + row.label)
                parts += [format_number(values[f"active/{row.key}/{c.key}"]) for c in row.columns]
        if key == "applications":
            parts.append(TABLE_3_HEAD)
            for row in table_spec("applications").rows_for(template):
                parts.append(row.label)
                parts += [format_number(values[f"applications/{row.key}/{c.key}"]) for c in row.columns]
        if key == "appeals":
            parts.append(T4_HEAD.removeprefix("四、政府信息公开行政复议、行政诉讼情况"))
            parts += [format_number(values[f"appeals/{r.key}/{c.key}"]) for r in APPEAL_ROWS for c in APPEAL_COLUMNS]
        if key == "problems":
            parts.append(f"{report.narrative.problems}。")
    return f"标题: {report.metadata.title}\n==== 正文 ====\n{''.join(parts)}\n"


def _number(value: Any) -> Decimal | None:
    return None if value is None else Decimal(value)


@given(reports(blanks=False))
def test_flattened_report_reads_back_or_leaves_cells_blank(report: AnnualReport) -> None:
    back = read(flatten(report).encode(), name="page.txt")
    assert back.template == report.template
    undecided = {p for f in back.findings if f.code == "ambiguous-run" for p in f.paths}
    errors = {f.code for f in back.findings if f.severity == "error"}
    assert errors <= {"ambiguous-run"}
    got = dict(back.cells())
    for path, value in report.cells():
        if path in undecided:
            assert got[path] is None, path
        else:
            assert _number(got[path]) == _number(value), path
