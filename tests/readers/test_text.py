"""Tests for the pipe-delimited text reader."""

from __future__ import annotations

import codecs
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govinfo.document import Cell, Document, Location, Paragraph, Table
from govinfo.errors import ReadError
from govinfo.readers._sniff import looks_like_html
from govinfo.readers.tabbed import TabbedTextReader
from govinfo.readers.text import PipeTextReader
from govinfo.registry import Registry

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
FRAGMENT = SAMPLES / "text" / "pipe_fragment.txt"
SEEDS = ("000", "001", "002", "003")


@pytest.fixture
def reader() -> PipeTextReader:
    return PipeTextReader()


@pytest.fixture
def fragment(reader: PipeTextReader) -> Document:
    return reader.read(FRAGMENT.read_bytes(), name="pipe_fragment.txt")


def _texts(table: Table) -> list[list[str]]:
    return [[("~" if c.spanned else "") + c.text for c in row] for row in table.rows]


def test_blocks_in_order(fragment: Document) -> None:
    kinds = [type(b).__name__ for b in fragment.blocks]
    assert kinds == [
        "Table",
        "Paragraph",
        "Paragraph",
        "Paragraph",
        "Paragraph",
        "Table",
        "Paragraph",
        "Table",
        "Paragraph",
        "Paragraph",
    ]
    assert fragment.paragraphs[0] == Paragraph("某县2023年度政府信息公开工作年度报告", Location(line=3))
    # The blank line 6 is skipped; paragraph numbering follows the source lines.
    assert [p.location.line for p in fragment.paragraphs] == [3, 4, 5, 7, 17, 19, 20]


def test_metadata_grid_rows(fragment: Document) -> None:
    grid = fragment.tables[0]
    assert _texts(grid) == [
        ["索引号:", "x1-2023-0001", "主题分类:", "综合政务"],
        ["文件编号:", "有效性:", "有效", "~"],
    ]
    assert grid.rows[1][3].location == Location(line=2, table=1, row=2, column=4)


def test_padding_pipes_and_blank_cells(fragment: Document) -> None:
    table = fragment.tables[1]
    assert _texts(table) == [
        ["第二十条第(五)项", "~", "~", "~"],
        ["信息内容", "本年处理决定数量", "~", "~"],
        ["行政许可", "12", "~", "~"],
        ["行政事业性收费", ""],
        ["~", "~"],
    ]
    blank = table.rows[3][1]
    assert blank == Cell("", Location(line=15, table=2, row=4, column=2), spanned=False)
    assert table.rows[0][1].location == Location(line=9, table=2, row=1, column=2)
    assert table.location == Location(line=8, table=2)


def test_whole_row_on_one_line_keeps_inner_blank(fragment: Document) -> None:
    table = fragment.tables[2]
    assert _texts(table) == [["一、本年新收政府信息公开申请数量", "3", "", "0", "~", "~"]]
    assert [c.location.column for c in table.rows[0]] == [1, 2, 3, 4, 5, 6]
    assert {c.location.line for c in table.rows[0]} == {18}


def test_one_cell_per_line_without_padding_stays_one_row(reader: PipeTextReader) -> None:
    doc = reader.read("信息内容 |\n规章 |\n0 |\n1 |\n".encode())
    (table,) = doc.tables
    assert _texts(table) == [["信息内容", "规章", "0", "1"]]
    assert [c.location.line for c in table.rows[0]] == [1, 2, 3, 4]


def test_markdown_rows(reader: PipeTextReader) -> None:
    doc = reader.read("| 项目 | 数量 |\n|---|---|\n| 规章 | 3 |\n".encode())
    (table,) = doc.tables
    assert _texts(table) == [["项目", "数量"], ["规章", "3"]]


def test_text_without_tables_is_not_an_error(reader: PipeTextReader) -> None:
    doc = reader.read("一、总体情况\n本年度无申请。\n".encode())
    assert doc.tables == ()
    assert [p.text for p in doc.paragraphs] == ["一、总体情况", "本年度无申请。"]


@pytest.mark.parametrize(
    ("transform", "encoding", "reason"),
    [
        (lambda t: t.encode("utf-8"), "utf-8", "utf-8"),
        (lambda t: t.replace("\n", "\r\n").encode("utf-8"), "utf-8", "utf-8"),
        (lambda t: codecs.BOM_UTF8 + t.encode("utf-8"), "utf-8", "bom"),
        (lambda t: t.encode("gbk"), "gb18030", "detected"),
        (lambda t: t.replace("\n", "\r\n").encode("gb18030"), "gb18030", "detected"),
    ],
    ids=["utf8", "crlf", "bom", "gbk", "gb18030-crlf"],
)
def test_encodings_and_newlines(
    reader: PipeTextReader, transform: Callable[[str], bytes], encoding: str, reason: str
) -> None:
    text = FRAGMENT.read_text(encoding="utf-8")
    expected = reader.read(text.encode("utf-8")).blocks
    doc = reader.read(transform(text), name="x.txt")
    assert doc.blocks == expected
    assert doc.source.encoding == encoding
    assert doc.source.encoding_reason == reason
    assert doc.source.reader == "text"


def test_binary_is_a_read_error(reader: PipeTextReader) -> None:
    with pytest.raises(ReadError, match=r"scan\.bin.*binary"):
        reader.read(b"\x00\x01\x02PK\x03\x04" * 50, name="scan.bin")


@pytest.mark.parametrize(
    "data",
    [
        b"<!DOCTYPE html><html><body><table><tr><td>1</td></tr></table></body></html>",
        b"\xef\xbb\xbf  <p style='x'>\xe6\x8a\xa5\xe5\x91\x8a</p><table><tr><td>0</td></tr></table>",
    ],
)
def test_html_is_a_read_error(reader: PipeTextReader, data: bytes) -> None:
    with pytest.raises(ReadError, match=r"page\.txt.*HTML.*format='html'"):
        reader.read(data, name="page.txt")
    assert looks_like_html(data)
    assert reader.sniff(data) == 0.0


def test_narrative_mentioning_a_tag_is_not_html() -> None:
    assert not looks_like_html("一、总体情况\n见<table>说明 |\n".encode())


def test_sniff_scores(reader: PipeTextReader) -> None:
    pipe = FRAGMENT.read_bytes()
    assert reader.sniff(pipe) >= 0.8
    assert reader.sniff(b"") == 0.0
    assert reader.sniff(b"\x00\xff" * 100) == 0.0
    plain = "一、总体情况\n政府信息公开年度报告\n主动公开\n".encode()
    assert 0.0 < reader.sniff(plain) < 0.8
    tab = (SAMPLES / "tabbed" / "tab_fragment.txt").read_bytes()
    assert reader.sniff(pipe) > TabbedTextReader().sniff(pipe)
    assert reader.sniff(tab) < TabbedTextReader().sniff(tab)


@pytest.mark.parametrize(
    "data",
    [
        '{\n  "format_version": 1,\n  "metadata": {"title": "政府信息公开工作年度报告 主动公开 行政复议"}\n}',
        '\ufeff[{"table": "applications", "row": "行政复议 |"}]',
        "[]",
    ],
)
def test_json_is_not_pipe_text(reader: PipeTextReader, data: str) -> None:
    """govinfo's own JSON holds every report marker; it must not pass for a plain-text report."""
    assert reader.sniff(data.encode()) == 0.0
    assert reader.sniff(data.encode(), "report.txt") == 0.0


@given(st.binary(max_size=300))
def test_sniff_never_raises(data: bytes) -> None:
    assert 0.0 <= PipeTextReader().sniff(data, "x.txt") <= 1.0


@given(st.text(alphabet="ab |\n\t中", max_size=200))
def test_read_any_text_gives_consistent_locations(text: str) -> None:
    doc = PipeTextReader().read(text.encode("utf-8"))
    for table in doc.tables:
        for r, row in enumerate(table.rows, start=1):
            assert [c.location.column for c in row] == list(range(1, len(row) + 1))
            assert {c.location.row for c in row} == {r}
            assert {c.location.table for c in row} == {table.location.table}


def test_registry_detects_pipe_text() -> None:
    registry = Registry(entry_points=False)
    assert registry.detect(FRAGMENT.read_bytes()).name == "text"
    assert registry.detect(FRAGMENT.read_bytes(), "report.txt").name == "text"


# --- the seeds --------------------------------------------------------------------------


def _seed(corpus: Path, number: str) -> Path:
    (path,) = (corpus / "seeds").glob(f"{number}_*.txt")
    return path


@pytest.mark.parametrize("number", SEEDS)
def test_seeds_read_and_detect(corpus: Path, number: str) -> None:
    path = _seed(corpus, number)
    data = path.read_bytes()
    doc = PipeTextReader().read(data, name=path.name)
    assert len(doc.tables) >= 3
    assert PipeTextReader().sniff(data, path.name) >= 0.8
    registry = Registry(entry_points=False)
    assert registry.detect(data, path.name).name == "text"
    assert registry.detect(data).name == "text"


def test_seed_000_table3_cells(corpus: Path) -> None:
    doc = PipeTextReader().read(_seed(corpus, "000").read_bytes())
    table = doc.tables[1]
    first = [c.text for c in table.rows[0]]
    assert first[:2] == [
        "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)",
        "申请人情况",
    ]
    assert sum(c.spanned for c in table.rows[0]) == 8
    row = next(r for r in table.rows if r[0].text == "一、本年新收政府信息公开申请数量")
    assert [c.text for c in row if not c.spanned] == [
        "一、本年新收政府信息公开申请数量",
        "298",
        "3",
        "0",
        "0",
        "1",
        "0",
        "302",
    ]
    assert row[1].location.line == 66


def test_seed_001_metadata_grid(corpus: Path) -> None:
    doc = PipeTextReader().read(_seed(corpus, "001").read_bytes())
    assert isinstance(doc.blocks[0], Table)
    assert [c.text for c in doc.blocks[0].rows[1]] == [
        "发布机构:",
        "青云谱区商务局",
        "生成日期:",
        "2024-01-17",
    ]
